// The one-way recorded format (as HireVue and similar platforms run a round): a question on screen, read
// aloud where the browser has voices, a think-time countdown, a recording that starts by itself, a hard
// limit with a visible countdown and "finish early", and a fixed number of retakes, each replacing the
// take before it. Takes are kept in IndexedDB (media-store.js), never in the document, so they never ride
// in a share link or a backup. The transcript (live where the browser recognises speech, else typed, and
// always correctable) goes through the same practice.next grading and ledger check as a typed answer,
// plus delivery figures from delivery.measure. A reload ends a session in progress; its saved takes stay.

import * as state from "./state.js";
import { call } from "./python.js";
import { el, confirmDialog } from "./dom.js";
import { overallLines, dimensionList } from "./practice-feedback.js";
import { voicesAvailable, speak, stopSpeaking, recognitionAvailable, listen } from "./practice-speech.js";
import { clock, countdown } from "./practice-timer.js";
import { recordingAvailable, pickType, openDevices, closeDevices, record, playable, release } from "./recorder.js";
import * as media from "./media-store.js";

const MAX_HISTORY = 200;
const LIMITS = {
  count: [1, 10, 3], think: [3, 300, 30], limit: [5, 600, 120], retakes: [0, 3, 1],
};

let root;          // the card this module owns
let hooks;         // { lockedFacts(), questionPool(setup), onFinished() } from practice.js
let run = null;    // the session in progress (memory only)
let live = null;   // { stream, recorder, timer, listener } while something is running
let stored = [];   // takes in IndexedDB, for the recordings list

// ---- settings -------------------------------------------------------------------------------------

const settings = () => {
  const s = state.get("practice.recorded.setup", null);
  return s && typeof s === "object" && !Array.isArray(s) ? s : {};
};

function number(name) {
  const [lo, hi, fallback] = LIMITS[name];
  const v = Number.parseInt(settings()[name], 10);
  return Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : fallback;
}

const sessions = () => {
  const h = state.get("practice.recorded.history", []);
  return Array.isArray(h) ? h.filter((x) => x && typeof x === "object") : [];
};

export const recordedHistory = sessions;

// ---- small pieces ---------------------------------------------------------------------------------

const say = (text) => { const live_ = root.querySelector("#recorded-status"); if (live_) live_.textContent = text; };
const mb = (bytes) => (typeof bytes === "number" ? `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB` : "unknown");

function numberField(name, label, hint) {
  const [lo, hi] = LIMITS[name];
  const id = `f-recorded-${name}`;
  const input = el("input", { type: "number", id, min: String(lo), max: String(hi), inputmode: "numeric",
    dataset: { path: `practice.recorded.setup.${name}` }, "aria-describedby": `${id}-hint` });
  input.value = settings()[name] ?? LIMITS[name][2];
  return el("div", { class: "field" }, el("label", { for: id, text: label }), input,
    el("small", { class: "muted", id: `${id}-hint`, text: hint }));
}

function stopLive() {
  if (!live) return;
  live.timer?.stop();
  live.listener?.stop();
  closeDevices(live.stream);
  live = null;
}

// ---- set-up ---------------------------------------------------------------------------------------

