// The friend's side of "Practise with a friend": the page opened from a #friend/<envelope> link is an
// interviewer's screen for someone else's interview. It never reads or writes the document of this
// browser (the friend may use Round Two for their own interviews): the pack, the notes and the scores
// live in this page's memory only, and leave it only as the return link the friend chooses to make.
//
// As the friend types what the candidate says, the probe engine (probes.suggest) proposes the next
// follow-ups and the ledger (ledger.check against the facts to listen for) flags a contradiction.

import { call, isSuperseded } from "./python.js";
import { el } from "./dom.js";
import * as envelope from "./link-envelope.js";
import { qrSvg } from "./qr.js";

export const FRIEND_PREFIX = "#friend/";
const TYPING_PAUSE_MS = 350;
const DIMENSIONS = {
  structure: "Structure", specificity: "Specificity", ownership: "Ownership",
  consistency: "Consistency with the facts", conciseness: "Conciseness",
};
const LONG_LINK = 4000;

let root;
let screen = null;   // partner.open's result
let at = 0;          // the question on screen
let answers = [];    // per question: {notes, scores: {dim: {score, note}}, flags: []}
let started = "";
let passphraseUsed = "";
let returned = false; // a return link was made since the last change
let timer = null;

const plain = (s) => String(s ?? "").trim();

export const isFriendLink = () => location.hash.startsWith(FRIEND_PREFIX);

function say(text, kind = "") {
  root.querySelector("[data-out=friend]")?.replaceChildren(el("p", { class: kind, role: kind === "error" ? "alert" : "status", text }));
}

async function openLink(passphrase = "") {
  const text = location.hash.slice(FRIEND_PREFIX.length);
  let pack;
  try {
    pack = await envelope.open(text, { kind: "pack", passphrase });
  } catch (err) {
    if (!envelope.isEnvelopeError(err)) throw err;
    if (err.code === "needs_passphrase" || err.code === "wrong_passphrase") return askPassphrase(err.message);
    return fail(err.message);
  }
  const reply = await call("partner.open", { pack });
  if (!reply.ok) return fail(reply.error.message);
  passphraseUsed = passphrase;
  screen = reply.result;
  answers = screen.questions.map(() => ({ notes: "", scores: {}, flags: [] }));
  started = new Date().toISOString();
  at = 0;
  render();
}

function fail(message) {
  root.replaceChildren(el("h2", { id: "friend-title", text: "Practise with a friend" }),
    el("p", { class: "error", role: "alert", id: "friend-error", text: message }),
    el("p", { class: "muted", text: "Nothing was saved or changed in this browser." }),
    el("p", {}, el("a", { href: location.pathname + location.search + "#debrief", text: "Open Round Two for your own interviews" })));
}

function askPassphrase(message) {
  const input = el("input", { id: "friend-passphrase", type: "password", autocomplete: "off" });
  const go = (e) => { e.preventDefault(); root.querySelector("[data-out=friend]").replaceChildren(el("p", { class: "muted", text: "Unlocking…" })); openLink(input.value); };
  root.replaceChildren(el("h2", { id: "friend-title", text: "Practise with a friend" }),
    el("form", { class: "card", onsubmit: go },
      el("p", { id: "friend-locked", text: message }),
      el("div", { class: "row" }, el("label", { for: "friend-passphrase", text: "Passphrase" }), input,
        el("button", { type: "submit", id: "friend-unlock", text: "Open" }))),
    el("div", { class: "out", "aria-live": "polite", dataset: { out: "friend" } }));
  input.focus();
}

// ---- the interviewer's screen ------------------------------------------------------------------------

function lane(name) {
  return { latest: `friend.${name}` };
}

