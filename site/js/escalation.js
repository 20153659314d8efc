// Step 3: map the escalation. The question bank (built-in, the person's own and edited questions, the
// round-one debrief questions, questions for the values they typed), filtered by Python
// (questions.merge); each question opens its follow-up ladder. The person's changes live in
// doc.bank: custom (own questions and edits of built-in ones, same id), hidden (ids), values (lines),
// selected (ids to practise). Published values frameworks are listed with their questions.

import * as state from "./state.js";
import { call } from "./python.js";
import { el, confirmDialog } from "./dom.js";
import { notify, dismiss } from "./notices.js";

export const CATEGORY_LABELS = {
  behavioral: "Behavioural", scenario: "Scenario", technical: "Technical", values: "Values", why_us: "Why us",
};
const FAMILY_LABELS = {
  software: "Software", product: "Product", data: "Data", design: "Design", sales: "Sales",
  operations: "Operations", finance: "Finance",
};
const ROUND_LABELS = {
  second: "Second round", final: "Final round", panel: "Panel", "hiring-manager": "Hiring manager", any: "Any round",
};
const DIFFICULTY_LABELS = { 1: "Warm-up", 2: "Standard", 3: "Hard" };
const SOURCE_LABELS = { custom: "Your question", debrief: "From your debrief", generated: "From your values" };
const PAGE = 20;
const EMPTY_FILTERS = { search: "", category: "", role_family: "", competency: "", framework: "", difficulty: "", round: "" };

let section;
let filters = { ...EMPTY_FILTERS };
let showHidden = false;
let shown = PAGE;
let lastResult = null; // the latest questions.merge result for the filters
let seq = 0;
let searchTimer = null;
let valuesTimer = null;
let frameworks = null; // questions.frameworks result, loaded once
let valuesBank = null; // id -> built-in values question
let editing = null; // id of the question being edited
let valuesOk = true; // false while the typed values are refused by Python (then they are left out)

// ---- the person's bank settings, read tolerantly --------------------------------------------------

const list = (path) => (Array.isArray(state.get(path, null)) ? state.get(path) : []);
const custom = () => list("bank.custom").filter((q) => q && typeof q === "object");
const hidden = () => list("bank.hidden").filter((id) => typeof id === "string");
const values = () => list("bank.values").filter((v) => typeof v === "string");
const selected = () => list("bank.selected").filter((id) => typeof id === "string");

function ensureBank(doc) {
  if (!doc.bank || typeof doc.bank !== "object" || Array.isArray(doc.bank)) doc.bank = {};
  for (const key of ["custom", "hidden", "values", "selected"]) if (!Array.isArray(doc.bank[key])) doc.bank[key] = [];
  return doc.bank;
}

/** Round-one questions from every round of the current interview, for questions.merge's `debrief`. */
export function debriefQuestions() {
  const rounds = Array.isArray(state.interview().rounds) ? state.interview().rounds : [];
  return rounds.flatMap((r) => (Array.isArray(r && r.questions) ? r.questions : []))
    .filter((q) => q && typeof q.question === "string" && q.question.trim())
    .map((q) => ({ id: String(q.id || ""), question: q.question, answer: typeof q.answer === "string" ? q.answer : "" }));
}

/** The params that make the person's whole practice list (used by the practice view too). */
export function mergeParams(extra = {}) {
  const params = { custom: custom(), hidden: hidden(), debrief: debriefQuestions(), ...extra };
  const typed = values().filter((v) => v.trim());
  if (typed.length && valuesOk) {
    params.values = typed;
    params.company = String(state.interview().company || "").slice(0, 100);
  }
  return params;
}

// ---- rendering helpers ----------------------------------------------------------------------------

function option(value, label, current) {
  const o = el("option", { value, text: label });
  if (String(current) === String(value)) o.selected = true;
  return o;
}

function selectField(id, label, key, options) {
  const select = el("select", { id, dataset: { filter: key } }, options.map(([v, l]) => option(v, l, filters[key])));
  return el("div", { class: "field" }, el("label", { for: id, text: label }), select);
}

function chip(text, extra = "") {
  return el("li", { class: `chip ${extra}`.trim(), text });
}