function renderSetup() {
  const s = settings();
  const devices = s.devices === "mic" ? "mic" : "camera";
  const radio = (value, label) => {
    const id = `recorded-devices-${value}`;
    const r = el("input", { type: "radio", name: "recorded-devices", id, value, dataset: { path: "practice.recorded.setup.devices" } });
    r.checked = devices === value;
    return el("span", { class: "inline" }, r, el("label", { for: id, text: label }));
  };
  const speakBox = el("input", { type: "checkbox", id: "f-recorded-speak", disabled: !voicesAvailable(),
    dataset: { path: "practice.recorded.setup.speak", type: "bool" } });
  speakBox.checked = Boolean(s.speak) && voicesAvailable();
  return el("form", { dataset: { recordedSetup: "" }, onsubmit: (e) => { e.preventDefault(); begin(settings().devices === "mic" ? "mic" : "camera"); } },
    el("div", { class: "grid3" },
      numberField("count", "Number of questions", "1 to 10."),
      numberField("think", "Think time (seconds)", "Before each recording starts by itself."),
      numberField("limit", "Answer limit (seconds)", "The recording stops at the limit."),
      numberField("retakes", "Retakes allowed", "0 to 3 per question; a retake replaces the take.")),
    el("fieldset", { class: "choices" }, el("legend", { text: "Record with" }),
      el("div", { class: "row" }, radio("camera", "Camera and microphone"), radio("mic", "Microphone only"))),
    el("span", { class: "inline" }, speakBox, el("label", { for: "f-recorded-speak", text: "Read the questions aloud" })),
    recordingAvailable() ? null : el("p", { class: "note", text: "This browser cannot record here; the session runs with typed answers and the same timings." }),
    el("p", { class: "error", role: "alert", dataset: { recordedError: "" } }),
    el("div", { class: "row" },
      el("button", { type: "submit", id: "recorded-start", text: "Start a recorded session" }),
      el("button", { type: "button", class: "secondary", id: "recorded-start-typed", text: "Same timings, typed answers",
        onclick: () => begin("typed") })));
}

// ---- the session ----------------------------------------------------------------------------------

async function begin(mode) {
  const errorBox = root.querySelector("[data-recorded-error]");
  errorBox.textContent = "";
  const s = settings();
  const pool = await hooks.questionPool(s);
  if (pool.error) { errorBox.textContent = pool.error; return; }
  const params = {
    questions: pool.questions, count: Math.min(number("count"), pool.questions.length || number("count")),
    one_way: true, seconds_per_answer: Math.max(10, number("limit")), context: { facts: hooks.lockedFacts() },
    shuffle_seed: crypto.getRandomValues(new Uint32Array(1))[0],
  };
  const reply = await call("practice.start", params);
  if (!reply.ok) { errorBox.textContent = reply.error.message; return; }
  run = {
    id: state.newId("r"), started_at: new Date().toISOString(), mode: recordingAvailable() ? mode : "typed",
    think: number("think"), limit: number("limit"), retakes: number("retakes"), speak: Boolean(s.speak),
    session: reply.result.session, step: reply.result.step, results: [], notice: "",
  };
  await media.requestPersistence();
  await prepareDevices();
}

/** Open the devices for the mode (nothing for typed answers); on failure, the message and ways on. */
async function prepareDevices() {
  stopLive();
  if (run.mode === "typed") { startQuestion(); return; }
  run.phase = "opening";
  draw(el("p", { class: "muted", text: "Opening the " + (run.mode === "camera" ? "camera and microphone…" : "microphone…") }));
  try {
    live = { stream: await openDevices({ camera: run.mode === "camera" }) };
  } catch (err) {
    deviceTrouble(err.message, err.ways || ["retry", "typed"]);
    return;
  }
  startQuestion();
}

function deviceTrouble(message, ways) {
  run.phase = "trouble";
  const buttons = {
    retry: el("button", { type: "button", id: "recorded-retry-devices", text: "Try again", onclick: prepareDevices }),
    mic: el("button", { type: "button", class: "secondary", id: "recorded-mic-only", text: "Use the microphone only",
      onclick: () => { run.mode = "mic"; prepareDevices(); } }),
    typed: el("button", { type: "button", class: "secondary", id: "recorded-typed", text: "Type my answers instead",
      onclick: () => { run.mode = "typed"; prepareDevices(); } }),
  };
  draw(el("div", { dataset: { recordedTrouble: "" } },
    el("p", { class: "error", role: "alert", text: message }),
    el("div", { class: "row" }, ways.map((w) => buttons[w]))));
  root.querySelector("[data-recorded-trouble] button")?.focus();
}

const current = () => run.results.find((r) => r.question_index === run.session.index);

