// Small helpers shared by the panel, salary and plan views: labelled fields bound to a document path,
// a "latest wins" runner for Python calls (the section carries data-busy while one is pending), copying
// text, and dates shown in the person's own time zone. Text only (textContent), never HTML.

import * as state from "./state.js";
import { el } from "./dom.js";

export const fieldId = (path) => "f-" + path.replaceAll(".", "-");

/** A labelled input or textarea whose value lives at `path` (the section's input listener saves it). */
export function field(label, path, { multiline = false, type = "text", rows = 3, placeholder = "", hint = "",
  id = fieldId(path), inputmode = null, list = null, cls = "" } = {}) {
  const input = multiline
    ? el("textarea", { id, rows, placeholder, dataset: { path } })
    : el("input", { id, type, placeholder, dataset: { path }, autocomplete: "off", inputmode, list });
  const value = state.get(path, "");
  input.value = typeof value === "string" || typeof value === "number" ? String(value) : "";
  const hintId = hint ? id + "-hint" : null;
  if (hintId) input.setAttribute("aria-describedby", hintId);
  return el("div", { class: `field ${cls}`.trim() }, el("label", { for: id, text: label }),
    hint ? el("small", { class: "muted", id: hintId, text: hint }) : null, input);
}

/** A checkbox whose boolean lives at `path`. */
export function checkbox(label, path, { id = fieldId(path) } = {}) {
  const input = el("input", { id, type: "checkbox", dataset: { path, type: "bool" } });
  input.checked = state.get(path, false) === true;
  return el("div", { class: "inline" }, input, el("label", { for: id, text: label }));
}

/** The one input listener of a view: saves the value at data-path and keeps copies of it in step. */
export function bindInputs(section, after = () => {}) {
  const handle = (event) => {
    const target = event.target;
    const path = target.dataset?.path;
    if (!path) return;
    const value = target.dataset.type === "bool" ? target.checked : target.value;
    state.set(path, value);
    // The same value may be on screen in another view (dates on the Debrief and Plan pages).
    for (const other of document.querySelectorAll(`[data-path="${CSS.escape(path)}"]`)) {
      if (other === target) continue;
      if (other.dataset.type === "bool") other.checked = value === true;
      else other.value = value;
    }
    after(path, value, target, event);
  };
  section.addEventListener("input", handle);
  // Selects and checkboxes also fire "change"; "input" covers them in every current browser.
}

/**
 * Run an async job, latest wins: while one run is in flight, further requests fold into one more run.
 * The section carries data-busy while any runner of it is waiting or working (tests and screen readers
 * can tell a settled view from one still thinking).
 */
export function runner(section, job, delay = 150) {
  const key = Symbol("runner");
  section.__busy = section.__busy || new Set();
  let timer = null;
  let running = false;
  let again = false;
  const mark = () => {
    if (section.__busy.size) section.dataset.busy = "";
    else delete section.dataset.busy;
  };
  async function go() {
    timer = null;
    if (running) { again = true; return; }
    running = true;
    try {
      do { again = false; await job(); } while (again);
    } catch (err) {
      console.error(err);
    } finally {
      running = false;
      if (!timer) { section.__busy.delete(key); mark(); }
    }
  }
  return (wait = delay) => {
    section.__busy.add(key);
    mark();
    clearTimeout(timer);
    timer = setTimeout(go, wait);
  };
}

/** Copy text; where the clipboard is not allowed, select it in `box` and say how to copy it. */
export async function copyText(text, box, status) {
  try {
    if (!navigator.clipboard?.writeText) throw new Error("no clipboard");
    await navigator.clipboard.writeText(text);
    status.textContent = "Copied.";
  } catch {
    box.focus();
    box.select?.();
    status.textContent = "Selected: press Ctrl+C (⌘C on a Mac) to copy.";
  }
}

/** A datetime-local or date value, or an ISO time from Python, shown in the person's time zone. */
export function when(value, { time = true } = {}) {
  if (!value) return "";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const opts = { weekday: "short", day: "numeric", month: "short" };
  if (d.getFullYear() !== new Date().getFullYear()) opts.year = "numeric";
  if (time) Object.assign(opts, { hour: "2-digit", minute: "2-digit" });
  return d.toLocaleString([], opts);
}

/** A datetime-local value (no zone) as UTC ISO text for Python; unreadable text goes as typed. */
export function toUtc(local) {
  if (typeof local !== "string" || !local.trim()) return "";
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

export const plural = (n, one, many = one + "s") => `${n} ${n === 1 ? one : many}`;

/** A short status line: an error from Python (its message is written for the person) or muted text. */
export function say(node, text, kind = "muted") {
  node.replaceChildren(el("p", { class: kind, role: kind === "error" ? "alert" : null, text }));
}

/** Clip text for a label (by code points, never splitting an emoji). */
export function clip(text, n = 70) {
  const chars = Array.from(String(text ?? "").replace(/\s+/g, " ").trim());
  return chars.length > n ? chars.slice(0, n - 1).join("").trimEnd() + "…" : chars.join("");
}
