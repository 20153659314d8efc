// The plan: the seven steps as a checklist that ticks itself from what the person has done
// (plan.status), every deadline (plan.build) and one calendar file with all of them (plan.ics), a
// thank-you note per round naming something from its debrief (plan.thank_you), a follow-up email for
// when the news is late (plan.follow_up_email), and the questions to ask, per panelist and per round.
// Notes are drafted by Python until the person edits them; from then on their words are kept.

import * as state from "./state.js";
import { call } from "./python.js";
import { el, confirmDialog, download } from "./dom.js";
import { localOffset } from "./facts-view.js";
import { field, fieldId, checkbox, bindInputs, runner, say, when, toUtc, clip, copyText, plural } from "./prep.js";

let section;
let scheduleAll;
let scheduleNotes;

const str = (v) => (typeof v === "string" ? v : "");
const interview = () => state.interview();
const rounds = () => (Array.isArray(interview().rounds) ? interview().rounds.filter((r) => r && typeof r === "object") : []);
const roundName = (r, i) => str(r.name).trim() || `Round ${i + 1}`;
const roundKey = (r, i) => (/^[\w-]{1,80}$/.test(str(r.id)) ? r.id : `round-${i + 1}`);
const planPath = (rel) => state.ipath(`plan.${rel}`);
const STEP_PAGES = { debriefed: "#debrief", facts_locked: "#ledger", escalation_mapped: "#escalation", panel_prepared: "#panel",
  salary_prepared: "#salary", practised: "#practice" };
const STATUS_WORDS = { done: "done", missed: "missed", due_soon: "due soon", upcoming: "upcoming" };

/** The offset for the dates typed on this page (the next interview, else the latest round). */
function offset() {
  const latest = rounds().map((r) => str(r.ended_at)).filter(Boolean).at(-1);
  return localOffset(str(interview().next_round_at) || latest || "");
}

function buildParams(done) {
  const i = interview();
  return {
    rounds: rounds().map((r, n) => ({ name: roundName(r, n), ended_at: toUtc(str(r.ended_at)), company: str(i.company),
      interviewers: str(r.interviewers) })),
    second_interview_at: toUtc(str(i.next_round_at)),
    news_expected_by: str(i.news_expected_by),
    company: str(i.company),
    done,
    now: new Date().toISOString(),
    utc_offset_minutes: offset(),
  };
}

function interviewerNames(r) {
  return str(r.interviewers).split(/[,;\n]| and /).map((s) => s.replace(/\([^)]*\)/g, "").trim()).filter(Boolean).slice(0, 30);
}

function topicsOf(r) {
  const qs = Array.isArray(r.questions) ? r.questions.filter((q) => q && typeof q === "object") : [];
  const topics = [];
  for (const q of qs) if (str(q.question).trim()) topics.push({ question: str(q.question).slice(0, 2000) });
  for (const q of qs) if (str(q.pushback).trim()) topics.push({ text: str(q.pushback).slice(0, 2000), kind: "pushback" });
  return topics.slice(0, 50);
}
const topicText = (t) => t.question ?? t.text;

// ---- the seven steps and the dates ------------------------------------------------------------

function showSteps(build, status) {
  const { progress } = build;
  section.querySelector("[data-out=steps]").replaceChildren(
    el("div", { class: "row progress-row" },
      el("progress", { max: progress.total, value: progress.done, "aria-label": "Protocol progress" }),
      el("span", { dataset: { progress: "" }, text: `${progress.done} of ${progress.total} done` }),
      progress.next ? el("span", { class: "muted", text: `· Next: ${progress.next.label}` }) : el("span", { class: "ok", text: "· All seven done." })),
    el("ol", { class: "checklist steps-list" }, build.checklist.map((step) => el("li", {
      class: step.done ? "done" : "", dataset: { step: step.id, done: String(step.done) } },
    el("span", { class: "tick", "aria-hidden": "true", text: step.done ? "✓" : String(step.step) }),
    el("div", {},
      el("span", { class: "visually-hidden", text: step.done ? "Done: " : "Not yet: " }),
      el("strong", { text: step.label }),
      !step.done && step.due ? el("span", { class: `badge status-${step.status}`, text: `${STATUS_WORDS[step.status] || step.status} · ${when(step.due)}` }) : null,
      el("div", { class: "muted small", text: status.why[step.id] || step.detail }),
      STEP_PAGES[step.id] && !step.done ? el("a", { class: "small", href: STEP_PAGES[step.id], text: "Go there" }) : null)))));
}

