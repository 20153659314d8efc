// The language-model settings and the keys. Off until the person turns one provider on. Settings (which
// provider, model, address, preview choices) are kept on this device under their own storage key,
// outside the document, so no export, backup or other tab's merge ever carries them. A key lives in this
// module's memory for the tab; only "remember on this device" writes it, under its own key per provider.

import * as store from "./store.js";
import { PROVIDERS, DEFAULT_TIMEOUT_MS } from "./llm.js";

export const USES = Object.freeze({
  test: "a connection test",
  feedback: "feedback on one practice answer",
  follow_up: "a follow-up question in a mock interview",
  second_reader: "a second reading of two rounds",
  tailor: "questions from a job description",
});

const keys = new Map(); // provider -> key, this tab only
const listeners = new Set();

function defaults() {
  return {
    active: null,
    providers: Object.fromEntries(Object.entries(PROVIDERS).map(([id, p]) => [id, {
      model: p.models[0], ...(id === "compatible" ? { baseUrl: p.base } : {}),
    }])),
    stream: true,
    followUps: true,
    timeoutSeconds: DEFAULT_TIMEOUT_MS / 1000,
    skipPreview: {},
  };
}

// Tolerant restore: defaults under whatever was saved, anything of the wrong type ignored.
function load() {
  const base = defaults();
  let saved = null;
  try {
    saved = JSON.parse(store.readItem(store.KEYS.llmSettings) || "null");
  } catch { /* damaged: the defaults (off) */ }
  if (!saved || typeof saved !== "object") return base;
  if (typeof saved.active === "string" && saved.active in PROVIDERS) base.active = saved.active;
  for (const id of Object.keys(PROVIDERS)) {
    const s = saved.providers && saved.providers[id];
    if (s && typeof s === "object") {
      if (typeof s.model === "string") base.providers[id].model = s.model.slice(0, 200);
      if (id === "compatible" && typeof s.baseUrl === "string") base.providers[id].baseUrl = s.baseUrl.slice(0, 500);
    }
  }
  if (typeof saved.stream === "boolean") base.stream = saved.stream;
  if (typeof saved.followUps === "boolean") base.followUps = saved.followUps;
  const t = Number(saved.timeoutSeconds);
  if (Number.isFinite(t) && t >= 1 && t <= 600) base.timeoutSeconds = t;
  if (saved.skipPreview && typeof saved.skipPreview === "object") {
    for (const kind of Object.keys(USES)) if (saved.skipPreview[kind] === true) base.skipPreview[kind] = true;
  }
  return base;
}

let settings = load();

function save() {
  store.writeItem(store.KEYS.llmSettings, JSON.stringify(settings));
  for (const fn of listeners) fn(settings);
}

export const get = () => settings;
export const onChange = (fn) => listeners.add(fn);

/** Change settings with fn(settings) and keep them. */
export function change(fn) {
  fn(settings);
  save();
}

/** The provider that is on, or null: every use of the model starts by asking this. */
export const activeProvider = () => settings.active;
export const enabled = () => settings.active !== null;

export function keyFor(provider) {
  if (keys.has(provider)) return keys.get(provider);
  return store.readItem(store.KEYS.llmKeyPrefix + provider) || "";
}

export const remembered = (provider) => Boolean(store.readItem(store.KEYS.llmKeyPrefix + provider));

/** Hold a key for the tab; write it to the device only when `remember` (and remove it when not). */
export function setKey(provider, key, remember) {
  const k = String(key || "").trim();
  if (k) keys.set(provider, k); else keys.delete(provider);
  if (remember && k) {
    if (!store.writeItem(store.KEYS.llmKeyPrefix + provider, k)) return false;
  } else {
    store.removeItem(store.KEYS.llmKeyPrefix + provider);
  }
  return true;
}

export function forgetKey(provider) {
  keys.delete(provider);
  store.removeItem(store.KEYS.llmKeyPrefix + provider);
}

/** What llm.js needs for one call to the active provider (key included), or null when off. */
export function connection(provider = settings.active) {
  if (!provider) return null;
  const s = settings.providers[provider];
  return { provider, model: s.model, baseUrl: s.baseUrl, key: keyFor(provider) };
}

/** Where the requests go, in words, for the settings page and the preview. */
export function destination(provider) {
  if (provider === "compatible") return settings.providers.compatible.baseUrl || PROVIDERS.compatible.base;
  return PROVIDERS[provider].origin;
}
