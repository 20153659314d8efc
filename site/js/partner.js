// "Practise with a friend", the candidate's side: pick what the friend gets (questions, weak moments,
// facts to listen for, a persona), see exactly what the link holds, then share the link (its length,
// a warning past what messaging apps keep, a QR code). And the way back: open the friend's return link
// and, once the person has seen what it holds, add it to practice history marked as with a partner.
// What is picked lives in this view only; the document changes only when a return is added.

import * as state from "./state.js";
import { call } from "./python.js";
import { el } from "./dom.js";
import * as envelope from "./link-envelope.js";
import { qrSvg } from "./qr.js";

// Messaging apps and some mail clients cut or refuse links longer than about this.
export const LONG_LINK = 4000;
const BANK_LIMIT = 80;
const RETURN_PREFIX = "#partner/";

let section;
let bank = [];       // bank questions offered, loaded once
let personas = [];
let picked = null;   // {questions: Set<key>, weak: Set<id>, facts: Set<id>}: what the person ticked
let pendingReturn = null; // the opened return, shown and waiting for "Add"

const plain = (s) => String(s ?? "").trim();
const interview = () => state.interview();

function roundQuestions() {
  const out = [];
  for (const r of interview().rounds || []) {
    for (const q of r.questions || []) if (q && plain(q.question)) out.push(q);
  }
  return out;
}

const ownQuestions = () => (state.getDoc().bank?.custom || []).filter((q) => q && plain(q.text));
const weakMoments = () => roundQuestions().filter((q) => q.weak || plain(q.weak_note) || plain(q.pushback));
const lockedFacts = () => (interview().ledger?.facts || []).filter((f) => f && f.locked && f.status !== "dismissed");

function freshPicks() {
  return {
    questions: new Set(roundQuestions().map((q) => "round:" + q.id)),
    weak: new Set(weakMoments().map((q) => q.id)),
    facts: new Set(lockedFacts().map((f) => f.id)),
  };
}

function box(set, key, label, id) {
  return el("label", { class: "check" },
    el("input", { type: "checkbox", id, checked: set.has(key), onchange: (e) => {
      if (e.target.checked) set.add(key); else set.delete(key);
      clearLink();
    } }), " ", label);
}

function clearLink() {
  section.querySelector("[data-out=link]")?.replaceChildren();
}

/** What the person picked, in the shape partner.pack takes. Nothing else of the document is read. */
function selection() {
  const questions = [];
  for (const q of roundQuestions()) if (picked.questions.has("round:" + q.id)) questions.push({ text: q.question });
  for (const q of ownQuestions()) {
    if (picked.questions.has("own:" + q.id)) questions.push({ text: q.text, follow_ups: q.follow_ups || [], category: q.category });
  }
  for (const q of bank) if (picked.questions.has("bank:" + q.id)) questions.push({ bank_id: q.id, text: q.text });
  const weak = weakMoments().filter((q) => picked.weak.has(q.id))
    .map((q) => ({ question: q.question, note: q.weak_note || (q.weak ? "felt weak" : ""), pushback: q.pushback || "" }));
  const facts = lockedFacts().filter((f) => picked.facts.has(f.id));
  const i = interview();
  return {
    questions, weak, facts,
    persona: section.querySelector("#partner-persona").value,
    title: section.querySelector("#partner-title").value,
    candidate: section.querySelector("#partner-name").value,
    now: new Date().toISOString(),
    _label: [i.company, i.role].map(plain).filter(Boolean).join(" · "),
  };
}

function list(title, items) {
  return items.length ? [el("h4", { text: title }), el("ul", {}, items.map((t) => el("li", { text: t })))] : [];
}

function previewOf(p) {
  return el("div", { class: "partner-preview", dataset: { preview: "" } },
    el("p", { class: "strong", text: "The link holds exactly this, and nothing else of your data:" }),
    p.title ? el("p", { text: "For: " + p.title }) : null,
    p.candidate ? el("p", { text: "Your name: " + p.candidate }) : null,
    p.persona ? el("p", { text: "Your friend plays: " + p.persona }) : null,
    ...list(`Questions (${p.questions.length})`, p.questions),
    ...list("Weak moments and pushback", p.weak),
    ...list("Facts to listen for, in your words", p.facts));
}

