// Pyodide in a Web Worker, behind one message layer: {id, method, params} in, {id, reply} out, where
// reply is exactly what roundtwo.api.dispatch returned. Start-up steps are ordered and reported as
// {type: "status"} messages; the page restarts this worker after a fatal error, and after a call that
// keeps Python busy too long: {type: "started", id} says Python is running that call now (the page
// times it from there), {type: "waiting", id} that it waits for a download instead (not timed).
"use strict";

const BASE = new URL("./", self.location.href);
const indexURL = new URL("pyodide/", BASE).href;
// `at` (epoch ms) lets the page mark each step at the time it happened here, for bench/startup.py.
const STATUS = (state, detail) => self.postMessage({ type: "status", state, detail, at: performance.timeOrigin + performance.now() });

// Start fetching our package before Pyodide, so both downloads overlap.
const archive = fetch(new URL("roundtwo.zip", BASE)).then((r) => {
  if (!r.ok) throw new Error(`roundtwo.zip: HTTP ${r.status}`);
  return r.arrayBuffer();
});
archive.catch(() => {}); // reported through `ready` below

// The page compiles Pyodide's wasm and sends the module here: Chromium keeps compiled wasm in its code
// cache for the page's own fetches but not for a worker's, so a warm start is ~2x faster this way.
// Pyodide fetches and instantiates its wasm itself; we answer those two calls with the module (and
// skip the second download), or let them through if the page could not compile it.
let receiveWasmModule;
const wasmModule = new Promise((resolve) => (receiveWasmModule = resolve));
const WASM_NAME = "pyodide.asm.wasm";
const realFetch = self.fetch.bind(self);
const standIns = new WeakSet(); // the empty responses we gave Pyodide in place of its wasm
self.fetch = async (input, init) => {
  if (String(input).endsWith(WASM_NAME) && await wasmModule) {
    const standIn = new Response(new ArrayBuffer(0), { headers: { "Content-Type": "application/wasm" } });
    standIns.add(standIn);
    return standIn;
  }
  return realFetch(input, init);
};
// Pyodide only logs a failed instantiation and then waits forever; this rejects instead (see loadPython).
let instantiationFailed = () => {};
const instantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async (source, imports) => {
  try {
    const response = await source;
    if (!standIns.has(response)) return await instantiateStreaming(response, imports);
    return { module: await wasmModule, instance: await WebAssembly.instantiate(await wasmModule, imports) };
  } catch (err) {
    instantiationFailed(new Error("Python's WebAssembly could not be loaded: " + String(err && err.message || err)));
    throw err;
  }
};

/** loadPyodide, but a failed instantiation rejects rather than hanging. */
function loadPython(options) {
  const failed = new Promise((_, reject) => (instantiationFailed = reject));
  return Promise.race([loadPyodide({ indexURL, ...options }), failed]);
}

let pyodide = null;
let dispatchJson = null;
const resources = new Map(); // name -> Promise, so each loads once

// A memory snapshot of Python just after start-up, kept in this browser's Cache Storage, makes every
// visit after the first skip Python's own initialisation (about twice as fast to ready). It is made before any
// call is answered, so it never holds anything the person typed. The key changes with Pyodide, our
// package and this file, so a new deployment makes a new one. Pyodide's snapshot API is experimental:
// anything odd and we throw the snapshot away and start the usual way.
const SNAPSHOT_KEY = null; // filled in by build.py
const SNAPSHOT_CACHE = "python-snapshot"; // not "roundtwo-…": sw.js deletes those on activate
const SNAPSHOT_LENGTH = "X-Snapshot-Length";
const snapshotUrl = () => new URL(`python-snapshot/${SNAPSHOT_KEY}`, BASE).href;

async function readSnapshot() {
  try {
    const hit = await (await caches.open(SNAPSHOT_CACHE)).match(snapshotUrl());
    if (!hit) return null;
    const bytes = await hit.arrayBuffer();
    // A short write (quota, a closed tab) leaves fewer bytes than were made; Pyodide would size
    // Python's memory from them and fail to start, so such a snapshot is never tried.
    if (String(bytes.byteLength) !== hit.headers.get(SNAPSHOT_LENGTH)) throw new Error("incomplete snapshot");
    return bytes;
  } catch {
    await dropSnapshot();
    return null; // storage off, or a bad snapshot: start the usual way
  }
}

async function storeSnapshot(bytes) {
  try {
    const cache = await caches.open(SNAPSHOT_CACHE);
    for (const old of await cache.keys()) await cache.delete(old); // at most one: this build's
    await cache.put(snapshotUrl(), new Response(bytes, { headers: { "Content-Type": "application/octet-stream", [SNAPSHOT_LENGTH]: String(bytes.byteLength) } }));
  } catch {
    // quota or storage off: the next visit starts the usual way
  }
}

async function dropSnapshot() {
  try { await caches.delete(SNAPSHOT_CACHE); } catch { /* nothing to drop */ }
}

// Our package is imported straight from its archive (zipimport, as Pyodide does its standard library):
// writing one file is instant, where unpacking it ran Python's zipfile over every file on a cold start.
const APP_ZIP = "/home/pyodide/roundtwo.zip";

async function installApp() {
  STATUS("loading", "Loading Round Two");
  pyodide.FS.writeFile(APP_ZIP, new Uint8Array(await archive));
}

/** The usual start: initialise Python, import our package. Returns what makes a snapshot of it. */
async function startFresh() {
  pyodide = await loadPython({ _makeSnapshot: true });
  await installApp();
  STATUS("loading", "Importing Round Two");
  pyodide.runPython(`import sys; sys.path.insert(0, '${APP_ZIP}'); import roundtwo.api`);
  return () => pyodide.makeMemorySnapshot();
}