function ladder(q) {
  const steps = Array.isArray(q.follow_ups) ? q.follow_ups : [];
  if (!steps.length) {
    return el("p", { class: "muted small", text: "No follow-up ladder yet. Edit the question to write the follow-ups you expect." });
  }
  return el("details", { class: "ladder" },
    el("summary", { text: `Follow-up ladder: ${steps.length} follow-up${steps.length === 1 ? "" : "s"}` }),
    q.source === "debrief" && Array.isArray(q.round_one_follow_ups) && q.round_one_follow_ups.length
      ? el("p", { class: "muted small", text: "The first ones are what they asked you in round one." }) : null,
    el("ol", {}, steps.map((s) => el("li", { text: s }))));
}

function selectBox(q, where) {
  const id = `esc-sel-${where}`;
  const box = el("input", { type: "checkbox", id, dataset: { selectId: q.id }, "aria-describedby": `esc-qt-${where}` });
  box.checked = selected().includes(q.id);
  return el("span", { class: "inline" }, box, el("label", { for: id, text: "Practise this" }));
}

function questionChips(q, isHidden) {
  return el("ul", { class: "chips", "aria-label": "About this question" },
    chip(CATEGORY_LABELS[q.category] || q.category),
    q.role_family ? chip(FAMILY_LABELS[q.role_family] || q.role_family) : null,
    q.value ? chip(q.framework === "own" ? `Your value: ${q.value}` : q.value) : null,
    chip(DIFFICULTY_LABELS[q.difficulty] || "Standard"),
    (q.competency || []).slice(0, 3).map((c) => chip(c.replaceAll("-", " "), "chip-quiet")),
    SOURCE_LABELS[q.source] ? chip(SOURCE_LABELS[q.source], "chip-own") : null,
    q.origin ? chip(`Proposed by a ${q.origin}`, "chip-quiet") : null,
    q.edited ? chip("Edited by you", "chip-own") : null,
    isHidden ? chip("Hidden", "conflict") : null);
}

function card(q, index) {
  const isHidden = hidden().includes(q.id);
  if (editing === q.id) return editCard(q, index);
  const actions = [selectBox(q, index)];
  if (q.source === "builtin" || q.source === "custom") {
    actions.push(el("button", { type: "button", class: "secondary", text: "Edit", "aria-label": `Edit: ${short(q.text)}`,
      onclick: () => { editing = q.id; redrawCard(q, index); section.querySelector("#esc-edit-text")?.focus(); } }));
  }
  if (q.edited) {
    actions.push(el("button", { type: "button", class: "link", text: "Restore the original",
      onclick: () => restore(q) }));
  }
  if (q.source === "custom") {
    actions.push(el("button", { type: "button", class: "link danger", text: "Delete", "aria-label": `Delete: ${short(q.text)}`,
      onclick: () => removeOwn(q) }));
  }
  actions.push(isHidden
    ? el("button", { type: "button", class: "link", text: "Show again", onclick: () => unhide(q.id) })
    : el("button", { type: "button", class: "link", text: "Hide", "aria-label": `Hide: ${short(q.text)}`,
      onclick: () => hide(q, index) }));
  return el("li", { class: `card qcard${isHidden ? " is-hidden" : ""}`, dataset: { qid: q.id, index } },
    el("p", { class: "qtext", id: `esc-qt-${index}`, text: q.text }),
    questionChips(q, isHidden),
    q.source === "debrief" && q.category_reason
      ? el("p", { class: "muted small", text: `Category guessed: ${CATEGORY_LABELS[q.category]} (${q.category_reason}).` }) : null,
    ladder(q),
    el("div", { class: "qactions" }, actions));
}

const short = (text) => (text.length > 60 ? text.slice(0, 57) + "…" : text);

function categoryOptions(current, withGuess) {
  return [
    withGuess ? option("", "Guess from the wording", current) : null,
    ...Object.entries(CATEGORY_LABELS).map(([v, l]) => option(v, l, current)),
  ];
}