async function makeLink() {
  const out = section.querySelector("[data-out=link]");
  const { _label, ...params } = selection();
  const reply = await call("partner.pack", params);
  if (!reply.ok) return out.replaceChildren(el("p", { class: "error", role: "alert", text: reply.error.message }));
  const passphrase = section.querySelector("#partner-passphrase").value;
  out.replaceChildren(el("p", { class: "muted", text: passphrase ? "Locking the link with your passphrase…" : "Making the link…" }));
  const text = await envelope.seal(reply.result.pack, { kind: "pack", passphrase });
  const link = location.href.split("#")[0] + "#friend/" + text;
  const long = link.length > LONG_LINK;
  const qr = qrSvg(link, { label: "QR code of the link for your friend" });
  out.replaceChildren(
    previewOf(reply.result.preview),
    el("label", { for: "partner-link", text: "The link for your friend" }),
    el("textarea", { id: "partner-link", readonly: true, rows: 4, text: link }),
    el("p", { dataset: { length: String(link.length) }, class: long ? "warn" : "muted",
      text: `${link.length.toLocaleString()} characters.` + (long
        ? ` That is longer than many messaging apps keep (about ${LONG_LINK.toLocaleString()}): send it by email, or pick fewer questions or facts.`
        : " Short enough for a messaging app.") }),
    passphrase ? el("p", { class: "muted", text: "Locked: tell your friend the passphrase another way (a call, not the same chat)." }) : null,
    el("div", { class: "row" },
      el("button", { type: "button", text: "Copy the link", onclick: () => copy(link, out) })),
    qr ? el("figure", { class: "qr-figure" }, qr, el("figcaption", { class: "muted small", text: "Or let your friend scan this with their phone." }))
      : el("p", { class: "muted", text: "This link is too long for a QR code; send it as a link." }));
}

async function copy(text, out) {
  try {
    await navigator.clipboard.writeText(text);
    out.append(el("p", { role: "status", text: "Copied." }));
  } catch {
    out.querySelector("#partner-link")?.select();
    out.append(el("p", { role: "status", text: "Select the link and copy it (this browser did not let the page copy)." }));
  }
}

// ---- the way back -----------------------------------------------------------------------------------

function sayBack(text, kind = "") {
  section.querySelector("[data-out=return]").replaceChildren(el("p", { class: kind, role: kind === "error" ? "alert" : "status", text }));
}

function extractEnvelope(raw) {
  const text = plain(raw);
  const at = text.indexOf(RETURN_PREFIX);
  return at >= 0 ? text.slice(at + RETURN_PREFIX.length) : text;
}

async function openReturn() {
  pendingReturn = null;
  const text = extractEnvelope(section.querySelector("#partner-return").value);
  const passphrase = section.querySelector("#partner-return-passphrase").value;
  let opened;
  try {
    opened = await envelope.open(text, { kind: "return", passphrase });
  } catch (err) {
    if (!envelope.isEnvelopeError(err)) throw err;
    if (err.code === "needs_passphrase") section.querySelector("#partner-return-passphrase").focus();
    return sayBack(err.message, "error");
  }
  const reply = await call("partner.session", { reply: opened });
  if (!reply.ok) return sayBack(reply.error.message + " Nothing was imported.", "error");
  const entry = reply.result.entry;
  const history = state.getDoc().practice?.history || [];
  const already = history.some((h) => h && h.id === entry.id);
  pendingReturn = already ? null : entry;
  const out = section.querySelector("[data-out=return]");
  out.replaceChildren(
    el("p", { class: "strong", text: reply.result.summary }),
    el("ul", { dataset: { returned: "" } }, entry.questions.map((q) => el("li", {},
      el("span", { class: "strong", text: q.question }),
      q.overall !== null ? el("span", { class: "muted", text: ` · ${q.overall} / 5` }) : null,
      plain(q.notes) ? el("p", { class: "small", text: q.notes }) : null,
      el("ul", { class: "small" }, Object.entries(q.scores).map(([k, s]) => el("li", { text: `${k}: ${s.score}/5${s.note ? " · " + s.note : ""}` })))))),
    already
      ? el("p", { class: "muted", text: "This session is already in your practice history; nothing was added." })
      : el("div", { class: "row" },
        el("button", { type: "button", id: "partner-add", text: "Add to my practice history", onclick: addReturn }),
        el("button", { type: "button", class: "secondary", text: "Not now", onclick: () => { pendingReturn = null; sayBack("Nothing was added."); } })));
}

function addReturn() {
  const entry = pendingReturn;
  if (!entry) return;
  pendingReturn = null;
  state.update((d) => {
    if (!d.practice || typeof d.practice !== "object" || Array.isArray(d.practice)) d.practice = {};
    const history = Array.isArray(d.practice.history) ? d.practice.history : [];
    if (!history.some((h) => h && h.id === entry.id)) history.push(entry);
    d.practice.history = history;
  });
  state.saveNow();
  sayBack("Added to your practice history (Practice), marked as with a partner.");
}

// ---- the view -------------------------------------------------------------------------------------

