// Step 2: lock in the facts. Per round-one question, the facts Python finds in the answer (suggested)
// merged with the stored ledger (interview.ledger.facts): confirm and lock, correct, add by hand, unlock,
// remove. Locked facts whose words left the answer are flagged, never dropped. Below, "Check a text":
// anything typed later is checked against the ledger, each contradiction shown with both passages, the
// frame both share and the rule that made it one, and two actions: "These are different things" (kept
// as a pair in interview.ledger.distinct, which every later check is sent, undone with "Show again") and
// "Correct my fact" (opens the earlier fact's correction here, from any view).
// The rules (matching, what is checked, how values read, pair keys) live in Python: ledger.suggest,
// ledger.make, ledger.check. This module only keeps what the person decided.

import * as state from "./state.js";
import { call, isSuperseded } from "./python.js";
import { el, confirmDialog } from "./dom.js";
import { jsIndex, highlighted, conflictWhy } from "./facts-view.js";

const DRAFT_SAVE_LIMIT = 200_000; // characters of "Check a text" kept in the browser; longer is checked, not saved
const SHOWN_CONFLICTS = 20;       // contradictions shown at once; the rest behind "Show all"
const KINDS = [
  ["count", "A number of something", "5 or five"],
  ["money", "Money", "$2M or 120000"],
  ["percent", "A percentage", "40%"],
  ["duration", "A length of time", "6 months or 2 weeks"],
  ["year", "A year", "2021"],
  ["ordinal", "A position (7th hire)", "7th"],
  ["title", "Your job title", "senior engineer"],
  ["role", "What you did", "led the migration"],
];
const STATUS_WORDS = { suggested: "Suggested", confirmed: "Locked", corrected: "Corrected · locked", added: "Added · locked" };

let section;
let view = null;        // last ledger.suggest result with the answers it read: {result, answers, error}
let editing = null;     // key of the fact being corrected
let pendingFocus = null;
let wantCorrect = null; // {key, question_id, text}: the fact "Correct my fact" asked for, opened at the next render
let pairFocus = null;   // {scope: "within" | "check", pair}: where focus goes once a flag is hidden or shown again
let renderSeq = 0;
let renderTimer = null;

// ---- what later text is checked against (shared with the debrief) -------------------------------

let basis = null; // Promise of {reply, answers}, dropped whenever round one or the ledger changes

function roundOneAnswers() {
  const questions = state.interview()?.rounds?.[0]?.questions;
  const answers = new Map();
  for (const q of Array.isArray(questions) ? questions : []) {
    if (q && typeof q.id === "string") answers.set(q.id, typeof q.answer === "string" ? q.answer : "");
  }
  const cv = state.interview()?.cv?.text; // the CV, round zero: its facts' offsets point into it
  answers.set("cv", typeof cv === "string" ? cv : "");
  return answers;
}

/** The ledger as Python reads it now (cached until round one or the ledger changes). */
export function ledgerBasis() {
  if (!basis) {
    const doc = state.getDoc();
    const answers = roundOneAnswers(); // the texts this reply's offsets point into
    const asked = call("ledger.suggest", { doc, interview: doc.current }).then((reply) => {
      if (!reply.ok && basis === asked) basis = null; // ask again next time (Python may be back)
      return { reply, answers };
    });
    basis = asked;
  }
  return basis;
}

// The key Python gave each facts list it has checked: while the ledger is unchanged, a check sends the
// key and the text, not thousands of facts, at every pause in typing. A key Python no longer holds (a
// restarted worker) is answered with "unknown_facts_key", and the facts are sent again.
const factsKeys = new WeakMap();

/** ledger.check of `text` against `facts` (a list from ledgerBasis), sending the facts only when needed.
 *  `box` names what is being checked (an answer's path): a newer check of it replaces this one while it
 *  waits, and this one resolves superseded (see python.js), so typing never leaves a backlog. */
export async function checkAgainst(facts, text, distinct, box) {
  const lane = { latest: `ledger.check ${box}` };
  const key = factsKeys.get(facts);
  if (key) {
    const reply = await call("ledger.check", { facts_key: key, text, distinct }, lane);
    if (reply.ok || reply.error?.code !== "unknown_facts_key") return reply;
    factsKeys.delete(facts);
  }
  const reply = await call("ledger.check", { facts, text, distinct, hold: true }, lane);
  if (reply.ok && typeof reply.result.facts_key === "string") factsKeys.set(facts, reply.result.facts_key);
  return reply;
}

function affectsLedger(path) {
  if (["*", "ledger", "questions", "rounds"].includes(path)) return true;
  return /^interviews\.\d+\.(rounds\.0\.|rounds$|ledger\.facts|cv)/.test(path);
}

state.subscribe((_doc, path) => {
  if (!affectsLedger(path)) return;
  basis = null;
  if (section && !section.hidden) scheduleRender();
});

// ---- showing passages --------------------------------------------------------------------------

