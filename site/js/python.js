// The page's side of the Python worker: start it, report readiness (dataset.python, the
// "python-ready" mark), and window.roundtwo.call(method, params) -> Promise of dispatch's exact reply.
// Calls made before Python is ready wait for it; nothing on this thread ever blocks on Python.
//
// The worker is handed one call at a time; the rest wait here, in `queue`. Two things follow:
// - A call that runs past CALL_TIME_LIMIT_MS is stopped by restarting the worker (from the memory
//   snapshot, so it is back in a second or two). That caller is answered "python_timeout"; the calls
//   behind it were never sent, so they simply go to the new worker. The document lives in the page,
//   so nothing is lost.
// - A keystroke-driven call names a lane ({latest: "facts.extract <path>"}): a newer call in the same
//   lane replaces one still waiting here, which resolves SUPERSEDED and is never sent, so the worker
//   never works through a backlog of texts the person has already typed past.

/** How long one call may keep Python busy before the worker is restarted. */
export const CALL_TIME_LIMIT_MS = 5000;

export const SUPERSEDED = Object.freeze({
  ok: false, superseded: true,
  error: Object.freeze({ code: "superseded", message: "A newer request of the same kind replaced this one." }),
});

/** True for the reply of a call a newer one in its lane replaced: its caller ignores it. */
export const isSuperseded = (reply) => Boolean(reply && reply.superseded);

let spawned = null;     // {worker, early, listen} from boot.js's roundtwoSpawnPython
let nextId = 1;
const queue = [];       // calls not sent yet, oldest first: {id, method, params, lane, resolve}
let inFlight = null;    // the one call the worker has
let watchdog = null;    // stops inFlight once it has run CALL_TIME_LIMIT_MS
const listeners = new Set();
const restartListeners = new Set();
let state = { state: "loading", detail: "Starting" };

export function onStatus(fn) {
  listeners.add(fn);
  fn(state);
}

/** fn({method}) after a call ran too long and the worker was restarted. */
export function onRunawayRestart(fn) {
  restartListeners.add(fn);
}

function setStatus(next) {
  state = next;
  document.documentElement.dataset.python = next.state;
  if (next.state === "ready" && !performance.getEntriesByName("python-ready").length) {
    performance.mark("python-ready");
  }
  for (const fn of listeners) fn(state);
}

const unavailable = (message) => ({ ok: false, error: { code: "python_unavailable", message } });

function stopWatchdog() {
  clearTimeout(watchdog);
  watchdog = null;
}

/** Answer the call the worker has (it will not answer any more) and let the next one go. */
function settleInFlight(reply) {
  stopWatchdog();
  const job = inFlight;
  inFlight = null;
  if (job) job.resolve(reply);
}

function failAll(message) {
  settleInFlight(unavailable(message));
  for (const job of queue.splice(0)) job.resolve(unavailable(message));
}

/** Hand the worker the next waiting call, if it has none. */
function sendNext() {
  while (!inFlight && queue.length && spawned) {
    const job = queue.shift();
    try {
      spawned.worker.postMessage({ id: job.id, method: job.method, params: job.params });
      inFlight = job;
    } catch (err) {
      job.resolve({ ok: false, error: { code: "bad_params", message: `These params cannot be sent to Python: ${err.message}` } });
    }
  }
}

function onRunaway(job) {
  if (inFlight !== job) return;
  const seconds = CALL_TIME_LIMIT_MS / 1000;
  settleInFlight({ ok: false, error: { code: "python_timeout",
    message: `This took Python more than ${seconds} seconds, so Round Two stopped it and restarted Python. `
      + "Nothing you typed is lost. If it happens again with this text, try a shorter or simpler one." } });
  adopt(window.roundtwoPython = window.roundtwoSpawnPython());
  for (const fn of restartListeners) fn({ method: job.method });
}

/** Listen to a worker boot.js spawned, and send it the calls that are waiting. */
function adopt(next) {
  if (spawned) spawned.worker.terminate();
  spawned = next;
  setStatus({ state: "loading", detail: "Starting" });
  next.listen = ({ data }) => {
    if (spawned !== next) return; // a worker we have stopped
    if (data.type === "status") {
      if (data.at) performance.mark(`python: ${data.state} ${data.detail}`.trim(), { startTime: Math.max(0, data.at - performance.timeOrigin) });
      setStatus({ state: data.state, detail: data.detail });
      if (data.state === "error") failAll(`Python failed to load (${data.detail}). Use Retry at the top of the page.`);
      return;
    }
    if (data.type === "warmed") { // the background download of markdown has settled
      document.documentElement.dataset.warmed = data.state;
      return;
    }
    if (!inFlight || data.id !== inFlight.id) return;
    if (data.type === "started") { // Python is running it now: from here it has CALL_TIME_LIMIT_MS
      const job = inFlight;
      stopWatchdog();
      watchdog = setTimeout(() => onRunaway(job), CALL_TIME_LIMIT_MS);
    } else if (data.type === "waiting") { // for a download (markdown, metro wages): not Python's time
      stopWatchdog();
      if (data.url) inFlight.downloaded = data.url;
    } else {
      // A download Python asked for may have gone past the service worker (not yet in control on a
      // first visit): ask it to keep the file for offline use from the browser's HTTP cache.
      const url = inFlight.downloaded;
      if (url && "serviceWorker" in navigator) {
        navigator.serviceWorker.ready.then((r) => r.active?.postMessage({ type: "keep-lazy", url })).catch(() => {});
      }
      settleInFlight(data.reply);
      sendNext();
    }
  };
  for (const event of next.early.splice(0)) next.listen(event);
  next.worker.onerror = (event) => {
    event.preventDefault();
    if (spawned !== next) return;
    setStatus({ state: "error", detail: event.message || "the Python worker stopped" });
    failAll("Python stopped unexpectedly. Use Retry at the top of the page; your data is saved.");
  };
  sendNext();
}

/** Take over the worker boot.js started, or start a fresh one (Retry). */
export function start() {
  if (spawned) {
    settleInFlight(unavailable("Python was restarted before it answered; please try again."));
    window.roundtwoPython = window.roundtwoSpawnPython();
  }
  adopt(window.roundtwoPython);
}

/** Exactly roundtwo.api.dispatch's reply, as a Promise. `latest` names a lane (see the top). */
export function call(method, params = {}, { latest = null } = {}) {
  return new Promise((resolve) => {
    if (latest !== null) {
      const older = queue.findIndex((job) => job.lane === latest);
      if (older >= 0) queue.splice(older, 1)[0].resolve(SUPERSEDED);
    }
    queue.push({ id: nextId++, method, params, lane: latest, resolve });
    sendNext();
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
