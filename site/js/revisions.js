// Which saved versions of the document this tab has had, so that a save from another tab is merged
// against a version both tabs had, never a guess. Every save carries revision {id, parent}: its own id
// and the id of the saved version this tab's document grew from. When another tab's save names a parent
// this tab has had, that parent is the common ancestor; otherwise there is none we know (merge.js then
// assumes nothing). Two tabs that save at the same moment both name the version before: each merges the
// other's save against it, so neither edit is lost.
//
// "Nothing saved yet" is a version too ("fresh"): each tab's ancestor for it is its own first document,
// so the blank interview a new tab makes up is no edit of the person's and gives way to another tab's.

const KEEP = 8; // saves arrive every quarter second at most; another tab answers within a few of them
const had = new Map(); // revision id -> the document as saved (raw JSON), oldest first
let base = null; // the id of the saved version this tab's document grew from

function remember(id, raw) {
  had.delete(id);
  had.set(id, raw);
  while (had.size > KEEP) had.delete(had.keys().next().value);
  base = id;
}

// A document saved before revisions existed is named by its content, the same in every tab that read it.
function contentId(raw) {
  let hash = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < raw.length; i++) hash = Math.imul(hash ^ raw.charCodeAt(i), 0x01000193);
  return "content-" + (hash >>> 0).toString(16);
}

const idOf = (raw, doc) => (typeof doc?.revision?.id === "string" && doc.revision.id) || contentId(raw);

/** This tab's document now includes the saved version `raw` (read at start, or merged from another tab). */
export function adoptSaved(raw, doc) {
  remember(idOf(raw, doc), raw);
}

/** Nothing usable was saved: this tab starts from `doc`, the document as it was first shown. */
export function adoptFresh(doc) {
  remember("fresh", JSON.stringify(doc));
}

/** An older document `oldRaw` was upgraded to `doc`; every tab upgrading it gets the same result. */
export function adoptUpgraded(oldRaw, doc) {
  remember("upgraded-" + contentId(oldRaw), JSON.stringify(doc));
}

/** The text to save for doc, stamped with a new revision. Call saved(stamped) once it is written.
 *  toJSON writes the text (JSON.stringify, or state.js's, which reuses what has not changed). */
export function stamp(doc, toJSON = JSON.stringify) {
  const id = "rev-" + Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, "0")).join("");
  return { id, raw: toJSON({ ...doc, revision: { id, parent: base } }) };
}

export function saved(stamped) {
  remember(stamped.id, stamped.raw);
}

/** The version another tab's save grew from, parsed, if this tab had it; else null (no known ancestor). */
export function ancestorOf(theirs) {
  const parent = theirs?.revision?.parent;
  const raw = parent ? had.get(parent) : undefined;
  return raw === undefined ? null : JSON.parse(raw);
}

/** Whether this tab already has the saved version `raw` (its own save, or one it merged). */
export const hasHad = (raw, doc) => had.has(idOf(raw, doc));