/** Python as it was after startFresh() on an earlier visit; only the archive's file is written again. */
async function startFromSnapshot(snapshot) {
  STATUS("loading", "Restoring from your last visit");
  pyodide = await loadPython({ _loadSnapshot: snapshot });
  await installApp();
  // random (if imported) was seeded when the snapshot was made: every visit would replay it.
  pyodide.runPython("import sys, roundtwo.api\nif 'random' in sys.modules: sys.modules['random'].seed()");
}

async function start() {
  STATUS("loading", "Loading the Python runtime");
  const snapshotRead = readSnapshot(); // read from disk while the scripts below load
  // Both at once: fetched in parallel, and Pyodide skips loading pyodide.asm.js itself when it is there.
  importScripts(new URL("pyodide/pyodide.js", BASE).href, new URL("pyodide/pyodide.asm.js", BASE).href);
  const snapshot = await snapshotRead;
  if (snapshot) {
    try {
      await startFromSnapshot(snapshot);
      return null; // nothing new to keep
    } catch (err) {
      console.warn("Round Two: the Python snapshot could not be used; starting the usual way.", err);
      await dropSnapshot();
    }
  }
  return startFresh();
}

const ready = start();
ready.then((makeSnapshot) => {
  STATUS("ready", "");
  // Made now, before any call is answered (calls wait on `ready`, and run after this), so it holds no
  // one's text and no reference from JavaScript; stored in the background.
  if (makeSnapshot) {
    try { storeSnapshot(makeSnapshot()); } catch (err) { console.warn("Round Two: no Python snapshot made.", err); }
  }
  dispatchJson = pyodide.pyimport("roundtwo.api").dispatch_json;
  // Warm up what later calls need, off the start-up path: nothing waits for this. The page hears when
  // it has settled (tests wait for it before taking the network away, so no download is cut off).
  setTimeout(() => loadResource("markdown").then(() => "ready", () => "failed")
    .then((state) => self.postMessage({ type: "warmed", state })), 0);
}, (err) => STATUS("error", String(err && err.message || err)));

// Metro wage files, one per state (roundtwo.places, METRO_DIRS there): fetched when Python first asks
// for a state's metros and written where Python reads them. The service worker keeps the file, so the
// next visit, online or not, gets it from the cache.
const METRO_DIR = "/home/pyodide/salary-metros";

async function loadMetros(state) {
  if (!/^[A-Z]{2}$/.test(state)) throw new Error(`no metro figures for ${state}`);
  const response = await fetch(new URL(`salary-metros/${state}.json.gz`, BASE));  // the URL keep-lazy names
  if (!response.ok) throw new Error(`the metro figures for ${state} could not be loaded (HTTP ${response.status})`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  try { pyodide.FS.mkdir(METRO_DIR); } catch { /* already there */ }
  pyodide.FS.writeFile(`${METRO_DIR}/${state}.json.gz`, bytes);
}

async function loadResource(name) {
  if (!resources.has(name)) {
    resources.set(name, name.startsWith("salary-metros:") ? loadMetros(name.slice("salary-metros:".length)) : (async () => {
      const index = await (await fetch(new URL("wheels/wheels.json", BASE))).json();
      const wheels = index[name];
      if (!wheels) throw new Error(`unknown resource ${name}`);
      const urls = wheels.map((w) => new URL("wheels/" + w, BASE).href);
      // packaging and micropip go in directly; micropip then installs the rest from our own files.
      await pyodide.loadPackage(urls.slice(0, 2));
      const micropip = pyodide.pyimport("micropip");
      for (const url of urls.slice(2)) await micropip.install.callKwargs(url, { deps: false });
      micropip.destroy();
    })());
    resources.get(name).catch(() => resources.delete(name)); // a later call may try again
  }
  return resources.get(name);
}

function call(method, params) {
  return JSON.parse(dispatchJson(JSON.stringify({ method, params })));
}

self.onmessage = async (event) => {
  if (event.data && event.data.type === "wasm-module") return receiveWasmModule(event.data.module);
  const { id, method, params } = event.data || {};
  let reply;
  try {
    await ready;
    self.postMessage({ type: "started", id });
    reply = call(method, params);
    // A call may need more than one download (a remote job's employer in another state): a few rounds.
    for (let round = 0; round < 3 && !reply.ok && reply.error.code === "needs_resource"; round++) {
      const resource = reply.error.resource;
      // The file's URL, so the page can ask the service worker to keep it (see keep-lazy in sw.js).
      const url = resource.startsWith("salary-metros:") ? `salary-metros/${resource.slice("salary-metros:".length)}.json.gz` : null;
      self.postMessage({ type: "waiting", id, url });
      try {
        await loadResource(reply.error.resource);
      } catch (err) {
        // Offline before this file was ever loaded, say: a sentence, and Python stays up.
        reply = { ok: false, error: { code: "resource_unavailable", resource: reply.error.resource,
          message: `Could not load ${reply.error.resource.replace("salary-metros:", "the metro figures for ")} (${String(err && err.message || err)}). Check the connection and try again, or pick the state instead.` } };
        break;
      }
      self.postMessage({ type: "started", id });
      reply = call(method, params);
    }
  } catch (err) {
    reply = { ok: false, error: { code: "python_unavailable",
      message: "Python is not available (" + String(err && err.message || err) + "). Use Retry at the top of the page." } };
  }
  self.postMessage({ id, reply });
};
