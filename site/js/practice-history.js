// The history of practice: typed mock sessions (score over time, per dimension) and, beside them,
// recorded one-way sessions with their delivery figures, so both kinds of rehearsal show progress.

import { el } from "./dom.js";
import { DIMENSIONS } from "./practice-feedback.js";

function sparkline(points) {
  const NS = "http://www.w3.org/2000/svg";
  const w = 160;
  const h = 36;
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.setAttribute("width", String(w));
  svg.setAttribute("height", String(h));
  svg.setAttribute("class", "sparkline");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `Overall score over your last ${points.length} sessions: ${points.join(", ")} out of 5`);
  const x = (i) => (points.length === 1 ? w / 2 : 4 + (i * (w - 8)) / (points.length - 1));
  const y = (v) => h - 4 - ((v - 1) / 4) * (h - 8);
  const line = document.createElementNS(NS, "polyline");
  line.setAttribute("points", points.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" "));
  line.setAttribute("class", "spark-line");
  svg.append(line);
  const dot = document.createElementNS(NS, "circle");
  dot.setAttribute("cx", x(points.length - 1).toFixed(1));
  dot.setAttribute("cy", y(points.at(-1)).toFixed(1));
  dot.setAttribute("r", "3");
  dot.setAttribute("class", "spark-dot");
  svg.append(dot);
  return svg;
}

const when = (iso) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toLocaleString([], { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
};
const figure = (v, suffix = "") => (typeof v === "number" && Number.isFinite(v) ? `${v}${suffix}` : "–");

function typedTable(h) {
  return el("div", { class: "table-wrap" }, el("table", { class: "history-table" },
    el("caption", { class: "visually-hidden", text: "Your practice sessions, newest first, with scores out of 5" }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "When" }), el("th", { scope: "col", text: "Interviewer" }),
      el("th", { scope: "col", text: "Answered" }), el("th", { scope: "col", text: "Overall" }),
      Object.values(DIMENSIONS).map((l) => el("th", { scope: "col", text: l.replace(" with your ledger", "") })))),
    el("tbody", {}, h.slice().reverse().map((x) => el("tr", {},
      el("td", { text: when(x.ended_at) }), el("td", { text: String(x.interviewer || "") }),
      el("td", { text: `${x.answered ?? 0} of ${x.asked ?? 0}` }),
      el("td", { text: figure(x.overall) }),
      Object.keys(DIMENSIONS).map((k) => el("td", { text: figure(x.dimensions && x.dimensions[k]) })))))));
}

function recordedTable(r) {
  return el("div", { class: "table-wrap" }, el("table", { class: "history-table", dataset: { recordedHistory: "" } },
    el("caption", { text: "Recorded one-way sessions, newest first, with delivery figures (averages over the answers)" }),
    el("thead", {}, el("tr", {}, ["When", "Answered", "Overall", "Words per minute", "Fillers per minute",
      "Said before the first fact", "Time used of the limit", "Retakes"].map((t) => el("th", { scope: "col", text: t })))),
    el("tbody", {}, r.slice().reverse().map((x) => el("tr", {},
      el("td", { text: when(x.ended_at) }),
      el("td", { text: `${x.answered ?? 0} of ${x.asked ?? 0}` }),
      el("td", { text: figure(x.overall) }),
      el("td", { text: figure(x.words_per_minute) }),
      el("td", { text: figure(x.fillers_per_minute) }),
      el("td", { text: typeof x.before_first_fact === "number" ? `${Math.round(x.before_first_fact * 100)}%` : "–" }),
      el("td", { text: typeof x.time_share === "number" ? `${Math.round(x.time_share * 100)}%` : "–" }),
      el("td", { text: figure(x.retakes) }))))));
}

/** The history card: typed sessions (with a score sparkline), recorded sessions, questions coming back. */
export function historyCard({ typed, recorded, retry }) {
  const box = el("div", { class: "card history", dataset: { history: "" } }, el("h3", { text: "Your practice so far" }));
  if (!typed.length && !recorded.length) {
    box.append(el("p", { class: "muted", text: "Finished sessions appear here with their scores, so you can see your answers get sharper." }));
    return box;
  }
  if (typed.length) {
    const scored = typed.filter((x) => typeof x.overall === "number").slice(-20).map((x) => x.overall);
    if (scored.length >= 2) box.append(el("div", { class: "row" }, sparkline(scored), el("span", { class: "muted small", text: "Overall score, session by session" })));
    box.append(typedTable(typed));
  }
  if (recorded.length) box.append(recordedTable(recorded));
  if (retry.length) {
    box.append(el("h4", { text: "Coming back for another try" }),
      el("ul", { class: "retry-list" }, retry.map((q) => el("li", {}, q.text,
        typeof q.score === "number" ? el("span", { class: "muted", text: ` (last: ${q.score} / 5)` }) : null))));
  }
  return box;
}
