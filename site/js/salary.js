// Step 4 · the salary conversation. A job title as the person types it -> occupations (salary.lookup,
// BLS wages with O*NET titles, and a best-effort UK figure from ONS) -> the one they pick -> a target
// range, their walk-away number, the lines to say and a short practice exchange (salary.plan). Where the
// job is (a state, a metro, remote, the UK; suggestions from salary.places in a <datalist>) picks the
// area's figures, shown beside the national ones; the plan uses the area's (for a remote role, the
// employer's area when given). An offer (base, bonus, equity, sign-on) is set against the range with a
// counter line. Money numbers said in round one (salary.said) are checked against the new range.
// Everything typed is saved in interview.salary at once; the figures appear when Python is ready.

import * as state from "./state.js";
import { call } from "./python.js";
import { el } from "./dom.js";
import { field, bindInputs, runner, say, copyText } from "./prep.js";

let section;
let schedule;
let lookupCache = { key: null, reply: null };
let placesFor = null; // the text the place suggestions were made for

const PCT = [["p10", "10th"], ["p25", "25th"], ["p50", "Median"], ["p75", "75th"], ["p90", "90th"]];
const str = (v) => (typeof v === "string" ? v : "");
const sal = () => (state.interview().salary && typeof state.interview().salary === "object" ? state.interview().salary : {});
const path = (key) => state.ipath(`salary.${key}`);

/** Replace a node's content only when what it shows has changed (keeps focus in radio groups). */
function renderKeyed(node, key, build) {
  if (node.dataset.key === key) return;
  node.dataset.key = key;
  node.replaceChildren(...[].concat(build()).filter(Boolean));
}

function money(value, currency = "USD", digits = 0) {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
  } catch {
    return `${Math.round(value).toLocaleString("en-US")} ${currency}`;
  }
}

// ---- figures ----------------------------------------------------------------------------------

function cell(value, currency, topCoded, digits = 0) {
  if (value === null || value === undefined) return el("td", { class: "muted num", text: "not published" });
  const text = money(value, currency, digits);
  return el("td", { class: "num" }, topCoded ? el("span", { title: `BLS's top code: the real figure is at least ${text}`, text: `at least ${text}` }) : text);
}

/** A row of one area's yearly figures (metro, state, or an employer's area), with its employment. */
function areaRow(area, market, label) {
  const top = new Set(area.top_coded || []);
  const published = PCT.some(([k]) => area.percentiles?.[k] !== null && area.percentiles?.[k] !== undefined);
  if (!published) return null;
  const employed = typeof area.employment === "number" ? `${area.employment.toLocaleString("en-US")} employed · ` : "";
  return el("tr", { dataset: { market, area: area.used.code } },
    el("th", { scope: "row" }, label || area.used.name, el("div", { class: "muted small", text: `${employed}per year, USD` })),
    ...PCT.map(([k]) => cell(area.percentiles[k], "USD", top.has(k))));
}