function editCard(q, index) {
  const error = el("p", { class: "error", role: "alert", dataset: { editError: "" } });
  const text = el("textarea", { id: "esc-edit-text", rows: 3 });
  text.value = q.text;
  const follow = el("textarea", { id: "esc-edit-follow-ups", rows: 5 });
  follow.value = (q.follow_ups || []).join("\n");
  const category = el("select", { id: "esc-edit-category" }, categoryOptions(q.category, false));
  const save = async () => {
    const item = { id: q.id, text: text.value, category: category.value, follow_ups: follow.value.split("\n") };
    if (!(await checkCustom(item, error))) return;
    state.update((doc) => {
      const bank = ensureBank(doc);
      bank.custom = bank.custom.filter((c) => !(c && c.id === q.id));
      bank.custom.push(item);
    }, "bank");
    editing = null;
    await load();
    focusCard(q.id);
    announce("Saved your version of the question.");
  };
  return el("li", { class: "card qcard editing", dataset: { qid: q.id, index } },
    el("h4", { text: q.source === "builtin" ? "Edit this question (your version replaces the built-in one)" : "Edit your question" }),
    el("div", { class: "field" }, el("label", { for: "esc-edit-text", text: "The question" }), text),
    el("div", { class: "field" }, el("label", { for: "esc-edit-category", text: "Category" }), category),
    el("div", { class: "field" }, el("label", { for: "esc-edit-follow-ups", text: "Follow-up ladder, one per line (3 to 5 is typical)" }), follow),
    error,
    el("div", { class: "card-actions" },
      el("button", { type: "button", class: "secondary", text: "Cancel", onclick: () => { editing = null; redrawCard(q, index); focusCard(q.id); } }),
      el("button", { type: "button", text: "Save", onclick: save })));
}

/** Python decides whether a question the person typed can be used (blank after cleaning, too long...). */
async function checkCustom(item, errorBox) {
  errorBox.textContent = "";
  if (!String(item.text || "").trim()) {
    errorBox.textContent = "Type the question first.";
    return false;
  }
  const reply = await call("questions.merge", { custom: [item], include_builtin: false });
  if (!reply.ok) {
    errorBox.textContent = reply.error.message;
    return false;
  }
  return true;
}

/** Draw one card again in place (the other cards keep their open ladders). */
function redrawCard(q, index) {
  const old = [...section.querySelectorAll("li.qcard")].find((li) => li.dataset.qid === q.id);
  if (old) old.replaceWith(card(q, index));
}

function focusCard(id) {
  const node = [...section.querySelectorAll("li.qcard")].find((li) => li.dataset.qid === id);
  (node?.querySelector("button, input") || section.querySelector("#esc-count"))?.focus();
}

function announce(text) {
  const live = section.querySelector("#esc-live");
  if (live) live.textContent = text;
}

// ---- actions ----------------------------------------------------------------------------------------

async function hide(q, index) {
  state.update((doc) => { const b = ensureBank(doc); if (!b.hidden.includes(q.id)) b.hidden.push(q.id); }, "bank");
  notify("bank-hidden", `Hidden: “${short(q.text)}”. It stays out of practice until you show it again.`, {
    kind: "info", actions: [{ label: "Undo", onClick: () => { dismiss("bank-hidden"); unhide(q.id); } }],
  });
  await load();
  const cards = section.querySelectorAll("li.qcard");
  (cards[Math.min(index, cards.length - 1)]?.querySelector("input, button") || section.querySelector("#esc-count"))?.focus();
}

async function unhide(id) {
  state.update((doc) => { const b = ensureBank(doc); b.hidden = b.hidden.filter((h) => h !== id); }, "bank");
  await load();
  focusCard(id);
  announce("The question is back in your list.");
}

async function restore(q) {
  if (!(await confirmDialog("Restore the original question? Your edits to it will be deleted.", "Restore"))) return;
  state.update((doc) => { const b = ensureBank(doc); b.custom = b.custom.filter((c) => !(c && c.id === q.id)); }, "bank");
  await load();
  focusCard(q.id);
}

async function removeOwn(q) {
  if (!(await confirmDialog(`Delete your question “${short(q.text)}”?`))) return;
  state.update((doc) => {
    const b = ensureBank(doc);
    b.custom = b.custom.filter((c) => !(c && c.id === q.id));
    b.selected = b.selected.filter((id) => id !== q.id);
  }, "bank");
  await load();
  section.querySelector("#esc-count")?.focus();
}

