// Reference for bench/startup.py: what a worker costs by itself. Same Pyodide, same wasm hand-over as
// the app (see site/js/boot.js), no app code.
const worker = new Worker("worker.js");
worker.onmessage = () => {
  performance.mark("python-ready");
  document.documentElement.dataset.python = "ready";
};
WebAssembly.compileStreaming(fetch("../pyodide/pyodide.asm.wasm"))
  .then((module) => worker.postMessage({ module }), () => worker.postMessage({ module: null }));