function figures(match) {
  const us = match.percentiles || {};
  const top = new Set(match.top_coded || []);
  const annual = PCT.some(([k]) => us[k] !== null && us[k] !== undefined);
  const local = match.area && match.area.used.kind !== "nation" ? match.area : null;
  const employer = match.employer_area && match.employer_area.used.kind !== "nation" ? match.employer_area : null;
  const hourly = match.hourly;
  const hourlyTop = new Set(hourly?.top_coded || []);
  const uk = match.uk;
  const ukValues = uk ? { p10: uk.p10, p25: uk.p25, p50: uk.median, p75: uk.p75, p90: uk.p90 } : null;
  const rows = [];
  if (local) rows.push(areaRow(local, "area"));
  if (employer) rows.push(areaRow(employer, "employer", `Employer: ${employer.used.name}`));
  const national = typeof match.employment === "number" ? `${match.employment.toLocaleString("en-US")} employed · ` : "";
  if (annual) rows.push(el("tr", { dataset: { market: "us" } }, el("th", { scope: "row" }, match.area?.requested?.kind === "remote" ? "United States (remote)" : "United States", el("div", { class: "muted small", text: `${national}per year, USD` })),
    ...PCT.map(([k]) => cell(us[k], "USD", top.has(k)))));
  if (hourly && (!annual || match.hourly_only)) rows.push(el("tr", { dataset: { market: "us-hourly" } }, el("th", { scope: "row" }, "United States", el("div", { class: "muted small", text: "per hour, USD" })),
    ...PCT.map(([k]) => cell(hourly[k], "USD", hourlyTop.has(k), 2))));
  if (ukValues) rows.push(el("tr", { dataset: { market: "uk" } }, el("th", { scope: "row" }, "United Kingdom", el("div", { class: "muted small", text: "per year, GBP" })),
    ...PCT.map(([k]) => cell(ukValues[k], "GBP", false))));
  const notes = [];
  for (const note of [...(match.area?.notes || []), ...(match.employer_area?.notes || [])]) notes.push(el("p", { class: "muted small", dataset: { areaNote: "" }, text: note }));
  const areaTop = (local?.top_coded?.length || 0) + (employer?.top_coded?.length || 0);
  if (top.size || hourlyTop.size || areaTop) notes.push(el("p", { class: "muted small", text: "“At least” marks BLS's top code: BLS publishes pay above this level only as “this much or more”, so the real figure is at least the number shown, never a ceiling." }));
  if (match.note) notes.push(el("p", { class: "muted small", text: match.note }));
  if (uk) notes.push(el("p", { class: "muted small" }, el("strong", { text: "UK figures: " }),
    `${uk.title} (SOC 2020 ${uk.soc2020}), ONS ASHE ${uk.year}, ${uk.match}. ${uk.note}`));
  return el("div", { dataset: { figures: match.code } },
    el("h4", { text: `${match.title} · ${match.code}` }),
    el("div", { class: "table-wrap" }, el("table", { class: "pct" },
      el("caption", { class: "visually-hidden", text: `Pay percentiles, BLS ${match.release || "May 2025"}` }),
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Market" }), ...PCT.map(([, label]) => el("th", { scope: "col", class: "num", text: label })))),
      el("tbody", {}, rows))),
    ...notes);
}

/** "us" or "uk": the person's choice, else the UK when that is where they said the job is. */
function marketOf(match, location) {
  const chosen = str(sal().market);
  if (!match?.uk) return "us";
  if (chosen) return chosen === "uk" ? "uk" : "us";
  return location?.kind === "uk" ? "uk" : "us";
}

function marketChoice(match, location) {
  const current = marketOf(match, location);
  const radio = (value, label, disabled) => {
    const id = `salary-market-${value}`;
    const input = el("input", { type: "radio", name: "salary-market", id, value, dataset: { path: path("market") }, disabled });
    input.checked = current === value;
    return el("span", { class: "inline" }, input, el("label", { for: id, text: label }));
  };
  return el("fieldset", { class: "bare row" }, el("legend", { text: "Plan with the figures for" }),
    radio("us", location && ["metro", "state"].includes(location.kind) ? `${location.label} (USD)` : "the United States (USD)", false),
    radio("uk", match.uk ? "the United Kingdom (GBP)" : "the United Kingdom (no UK match)", !match.uk));
}

function matchList(result, chosen) {
  const top = result.matches.slice(0, 5);
  return el("fieldset", { class: "bare matches" },
    el("legend", { text: "Which occupation is closest to the job?" }),
    top.map((m, n) => {
      const id = `salary-match-${m.code}`;
      const input = el("input", { type: "radio", name: "salary-match", id, value: m.code, dataset: { match: String(n) } });
      input.checked = m.code === chosen;
      const median = m.percentiles?.p50;
      return el("div", { class: "match" }, input,
        el("label", { for: id },
          el("strong", { text: m.title }), el("span", { class: "muted", text: ` · ${m.code}` }),
          el("span", { class: "muted small block", text: `matched “${m.matched}”${median ? ` · median ${money(median)} a year` : ""}` })));
    }));
}

// ---- the pipeline -------------------------------------------------------------------------------

const TRANSIENT = ["python_unavailable", "python_timeout", "resource_unavailable"];

