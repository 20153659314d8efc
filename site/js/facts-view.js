// Showing facts and conflicts from Python: chips, highlighted passages, offsets. Python counts
// characters by code point, JavaScript strings by UTF-16 unit: convert before slicing.

import { el } from "./dom.js";

/** Python code-point offset -> JavaScript string index. */
export function jsIndex(text, offset) {
  if (!Number.isInteger(offset) || offset <= 0) return 0;
  let units = 0;
  let points = 0;
  for (const ch of text) {
    if (points >= offset) break;
    units += ch.length;
    points += 1;
  }
  return units;
}

/** The text with [start, end) (Python offsets) wrapped in <mark>, as DOM nodes (never HTML). */
export function highlighted(text, start, end) {
  const a = jsIndex(text, start);
  const b = jsIndex(text, end);
  if (!(b > a)) return el("span", { text });
  return el("span", {}, text.slice(0, a), el("mark", { text: text.slice(a, b) }), text.slice(b));
}

export function describeValue(fact) {
  const v = fact.value;
  if (fact.kind === "money") return `${fact.currency || ""}${Number(v).toLocaleString()}`.trim();
  if (fact.kind === "percent") return `${v}%`;
  if (fact.kind === "duration") return `${+Number(v).toFixed(2)} months`;
  return String(v);
}

// A change ("from 8% to 5%") gives two facts: say which end each one is.
const MODE_WORDS = { start: " (before)", end: " (after)", delta: " (change)" };

export function factChip(fact, extraClass = "") {
  const about = (fact.label || fact.about || fact.kind) + (MODE_WORDS[fact.mode] || "");
  return el("span", { class: `chip ${extraClass}`.trim(), title: `${fact.kind}: “${fact.text}”` },
    el("strong", { text: about }), ` ${describeValue(fact)} · “${fact.text}”`);
}

/** Minutes east of UTC for a local datetime-local value (DST-correct for that date). */
export function localOffset(localDateTime) {
  const d = localDateTime ? new Date(localDateTime) : new Date();
  return Number.isNaN(d.getTime()) ? -new Date().getTimezoneOffset() : -d.getTimezoneOffset();
}

/** Why a conflict is one, in words under its message: the frame both facts share and the rule that
 *  made them disagree ("Same frame: both about your own figures, at Acme, in 2021. Rule: exact figures
 *  that differ disagree."). Python writes both phrases; null when it sent neither. */
export function conflictWhy(c) {
  const sentence = (s) => {
    const t = s.trim().replace(/[\s.;,:]+$/, "");
    return t ? `${t}.` : "";
  };
  const frame = typeof c?.frame === "string" ? sentence(c.frame) : "";
  const rule = typeof c?.rule === "string" ? sentence(c.rule) : "";
  if (!frame && !rule) return null;
  return el("p", { class: "conflict-why" },
    frame ? el("span", { class: "conflict-frame" }, el("strong", { text: "Same frame:" }), ` ${frame}`) : null,
    frame && rule ? " " : null,
    rule ? el("span", { class: "conflict-rule" }, el("strong", { text: "Rule:" }), ` ${rule}`) : null);
}
