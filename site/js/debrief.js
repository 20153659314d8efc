// Step 1: debrief each round within 24 hours. Per round: when it ended (the 24-hour window starts
// then), who interviewed, and every question with the core of the answer, a weak-moment mark and the
// topics pushed back on. Facts in each answer are shown as they are typed (Python extracts them).

import * as state from "./state.js";
import { call, isSuperseded } from "./python.js";
import { el, setSafeHTML, confirmDialog, download } from "./dom.js";
import { factChip, localOffset, conflictWhy } from "./facts-view.js";
import { ledgerBasis, checkAgainst, conflictActions, correctEarlier, distinctPairs, hiddenFlags, markDistinct, pairsKey, undoDistinct } from "./ledger.js";
import { cvSection } from "./cv.js";

let section;
const factTimers = new Map();
let laterTimer = null;
const flagFocus = new Map(); // answer path -> the pair whose flag was just hidden or shown again

function field(label, path, { multiline = false, type = "text", rows = 3, placeholder = "", hint = "" } = {}) {
  const id = "f-" + path.replaceAll(".", "-");
  const input = multiline
    ? el("textarea", { id, rows, placeholder, dataset: { path } })
    : el("input", { id, type, placeholder, dataset: { path }, autocomplete: "off" });
  input.value = state.get(path, "");
  return el("div", { class: "field" }, el("label", { for: id, text: label }),
    hint ? el("small", { class: "muted", text: hint }) : null, input);
}

function checkbox(label, path) {
  const id = "f-" + path.replaceAll(".", "-");
  const input = el("input", { id, type: "checkbox", dataset: { path, type: "bool" } });
  input.checked = Boolean(state.get(path, false));
  return el("div", { class: "inline" }, input, el("label", { for: id, text: label }));
}

// ---- facts under each answer, as typed ---------------------------------------------------------

function showFacts(path) {
  checkAgainstLedger(path);
  const box = section.querySelector(`[data-facts-for="${CSS.escape(path)}"]`);
  if (!box) return;
  const text = state.get(path, "");
  if (!text.trim()) return box.replaceChildren();
  call("facts.extract", { text }, { latest: `facts.extract ${path}` }).then((reply) => {
    if (isSuperseded(reply) || state.get(path, "") !== text) return; // typed on since; a newer call follows
    if (!reply.ok) return box.replaceChildren(el("p", { class: "error", text: reply.error.message }));
    const facts = reply.result.facts;
    box.replaceChildren(facts.length
      ? el("ul", { class: "chips", "aria-label": "Facts found in this answer" }, facts.map((f) => el("li", {}, factChip(f))))
      : el("p", { class: "muted", text: "No numbers, sizes or timeframes found yet." }));
  });
}

// ---- answers of later rounds against the facts ledger (Step 2), as typed --------------------------

const laterRound = (path) => /\.rounds\.([1-9]\d*)\.questions\.\d+\.answer$/.test(path);

async function checkAgainstLedger(path) {
  const box = section.querySelector(`[data-conflicts-for="${CSS.escape(path)}"]`);
  if (!box || !laterRound(path)) return;
  const text = state.get(path, "");
  if (!text.trim()) return box.replaceChildren();
  const { reply: basis } = await ledgerBasis();
  if (state.get(path, "") !== text) return; // typed on since; a newer check follows
  if (!basis.ok) return box.replaceChildren(el("p", { class: "error", text: basis.error.message }));
  const check = basis.result.check;
  if (!check.facts.length) return box.replaceChildren();
  const distinct = distinctPairs();
  const pairs = pairsKey(distinct);
  const reply = await checkAgainst(check.facts, text, distinct, path);
  if (isSuperseded(reply) || state.get(path, "") !== text || pairsKey(distinctPairs()) !== pairs) {
    return; // typed on, or a pair was kept or undone since: a newer check follows
  }
  if (!reply.ok) return box.replaceChildren(el("p", { class: "error", text: reply.error.message }));
  const found = reply.result.conflicts;
  // every later answer is checked again: the same pair may be flagged under another one
  const hide = (c) => { flagFocus.set(path, c.pair); markDistinct(c); checkLaterRounds(); };
  const showAgain = (c) => { flagFocus.set(path, c.pair); undoDistinct(c.pair); checkLaterRounds(); };
  const hidden = hiddenFlags(reply.result.hidden, showAgain);
  box.replaceChildren(...(found.length ? [
    el("p", { class: "warn", text: found.length === 1 ? "This contradicts what you said in round one:" : `This contradicts what you said in round one (${found.length}):` }),
    el("ul", { class: "flag-list", "aria-label": "Contradictions with your facts ledger" }, found.map((c) => {
      const item = el("li", { class: "ledger-flag" },
        el("span", { class: "chip conflict", title: `${c.earlier.locked ? "Locked" : "Not locked yet"}: ${c.earlier.source || "your ledger"}` },
          c.message, " ", el("small", { class: "muted", text: `(${c.earlier.source || "your ledger"})` })),
        conflictWhy(c),
        conflictActions(c, { onDistinct: () => hide(c), onCorrect: () => correctEarlier(c) }));
      item.pair = c.pair;
      return item;
    })),
    el("a", { href: "#ledger", text: "See both passages in the facts ledger" }),
  ] : [el("p", { class: "muted ledger-ok", text: "Consistent with your round-one facts." })]), hidden || "");
  focusFlag(path, box);
}

