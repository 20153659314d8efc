// About and "Your data": export everything, import an export (asking before anything is replaced,
// and keeping the current data aside first), and the documents kept aside because they could not be read.

import * as state from "./state.js";
import * as store from "./store.js";
import { call } from "./python.js";
import { el, confirmDialog, download } from "./dom.js";
import * as backup from "./backup.js";

const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
let panel;

function say(text, kind = "") {
  panel.querySelector("[data-out=data]").replaceChildren(el("p", { class: kind, role: kind === "error" ? "alert" : "status", text }));
}

async function exportAll() {
  state.saveNow();
  const reply = await call("data.export", { doc: state.getDoc(), now: new Date().toISOString(), source: location.href.split("#")[0] });
  if (!reply.ok) return say(reply.error.message, "error");
  download(reply.result.filename, reply.result.text, "application/json");
  say(`Exported ${reply.result.summary.text}. Keep the file somewhere safe: it holds your notes.`);
}

async function importFile(file) {
  if (!file) return;
  if (file.size > MAX_IMPORT_BYTES) return say(`That file is ${(file.size / 1048576).toFixed(1)} MB; a Round Two export is far smaller. Choose the file made with “Export all data”.`, "error");
  let text;
  try {
    text = await file.text();
  } catch (err) {
    return say(`That file could not be read (${err.message}).`, "error");
  }
  const reply = await call("data.import", { text });
  if (!reply.ok) return say(reply.error.message, "error");
  const ok = await confirmDialog(`Replace what is in this browser with the imported data (${reply.result.summary.text})? Your current data is kept aside first, so you can get it back.`, "Replace");
  if (!ok) return say("Nothing was changed.");
  const key = store.keepAside(JSON.stringify(state.getDoc()));
  if (!key) return say("Your current data could not be kept aside (storage is full), so nothing was replaced. Export it first, then delete data kept aside.", "error");
  state.replace(reply.result.doc);
  state.saveNow();
  say(`Imported ${reply.result.summary.text}. Your previous data is kept aside below.`);
  renderAside();
}

function renderAside() {
  const list = panel.querySelector("[data-list=aside]");
  const keys = store.listAside();
  list.replaceChildren(...(keys.length ? keys.map((key) => el("li", {},
    el("span", { text: `Kept aside ${key.slice(store.KEYS.asidePrefix.length).replace("T", " ").slice(0, 19)} ` }),
    el("button", { type: "button", class: "link", text: "Download", onclick: () => download("roundtwo-kept-aside.json", store.readAside(key) ?? "", "application/json") }),
    el("button", { type: "button", class: "link danger", text: "Delete", onclick: async () => {
      if (!(await confirmDialog("Delete this copy kept aside? Download it first if you may need it."))) return;
      store.removeAside(key);
      renderAside();
    } }))) : [el("li", { class: "muted", text: "Nothing is kept aside." })]));
}

export function mount(section) {
  const input = el("input", { type: "file", id: "import-file", accept: ".json,application/json",
    onchange: (e) => { importFile(e.target.files[0]); e.target.value = ""; } });
  panel = el("div", { class: "card" },
    el("h3", { text: "Your data" }),
    el("p", { class: "muted", text: "Everything lives in this browser only. Export it to keep a copy or to move to another browser; nothing else leaves your device unless you turn on a language model (Model), and then only what you ask it about." }),
    el("div", { class: "row" },
      el("button", { type: "button", id: "export-all", text: "Export all data", onclick: exportAll }),
      el("label", { for: "import-file", text: "Import an export:" }), input),
    el("div", { class: "out", "aria-live": "polite", dataset: { out: "data" } }),
    el("h4", { text: "Kept aside" }),
    el("ul", { dataset: { list: "aside" } }));
  section.insertBefore(panel, section.querySelector("h3"));
  backup.mount(panel, renderAside); // a locked backup, and an import that previews before writing
  renderAside();
}

export function show() {
  renderAside();
}
