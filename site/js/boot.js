// The first script on the page (classic, tiny): start the Python worker before anything else loads,
// so Python is ready almost as soon as bare Pyodide would be. js/python.js takes over the worker.
"use strict";

/** Start a Python worker. Messages that arrive before python.js listens are kept in `early`. */
window.roundtwoSpawnPython = function spawnPython() {
  const worker = new Worker("py-worker.js");
  const spawned = { worker, early: [], listen: null };
  worker.onmessage = (event) => (spawned.listen ? spawned.listen(event) : spawned.early.push(event));
  // Compile Pyodide's wasm here, where the browser's code cache applies (a worker's own compile
  // misses it and takes twice as long on a warm start), and hand the module over; see py-worker.js.
  WebAssembly.compileStreaming(fetch("pyodide/pyodide.asm.wasm"))
    .then((module) => worker.postMessage({ type: "wasm-module", module }))
    .catch(() => worker.postMessage({ type: "wasm-module", module: null }));
  return spawned;
};
window.roundtwoPython = window.roundtwoSpawnPython();
