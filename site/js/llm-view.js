// The "Model" view: the optional language model's settings (off by default; one provider at a time,
// each turned on by its own checkbox beside a plain statement of what goes where and when), a Test
// connection button per provider, and two uses that need no other view: a second reading of two rounds
// for contradictions, beside the rule-based check, and questions proposed from a job description.

import * as state from "./state.js";
import { call } from "./python.js";
import { el } from "./dom.js";
import * as config from "./llm-config.js";
import { ask, runBox, sourceLabel } from "./llm-ask.js";
import { PROVIDERS, LlmError } from "./llm.js";
import { passage } from "./ledger.js";

let section;
const reviews = new Map(); // suggestion key -> "accepted" | "dismissed", this tab
let jobText = "";          // the pasted job description survives a re-render of the view

function statement(id) {
  const p = PROVIDERS[id];
  const where = id === "compatible" ? "the server at the address below (on this computer if it is localhost)" : `${p.label} (${p.origin})`;
  return `When this is on, Round Two sends text to ${where}, straight from this browser, only when you ask: `
    + "the answer you want feedback on (with the question and the facts you locked in), what you said in a mock interview "
    + "(if model follow-ups are on, after each answer), the two rounds you ask it to compare, or a job description you paste. "
    + `Nothing else, and nothing before you have seen the request once. ${id === "compatible" ? "That server's own rules apply" : `${p.label}'s terms apply`} to what it receives.`;
}

function providerCard(id) {
  const p = PROVIDERS[id];
  const s = config.get().providers[id];
  const on = config.activeProvider() === id;
  const out = el("div", { class: "out", "aria-live": "polite", "data-llm-test-out": id });
  const model = el("input", { id: `llm-${id}-model`, list: `llm-${id}-models`, value: s.model, autocomplete: "off", spellcheck: "false",
    oninput: (e) => config.change((c) => { c.providers[id].model = e.target.value.trim(); }) });
  const key = el("input", { id: `llm-${id}-key`, type: "password", autocomplete: "off", spellcheck: "false",
    placeholder: config.keyFor(id) ? "a key is set (hidden)" : (p.needsKey ? "paste your key" : "none needed for a local server"),
    oninput: (e) => config.setKey(id, e.target.value, remember.checked) });
  const remember = el("input", { type: "checkbox", id: `llm-${id}-remember`,
    onchange: (e) => {
      if (!config.setKey(id, key.value || config.keyFor(id), e.target.checked)) {
        out.replaceChildren(el("p", { class: "error", text: "This browser refused to keep the key (storage is full or off). It stays in memory for this tab." }));
      }
    } });
  remember.checked = config.remembered(id);
  const base = id === "compatible" ? el("input", { id: "llm-compatible-base", value: s.baseUrl, autocomplete: "off", spellcheck: "false", inputmode: "url",
    oninput: (e) => config.change((c) => { c.providers.compatible.baseUrl = e.target.value.trim(); }) }) : null;
  const toggle = el("input", { type: "checkbox", id: `llm-on-${id}`, "data-llm-on": id,
    onchange: (e) => { config.change((c) => { c.active = e.target.checked ? id : (c.active === id ? null : c.active); }); render(); } });
  toggle.checked = on;
  return el("fieldset", { class: `card llm-provider${on ? " on" : ""}`, "data-llm-provider": id },
    el("legend", { text: p.label }),
    el("p", { class: "small", text: statement(id) }),
    el("p", {}, toggle, el("label", { for: `llm-on-${id}`, text: ` Use ${p.label} for the uses above` })),
    base ? el("div", { class: "field" }, el("label", { for: "llm-compatible-base", text: "Server address (base URL)" }), base,
      el("small", { class: "muted", text: "Ollama: http://localhost:11434/v1 · LM Studio: http://localhost:1234/v1 · llama.cpp: http://localhost:8080/v1" })) : null,
    el("div", { class: "field" }, el("label", { for: `llm-${id}-model`, text: "Model (type one, or pick)" }), model,
      el("datalist", { id: `llm-${id}-models` }, p.models.map((m) => el("option", { value: m })))),
    el("div", { class: "field" }, el("label", { for: `llm-${id}-key`, text: `API key (${p.keyHint})` }), key,
      el("small", { class: "muted", text: "Kept in this tab's memory only, and gone when you close it, unless you tick the box below. Never in your saved data or exports." })),
    el("p", {}, remember, el("label", { for: `llm-${id}-remember`, text: " Remember the key on this device (kept in this browser's storage, separately from your notes)" })),
    el("div", { class: "row" },
      el("button", { type: "button", class: "secondary", "data-llm-test": id, text: "Test connection", onclick: () => testConnection(id, out) }),
      el("button", { type: "button", class: "link", text: "Forget the key", onclick: () => { config.forgetKey(id); key.value = ""; remember.checked = false; key.placeholder = "paste your key"; out.replaceChildren(el("p", { text: "The key is forgotten, here and on this device." })); } })),
    out);
}

