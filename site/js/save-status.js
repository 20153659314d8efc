// The line in the page's header that says whether what the person types is kept: saved, not saved (a
// failed write), or paused, with why and a way on. It never says "saved" while nothing is being written.

import { el } from "./dom.js";

const line = () => document.getElementById("save-status");

function show(kind, text, actions = []) {
  const box = line();
  if (!box) return;
  box.dataset.state = kind;
  box.replaceChildren(el("span", { text }),
    ...actions.map(({ label, onClick }) => el("button", { type: "button", class: "secondary", text: label, onclick: onClick })));
}

export const showSaved = () => show("saved", "Saved in this browser");
export const showNotSaved = () => show("failed", "Not saved");

/** Saving is paused: say so, why (a sentence), and offer actions [{label, onClick}] that lead on. */
export function showPaused(reason, actions) {
  show("paused", `Changes are NOT being saved: ${reason}`, actions);
}
