// Step 4 · the panel. Each panelist's name, role, function and background notes; from those, Python
// (panel.matrix) proposes their likely concern with its reason, a story from the round-one debrief
// and a question to ask them. The person's choices override every suggestion. Warnings (the same story
// for everyone, a panelist with nothing) and the five-point checklist come from Python too.

import * as state from "./state.js";
import { call } from "./python.js";
import { el, confirmDialog } from "./dom.js";
import { field, fieldId, bindInputs, runner, clip, say, plural } from "./prep.js";

const MAX_PANELISTS = 30; // panel.MAX_PANELISTS

// Shown before Python answers; Python's labels replace them (data/panel.toml is the source).
const CONCERNS = [
  ["technical_rigour", "Technical rigour"],
  ["customer_impact", "Customer impact"],
  ["team_fit", "Team fit"],
  ["strategic_alignment", "Strategic alignment"],
  ["delivery", "Delivery"],
];

let section;
let schedule;
let lastRows = [];

const panelists = () => {
  const list = state.interview().panel?.panelists;
  return Array.isArray(list) ? list : [];
};
const base = (i) => state.ipath(`panel.panelists.${i}`);
const str = (v) => (typeof v === "string" ? v : "");
const displayName = (p, i) => str(p.name).trim() || str(p.role).trim() || `Panelist ${i + 1}`;

/** The round-one (and later) answers a person can tell as stories: [{id, label}]. */
function debriefStories() {
  const rounds = Array.isArray(state.interview().rounds) ? state.interview().rounds : [];
  const many = rounds.length > 1;
  const out = [];
  rounds.forEach((r, ri) => {
    (Array.isArray(r?.questions) ? r.questions : []).forEach((q, qi) => {
      if (!q || !str(q.answer).trim()) return;
      const id = str(q.id).trim() || `r${ri + 1}q${qi + 1}`;
      const text = clip(str(q.question).trim() || str(q.answer), 72);
      out.push({ id, label: many ? `${str(r.name).trim() || `Round ${ri + 1}`}: ${text}` : text });
    });
  });
  return out;
}

/** The round being prepared: one after the last round that has ended (at least the second). */
function nextRound() {
  const rounds = Array.isArray(state.interview().rounds) ? state.interview().rounds : [];
  const now = Date.now();
  const ended = rounds.filter((r) => r && r.ended_at && new Date(r.ended_at).getTime() <= now).length;
  return Math.max(2, ended + 1);
}

/** What Python gets for a panelist: an own story travels as its first line (it names the story). */
function forPython(p, i) {
  let story = str(p.story);
  if (story === "own") story = clip(str(p.story_own).split("\n").find((l) => l.trim()) || "", 200);
  return { id: str(p.id) || `p${i + 1}`, name: str(p.name), role: str(p.role), function: str(p.function),
    notes: str(p.notes), concern: str(p.concern), story, question: str(p.question) };
}

// ---- one panelist ------------------------------------------------------------------------------

function storySelect(p, i) {
  const path = `${base(i)}.story`;
  const chosen = str(p.story);
  const stories = debriefStories();
  const select = el("select", { id: fieldId(path), dataset: { path } },
    el("option", { value: "", text: "No story chosen yet" }),
    stories.length
      ? el("optgroup", { label: "Your answers from the debrief" }, stories.map((s) => el("option", { value: s.id, text: s.label })))
      : null,
    chosen && chosen !== "own" && !stories.some((s) => s.id === chosen)
      ? el("option", { value: chosen, text: "A story no longer in your debrief" }) : null,
    el("option", { value: "own", text: "My own story (write it below)" }));
  select.value = chosen;
  const own = field("Your story, in a few lines (the first line names it)", `${base(i)}.story_own`, { multiline: true, rows: 3 });
  own.hidden = chosen !== "own";
  own.dataset.ownFor = String(i);
  return el("div", { class: "field" },
    el("label", { for: select.id, text: "Story to tell them" }),
    stories.length ? null : el("small", { class: "muted", text: "Answers you write on the Debrief page appear here to choose from." }),
    select, own);
}

function concernSelect(p, i) {
  const path = `${base(i)}.concern`;
  const select = el("select", { id: fieldId(path), dataset: { path } },
    el("option", { value: "", dataset: { guess: "" }, text: "Round Two's guess" }),
    CONCERNS.map(([id, label]) => el("option", { value: id, text: label })));
  select.value = CONCERNS.some(([id]) => id === p.concern) ? p.concern : "";
  return el("div", { class: "field" }, el("label", { for: select.id, text: "Their main concern" }), select);
}