async function testConnection(id, out) {
  const box = runBox("a one-word test reply");
  out.replaceChildren(box.node);
  try {
    // A test of this provider with its own settings, whichever one is on.
    const { parsed, conn } = await ask("test", {}, { onText: box.onText, signal: box.signal, provider: id });
    if (!parsed.usable) return box.fail(parsed.note);
    box.finish(el("p", { class: "ok", "data-llm-test-ok": "", text: `Connected: ${sourceLabel(conn)} replied “${parsed.result.reply}”.` }));
  } catch (err) {
    box.fail(err instanceof LlmError ? err.message : `The test failed: ${err.message}`);
  }
}

function generalCard() {
  const s = config.get();
  const box = (id, label, keyName) => {
    const input = el("input", { type: "checkbox", id, onchange: (e) => config.change((c) => { c[keyName] = e.target.checked; }) });
    input.checked = Boolean(s[keyName]);
    return el("p", {}, input, el("label", { for: id, text: ` ${label}` }));
  };
  const seconds = el("input", { type: "number", id: "llm-timeout", min: "1", max: "600", value: String(s.timeoutSeconds),
    oninput: (e) => {
      const n = Number(e.target.value);
      if (Number.isFinite(n) && n >= 1 && n <= 600) config.change((c) => { c.timeoutSeconds = n; });
    } });
  const skipped = Object.keys(s.skipPreview).filter((k) => s.skipPreview[k]);
  return el("fieldset", { class: "card" }, el("legend", { text: "How it is used" }),
    box("llm-stream", "Show the reply as it is written (streaming)", "stream"),
    box("llm-follow-ups", "In mock interviews, let the model write each follow-up in the interviewer's voice (the rule-based one shows first and stays if the model fails)", "followUps"),
    el("div", { class: "field" }, el("label", { for: "llm-timeout", text: "Stop waiting for a reply after (seconds)" }), seconds),
    skipped.length ? el("p", { class: "small" }, `You chose not to see the request first for: ${skipped.map((k) => config.USES[k]).join(", ")}. `,
      el("button", { type: "button", class: "link", text: "Show it first again", onclick: () => { config.change((c) => { c.skipPreview = {}; }); render(); } })) : null);
}

// ---- second reader ------------------------------------------------------------------------------------

function roundText(round) {
  const qs = Array.isArray(round && round.questions) ? round.questions : [];
  return qs.filter((q) => q && typeof q.answer === "string" && q.answer.trim()).map((q) => q.answer.trim()).join("\n\n");
}

function rounds() {
  const list = state.interview()?.rounds;
  return (Array.isArray(list) ? list : []).filter((r) => r && typeof r === "object");
}