/** Code-point offset -> JS index, fast for the common text with no characters outside the BMP. */
const offsetCache = new Map(); // the few texts on screen (answers, the checked text) -> converter
function offsets(text) {
  let fn = offsetCache.get(text);
  if (!fn) {
    fn = /[\uD800-\uDFFF]/.test(text) ? (o) => jsIndex(text, o) : (o) => (Number.isInteger(o) && o > 0 ? Math.min(o, text.length) : 0);
    if (offsetCache.size > 40) offsetCache.clear();
    offsetCache.set(text, fn);
  }
  return fn;
}

/** The words at [start, end) (Python offsets) marked, with some of the text around them. */
export function passage(text, start, end, { radius = 180, toJs = offsets(text) } = {}) {
  const a = toJs(start);
  const b = toJs(end);
  let from = Math.max(0, a - radius);
  let to = Math.min(text.length, b + radius);
  if (from > 0) { const space = text.lastIndexOf(" ", from + 20); if (space > from && space < a) from = space + 1; }
  if (from > 0 && /[\uDC00-\uDFFF]/.test(text[from])) from -= 1;
  if (to < text.length && /[\uDC00-\uDFFF]/.test(text[to])) to += 1;
  const piece = text.slice(from, to);
  const rel = [...text.slice(from, a)].length;
  const len = [...text.slice(a, b)].length;
  return el("span", { class: "passage-text" }, from > 0 ? "… " : "", highlighted(piece, rel, rel + len), to < text.length ? " …" : "");
}

function sideView(side, caption, text, toJs) {
  let body;
  if (typeof text === "string" && Number.isInteger(side.start) && Number.isInteger(side.end) && side.end > side.start) {
    body = passage(text, side.start, side.end, { toJs: toJs || offsets(text) });
  } else {
    const why = side.status === "added" ? "added by hand" : "no longer in your answer";
    body = el("span", { class: "passage-text" }, el("mark", { text: side.text || String(side.value) }), el("span", { class: "muted", text: ` (${why})` }));
  }
  return el("figure", { class: "passage" }, el("figcaption", { text: caption }), el("blockquote", {}, body));
}

function conflictCard(c, earlierText, laterText, laterCaption, laterToJs, headline = c.message, scope = "check") {
  const badge = c.earlier.locked
    ? el("span", { class: "badge locked", text: "Locked fact" })
    : el("span", { class: "badge", text: "Not locked yet" });
  const card = el("article", { class: "conflict-card", dataset: { about: c.about || "" } },
    el("p", { class: "conflict-message" }, el("strong", { text: headline }), " ", badge),
    conflictWhy(c),
    el("div", { class: "side-by-side" },
      sideView(c.earlier, `Earlier · ${c.earlier.source || "your ledger"}`, earlierText),
      sideView(c.later, laterCaption, laterText, laterToJs)),
    conflictActions(c, { onDistinct: () => markDistinct(c, { focus: scope }), onCorrect: () => correctEarlier(c) }));
  card.pair = c.pair; // for focus after "Show again"
  return card;
}

// ---- "These are different things" and "Correct my fact" (shared with the debrief) ----------------

/** The two actions under a flag. Either callback may be left out. */
export function conflictActions(c, { onDistinct, onCorrect } = {}) {
  const what = c.detail || c.message;
  return el("div", { class: "conflict-actions" },
    onDistinct && c.pair ? el("button", { type: "button", class: "secondary small", dataset: { action: "distinct" },
      text: "These are different things", "aria-label": `These are different things: ${what}`, onclick: onDistinct }) : null,
    onCorrect && c.earlier ? el("button", { type: "button", class: "secondary small", dataset: { action: "correct-earlier" },
      text: "Correct my fact", "aria-label": `Correct my fact: “${c.earlier.text || c.earlier.value}” (${c.earlier.source || "your ledger"})`,
      onclick: onCorrect }) : null);
}

function distinctList() {
  const i = state.interview();
  if (!i.ledger || typeof i.ledger !== "object" || Array.isArray(i.ledger)) i.ledger = { facts: [] };
  if (!Array.isArray(i.ledger.distinct)) i.ledger.distinct = [];
  return i.ledger.distinct;
}

const usablePair = (p) => p && typeof p === "object" && typeof p.earlier === "string" && p.earlier.trim()
  && typeof p.later === "string" && p.later.trim();
const samePair = (p, q) => (p.earlier === q.earlier && p.later === q.later) || (p.earlier === q.later && p.later === q.earlier);

/** The pairs the person said are different things, as ledger.check and friends take them. */
export function distinctPairs() {
  const list = state.interview()?.ledger?.distinct;
  return (Array.isArray(list) ? list : []).filter(usablePair);
}

/** The pairs as one string, to tell whether a result on its way back is for the pairs kept now. */
export const pairsKey = (pairs) => JSON.stringify(pairs.map((p) => [p.earlier, p.later]));

/** Keep "these are different things" for this conflict's pair; every later check leaves it out.
 *  `focus` ("within" or "check") says which list of this view to move focus to once it is hidden. */