/** The question on screen (and aloud), then the think-time countdown; then recording starts by itself. */
function startQuestion() {
  const step = run.step;
  if (!current()) run.results.push({ question_index: run.session.index, question: step.text, retakes_used: 0, take: null });
  run.phase = "think";
  const timerNode = el("span", { class: "timer", role: "timer", "aria-label": "Think time", dataset: { thinkTimer: "" } });
  draw(el("div", { dataset: { recordedPhase: "think" } },
    el("p", { class: "progress-line", text: `Question ${step.number} of ${step.of}${retakeLine()}` }),
    el("p", { class: "prompt", id: "recorded-prompt", text: step.text }),
    el("p", {}, "Think time: ", timerNode, " Recording starts by itself when it reaches 0:00."),
    el("div", { class: "row" }, el("button", { type: "button", id: "recorded-record-now", text: run.mode === "typed" ? "Start answering now" : "Start recording now",
      onclick: startAnswer }))));
  if (run.speak) speak(step.text);
  say(`Question ${step.number} of ${step.of}: ${step.text}. ${run.think} seconds to think.`);
  live = { ...(live || {}), timer: countdown(timerNode, run.think, { onDone: startAnswer, label: "to think" }) };
  root.querySelector("#recorded-record-now").focus();
}

function retakeLine() {
  const r = current();
  if (!r || !run.retakes) return run.retakes ? "" : " · no retakes";
  return ` · retakes used: ${r.retakes_used} of ${run.retakes}`;
}

/** Recording (or typing) against the hard limit, with a live transcript where speech is recognised. */
function startAnswer() {
  if (run.phase !== "think") return;
  live?.timer?.stop();
  stopSpeaking();
  run.phase = "answer";
  const step = run.step;
  const transcript = el("textarea", { id: "recorded-transcript", rows: 5, "aria-describedby": "recorded-transcript-hint" });
  const timerNode = el("span", { class: "timer", role: "timer", "aria-label": "Time left for this answer", dataset: { answerTimer: "" } });
  const preview = run.mode === "camera" ? el("video", { class: "preview", muted: true, autoplay: true, playsinline: true, "aria-label": "Your camera" }) : null;
  const hint = run.mode === "typed" ? "Type your answer as you would say it."
    : recognitionAvailable() ? "A live transcript appears here as you speak; correct it afterwards." : "This browser makes no transcript: after the recording, type what you said (or skip).";
  draw(el("div", { dataset: { recordedPhase: "answer", mode: run.mode } },
    el("p", { class: "progress-line", text: `Question ${step.number} of ${step.of}${retakeLine()}` }),
    el("p", { class: "prompt", id: "recorded-prompt", text: step.text }),
    el("p", {}, run.mode === "typed" ? "Answering: " : el("strong", { class: "rec-dot", text: "● Recording " }), timerNode),
    preview,
    el("label", { for: "recorded-transcript", text: run.mode === "typed" ? "Your answer" : "Transcript" }), transcript,
    el("small", { class: "muted", id: "recorded-transcript-hint", text: hint }),
    el("p", { class: "error", role: "alert", dataset: { recordedMessage: "" } }),
    el("div", { class: "row" }, el("button", { type: "button", id: "recorded-finish", text: "Finish early", onclick: finishAnswer }))));
  const segments = [];
  if (run.mode !== "typed") {
    if (preview) { preview.muted = true; preview.srcObject = live.stream; }
    live.recorder = record(live.stream, pickType(run.mode === "camera"), { onEnded: (kind) => unplugged(kind) });
    if (recognitionAvailable()) {
      try {
        live.listener = listen({
          onPhrase: (said, at) => {
            segments.push({ text: said, start: at.start, end: at.end });
            transcript.value = (transcript.value.trim() ? transcript.value.trimEnd() + " " : "") + said;
          },
          onError: (code) => {
            const m = root.querySelector("[data-recorded-message]");
            if (m && code !== "no-speech" && code !== "aborted") m.textContent = `The live transcript stopped (${code}); the recording goes on. Type what you said afterwards.`;
          },
        });
      } catch { /* no transcript: typed afterwards */ }
    }
  } else {
    transcript.focus();
  }
  live.segments = segments;
  live.timer = countdown(timerNode, run.limit, { onDone: finishAnswer, label: "left" });
  say(run.mode === "typed" ? `Answer now: ${run.limit} seconds.` : `Recording: ${run.limit} seconds.`);
}