async function listen() {
  const q = screen.questions[at];
  const notes = answers[at].notes;
  const probesBox = root.querySelector("[data-out=probes]");
  const flagsBox = root.querySelector("[data-out=flags]");
  if (!plain(notes)) {
    probesBox.replaceChildren(el("p", { class: "muted", text: "Follow-ups appear here as you note what they say." }));
    flagsBox.replaceChildren();
    return;
  }
  const asked = at;
  const [probes, check] = await Promise.all([
    call("probes.suggest", { question: q.text, answer: notes, category: q.category, persona: screen.persona?.id || null, limit: 3 }, lane("probes")),
    screen.facts.length ? call("ledger.check", { facts: screen.facts, text: notes }, lane("ledger")) : null,
  ]);
  if (asked !== at) return; // moved to another question meanwhile
  if (probes && !isSuperseded(probes)) {
    probesBox.replaceChildren(probes.ok
      ? el("ol", { dataset: { probes: "" } }, probes.result.probes.map((p) => el("li", {}, el("span", { text: p.text }),
        p.why ? el("span", { class: "muted small", text: ` (${p.why})` }) : null)))
      : el("p", { class: "error", text: probes.error.message }));
  }
  if (check && !isSuperseded(check)) {
    const conflicts = check.ok ? check.result.conflicts : [];
    answers[at].flags = conflicts.map((c) => `“${c.later.text}” against “${c.earlier.text}”`);
    flagsBox.replaceChildren(...(check.ok ? conflicts.map((c) => el("p", { class: "flag warn", role: "status", dataset: { flag: "" } },
      el("strong", { text: "Contradicts a fact to listen for: " }),
      `they said “${c.later.text}”; they stand by “${c.earlier.text}”. Ask which is right.`))
      : [el("p", { class: "error", text: check.error.message })]));
  }
}

function typed(value) {
  answers[at].notes = value;
  returned = false;
  clearTimeout(timer);
  timer = setTimeout(listen, TYPING_PAUSE_MS);
}

function scoreRow(key, label) {
  const current = answers[at].scores[key] || { score: "", note: "" };
  const setScore = (field, value) => {
    answers[at].scores[key] = { ...(answers[at].scores[key] || { score: "", note: "" }), [field]: value };
    returned = false;
  };
  return el("div", { class: "row tight score-row" },
    el("label", { for: `friend-score-${key}`, text: label }),
    el("select", { id: `friend-score-${key}`, onchange: (e) => setScore("score", e.target.value ? Number(e.target.value) : "") },
      el("option", { value: "", text: "–" }),
      [1, 2, 3, 4, 5].map((n) => el("option", { value: String(n), text: `${n} / 5`, selected: current.score === n }))),
    el("input", { id: `friend-note-${key}`, "aria-label": `${label}: one sentence why`, placeholder: "One sentence why",
      value: current.note, oninput: (e) => setScore("note", e.target.value) }));
}

function render() {
  const q = screen.questions[at];
  const who = plain(screen.candidate) || "your friend";
  root.replaceChildren(
    el("h2", { id: "friend-title", text: `You are interviewing ${who}` + (plain(screen.title) ? ` for ${screen.title}` : "") }),
    el("p", { class: "muted", text: "Nothing of this is saved in this browser. When you finish, make the return link and send it back; keep this page open until then." }),
    el("div", { class: "card friend-brief" },
      screen.persona ? el("p", { dataset: { persona: "" } }, el("strong", { text: `Play ${screen.persona.name}, ${screen.persona.title}: ` }), screen.persona.summary)
        : el("p", { text: "Play yourself: a curious interviewer who keeps asking “and then?”." }),
      screen.listen_for.length ? [el("h3", { text: "Listen for these facts (they said them in round one)" }),
        el("ul", { dataset: { listen: "" } }, screen.listen_for.map((t) => el("li", { text: t })))] : null,
      screen.weak.length ? [el("h3", { text: "Push on these" }),
        el("ul", {}, screen.weak.map((w) => el("li", { text: [w.question, w.note, w.pushback].map(plain).filter(Boolean).join(" · ") })))] : null),
    el("div", { class: "card friend-question" },
      el("p", { class: "muted", text: `Question ${at + 1} of ${screen.questions.length}` }),
      el("h3", { id: "friend-question", text: q.text }),
      q.follow_ups.length ? [el("p", { class: "small strong", text: "Then push, in this order:" }),
        el("ol", { class: "small" }, q.follow_ups.map((f) => el("li", { text: f })))] : null,
      el("label", { for: "friend-notes", text: "What they say (your notes)" }),
      el("textarea", { id: "friend-notes", rows: 6, text: answers[at].notes, oninput: (e) => typed(e.target.value) }),
      el("div", { "aria-live": "polite", dataset: { out: "flags" } }),
      el("h4", { text: "Ask next" }),
      el("div", { "aria-live": "polite", dataset: { out: "probes" } }),
      el("h4", { text: "Score this answer" }),
      Object.entries(DIMENSIONS).map(([k, label]) => scoreRow(k, label)),
      el("div", { class: "row" },
        el("button", { type: "button", class: "secondary", id: "friend-prev", disabled: at === 0, text: "Previous question", onclick: () => go(-1) }),
        el("button", { type: "button", id: "friend-next", disabled: at === screen.questions.length - 1, text: "Next question", onclick: () => go(1) }))),
    el("div", { class: "card" },
      el("h3", { text: "Finished? Send your notes back" }),
      el("div", { class: "row" },
        el("label", { for: "friend-name", text: "Your name (optional)" }), el("input", { id: "friend-name" })),
      el("div", { class: "row" },
        el("label", { for: "friend-return-passphrase", text: "Passphrase (optional)" }),
        el("input", { id: "friend-return-passphrase", type: "password", autocomplete: "off", value: passphraseUsed }),
        el("button", { type: "button", id: "friend-finish", text: "Make the return link", onclick: finish })),
      passphraseUsed ? el("p", { class: "muted small", text: "It is locked with the passphrase that opened this link unless you change it." }) : null,
      el("div", { class: "out", "aria-live": "polite", dataset: { out: "friend" } })));
  listen();
}