export function markDistinct(c, { focus = null } = {}) {
  if (!usablePair(c.pair)) return;
  if (focus) pairFocus = { scope: focus, pair: c.pair };
  state.update(() => {
    const list = distinctList();
    if (list.some((p) => usablePair(p) && samePair(p, c.pair))) return;
    list.push({ earlier: c.pair.earlier, later: c.pair.later, label: c.label || "", message: c.message || c.detail || "",
      earlier_text: String(c.earlier?.text ?? ""), later_text: String(c.later?.text ?? ""), at: new Date().toISOString() });
  }, "ledger");
}

/** Undo markDistinct: the pair is flagged again wherever it meets. */
export function undoDistinct(pair, { focus = null } = {}) {
  if (focus) pairFocus = { scope: focus, pair };
  state.update(() => {
    const list = distinctList();
    for (let n = list.length - 1; n >= 0; n -= 1) if (usablePair(list[n]) && samePair(list[n], pair)) list.splice(n, 1);
  }, "ledger");
}

/** Flags hidden because the person said they are different things, each with "Show again". */
export function hiddenFlags(hidden, onShowAgain) {
  if (!hidden?.length) return null;
  const n = hidden.length;
  return el("details", { class: "hidden-flags" },
    el("summary", { text: `${n === 1 ? "1 hidden flag" : `${n} hidden flags`}: you said these are different things. Show hidden flags` }),
    el("ul", { class: "plain" }, hidden.map((c) => el("li", { dataset: { about: c.about || "" } },
      el("span", { text: c.message || c.detail || c.label || "" }), " ",
      el("button", { type: "button", class: "link", dataset: { action: "undistinct" }, text: "Show again",
        "aria-label": `Show again: ${c.message || c.detail || c.label || ""}`, onclick: () => onShowAgain(c) })))));
}

/** "Correct my fact": open the correction of a conflict's earlier fact in this view, from any view. */
export function correctEarlier(c) {
  wantCorrect = { key: c.earlier?.id ?? null, question_id: c.earlier?.question_id ?? null, text: String(c.earlier?.text ?? "") };
  if (location.hash !== "#ledger") location.hash = "#ledger"; // app.js routes, then calls show()
  else renderView();
}

function openWantedCorrection(result) {
  const want = wantCorrect;
  wantCorrect = null;
  const entries = result.groups.flatMap((g) => g.facts);
  const words = (t) => String(t ?? "").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  const entry = entries.find((e) => want.key && e.key === want.key)
    || entries.find((e) => e.question_id === want.question_id && words(e.text) === words(want.text));
  if (entry) {
    editing = entry.key;
    pendingFocus = { key: entry.key, field: true };
  } else {
    pendingFocus = { group: want.question_id ?? "" };
  }
}

// ---- the list of facts ---------------------------------------------------------------------------

function ledgerList() {
  const i = state.interview();
  if (!i.ledger || typeof i.ledger !== "object" || Array.isArray(i.ledger)) i.ledger = { facts: [] };
  if (!Array.isArray(i.ledger.facts)) i.ledger.facts = [];
  return i.ledger.facts;
}

function change(fn, focus = null) {
  pendingFocus = focus;
  state.update(() => fn(ledgerList()), "ledger");
}

function storedIndex(id) {
  return ledgerList().findIndex((f) => f && f.id === id);
}

function describe(entry) {
  return `${entry.label || entry.about || entry.kind}: ${entry.shown}`;
}

function confirmFact(entry) {
  const now = new Date().toISOString();
  change((list) => list.push({ ...entry.record, id: state.newId("lf"), locked: true, status: "confirmed", updated_at: now }),
    { key: null, after: entry.key });
}

function dismissFact(entry) {
  change((list) => list.push({ ...entry.record, id: state.newId("lf"), locked: false, status: "dismissed", updated_at: new Date().toISOString() }),
    { key: null, after: entry.key });
}

function setLocked(entry, locked) {
  change((list) => {
    const n = storedIndex(entry.id);
    if (n >= 0) Object.assign(list[n], { locked, updated_at: new Date().toISOString() });
  }, { key: entry.key, action: locked ? "unlock" : "lock" });
}

async function removeFact(entry) {
  const again = entry.in_answer && entry.status !== "added"
    ? ` It will show again as a suggestion while your answer says “${entry.text}”.` : "";
  if (!(await confirmDialog(`Remove “${describe(entry)}” from your ledger?${again}`, "Remove"))) return;
  change((list) => {
    const n = storedIndex(entry.id);
    if (n >= 0) list.splice(n, 1);
  }, { group: entry.question_id });
}

function restoreFact(entry) {
  change((list) => {
    const n = storedIndex(entry.id);
    if (n >= 0) list.splice(n, 1);
  }, { group: entry.question_id });
}

async function removeUnreadable(item) {
  if (!(await confirmDialog(`Remove this saved fact that cannot be read (${item.message})?`, "Remove"))) return;
  change((list) => {
    const n = item.id ? storedIndex(item.id) : item.index;
    if (n >= 0 && n < list.length && (item.id || String(list[n]?.text ?? "") === item.text)) list.splice(n, 1);
  });
}

