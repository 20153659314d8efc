// Start-up, in order: paint the shell and the saved document at once (no Python needed), start the
// Python worker, and once Python is ready let it migrate or normalise the document and register the
// service worker for offline use. Nothing here waits on Python before the person can type.

import * as store from "./store.js";
import * as state from "./state.js";
import * as python from "./python.js";
import { notify } from "./notices.js";
import { download } from "./dom.js";
import * as interviews from "./interviews.js";

window.roundtwo = { call: python.call };

// Each view is a module with mount(section), refresh() when the document or the interview changes,
// and optionally show() when it comes on screen. The section's id is the view's name and its #hash.
// Views load and mount when first shown, so start-up parses only what is on screen and the worker
// starting Python has the machine to itself; the rest load in idle time once Python is ready.
const VIEWS = {
  debrief: () => import("./debrief.js"),
  ledger: () => import("./ledger.js"),
  escalation: () => import("./escalation.js"),
  panel: () => import("./panel.js"),
  salary: () => import("./salary.js"),
  practice: () => import("./practice.js"),
  plan: () => import("./plan.js"),
  about: () => import("./about.js"),
};
const mounted = new Map(); // view name -> Promise of its module, mounted

function ensureMounted(id) {
  if (!mounted.has(id)) {
    mounted.set(id, VIEWS[id]().then((view) => {
      view.mount(document.getElementById(id));
      return view;
    }));
  }
  return mounted.get(id);
}

let routed = 0;
async function route() {
  const wanted = location.hash.slice(1);
  const view = wanted in VIEWS ? wanted : "debrief";
  const turn = ++routed;
  for (const link of document.querySelectorAll("nav.steps a")) {
    if (link.getAttribute("href") === "#" + view) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  let module;
  try {
    module = await ensureMounted(view);
  } catch (err) {
    mounted.delete(view);
    notify("view", `This part of Round Two could not be loaded (${err.message}). Check your connection and reload.`, { kind: "error" });
    return;
  }
  if (turn !== routed) return; // the person moved on while it loaded
  for (const id of Object.keys(VIEWS)) document.getElementById(id).hidden = id !== view;
  module.show?.();
}

function refreshViews() {
  interviews.refresh();
  for (const loading of mounted.values()) loading.then((view) => view.refresh?.(), () => {});
}

function preloadViews() {
  const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 200));
  idle(() => Object.values(VIEWS).forEach((load) => load().catch(() => {})));
}

function showStatus({ state: s, detail }) {
  const text = document.getElementById("python-status-text");
  const progress = document.getElementById("python-progress");
  const retry = document.getElementById("python-retry");
  progress.hidden = s !== "loading";
  retry.hidden = s !== "error";
  text.textContent = s === "loading" ? `Python loading: ${detail || "starting"}…`
    : s === "ready" ? "Python ready"
      : `Python failed to load (${detail}). Your notes are still saved. `;
}

function tellAside(key, reason) {
  const actions = key ? [{
    label: "Download it",
    onClick: () => download("roundtwo-kept-aside.json", store.readAside(key) ?? "", "application/json"),
  }] : [];
  notify("aside", `${reason} ${key ? "It is kept aside in this browser, untouched; you can download it." : "It could not be copied aside (storage full), so Round Two will not save over it in this tab."}`,
    { kind: "warn", actions });
}

function loadDocument() {
  const loaded = store.readDoc();
  if (loaded.status === "current") {
    state.init(loaded.doc);
    return null;
  }
  state.init({ version: store.SCHEMA_VERSION });
  if (loaded.status === "unavailable") {
    notify("storage", "This browser does not let Round Two save (storage is off, perhaps private mode). Your work lives only in this tab: export it before closing.", { kind: "error" });
  } else if (loaded.status === "corrupt") {
    const key = store.keepAside(loaded.raw);
    if (!key) state.pauseSaving();
    tellAside(key, "Your saved data could not be read (it is damaged).");
  } else if (loaded.status === "other-version") {
    state.pauseSaving(); // nothing is written until Python has decided what this document is
    return loaded; // Python decides: migrate an older one, keep aside a newer one
  }
  return null;
}

// Only a document of another version needs Python before it can be used; a current one is read with
// defaults by the UI, and Python normalises whatever it is sent.
async function settleWithPython(otherVersion) {
  if (!otherVersion) return;
  await python.whenReady();
  const reply = await python.call("state.migrate", { doc: otherVersion.doc });
  // Either way the original is copied aside before anything is written over it.
  const key = store.keepAside(otherVersion.raw);
  if (reply.ok && reply.result.doc) {
    state.init(reply.result.doc);
    if (key) state.saveNow(); else state.pauseSaving();
    notify("migrated", reply.result.message + (key ? " A copy of the old data is kept aside." : ""), { kind: "info" });
  } else {
    state.init({ version: store.SCHEMA_VERSION });
    if (!key) state.pauseSaving();
    tellAside(key, reply.ok ? reply.result.message : "Your saved data could not be upgraded.");
  }
  refreshViews();
  document.querySelector("main").inert = false;
}

function showUpdated() {
  notify("updated", "Round Two has been updated. Reload to use the new version; your data stays.", {
    kind: "info", actions: [{ label: "Reload", onClick: () => location.reload() }],
  });
}

// Listen from the start: a new deployment can be installed while Python is still loading. The service
// worker posts "updated" once it has replaced an older build; controllerchange covers a missed message.
// This page goes on running its own build (sw.js serves it that build's files) until it is reloaded.
function listenForUpdates() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data && event.data.type === "updated") showUpdated();
  });
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => { if (hadController) showUpdated(); });
}

// Registered once Python is ready, so precaching never competes with start-up.
function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  navigator.serviceWorker.register("sw.js").then(() => {
    // Tells the service worker a page has started: it then deletes the caches of builds no page uses.
    navigator.serviceWorker.controller?.postMessage({ type: "page-started" });
  }, (err) => {
    notify("offline", `Offline use is not available in this browser (${err.message}). Everything else works.`, { kind: "warn" });
  });
}

function boot() {
  listenForUpdates();
  const otherVersion = loadDocument();
  interviews.mount();
  state.subscribe((_doc, path) => { if (path === "*") refreshViews(); });
  if (otherVersion) {
    document.querySelector("main").inert = true;
    notify("migrating", "Checking your saved data from an earlier version…", { kind: "info", dismissible: false });
  }
  route();
  window.addEventListener("hashchange", route);
  store.onOtherTabChange(() => {
    state.pauseSaving();
    notify("other-tab", "Round Two was changed in another tab. Reload this tab to see those changes; this tab stopped saving so neither overwrites the other.", {
      kind: "warn", actions: [{ label: "Reload", onClick: () => location.reload() }],
    });
  });
  document.getElementById("python-retry").addEventListener("click", () => python.start());
  python.onStatus(showStatus); // python.js started the worker when it loaded
  python.onRunawayRestart(() => {
    notify("python-restarted", `One calculation kept Python busy for more than ${python.CALL_TIME_LIMIT_MS / 1000} seconds, so Round Two stopped it and restarted Python. Everything you typed is kept.`, { kind: "warn" });
  });
  settleWithPython(otherVersion).then(() => {
    document.querySelector('[data-notice="migrating"]')?.remove();
  });
  python.whenReady().then(() => {
    registerServiceWorker();
    preloadViews();
  });
}

boot();