function go(step) {
  at = Math.min(Math.max(at + step, 0), screen.questions.length - 1);
  render();
  root.querySelector("#friend-notes").focus();
}

async function finish() {
  const reply = await call("partner.reply", {
    pack_id: screen.pack_id, title: screen.title, friend: root.querySelector("#friend-name").value,
    persona: screen.persona?.id || "", started_at: started, ended_at: new Date().toISOString(),
    answers: screen.questions.map((q, n) => ({ question: q.text, bank_id: q.bank_id, notes: answers[n].notes,
      scores: Object.fromEntries(Object.entries(answers[n].scores).filter(([, s]) => s.score !== "")), flags: answers[n].flags })),
  });
  if (!reply.ok) return say(reply.error.message, "error");
  const text = await envelope.seal(reply.result.reply, { kind: "return", passphrase: root.querySelector("#friend-return-passphrase").value });
  const link = location.href.split("#")[0] + "#partner/" + text;
  const qr = qrSvg(link, { label: "QR code of the return link" });
  returned = true;
  root.querySelector("[data-out=friend]").replaceChildren(
    el("p", { text: reply.result.summary + " Send this link back; it opens in their Round Two." }),
    el("label", { for: "friend-return-link", text: "The return link" }),
    el("textarea", { id: "friend-return-link", readonly: true, rows: 4, text: link }),
    el("p", { class: link.length > LONG_LINK ? "warn" : "muted", dataset: { length: String(link.length) },
      text: `${link.length.toLocaleString()} characters.` + (link.length > LONG_LINK ? " Long for a messaging app: send it by email." : "") }),
    el("button", { type: "button", text: "Copy the link", onclick: () => navigator.clipboard?.writeText(link).catch(() => {}) }),
    qr ? el("figure", { class: "qr-figure" }, qr) : null);
}

/** Take over the page for a friend's link: no navigation, no document of this browser. */
export function start(main) {
  root = el("section", { id: "friend", "aria-labelledby": "friend-title" });
  main.replaceChildren(root);
  root.replaceChildren(el("h2", { id: "friend-title", text: "Practise with a friend" }), el("p", { class: "muted", text: "Opening the link…" }),
    el("div", { class: "out", dataset: { out: "friend" } }));
  // A friend who closes the page loses the notes: ask first, unless the return link is made.
  window.addEventListener("beforeunload", (event) => {
    if (screen && !returned && answers.some((a) => plain(a.notes))) event.preventDefault();
  });
  openLink().catch((err) => fail(`This link could not be opened (${err.message}). Nothing was saved or changed.`));
}