function readerCard() {
  const rs = rounds();
  const pick = (id, n) => el("select", { id }, rs.map((r, i) => {
    const o = el("option", { value: String(i), text: r.name || `Round ${i + 1}` });
    if (i === n) o.selected = true;
    return o;
  }), el("option", { value: "paste", text: "Paste a text instead…", selected: rs.length <= n }));
  const earlier = pick("llm-reader-earlier", 0);
  const later = pick("llm-reader-later", 1);
  const pasteA = el("textarea", { id: "llm-reader-earlier-text", rows: 4, hidden: earlier.value !== "paste" });
  const pasteB = el("textarea", { id: "llm-reader-later-text", rows: 4, hidden: later.value !== "paste" });
  earlier.addEventListener("change", () => { pasteA.hidden = earlier.value !== "paste"; });
  later.addEventListener("change", () => { pasteB.hidden = later.value !== "paste"; });
  const out = el("div", { "data-llm-reader-out": "" });
  const go = el("button", { type: "button", id: "llm-reader-go", text: "Compare", onclick: () => compare() });
  const textOf = (select, paste) => (select.value === "paste" ? paste.value : roundText(rs[Number(select.value)]));

  async function compare() {
    const a = textOf(earlier, pasteA);
    const b = textOf(later, pasteB);
    if (!a.trim() || !b.trim()) {
      out.replaceChildren(el("p", { class: "error", role: "alert", text: "Both sides need text: choose rounds that have answers in the debrief, or paste both texts." }));
      return;
    }
    const rules = await call("consistency.compare", { earlier: a, later: b });
    const ruleCol = el("div", { class: "llm-col", "data-reader-rules": "" }, el("h4", { text: "The rule-based check" }),
      !rules.ok ? el("p", { class: "error", text: rules.error.message })
        : rules.result.conflicts.length ? el("ul", { class: "plain" }, rules.result.conflicts.map((c) => conflictItem(c, a, b)))
          : el("p", { class: "muted", text: "No contradictions found by the rules." }));
    const modelCol = el("div", { class: "llm-col", "data-reader-model": "" });
    out.replaceChildren(el("div", { class: "llm-columns" }, ruleCol, modelCol));
    if (!config.enabled()) {
      modelCol.append(el("p", { class: "muted", text: "Turn on a language model above for a second reading beside this one." }));
      return;
    }
    const conn = config.connection();
    modelCol.append(el("h4", {}, "Second reader: ", el("span", { class: "chip chip-own", text: `from the model · ${sourceLabel(conn)}` })));
    const box = runBox("a second reading");
    modelCol.append(box.node);
    try {
      const { parsed } = await ask("second_reader", { earlier: a, later: b }, { onText: box.onText, signal: box.signal });
      if (!parsed.usable) return box.fail(parsed.note);
      const items = parsed.result.conflicts;
      box.finish(
        parsed.note ? el("p", { class: "note", text: parsed.note }) : null,
        items.length ? el("ul", { class: "plain" }, items.map((c) => suggestion(c, a, b)))
          : el("p", { class: "muted", text: "The model found no contradictions either." }));
    } catch (err) {
      box.fail(err instanceof LlmError ? `${err.message} The rule-based check stands.` : String(err.message));
    }
  }

  return el("section", { class: "card", "aria-labelledby": "llm-reader-title" },
    el("h3", { id: "llm-reader-title", text: "A second reader for two rounds" }),
    el("p", { class: "muted", text: "The rules check the numbers, titles and dates in two rounds; with a model on, it reads them too, and what it finds is shown beside the rules' result as suggestions you accept or dismiss. Anything it cannot tie to your exact words is left out." }),
    el("div", { class: "grid3" },
      el("div", { class: "field" }, el("label", { for: "llm-reader-earlier", text: "Earlier" }), earlier, pasteA),
      el("div", { class: "field" }, el("label", { for: "llm-reader-later", text: "Later" }), later, pasteB)),
    el("div", { class: "row" }, go), out);
}

function conflictItem(c, a, b) {
  return el("li", { class: "conflict-item" }, el("p", { text: c.message }),
    passage(a, c.earlier.start, c.earlier.end, { radius: 60 }), passage(b, c.later.start, c.later.end, { radius: 60 }));
}

function suggestion(c, a, b) {
  const key = `${c.earlier.start}:${c.later.start}:${c.message}`;
  const item = conflictItem(c, a, b);
  item.dataset.suggestion = "";
  const status = el("p", { class: "small", "data-suggestion-status": "" });
  const decide = (what) => {
    reviews.set(key, what);
    status.textContent = what === "accepted" ? "Accepted: worth correcting before the next round." : "Dismissed.";
    item.classList.toggle("dismissed", what === "dismissed");
  };
  item.append(el("div", { class: "row tight" },
    el("button", { type: "button", class: "secondary", text: "Accept", onclick: () => decide("accepted") }),
    el("button", { type: "button", class: "link", text: "Dismiss", onclick: () => decide("dismissed") })), status);
  if (reviews.has(key)) decide(reviews.get(key));
  return item;
}

