// Baseline for bench/startup.py: the same Pyodide files, no app, no worker.
loadPyodide({ indexURL: new URL("../pyodide/", location.href).href }).then(() => {
  performance.mark("python-ready");
  document.documentElement.dataset.python = "ready";
});