function unplugged(kind) {
  run.notice = `Your ${kind === "video" ? "camera" : "microphone"} was disconnected mid-answer. What was recorded until then is kept below.`;
  run.unplugged = kind;
  finishAnswer();
}

/** Stop, keep the take (IndexedDB), and show it for review: replay, transcript, retake or use it. */
async function finishAnswer() {
  if (run.phase !== "answer") return;
  run.phase = "saving";
  const seconds = live.timer.stop();
  const typed = root.querySelector("#recorded-transcript")?.value || "";
  const result = current();
  result.transcript = typed;
  result.segments = live.segments?.length ? live.segments.slice() : null;
  result.seconds = seconds;
  live.listener?.stop();
  if (run.mode === "typed") {
    result.take = null;
    review();
    return;
  }
  for (const b of root.querySelectorAll("[data-recorded-body] button")) b.disabled = true;
  say("Saving your take…");
  const { blob, seconds: recorded } = await live.recorder.stop();
  result.seconds = Math.min(recorded, Math.max(seconds, 0)) || recorded;
  const take = { id: state.newId("t"), session_id: run.id, question_index: run.session.index, question: run.step.text,
    created_at: new Date().toISOString(), type: blob.type, seconds: Math.round(result.seconds * 10) / 10, size: blob.size, blob };
  const previous = result.take;
  try {
    await media.putTake(take);
    if (previous && previous.stored) await media.deleteTake(previous.id).catch(() => {});
    result.take = { id: take.id, stored: true, blob, type: blob.type, size: blob.size };
  } catch (err) {
    // Not saved: keep it in memory for this page (it can still be played and graded), keep the older take.
    result.take = { id: take.id, stored: false, blob, type: blob.type, size: blob.size };
    if (previous && previous.stored) result.kept_previous = previous;
    run.notice = media.isQuotaError(err)
      ? "The browser's storage for this site is full, so this take was not saved (it plays until you leave the page). Delete older recordings below to make room, or continue with typed answers; your transcript is kept."
      : `This take could not be saved (${err.message || err.name}). It plays until you leave the page; your transcript is kept.`;
    run.storage_full = media.isQuotaError(err);
  }
  if (run.unplugged) {
    stopLive();
    run.mode = run.unplugged === "video" ? "mic" : "typed";
    run.unplugged = null;
  }
  await refreshStored();
  review();
}

function review() {
  run.phase = "review";
  draw();
}

function renderReview() {
  const result = current();
  const step = run.step;
  const left = run.retakes - result.retakes_used;
  const player = result.take ? el(result.take.type.startsWith("audio") ? "audio" : "video",
    { controls: true, id: "recorded-player", class: "player", "aria-label": "Your take" }) : null;
  if (player) playable(player, result.take.blob).catch((e) => { player.replaceWith(el("p", { class: "error", text: e.message })); });
  const transcript = el("textarea", { id: "recorded-review-transcript", rows: 6, "aria-describedby": "recorded-review-hint" });
  transcript.value = result.transcript || "";
  transcript.addEventListener("input", () => { result.transcript = transcript.value; });
  const ways = [];
  if (run.storage_full || run.mode !== "typed") {
    ways.push(el("button", { type: "button", class: "secondary", id: "recorded-typed", text: "Type the remaining answers",
      onclick: () => { stopLive(); run.mode = "typed"; run.storage_full = false; draw(); } }));
  }
  return el("div", { dataset: { recordedPhase: "review" } },
    el("p", { class: "progress-line", text: `Question ${step.number} of ${step.of}${retakeLine()}` }),
    el("p", { class: "muted", text: step.text }),
    run.notice ? el("p", { class: "note", role: "alert", dataset: { recordedNotice: "" }, text: run.notice }) : null,
    player, result.take ? el("p", { class: "muted small", text: `${clock(result.seconds)} of ${clock(run.limit)} · ${mb(result.take.size)}${result.take.stored ? "" : " · not saved"}` }) : null,
    el("label", { for: "recorded-review-transcript", text: "What you said (correct it, or type it)" }), transcript,
    el("small", { class: "muted", id: "recorded-review-hint", text: "Graded like a typed answer, with delivery figures. Leave it empty to skip grading this one." }),
    el("p", { class: "error", role: "alert", dataset: { recordedMessage: "" } }),
    el("div", { class: "row" },
      el("button", { type: "button", id: "recorded-use", text: "Use this take", onclick: () => submit() }),
      left > 0 ? el("button", { type: "button", class: "secondary", id: "recorded-retake", text: `Retake (${left} left)`, onclick: retake })
        : el("span", { class: "muted small", text: run.retakes ? "No retakes left." : "No retakes in this session." }),
      ways));
}

