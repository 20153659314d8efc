// A backup only you can open, and an import that shows what a file holds before anything is written.
// Export: today's export (data.export), optionally locked with a passphrase in the same envelope as a
// partner link (link-envelope.js, kind "backup"), saved as {"type": "roundtwo-locked", "envelope"}.
// Import: a plain or locked file is opened and checked (data.import), then the person sees what it
// holds and what is in this browser, and chooses to replace (this browser's data kept aside first) or
// merge (backup.merge adds only what is new) or neither. A wrong passphrase changes nothing.

import * as state from "./state.js";
import * as store from "./store.js";
import { call } from "./python.js";
import { el, download } from "./dom.js";
import * as envelope from "./link-envelope.js";

const LOCKED_TYPE = "roundtwo-locked";
const MAX_FILE_BYTES = 60 * 1024 * 1024;

let card;
let onChanged = () => {};
let waiting = null; // {doc}: a checked backup shown to the person, not yet written

function say(nodeOrText, kind = "") {
  const out = card.querySelector("[data-out=backup]");
  out.replaceChildren(typeof nodeOrText === "string"
    ? el("p", { class: kind, role: kind === "error" ? "alert" : "status", text: nodeOrText }) : nodeOrText);
}

async function exportLocked() {
  const passphrase = card.querySelector("#backup-passphrase").value;
  if (!passphrase) return say("Type a passphrase to lock the backup with (or use “Export all data” for a plain one).", "error");
  state.saveNow();
  const reply = await call("data.export", { doc: state.getDoc(), now: new Date().toISOString(), source: location.href.split("#")[0] });
  if (!reply.ok) return say(reply.error.message, "error");
  say("Locking the backup…");
  const sealed = await envelope.seal(JSON.parse(reply.result.text), { kind: "backup", passphrase });
  const name = reply.result.filename.replace(/\.json$/, "-locked.json");
  download(name, JSON.stringify({ type: LOCKED_TYPE, version: 1, envelope: sealed }), "application/json");
  say(`Exported ${reply.result.summary.text}, locked. Without the passphrase nobody can open it, you included: keep it somewhere safe.`);
}

/** The export's text from a file's text: a locked one is opened with the passphrase typed. */
async function unlock(text) {
  let parsed = null;
  try { parsed = JSON.parse(text); } catch { /* a plain export that is not JSON: data.import says so */ }
  if (!parsed || parsed.type !== LOCKED_TYPE) return text;
  const opened = await envelope.open(parsed.envelope, { kind: "backup", passphrase: card.querySelector("#backup-import-passphrase").value });
  return JSON.stringify(opened);
}

async function importFile(file) {
  waiting = null;
  if (!file) return;
  if (file.size > MAX_FILE_BYTES) return say(`That file is ${(file.size / 1048576).toFixed(1)} MB; a Round Two backup is far smaller. Nothing was changed.`, "error");
  let text;
  try {
    text = await unlock(await file.text());
  } catch (err) {
    if (envelope.isEnvelopeError(err)) {
      if (err.code === "needs_passphrase" || err.code === "wrong_passphrase") card.querySelector("#backup-import-passphrase").focus();
      return say(err.message.replace("link", "backup") + (err.code === "needs_passphrase" ? " Type it above and choose the file again." : ""), "error");
    }
    return say(`That file could not be read (${err.message}). Nothing was changed.`, "error");
  }
  const checked = await call("data.import", { text });
  if (!checked.ok) return say(checked.error.message + " Nothing was changed.", "error");
  const preview = await call("backup.preview", { doc: state.getDoc(), incoming: checked.result.doc });
  if (!preview.ok) return say(preview.error.message + " Nothing was changed.", "error");
  waiting = { doc: checked.result.doc };
  const p = preview.result;
  say(el("div", { dataset: { backupPreview: "" } },
    el("p", {}, el("strong", { text: "This file holds: " }), p.incoming.text + "."),
    p.incoming.names.length ? el("ul", {}, p.incoming.names.map((n) => el("li", { text: n }))) : null,
    el("p", {}, el("strong", { text: "This browser holds: " }), p.here.text + "."),
    el("p", { class: "muted", text: "Replace: this browser's data becomes the file's (yours is kept aside first, to download or get back). " + p.merge.text }),
    el("div", { class: "row" },
      el("button", { type: "button", id: "backup-replace", text: "Replace", onclick: replace }),
      el("button", { type: "button", id: "backup-merge", text: "Merge", onclick: merge }),
      el("button", { type: "button", class: "secondary", id: "backup-cancel", text: "Cancel", onclick: () => { waiting = null; say("Nothing was changed."); } }))));
}

function replace() {
  if (!waiting) return;
  const key = store.keepAside(JSON.stringify(state.getDoc()));
  if (!key) return say("Your current data could not be kept aside (storage is full), so nothing was replaced. Export it first, then delete data kept aside.", "error");
  state.replace(waiting.doc);
  state.saveNow();
  waiting = null;
  say("Replaced. Your previous data is kept aside below.");
  onChanged();
}

async function merge() {
  if (!waiting) return;
  const reply = await call("backup.merge", { doc: state.getDoc(), incoming: waiting.doc });
  if (!reply.ok) return say(reply.error.message + " Nothing was changed.", "error");
  waiting = null;
  state.replace(reply.result.doc);
  state.saveNow();
  say(`Merged: ${reply.result.added.interviews} interview(s) and ${reply.result.added.sessions} practice session(s) added; nothing that was here changed.`);
}

/** Put the backup card under `after` (the About page's data card); changed() runs after a replace. */
export function mount(after, changed = () => {}) {
  onChanged = changed;
  const input = el("input", { type: "file", id: "backup-file", accept: ".json,application/json",
    onchange: (e) => { importFile(e.target.files[0]); e.target.value = ""; } });
  card = el("div", { class: "card backup" },
    el("h3", { text: "A backup only you can open" }),
    el("div", { class: "row" },
      el("label", { for: "backup-passphrase", text: "Passphrase" }),
      el("input", { id: "backup-passphrase", type: "password", autocomplete: "new-password" }),
      el("button", { type: "button", id: "backup-export", text: "Export locked backup", onclick: exportLocked })),
    el("p", { class: "muted", text: "Import a backup, locked or not: you see what it holds and choose to replace or merge before anything is written." }),
    el("div", { class: "row" },
      el("label", { for: "backup-import-passphrase", text: "Its passphrase, if locked" }),
      el("input", { id: "backup-import-passphrase", type: "password", autocomplete: "off" }),
      el("label", { for: "backup-file", text: "Backup file:" }), input),
    el("div", { class: "out", "aria-live": "polite", dataset: { out: "backup" } }));
  after.after(card);
}
