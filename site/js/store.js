// The one place that touches localStorage. Every key is in KEYS, every call is guarded, saves are
// debounced (well under half a second) and flushed on pagehide. Nothing saved is ever overwritten by
// data we could not read: such data is copied aside first and the person is told.

export const KEYS = Object.freeze({
  doc: "roundtwo.doc",               // the one versioned document
  asidePrefix: "roundtwo.aside.",    // + ISO time: documents we could not read, kept untouched
  llmSettings: "roundtwo.llm.settings", // language-model settings (never a key): outside the document
  llmKeyPrefix: "roundtwo.llm.key.",    // + provider: a key the person asked to remember on this device
  mediaDb: "roundtwo-media",            // IndexedDB database of recorded practice takes (media-store.js)
});

// Must equal roundtwo.model.SCHEMA_VERSION (a unit test checks). Other versions go through Python.
export const SCHEMA_VERSION = 2;

const SAVE_DELAY_MS = 250;

function storage() {
  try {
    return window.localStorage; // throws in some privacy modes
  } catch {
    return null;
  }
}

export function storageAvailable() {
  const ls = storage();
  if (!ls) return false;
  try {
    const probe = "roundtwo.probe";
    ls.setItem(probe, "1");
    ls.removeItem(probe);
    return true;
  } catch {
    return false;
  }
}

/** Read the saved document. status: empty | current | other-version | corrupt | unavailable. */
export function readDoc() {
  const ls = storage();
  if (!ls) return { status: "unavailable", doc: null, raw: null };
  let raw;
  try {
    raw = ls.getItem(KEYS.doc);
  } catch {
    return { status: "unavailable", doc: null, raw: null };
  }
  return parseDoc(raw);
}

/** What a saved document's text holds. status: empty | current | other-version | corrupt. */
export function parseDoc(raw) {
  if (raw === null) return { status: "empty", doc: null, raw };
  let doc;
  try {
    doc = JSON.parse(raw);
  } catch {
    return { status: "corrupt", doc: null, raw };
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return { status: "corrupt", doc: null, raw };
  if (doc.version === SCHEMA_VERSION) return { status: "current", doc, raw };
  return { status: "other-version", doc, raw };
}

/** Copy a raw document we cannot use to its own key. Returns the key, or null if it could not be kept. */
export function keepAside(raw) {
  const ls = storage();
  if (!ls || raw === null) return null;
  const key = KEYS.asidePrefix + new Date().toISOString();
  try {
    ls.setItem(key, raw);
    return key;
  } catch {
    return null;
  }
}

export function readAside(key) {
  try {
    return storage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function removeAside(key) {
  if (!key.startsWith(KEYS.asidePrefix)) return;
  try {
    storage()?.removeItem(key);
  } catch { /* nothing to do: it stays */ }
}

export function listAside() {
  const ls = storage();
  const keys = [];
  if (!ls) return keys;
  try {
    for (let i = 0; i < ls.length; i++) {
      const k = ls.key(i);
      if (k && k.startsWith(KEYS.asidePrefix)) keys.push(k);
    }
  } catch { /* none readable */ }
  return keys.sort();
}

/** A value under one of KEYS outside the document (language-model settings): null when absent or unreadable. */
export function readItem(key) {
  try {
    return storage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Write one of KEYS outside the document. Returns false when the browser refused (full, or storage off). */
export function writeItem(key, value) {
  try {
    const ls = storage();
    if (!ls) return false;
    ls.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

export function removeItem(key) {
  try {
    storage()?.removeItem(key);
  } catch { /* storage off: nothing was kept */ }
}

/**
 * A debounced saver. serialize() returns {raw, ...}: the text to save and anything the caller wants back;
 * onResult({ok, written, error}) reports each save (written: what serialize returned), so the page can
 * show "saved" or a storage-full message the person can act on. While paused nothing is written; the
 * caller says why on the page (state.pauseSaving) and resume() writes what is pending.
 */
export function createSaver(serialize, onResult) {
  let timer = null;
  let paused = false;

  function writeNow() {
    clearTimeout(timer);
    timer = null;
    if (paused) return;
    const ls = storage();
    if (!ls) return onResult({ ok: false, error: "unavailable" });
    try {
      const written = serialize();
      ls.setItem(KEYS.doc, written.raw);
      onResult({ ok: true, written });
    } catch (err) {
      const full = err && (err.name === "QuotaExceededError" || err.code === 22);
      onResult({ ok: false, error: full ? "quota" : "failed", detail: String(err && err.message || err) });
    }
  }

  const flushIfPending = () => { if (timer !== null) writeNow(); };
  window.addEventListener("pagehide", flushIfPending);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") flushIfPending(); });

  return {
    schedule() {
      clearTimeout(timer);
      timer = setTimeout(writeNow, SAVE_DELAY_MS);
    },
    flush: writeNow,
    pending: () => timer !== null,
    pause() { paused = true; clearTimeout(timer); timer = null; },
    resume() { paused = false; },
    paused: () => paused,
  };
}

/** Call fn(newRaw) for each save of the document by another tab (the window's `storage` event). */
export function onOtherTabChange(fn) {
  window.addEventListener("storage", (event) => {
    if (event.key === KEYS.doc && event.storageArea === storage()) fn(event.newValue);
  });
}