/** After "These are different things" or "Show again": the flag shown again, else the hidden list. */
function focusFlag(path, box) {
  const pair = flagFocus.get(path);
  if (!pair) return;
  flagFocus.delete(path);
  const same = (p) => p && ((p.earlier === pair.earlier && p.later === pair.later) || (p.earlier === pair.later && p.later === pair.earlier));
  const item = [...box.querySelectorAll(".ledger-flag")].find((li) => same(li.pair));
  (item?.querySelector("[data-action=distinct]") || box.querySelector(".hidden-flags summary"))?.focus();
}

function checkLaterRounds() {
  for (const box of section.querySelectorAll("[data-conflicts-for]")) checkAgainstLedger(box.dataset.conflictsFor);
}

function scheduleLaterRounds() {
  clearTimeout(laterTimer);
  laterTimer = setTimeout(checkLaterRounds, 600);
}

function scheduleFacts(path) {
  clearTimeout(factTimers.get(path));
  factTimers.set(path, setTimeout(() => showFacts(path), 300));
}

// ---- the 24-hour debrief window ----------------------------------------------------------------

function describeLeft(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h ? `${h} h ${m} min` : `${m} min`;
}

async function showWindow(roundIndex) {
  const box = section.querySelector(`[data-window="${roundIndex}"]`);
  if (!box) return;
  const endedAt = state.get(state.ipath(`rounds.${roundIndex}.ended_at`), "");
  if (!endedAt) {
    return box.replaceChildren(el("span", { class: "muted", text: "Enter when the round ended to start the 24-hour debrief window." }));
  }
  const reply = await call("plan.debrief_window", { ended_at: endedAt, now: new Date().toISOString(), utc_offset_minutes: localOffset(endedAt) });
  if (!reply.ok) return box.replaceChildren(el("span", { class: "error", text: reply.error.message }));
  const w = reply.result;
  const deadline = new Date(w.deadline);
  const when = deadline.toLocaleString([], { weekday: "short", hour: "2-digit", minute: "2-digit", day: "numeric", month: "short" });
  const text = w.state === "missed"
    ? `The 24-hour window closed ${when}. Debrief now anyway: what you still remember is worth writing down.`
    : `${describeLeft(w.seconds_left)} left to debrief (until ${when}).${w.state === "closing" ? " Closing soon." : ""}`;
  box.replaceChildren(
    el("span", { class: `window window-${w.state}`, dataset: { state: w.state }, role: "timer", text }),
    w.state === "missed" ? null : el("button", { type: "button", class: "link", text: "Add a reminder to my calendar (.ics)",
      onclick: () => reminder(roundIndex) }));
}

async function reminder(roundIndex) {
  const r = state.get(state.ipath(`rounds.${roundIndex}`), {});
  const reply = await call("plan.reminder_ics", { ended_at: r.ended_at, now: new Date().toISOString(),
    utc_offset_minutes: localOffset(r.ended_at), name: r.name || `Round ${roundIndex + 1}`, company: state.interview().company || "" });
  if (reply.ok) download(reply.result.filename, reply.result.ics, "text/calendar");
}

function showAllWindows() {
  (state.interview().rounds || []).forEach((_, i) => showWindow(i));
}

// ---- rounds and questions ----------------------------------------------------------------------

