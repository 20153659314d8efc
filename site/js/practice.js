// Step 5: practise under follow-up pressure. A mock interviewer (one of five personas, or the person's
// own panel) asks questions from their bank, reads them aloud where the browser has voices, follows up
// on what was said (practice.next), coaches when they are stuck (practice.hint), and grades each
// question (feedback on the main answer, citing their words). The session is plain JSON kept in
// doc.practice.active, so it survives a reload; finished sessions go to doc.practice.history, and
// weakly answered questions to doc.practice.retry, which come first next time.

import * as state from "./state.js";
import { call } from "./python.js";
import { el, confirmDialog } from "./dom.js";
import { CATEGORY_LABELS, mergeParams, debriefQuestions } from "./escalation.js";
import { feedbackCard, wantsInCharacter, inCharacter } from "./practice-llm.js";
import { DIMENSIONS, scoreMeter, overallLines, dimensionList } from "./practice-feedback.js";
import { voicesAvailable, speak as say, stopSpeaking, onVoicesChanged, recognitionAvailable, listen } from "./practice-speech.js";
import { clock, countdown } from "./practice-timer.js";
import { historyCard } from "./practice-history.js";
import * as recorded from "./recorded.js";
const ROUND_TYPES = { second: "Second round", final: "Final round", panel: "Panel round", "hiring-manager": "Hiring-manager round", "": "Any round" };
const MAX_HISTORY = 200;
const MAX_RETRY = 50;

let section;
let personas = null;
let timer = null;
let busy = false;
let recognition = null;

// ---- the document ---------------------------------------------------------------------------------

const practice = () => {
  const p = state.get("practice", null);
  return p && typeof p === "object" && !Array.isArray(p) ? p : {};
};
const setup = () => {
  const s = practice().setup;
  return s && typeof s === "object" && !Array.isArray(s) ? s : {};
};
const active = () => {
  const a = practice().active;
  return a && typeof a === "object" && a.session && a.step ? a : null;
};
const history = () => (Array.isArray(practice().history) ? practice().history.filter((h) => h && typeof h === "object") : []);
const retryList = () => (Array.isArray(practice().retry) ? practice().retry.filter((q) => q && typeof q.text === "string") : []);

function ensurePractice(doc) {
  if (!doc.practice || typeof doc.practice !== "object" || Array.isArray(doc.practice)) doc.practice = {};
  return doc.practice;
}

function panelists() {
  const list = state.get(state.ipath("panel.panelists"), []);
  return (Array.isArray(list) ? list : []).filter((p) => p && typeof p === "object"
    && [p.name, p.role].some((t) => typeof t === "string" && t.trim()));
}

function lockedFacts() {
  const facts = state.get(state.ipath("ledger.facts"), []);
  return (Array.isArray(facts) ? facts : []).filter((f) => f && typeof f === "object" && f.locked === true);
}

// ---- speech and the timer (shared with the recorded format) ------------------------------------

/** Read aloud when the person asked for it (or pressed "Read it again"). */
function speak(text, force = false) {
  if (force || setup().speak) say(text);
}

function toggleDictation(button, textarea) {
  if (recognition) {
    recognition.stop();
    return;
  }
  const message = section.querySelector("[data-answer-message]");
  const ended = () => {
    recognition = null;
    button.textContent = "Dictate";
    button.setAttribute("aria-pressed", "false");
  };
  try {
    recognition = listen({
      onPhrase: (said) => {
        textarea.value = (textarea.value.trim() ? textarea.value.trimEnd() + " " : "") + said;
        state.set("practice.active.draft", textarea.value);
      },
      onError: (code) => { message.textContent = `Dictation stopped (${code}). You can keep typing.`; },
      onEnd: ended,
    });
    button.textContent = "Stop dictating";
    button.setAttribute("aria-pressed", "true");
  } catch (err) {
    ended();
    message.textContent = `Dictation is not available here (${err.message}). Type your answer instead.`;
  }
}

function stopDictation() {
  recognition?.stop();
  recognition = null;
}

function startTimer(limit) {
  stopTimer();
  timer = countdown(section.querySelector("[data-timer]"), limit);
}

function stopTimer() {
  const seconds = timer ? timer.stop() : null;
  timer = null;
  return seconds;
}