async function saveCorrection(entry, form) {
  const about = form.querySelector("[name=about]").value;
  const value = form.querySelector("[name=value]").value;
  const error = form.querySelector("[data-error]");
  const stored = entry.id ? ledgerList()[storedIndex(entry.id)] : null;
  const base = stored || entry.record;
  form.querySelector("[data-action=save]").disabled = true;
  const reply = await call("ledger.make", { fact: { about, value }, base });
  form.querySelector("[data-action=save]").disabled = false;
  if (!reply.ok) {
    error.textContent = reply.error.message;
    return;
  }
  editing = null;
  const fact = { ...reply.result.fact, locked: true, status: entry.status === "added" ? "added" : "corrected", updated_at: new Date().toISOString() };
  change((list) => {
    const n = entry.id ? storedIndex(entry.id) : -1;
    if (n >= 0) list[n] = { ...fact, id: entry.id };
    else list.push({ ...fact, id: state.newId("lf") });
  }, { key: entry.id || null, after: entry.id ? null : entry.key, action: "correct" });
}

function correctForm(entry) {
  const id = `ledger-fix-${entry.key}`.replace(/[^\w-]/g, "_");
  const about = entry.kind === "title" || entry.kind === "role" ? null : el("div", { class: "field" },
    el("label", { for: `${id}-about`, text: "What it is about" }),
    el("input", { id: `${id}-about`, name: "about", autocomplete: "off", value: entry.needs_about ? "" : (entry.label || entry.about || ""),
      placeholder: "team size, budget, customers…" }));
  const form = el("form", { class: "correct-form", "aria-label": `Correct ${describe(entry)}` },
    el("div", { class: "grid2" }, about,
      el("div", { class: "field" },
        el("label", { for: `${id}-value`, text: entry.kind === "title" ? "Title" : entry.kind === "role" ? "What you did" : "Value" }),
        el("input", { id: `${id}-value`, name: "value", autocomplete: "off", value: entry.shown }))),
    el("p", { class: "error", role: "alert", dataset: { error: "" } }),
    el("div", { class: "row" },
      el("button", { type: "submit", dataset: { action: "save" }, text: "Save and lock" }),
      el("button", { type: "button", class: "secondary", dataset: { action: "cancel" }, text: "Cancel",
        onclick: () => { editing = null; pendingFocus = { key: entry.key, action: "correct" }; renderView(); } })));
  form.addEventListener("submit", (event) => { event.preventDefault(); saveCorrection(entry, form); });
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { editing = null; pendingFocus = { key: entry.key, action: "correct" }; renderView(); }
  });
  return form;
}

function actionButton(text, action, entry, onclick, cls = "secondary") {
  return el("button", { type: "button", class: cls, text, dataset: { action },
    "aria-label": `${text}: ${describe(entry)} (“${entry.text}”)`, onclick });
}

function factItem(entry, answers) {
  const stored = entry.status !== "suggested";
  const answer = answers.get(entry.question_id);
  const badge = entry.stale ? "No longer in your answer"
    : stored && !entry.locked ? "Unlocked" : STATUS_WORDS[entry.status] || entry.status;
  const notes = [];
  if (entry.stale) {
    notes.push(el("p", { class: "warn stale-note", role: "note" }, entry.orphan
      ? `The question this came from is no longer in your round-one debrief. You locked “${entry.text}”: it is still checked. Keep it, correct it, or remove it.`
      : `Your ${entry.question_id === "cv" ? "CV" : "answer"} no longer says “${entry.text}”. You locked it, so it is still checked: keep it, correct it, or remove it.`));
  }
  if (entry.needs_about) notes.push(el("p", { class: "muted", text: "Not compared with anything until you say what it counts: use Correct." }));
  if (entry.status === "added" && entry.question_id && !entry.in_answer) {
    notes.push(el("p", { class: "muted", text: "Added by hand: these words are not in your written answer." }));
  }
  if (entry.status === "corrected" && entry.in_answer) {
    notes.push(el("p", { class: "muted", text: `Corrected by you; your answer says “${entry.text}”.` }));
  }
  const words = typeof answer === "string" && entry.in_answer && Number.isInteger(entry.start)
    ? el("div", { class: "fact-context" }, passage(answer, entry.start, entry.end, { radius: 70 }))
    : el("div", { class: "fact-context" }, el("q", { text: entry.text }));
  let actions;
  if (editing === entry.key) {
    actions = correctForm(entry);
  } else if (!stored) {
    actions = el("div", { class: "fact-actions" },
      actionButton("Confirm & lock", "confirm", entry, () => confirmFact(entry), ""),
      actionButton("Correct", "correct", entry, () => startEditing(entry)),
      actionButton("Not a fact", "dismiss", entry, () => dismissFact(entry), "link"));
  } else {
    actions = el("div", { class: "fact-actions" },
      entry.locked
        ? actionButton("Unlock", "unlock", entry, () => setLocked(entry, false))
        : actionButton("Lock", "lock", entry, () => setLocked(entry, true), ""),
      actionButton("Correct", "correct", entry, () => startEditing(entry)),
      actionButton("Remove", "remove", entry, () => removeFact(entry), "link danger"));
  }
  const classes = ["ledger-fact", entry.locked ? "is-locked" : "", entry.stale ? "is-stale" : "", stored ? "" : "is-suggested"];
  return el("li", { class: classes.filter(Boolean).join(" "), dataset: { key: entry.key, status: entry.status,
    locked: String(entry.locked), stale: String(entry.stale), kind: entry.kind } },
    el("div", { class: "fact-head" },
      el("span", { class: `badge ${entry.stale ? "stale" : entry.locked ? "locked" : ""}`.trim(), text: badge }),
      el("strong", { class: "fact-label", text: entry.label || entry.about || entry.kind }),
      entry.mode_words ? el("span", { class: "muted", text: ` (${entry.mode_words})` }) : null,
      el("span", { class: "fact-value", text: entry.shown })),
    words, ...notes, actions);
}