function retake() {
  const result = current();
  if (result.retakes_used >= run.retakes) return;
  result.retakes_used += 1;
  run.notice = "";
  release(root.querySelector("#recorded-player"));
  if (run.mode !== "typed" && !live?.stream) { prepareDevices(); return; }
  startQuestion();
}

/** Grade the transcript (practice.next: the same feedback and ledger check) and measure its delivery. */
async function submit() {
  const result = current();
  const text = (result.transcript || "").trim();
  for (const b of root.querySelectorAll("[data-recorded-body] button")) b.disabled = true;
  say(text ? "Grading your answer…" : "Moving on…");
  const [next, delivery] = await Promise.all([
    call("practice.next", { session: run.session, answer: text, seconds: result.seconds || 0 }),
    text ? call("delivery.measure", { transcript: text, seconds: result.seconds || 0, limit: run.limit,
      ...(result.segments ? { segments: result.segments } : {}) }) : Promise.resolve(null),
  ]);
  if (!next.ok || (delivery && !delivery.ok)) {
    for (const b of root.querySelectorAll("[data-recorded-body] button")) b.disabled = false;
    root.querySelector("[data-recorded-message]").textContent = (next.ok ? delivery : next).error.message;
    return;
  }
  result.feedback = next.result.feedback || null;
  result.delivery = delivery ? delivery.result : null;
  result.grade = result.feedback ? result.feedback.grade.overall.score : null;
  if (result.take?.stored) {
    media.updateTake(result.take.id, { transcript: text, delivery: result.delivery, grade: result.grade }).catch(() => {});
  }
  run.session = next.result.session;
  run.step = next.result.step;
  run.notice = next.result.notice || "";
  run.phase = "feedback";
  draw();
  root.querySelector("#recorded-feedback-title")?.focus();
}

function deliveryTable(d) {
  const pct = (x) => (typeof x === "number" ? `${Math.round(x * 100)}%` : "–");
  const rows = [
    ["Words per minute", d.words_per_minute === null ? "–" : `${d.words_per_minute} (${d.pace.verdict}; ${d.pace.low}–${d.pace.high} is comfortable)`],
    ["Filler words per minute", d.fillers.per_minute === null ? "–" : `${d.fillers.per_minute} (${d.fillers.count}: ${d.fillers.found.slice(0, 8).map((f) => f.text.toLowerCase()).join(", ") || "none"})`],
    ["Long pauses", d.pauses.measured ? (d.pauses.long.length ? d.pauses.long.map((p) => `${p.seconds} s at ${clock(p.at)}`).join(", ") : "none") : "not measured"],
    ["Time used", `${clock(d.time.used)} of ${clock(d.time.limit || 0)} (${pct(d.time.share)})`],
    ["Said before the first concrete fact", d.before_first_fact.fact ? `${pct(d.before_first_fact.share)} (${d.before_first_fact.words} words, then “${d.before_first_fact.fact}”)` : pct(d.before_first_fact.share)],
  ];
  return el("div", {},
    el("table", { class: "scores", dataset: { delivery: "" } },
      el("caption", { text: "Delivery" }),
      el("tbody", {}, rows.map(([k, v]) => el("tr", {}, el("th", { scope: "row", text: k }), el("td", { text: v }))))),
    d.notes.length ? el("ul", { class: "muted small" }, d.notes.map((n) => el("li", { text: n }))) : null);
}