// ---- small renderers ----------------------------------------------------------------------------

function field(label, path, input, hint = "") {
  const id = "f-" + path.replaceAll(".", "-");
  input.id = id;
  input.dataset.path = path;
  if (hint) input.setAttribute("aria-describedby", id + "-hint");
  return el("div", { class: "field" }, el("label", { for: id, text: label }), input,
    hint ? el("small", { class: "muted", id: id + "-hint", text: hint }) : null);
}

function interviewerLine(step) {
  const who = step.interviewer || {};
  if (who.concern) {
    return `${who.name}${who.role ? `, ${who.role}` : ""} · cares about ${who.concern.toLowerCase()} · played as: ${who.title}`;
  }
  return `${who.name || "Interviewer"} · ${who.title || ""}`;
}

// ---- set-up -------------------------------------------------------------------------------------

function renderSetup() {
  const s = setup();
  const panel = panelists();
  const selection = Array.isArray(s.selection) ? s.selection.filter((q) => q && q.text) : [];
  const retry = retryList();
  const mode = s.mode === "panel" && panel.length ? "panel" : "persona";
  const personaId = s.persona || "warm";
  const voices = voicesAvailable();

  const round = el("select", {}, Object.entries(ROUND_TYPES).map(([v, l]) => {
    const o = el("option", { value: v, text: l });
    if ((s.round ?? "second") === v) o.selected = true;
    return o;
  }));

  const personaRadios = (personas || []).map((p) => {
    const id = `practice-persona-${p.id}`;
    const radio = el("input", { type: "radio", name: "practice-persona", id, value: p.id, dataset: { choose: "persona" } });
    radio.checked = mode === "persona" && personaId === p.id;
    return el("div", { class: "choice" }, radio,
      el("label", { for: id }, el("strong", { text: `${p.name} · ${p.title}` }),
        el("span", { class: "muted", text: ` ${p.summary} Up to ${p.max_follow_ups} follow-ups per question.` })));
  });
  const panelRadio = el("input", { type: "radio", name: "practice-persona", id: "practice-persona-panel", value: "panel",
    dataset: { choose: "panel" }, disabled: !panel.length });
  panelRadio.checked = mode === "panel";
  const panelChoice = el("div", { class: "choice" }, panelRadio,
    el("label", { for: "practice-persona-panel" },
      el("strong", { text: panel.length ? `Your panel (${panel.length})` : "Your panel" }),
      panel.length
        ? el("span", { class: "muted", text: ` ${panel.map((p) => [p.name, p.role].filter(Boolean).join(", ")).join("; ")}. They take turns, each pressing on what they care about.` })
        : el("span", { class: "muted" }, " No panelists yet. Add each one's name, role and concern in ",
          el("a", { href: "#panel", text: "Step 4 · Panel" }), " to practise with them.")));

  const mix = (s.mix && typeof s.mix === "object") ? s.mix : {};
  const mixBoxes = Object.entries(CATEGORY_LABELS).map(([c, label]) => {
    const path = `practice.setup.mix.${c}`;
    const id = "f-" + path.replaceAll(".", "-");
    const box = el("input", { type: "checkbox", id, dataset: { path, type: "bool" } });
    box.checked = mix[c] !== false;
    return el("span", { class: "inline" }, box, el("label", { for: id, text: label }));
  });

  const count = el("input", { type: "number", min: "1", max: "50", inputmode: "numeric" });
  count.value = s.count ?? 3;
  const seconds = el("input", { type: "number", min: "10", max: "1800", step: "10", inputmode: "numeric", placeholder: "the interviewer's pace" });
  seconds.value = s.seconds ?? "";

  return el("form", { class: "card setup", dataset: { setup: "" }, "aria-labelledby": "practice-setup-title", onsubmit: (e) => { e.preventDefault(); begin(); } },
    el("h3", { id: "practice-setup-title", text: "Set up a mock interview" }),
    selection.length
      ? el("div", { class: "note" }, el("p", { text: `Questions: the ${selection.length} you selected in Step 3.` }),
        el("button", { type: "button", class: "link", text: "Use my whole question list instead", onclick: () => {
          state.set("practice.setup.selection", []);
          render();
        } }))
      : null,
    retry.length && !selection.length
      ? el("p", { class: "note", text: `${Math.min(retry.length, 20)} question${retry.length === 1 ? "" : "s"} you found hard last time will come first, for another try.` })
      : null,
    el("div", { class: "grid3" },
      field("Round type", "practice.setup.round", round),
      field("Number of questions", "practice.setup.count", count),
      field("Seconds per answer", "practice.setup.seconds", seconds, "Blank: the interviewer's own pace.")),
    el("fieldset", { class: "choices" }, el("legend", { text: "Who interviews you" }),
      personas ? personaRadios : el("p", { class: "muted", text: "Loading the interviewers… (Priya, the warm conversationalist, if you start now)" }),
      panelChoice),
    selection.length ? null : el("fieldset", { class: "mix" }, el("legend", { text: "Question mix" }), el("div", { class: "row" }, mixBoxes)),
    speakToggle("f-practice-setup-speak"),
    voices ? null : el("p", { class: "muted small", text: "This browser has no voices for reading aloud; the questions appear on screen." }),
    el("p", { class: "error", role: "alert", dataset: { setupError: "" } }),
    el("div", { class: "row" }, el("button", { type: "submit", id: "practice-start", text: "Start the session" })),
  );
}

