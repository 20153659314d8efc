// The language model inside practice: a second opinion on one graded answer, shown beside the
// rule-based scores (never instead of them), and follow-ups rewritten in the interviewer's voice. Both
// are extras: with the model off, failing or offline, practice is exactly what the rules give.
// What the model said lives in this tab's memory, not in the saved document.

import { el } from "./dom.js";
import * as config from "./llm-config.js";
import { ask, runBox, sourceLabel } from "./llm-ask.js";
import { LlmError } from "./llm.js";
import { jsIndex } from "./facts-view.js";

const DIMENSIONS = {
  structure: "Structure", specificity: "Specificity", ownership: "Ownership",
  consistency: "Consistency with your ledger", conciseness: "Conciseness",
};

const opinions = new Map(); // "<session id>/<question index>" -> {parsed, label} once the model answered

function quoteOf(answer, item) {
  if (!item.text) return null;
  const a = jsIndex(answer, item.start);
  const b = jsIndex(answer, item.end);
  return el("blockquote", { class: "cite" }, el("mark", { text: answer.slice(a, b) || item.text }));
}

function points(list, answer, cls) {
  return list.length ? el("ul", { class: `items ${cls}` }, list.map((i) => el("li", {}, el("span", { text: i.note }), quoteOf(answer, i)))) : null;
}

/** The model's grading beside the rules': one row per dimension, both scores, the model's quoted points. */
function opinionView(parsed, rules, answer, label) {
  const r = parsed.result;
  return el("div", { class: "llm-opinion", "data-llm-feedback": "" },
    el("p", {}, el("span", { class: "chip chip-own", text: `From the language model · ${label}` }),
      r.summary ? ` ${r.summary}` : ""),
    parsed.note ? el("p", { class: "note", text: parsed.note }) : null,
    el("table", { class: "scores", "data-llm-scores": "" },
      el("caption", { class: "visually-hidden", text: "Scores out of 5: the rules and the model side by side" }),
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Dimension" }), el("th", { scope: "col", text: "Rules" }),
        el("th", { scope: "col", text: "Model" }))),
      el("tbody", {}, Object.entries(DIMENSIONS).map(([k, name]) => el("tr", { dataset: { dim: k } },
        el("th", { scope: "row", text: name }),
        el("td", { text: rules.dimensions[k] ? `${rules.dimensions[k].score}/5` : "–" }),
        el("td", { "data-model-score": "", text: r.dimensions[k] ? `${r.dimensions[k].score}/5 ${r.dimensions[k].label}` : "not graded" }))))),
    Object.entries(DIMENSIONS).filter(([k]) => r.dimensions[k]).map(([k, name]) => {
      const d = r.dimensions[k];
      const good = points(d.went_well, answer, "good");
      const bad = points(d.improve, answer, "improve");
      return good || bad ? el("section", { class: "dimension", "aria-label": `${name}, from the model` },
        el("h4", { text: `${name} · the model's reading` }), good, bad) : null;
    }));
}

/**
 * The "second opinion" card under a question's rule-based feedback, or null when the model is off.
 * fb: the rule-based feedback entry (feedback.grade's shape in fb.grade); answer: the graded text.
 */
export function feedbackCard(sessionId, fb, answer, facts) {
  if (!config.enabled()) return null;
  const key = `${sessionId}/${fb.question_index}`;
  const out = el("div", { "aria-live": "polite" });
  const conn = config.connection();
  const card = el("section", { class: "card llm-card", "aria-labelledby": "llm-feedback-title" },
    el("h4", { id: "llm-feedback-title", text: "A second opinion from the language model" }),
    el("p", { class: "muted small", text: `Sends this answer, its question and your locked facts to ${sourceLabel(conn)}. The rule-based scores above stay as they are.` }),
    out);
  const shown = opinions.get(key);
  if (shown) {
    out.append(opinionView(shown.parsed, fb.grade, answer, shown.label));
    return card;
  }
  const go = el("button", { type: "button", class: "secondary", id: "llm-feedback-ask", text: "Ask the model", onclick: async () => {
    go.remove();
    const box = runBox("feedback on this answer");
    out.replaceChildren(box.node);
    try {
      const { parsed, conn: used, trimmed } = await ask("feedback",
        { question: fb.question || "", answer, category: fb.category || "behavioral", facts },
        { onText: box.onText, signal: box.signal });
      if (!parsed.usable) return box.fail(parsed.note);
      opinions.set(key, { parsed, label: sourceLabel(used) });
      box.finish(opinionView(parsed, fb.grade, answer, sourceLabel(used)),
        trimmed ? el("p", { class: "muted small", text: "Your answer was long, so only its first part was sent; the model's reading covers that part." }) : null);
    } catch (err) {
      box.fail(`${err instanceof LlmError ? err.message : err.message} The rule-based feedback above stands.`);
      out.append(el("div", { class: "row tight" }, el("button", { type: "button", class: "secondary", text: "Try again",
        onclick: () => card.replaceWith(feedbackCard(sessionId, fb, answer, facts)) })));
    }
  } });
  out.append(el("div", { class: "row tight" }, go));
  return card;
}

/** True when a follow-up should be offered to the model to rewrite. */
export const wantsInCharacter = (step) => config.enabled() && config.get().followUps && step && step.type === "probe";

/**
 * Ask the model to write the probe `step` in the persona's voice. Resolves {text, label} or null when
 * the rule-based probe should stand (model off, failing, malformed); `onNote(text)` hears why.
 */
export async function inCharacter(step, turns, { signal, onNote = () => {} } = {}) {
  try {
    const { parsed, conn } = await ask("follow_up", {
      persona: step.persona, question: step.question || "", turns,
      probes: [{ text: step.text, why: step.why || "" }],
    }, { signal });
    if (!parsed.usable) {
      onNote(parsed.note);
      return null;
    }
    return { text: parsed.result.question, label: sourceLabel(conn) };
  } catch (err) {
    if (!(err instanceof LlmError && err.code === "cancelled")) {
      onNote(`${err.message} The rule-based follow-up stands.`);
    }
    return null;
  }
}