function toggleSelected(id, on) {
  state.update((doc) => {
    const b = ensureBank(doc);
    b.selected = b.selected.filter((s) => s !== id);
    if (on) b.selected.push(id);
  }, "bank");
  for (const box of section.querySelectorAll("input[data-select-id]")) {
    if (box.dataset.selectId === id) box.checked = on;
  }
  renderSelection();
}

async function addOwn(event) {
  event.preventDefault();
  const text = section.querySelector("#esc-new-text");
  const category = section.querySelector("#esc-new-category");
  const follow = section.querySelector("#esc-new-follow-ups");
  const error = section.querySelector("[data-new-error]");
  const item = { id: state.newId("mine"), text: text.value, follow_ups: follow.value.split("\n") };
  if (category.value) item.category = category.value;
  if (!(await checkCustom(item, error))) return;
  state.update((doc) => ensureBank(doc).custom.push(item), "bank");
  text.value = "";
  follow.value = "";
  category.value = "";
  filters = { ...EMPTY_FILTERS };
  await load();
  renderFilters();
  announce("Added your question. It is at the top of the list.");
  focusCard(item.id);
}

async function practiseSelected() {
  const ids = selected();
  const out = section.querySelector("[data-selection-error]");
  out.textContent = "";
  const reply = await call("questions.merge", mergeParams({ hidden: [] }));
  if (!reply.ok) { out.textContent = reply.error.message; return; }
  const byId = new Map(reply.result.questions.map((q) => [q.id, q]));
  const chosen = ids.map((id) => byId.get(id)).filter(Boolean)
    .map((q) => ({ id: q.id, text: q.text, category: q.category, follow_ups: q.follow_ups }));
  if (!chosen.length) { out.textContent = "None of the selected questions exist any more. Select some again."; return; }
  state.set("practice.setup.selection", chosen);
  state.set("practice.setup.selection_new", true);
  location.hash = "#practice";
}

// ---- loading and the list ---------------------------------------------------------------------------

function cleanFilters() {
  const out = {};
  for (const [k, v] of Object.entries(filters)) {
    if (v === "" || v === null || v === undefined) continue;
    out[k] = k === "difficulty" ? Number(v) : v;
  }
  return out;
}

async function load() {
  const mine = ++seq;
  const reply = await call("questions.merge", mergeParams({ ...cleanFilters(), hidden: showHidden ? [] : hidden(), limit: shown }));
  if (mine !== seq) return; // a newer request is on its way
  const box = section.querySelector("[data-list=questions]");
  if (!reply.ok) {
    lastResult = null;
    box.replaceChildren(el("li", { class: "error", role: "alert", text: reply.error.message }));
    section.querySelector("#esc-count").textContent = "";
    return;
  }
  lastResult = reply.result;
  renderFilterCounts();
  renderList();
}

function renderList() {
  const box = section.querySelector("[data-list=questions]");
  const count = section.querySelector("#esc-count");
  if (!lastResult) return;
  const qs = lastResult.questions; // the first `shown` of `total` matches
  const total = lastResult.total;
  const all = Object.values(lastResult.counts.by_category).reduce((a, b) => a + b, 0);
  const nHidden = hidden().length;
  const filtered = Object.keys(cleanFilters()).length > 0;
  count.textContent = (filtered ? `${total} of ${all} questions match.` : `${total} questions.`)
    + (total > qs.length ? ` Showing the first ${qs.length}.` : "")
    + (nHidden ? ` ${nHidden} hidden${showHidden ? " (shown, marked)" : ""}.` : "");
  box.replaceChildren(...qs.map((q, i) => card(q, i)));
  if (!qs.length) {
    box.append(el("li", { class: "muted", text: "No question matches these filters. Clear a filter or search for another word." }));
  }
  const more = section.querySelector("[data-more]");
  more.hidden = total <= qs.length;
  more.textContent = `Show ${Math.min(PAGE, total - qs.length)} more`;
}

function renderFilterCounts() {
  if (!lastResult) return;
  const { by_category: cats, by_role_family: fams, by_competency: comps } = lastResult.counts;
  const cat = section.querySelector("#esc-category");
  for (const o of cat.options) if (o.value) o.textContent = `${CATEGORY_LABELS[o.value]} (${cats[o.value] ?? 0})`;
  const fam = section.querySelector("#esc-role-family");
  for (const o of fam.options) if (o.value) o.textContent = `${FAMILY_LABELS[o.value]} (${fams[o.value] ?? 0})`;
  const datalist = section.querySelector("#esc-competencies");
  datalist.replaceChildren(...Object.entries(comps || {}).map(([c, n]) => el("option", { value: c, label: `${c} (${n})` })));
}

