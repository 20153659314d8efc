// The document in memory, the single source the UI renders from. Every change goes through set() or
// update(), which saves (debounced) and tells subscribers. Paths are dotted: "interview.company",
// "questions.2.answer".

import { createSaver } from "./store.js";
import { notify, dismiss } from "./notices.js";
import * as revisions from "./revisions.js";
import * as saveStatus from "./save-status.js";

let doc = { version: 0 };
const subscribers = new Set();
let saver = null;
let paused = false; // while true, the status line says why and offers a way on (pauseSaving)

function onSaved(result) {
  if (result.ok) {
    revisions.saved(result.written);
    dismiss("storage");
    saveStatus.showSaved();
    return;
  }
  saveStatus.showNotSaved();
  const message = result.error === "quota"
    ? "Your browser's storage for this site is full, so your latest changes are NOT saved. Export your data (About page), then delete old interviews or data kept aside."
    : result.error === "unavailable"
      ? "This browser does not let Round Two save (storage is off, perhaps private mode). Your work lives only in this tab: export it before closing."
      : `Saving failed (${result.detail || "unknown reason"}). Your latest changes are only in this tab.`;
  notify("storage", message, { kind: "error" });
}

// The saved text of each interview, kept until it changes: a save while typing writes out the one interview
// being edited and reuses the others' text, so its cost does not grow with the number of interviews.
// set() on a path inside one interview forgets that one; update() and replace(), which may change
// anything, forget all. The text is the same as JSON.stringify's.
let written = new WeakMap(); // interview object -> its JSON

function forget(path) {
  const m = /^interviews\.(\d+)(\.|$)/.exec(path);
  if (!m) {
    if (path === "interviews" || path.startsWith("interviews.")) written = new WeakMap();
    return;
  }
  const item = Array.isArray(doc.interviews) ? doc.interviews[Number(m[1])] : null;
  if (item && typeof item === "object") written.delete(item);
}

function interviewJSON(item) {
  if (item === null || typeof item !== "object") return JSON.stringify(item) ?? "null";
  let text = written.get(item);
  if (text === undefined) {
    text = JSON.stringify(item);
    written.set(item, text);
  }
  return text;
}

/** JSON.stringify(whole), with each interview's text reused from the last save when it is unchanged. */
export function toJSON(whole) {
  const parts = [];
  for (const [key, value] of Object.entries(whole)) {
    const text = key === "interviews" && Array.isArray(value)
      ? "[" + value.map(interviewJSON).join(",") + "]"
      : JSON.stringify(value);
    if (text !== undefined) parts.push(JSON.stringify(key) + ":" + text);
  }
  return "{" + parts.join(",") + "}";
}

/** Start with initialDoc; it always has an interview on screen (a blank one when it has none). */
export function init(initialDoc) {
  doc = initialDoc;
  written = new WeakMap();
  interviewIndex();
  saver ??= createSaver(() => revisions.stamp(doc, toJSON), onSaved);
}

export const getDoc = () => doc;
export const saveNow = () => saver && saver.flush();

/**
 * Stop writing, and say so on the status line: reason (a sentence) says why, actions [{label, onClick}]
 * lead on (resume, reload, export). Edits go on in this tab and are written once saving resumes.
 */
export function pauseSaving(reason, actions = []) {
  saver.pause();
  paused = true;
  saveStatus.showPaused(reason, actions);
}

/** Write again, at once (what was typed while paused included). */
export function resumeSaving() {
  paused = false;
  saver.resume();
  saver.flush();
}

export const savingPaused = () => paused;

export function replace(next, { save = true } = {}) {
  doc = next;
  written = new WeakMap();
  if (save) saver.schedule();
  for (const fn of subscribers) fn(doc, "*");
}

export function subscribe(fn) {
  subscribers.add(fn);
  return () => subscribers.delete(fn);
}

export function get(path, fallback = "") {
  let node = doc;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object") return fallback;
    node = node[part];
  }
  return node === undefined ? fallback : node;
}

export function set(path, value) {
  forget(path);
  const parts = path.split(".");
  let node = doc;
  for (const [i, part] of parts.slice(0, -1).entries()) {
    if (node[part] === null || typeof node[part] !== "object") node[part] = /^\d+$/.test(parts[i + 1]) ? [] : {};
    node = node[part];
  }
  node[parts.at(-1)] = value;
  forget(path);
  saver.schedule();
  for (const fn of subscribers) fn(doc, path);
}

/** Change the document with a function (for list edits); saves and notifies like set(). */
export function update(fn, path = "*") {
  fn(doc);
  written = new WeakMap();
  saver.schedule();
  for (const sub of subscribers) sub(doc, path);
}

export function newId(prefix) {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return prefix + "-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// ---- the interview on screen ------------------------------------------------------------------
// Most views work on one interview (a company and role). doc.current holds its id.

function blankInterview() {
  const round = { id: newId("r"), name: "Round one", ended_at: "", interviewers: "", questions: [] };
  return { id: newId("i"), company: "", role: "", candidate_name: "", next_round_at: "", news_expected_by: "",
    rounds: [round], ledger: { facts: [], distinct: [] }, panel: { panelists: [] }, salary: {}, plan: { done: {} },
    cv: { text: "", file_name: "", added_at: "" } };
}

/** Index of the current interview, creating a first one when there is none. */
export function interviewIndex() {
  if (!Array.isArray(doc.interviews)) doc.interviews = [];
  if (!doc.interviews.length) {
    doc.interviews.push(blankInterview());
    doc.current = doc.interviews[0].id;
  }
  const found = doc.interviews.findIndex((i) => i && i.id === doc.current);
  if (found >= 0) return found;
  doc.current = doc.interviews[0].id;
  return 0;
}

/** Dotted path inside the current interview: ipath("rounds.0.name") -> "interviews.2.rounds.0.name". */
export const ipath = (rel) => `interviews.${interviewIndex()}${rel ? "." + rel : ""}`;
export const interview = () => doc.interviews[interviewIndex()];

export function addInterview() {
  update((d) => {
    const fresh = blankInterview();
    d.interviews.push(fresh);
    d.current = fresh.id;
  });
}

export function switchInterview(id) {
  update((d) => { d.current = id; });
}

export function removeCurrentInterview() {
  update((d) => {
    d.interviews.splice(interviewIndex(), 1);
    d.current = d.interviews[0] ? d.interviews[0].id : "";
  });
}