async function lookup(title, location, employer) {
  const key = JSON.stringify([title, location, employer]);
  if (lookupCache.key === key && lookupCache.reply) return lookupCache.reply;
  const reply = await call("salary.lookup", { title, limit: 5, location, employer });
  if (reply.ok || !TRANSIENT.includes(reply.error.code)) lookupCache = { key, reply };
  return reply;
}

/** Place suggestions for the datalist, for what is typed in either place field. */
async function suggestPlaces(text) {
  if (placesFor === text) return;
  const reply = await call("salary.places", { query: text, limit: 8 });
  if (!reply.ok) return;
  placesFor = text;
  const list = section.querySelector("#salary-places");
  const labels = reply.result.suggestions.map((s) => s.label);
  if (list.dataset.key === JSON.stringify(labels)) return;
  list.dataset.key = JSON.stringify(labels);
  list.replaceChildren(...reply.result.suggestions.map((s) => el("option", { value: s.label, label: s.detail })));
}

/** The figures a US plan uses: for a remote role the employer's area when given (what they are likely
 *  to pay from), else the place's (which may have fallen back to the state or the nation). */
function planBasis(match) {
  const employer = match.employer_area;
  if (employer) return employer;
  return match.area;
}

const offerOf = () => (sal().offer && typeof sal().offer === "object" ? sal().offer : {});

function planParams(match, market, seniority, values) {
  const offer = offerOf();
  const common = { seniority, experience: str(sal().experience), floor: str(sal().floor), ledger_numbers: values,
    occupation: match.title, offer: ["base", "bonus", "equity", "sign_on"].some((k) => str(offer[k]).trim())
      ? { base: str(offer.base), bonus: str(offer.bonus), equity: str(offer.equity), sign_on: str(offer.sign_on) } : null };
  if (market === "uk") {
    const uk = match.uk;
    return { ...common, percentiles: { p10: uk.p10, p25: uk.p25, p50: uk.median, p75: uk.p75, p90: uk.p90 }, currency: "GBP",
      place: "the UK", source: `ONS ASHE ${String(uk.year).replace(/\s*\((.*)\)/, ", $1")}` };
  }
  const basis = planBasis(match);
  if (basis) {
    // For a remote role the employer's area is named as theirs: the person will not be working there.
    const remote = match.area?.requested?.kind === "remote" && basis === match.employer_area;
    return { ...common, percentiles: basis.percentiles, top_coded: basis.top_coded, currency: "USD",
      place: remote ? `${basis.used.phrase}, where the employer is based` : basis.used.phrase, source: `BLS, ${basis.release}` };
  }
  return { ...common, percentiles: match.percentiles, top_coded: match.top_coded, currency: "USD", source: `BLS, ${match.release || "May 2025"}` };
}