function panelistCard(p, i) {
  const b = base(i);
  const more = el("details", { class: "more-questions", dataset: { more: String(i) },
    ontoggle: (e) => { if (e.target.open) loadMore(i); } },
    el("summary", { text: "More questions for this concern" }),
    el("div", { dataset: { moreList: String(i) } }));
  return el("fieldset", { class: "card panelist", dataset: { panelist: String(i) } },
    el("legend", { dataset: { legend: String(i) }, text: displayName(p, i) }),
    el("div", { class: "grid3" },
      field("Name", `${b}.name`, { placeholder: "Dana Lee" }),
      field("Role", `${b}.role`, { placeholder: "VP Engineering" }),
      field("Function", `${b}.function`, { placeholder: "Engineering, Finance, Sales…" })),
    field("Background notes", `${b}.notes`, { multiline: true, rows: 2,
      hint: "What you know about them: from the invite, LinkedIn, or what they asked in round one." }),
    el("div", { class: "panel-concern" },
      el("div", { class: "concern-out", dataset: { concern: String(i) }, "aria-live": "polite" },
        el("p", { class: "muted", text: "Their likely concern appears here once Python is ready." })),
      concernSelect(p, i)),
    el("div", { class: "panel-pair" },
      el("div", {},
        storySelect(p, i),
        el("div", { class: "suggestion-out", dataset: { storyOut: String(i) }, "aria-live": "polite" })),
      el("div", {},
        field("Question to ask them", `${b}.question`, { multiline: true, rows: 2 }),
        el("div", { class: "suggestion-out", dataset: { questionOut: String(i) }, "aria-live": "polite" }),
        more)),
    el("div", { class: "row-warnings", dataset: { rowWarnings: String(i) }, "aria-live": "polite" }),
    el("div", { class: "card-actions" },
      el("button", { type: "button", class: "link danger", text: "Remove panelist",
        "aria-label": `Remove panelist ${i + 1}`, onclick: () => removePanelist(i) })));
}

async function removePanelist(i) {
  const p = panelists()[i] || {};
  const filled = ["name", "role", "function", "notes", "story_own", "question"].some((k) => str(p[k]).trim());
  if (filled && !(await confirmDialog(`Remove ${displayName(p, i)} and everything written for them?`))) return;
  state.update(() => panelists().splice(i, 1), "panel");
  renderCards();
}

function addPanelist() {
  if (panelists().length >= MAX_PANELISTS) {
    say(section.querySelector("[data-out=add]"), `A panel of ${MAX_PANELISTS} is the most Round Two plans for.`, "warn");
    return;
  }
  state.update(() => {
    const panel = state.interview().panel && typeof state.interview().panel === "object" ? state.interview().panel : (state.interview().panel = {});
    if (!Array.isArray(panel.panelists)) panel.panelists = [];
    panel.panelists.push({ id: state.newId("p"), name: "", role: "", function: "", notes: "", concern: "",
      story: "", story_own: "", question: "" });
  }, "panel");
  renderCards();
  const cards = section.querySelectorAll("fieldset.panelist");
  cards[cards.length - 1]?.querySelector("input")?.focus();
}

function renderCards() {
  const list = section.querySelector("[data-list=panelists]");
  const people = panelists();
  list.replaceChildren(...people.map(panelistCard));
  section.querySelector("[data-out=count]").textContent = people.length ? plural(people.length, "panelist") : "";
  schedule(0);
}

// ---- Python's answer ----------------------------------------------------------------------------

function useButton(text, onclick) {
  return el("button", { type: "button", class: "secondary small", text, onclick });
}

function setValue(path, value) {
  const input = document.getElementById(fieldId(path));
  if (input) input.value = value;
  state.set(path, value);
  schedule(0);
}