function renderFeedback() {
  const result = run.results[run.results.length - 1];
  const last = run.step.type === "summary";
  const fb = result.feedback;
  return el("div", { dataset: { recordedPhase: "feedback" } },
    el("h4", { id: "recorded-feedback-title", tabindex: "-1", text: `Feedback on question ${result.question_index + 1}` }),
    el("p", { class: "muted", text: result.question }),
    run.notice ? el("p", { class: "note", text: run.notice }) : null,
    fb ? overallLines(fb.grade, { retry: fb.retry }) : el("p", { text: "Skipped: no transcript to grade." }),
    result.delivery ? deliveryTable(result.delivery) : null,
    el("div", { class: "row" }, el("button", { type: "button", id: "recorded-next", text: last ? "Finish the session" : "Next question",
      onclick: () => { run.notice = ""; if (last) finish(); else if (run.mode !== "typed" && !live?.stream) prepareDevices(); else startQuestion(); } })),
    fb ? el("details", {}, el("summary", { text: "Every dimension, with your words" }),
      dimensionList(fb.grade, result.transcript || "")) : null);
}

const mean = (xs) => {
  const v = xs.filter((x) => typeof x === "number" && Number.isFinite(x));
  return v.length ? Math.round((v.reduce((a, b) => a + b, 0) / v.length) * 100) / 100 : null;
};

/** The session goes to the history (figures only: recordings stay in IndexedDB, out of the document). */
function finish() {
  stopLive();
  const r = run.results;
  const d = r.map((x) => x.delivery).filter(Boolean);
  const entry = {
    id: run.id, started_at: run.started_at, ended_at: new Date().toISOString(), mode: run.mode,
    asked: r.length, answered: r.filter((x) => x.feedback).length, overall: run.step.overall ?? mean(r.map((x) => x.grade)),
    words_per_minute: mean(d.map((x) => x.words_per_minute)), fillers_per_minute: mean(d.map((x) => x.fillers.per_minute)),
    before_first_fact: mean(d.map((x) => x.before_first_fact.share)), time_share: mean(d.map((x) => x.time.share)),
    retakes: r.reduce((n, x) => n + x.retakes_used, 0), think: run.think, limit: run.limit,
  };
  state.update((doc) => {
    if (!doc.practice || typeof doc.practice !== "object" || Array.isArray(doc.practice)) doc.practice = {};
    const rec = doc.practice.recorded && typeof doc.practice.recorded === "object" && !Array.isArray(doc.practice.recorded) ? doc.practice.recorded : {};
    rec.history = (Array.isArray(rec.history) ? rec.history : []).concat([entry]).slice(-MAX_HISTORY);
    doc.practice.recorded = rec;
  }, "practice");
  run = null;
  draw();
  say("The recorded session is over; its figures are in your practice history.");
  hooks.onFinished();
}

async function abandon() {
  if (!(await confirmDialog("Stop this recorded session? Takes already saved stay in your recordings.", "Stop"))) return;
  const wasRecording = run && run.phase === "answer" && live?.recorder;
  if (wasRecording) await finishAnswer(); // keep what was being recorded
  stopLive();
  stopSpeaking();
  run = null;
  draw();
}

// ---- the recordings list --------------------------------------------------------------------------

async function refreshStored() {
  try {
    stored = await media.listTakes();
  } catch {
    stored = [];
  }
  await drawLibrary();
}

