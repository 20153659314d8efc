// Round zero: the CV, in the debrief view. Pasted, or read from a .txt, .md or .docx file in this browser
// (the page only reads the bytes; Python decodes them: cv.check_file, then cv.read_file), kept at once in
// interview.cv {text, file_name, added_at}. Python reads its jobs and facts (cv.read); the facts ledger
// puts them first (ledger.suggest), so round-one and later answers are checked against the CV, and the
// answers that disagree with it are listed here. A CV that would replace the saved one asks first.

import * as state from "./state.js";
import { call } from "./python.js";
import { el, confirmDialog } from "./dom.js";
import { factChip, conflictWhy } from "./facts-view.js";
import { ledgerBasis, conflictActions, correctEarlier, markDistinct } from "./ledger.js";

const CV_ID = "cv"; // the ledger's question id for CV facts (roundtwo.cv.QUESTION_ID)
let root = null;    // the CV section on screen
let readTimer = null;
let flagTimer = null;
let readSeq = 0;
let flagSeq = 0;

// ---- the saved CV (tolerant: a document saved before the CV, or a damaged one, gets a blank CV) ------

function savedCv() {
  const cv = state.interview()?.cv;
  const text = (k) => (cv && typeof cv[k] === "string" ? cv[k] : "");
  return { text: text("text"), file_name: text("file_name"), added_at: text("added_at") };
}

function cvRecord() {
  const i = state.interview();
  if (!i.cv || typeof i.cv !== "object" || Array.isArray(i.cv)) i.cv = {};
  for (const k of ["text", "file_name", "added_at"]) if (typeof i.cv[k] !== "string") i.cv[k] = "";
  return i.cv;
}

function saveCv(text, fileName) {
  state.update(() => Object.assign(cvRecord(), { text, file_name: fileName, added_at: text ? new Date().toISOString() : "" }),
    state.ipath("cv"));
}