function speakToggle(id) {
  const voices = voicesAvailable();
  const box = el("input", { type: "checkbox", id, disabled: !voices, dataset: { path: "practice.setup.speak", type: "bool" } });
  box.checked = Boolean(setup().speak) && voices;
  return el("span", { class: "inline" }, box, el("label", { for: id, text: "Read the questions aloud" }));
}

async function questionPool(s) {
  const selection = Array.isArray(s.selection) ? s.selection.filter((q) => q && q.text) : [];
  if (selection.length) return { questions: selection.slice(0, 50), selection: true };
  const reply = await call("questions.merge", mergeParams(s.round ? { round: s.round } : {}));
  if (!reply.ok) return { error: reply.error.message };
  return { questions: reply.result.questions.map((q) => ({ id: q.id, text: q.text, category: q.category, follow_ups: q.follow_ups })) };
}

async function begin() {
  if (busy) return;
  const s = setup();
  const errorBox = section.querySelector("[data-setup-error]");
  errorBox.textContent = "";
  const panel = panelists();
  const usePanel = s.mode === "panel" && panel.length;
  const pool = await questionPool(s);
  if (pool.error) { errorBox.textContent = pool.error; return; }
  const count = Number.parseInt(s.count ?? 3, 10);
  const seconds = String(s.seconds ?? "").trim() === "" ? null : Number(s.seconds);
  const mix = Object.keys(CATEGORY_LABELS).filter((c) => !(s.mix && s.mix[c] === false));
  if (!pool.selection && !mix.length) { errorBox.textContent = "Tick at least one kind of question in the mix."; return; }
  const params = {
    questions: pool.questions,
    count: pool.selection ? pool.questions.length : (Number.isFinite(count) ? count : 3),
    context: { facts: lockedFacts() },
    debrief: (state.interview().rounds || []).flatMap((r) => (Array.isArray(r && r.questions) ? r.questions : [])),
  };
  if (seconds !== null) params.seconds_per_answer = Number.isFinite(seconds) ? Math.round(seconds) : seconds;
  if (!pool.selection) {
    params.mix = mix;
    params.shuffle_seed = crypto.getRandomValues(new Uint32Array(1))[0];
    params.retry = retryList().slice(0, 20).map((q) => ({ id: q.id, text: q.text, category: q.category, follow_ups: q.follow_ups }));
  }
  if (usePanel) params.panel = panel.map((p) => ({ name: p.name, role: p.role, concern: p.concern }));
  else params.persona = s.persona || "warm";
  busy = true;
  status("Preparing your interviewer…");
  const reply = await call("practice.start", params);
  busy = false;
  status("");
  if (!reply.ok) { errorBox.textContent = reply.error.message; return; }
  state.update((doc) => {
    const p = ensurePractice(doc);
    p.active = {
      id: state.newId("s"), started_at: new Date().toISOString(), phase: "answer",
      session: reply.result.session, step: reply.result.step, feedback: [], draft: "", hint: null,
      label: usePanel ? `Panel: ${panel.map((x) => x.name || x.role).join(", ")}` : interviewerLine(reply.result.step),
    };
    if (pool.selection && p.setup) p.setup.selection = [];
  }, "practice");
  render({ focus: "answer" });
}