function renderSelection() {
  const n = selected().length;
  const bar = section.querySelector("[data-selection]");
  bar.querySelector("[data-selection-count]").textContent = n
    ? `${n} question${n === 1 ? "" : "s"} selected to practise.`
    : "Tick “Practise this” on the questions you want to rehearse.";
  bar.querySelector("[data-practise]").disabled = !n;
  bar.querySelector("[data-clear-selection]").hidden = !n;
}

function renderFilters() {
  const form = section.querySelector("[data-filters]");
  for (const input of form.querySelectorAll("[data-filter]")) input.value = filters[input.dataset.filter] ?? "";
  section.querySelector("#esc-show-hidden").checked = showHidden;
}

function filtersCard() {
  const frameworkOptions = [["", "Any"], ...(frameworks || []).map((f) => [f.id, f.name]), ["own", "Your own values"]];
  const search = el("input", { id: "esc-search", type: "search", autocomplete: "off", dataset: { filter: "search" },
    placeholder: "conflict, deadline, pricing…" });
  search.value = filters.search;
  const competency = el("input", { id: "esc-competency", list: "esc-competencies", autocomplete: "off",
    dataset: { filter: "competency" }, placeholder: "e.g. ownership" });
  competency.value = filters.competency;
  const showHiddenBox = el("input", { type: "checkbox", id: "esc-show-hidden" });
  showHiddenBox.checked = showHidden;
  return el("form", { class: "card filters", role: "search", "aria-label": "Filter the questions", dataset: { filters: "" },
    onsubmit: (e) => e.preventDefault() },
  el("div", { class: "field" }, el("label", { for: "esc-search", text: "Search the questions and their follow-ups" }), search),
  el("div", { class: "grid3" },
    selectField("esc-category", "Category", "category", [["", "All categories"], ...Object.entries(CATEGORY_LABELS)]),
    selectField("esc-role-family", "Role family (technical questions)", "role_family", [["", "Any"], ...Object.entries(FAMILY_LABELS)]),
    el("div", { class: "field" }, el("label", { for: "esc-competency", text: "Competency" }), competency,
      el("datalist", { id: "esc-competencies" })),
    selectField("esc-framework", "Values framework", "framework", frameworkOptions),
    selectField("esc-difficulty", "Difficulty", "difficulty", [["", "Any"], ...Object.entries(DIFFICULTY_LABELS)]),
    selectField("esc-round", "Round", "round", [["", "Any"], ...Object.entries(ROUND_LABELS).filter(([k]) => k !== "any")])),
  el("div", { class: "row" },
    el("span", { class: "inline" }, showHiddenBox, el("label", { for: "esc-show-hidden", text: "Show hidden questions" })),
    el("button", { type: "button", class: "link", text: "Clear filters", onclick: () => {
      filters = { ...EMPTY_FILTERS }; shown = PAGE; renderFilters(); load();
    } })));
}

function addCard() {
  return el("details", { class: "card add-own" },
    el("summary", { text: "Add your own question" }),
    el("form", { onsubmit: addOwn },
      el("div", { class: "field" }, el("label", { for: "esc-new-text", text: "The question, as you expect it to be asked" }),
        el("textarea", { id: "esc-new-text", rows: 2 })),
      el("div", { class: "field" }, el("label", { for: "esc-new-category", text: "Category" }),
        el("select", { id: "esc-new-category" }, categoryOptions("", true))),
      el("div", { class: "field" }, el("label", { for: "esc-new-follow-ups", text: "Follow-ups you expect, one per line (optional)" }),
        el("textarea", { id: "esc-new-follow-ups", rows: 4, placeholder: "What was your part, exactly?\nHow did you measure it?\nWhat would you do differently?" })),
      el("p", { class: "error", role: "alert", dataset: { newError: "" } }),
      el("div", { class: "card-actions" }, el("button", { type: "submit", text: "Add question" }))));
}

