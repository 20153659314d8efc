// Recorded practice takes, kept in IndexedDB (never localStorage: a two-minute take is megabytes, and
// blobs are stored as they are). Nothing here is in the document, so no take ever rides in a share link
// or a backup. Every call returns a Promise; a full disk rejects with an Error whose name is
// "QuotaExceededError", which the caller tells the person about.

import { KEYS } from "./store.js";

const VERSION = 1;
const TAKES = "takes";
let opening = null;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function open() {
  if (opening) return opening;
  opening = new Promise((resolve, reject) => {
    if (!window.indexedDB) { reject(new Error("This browser keeps no recordings (no IndexedDB).")); return; }
    const req = indexedDB.open(KEYS.mediaDb, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(TAKES)) db.createObjectStore(TAKES, { keyPath: "id" }).createIndex("created_at", "created_at");
    };
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => { db.close(); opening = null; }; // a newer tab upgrades; reopen next time
      resolve(db);
    };
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error("Close the other tabs of Round Two to open the recordings."));
  });
  opening.catch(() => { opening = null; });
  return opening;
}

/** Run fn(store) in one transaction; resolves once the transaction has committed (a put is on disk). */
async function withStore(mode, fn) {
  const db = await open();
  return new Promise((resolve, reject) => {
    let tx;
    try {
      tx = db.transaction(TAKES, mode);
    } catch (err) { reject(err); return; }
    let result;
    const store = tx.objectStore(TAKES);
    Promise.resolve(fn(store)).then((r) => { result = r; }, reject);
    tx.oncomplete = () => resolve(result);
    // A quota failure surfaces on the transaction (its error is the QuotaExceededError DOMException).
    tx.onabort = () => reject(tx.error || new DOMException("The recording could not be saved.", "AbortError"));
    tx.onerror = (e) => e.preventDefault?.();
  });
}

/** Save a take {id, blob, mime, seconds, question, ...}; resolves when it is stored. */
export function putTake(take) {
  return withStore("readwrite", (s) => request(s.put(take)));
}

export function getTake(id) {
  return withStore("readonly", (s) => request(s.get(id)));
}

/** Every take, oldest first. */
export async function listTakes() {
  const all = await withStore("readonly", (s) => request(s.getAll()));
  return (all || []).sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
}

export function deleteTake(id) {
  return withStore("readwrite", (s) => request(s.delete(id)));
}

export function deleteAll() {
  return withStore("readwrite", (s) => request(s.clear()));
}

/** Change some fields of a stored take (its transcript, its delivery figures). */
export async function updateTake(id, fields) {
  return withStore("readwrite", async (s) => {
    const take = await request(s.get(id));
    if (take) await request(s.put({ ...take, ...fields }));
    return Boolean(take);
  });
}

/** {usage, quota, persisted} in bytes, as far as the browser tells; nulls where it does not. */
export async function usage() {
  const out = { usage: null, quota: null, persisted: null };
  try {
    if (navigator.storage?.estimate) Object.assign(out, await navigator.storage.estimate());
    if (navigator.storage?.persisted) out.persisted = await navigator.storage.persisted();
  } catch { /* an estimate is a courtesy */ }
  return { usage: out.usage ?? null, quota: out.quota ?? null, persisted: out.persisted };
}

/** Ask the browser not to clear recordings when space runs low; resolves to whether it agreed. */
export async function requestPersistence() {
  try {
    if (!navigator.storage?.persist) return false;
    if (await navigator.storage.persisted()) return true;
    return await navigator.storage.persist();
  } catch {
    return false;
  }
}

export const isQuotaError = (err) => Boolean(err) && (err.name === "QuotaExceededError"
  || (err.inner && err.inner.name === "QuotaExceededError"));