async function compute() {
  const out = (name) => section.querySelector(`[data-out=${name}]`);
  const title = str(sal().title);
  if (!title.trim()) {
    // Offer the role already typed on the Debrief page, but only fill it in when asked.
    const role = str(state.interview().role).trim();
    renderKeyed(out("matches"), `empty:${role}`, () => el("p", { class: "muted" },
      "Type the job title above, as the advert or the recruiter says it.",
      role ? [" ", el("button", { type: "button", class: "link", text: `Use “${role}”`, onclick: () => {
        const input = section.querySelector(`[data-path="${CSS.escape(path("title"))}"]`);
        if (input) input.value = role;
        state.set(path("title"), role);
        compute();
      } })] : null));
    renderKeyed(out("figures"), "empty", () => null);
    for (const name of ["plan", "practice", "offer"]) out(name).replaceChildren();
    return;
  }
  if (document.documentElement.dataset.python !== "ready" && !lookupCache.reply) {
    renderKeyed(out("matches"), "waiting", () => el("p", { class: "muted", text: "Matching occupations appear here once Python is ready (it is loading)." }));
  }
  const location = str(sal().location).trim();
  const employer = str(sal().employer).trim();
  const reply = await lookup(title, location, employer);
  if (str(sal().title) !== title || str(sal().location).trim() !== location || str(sal().employer).trim() !== employer) return; // typed on since; the next run follows
  if (!reply.ok) {
    delete out("matches").dataset.key;
    const place = /location|employer|area/.test(reply.error.message) || reply.error.code === "resource_unavailable";
    if (place) {
      say(out("place"), reply.error.message, "error");
      delete out("place").dataset.key;
    }
    return say(out("matches"), place ? "Fix where the job is (above) to see the figures." : reply.error.message, place ? "muted" : "error");
  }
  const result = reply.result;
  const loc = result.location;
  renderKeyed(out("place"), JSON.stringify([loc.kind, loc.label, loc.employer?.area?.code, loc.note]), () => [
    loc.kind === "national" && !location ? null : el("p", { class: "small", dataset: { place: loc.kind } },
      el("span", { class: "muted", text: "Figures for: " }), el("strong", { text: loc.label }),
      loc.employer ? el("span", { text: ` · employer in ${loc.employer.area.name}` }) : null),
    loc.note ? el("p", { class: "muted small", text: loc.note }) : null]);
  const chosen = str(sal().code);
  const match = result.matches.find((m) => m.code === chosen);
  const level = result.seniority
    ? el("p", { class: "small" }, el("span", { class: "muted", text: `Read “${result.seniority.words.join(" ")}” as ${result.seniority.level}: ` }), result.seniority.advice)
    : null;
  renderKeyed(out("matches"), JSON.stringify([title, chosen]), () => [
    ...result.notes.map((n) => el("p", { class: "muted small", text: n })),
    result.matches.length ? matchList(result, chosen) : null,
    level,
    chosen && !match && result.matches.length
      ? el("p", { class: "warn", text: `Your earlier choice (${str(sal().occupation) || chosen}) is not among these matches; pick the closest one.` }) : null]);
  const market = marketOf(match, loc);
  if (!match) {
    renderKeyed(out("figures"), "none", () => result.matches.length ? el("p", { class: "muted", text: "Pick the occupation closest to the job to see its pay." }) : null);
    say(out("plan"), "Your target range and lines appear here once you pick an occupation.");
    out("practice").replaceChildren();
    return;
  }
  renderKeyed(out("figures"), JSON.stringify([match.code, market, loc.label, loc.employer?.area?.code]), () => [figures(match), marketChoice(match, loc),
    el("div", { class: "sources muted small", dataset: { out: "sources" } }, result.source.map((line) => el("p", { text: line })))]);

  const currency = market === "uk" ? "GBP" : "USD";
  const said = await call("salary.said", { interview: state.interview(), currency });
  const saidNumbers = said.ok ? said.result.numbers : [];
  const values = said.ok ? said.result.values : [];
  let planReply = await call("salary.plan", planParams(match, market, result.seniority, values));
  let floorError = "";
  let offerError = "";
  if (!planReply.ok && /'offer\./.test(planReply.error.message)) {
    offerError = planReply.error.message;
    planReply = await call("salary.plan", { ...planParams(match, market, result.seniority, values), offer: null });
  }
  if (!planReply.ok && str(sal().floor).trim() && /'floor'/.test(planReply.error.message)) {
    floorError = planReply.error.message;
    planReply = await call("salary.plan", { ...planParams(match, market, result.seniority, values), floor: "", offer: offerError ? null : planParams(match, market, result.seniority, values).offer });
  }
  if (str(sal().title) !== title || str(sal().code) !== chosen || str(sal().location).trim() !== location) return;
  const floorNote = section.querySelector("[data-out=floor-error]");
  floorNote.replaceChildren(floorError ? el("span", { class: "error", text: floorError }) : "");
  section.querySelector("[data-out=offer-error]").replaceChildren(offerError ? el("span", { class: "error", text: offerError }) : "");
  if (!planReply.ok) {
    say(out("plan"), planReply.error.message, "error");
    out("practice").replaceChildren();
    return;
  }
  const plan = planReply.result;
  const target = { low: plan.target.low, high: plan.target.high, currency: plan.currency };
  const stored = sal().target || {};
  if (stored.low !== target.low || stored.high !== target.high || stored.currency !== target.currency) state.set(path("target"), target);
  showPlan(plan, saidNumbers, market);
  showOffer(plan);
  showPractice(plan);
}