function render() {
  const i = interview();
  picked ??= freshPicks();
  const rq = roundQuestions();
  const own = ownQuestions();
  const weak = weakMoments();
  const facts = lockedFacts();
  const title = [i.company, i.role].map(plain).filter(Boolean).join(" · ");
  section.replaceChildren(
    el("h2", { text: "Practise with a friend" }),
    el("p", { class: "muted", text: "Your friend gets a link that makes them a well-briefed second-round interviewer: the questions to ask, how to push, and the facts you must not contradict. Everything rides in the link itself (the part after #, which browsers never send to a server); nothing is uploaded." }),
    el("div", { class: "card" },
      el("h3", { text: "1 · What your friend gets" }),
      el("fieldset", {}, el("legend", { text: "Questions to ask" }),
        rq.length ? rq.map((q) => box(picked.questions, "round:" + q.id, q.question)) : el("p", { class: "muted", text: "No round-one questions yet (Debrief)." }),
        own.map((q) => box(picked.questions, "own:" + q.id, q.text + " (your own)")),
        el("details", {}, el("summary", { text: "From the question bank" }),
          bank.length ? bank.map((q) => box(picked.questions, "bank:" + q.id, q.text, "partner-bank-" + q.id))
            : el("p", { class: "muted", text: "Loading the bank…" }))),
      el("fieldset", {}, el("legend", { text: "Weak moments and pushback" }),
        weak.length ? weak.map((q) => box(picked.weak, q.id, [q.question, q.weak_note, q.pushback].map(plain).filter(Boolean).join(" · ")))
          : el("p", { class: "muted", text: "None marked in the debrief." })),
      el("fieldset", {}, el("legend", { text: "Facts to listen for (locked in your ledger)" }),
        facts.length ? facts.map((f) => box(picked.facts, f.id, plain(f.sentence) || plain(f.text) || String(f.value)))
          : el("p", { class: "muted", text: "No locked facts yet (Facts ledger)." })),
      el("div", { class: "row" },
        el("label", { for: "partner-persona", text: "Your friend plays" }),
        el("select", { id: "partner-persona", onchange: clearLink },
          el("option", { value: "", text: "Themselves" }),
          personas.map((p) => el("option", { value: p.id, text: `${p.name}, ${p.title}` })))),
      el("div", { class: "row" },
        el("label", { for: "partner-title", text: "Shown as" }),
        el("input", { id: "partner-title", value: title, oninput: clearLink }),
        el("label", { for: "partner-name", text: "Your first name" }),
        el("input", { id: "partner-name", value: plain(i.candidate_name).split(/\s+/)[0] || "", oninput: clearLink })),
      el("div", { class: "row" },
        el("label", { for: "partner-passphrase", text: "Passphrase (optional)" }),
        el("input", { id: "partner-passphrase", type: "password", autocomplete: "new-password", oninput: clearLink }),
        el("button", { type: "button", id: "partner-make", text: "Preview and make the link", onclick: makeLink })),
      el("div", { class: "out", "aria-live": "polite", dataset: { out: "link" } })),
    el("div", { class: "card" },
      el("h3", { text: "2 · Your friend's notes back" }),
      el("p", { class: "muted", text: "When you have practised, your friend makes a return link. Open it here (or just open the link): you see what it holds before anything is added." }),
      el("label", { for: "partner-return", text: "The return link" }),
      el("textarea", { id: "partner-return", rows: 3 }),
      el("div", { class: "row" },
        el("label", { for: "partner-return-passphrase", text: "Passphrase, if it has one" }),
        el("input", { id: "partner-return-passphrase", type: "password", autocomplete: "off" }),
        el("button", { type: "button", id: "partner-open-return", text: "Open", onclick: openReturn })),
      el("div", { class: "out", "aria-live": "polite", dataset: { out: "return" } })));
}

async function loadChoices() {
  const [b, p] = await Promise.all([
    call("questions.bank", { round: "second", limit: BANK_LIMIT }),
    call("practice.personas", {}),
  ]);
  if (b.ok) bank = b.result.questions;
  if (p.ok) personas = Array.isArray(p.result) ? p.result : p.result.personas || [];
  render();
}

/** A return link opened directly (#partner/<envelope>): put it in the box and open it. */
function takeReturnFromAddress() {
  if (!location.hash.startsWith(RETURN_PREFIX)) return;
  const text = location.hash.slice(RETURN_PREFIX.length);
  // The envelope leaves the address bar: a reload should not offer it again, and it is not a view name.
  history.replaceState(null, "", location.pathname + location.search + "#partner");
  const input = section.querySelector("#partner-return");
  input.value = text;
  openReturn();
}

export function mount(node) {
  section = node;
  render();
  loadChoices().then(takeReturnFromAddress);
}

export function refresh() {
  picked = null; // another interview, or its questions changed: start from its defaults
  const returned = section.querySelector("#partner-return")?.value || "";
  render();
  section.querySelector("#partner-return").value = returned;
}

export function show() {
  if (location.hash.startsWith(RETURN_PREFIX) && bank.length) takeReturnFromAddress();
}