// ---- the session ----------------------------------------------------------------------------------

function status(text) {
  const live = section.querySelector("#practice-status");
  if (live) live.textContent = text;
}

function renderAnswer(a) {
  const step = a.step;
  const isProbe = step.type === "probe";
  const answer = el("textarea", { id: "practice-answer", rows: 8, "aria-describedby": "practice-prompt practice-keys",
    dataset: { draft: "" }, spellcheck: "true" });
  answer.value = typeof a.draft === "string" ? a.draft : "";
  const dictate = recognitionAvailable()
    ? el("button", { type: "button", class: "secondary", id: "practice-dictate", "aria-pressed": "false", text: "Dictate",
      onclick: (e) => toggleDictation(e.currentTarget, answer) })
    : null;
  const canSpeak = voicesAvailable();
  return el("div", { class: "session", dataset: { phase: "answer" } },
    a.notice ? el("p", { class: "note", role: "status", text: a.notice }) : null,
    el("div", { class: "card prompt-card" },
      el("p", { class: "muted interviewer", text: interviewerLine(step) }),
      el("p", { class: "progress-line" },
        `Question ${step.number} of ${step.of}`,
        isProbe ? ` · follow-up ${step.follow_up} of up to ${step.max_follow_ups}` : "",
        step.retry ? el("span", { class: "chip chip-own", text: "Another try" }) : null),
      isProbe ? el("p", { class: "muted small", text: `On: ${step.question || ""}` }) : null,
      el("p", { id: "practice-prompt", class: "prompt", text: step.text }),
      isProbe && step.by_model ? el("p", { class: "small", "data-probe-source": "model" },
        el("span", { class: "chip chip-own", text: `Worded by the language model · ${step.by_model}` }),
        step.rule_text ? ` The rule-based follow-up was: “${step.rule_text}”` : "") : null,
      el("p", { class: "muted small", "data-llm-probe": "", "aria-live": "polite" }),
      isProbe && step.why ? el("details", { class: "why" }, el("summary", { text: "Why they ask this" }), el("p", { text: step.why })) : null,
      canSpeak ? el("div", { class: "row speak-row" }, speakToggle("practice-speak"),
        el("button", { type: "button", class: "link", text: "Read it again", onclick: () => speak(step.text, true) })) : null),
    el("div", { class: "field" },
      el("div", { class: "answer-head" },
        el("label", { for: "practice-answer", text: isProbe ? "Your answer to the follow-up" : "Your answer" }),
        el("span", { class: "timer", role: "timer", "aria-label": "Time for this answer", dataset: { timer: "" } })),
      answer,
      el("small", { id: "practice-keys", class: "muted", text: "Ctrl+Enter submits. Answer as you would out loud." })),
    el("p", { class: "error", role: "alert", dataset: { answerMessage: "" } }),
    el("div", { class: "row" },
      el("button", { type: "button", id: "practice-submit", text: "Submit answer", onclick: () => submit(false) }),
      el("button", { type: "button", class: "secondary", id: "practice-hint", text: "I'm stuck", onclick: stuck }),
      dictate,
      el("button", { type: "button", class: "link", id: "practice-skip", text: isProbe ? "Move on" : "Skip this question", onclick: () => submit(true) })),
    el("div", { class: "hint out", dataset: { hint: "" }, "aria-live": "polite" }, a.hint ? renderHint(a.hint) : null),
  );
}