function showOffer(plan) {
  const node = section.querySelector("[data-out=offer]");
  const offer = plan.offer;
  if (!offer) return node.replaceChildren(el("p", { class: "muted", text: "When an offer comes, type it above to see it against your range and get a counter line." }));
  const parts = [["base", "Base"], ["bonus", "Bonus"], ["equity", "Equity a year"], ["sign_on", "Sign-on"]]
    .filter(([k]) => offer[k] !== null && offer[k] !== undefined)
    .map(([k, label]) => `${label} ${money(offer[k], plan.currency)}`);
  node.replaceChildren(...[
    parts.length ? el("p", { dataset: { offerSum: "" } }, parts.join(" + "),
      offer.first_year !== null ? el("strong", { text: ` = ${money(offer.first_year, plan.currency)} in the first year` }) : null) : null,
    offer.message ? el("p", { class: offer.position === "in_range" || offer.position === "above_range" ? "" : "warn", dataset: { offerPosition: offer.position || "" }, text: offer.message }) : null,
    offer.counter_line ? line("Your counter", offer.counter_line, "counter") : null,
    el("p", { class: "muted small", text: offer.note })].filter(Boolean));
}

function line(title, text, key) {
  const status = el("span", { class: "muted small", "aria-live": "polite" });
  const quote = el("blockquote", { class: "say", dataset: { line: key }, text });
  return el("div", { class: "line" }, el("h4", { text: title }), quote,
    el("div", { class: "row tight" },
      el("button", { type: "button", class: "secondary small", text: "Copy", onclick: () => copyText(text, quote, status) }), status));
}

function showPlan(plan, saidNumbers, market) {
  const floor = plan.floor !== null && plan.floor !== undefined
    ? el("p", { class: "floor", dataset: { floor: "" } }, el("span", { class: "muted", text: "Your walk-away number: " }),
      el("strong", { text: money(plan.floor, plan.currency) }), el("span", { class: "muted small", text: " · for you alone: never say it first, never go below it in the room." }))
    : el("p", { class: "muted", text: "Set your walk-away number above: the lowest offer you would accept." });
  const experienced = str(sal().experience).trim();
  const fromRoundOne = saidNumbers.length
    ? el("div", { class: "said", dataset: { said: "" } }, el("h4", { text: "Numbers you mentioned before" }),
      el("ul", {}, saidNumbers.map((n) => el("li", {}, el("strong", { text: n.text }), el("span", { class: "muted small", text: ` · ${n.where}${n.comparable ? "" : ` · not compared (${n.why})`}` })))))
    : null;
  section.querySelector("[data-out=plan]").replaceChildren(...[
    el("div", { class: "target", dataset: { target: "" } },
      el("span", { class: "muted", text: "Suggested target range" }),
      el("strong", { class: "big", text: `${plan.target.low_text} – ${plan.target.high_text}` }),
      el("span", { class: "muted small", text: `${plan.basis.advice}${market === "uk" ? " (UK figures)" : ""}` }),
      plan.basis.line ? el("span", { class: "small block", dataset: { basis: "" }, text: plan.basis.line }) : null),
    floor,
    ...plan.warnings.map((w) => el("p", { class: "warn", role: "status", dataset: { code: w.code }, text: w.message })),
    line("When they ask for your number", plan.anchor_line, "anchor"),
    experienced ? null : el("p", { class: "muted small", text: "Add your experience above to make this line your own." }),
    line("If you are not ready to give a number", plan.not_ready_line, "not-ready"),
    fromRoundOne].filter(Boolean));
}

function showPractice(plan) {
  section.querySelector("[data-out=practice]").replaceChildren(
    el("h3", { text: "Practise the salary question" }),
    el("p", { class: "muted", text: "Read the interviewer's line, say your answer out loud, then open it to compare." }),
    el("ol", { class: "exchange" }, plan.practice.map((turn) => el("li", { dataset: { turn: turn.id } },
      el("details", {},
        el("summary", {}, el("span", { class: "muted", text: "They say: " }), `“${turn.interviewer}”`),
        el("p", {}, el("span", { class: "muted", text: "You: " }), turn.response),
        el("p", { class: "muted small", text: turn.why }))))));
}