function startEditing(entry) {
  editing = entry.key;
  pendingFocus = { key: entry.key, field: true };
  renderView();
}

function groupCard(group, answers) {
  const headingId = `ledger-g-${(group.question_id ?? "gone") || "hand"}`.replace(/[^\w-]/g, "_");
  const list = group.facts.length
    ? el("ul", { class: "ledger-facts", "aria-labelledby": headingId }, group.facts.map((f) => factItem(f, answers)))
    : el("p", { class: "muted", text: group.has_answer ? "No numbers, sizes, timeframes or titles found in this answer. Add any you said with “Add a fact by hand”."
      : "No answer written yet: write it in Step 1 (Debrief)." });
  const dismissed = group.dismissed.length ? el("details", { class: "dismissed" },
    el("summary", { text: `Marked “not a fact” (${group.dismissed.length})` }),
    el("ul", { class: "plain" }, group.dismissed.map((entry) => el("li", { dataset: { key: entry.key } },
      el("q", { text: entry.text }), " ",
      el("button", { type: "button", class: "link", dataset: { action: "restore" }, text: "Suggest it again",
        "aria-label": `Suggest “${entry.text}” again`, onclick: () => restoreFact(entry) }))))) : null;
  return el("section", { class: "card ledger-group", dataset: { group: group.question_id ?? "orphans" } },
    el("h3", { id: headingId, tabindex: "-1", text: group.label }),
    group.more ? el("p", { class: "muted", text: `Showing the first facts only; ${group.more} more in this answer are not listed.` }) : null,
    list, dismissed);
}

function withinCard(result, answers) {
  const hidden = hiddenFlags(result.hidden, (c) => undoDistinct(c.pair, { focus: "within" }));
  if (!result.conflicts.length) {
    return hidden ? el("section", { class: "card ledger-within is-settled", "aria-label": "Round-one answers you said are about different things" }, hidden) : null;
  }
  const n = result.conflicts.length;
  return el("section", { class: "card ledger-within", "aria-labelledby": "ledger-within-title" },
    el("h3", { id: "ledger-within-title", text: n === 1 ? "Your round-one answers disagree once" : `Your round-one answers disagree ${n} times` }),
    el("p", { class: "muted", text: "Settle each before round two: correct the fact you stand by and lock it, or say they are different things." }),
    result.conflicts.map((c) => conflictCard(c, answers.get(c.earlier.question_id), answers.get(c.later.question_id),
      `Later · ${c.later.source}`, null, c.detail || c.message, "within")),
    hidden);
}

/** Every pair kept as "different things", whether or not any text meets it now; each can be undone. */
function distinctCard() {
  const pairs = distinctPairs();
  if (!pairs.length) return null;
  return el("details", { class: "card distinct-pairs" },
    el("summary", { text: `Pairs you said are different things (${pairs.length})` }),
    el("p", { class: "muted", text: "These are never flagged as contradictions. Show one again to have it checked." }),
    el("ul", { class: "plain" }, pairs.map((p) => el("li", {},
      el("span", { text: p.message || `“${p.earlier_text || p.earlier}” and “${p.later_text || p.later}”` }), " ",
      el("button", { type: "button", class: "link", dataset: { action: "undistinct" }, text: "Show again",
        "aria-label": `Show again: ${p.message || p.later_text || p.later}`, onclick: () => undoDistinct(p, { focus: "within" }) })))));
}

function unreadableCard(items) {
  if (!items.length) return null;
  return el("section", { class: "card" },
    el("h3", { text: "Saved facts that cannot be read" }),
    el("p", { class: "muted", text: "They are kept as they are. Remove them if you no longer need them." }),
    el("ul", { class: "plain" }, items.map((item) => el("li", {},
      el("q", { text: item.text || "(no words)" }), " ", el("span", { class: "warn", text: item.message }), " ",
      el("button", { type: "button", class: "link danger", text: "Remove", onclick: () => removeUnreadable(item) })))));
}