async function submit(skip) {
  const a = active();
  if (!a || busy) return;
  const box = section.querySelector("#practice-answer");
  const message = section.querySelector("[data-answer-message]");
  const text = skip ? "" : box.value;
  if (!skip && !text.trim()) {
    message.className = "error";
    message.textContent = "Your answer is empty. Type what you would say, or use “Skip this question”.";
    box.focus();
    return;
  }
  message.textContent = text.length > 20_000 ? `Checking a long answer (${text.length.toLocaleString()} characters)…` : "";
  message.className = "muted";
  stopDictation();
  stopSpeaking();
  busy = true;
  section.querySelector("[data-phase]")?.setAttribute("aria-busy", "true");
  for (const b of section.querySelectorAll(".session button")) b.disabled = true;
  const seconds = timer ? timer.elapsed() : undefined;
  status(skip ? "Moving on…" : "Your interviewer is listening…");
  const reply = await call("practice.next", { session: a.session, answer: text, ...(seconds !== undefined ? { seconds } : {}) });
  busy = false;
  if (!reply.ok) {
    for (const b of section.querySelectorAll(".session button")) b.disabled = false;
    section.querySelector("[data-phase]")?.removeAttribute("aria-busy");
    message.textContent = reply.error.message;
    message.className = "error";
    status("");
    box.focus();
    return;
  }
  stopTimer();
  const { session, step, feedback, notice } = reply.result;
  state.update((doc) => {
    const p = ensurePractice(doc);
    const act = p.active;
    act.session = session;
    act.step = step;
    act.draft = "";
    act.hint = null;
    act.notice = notice || "";
    if (feedback) {
      act.feedback = Array.isArray(act.feedback) ? act.feedback : [];
      act.feedback.push(feedback);
      act.phase = "feedback";
    } else {
      act.phase = step.type === "summary" ? "summary" : "answer";
    }
    if (step.type === "summary") record(p, act);
  }, "practice");
  const phase = active().phase;
  render({ focus: phase === "answer" ? "answer" : phase });
  if (phase === "answer" && wantsInCharacter(active().step)) inTheirVoice(active());
}

/**
 * The rule engine's follow-up is on screen at once; the model rewrites it in the interviewer's voice and
 * its version replaces it when it arrives, unless the person has moved on. Failing, the rule probe stands.
 */
async function inTheirVoice(a) {
  const turn = a.session.transcript.length;
  const probeId = a.step.probe_id;
  const ruleText = a.step.text;
  const turns = a.session.transcript.filter((t) => t && t.question_index === a.session.index)
    .map((t) => ({ prompt: String(t.prompt || ""), answer: String(t.answer || "") }));
  const line = () => section.querySelector("[data-llm-probe]");
  const controller = new AbortController();
  line()?.replaceChildren("The interviewer is putting this in their own words… ",
    el("button", { type: "button", class: "link", text: "Keep this one", onclick: () => controller.abort() }));
  const got = await inCharacter(a.step, turns, { signal: controller.signal,
    onNote: (note) => { line()?.replaceChildren(note); } });
  const now = active();
  const same = now && now.phase === "answer" && now.session.transcript.length === turn && now.step.probe_id === probeId;
  if (!got) {
    if (same && controller.signal.aborted) line()?.replaceChildren();
    return;
  }
  if (!same) return; // answered or moved on meanwhile: the rule probe was the one asked
  const typing = section.querySelector("#practice-answer");
  if (typing && typing.value.trim()) {
    // Already answering the rule's wording: the question is not swapped under them; theirs is offered.
    line()?.replaceChildren(el("span", { class: "chip chip-own", "data-probe-source": "model", text: `The language model's wording · ${got.label}` }),
      ` “${got.text}” (you are already answering the question above, so it stays)`);
    return;
  }
  state.update((doc) => {
    const act = ensurePractice(doc).active;
    act.step.text = got.text;
    act.step.by_model = got.label;
    act.step.rule_text = ruleText;
    if (act.session.current && typeof act.session.current === "object") act.session.current.text = got.text;
  }, "practice");
  // Only the prompt changes on screen: the answer being typed, its caret and the timer run on.
  section.querySelector("#practice-prompt").textContent = got.text;
  line()?.replaceChildren(el("span", { class: "chip chip-own", "data-probe-source": "model", text: `Worded by the language model · ${got.label}` }),
    ` The rule-based follow-up was: “${ruleText}”`);
  status(`Follow-up: ${got.text}`);
  speak(got.text);
}

/** The answer a feedback item's offsets point into. */
function gradedAnswer(a, fb) {
  const t = a.session.transcript || [];
  if (fb.transcript_index >= 0 && t[fb.transcript_index]) return String(t[fb.transcript_index].answer || "");
  return t.filter((x) => x && x.question_index === fb.question_index && x.answer).map((x) => x.answer).join("\n\n");
}