// ---- values: the person's own list and the published frameworks ---------------------------------

async function renderOwnValues() {
  const out = section.querySelector("[data-out=own-values]");
  const typed = values().filter((v) => v.trim());
  if (!typed.length) {
    valuesOk = true;
    out.replaceChildren(el("p", { class: "muted", text: "Paste the company's values (from their careers page), one per line, and each becomes practice questions with follow-ups." }));
    return;
  }
  const reply = await call("questions.for_values", { values: typed, company: String(state.interview().company || "").slice(0, 100) });
  if (JSON.stringify(values().filter((v) => v.trim())) !== JSON.stringify(typed)) return; // typed on since
  if (!reply.ok) {
    valuesOk = false;
    out.replaceChildren(el("p", { class: "error", role: "alert", text: reply.error.message }));
    return;
  }
  valuesOk = true;
  const r = reply.result;
  const byId = new Map(r.questions.map((q) => [q.id, q]));
  const notes = [];
  if (r.dropped) notes.push(`Only the first 12 values are used; ${r.dropped} more ${r.dropped === 1 ? "was" : "were"} left out.`);
  if (r.duplicates) notes.push(`${r.duplicates} repeated value${r.duplicates === 1 ? "" : "s"} skipped.`);
  out.replaceChildren(
    r.values.length ? el("p", { class: "muted", text: `${r.questions.length} questions for ${r.values.length} value${r.values.length === 1 ? "" : "s"}${r.company ? ` at ${r.company}` : ""}. They are in the list above too (Values framework: Your own values).` })
      : el("p", { class: "muted", text: "Nothing readable in those lines yet." }),
    notes.length ? el("p", { class: "muted", text: notes.join(" ") }) : null,
    el("ul", { class: "value-list" }, r.values.map((v, vi) => el("li", {},
      el("h4", { text: v.name }),
      el("ul", { class: "plain" }, v.question_ids.map((id, qi) => {
        const q = byId.get(id);
        return el("li", { class: "value-q" }, el("p", { id: `esc-qt-v${vi}-${qi}`, text: q.text }), ladder(q), selectBox(q, `v${vi}-${qi}`));
      }))))));
}

async function renderFrameworks() {
  const out = section.querySelector("[data-out=frameworks]");
  if (!frameworks) {
    const [fw, bank] = await Promise.all([call("questions.frameworks", {}), call("questions.bank", { category: "values" })]);
    if (!fw.ok || !bank.ok) {
      out.replaceChildren(el("p", { class: "error", text: (fw.ok ? bank : fw).error.message }));
      return;
    }
    frameworks = fw.result.frameworks;
    valuesBank = new Map(bank.result.questions.map((q) => [q.id, q]));
    const select = section.querySelector("#esc-framework");
    const current = filters.framework;
    select.replaceChildren(...[["", "Any"], ...frameworks.map((f) => [f.id, f.name]), ["own", "Your own values"]]
      .map(([v, l]) => option(v, l, current)));
  }
  out.replaceChildren(...frameworks.map((fw, fi) => {
    const n = fw.values.reduce((a, v) => a + v.question_ids.length, 0);
    return el("details", { class: "card framework" },
      el("summary", {}, el("strong", { text: fw.name }), ` · ${fw.values.length} values, ${n} questions`),
      el("p", { class: "muted", text: fw.note }),
      el("p", {}, el("a", { href: fw.url, rel: "noopener noreferrer", target: "_blank", text: `${fw.company}'s published values (opens a new tab)` })),
      el("dl", { class: "values" }, fw.values.flatMap((v, vi) => [
        el("dt", { text: v.name }),
        el("dd", {}, el("p", { class: "muted", text: v.description }),
          v.question_ids.length
            ? el("ul", { class: "plain" }, v.question_ids.map((id, qi) => {
              const q = valuesBank.get(id);
              return q ? el("li", { class: "value-q" }, el("p", { id: `esc-qt-f${fi}-${vi}-${qi}`, text: q.text }), ladder(q), selectBox(q, `f${fi}-${vi}-${qi}`)) : null;
            }))
            : el("p", { class: "muted small", text: "No question for this one in the bank yet." })),
      ])));
  }));
}

// ---- mount ----------------------------------------------------------------------------------------