function describeSaved(cv = savedCv()) {
  const when = cv.added_at ? new Date(cv.added_at) : null;
  const day = when && !Number.isNaN(when.getTime())
    ? when.toLocaleString([], { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" }) : "";
  const from = cv.file_name ? `from “${cv.file_name}”` : "pasted";
  return day ? `${from}, ${day}` : from;
}

// ---- reading it --------------------------------------------------------------------------------

const part = (name) => root?.querySelector(`[data-cv-out="${name}"]`);

function scheduleRead(delay = 400) {
  clearTimeout(readTimer);
  readTimer = setTimeout(showRead, delay);
}

function factsOf(result, job) {
  return result.facts.filter((f) => (job === null ? !Number.isInteger(f.job) : f.job === job));
}

function jobHeading(job) {
  const words = [job.title, job.employer, job.dates].filter(Boolean).join(" · ");
  return words || "A job";
}

async function showRead() {
  const out = part("read");
  if (!out) return;
  const text = savedCv().text;
  const seq = ++readSeq;
  part("saved").textContent = text.trim() ? `Saved in this browser (${describeSaved()}).` : "";
  if (!text.trim()) {
    out.replaceChildren(el("p", { class: "muted", text: "No CV yet. Paste it above or choose its file." }));
    return;
  }
  // A read still waiting is replaced by this one (it resolves superseded, with an older seq).
  const reply = await call("cv.read", { text }, { latest: "cv.read" });
  if (seq !== readSeq || !root?.isConnected) return; // typed on since; a newer read follows
  if (!reply.ok) return out.replaceChildren(el("p", { class: "error", role: "alert", text: reply.error.message }));
  const result = reply.result;
  const chips = (facts) => (facts.length
    ? el("ul", { class: "chips" }, facts.map((f) => el("li", {}, factChip(f))))
    : el("p", { class: "muted", text: "No numbers, dates or titles found under it." }));
  const loose = factsOf(result, null);
  out.replaceChildren(
    el("p", { class: "cv-summary", text: result.summary }),
    ...result.warnings.map((w) => el("p", { class: "warn", text: w })),
    el("ol", { class: "cv-jobs", "aria-label": "Jobs in your CV" }, result.jobs.map((job, n) => el("li", { class: "cv-job" },
      el("h4", { text: jobHeading(job) }), chips(factsOf(result, n))))),
    loose.length ? el("div", { class: "cv-loose" }, el("h4", { text: "Not under a job" }), chips(loose)) : "",
  );
}

// ---- answers that disagree with it (the ledger's view, where the CV comes first) -----------------

function scheduleFlags(delay = 600) {
  clearTimeout(flagTimer);
  flagTimer = setTimeout(showFlags, delay);
}

async function showFlags() {
  const out = part("flags");
  if (!out) return;
  const seq = ++flagSeq;
  if (!savedCv().text.trim()) return out.replaceChildren();
  const { reply } = await ledgerBasis();
  if (seq !== flagSeq || !root?.isConnected) return;
  if (!reply.ok) return out.replaceChildren(el("p", { class: "error", text: reply.error.message }));
  const found = reply.result.conflicts.filter((c) => c.earlier?.question_id === CV_ID);
  if (!found.length) {
    out.replaceChildren(el("p", { class: "muted ledger-ok", text: "Your round-one answers agree with your CV so far." }));
    return;
  }
  out.replaceChildren(
    el("p", { class: "warn", text: found.length === 1 ? "One answer disagrees with your CV:" : `Your answers disagree with your CV ${found.length} times:` }),
    el("ul", { class: "flag-list", "aria-label": "Answers that disagree with your CV" }, found.map((c) => el("li", { class: "cv-flag" },
      el("span", { class: "chip conflict", text: c.message }),
      conflictWhy(c),
      conflictActions(c, { onDistinct: () => markDistinct(c), onCorrect: () => correctEarlier(c) })))),
    el("a", { href: "#ledger", text: "See both passages in the facts ledger" }));
}

state.subscribe((_doc, path) => {
  if (!root?.isConnected) return;
  if (["*", "ledger", "questions", "rounds"].includes(path) || /^interviews\.\d+\.(rounds\.0\.|rounds$|ledger|cv)/.test(path)) scheduleFlags();
});

// ---- pasting, typing and choosing a file ---------------------------------------------------------

function onType(area) {
  state.update(() => {
    const cv = cvRecord();
    cv.text = area.value;
    if (!cv.added_at && area.value) cv.added_at = new Date().toISOString();
  }, state.ipath("cv.text"));
  scheduleRead();
}

/** Pasting over the whole saved CV replaces it: ask first. Pasting into part of it is an edit. */
async function onPaste(event, area) {
  const saved = savedCv().text;
  const whole = area.selectionStart === 0 && area.selectionEnd === area.value.length;
  const pasted = event.clipboardData?.getData("text/plain") ?? "";
  if (!saved.trim() || !whole || !pasted.trim() || pasted === saved) return;
  event.preventDefault();
  if (!(await confirmDialog(`Replace the CV you saved (${describeSaved()}) with the text you pasted?`, "Replace"))) {
    area.focus();
    return;
  }
  area.value = pasted;
  saveCv(pasted, "");
  scheduleRead(0);
  area.focus();
}

function toBase64(bytes) {
  if (typeof bytes.toBase64 === "function") return bytes.toBase64();
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fileStatus(text, kind = "muted") {
  const out = part("file");
  out.className = kind;
  out.setAttribute("role", kind === "error" ? "alert" : "status");
  out.textContent = text;
}

async function chooseFile(input) {
  const file = input.files?.[0];
  if (!file) return;
  input.value = ""; // choosing the same file again reads it again
  fileStatus(`Reading “${file.name}”…`);
  const check = await call("cv.check_file", { name: file.name, size: file.size });
  if (!check.ok) return fileStatus(check.error.message, "error");
  let data;
  try {
    data = toBase64(new Uint8Array(await file.arrayBuffer()));
  } catch (err) {
    return fileStatus(`The browser could not read “${file.name}” (${err.message || err.name}). Try again, or paste your CV's text instead.`, "error");
  }
  const reply = await call("cv.read_file", { name: file.name, data });
  if (!reply.ok) return fileStatus(reply.error.message, "error");
  const saved = savedCv();
  if (saved.text.trim() && saved.text !== reply.result.text
      && !(await confirmDialog(`Replace the CV you saved (${describeSaved(saved)}) with “${file.name}”?`, "Replace"))) {
    return fileStatus(`Kept the CV you saved; “${file.name}” was not used.`);
  }
  saveCv(reply.result.text, file.name);
  root.querySelector("#cv-text").value = reply.result.text;
  fileStatus(`Read “${file.name}”: ${reply.result.jobs.length} job${reply.result.jobs.length === 1 ? "" : "s"}, ${reply.result.facts.length} fact${reply.result.facts.length === 1 ? "" : "s"}.`);
  scheduleRead(0);
}

async function removeCv() {
  if (!savedCv().text.trim()) return;
  if (!(await confirmDialog(`Remove your CV (${describeSaved()}) from this interview? Facts you locked from it stay in the ledger.`, "Remove"))) return;
  saveCv("", "");
  root.querySelector("#cv-text").value = "";
  fileStatus("");
  scheduleRead(0);
}

// ---- the section ----------------------------------------------------------------------------------

/** The "Your CV (round zero)" section, built afresh on each debrief render. */
export function cvSection() {
  const area = el("textarea", { id: "cv-text", rows: 8, spellcheck: "false",
    placeholder: "Senior Analyst, Acme Ltd, Mar 2019 – Present\n- Led a team of 8\n- Cut costs by 12%" });
  area.value = savedCv().text;
  area.addEventListener("input", () => onType(area));
  area.addEventListener("paste", (event) => onPaste(event, area));
  const file = el("input", { id: "cv-file", type: "file",
    accept: ".txt,.md,.markdown,.docx,text/plain,text/markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
  file.addEventListener("change", () => chooseFile(file));
  root = el("section", { class: "card cv", "aria-labelledby": "cv-title", dataset: { cv: "" } },
    el("h3", { id: "cv-title", text: "Your CV (round zero)" }),
    el("p", { class: "muted", text: "The CV you sent is what they read first. Paste it, or choose its file: it is read in this browser and never sent anywhere. Its jobs, dates, titles, team sizes and figures join your facts ledger before round one, so your answers are checked against it." }),
    el("div", { class: "field" }, el("label", { for: "cv-text", text: "Your CV's text" }), area,
      el("small", { class: "muted", "aria-live": "polite", dataset: { cvOut: "saved" } })),
    el("div", { class: "row cv-file" },
      el("label", { for: "cv-file", text: "Or read it from a file (.txt, .md or .docx)" }), file,
      el("button", { type: "button", class: "link danger", text: "Remove CV", onclick: removeCv })),
    el("p", { class: "muted", role: "status", "aria-live": "polite", dataset: { cvOut: "file" } }),
    el("div", { class: "cv-read", "aria-live": "polite", dataset: { cvOut: "read" } }),
    el("div", { class: "cv-flags", "aria-live": "polite", dataset: { cvOut: "flags" } }));
  scheduleRead(0);
  scheduleFlags(0);
  return root;
}