async function drawLibrary() {
  const box = root?.querySelector("[data-recordings]");
  if (!box) return;
  const use = await media.usage();
  const items = stored.map((t) => {
    const player = el(String(t.type).startsWith("audio") ? "audio" : "video", { controls: true, class: "player", hidden: true, "aria-label": `Take: ${t.question}` });
    return el("li", { dataset: { take: t.id } },
      el("p", {}, el("strong", { text: t.question }), el("span", { class: "muted small",
        text: ` · ${new Date(t.created_at).toLocaleString([], { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })} · ${clock(t.seconds || 0)} · ${mb(t.size)}${typeof t.grade === "number" ? ` · ${t.grade} / 5` : ""}` })),
      el("div", { class: "row" },
        el("button", { type: "button", class: "secondary", text: "Play", dataset: { play: t.id }, onclick: async () => {
          player.hidden = false;
          const got = await media.getTake(t.id);
          if (got) playable(player, got.blob).then(() => player.play().catch(() => {}), () => {});
        } }),
        el("button", { type: "button", class: "link danger", text: "Delete", dataset: { delete: t.id }, onclick: () => removeOne(t) })),
      player);
  });
  box.replaceChildren(
    el("h4", { text: "Your recordings" }),
    el("p", { class: "muted small", dataset: { storageUse: "" } },
      `Recordings: ${stored.length}, ${mb(stored.reduce((n, t) => n + (t.size || 0), 0))}. This site uses ${mb(use.usage)} of the ${mb(use.quota)} the browser allows it. `,
      use.persisted === true ? "The browser keeps them until you delete them." : use.persisted === false ? "The browser may clear them if the disk runs low on space." : "",
      " They stay on this device: never in a share link or a backup."),
    stored.length ? el("ul", { class: "plain takes" }, items) : el("p", { class: "muted", text: "No recordings kept." }),
    stored.length ? el("button", { type: "button", class: "link danger", id: "recorded-delete-all", text: "Delete all recordings", onclick: removeAll }) : null);
}

async function removeOne(t) {
  if (!(await confirmDialog(`Delete the take of “${t.question}”? It cannot be brought back.`, "Delete"))) return;
  await media.deleteTake(t.id);
  if (run) for (const r of run.results) if (r.take && r.take.id === t.id) r.take.stored = false;
  await refreshStored();
  say("Take deleted.");
}

async function removeAll() {
  if (!(await confirmDialog(`Delete all ${stored.length} recordings? They cannot be brought back.`, "Delete all"))) return;
  await media.deleteAll();
  await refreshStored();
  say("All recordings deleted.");
}

// ---- the view -------------------------------------------------------------------------------------

function draw(content) {
  const body = root.querySelector("[data-recorded-body]");
  root.dataset.phase = run ? run.phase || "" : "setup";
  if (content) { body.replaceChildren(content, abandonRow()); return; }
  if (!run) { body.replaceChildren(renderSetup()); return; }
  if (run.phase === "review") body.replaceChildren(renderReview(), abandonRow());
  else if (run.phase === "feedback") body.replaceChildren(renderFeedback(), abandonRow());
}

function abandonRow() {
  return el("div", { class: "row end" }, el("button", { type: "button", class: "link danger", id: "recorded-abandon", text: "Stop this recorded session", onclick: abandon }));
}

/** Draw again when the document changed from outside (an import, another tab), unless a session runs. */
export function refresh() {
  if (!run && root) draw();
}

export function mount(node, options) {
  root = node;
  hooks = options;
  root.replaceChildren(
    el("h3", { text: "One-way recorded interview" }),
    el("p", { class: "muted", text: "Rehearse the recorded format some employers use: the question appears, you get a short time to think, the recording starts by itself and stops at the limit, with a fixed number of retakes. You get the same feedback as a typed answer, plus how you delivered it." }),
    el("p", { id: "recorded-status", class: "visually-hidden", role: "status", "aria-live": "polite" }),
    el("div", { dataset: { recordedBody: "" } }),
    el("div", { class: "recordings", dataset: { recordings: "" } }));
  draw();
  refreshStored();
}