function questionCard(q, roundIndex, index) {
  const base = state.ipath(`rounds.${roundIndex}.questions.${index}`);
  const remove = el("button", {
    type: "button", class: "link danger", text: "Remove question",
    "aria-label": `Remove question ${index + 1}`,
    onclick: async () => {
      const filled = [q.question, q.answer, q.notes, q.weak_note, q.pushback].some((t) => t && String(t).trim());
      if (filled && !(await confirmDialog(`Remove question ${index + 1} and everything written for it?`))) return;
      state.update((doc) => state.get(state.ipath(`rounds.${roundIndex}.questions`)).splice(index, 1), "questions");
      renderRounds();
    },
  });
  const weakNote = field("What went wrong, in a line", `${base}.weak_note`);
  weakNote.hidden = !q.weak;
  weakNote.dataset.weakNote = base;
  return el("fieldset", { class: "card question", dataset: { index } },
    el("legend", { text: `Question ${index + 1}` }),
    field("The question, as close to verbatim as you recall", `${base}.question`, { multiline: true, rows: 2 }),
    field("The core of your answer: examples, numbers, team sizes, timeframes", `${base}.answer`, { multiline: true, rows: 5 }),
    el("div", { dataset: { factsFor: `${base}.answer` }, "aria-live": "polite" }),
    roundIndex > 0 ? el("div", { class: "ledger-flags", dataset: { conflictsFor: `${base}.answer` }, "aria-live": "polite" }) : null,
    checkbox("This was a weak moment", `${base}.weak`),
    weakNote,
    field("Topics the interviewer pushed back on or followed up (comma-separated)", `${base}.pushback`),
    field("Notes", `${base}.notes`, { multiline: true, rows: 2 }),
    el("div", { class: "card-actions" }, remove),
  );
}

function roundCard(r, roundIndex) {
  const base = state.ipath(`rounds.${roundIndex}`);
  const questions = Array.isArray(r.questions) ? r.questions : [];
  return el("fieldset", { class: "card round", dataset: { round: roundIndex } },
    el("legend", { text: r.name || `Round ${roundIndex + 1}` }),
    el("div", { class: "grid3" },
      field("Round name", `${base}.name`, { placeholder: "Round one" }),
      field("When it ended", `${base}.ended_at`, { type: "datetime-local" }),
      field("Interviewers (names and roles)", `${base}.interviewers`, { placeholder: "Dana Lee (Eng Director), Sam Ortiz (PM)" })),
    el("p", { dataset: { window: roundIndex }, "aria-live": "polite" }),
    el("div", { class: "row" }, el("h4", { text: "Questions asked" }),
      el("span", { class: "muted", text: questions.length === 1 ? "1 question" : `${questions.length} questions` })),
    questions.map((q, i) => questionCard(q, roundIndex, i)),
    el("div", { class: "row" },
      el("button", { type: "button", text: "Add a question", onclick: () => addQuestion(roundIndex) }),
      el("button", { type: "button", class: "link danger", text: "Remove this round", onclick: async () => {
        if ((questions.length || r.ended_at || r.interviewers) &&
            !(await confirmDialog(`Remove ${r.name || `round ${roundIndex + 1}`} and its ${questions.length} questions?`))) return;
        state.update(() => state.interview().rounds.splice(roundIndex, 1), "rounds");
        renderRounds();
      } })),
  );
}

function renderRounds() {
  const list = section.querySelector("[data-list=rounds]");
  const rounds = state.interview().rounds || [];
  list.replaceChildren(...rounds.map(roundCard));
  for (const box of section.querySelectorAll("[data-facts-for]")) showFacts(box.dataset.factsFor);
  showAllWindows();
}

function addQuestion(roundIndex) {
  state.update(() => {
    const r = state.interview().rounds[roundIndex];
    if (!Array.isArray(r.questions)) r.questions = [];
    r.questions.push({ id: state.newId("q"), question: "", answer: "", notes: "", weak: false, weak_note: "", pushback: "" });
  }, "questions");
  renderRounds();
  const card = section.querySelectorAll(`[data-round="${roundIndex}"] fieldset.question`);
  card[card.length - 1]?.querySelector("textarea")?.focus();
}

function addRound() {
  state.update(() => {
    const i = state.interview();
    if (!Array.isArray(i.rounds)) i.rounds = [];
    const n = i.rounds.length + 1;
    i.rounds.push({ id: state.newId("r"), name: n === 2 ? "Round two" : `Round ${n}`, ended_at: "", interviewers: "", questions: [] });
  }, "rounds");
  renderRounds();
}