function renderFeedback(a) {
  const fb = a.feedback[a.feedback.length - 1];
  const g = fb.grade;
  const answer = gradedAnswer(a, fb);
  const last = a.step.type === "summary";
  const next = el("button", { type: "button", id: "practice-continue", text: last ? "See the session summary" : "Next question",
    onclick: () => {
      state.update((doc) => { ensurePractice(doc).active.phase = last ? "summary" : "answer"; }, "practice");
      render({ focus: last ? "summary" : "answer" });
    } });
  return el("div", { class: "session", dataset: { phase: "feedback" } },
    a.notice ? el("p", { class: "note", role: "status", text: a.notice }) : null,
    el("div", { class: "card feedback" },
      el("h3", { id: "practice-feedback-title", tabindex: "-1", text: `Feedback on question ${fb.question_index + 1}` }),
      el("p", { class: "muted", text: fb.question }),
      overallLines(g, { retry: fb.retry }),
      el("div", { class: "row" }, next),
      dimensionList(g, answer)),
    feedbackCard(a.id, fb, answer, lockedFacts()));
}

/** Finish: the session goes to history; weak answers to the retry list, answers now good leave it. */
function record(p, act) {
  if (act.recorded) return;
  const sum = act.step;
  const entry = {
    id: act.id, started_at: act.started_at, ended_at: new Date().toISOString(), interviewer: act.label || "",
    persona: sum.panel ? "panel" : sum.persona, overall: sum.overall, answered: sum.answered, asked: sum.asked,
    skipped: sum.skipped, follow_ups: sum.follow_ups_asked, dimensions: sum.dimension_averages || {},
    practise_next: sum.practise_next || null,
    questions: (sum.questions || []).map((q) => ({ id: q.question_id, question: String(q.question || "").slice(0, 300),
      overall: q.grade ? q.grade.overall : null, retry: Boolean(q.retry) })),
  };
  p.history = (Array.isArray(p.history) ? p.history : []).concat([entry]).slice(-MAX_HISTORY);
  const settled = new Set(sum.settled_ids || []);
  const scores = new Map((sum.questions || []).map((q) => [q.question_id, q.grade ? q.grade.overall : null]));
  const kept = (Array.isArray(p.retry) ? p.retry : []).filter((q) => q && !settled.has(q.id));
  for (const q of sum.retry_questions || []) {
    const i = kept.findIndex((k) => k.id === q.id);
    const item = { ...q, score: scores.get(q.id) ?? null, at: entry.ended_at };
    if (i >= 0) kept[i] = item; else kept.push(item);
  }
  p.retry = kept.slice(-MAX_RETRY);
  act.recorded = true;
}

function renderSummary(a) {
  const s = a.step;
  const dims = s.dimension_averages || {};
  const back = (s.questions || []).filter((q) => q.retry);
  return el("div", { class: "session", dataset: { phase: "summary" } },
    el("div", { class: "card summary" },
      el("h3", { id: "practice-summary-title", tabindex: "-1", text: "Session summary" }),
      el("p", { class: "muted", text: a.label || "" }),
      s.overall === null || s.overall === undefined
        ? el("p", { text: "No answers to grade: every question was skipped." })
        : el("p", { class: "overall" }, scoreMeter(s.overall, "Overall score for the session"),
          el("strong", { text: ` ${s.overall} / 5 overall` }),
          ` · ${s.answered} answered, ${s.skipped} skipped, ${s.follow_ups_asked} follow-up${s.follow_ups_asked === 1 ? "" : "s"}`),
      s.practise_next ? el("p", {}, el("strong", { text: "Practise next: " }), DIMENSIONS[s.practise_next] || s.practise_next) : null,
      Object.keys(dims).length ? el("table", { class: "scores" },
        el("caption", { class: "visually-hidden", text: "Average score per dimension" }),
        el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Dimension" }), el("th", { scope: "col", text: "Average (out of 5)" }))),
        el("tbody", {}, Object.entries(DIMENSIONS).filter(([k]) => k in dims)
          .map(([k, label]) => el("tr", {}, el("th", { scope: "row", text: label }), el("td", { text: String(dims[k]) }))))) : null,
      el("h4", { text: "Question by question" }),
      el("ol", { class: "summary-list" }, (s.questions || []).map((q) => el("li", {},
        el("p", { text: q.question }),
        el("p", { class: "muted small" },
          q.skipped ? "Skipped." : `${q.grade.overall} / 5 · ${q.grade.label}.`,
          ` ${q.follow_ups.length} follow-up${q.follow_ups.length === 1 ? "" : "s"}.`,
          q.seconds >= 1 ? ` ${clock(q.seconds)} speaking${q.over_time ? ", over time" : ""}.` : "",
          q.interviewer && q.interviewer.concern ? ` Asked by ${q.interviewer.name}.` : ""),
        !q.skipped && q.grade.next_step ? el("p", { class: "small", text: `Next time: ${q.grade.next_step.note}` }) : null))),
      back.length ? el("p", { class: "note", text: `${back.length} question${back.length === 1 ? "" : "s"} scored under ${s.retry_below} and will come first in your next session.` }) : null,
      el("div", { class: "row" },
        el("button", { type: "button", id: "practice-again", text: "Set up another session", onclick: () => {
          state.update((doc) => { ensurePractice(doc).active = null; }, "practice");
          render({ focus: "setup" });
        } }))));
}