/** After "These are different things" or "Show again": focus the flag shown again, else the hidden list
 *  it went to, else the list's heading or status, so keyboard and screen-reader users are not lost. */
function focusAfterPair() {
  const want = pairFocus;
  pairFocus = null;
  if (!want || !section) return;
  const scope = want.scope === "within" ? section.querySelector("[data-out=groups]") : section.querySelector("[data-out=check]");
  const same = (p) => p && ((p.earlier === want.pair.earlier && p.later === want.pair.later)
    || (p.earlier === want.pair.later && p.later === want.pair.earlier));
  const card = [...scope.querySelectorAll(".conflict-card")].find((c) => same(c.pair));
  const target = card?.querySelector("[data-action=distinct]") || scope.querySelector(".hidden-flags summary")
    || scope.querySelector(".distinct-pairs summary") || scope.querySelector("h3");
  target?.focus();
}

function restoreFocus() {
  const want = pendingFocus;
  pendingFocus = null;
  if (!want) return;
  const out = section.querySelector("[data-out=groups]");
  let target = null;
  if (want.key) {
    const item = out.querySelector(`[data-key="${CSS.escape(want.key)}"]`);
    if (item) target = want.field ? item.querySelector("input[name=value]") : (want.action && item.querySelector(`[data-action=${want.action}]`)) || item.querySelector("button");
  }
  if (!target && want.after) {
    // the next suggestion to decide on, so a person can go down the list with the keyboard
    target = out.querySelector(".ledger-fact.is-suggested [data-action=confirm]");
  }
  if (!target && want.group !== undefined) {
    target = out.querySelector(`[data-group="${CSS.escape(want.group ?? "orphans")}"] h3`) || out.querySelector("h3");
  }
  target?.focus();
}

function scheduleRender() {
  clearTimeout(renderTimer);
  renderTimer = setTimeout(renderView, 120);
}

async function renderView() {
  clearTimeout(renderTimer);
  const seq = ++renderSeq;
  const { reply, answers } = await ledgerBasis();
  if (seq !== renderSeq || !section) return;
  const summary = section.querySelector("[data-out=summary]");
  const groupsOut = section.querySelector("[data-out=groups]");
  if (!reply.ok) {
    summary.replaceChildren(el("p", { class: "error", role: "alert", text: reply.error.message }));
    return;
  }
  const result = reply.result;
  view = { result, answers };
  if (wantCorrect) openWantedCorrection(result);
  if (editing && !result.groups.some((g) => g.facts.some((f) => f.key === editing))) editing = null;
  const active = document.activeElement;
  const hadFocus = active && groupsOut.contains(active) && !pendingFocus;
  const typing = editing ? typedCorrection(groupsOut) : null; // a correction being typed survives a re-render
  summary.replaceChildren(el("p", { class: "ledger-summary-line", text: result.summary }));
  groupsOut.replaceChildren(
    withinCard(result, answers) || "",
    ...(result.groups.length ? result.groups.map((g) => groupCard(g, answers))
      : [el("p", { class: "muted", text: "No round-one questions yet. Write them in Step 1 (Debrief); their facts appear here." })]),
    unreadableCard(result.unreadable) || "",
    distinctCard() || "");
  if (typing) restoreCorrection(groupsOut, typing);
  fillQuestionChoices(result);
  restoreFocus();
  if (pairFocus?.scope === "within") focusAfterPair();
  if (hadFocus && !groupsOut.contains(document.activeElement)) groupsOut.querySelector("h3")?.focus();
  if (checkText().trim()) scheduleCheck(0);
  else showCheckIdle();
}

function typedCorrection(out) {
  const form = out.querySelector(`[data-key="${CSS.escape(editing)}"] .correct-form`);
  if (!form) return null;
  const fields = [...form.querySelectorAll("input[name]")].map((input) => [input.name, input.value]);
  return { key: editing, fields, focused: form.contains(document.activeElement) ? document.activeElement.name : null };
}

function restoreCorrection(out, typing) {
  if (typing.key !== editing) return;
  const form = out.querySelector(`[data-key="${CSS.escape(editing)}"] .correct-form`);
  if (!form) return;
  for (const [name, value] of typing.fields) {
    const input = form.querySelector(`input[name="${CSS.escape(name)}"]`);
    if (input) input.value = value;
  }
  if (typing.focused && !pendingFocus) form.querySelector(`input[name="${CSS.escape(typing.focused)}"]`)?.focus();
}

// ---- adding a fact by hand ----------------------------------------------------------------------

function fillQuestionChoices(result) {
  const select = section.querySelector("#ledger-add-question");
  const keep = select.value;
  const options = [el("option", { value: "", text: "Not tied to an answer" }),
    ...result.groups.filter((g) => g.kind === "question").map((g) => el("option", { value: g.question_id, text: g.label }))];
  select.replaceChildren(...options);
  if ([...select.options].some((o) => o.value === keep)) select.value = keep;
}