// ---- tailoring ----------------------------------------------------------------------------------------

function tailorCard() {
  const job = el("textarea", { id: "llm-tailor-job", rows: 6, placeholder: "Paste the job description here",
    oninput: (e) => { jobText = e.target.value; } });
  job.value = jobText;
  const out = el("div", { "data-llm-tailor-out": "", "aria-live": "polite" });
  async function propose() {
    if (!config.enabled()) {
      out.replaceChildren(el("p", { class: "muted", text: "Turn on a language model above first. Without one, Step 3 · Escalation has the question bank and your own questions." }));
      return;
    }
    const box = runBox("likely second-round questions");
    out.replaceChildren(box.node);
    try {
      const { parsed, conn } = await ask("tailor", { job_description: job.value }, { onText: box.onText, signal: box.signal });
      if (!parsed.usable) return box.fail(parsed.note);
      box.finish(el("p", {}, el("span", { class: "chip chip-own", text: `From the language model · ${sourceLabel(conn)}` }),
        " Add the ones worth practising: they join your questions in Step 3, marked as proposed by the model."),
      el("ul", { class: "plain" }, parsed.result.questions.map((q) => {
        const add = el("button", { type: "button", class: "secondary", text: "Add to my questions", onclick: () => {
          state.update((doc) => {
            if (!doc.bank || typeof doc.bank !== "object" || Array.isArray(doc.bank)) doc.bank = {};
            if (!Array.isArray(doc.bank.custom)) doc.bank.custom = [];
            doc.bank.custom.push({ id: state.newId("mine"), text: q.text, category: q.category, follow_ups: [], origin: q.source });
          }, "bank");
          add.replaceWith(el("span", { class: "small ok", "data-added": "", text: "Added to your questions." }));
        } });
        return el("li", { class: "conflict-item", "data-tailored": "" }, el("p", { text: q.text }),
          q.why ? el("p", { class: "muted small", text: `Why: ${q.why}` }) : null, add);
      })));
    } catch (err) {
      box.fail(err instanceof LlmError ? `${err.message} Your question bank is unchanged.` : String(err.message));
    }
  }
  return el("section", { class: "card", "aria-labelledby": "llm-tailor-title" },
    el("h3", { id: "llm-tailor-title", text: "Questions from a job description" }),
    el("p", { class: "muted", text: "Paste the job description; the model proposes questions a second round is likely to ask. Nothing joins your questions until you add it." }),
    el("div", { class: "field" }, el("label", { for: "llm-tailor-job", text: "Job description" }), job),
    el("div", { class: "row" }, el("button", { type: "button", id: "llm-tailor-go", text: "Propose questions", onclick: propose })),
    out);
}

// ---- the view ---------------------------------------------------------------------------------------

function render() {
  const on = config.activeProvider();
  section.querySelector("[data-body]").replaceChildren(
    el("p", { class: on ? "note" : "muted", "data-llm-state": on ? "on" : "off",
      text: on ? `On: ${sourceLabel(config.connection())}. Requests go from this browser to ${config.destination(on)} only when you ask.`
        : "Off. Nothing is sent anywhere; every part of Round Two works without a model." }),
    ...Object.keys(PROVIDERS).map(providerCard),
    generalCard(),
    readerCard(),
    tailorCard());
}

export function mount(root) {
  section = root;
  section.replaceChildren(
    el("h2", { text: "Model (optional): bring your own language model" }),
    el("p", { class: "lede", text: "Round Two works fully without one. If you have an API key, or a model running on your own computer, it can add a second opinion on a practice answer, follow-ups in the interviewer's voice, and a second reading of your rounds: always labelled as the model's, always beside the rule-based result." }),
    el("div", { dataset: { body: "" } }));
  render();
}

export function refresh() {
  render();
}