// ---- mount -------------------------------------------------------------------------------------

export function refresh() {
  lookupCache = { key: null, reply: null };
  placesFor = null;
  section.replaceChildren(
    el("h2", { text: "Step 4 · Prepare the salary conversation" }),
    el("p", { class: "lede", text: "Look up what the job pays from public wage data, decide the lowest offer you would take, and practise the first sentence you will say. Your numbers stay in this browser." }),
    el("div", { class: "card" },
      el("h3", { text: "What the market pays" }),
      field("Job title", path("title"), { placeholder: "Sr. backend dev, RN, Lead UX Designer…",
        hint: "As the advert or recruiter says it; abbreviations and levels are fine." }),
      el("div", { class: "grid3" },
        field("Where the job is", path("location"), { placeholder: "Austin, Bay Area, Texas, remote, UK…", list: "salary-places",
          hint: "A state or a city; pick from the suggestions. Leave empty for national figures." }),
        field("Employer's location (remote roles)", path("employer"), { placeholder: "e.g. San Francisco", list: "salary-places",
          hint: "Where the company is based: remote pay is usually set from there." })),
      el("datalist", { id: "salary-places" }),
      el("div", { dataset: { out: "place" }, "aria-live": "polite" }),
      el("div", { dataset: { out: "matches" }, "aria-live": "polite" },
        el("p", { class: "muted", text: "Matching occupations appear here once Python is ready." })),
      el("div", { dataset: { out: "figures" }, "aria-live": "polite" })),
    el("div", { class: "card" },
      el("h3", { text: "Your numbers and your lines" }),
      el("div", { class: "grid3" },
        el("div", {}, field("Walk-away number (per year)", path("floor"), { placeholder: "e.g. 120000 or $120k", inputmode: "decimal",
          hint: "The lowest offer you would accept. It is for you, not for them." }),
        el("div", { dataset: { out: "floor-error" }, "aria-live": "polite" })),
        field("Your experience, in your own words", path("experience"), { placeholder: "eight years building payment systems",
          hint: "Completes “Based on my research and my experience in …”." })),
      field("Notes (benefits, equity, what matters to you)", path("notes"), { multiline: true, rows: 3 }),
      el("div", { class: "out plan-out", dataset: { out: "plan" }, "aria-live": "polite" },
        el("p", { class: "muted", text: "Your target range and lines appear here once you pick an occupation." }))),
    el("div", { class: "card" },
      el("h3", { text: "The offer" }),
      el("div", { class: "grid3" },
        field("Base salary (per year)", path("offer.base"), { placeholder: "e.g. 150000 or $150k", inputmode: "decimal" }),
        field("Bonus (per year)", path("offer.bonus"), { placeholder: "target bonus", inputmode: "decimal" }),
        field("Equity (per year)", path("offer.equity"), { placeholder: "grant ÷ vesting years", inputmode: "decimal" }),
        field("Sign-on bonus", path("offer.sign_on"), { placeholder: "one-off", inputmode: "decimal" })),
      el("div", { dataset: { out: "offer-error" }, "aria-live": "polite" }),
      el("div", { class: "out", dataset: { out: "offer" }, "aria-live": "polite" })),
    el("div", { class: "card", dataset: { out: "practice" } }),
  );
  schedule(0);
}

export function mount(root) {
  section = root;
  schedule = runner(section, compute, 250);
  const places = runner(section, () => suggestPlaces(str(lastPlaceText)), 120);
  let lastPlaceText = "";
  bindInputs(section, (p, value) => {
    if (p === path("location") || p === path("employer")) {
      lastPlaceText = String(value);
      places();
    }
    schedule();
  });
  section.addEventListener("change", (event) => {
    const t = event.target;
    if (t.name !== "salary-match") return;
    const match = lookupCache.reply?.ok && lookupCache.reply.result.matches.find((m) => m.code === t.value);
    state.set(path("code"), t.value);
    if (match) state.set(path("occupation"), match.title);
    schedule(0);
  });
  refresh();
}

export function show() {
  schedule(0); // round-one numbers or the ledger may have changed
}
