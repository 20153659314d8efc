// Step 1: the round-one debrief. What was asked, the core of each answer, notes. Every keystroke goes
// to the document (state.js) and is saved; analysis and the rendered document come from Python.

import * as state from "./state.js";
import { call } from "./python.js";
import { el, setSafeHTML, confirmDialog } from "./dom.js";

const root = () => document.getElementById("debrief");

function field(label, path, { multiline = false, type = "text", rows = 3, placeholder = "" } = {}) {
  const id = "f-" + path.replaceAll(".", "-");
  const input = multiline
    ? el("textarea", { id, rows, placeholder, dataset: { path } })
    : el("input", { id, type, placeholder, dataset: { path }, autocomplete: "off" });
  input.value = state.get(path, "");
  return el("div", { class: "field" }, el("label", { for: id, text: label }), input);
}

function questionCard(q, index) {
  const base = `questions.${index}`;
  const remove = el("button", {
    type: "button", class: "link danger", text: "Remove",
    "aria-label": `Remove question ${index + 1}`,
    onclick: async () => {
      const filled = [q.question, q.answer, q.notes].some((t) => t && t.trim());
      if (filled && !(await confirmDialog(`Remove question ${index + 1} and everything written for it?`))) return;
      state.update((doc) => doc.questions.splice(index, 1), "questions");
      renderQuestions();
    },
  });
  return el("fieldset", { class: "card question", dataset: { index } },
    el("legend", { text: `Question ${index + 1}` }),
    field("The question, as close to verbatim as you recall", `${base}.question`, { multiline: true, rows: 2 }),
    field("The core of your answer: examples, numbers, team sizes, timeframes", `${base}.answer`, { multiline: true, rows: 5 }),
    field("Notes: how it landed, what you would change", `${base}.notes`, { multiline: true, rows: 2 }),
    el("div", { class: "card-actions" }, remove),
  );
}

function renderQuestions() {
  const list = root().querySelector("[data-list=questions]");
  const questions = state.get("questions", []);
  list.replaceChildren(...questions.map(questionCard));
  root().querySelector("[data-count=questions]").textContent =
    questions.length === 1 ? "1 question" : `${questions.length} questions`;
}

function addQuestion() {
  state.update((doc) => {
    if (!Array.isArray(doc.questions)) doc.questions = [];
    doc.questions.push({ id: state.newId("q"), question: "", answer: "", notes: "" });
  }, "questions");
  renderQuestions();
  const cards = root().querySelectorAll("fieldset.question textarea");
  cards[cards.length - 3]?.focus();
}

function showError(target, reply) {
  target.replaceChildren(el("p", { class: "error", role: "alert", text: reply.error.message }));
}

async function analyse() {
  const out = root().querySelector("[data-out=analysis]");
  out.replaceChildren(el("p", { class: "muted", text: "Analysing…" }));
  const reply = await call("debrief.analyze", { doc: state.getDoc() });
  if (!reply.ok) return showError(out, reply);
  const r = reply.result;
  const items = r.items.map((item) => el("li", {},
    el("strong", { text: item.label }), " ",
    item.facts.length
      ? el("span", { text: `${item.facts.length} fact${item.facts.length === 1 ? "" : "s"}: ` + item.facts.map((f) => `“${f.text}”`).join(", ") })
      : el("span", { class: "muted", text: "no numbers, sizes or timeframes yet" }),
    ...item.warnings.map((w) => el("div", { class: "warn", text: w }))));
  out.replaceChildren(
    el("p", { text: r.summary }),
    el("ul", { class: "analysis" }, items),
    ...r.conflicts.map((c) => el("p", { class: "warn", text: c.message })),
  );
}

async function showDocument() {
  const out = root().querySelector("[data-out=document]");
  out.replaceChildren(el("p", { class: "muted", text: "Rendering…" }));
  const reply = await call("debrief.render", { doc: state.getDoc() });
  if (!reply.ok) return showError(out, reply);
  const article = el("article", { class: "rendered" });
  setSafeHTML(article, reply.result.html);
  out.replaceChildren(article);
}

export function mount() {
  const section = root();
  section.replaceChildren(
    el("h2", { text: "Step 1 · Debrief round one" }),
    el("p", { class: "lede", text: "Within 24 hours of the interview, write down every question as it was asked and the core of your answer, with the numbers you used. Everything is saved in this browser as you type." }),
    el("div", { class: "grid3" },
      field("Company", "interview.company"),
      field("Role", "interview.role"),
      field("Round date", "interview.round_date", { type: "date" })),
    el("div", { class: "row" },
      el("h3", { text: "Questions asked" }),
      el("span", { class: "muted", dataset: { count: "questions" } })),
    el("div", { dataset: { list: "questions" } }),
    el("div", { class: "row" },
      el("button", { type: "button", onclick: addQuestion, text: "Add a question" }),
      el("button", { type: "button", class: "secondary", onclick: analyse, text: "Analyse" }),
      el("button", { type: "button", class: "secondary", onclick: showDocument, text: "Show as document" })),
    el("div", { class: "out", "aria-live": "polite", dataset: { out: "analysis" } }),
    el("div", { class: "out", dataset: { out: "document" } }),
  );
  if (!section.dataset.bound) {
    // One listener for every field: the path on the element says where the value goes.
    section.addEventListener("input", (event) => {
      const path = event.target.dataset.path;
      if (path) state.set(path, event.target.value);
    });
    section.dataset.bound = "1";
  }
  renderQuestions();
}

/** Re-render everything from the document (after Python migrated or normalised it). */
export function refresh() {
  mount();
}