function showRow(row, i) {
  const concernBox = section.querySelector(`[data-concern="${i}"]`);
  if (!concernBox) return;
  const mine = row.concern_source === "person";
  concernBox.replaceChildren(
    el("p", { class: "concern-line" }, el("span", { class: "muted", text: "Likely concern: " }),
      el("strong", { text: row.concern_label }),
      mine ? el("span", { class: "tag", text: "your choice" }) : row.concern_source === "default" ? el("span", { class: "tag muted", text: "first guess" }) : null),
    el("p", { class: "muted small", text: row.concern_summary }),
    el("p", { class: "reason small" }, el("span", { class: "muted", text: "Why: " }), row.reason));
  const guess = section.querySelector(`#${CSS.escape(fieldId(`${base(i)}.concern`))} option[data-guess]`);
  if (guess && !mine) guess.textContent = `Round Two's guess (${row.concern_label})`;
  else if (guess) guess.textContent = "Round Two's guess";

  const storyOut = section.querySelector(`[data-story-out="${i}"]`);
  const s = row.story;
  if (s.chosen) storyOut.replaceChildren();
  else if (s.suggested) {
    storyOut.replaceChildren(el("p", { class: "suggestion" },
      el("span", { class: "muted", text: "Suggested: " }), `“${s.suggested.title}”`,
      el("span", { class: "muted small", text: ` (${s.suggested.reason})` }), " ",
      useButton("Use this story", () => {
        const path = `${base(i)}.story`;
        setValue(path, s.suggested.id);
        const own = section.querySelector(`[data-own-for="${i}"]`);
        if (own) own.hidden = true;
      })));
  } else storyOut.replaceChildren(el("p", { class: "muted small", text: `Nothing in your debrief fits this concern yet. ${s.hint}` }));

  const questionOut = section.querySelector(`[data-question-out="${i}"]`);
  const q = row.question;
  questionOut.replaceChildren(!q.chosen && q.suggested
    ? el("p", { class: "suggestion" }, el("span", { class: "muted", text: "Suggested: " }), `“${q.suggested}” `,
      useButton("Use this question", () => setValue(`${base(i)}.question`, q.suggested)))
    : "");

  section.querySelector(`[data-row-warnings="${i}"]`).replaceChildren(
    ...row.warnings.map((w) => el("p", { class: "warn", text: w.message })));
}

function showChecklist(result) {
  const { progress, checklist } = result;
  section.querySelector("[data-out=checklist]").replaceChildren(
    el("div", { class: "row progress-row" },
      el("strong", { text: "Panel checklist" }),
      el("progress", { max: progress.total, value: progress.done, "aria-label": "Panel checklist progress" }),
      el("span", { dataset: { progress: "" }, text: `${progress.done} of ${progress.total} done` })),
    el("ul", { class: "checklist" }, checklist.map((item) => el("li", { class: item.done ? "done" : "", dataset: { item: item.id, done: String(item.done) } },
      el("span", { class: "tick", "aria-hidden": "true", text: item.done ? "✓" : "○" }),
      el("span", {}, el("span", { class: "visually-hidden", text: item.done ? "Done: " : "Not yet: " }),
        el("strong", { text: item.label }),
        item.total ? el("span", { class: "muted", text: ` · ${item.count} of ${item.total}` }) : null,
        el("br"), el("span", { class: "muted small", text: item.detail }))))));
}