function kindChanged() {
  const kind = section.querySelector("#ledger-add-kind").value;
  const example = KINDS.find(([k]) => k === kind)?.[2] || "";
  section.querySelector("#ledger-add-value").placeholder = example;
  const about = section.querySelector("#ledger-add-about");
  const mine = kind === "title" || kind === "role";
  about.disabled = mine;
  about.placeholder = mine ? "(not needed for this kind)" : "team size, budget, customers…";
}

async function addFact(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const error = form.querySelector("[data-error]");
  const get = (id) => section.querySelector(id).value;
  const questionId = get("#ledger-add-question");
  const group = view?.result.groups.find((g) => g.question_id === questionId);
  const fact = { kind: get("#ledger-add-kind"), about: get("#ledger-add-about"), value: get("#ledger-add-value"),
    text: get("#ledger-add-text"), question_id: questionId, round_id: group?.round_id || "", source: group?.label || "" };
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  const reply = await call("ledger.make", { fact });
  button.disabled = false;
  if (!reply.ok) {
    error.textContent = reply.error.message;
    return;
  }
  error.textContent = "";
  const id = state.newId("lf");
  change((list) => list.push({ ...reply.result.fact, id, locked: true, status: "added", updated_at: new Date().toISOString() }), { key: id });
  for (const field of ["#ledger-add-about", "#ledger-add-value", "#ledger-add-text"]) section.querySelector(field).value = "";
  form.querySelector("[data-done]").textContent = `Added and locked: ${reply.result.fact.label}, ${reply.result.shown}.`;
}

function addCard() {
  const form = el("form", { class: "card ledger-add", "aria-labelledby": "ledger-add-title" },
    el("h3", { id: "ledger-add-title", text: "Add a fact by hand" }),
    el("p", { class: "muted", text: "Something you said that is not in your written answers, or that was not picked up." }),
    el("div", { class: "grid3" },
      el("div", { class: "field" }, el("label", { for: "ledger-add-kind", text: "Kind" }),
        el("select", { id: "ledger-add-kind", onchange: kindChanged }, KINDS.map(([value, text]) => el("option", { value, text })))),
      el("div", { class: "field" }, el("label", { for: "ledger-add-about", text: "What it is about" }),
        el("input", { id: "ledger-add-about", autocomplete: "off" })),
      el("div", { class: "field" }, el("label", { for: "ledger-add-value", text: "Value" }),
        el("input", { id: "ledger-add-value", autocomplete: "off" }))),
    el("div", { class: "grid2" },
      el("div", { class: "field" }, el("label", { for: "ledger-add-text", text: "The words you used (optional)" }),
        el("input", { id: "ledger-add-text", autocomplete: "off", placeholder: "a crew of six on the night shift" })),
      el("div", { class: "field" }, el("label", { for: "ledger-add-question", text: "Said in answer to" }),
        el("select", { id: "ledger-add-question" }, el("option", { value: "", text: "Not tied to an answer" })))),
    el("p", { class: "error", role: "alert", dataset: { error: "" } }),
    el("div", { class: "row" }, el("button", { type: "submit", text: "Add and lock" }),
      el("span", { class: "muted", "aria-live": "polite", dataset: { done: "" } })));
  form.addEventListener("submit", addFact);
  return form;
}

// ---- check a text ----------------------------------------------------------------------------------

let checkTimer = null;
let checking = false;
let checkAgain = false;
let busyTimer = null;
let showAll = false;

const draftPath = () => state.ipath("ledger.draft");
const checkArea = () => section.querySelector("[data-role=check-text]");
const checkText = () => checkArea()?.value ?? "";

function scheduleCheck(delay) {
  clearTimeout(checkTimer);
  const text = checkText();
  checkTimer = setTimeout(runCheck, delay ?? (text.length > 100_000 ? 800 : 300));
}

function setCheckStatus(...nodes) {
  section.querySelector("[data-out=check-status]").replaceChildren(...nodes);
}

async function showCheckIdle() {
  section.querySelector("[data-out=check-results]").replaceChildren();
  const { reply } = await ledgerBasis();
  if (checkText().trim()) return;
  setCheckStatus(el("span", { class: "muted", text: reply.ok ? reply.result.check.note : reply.error.message }));
}

