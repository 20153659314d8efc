// Start-up, in order: paint the shell and the saved document at once (no Python needed), start the
// Python worker, and once Python is ready let it migrate or normalise the document and register the
// service worker for offline use. Nothing here waits on Python before the person can type: what is
// typed while an older document is upgraded is put on top of the upgraded one.

import * as store from "./store.js";
import * as state from "./state.js";
import * as python from "./python.js";
import * as revisions from "./revisions.js";
import * as tabs from "./tabs.js";
import { notify, dismiss } from "./notices.js";
import { download, rememberFocus, restoreFocus } from "./dom.js";
import { mergeDocs, renameIds } from "./merge.js";
import { resolveConflicts } from "./conflicts.js";
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
  model: () => import("./llm-view.js"),
  partner: () => import("./partner.js"),
  brief: () => import("./brief.js"),
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
  // "#partner/<return link>": the part after the slash is the view's to read, not part of its name.
  const wanted = location.hash.slice(1).split("/")[0];
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

/** Open a view as following its link would, resolving once it is on screen. */
function openView(name) {
  if (location.hash !== "#" + name) history.pushState(null, "", "#" + name);
  return route();
}

// A re-render replaces the fields: whoever was typing in one keeps their place (the field, the caret).
function refreshViews() {
  const place = rememberFocus();
  interviews.refresh();
  const refreshing = [...mounted.values()].map((loading) => loading.then((view) => view.refresh?.(), () => {}));
  Promise.all(refreshing).then(() => restoreFocus(place));
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

// Ways on from a pause, offered on the status line.
const exportAction = {
  label: "Export…",
  onClick: () => openView("about").then(() => document.getElementById("export-all")?.focus()),
};
const reloadAction = { label: "Reload", onClick: () => location.reload() };

/** Saved data that could not be copied aside is never written over unasked: pause until asked. */
function pauseOverUnkept(raw, what) {
  state.pauseSaving(`${what} could not be copied aside (storage is full), so Round Two will not write over it. Download it first, or export what is here.`, [
    { label: "Download it", onClick: () => download("roundtwo-old-data.json", raw, "application/json") },
    { label: "Save over it", onClick: () => state.resumeSaving() },
    exportAction,
  ]);
}

function pauseForOtherTab() {
  const reason = "another tab saved your data in a form this page cannot read (a newer version of Round Two, perhaps), so this tab will not write over it. Reload to go on with it; export first to keep what is only in this tab.";
  state.pauseSaving(reason, [reloadAction, exportAction]);
  notify("other-tab", `Changes in this tab are NOT being saved: ${reason}`, { kind: "warn", actions: [reloadAction, exportAction] });
}

function loadDocument() {
  const loaded = store.readDoc();
  if (loaded.status === "current") {
    state.init(loaded.doc);
    revisions.adoptSaved(loaded.raw, loaded.doc);
    return null;
  }
  state.init({ version: store.SCHEMA_VERSION });
  if (loaded.status === "other-version") return loaded; // Python decides: migrate an older one, keep aside a newer one
  revisions.adoptFresh(state.getDoc());
  if (loaded.status === "unavailable") {
    notify("storage", "This browser does not let Round Two save (storage is off, perhaps private mode). Your work lives only in this tab: export it before closing.", { kind: "error" });
  } else if (loaded.status === "corrupt") {
    const key = store.keepAside(loaded.raw);
    if (!key) pauseOverUnkept(loaded.raw, "Your damaged saved data");
    tellAside(key, "Your saved data could not be read (it is damaged).");
  }
  return null;
}

const UPGRADE_LABELS = {
  title: "Typed while your data was upgraded",
  intro: "You typed this while your saved data from an earlier version was being upgraded, and the saved data has its own. Choose the one to keep; everything else you typed is already added.",
  mine: "What you typed: ",
  theirs: "Your saved data: ",
};

// What was typed during the upgrade went into the blank interview on screen, which stands for the
// interview the upgraded document opens on (round by round), so it is merged there, as another tab's
// edits are: fields only typed are added, fields only in the saved data kept, and the person chooses
// where both have something.
function typedOnTop(shownFirst, typed, upgraded) {
  const blank = shownFirst.interviews[0];
  const target = (upgraded.interviews || []).find((i) => i.id === upgraded.current) || (upgraded.interviews || [])[0];
  const renames = new Map();
  if (blank && target) {
    renames.set(blank.id, target.id);
    blank.rounds.forEach((r, n) => { if (target.rounds?.[n]) renames.set(r.id, target.rounds[n].id); });
  }
  return mergeDocs(renameIds(shownFirst, renames), renameIds(typed, renames), upgraded);
}

// A document of another version needs Python before it is written over: it is upgraded (an older one)
// or kept aside (a newer or unreadable one). The person types on meanwhile into shownFirst, the blank
// document on screen; saving is paused, and says so, until the original is copied aside.
async function settleWithPython(otherVersion, shownFirst) {
  await python.whenReady();
  const reply = await python.call("state.migrate", { doc: otherVersion.doc });
  const key = store.keepAside(otherVersion.raw); // the original, before anything is written over it
  const typed = state.getDoc();
  if (reply.ok && reply.result.doc) {
    const upgraded = reply.result.doc;
    revisions.adoptUpgraded(otherVersion.raw, upgraded);
    const { doc, conflicts } = typedOnTop(shownFirst, typed, upgraded);
    state.replace(doc, { save: false });
    notify("migrated", reply.result.message + (key ? " A copy of the old data is kept aside." : ""), { kind: "info" });
    if (conflicts.length) resolveConflicts(conflicts, typed, UPGRADE_LABELS);
  } else {
    revisions.adoptFresh(shownFirst); // the old data stays aside; what was typed is the document now
    tellAside(key, reply.ok ? reply.result.message : "Your saved data could not be upgraded.");
  }
  if (key) state.resumeSaving(); else pauseOverUnkept(otherVersion.raw, "Your saved data from another version");
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

// A friend's link (#friend/<pack>) turns the page into an interviewer's screen for someone else's
// interview: this browser's own document is neither loaded nor saved (friend.js keeps all in memory).
function bootFriend() {
  document.body.classList.add("friend-mode");
  listenForUpdates();
  document.getElementById("python-retry").addEventListener("click", () => python.start());
  python.onStatus(showStatus);
  import("./friend.js").then((friend) => friend.start(document.querySelector("main")), (err) => {
    notify("view", `This part of Round Two could not be loaded (${err.message}). Check your connection and reload.`, { kind: "error" });
  });
  // Leaving the friend's link for a view of one's own starts the page afresh, with one's own document.
  window.addEventListener("hashchange", () => location.reload());
  python.whenReady().then(registerServiceWorker);
}

function boot() {
  if (location.hash.startsWith("#friend/")) return bootFriend();
  listenForUpdates();
  const otherVersion = loadDocument();
  interviews.mount();
  state.subscribe((_doc, path) => { if (path === "*") refreshViews(); });
  tabs.watch(pauseForOtherTab);
  if (otherVersion) {
    const shownFirst = structuredClone(state.getDoc());
    tabs.hold(); // other tabs' saves are merged once the upgraded document is in place
    state.pauseSaving("your saved data from another version of Round Two is being checked and upgraded first (this needs Python). What you type now is kept in this tab and saved on top of it once that is done.");
    notify("migrating", "Checking your saved data from an earlier version… You can type meanwhile: what you type is added to it once it is ready.", { kind: "info", dismissible: false });
    settleWithPython(otherVersion, shownFirst).finally(() => {
      dismiss("migrating");
      tabs.release();
    });
  }
  route();
  // A friend's link opened in a tab already running Round Two: start afresh in friend mode.
  window.addEventListener("hashchange", () => (location.hash.startsWith("#friend/") ? location.reload() : route()));
  document.getElementById("python-retry").addEventListener("click", () => python.start());
  python.onStatus(showStatus); // python.js started the worker when it loaded
  python.onRunawayRestart(() => {
    notify("python-restarted", `One calculation kept Python busy for more than ${python.CALL_TIME_LIMIT_MS / 1000} seconds, so Round Two stopped it and restarted Python. Everything you typed is kept.`, { kind: "warn" });
  });
  python.whenReady().then(() => {
    registerServiceWorker();
    preloadViews();
  });
}

boot();
