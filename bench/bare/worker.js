let receive;
const wasm = new Promise((resolve) => (receive = resolve));
self.onmessage = (event) => receive(event.data.module);
const realFetch = self.fetch.bind(self);
self.fetch = async (input, init) => {
  if (String(input).endsWith("pyodide.asm.wasm") && (await wasm)) return new Response(new ArrayBuffer(0));
  return realFetch(input, init);
};
const instantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async (source, imports) => {
  const module = await wasm;
  if (!module) return instantiateStreaming(source, imports);
  return { module, instance: await WebAssembly.instantiate(module, imports) };
};
importScripts("../pyodide/pyodide.js", "../pyodide/pyodide.asm.js");
loadPyodide({ indexURL: new URL("../pyodide/", location.href).href }).then(() => postMessage("ready"));