async function runCheck() {
  if (checking) { checkAgain = true; return; }
  const text = checkText();
  const results = section.querySelector("[data-out=check-results]");
  if (!text.trim()) return showCheckIdle();
  checking = true;
  clearTimeout(busyTimer);
  busyTimer = setTimeout(() => setCheckStatus(el("span", { class: "muted checking", text: text.length > 100_000
    ? `Checking ${text.length.toLocaleString()} characters… this can take a few seconds; you can keep typing.` : "Checking…" })), 200);
  section.querySelector("[data-out=check]").setAttribute("aria-busy", "true");
  let reply;
  let basisNow;
  const distinct = distinctPairs();
  const pairs = pairsKey(distinct);
  try {
    basisNow = await ledgerBasis();
    reply = basisNow.reply.ok
      ? (basisNow.reply.result.check.facts.length
        ? await checkAgainst(basisNow.reply.result.check.facts, text, distinct, draftPath()) : null)
      : basisNow.reply;
  } finally {
    checking = false;
    clearTimeout(busyTimer);
    section.querySelector("[data-out=check]").removeAttribute("aria-busy");
  }
  if (checkAgain || isSuperseded(reply) || checkText() !== text || pairsKey(distinctPairs()) !== pairs) {
    checkAgain = false;
    return scheduleCheck(0);
  }
  const check = basisNow.reply.ok ? basisNow.reply.result.check : null;
  if (reply === null) {
    results.replaceChildren();
    markChecked(text);
    return setCheckStatus(el("span", { class: "muted", text: check.note }));
  }
  if (!reply.ok) {
    results.replaceChildren();
    markChecked(text);
    return setCheckStatus(el("span", { class: "error", role: "alert", text: reply.error.message }));
  }
  const found = reply.result.conflicts;
  const headline = found.length
    ? el("strong", { class: "warn", text: found.length === 1 ? "1 contradiction with your facts." : `${found.length} contradictions with your facts.` })
    : el("strong", { class: "ok", text: "No contradictions with your facts." });
  setCheckStatus(headline, " ", el("span", { class: "muted", text: check.note }),
    reply.result.truncated ? el("span", { class: "warn", text: " This text is very long: only its first part was read." }) : "");
  const toJs = offsets(text);
  const shown = showAll ? found : found.slice(0, SHOWN_CONFLICTS);
  results.replaceChildren(...shown.map((c) => conflictCard(c, basisNow.answers.get(c.earlier.question_id), text, "Now · in this text", toJs)),
    found.length > shown.length ? el("button", { type: "button", class: "secondary", text: `Show all ${found.length}`,
      onclick: () => { showAll = true; runCheck(); } }) : "",
    hiddenFlags(reply.result.hidden, (c) => undoDistinct(c.pair, { focus: "check" })) || "");
  markChecked(text);
  if (pairFocus?.scope === "check") focusAfterPair();
}

/** Which text the results on screen are for (its length) and how many checks have finished. */
function markChecked(text) {
  const box = section.querySelector("[data-out=check]");
  box.dataset.checkedLength = String(text.length);
  box.dataset.checks = String(Number(box.dataset.checks || 0) + 1);
}

function onDraftInput(area) {
  showAll = false;
  const note = section.querySelector("[data-out=draft-note]");
  if (area.value.length <= DRAFT_SAVE_LIMIT) {
    state.set(area.dataset.path, area.value);
    note.textContent = "";
  } else {
    note.textContent = `This text is long (${area.value.length.toLocaleString()} characters): it is checked, but not kept in the browser. Keep your own copy.`;
  }
  scheduleCheck();
}

function checkCard() {
  const path = draftPath();
  const id = "f-" + path.replaceAll(".", "-");
  const draft = state.get(path, "");
  const area = el("textarea", { id, rows: 7, dataset: { role: "check-text", path },
    placeholder: "Paste a round-two answer, a practice answer or a draft…", spellcheck: "true" });
  area.value = typeof draft === "string" ? draft : "";
  area.addEventListener("input", () => onDraftInput(area));
  return el("section", { class: "card ledger-check", "aria-labelledby": "ledger-check-title", dataset: { out: "check" } },
    el("h3", { id: "ledger-check-title", text: "Check a text against your facts" }),
    el("p", { class: "muted", text: "Type or paste anything you will say later: a round-two answer, a practice answer, a cover note. It is checked as you type." }),
    el("div", { class: "field" }, el("label", { for: id, text: "Text to check" }), area,
      el("small", { class: "warn", "aria-live": "polite", dataset: { out: "draft-note" } })),
    el("p", { class: "check-status", role: "status", "aria-live": "polite", dataset: { out: "check-status" } }),
    el("div", { class: "check-results", dataset: { out: "check-results" } }));
}

// ---- mount ------------------------------------------------------------------------------------------

export function refresh() {
  if (!section) return;
  editing = null;
  basis = null;
  section.replaceChildren(
    el("h2", { text: "Step 2 · Lock in the facts" }),
    el("p", { class: "lede", text: "Round two will test what you claimed in round one. Each fact found in your round-one answers is listed with the words it came from: confirm it to lock it, correct what was misread, and add what you said but did not write. Then check anything you will say later against it." }),
    el("div", { class: "ledger-summary", "aria-live": "polite", dataset: { out: "summary" } },
      el("p", { class: "muted", text: "Reading your round-one answers…" })),
    el("p", { class: "ledger-jump" }, "Jump to: ",
      el("button", { type: "button", class: "link", text: "Add a fact by hand", onclick: () => section.querySelector("#ledger-add-kind").focus() }),
      " · ",
      el("button", { type: "button", class: "link", text: "Check a text", onclick: () => checkArea().focus() })),
    el("div", { dataset: { out: "groups" } }),
    addCard(),
    checkCard());
  kindChanged();
  if (!section.hidden) renderView();
}

export function mount(root) {
  section = root;
  refresh();
}

export function show() {
  renderView();
}