async function stuck() {
  const a = active();
  if (!a) return;
  const box = section.querySelector("#practice-answer");
  const out = section.querySelector("[data-hint]");
  out.replaceChildren(el("p", { class: "muted", text: "Looking at your notes…" }));
  const step = a.step;
  const question = step.type === "probe" ? `${step.question || ""}\n${step.text}` : step.text;
  const stories = debriefQuestions().filter((q) => q.answer.trim())
    .map((q) => ({ id: q.id, question: q.question, answer: q.answer }));
  const reply = await call("practice.hint", { question, answer_so_far: box.value, stories, facts: lockedFacts(),
    ...(step.category ? { category: step.category } : {}) });
  if (!reply.ok) {
    out.replaceChildren(el("p", { class: "error", text: reply.error.message }));
    return;
  }
  state.set("practice.active.hint", reply.result);
  out.replaceChildren(renderHint(reply.result));
  box.focus();
}

function renderHint(h) {
  return el("div", { class: "coach" },
    el("h4", { text: "Coach" }),
    el("ul", {}, (h.prompts || []).map((p) => el("li", { text: p.text }))),
    h.stories && h.stories.length ? el("div", {},
      el("p", { class: "small strong", text: "From your own debrief" }),
      el("ul", { class: "plain" }, h.stories.map((s) => el("li", { class: "story" },
        s.title ? el("p", { class: "small", text: s.title }) : null,
        el("blockquote", { class: "cite", text: s.excerpt }),
        s.shared_words && s.shared_words.length ? el("p", { class: "muted small", text: `Shares: ${s.shared_words.join(", ")}` }) : null)))) : null,
    h.facts && h.facts.length ? el("div", {},
      el("p", { class: "small strong", text: "Facts you locked in: say them the same way" }),
      el("ul", { class: "chips" }, h.facts.map((f) => el("li", { class: "chip locked" },
        f.about ? el("strong", { text: f.about }) : null, ` “${f.text}”`)))) : null,
    el("p", { class: "muted small", text: h.note || "" }));
}

async function abandon() {
  if (!(await confirmDialog("Abandon this session? Your answers in it will not be kept or graded.", "Abandon"))) {
    section.querySelector("#practice-abandon")?.focus();
    return;
  }
  stopTimer();
  stopDictation();
  stopSpeaking();
  state.update((doc) => { ensurePractice(doc).active = null; }, "practice");
  render({ focus: "setup" });
  status("Session abandoned.");
}

// ---- the view -------------------------------------------------------------------------------------

