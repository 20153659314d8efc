// Three-way merge of two versions of the document that grew from one ancestor (another tab's save and
// this tab's document; or an upgraded document and what was typed while it was upgraded). What only one
// side changed is taken from that side, what both changed alike is kept, and a field both changed
// differently is a conflict the person decides (conflicts.js); until then the result holds `theirs`,
// the version already saved. Pure: no DOM, no storage, and the inputs are never changed.
//
// Lists whose items all carry a distinct id (interviews, rounds, questions, facts, panelists) are merged
// item by item; other lists (ids of hidden questions, pairs marked distinct) as sets. An item deleted on
// one side but edited on the other is kept: an edit is never lost to a delete.
// With no known ancestor (null) nothing is assumed: what either side has is kept, and any field the two
// sides hold differently is a conflict.

// Stands for an ancestor we do not know: it equals nothing, so no side's value is taken as unchanged.
const UNKNOWN = Object.freeze({ unknownAncestor: true });

// Keys that are not the person's content: the interview on screen is each tab's own choice, and the
// revision is stamped on every save (revisions.js).
const PER_TAB = ["current", "revision"];

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function equal(a, b) {
  if (a === UNKNOWN || b === UNKNOWN) return false;
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && equal(a[k], b[k]));
  }
  return false;
}

const copy = (v) => (v === undefined ? undefined : structuredClone(v));
const child = (base, key) => (base === UNKNOWN ? UNKNOWN : isObject(base) ? base[key] : undefined);

function withIds(list) {
  const ids = new Set();
  for (const item of list) {
    if (!isObject(item) || typeof item.id !== "string" || !item.id || ids.has(item.id)) return false;
    ids.add(item.id);
  }
  return true;
}

function mergeValue(base, mine, theirs, path, conflicts) {
  if (equal(mine, theirs)) return copy(mine);
  if (equal(base, mine)) return copy(theirs);
  if (equal(base, theirs)) return copy(mine);
  if (mine === undefined) return copy(theirs); // deleted here, changed there: the change stays
  if (theirs === undefined) return copy(mine);
  if (isObject(mine) && isObject(theirs)) return mergeObjects(base, mine, theirs, path, conflicts);
  if (Array.isArray(mine) && Array.isArray(theirs)) {
    const baseList = base === UNKNOWN ? UNKNOWN : Array.isArray(base) ? base : [];
    return withIds(mine) && withIds(theirs) && (baseList === UNKNOWN || withIds(baseList))
      ? mergeById(baseList, mine, theirs, path, conflicts)
      : mergeAsSet(baseList, mine, theirs);
  }
  conflicts.push({ path, base: base === UNKNOWN ? undefined : copy(base), mine: copy(mine), theirs: copy(theirs) });
  return copy(theirs);
}

function mergeObjects(base, mine, theirs, path, conflicts) {
  const out = {};
  for (const key of new Set([...Object.keys(theirs), ...Object.keys(mine)])) {
    const value = mergeValue(child(base, key), mine[key], theirs[key], [...path, key], conflicts);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function mergeById(base, mine, theirs, path, conflicts) {
  const byId = (list) => new Map(list.map((item) => [item.id, item]));
  const b = base === UNKNOWN ? null : byId(base);
  const m = byId(mine);
  const t = byId(theirs);
  // Their order, with items only this side has placed after the item they follow here (else last).
  const order = theirs.map((item) => item.id);
  mine.forEach((item, i) => {
    if (t.has(item.id)) return;
    const after = i > 0 ? order.indexOf(mine[i - 1].id) : -1;
    if (after >= 0) order.splice(after + 1, 0, item.id); else order.push(item.id);
  });
  const out = [];
  for (const id of order) {
    const value = mergeValue(b ? b.get(id) : UNKNOWN, m.get(id), t.get(id), [...path, { id }], conflicts);
    if (value !== undefined) out.push(value);
  }
  return out;
}

function mergeAsSet(base, mine, theirs) {
  const key = (item) => JSON.stringify(item);
  const inBase = base === UNKNOWN ? new Set() : new Set(base.map(key));
  const inMine = new Set(mine.map(key));
  const inTheirs = new Set(theirs.map(key));
  const kept = theirs.filter((item) => !(inBase.has(key(item)) && !inMine.has(key(item)))); // removed here
  const added = mine.filter((item) => !inTheirs.has(key(item)) && !inBase.has(key(item)));
  return copy([...kept, ...added]);
}

const content = (doc) => Object.fromEntries(Object.entries(doc || {}).filter(([k]) => !PER_TAB.includes(k)));

/**
 * Merge `mine` and `theirs`, which both grew from `base` (null when it is not known).
 * Returns {doc, conflicts}; each conflict is {path, base, mine, theirs}, its path a list of keys where a
 * list item is {id}. doc.current stays this tab's interview while it still exists.
 */
export function mergeDocs(base, mine, theirs) {
  const conflicts = [];
  const doc = mergeValue(base === null ? UNKNOWN : content(base), content(mine), content(theirs), [], conflicts);
  const exists = (id) => Array.isArray(doc.interviews) && doc.interviews.some((i) => isObject(i) && i.id === id);
  const current = [mine.current, theirs.current].find((id) => id && exists(id));
  if (current) doc.current = current;
  return { doc, conflicts };
}

/** Whether two documents hold the same content (what is on screen and the revision aside). */
export const sameContent = (a, b) => equal(content(a), content(b));

/** The value at a conflict's path in doc (undefined when it is not there any more). */
export function valueAt(doc, path) {
  let node = doc;
  for (const step of path) {
    if (typeof step === "string") node = isObject(node) ? node[step] : undefined;
    else node = Array.isArray(node) ? node.find((item) => isObject(item) && item.id === step.id) : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** Put value at a conflict's path in doc (in place). False when the place is gone (its item deleted). */
export function setAt(doc, path, value) {
  const parent = valueAt(doc, path.slice(0, -1));
  const key = path.at(-1);
  if (!isObject(parent) || typeof key !== "string") return false;
  if (value === undefined) delete parent[key]; else parent[key] = structuredClone(value);
  return true;
}

/** A copy of doc with ids renamed by `renames` (old id -> new id), in `id` and `current` fields. */
export function renameIds(doc, renames) {
  return JSON.parse(JSON.stringify(doc), (key, value) =>
    (key === "id" || key === "current") && typeof value === "string" && renames.has(value) ? renames.get(value) : value);
}