function showDeadlines(build) {
  const items = build.deadlines.map((d) => ({ due: d.due, what: d.what, status: d.status, kind: d.kind }));
  rounds().forEach((r, i) => {
    const at = toUtc(str(r.ended_at));
    if (at && !Number.isNaN(new Date(at).getTime())) {
      const past = new Date(at).getTime() <= Date.now();
      items.push({ due: at, what: `${roundName(r, i)}${past ? " ended" : " ends"}`, status: past ? "done" : "upcoming", kind: "round" });
    }
  });
  items.sort((a, b) => new Date(a.due) - new Date(b.due));
  const box = section.querySelector("[data-out=deadlines]");
  box.replaceChildren(
    items.length
      ? el("div", { class: "table-wrap" }, el("table", { class: "deadlines" },
        el("caption", { class: "visually-hidden", text: "Dates and deadlines" }),
        el("thead", {}, el("tr", {}, ["When", "What", ""].map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, items.map((d) => el("tr", { dataset: { kind: d.kind }, class: d.status === "done" ? "past" : "" },
          el("td", { class: "nowrap", text: when(d.due) }), el("td", { text: d.what }),
          el("td", {}, el("span", { class: `badge status-${d.status}`, text: STATUS_WORDS[d.status] || d.status })))))))
      : el("p", { class: "muted", text: "Add when round one ended (on the Debrief page) to get your deadlines." }),
    ...build.notes.map((n) => el("p", { class: "muted small", text: n })));
}

async function downloadIcs() {
  const status = section.querySelector("[data-out=ics]");
  say(status, "Making your calendar file…");
  const s = await call("plan.status", statusParams());
  const reply = await call("plan.ics", buildParams(s.ok ? s.result.done : {}));
  if (!reply.ok) return say(status, reply.error.message, "error");
  download(reply.result.filename, reply.result.ics, "text/calendar");
  say(status, `Downloaded ${reply.result.filename} with ${plural(reply.result.events, "event")}. Open it to add them to your calendar.`);
}

function statusParams() {
  return { doc: state.getDoc(), interview_id: str(interview().id), now: new Date().toISOString(), utc_offset_minutes: offset() };
}

// ---- notes: thank-you per round, and the follow-up ------------------------------------------------

function noteEditor(kind, key, base, { names = [], topics = null, heading }) {
  const saved = state.get(base, {});
  const note = saved && typeof saved === "object" ? saved : {};
  const id = (part) => `plan-${kind}-${key}-${part}`;
  const listId = id("names");
  const subject = el("input", { id: id("subject"), type: "text", autocomplete: "off", dataset: { noteField: "subject" } });
  const body = el("textarea", { id: id("body"), rows: 9, dataset: { noteField: "body" },
    placeholder: "The draft appears here once Python is ready. You can also write your own." });
  if (note.edited === true) {
    subject.value = str(note.subject);
    body.value = str(note.body);
  }
  const status = el("span", { class: "muted small", "aria-live": "polite", dataset: { noteStatus: "" } });
  const mail = el("a", { class: "button-link secondary", href: "#plan", dataset: { mail: "" }, "aria-disabled": "true", text: "Open in my mail program" });
  mail.addEventListener("click", (e) => { if (mail.getAttribute("aria-disabled") === "true") e.preventDefault(); });
  const redraft = el("button", { type: "button", class: "link", hidden: note.edited !== true, dataset: { redraft: "" }, text: "Start again from a fresh draft",
    onclick: async () => {
      if (!(await confirmDialog("Replace your edited note with a fresh draft? What you wrote will be lost.", "Replace"))) return;
      state.set(`${base}.edited`, false);
      state.set(`${base}.subject`, "");
      state.set(`${base}.body`, "");
      redraft.hidden = true;
      scheduleNotes(0);
    } });
  const topicSelect = topics && topics.length
    ? (() => {
      const select = el("select", { id: fieldId(`${base}.topic`), dataset: { path: `${base}.topic` } },
        el("option", { value: "", text: "Let Round Two choose" }),
        topics.map((t) => el("option", { value: topicText(t), text: `${t.kind === "pushback" ? "Pushback: " : ""}${clip(topicText(t), 80)}` })));
      select.value = topics.some((t) => topicText(t) === str(note.topic)) ? str(note.topic) : "";
      return el("div", { class: "field" }, el("label", { for: select.id, text: "Topic to mention" }), select);
    })()
    : null;
  const nameField = field("Their name (for the greeting)", `${base}.to_name`, { list: names.length ? listId : null });
  const nameInput = nameField.querySelector("input");
  if (!nameInput.value && names.length) nameInput.value = names[0];
  return el("div", { class: "mail-note", dataset: { note: kind, key, base } },
    heading,
    el("div", { class: "grid3" },
      nameField,
      field("Their email (optional)", `${base}.to_email`, { type: "email", placeholder: "name@company.com" }),
      topicSelect),
    names.length ? el("datalist", { id: listId }, names.map((n) => el("option", { value: n }))) : null,
    el("div", { class: "field" }, el("label", { for: subject.id, text: "Subject" }), subject),
    el("div", { class: "field" }, el("label", { for: body.id, text: "Note" }), body),
    el("div", { class: "note-info", dataset: { noteInfo: "" }, "aria-live": "polite" }),
    el("div", { class: "row tight" },
      el("button", { type: "button", class: "secondary", text: "Copy the note", onclick: () => copyText(`${subject.value}\n\n${body.value}`.trim(), body, status) }),
      mail, redraft, status));
}

function thankYouCard(r, i) {
  const key = roundKey(r, i);
  const base = planPath(`thank_you.${key}`);
  const ended = str(r.ended_at);
  const past = ended && new Date(ended).getTime() <= Date.now();
  const heading = el("div", { class: "row note-head" },
    el("span", { class: "muted small", text: "One note per interviewer: change the name, copy or send, and repeat." }),
    checkbox("I sent it", `${base}.sent`));
  return el("details", { class: "note-wrap", open: past || !ended ? true : null, dataset: { round: key } },
    el("summary", {}, `${roundName(r, i)} `,
      el("span", { class: "muted small", dataset: { due: key }, text: ended ? "" : "· add when this round ended (Debrief page) to get its deadline" })),
    noteEditor("thank_you", key, base, { names: interviewerNames(r), topics: topicsOf(r), heading }));
}

async function draftNote(node) {
  const kind = node.dataset.note;
  const key = node.dataset.key;
  const base = node.dataset.base;
  const note = state.get(base, {}) || {};
  const subject = node.querySelector("[data-note-field=subject]");
  const body = node.querySelector("[data-note-field=body]");
  const info = node.querySelector("[data-note-info]");
  const mail = node.querySelector("[data-mail]");
  const setMail = (href) => {
    if (href) { mail.href = href; mail.removeAttribute("aria-disabled"); } else { mail.href = "#plan"; mail.setAttribute("aria-disabled", "true"); }
  };
  if (note.edited === true) {
    const reply = await call("plan.mailto", { to: str(note.to_email), subject: subject.value, body: body.value });
    if (!reply.ok) { setMail(""); return say(info, reply.error.message, "error"); }
    setMail(reply.result.mailto);
    info.replaceChildren(...reply.result.warnings.map((w) => el("p", { class: "warn small", text: w })),
      el("p", { class: "muted small", text: "Your edited note. It stays as you wrote it." }));
    return;
  }
  const i = interview();
  const all = rounds();
  const index = kind === "thank_you" ? all.findIndex((r, n) => roundKey(r, n) === key) : all.length - 1;
  const r = all[index] || {};
  const topics = topicsOf(r);
  const params = { company: str(i.company), role: str(i.role), candidate_name: str(i.candidate_name),
    interviewer: node.querySelector(`#${CSS.escape(fieldId(`${base}.to_name`))}`)?.value ?? str(note.to_name), to: str(note.to_email), round: index >= 0 ? roundName(r, index) : "",
    topics, ended_at: toUtc(str(r.ended_at)), utc_offset_minutes: offset() };
  let method = "plan.thank_you";
  if (kind === "thank_you") {
    const chosen = topics.findIndex((t) => topicText(t) === str(note.topic));
    if (chosen >= 0) params.topic_index = chosen;
  } else {
    method = "plan.follow_up_email";
    params.news_expected_by = str(i.news_expected_by);
  }
  const reply = await call(method, params);
  const now = state.get(base, {}) || {};
  if (now.edited === true) return; // they started writing while Python drafted
  if (!reply.ok) { setMail(""); return say(info, reply.error.message, "error"); }
  const d = reply.result;
  subject.value = d.subject;
  body.value = d.body;
  setMail(d.mailto);
  const missing = d.missing.length ? `Add the ${d.missing.join(" and ")} on the Debrief page to complete the note.` : "";
  info.replaceChildren(...[
    d.topic_used ? el("p", { class: "muted small", dataset: { topic: "" } }, "Mentions from your debrief: ", el("q", { text: clip(d.topic_used, 120) })) : null,
    ...d.warnings.map((w) => el("p", { class: "warn small", text: w })),
    missing ? el("p", { class: "warn small", text: missing }) : null].filter(Boolean));
}

async function draftAll() {
  await Promise.all(Array.from(section.querySelectorAll("[data-note]"), (node) => draftNote(node)));
}

function showNoteDeadlines(build) {
  rounds().forEach((r, i) => {
    const key = roundKey(r, i);
    const node = section.querySelector(`[data-due="${CSS.escape(key)}"]`);
    const d = build.deadlines.find((x) => x.id === `thank_you-${i + 1}`);
    if (!node || !d) return;
    const sent = state.get(planPath(`thank_you.${key}.sent`), false) === true;
    node.textContent = sent ? "· sent" : `· send by ${when(d.due)}${d.status === "missed" ? " (the 24 hours have passed; a late note is still better than none)" : ""}`;
    node.className = `small ${d.status === "missed" && !sent ? "warn" : sent ? "ok" : "muted"}`;
  });
  const f = section.querySelector("[data-out=follow-up-when]");
  if (f) {
    f.textContent = build.follow_up_at
      ? `If you have not heard back by ${when(build.follow_up_at)}, send this.${build.news_expected_by ? ` (They said you would hear by ${when(build.news_expected_by, { time: false })}.)` : ""}`
      : "Add when they said you would hear back to get a follow-up date.";
  }
}

// ---- questions to ask ---------------------------------------------------------------------------

function panelQuestions() {
  const people = Array.isArray(interview().panel?.panelists) ? interview().panel.panelists.filter((p) => p && typeof p === "object") : [];
  if (!people.length) {
    return el("p", { class: "muted" }, "No panelists yet. ", el("a", { href: "#panel", text: "Add them on the Panel page" }), " to plan a question for each.");
  }
  return el("ul", { class: "per-panelist" }, people.map((p, i) => el("li", {},
    el("strong", { text: str(p.name).trim() || str(p.role).trim() || `Panelist ${i + 1}` }),
    str(p.role).trim() && str(p.name).trim() ? el("span", { class: "muted", text: ` · ${p.role}` }) : null,
    el("div", {}, str(p.question).trim() ? el("span", { text: p.question }) : el("a", { href: "#panel", class: "muted", text: "No question chosen yet: choose one on the Panel page" })))));
}

const ownQuestions = () => (Array.isArray(interview().plan?.questions) ? interview().plan.questions : []);

function roundBucket(roundKind, label) {
  const list = ownQuestions();
  const mine = list.map((q, index) => ({ q, index })).filter(({ q }) => q && typeof q === "object" && (q.round || "second") === roundKind);
  return el("div", { class: "bucket", dataset: { bucket: roundKind } },
    el("h4", { text: label }),
    mine.length ? el("ol", { class: "own-questions" }, mine.map(({ q, index }) => el("li", {},
      el("div", { class: "row tight" },
        el("label", { class: "visually-hidden", for: fieldId(planPath(`questions.${index}.text`)), text: `Your question ${index + 1}` }),
        el("input", { id: fieldId(planPath(`questions.${index}.text`)), type: "text", value: str(q.text), autocomplete: "off",
          dataset: { path: planPath(`questions.${index}.text`) } }),
        el("button", { type: "button", class: "link danger", text: "Remove", "aria-label": `Remove question ${index + 1}`,
          onclick: async () => {
            if (str(q.text).trim() && !(await confirmDialog(`Remove “${clip(q.text, 60)}”?`, "Remove"))) return;
            state.update(() => ownQuestions().splice(index, 1), "plan");
            renderQuestions();
          } })))))
      : el("p", { class: "muted small", text: "None yet." }),
    el("button", { type: "button", class: "secondary small", text: "Add my own question", onclick: () => addQuestion(roundKind, "") }),
    el("details", { class: "more-questions", ontoggle: (e) => { if (e.target.open) loadBank(roundKind, e.target); } },
      el("summary", { text: "Ideas from the question bank" }),
      el("div", { dataset: { bank: roundKind } })));
}

function addQuestion(roundKind, text) {
  state.update(() => {
    const i = interview();
    if (!i.plan || typeof i.plan !== "object") i.plan = { done: {} };
    if (!Array.isArray(i.plan.questions)) i.plan.questions = [];
    i.plan.questions.push({ id: state.newId("a"), text, round: roundKind });
  }, "plan");
  renderQuestions();
  const inputs = section.querySelectorAll(`[data-bucket="${roundKind}"] .own-questions input`);
  if (!text) inputs[inputs.length - 1]?.focus();
}

async function loadBank(roundKind, details) {
  const box = details.querySelector("[data-bank]");
  say(box, "Finding questions…");
  const exclude = ownQuestions().map((q) => str(q?.text)).filter((t) => t && t.length <= 2000).slice(0, 200);
  const reply = await call("panel.questions_to_ask", { role: str(interview().role).slice(0, 300), round: roundKind, limit: 6, exclude });
  if (!reply.ok) return say(box, reply.error.message, "error");
  box.replaceChildren(el("ul", { class: "bank" }, reply.result.questions.map((q) => el("li", {},
    el("span", { text: q.text }), " ",
    el("button", { type: "button", class: "secondary small", text: "Add", onclick: () => addQuestion(roundKind, q.text) })))));
}

function renderQuestions() {
  section.querySelector("[data-out=questions]").replaceChildren(
    el("h4", { text: "For each panelist" }), panelQuestions(),
    roundBucket("second", "For the second round"),
    roundBucket("final", "For a final round"));
}

// ---- compute and mount ----------------------------------------------------------------------------

async function computeAll() {
  const statusReply = await call("plan.status", statusParams());
  const steps = section.querySelector("[data-out=steps]");
  if (!statusReply.ok) return say(steps, statusReply.error.message, "error");
  const build = await call("plan.build", buildParams(statusReply.result.done));
  if (!build.ok) {
    say(steps, build.error.message, "error");
    return say(section.querySelector("[data-out=deadlines]"), build.error.message, "error");
  }
  showSteps(build.result, statusReply.result);
  showDeadlines(build.result);
  showNoteDeadlines(build.result);
  await draftAll();
}

export function refresh() {
  const i = interview();
  const base = state.ipath("");
  const all = rounds();
  const latest = all.at(-1);
  section.replaceChildren(
    el("h2", { text: "Your plan" }),
    el("p", { class: "lede", text: "The seven steps tick themselves as you work through them. Below: every date in one calendar file, a thank-you note for each round, the questions you will ask, and a follow-up for when the news is late." }),
    el("div", { class: "card" },
      el("h3", { text: "The seven steps" }),
      el("div", { dataset: { out: "steps" }, "aria-live": "polite" }, el("p", { class: "muted", text: "Your checklist appears here once Python is ready." }))),
    el("div", { class: "card" },
      el("h3", { text: "Dates and deadlines" }),
      el("div", { class: "grid3" },
        field("Second interview (date and time)", `${base}.next_round_at`, { type: "datetime-local", id: "plan-next_round_at" }),
        field("They said you would hear back by", `${base}.news_expected_by`, { type: "date", id: "plan-news_expected_by" })),
      el("div", { dataset: { out: "deadlines" }, "aria-live": "polite" }),
      el("div", { class: "row" },
        el("button", { type: "button", id: "plan-ics", text: "Add every date to my calendar (.ics)", onclick: downloadIcs }),
        el("span", { dataset: { out: "ics" }, "aria-live": "polite" }))),
    el("div", { class: "card", id: "plan-notes" },
      el("h3", { text: "Thank-you notes" }),
      el("p", { class: "muted", text: "Send a short note to each interviewer within 24 hours, naming one thing you talked about. Edit the draft freely; Round Two keeps your words." }),
      all.length ? all.map(thankYouCard) : el("p", { class: "muted", text: "Add round one on the Debrief page first." })),
    el("div", { class: "card" },
      el("h3", { text: "Questions to ask" }),
      el("div", { dataset: { out: "questions" } })),
    el("div", { class: "card" },
      el("h3", { text: "If the news is late" }),
      el("p", { class: "muted", dataset: { out: "follow-up-when" } }),
      latest ? noteEditor("follow_up", "f", planPath("follow_up"), { names: interviewerNames(latest), heading: null })
        : el("p", { class: "muted", text: "Add round one on the Debrief page first." }),
      el("div", { class: "row" }, checkbox("I sent a follow-up", planPath("done.followed_up")), checkbox("I heard back", planPath("done.news_received")))),
  );
  renderQuestions();
  scheduleAll(0);
}

export function mount(root) {
  section = root;
  scheduleAll = runner(section, computeAll, 250);
  scheduleNotes = runner(section, draftAll, 300);
  bindInputs(section, (path) => {
    if (/\.plan\.questions\.\d+\.text$/.test(path)) return; // own questions need no Python
    if (/\.(to_name|to_email|topic)$/.test(path)) return scheduleNotes();
    scheduleAll();
  });
  // A note's subject and body: the person's words from the first keystroke on.
  section.addEventListener("input", (event) => {
    const part = event.target.dataset?.noteField;
    if (!part) return;
    const node = event.target.closest("[data-note]");
    const base = node.dataset.base;
    state.set(`${base}.subject`, node.querySelector("[data-note-field=subject]").value);
    state.set(`${base}.body`, node.querySelector("[data-note-field=body]").value);
    if (state.get(`${base}.edited`, false) !== true) state.set(`${base}.edited`, true);
    node.querySelector("[data-redraft]").hidden = false;
    scheduleNotes();
  });
  refresh();
  justMounted = true;
}

let justMounted = false;

export function show() {
  if (justMounted) { justMounted = false; return; } // mount() has just drawn it
  refresh(); // other steps may have changed what is done
}
