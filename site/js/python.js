// The page's side of the Python worker: start it, report readiness (dataset.python, the
// "python-ready" mark), and window.roundtwo.call(method, params) -> Promise of dispatch's exact reply.
// Calls made before Python is ready wait for it; nothing on this thread ever blocks on Python.

let worker = null;
let nextId = 1;
const pending = new Map();
const listeners = new Set();
let state = { state: "loading", detail: "Starting" };

export function onStatus(fn) {
  listeners.add(fn);
  fn(state);
}

function setStatus(next) {
  state = next;
  document.documentElement.dataset.python = next.state;
  if (next.state === "ready" && !performance.getEntriesByName("python-ready").length) {
    performance.mark("python-ready");
  }
  for (const fn of listeners) fn(state);
}

function failAll(message) {
  for (const [, resolve] of pending) resolve({ ok: false, error: { code: "python_unavailable", message } });
  pending.clear();
}

/** Take over the worker boot.js started, or start a fresh one (Retry). */
export function start() {
  if (worker) {
    worker.terminate();
    window.roundtwoPython = window.roundtwoSpawnPython();
  }
  failAll("Python was restarted before it answered; please try again.");
  setStatus({ state: "loading", detail: "Starting" });
  const spawned = window.roundtwoPython;
  worker = spawned.worker;
  spawned.listen = ({ data }) => {
    if (data.type === "status") {
      if (data.at) performance.mark(`python: ${data.state} ${data.detail}`.trim(), { startTime: Math.max(0, data.at - performance.timeOrigin) });
      setStatus({ state: data.state, detail: data.detail });
      if (data.state === "error") failAll(`Python failed to load (${data.detail}). Use Retry at the top of the page.`);
      return;
    }
    const resolve = pending.get(data.id);
    pending.delete(data.id);
    if (resolve) resolve(data.reply);
  };
  for (const event of spawned.early.splice(0)) spawned.listen(event);
  worker.onerror = (event) => {
    event.preventDefault();
    setStatus({ state: "error", detail: event.message || "the Python worker stopped" });
    failAll("Python stopped unexpectedly. Use Retry at the top of the page; your data is saved.");
  };
}

/** Exactly roundtwo.api.dispatch's reply, as a Promise. */
export function call(method, params = {}) {
  return new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    try {
      worker.postMessage({ id, method, params });
    } catch (err) {
      pending.delete(id);
      resolve({ ok: false, error: { code: "bad_params", message: `These params cannot be sent to Python: ${err.message}` } });
    }
  });
}

// boot.js started the worker; take it over now.
start();

/** Resolves when Python is ready (never rejects: waits through retries). */
export function whenReady() {
  return new Promise((resolve) => {
    if (state.state === "ready") return resolve();
    const fn = (s) => { if (s.state === "ready") { listeners.delete(fn); resolve(); } };
    listeners.add(fn);
  });
}
