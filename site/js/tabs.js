// Keeps this tab's document in step with what other tabs save. Each save of another tab arrives as the
// window's `storage` event; it is merged with this tab's document (saved and unsaved edits alike)
// against the version both tabs had (revisions.js), so edits to different things simply combine, and
// where both tabs changed one field the person chooses (conflicts.js). Saving goes on throughout; the
// only stop is a save this page cannot read (a newer Round Two in another tab), and onUnreadable says so.

import * as store from "./store.js";
import * as state from "./state.js";
import * as revisions from "./revisions.js";
import { mergeDocs, sameContent } from "./merge.js";
import { resolveConflicts } from "./conflicts.js";

const LABELS = {
  title: "Changed in two tabs",
  intro: "You changed this here while another tab of Round Two saved a different version. Choose the one to keep; everything else from both tabs is already combined.",
  mine: "This tab: ",
  theirs: "The other tab: ",
};

let held = null; // other tabs' saves that arrived while this tab's document was being replaced, in order
let onUnreadable = () => {};

/** Listen for other tabs' saves; unreadable() is called for one this page cannot read. */
export function watch(unreadable) {
  onUnreadable = unreadable;
  store.onOtherTabChange((raw) => (held ? held.push(raw) : take(raw)));
  // A page restored from the back-forward cache missed the saves made while it was away.
  window.addEventListener("pageshow", (event) => { if (event.persisted) catchUp(); });
}

/** Keep other tabs' saves waiting until release(): this tab's own document is about to be replaced. */
export function hold() {
  held ??= [];
}

export function release() {
  const waiting = held || [];
  held = null;
  waiting.forEach(take);
}

function catchUp() {
  const stored = store.readDoc();
  if (stored.status === "current" && !revisions.hasHad(stored.raw, stored.doc)) take(stored.raw);
}

function take(raw) {
  if (raw === null) return; // removed by hand (developer tools): the next save writes it again
  const saved = store.parseDoc(raw);
  if (saved.status !== "current") return onUnreadable();
  const theirs = saved.doc;
  const mine = state.getDoc();
  const { doc, conflicts } = mergeDocs(revisions.ancestorOf(theirs), mine, theirs);
  revisions.adoptSaved(raw, theirs);
  // Written back only when this tab adds something to it; else both tabs now hold the same.
  state.replace(doc, { save: !sameContent(doc, theirs) });
  if (conflicts.length) resolveConflicts(conflicts, mine, LABELS);
}
