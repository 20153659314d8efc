// Pyodide in a Web Worker, behind one message layer: {id, method, params} in, {id, reply} out, where
// reply is exactly what roundtwo.api.dispatch returned. Start-up steps are ordered and reported as
// {type: "status"} messages; the page restarts this worker after a fatal error.
"use strict";

const BASE = new URL("./", self.location.href);
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
self.fetch = async (input, init) => {
  if (String(input).endsWith(WASM_NAME)) {
    self.fetch = realFetch; // only Pyodide's one fetch of its wasm
    if (await wasmModule) return new Response(new ArrayBuffer(0), { headers: { "Content-Type": "application/wasm" } });
  }
  return realFetch(input, init);
};
const instantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async (source, imports) => {
  WebAssembly.instantiateStreaming = instantiateStreaming; // only Pyodide's own first call
  try {
    const module = await wasmModule;
    if (!module) return await instantiateStreaming(source, imports);
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  } catch (err) {
    // Pyodide only logs a failed instantiation and then waits forever: say it here instead.
    STATUS("error", "Python's WebAssembly could not be loaded: " + String(err && err.message || err));
    throw err;
  }
};

let pyodide = null;
let dispatchJson = null;
const resources = new Map(); // name -> Promise, so each loads once

async function start() {
  STATUS("loading", "Loading the Python runtime");
  // Both at once: fetched in parallel, and Pyodide skips loading pyodide.asm.js itself when it is there.
  importScripts(new URL("pyodide/pyodide.js", BASE).href, new URL("pyodide/pyodide.asm.js", BASE).href);
  pyodide = await loadPyodide({ indexURL: new URL("pyodide/", BASE).href });
  STATUS("loading", "Loading Round Two");
  const buffer = await archive;
  STATUS("loading", "Unpacking Round Two");
  pyodide.unpackArchive(buffer, "zip", { extractDir: "/home/pyodide/app" });
  STATUS("loading", "Importing Round Two");
  pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/app'); import roundtwo.api");
  dispatchJson = pyodide.pyimport("roundtwo.api").dispatch_json;
}

const ready = start();
ready.then(() => {
  STATUS("ready", "");
  // Warm up what later calls need, off the start-up path: nothing waits for this.
  setTimeout(() => loadResource("markdown").catch(() => {}), 0);
}, (err) => STATUS("error", String(err && err.message || err)));

async function loadResource(name) {
  if (!resources.has(name)) {
    resources.set(name, (async () => {
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
    reply = call(method, params);
    if (!reply.ok && reply.error.code === "needs_resource") {
      await loadResource(reply.error.resource);
      reply = call(method, params);
    }
  } catch (err) {
    reply = { ok: false, error: { code: "python_unavailable",
      message: "Python is not available (" + String(err && err.message || err) + "). Use Retry at the top of the page." } };
  }
  self.postMessage({ id, reply });
};
