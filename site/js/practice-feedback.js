// The graded feedback on one answer, drawn the same way for a typed mock answer and a recorded one: the
// overall score, the first thing to fix, and each dimension with what went well and what to improve,
// quoting the person's own words (offsets from Python are code points).

import { el } from "./dom.js";
import { jsIndex } from "./facts-view.js";

export const DIMENSIONS = {
  structure: "Structure", specificity: "Specificity", ownership: "Ownership",
  consistency: "Consistency with your ledger", conciseness: "Conciseness",
};
const SNIPPET = 45; // characters of context either side of quoted words

/** A quoted passage of the person's answer with the cited words marked. */
export function snippet(text, start, end) {
  if (!text || !(end > start)) return null;
  const a = jsIndex(text, start);
  const b = jsIndex(text, end);
  if (!(b > a)) return null;
  let from = Math.max(0, a - SNIPPET);
  let to = Math.min(text.length, b + SNIPPET);
  if (from > 0) { const sp = text.indexOf(" ", from); if (sp > -1 && sp < a) from = sp + 1; }
  if (to < text.length) { const sp = text.lastIndexOf(" ", to); if (sp > b) to = sp; }
  return el("blockquote", { class: "cite" },
    from > 0 ? "…" : "", text.slice(from, a), el("mark", { text: text.slice(a, b) }), text.slice(b, to),
    to < text.length ? "…" : "");
}

function feedbackItem(item, answer) {
  const quoted = item.text ? snippet(answer, item.start, item.end) : null;
  return el("li", {}, el("span", { text: item.note }),
    quoted || (item.text ? el("blockquote", { class: "cite" }, el("mark", { text: item.text })) : null));
}

export function scoreMeter(score, label) {
  return el("meter", { min: "1", max: "5", low: "2.5", high: "3.9", optimum: "5", value: String(score), "aria-label": label });
}

/** The overall score line and the first thing to fix. */
export function overallLines(g, { retry = false } = {}) {
  return [
    el("p", { class: "overall" }, scoreMeter(g.overall.score, "Overall score"),
      el("strong", { text: ` ${g.overall.score} / 5 · ${g.overall.label}` }),
      retry ? el("span", { class: "muted", text: " · this one comes back in your next session for another try." }) : null),
    g.overall.next_step ? el("p", {}, el("strong", { text: "First thing to fix: " }), g.overall.next_step.note) : null,
  ];
}

/** Each dimension's score, note, and the quoted items that earned it. */
export function dimensionList(g, answer) {
  return el("div", { class: "dimensions" }, Object.entries(DIMENSIONS).map(([key, label]) => {
    const d = g.dimensions[key];
    if (!d) return null;
    return el("section", { class: "dimension", "aria-label": label },
      el("h4", {}, scoreMeter(d.score, `${label} score`), ` ${label} · ${d.score}/5 ${d.label}`),
      d.note ? el("p", { class: "muted small", text: d.note }) : null,
      d.went_well.length ? el("div", {}, el("p", { class: "small strong", text: "What went well" }),
        el("ul", { class: "items good" }, d.went_well.map((i) => feedbackItem(i, answer)))) : null,
      d.improve.length ? el("div", {}, el("p", { class: "small strong", text: "What to improve" }),
        el("ul", { class: "items improve" }, d.improve.map((i) => feedbackItem(i, answer)))) : null);
  }));
}