function debriefNote() {
  const n = debriefQuestions().length;
  return n
    ? el("p", { class: "muted", dataset: { debriefNote: "" }, text: `${n} question${n === 1 ? "" : "s"} from your debrief ${n === 1 ? "is" : "are"} at the top, marked “From your debrief”, with a ladder of what could come next.` })
    : el("p", { class: "muted", dataset: { debriefNote: "" } }, "Questions you write down in ", el("a", { href: "#debrief", text: "the debrief" }), " appear here too, with follow-ups.");
}

export function refresh() {
  editing = null;
  const typed = values();
  const valuesBox = el("textarea", { id: "f-bank-values", rows: 5, dataset: { values: "" },
    placeholder: "Customer obsession\nBias for action\nBe candid" });
  valuesBox.value = typed.join("\n");
  section.replaceChildren(
    el("h2", { text: "Step 3 · Map the escalation" }),
    el("p", { class: "lede", text: "In a second round, every answer is followed up three to five times, each probe going deeper. Browse the questions you could face, open a question to see its follow-up ladder, add the ones you expect, and hide the ones that do not fit this role." }),
    debriefNote(),
    filtersCard(),
    el("div", { class: "selection-bar", dataset: { selection: "" } },
      el("span", { dataset: { selectionCount: "" } }),
      el("button", { type: "button", dataset: { practise: "" }, text: "Practise these", onclick: practiseSelected }),
      el("button", { type: "button", class: "link", dataset: { clearSelection: "" }, text: "Clear selection", onclick: () => {
        state.update((doc) => { ensureBank(doc).selected = []; }, "bank");
        for (const box of section.querySelectorAll("input[data-select-id]")) box.checked = false;
        renderSelection();
      } }),
      el("span", { class: "error", role: "alert", dataset: { selectionError: "" } })),
    el("p", { id: "esc-count", class: "count", tabindex: "-1", "aria-live": "polite", text: "Loading the question bank…" }),
    el("p", { id: "esc-live", class: "visually-hidden", "aria-live": "polite" }),
    el("ol", { class: "qlist", dataset: { list: "questions" } }),
    el("button", { type: "button", class: "secondary", hidden: true, dataset: { more: "" }, onclick: async () => {
      const first = shown;
      shown += PAGE;
      await load();
      section.querySelectorAll("li.qcard")[first]?.querySelector("input, button")?.focus();
    } }),
    addCard(),
    el("h3", { text: "Company values" }),
    el("div", { class: "card" },
      el("div", { class: "field" },
        el("label", { for: "f-bank-values", text: "Your target company's values, one per line" }),
        el("small", { class: "muted", text: "Values interviews ask for a real time you lived each one. Paste the list as the company words it." }),
        valuesBox),
      el("div", { dataset: { out: "own-values" }, "aria-live": "polite" })),
    el("h4", { text: "Published values frameworks" }),
    el("div", { dataset: { out: "frameworks" } }, el("p", { class: "muted", text: "Loading…" })),
  );
  renderSelection();
  renderFrameworks();
  renderOwnValues().then(load);
}

export function mount(root) {
  section = root;
  section.addEventListener("input", (event) => {
    const t = event.target;
    if (t.dataset.filter !== undefined && t.dataset.filter) {
      filters[t.dataset.filter] = t.value;
      shown = PAGE;
      clearTimeout(searchTimer);
      searchTimer = setTimeout(load, t.tagName === "SELECT" ? 0 : 200);
    } else if (t.id === "esc-show-hidden") {
      showHidden = t.checked;
      load();
    } else if (t.dataset.selectId) {
      toggleSelected(t.dataset.selectId, t.checked);
    } else if (t.dataset.values !== undefined) {
      state.update((doc) => { ensureBank(doc).values = t.value.split("\n"); }, "bank");
      clearTimeout(valuesTimer);
      valuesTimer = setTimeout(() => renderOwnValues().then(load), 350);
    }
  });
  refresh();
}

export function show() {
  // The debrief may have changed since: reload the list (the filters stay).
  if (!section.querySelector("[data-list=questions]")) return;
  section.querySelector("[data-debrief-note]")?.replaceWith(debriefNote());
  renderSelection();
  renderOwnValues().then(load);
}