// ---- analysis and the document -----------------------------------------------------------------

function showError(target, reply) {
  target.replaceChildren(el("p", { class: "error", role: "alert", text: reply.error.message }));
}

async function analyse() {
  const out = section.querySelector("[data-out=analysis]");
  out.replaceChildren(el("p", { class: "muted", text: "Analysing…" }));
  const reply = await call("debrief.analyze", { doc: state.getDoc() });
  if (!reply.ok) return showError(out, reply);
  const r = reply.result;
  out.replaceChildren(
    el("p", { text: r.summary }),
    el("ul", { class: "analysis" }, r.items.map((item) => el("li", {},
      el("strong", { text: item.label }), " ",
      item.facts.length
        ? el("span", { text: `${item.facts.length} fact${item.facts.length === 1 ? "" : "s"}: ` + item.facts.map((f) => `“${f.text}”`).join(", ") })
        : el("span", { class: "muted", text: "no numbers, sizes or timeframes" }),
      ...item.warnings.map((w) => el("div", { class: "warn", text: w }))))),
    ...r.conflicts.map((c) => el("div", { class: "analysis-conflict" },
      el("p", { class: "warn", text: c.message }),
      conflictWhy(c),
      conflictActions(c, { onDistinct: () => { markDistinct(c); analyse(); } }))),
    hiddenFlags(r.hidden, (c) => { undoDistinct(c.pair); analyse(); }),
  );
}

async function showDocument() {
  const out = section.querySelector("[data-out=document]");
  out.replaceChildren(el("p", { class: "muted", text: "Rendering…" }));
  const reply = await call("debrief.render", { doc: state.getDoc() });
  if (!reply.ok) return showError(out, reply);
  const article = el("article", { class: "rendered" });
  setSafeHTML(article, reply.result.html);
  out.replaceChildren(article,
    el("button", { type: "button", class: "secondary", text: "Download as Markdown",
      onclick: () => download("debrief.md", reply.result.markdown, "text/markdown") }));
}

// ---- mount -------------------------------------------------------------------------------------

export function refresh() {
  const base = state.ipath("");
  section.replaceChildren(
    el("h2", { text: "Step 1 · Debrief each round within 24 hours" }),
    el("p", { class: "lede", text: "Right after the interview, write down every question as it was asked and the core of your answer, with the numbers, team sizes and timeframes you used. Mark weak moments and what they pushed back on. Everything is saved in this browser as you type." }),
    el("div", { class: "grid3" },
      field("Company", `${base}.company`),
      field("Role", `${base}.role`),
      field("Your name (for thank-you notes)", `${base}.candidate_name`)),
    el("div", { class: "grid3" },
      field("Next interview (date and time)", `${base}.next_round_at`, { type: "datetime-local" }),
      field("They said you would hear back by", `${base}.news_expected_by`, { type: "date" })),
    cvSection(), // round zero: the CV, checked against like any round
    el("div", { dataset: { list: "rounds" } }),
    el("div", { class: "row" },
      el("button", { type: "button", class: "secondary", onclick: addRound, text: "Add a round" }),
      el("button", { type: "button", class: "secondary", onclick: analyse, text: "Analyse" }),
      el("button", { type: "button", class: "secondary", onclick: showDocument, text: "Show as document" })),
    el("div", { class: "out", "aria-live": "polite", dataset: { out: "analysis" } }),
    el("div", { class: "out", dataset: { out: "document" } }),
  );
  renderRounds();
}

export function mount(root) {
  section = root;
  // One listener for every field: the path on the element says where the value goes.
  section.addEventListener("input", (event) => {
    const target = event.target;
    const path = target.dataset.path;
    if (!path) return;
    const value = target.dataset.type === "bool" ? target.checked : target.value;
    state.set(path, value);
    if (path.endsWith(".answer")) scheduleFacts(path);
    if (/\.rounds\.0\.questions\./.test(path)) scheduleLaterRounds(); // round one is what later rounds are checked against
    if (path.endsWith(".weak")) section.querySelector(`[data-weak-note="${CSS.escape(path.slice(0, -5))}"]`).hidden = !value;
    if (path.endsWith(".ended_at")) showAllWindows();
  });
  refresh();
  setInterval(showAllWindows, 60_000); // the countdown moves on while the page is open
}

export function show() {
  showAllWindows();
  checkLaterRounds(); // the ledger may have changed in Step 2
}