function render({ focus } = {}) {
  stopTimer();
  const a = active();
  let body;
  if (!a) {
    body = [renderSetup()];
  } else {
    const phase = a.phase === "feedback" && Array.isArray(a.feedback) && a.feedback.length ? "feedback"
      : a.step.type === "summary" ? "summary" : "answer";
    body = [
      phase === "answer" ? renderAnswer(a) : phase === "feedback" ? renderFeedback(a) : renderSummary(a),
      phase === "summary" ? null : el("div", { class: "row end" },
        el("button", { type: "button", class: "link danger", id: "practice-abandon", text: "Abandon this session", onclick: abandon })),
    ];
  }
  section.querySelector("[data-body]").replaceChildren(...body);
  section.dataset.phase = a ? (section.querySelector("[data-phase]")?.dataset.phase || "answer") : "setup";
  section.dataset.turn = a && Array.isArray(a.session.transcript) ? String(a.session.transcript.length) : "0";
  const typing = Boolean(a) && section.dataset.phase !== "summary";
  section.querySelector("[data-recorded-card]").hidden = typing; // one interview at a time
  section.querySelector("[data-history-slot]").replaceChildren(...(typing ? [] : [renderHistory()]));
  if (a && section.dataset.phase === "answer") {
    startTimer(a.step.seconds || 120);
    if (focus === "answer") {
      section.querySelector("#practice-answer").focus();
      status(a.step.type === "probe" ? `Follow-up: ${a.step.text}` : `Question ${a.step.number} of ${a.step.of}: ${a.step.text}`);
      speak(a.step.text);
    }
  } else if (focus === "feedback") {
    section.querySelector("#practice-feedback-title")?.focus();
    const fb = a.feedback[a.feedback.length - 1];
    status(`Feedback on question ${fb.question_index + 1}: ${fb.grade.overall.score} out of 5, ${fb.grade.overall.label}.`);
  } else if (focus === "summary") {
    section.querySelector("#practice-summary-title")?.focus();
    status("The session is over. Your summary is below.");
  } else if (focus === "setup") {
    section.querySelector("#practice-start")?.focus();
  }
}

/** Draw the set-up again (personas or voices arrived), keeping the person's place in the form. */
function redrawSetup() {
  if (active()) return;
  const id = section.contains(document.activeElement) ? document.activeElement.id : "";
  render();
  if (id) document.getElementById(id)?.focus();
}

async function loadPersonas() {
  const reply = await call("practice.personas", {});
  if (!reply.ok) return;
  personas = reply.result;
  redrawSetup();
}

export function refresh() {
  render();
  recorded.refresh();
}

function renderHistory() {
  return historyCard({ typed: history(), recorded: recorded.recordedHistory(), retry: retryList() });
}

export function mount(root) {
  section = root;
  section.replaceChildren(
    el("h2", { text: "Step 5 · Practise under follow-up pressure" }),
    el("p", { class: "lede", text: "A mock interviewer asks, listens and follows up on exactly what you said, three to five times, the way a second round does. Answer as you would out loud; after each question you get graded feedback that quotes your own words." }),
    el("p", { id: "practice-status", class: "visually-hidden", role: "status", "aria-live": "polite" }),
    el("div", { dataset: { body: "" } }),
    el("section", { class: "card recorded", dataset: { recordedCard: "" }, "aria-label": "One-way recorded interview" }),
    el("div", { dataset: { historySlot: "" } }),
  );
  recorded.mount(section.querySelector("[data-recorded-card]"), {
    lockedFacts, questionPool: () => questionPool({ round: setup().round ?? "second" }), onFinished: () => render(),
  });
  section.addEventListener("input", (event) => {
    const t = event.target;
    if (t.id === "practice-answer") {
      state.set("practice.active.draft", t.value);
      return;
    }
    if (t.dataset.choose) {
      if (t.dataset.choose === "panel") state.set("practice.setup.mode", "panel");
      else { state.set("practice.setup.mode", "persona"); state.set("practice.setup.persona", t.value); }
      return;
    }
    const path = t.dataset.path;
    if (!path) return;
    state.set(path, t.dataset.type === "bool" ? t.checked : t.value);
  });
  section.addEventListener("keydown", (event) => {
    if (event.target.id === "practice-answer" && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit(false);
    }
  });
  onVoicesChanged(redrawSetup);
  render();
  loadPersonas();
}

export function show() {
  if (active()) return;
  const arrived = setup().selection_new;
  if (arrived) state.set("practice.setup.selection_new", false);
  render({ focus: arrived ? "setup" : undefined });
}