function showMatrix(result) {
  const people = panelists();
  const table = el("table", { class: "matrix" },
    el("caption", { class: "visually-hidden", text: "Your panel on one page" }),
    el("thead", {}, el("tr", {}, ["Panelist", "Likely concern", "Story to tell", "Question to ask"].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, result.rows.map((row, i) => {
      const p = people[i] || {};
      const story = row.story.chosen ? el("span", { text: row.story.chosen.title })
        : row.story.suggested ? el("span", { class: "muted", text: `Suggested: ${row.story.suggested.title}` })
          : el("span", { class: "muted", text: "None yet" });
      const question = row.question.chosen ? el("span", { text: row.question.chosen })
        : row.question.suggested ? el("span", { class: "muted", text: `Suggested: ${row.question.suggested}` })
          : el("span", { class: "muted", text: "None yet" });
      return el("tr", { dataset: { row: String(i) } },
        el("th", { scope: "row" }, displayName(p, i), str(p.role).trim() && str(p.name).trim() ? el("div", { class: "muted small", text: p.role }) : null),
        el("td", {}, row.concern_label, row.concern_source === "person" ? el("div", { class: "muted small", text: "your choice" }) : null),
        el("td", {}, story), el("td", {}, question));
    })));
  section.querySelector("[data-out=matrix]").replaceChildren(
    el("h3", { text: "Your panel on one page" }),
    el("p", { class: "muted small", text: "Read it the evening before. Grey entries are suggestions you have not chosen yet." }),
    el("div", { class: "table-wrap" }, table));
}

async function compute() {
  const people = panelists();
  const out = {
    warnings: section.querySelector("[data-out=warnings]"),
    matrix: section.querySelector("[data-out=matrix]"),
  };
  const reply = await call("panel.matrix", { panelists: people.map(forPython), rounds: state.interview().rounds || [], round: nextRound() });
  if (panelists() !== people || !section.isConnected) return;
  if (!reply.ok) {
    say(out.warnings, reply.error.message, "error");
    return;
  }
  const result = reply.result;
  lastRows = result.rows;
  result.rows.forEach(showRow);
  const general = result.warnings.filter((w) => !w.panelist && w.code !== "no_panelists");
  out.warnings.replaceChildren(...general.map((w) => el("p", { class: "warn", role: "status", dataset: { code: w.code }, text: w.message })));
  if (people.length) {
    showChecklist(result);
    showMatrix(result);
  } else {
    const empty = result.warnings.find((w) => w.code === "no_panelists")?.message || "";
    say(section.querySelector("[data-out=checklist]"), empty);
    out.matrix.replaceChildren();
  }
}

async function loadMore(i) {
  const box = section.querySelector(`[data-more-list="${i}"]`);
  const p = panelists()[i];
  if (!box || !p) return;
  say(box, "Finding questions…");
  const row = lastRows[i];
  const reply = await call("panel.questions_to_ask", { role: str(p.role), function: str(p.function), notes: str(p.notes),
    concern: str(p.concern) || row?.concern || "", round: nextRound(), limit: 8,
    exclude: [str(p.question)].filter(Boolean) });
  if (!reply.ok) return say(box, reply.error.message, "error");
  box.replaceChildren(el("ul", { class: "bank" }, reply.result.questions.map((q) => el("li", {},
    el("span", { text: q.text }), " ",
    useButton("Use", () => setValue(`${base(i)}.question`, q.text))))));
}

// ---- mount -------------------------------------------------------------------------------------

export function refresh() {
  lastRows = [];
  section.replaceChildren(
    el("h2", { text: "Step 4 · Prepare the panel" }),
    el("p", { class: "lede", text: "Add the people on your panel. From each role Round Two guesses what that person cares about most, suggests one of your round-one stories and a question to ask them. Change anything: your choice wins." }),
    el("div", { class: "card panel-summary" },
      el("div", { dataset: { out: "checklist" }, "aria-live": "polite" },
        el("p", { class: "muted", text: "The panel checklist appears here once Python is ready." })),
      el("div", { dataset: { out: "warnings" }, "aria-live": "polite" })),
    el("div", { class: "row" }, el("h3", { text: "Panelists" }), el("span", { class: "muted", dataset: { out: "count" } })),
    el("div", { dataset: { list: "panelists" } }),
    el("div", { class: "row" },
      el("button", { type: "button", text: "Add a panelist", onclick: addPanelist }),
      el("span", { dataset: { out: "add" }, "aria-live": "polite" })),
    el("div", { class: "out", dataset: { out: "matrix" }, "aria-live": "polite" }),
    el("div", { class: "card mock" },
      el("h3", { text: "Rehearse with the panel" }),
      el("p", { text: "Say each story out loud to the concern it is meant for, and take the follow-up questions a panel asks." }),
      el("a", { class: "button-link", href: "#practice", id: "panel-mock-link", text: "Start a panel mock on the Practice page" })),
  );
  renderCards();
}

export function mount(root) {
  section = root;
  schedule = runner(section, compute, 250);
  bindInputs(section, (path, value) => {
    const m = /\.panelists\.(\d+)\.(\w+)$/.exec(path);
    if (!m) return;
    const i = Number(m[1]);
    if (m[2] === "story") {
      const own = section.querySelector(`[data-own-for="${i}"]`);
      if (own) own.hidden = value !== "own";
    }
    if (m[2] === "name" || m[2] === "role") {
      const legend = section.querySelector(`[data-legend="${i}"]`);
      if (legend) legend.textContent = displayName(panelists()[i] || {}, i);
    }
    if (m[2] === "question") section.querySelector(`[data-more="${i}"]`)?.removeAttribute("open");
    schedule();
  });
  refresh();
  justMounted = true;
}

let justMounted = false;

export function show() {
  if (justMounted) { justMounted = false; return; } // mount() has just drawn it
  // Debrief answers may have changed since: rebuild the story choices and ask Python again.
  renderCards();
}
