// When two versions of one field meet (another tab saved it while this tab changed it too, or it was
// typed while an older document was being upgraded) the person chooses, seeing both, in a <dialog>.
// Until they have chosen, the saved version stays in the document (merge.js) and this tab's whole
// document is kept aside in storage, so closing the tab with the question open loses neither version.

import * as state from "./state.js";
import * as store from "./store.js";
import { el, rememberFocus, restoreFocus } from "./dom.js";
import { setAt, valueAt } from "./merge.js";

let asking = Promise.resolve(); // one dialog at a time: conflicts found meanwhile wait their turn
let asked = 0;

/**
 * Ask about conflicts (mergeDocs's) and apply what the person picks; mineDoc is this side's document.
 * labels: {title, intro, mine, theirs}, the dialog's words. Resolves once applied.
 */
export function resolveConflicts(conflicts, mineDoc, labels) {
  const asideKey = store.keepAside(JSON.stringify(mineDoc));
  const place = rememberFocus(); // the field being typed in, to come back to once chosen
  asking = asking.then(() => choose(conflicts, labels)).then((picks) => {
    restoreFocus(place);
    const keepMine = conflicts.filter((_, i) => picks[i] === "mine");
    if (keepMine.length) state.update((doc) => keepMine.forEach((c) => setAt(doc, c.path, c.mine)));
    if (asideKey) store.removeAside(asideKey);
  });
  return asking;
}

function choose(conflicts, labels) {
  const turn = ++asked;
  const form = el("form", { method: "dialog" },
    el("h2", { id: `versions-title-${turn}`, text: labels.title }),
    el("p", { text: labels.intro }),
    conflicts.map((c, i) => el("fieldset", { class: "version-choice" },
      el("legend", { text: describe(c.path) }),
      option(`pick-${turn}-${i}`, "mine", labels.mine, c.mine),
      option(`pick-${turn}-${i}`, "theirs", labels.theirs, c.theirs))),
    el("menu", {}, el("button", { type: "submit", text: conflicts.length === 1 ? "Keep this version" : "Keep these versions" })));
  const dialog = el("dialog", { class: "versions", "aria-labelledby": `versions-title-${turn}` }, form);
  // Escape would leave the question unanswered; nothing is lost while it waits, so it stays open.
  dialog.addEventListener("cancel", (event) => event.preventDefault());
  document.body.append(dialog);
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      const picks = conflicts.map((_, i) => form.elements[`pick-${turn}-${i}`].value);
      dialog.remove();
      resolve(picks);
    }, { once: true });
  });
}

function option(name, side, label, value) {
  const id = `${name}-${side}`;
  return el("div", { class: "version" },
    el("input", { type: "radio", name, id, value: side, required: true }),
    el("label", { for: id }, el("span", { text: label }), el("span", { class: "version-text", text: shown(value) })));
}

function shown(value) {
  if (value === undefined) return "(deleted)";
  if (value === "") return "(empty)";
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return JSON.stringify(value, null, 1);
}

// ---- where the field is, in the person's words --------------------------------------------------

const FIELDS = {
  company: "Company", role: "Role", candidate_name: "Your name", next_round_at: "Next interview",
  news_expected_by: "Hear back by", name: "Name", ended_at: "When it ended", interviewers: "Interviewers",
  question: "The question", answer: "Your answer", notes: "Notes", weak: "A weak moment", weak_note: "What went wrong",
  pushback: "Pushed back on",
};
const humanise = (key) => FIELDS[key] || key.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());

// An interview is named by its company and role, leaving out the one in question (`field`): that one
// differs between the two versions.
function itemName(listKey, item, n, field) {
  if (listKey === "interviews") {
    const name = ["company", "role"].filter((k) => k !== field).map((k) => String(item?.[k] || "").trim()).filter(Boolean).join(" · ");
    return `Interview ${n + 1}${name ? ` (${name})` : ""}`;
  }
  if (listKey === "rounds") return String(item?.name || "").trim() || `Round ${n + 1}`;
  if (listKey === "questions") return `Question ${n + 1}`;
  return `${humanise(listKey)} ${n + 1}`;
}

/** "Interview 1 (Acme · EM) › Round one › Question 2 › Your answer" for a conflict's path. */
function describe(path) {
  const parts = [];
  path.forEach((step, i) => {
    if (typeof step === "string") {
      if (typeof path[i + 1] !== "object") parts.push(humanise(step)); // a list is named by its item
      return;
    }
    const list = valueAt(state.getDoc(), path.slice(0, i));
    const n = Array.isArray(list) ? list.findIndex((item) => item && item.id === step.id) : -1;
    parts.push(n >= 0 ? itemName(path[i - 1], list[n], n, path.at(-1)) : humanise(String(path[i - 1] || "item")));
  });
  return parts.join(" › ");
}
