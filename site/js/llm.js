// The wire to a language model provider, with plain fetch (no SDK). Python (llm.request) builds each
// provider's request, every header but the key's, and reads every complete reply (llm.parse); this
// module only adds the key where Python says it goes, sends, decodes a stream into text as it arrives,
// and turns every failure into a sentence a person can act on. The key is added at the last moment and
// never goes into Python, an error message, a log or the preview (preview() masks it).

// What the settings page shows for each provider; the addresses and formats on the wire are Python's.
export const PROVIDERS = Object.freeze({
  openai: {
    label: "OpenAI", origin: "https://api.openai.com", needsKey: true,
    models: ["gpt-4o-mini", "gpt-4.1-mini", "gpt-4o", "gpt-4.1"],
    keyHint: "starts with sk-; make one at platform.openai.com",
  },
  anthropic: {
    label: "Anthropic", origin: "https://api.anthropic.com", needsKey: true,
    models: ["claude-3-5-haiku-latest", "claude-sonnet-4-0", "claude-3-7-sonnet-latest"],
    keyHint: "starts with sk-ant-; make one at console.anthropic.com",
  },
  gemini: {
    label: "Google Gemini", origin: "https://generativelanguage.googleapis.com", needsKey: true,
    models: ["gemini-2.0-flash", "gemini-2.5-flash", "gemini-1.5-flash"],
    keyHint: "make one at aistudio.google.com",
  },
  compatible: {
    label: "An OpenAI-compatible server", origin: null, base: "http://localhost:11434/v1", needsKey: false,
    models: ["llama3.2", "qwen2.5", "mistral"],
    keyHint: "only if your server asks for one (a hosted one usually does; Ollama does not)",
  },
});

export const DEFAULT_TIMEOUT_MS = 60_000;

/** An error the person can act on; `code` lets the page choose what else to offer. */
export class LlmError extends Error {
  constructor(code, message, extra = {}) {
    super(message);
    this.name = "LlmError";
    this.code = code;
    Object.assign(this, extra);
  }
}

export const isLoopback = (url) => {
  try {
    const host = new URL(url).hostname;
    return host === "localhost" || host === "127.0.0.1" || host === "[::1]" || host.endsWith(".localhost");
  } catch {
    return false;
  }
};

/**
 * The request Python built (llm.request's result) with the key put where Python said it goes.
 * config: {provider, key}. Returns {url, method, headers, body, stream, format}; throws LlmError no_key.
 */
export function withKey(config, built) {
  const p = PROVIDERS[config.provider];
  const key = String(config.key || "").trim();
  if (built.key.required && !key) throw new LlmError("no_key", `Paste your ${p.label} API key first (${p.keyHint}).`);
  const headers = { ...built.request.headers };
  if (key) headers[built.key.header] = built.key.scheme + key;
  return { ...built.request, headers };
}

/** The request as the person may see it: the key's header shown with dots, the body pretty-printed. */
export function preview(config, built) {
  const headers = { ...built.request.headers };
  if (built.key.required || String(config.key || "").trim()) headers[built.key.header] = `${built.key.scheme}•••• (your key, hidden here)`;
  return { url: built.request.url, method: built.request.method, headers, body: JSON.parse(built.request.body) };
}

/** Text with the key (and anything shaped like a key) taken out: provider errors sometimes echo it. */
export function redact(text, key) {
  let out = String(text ?? "");
  const k = String(key || "").trim();
  if (k.length >= 4) out = out.split(k).join("[your key]");
  return out.replace(/\b(sk-[A-Za-z0-9_*-]{6,}|AIza[A-Za-z0-9_-]{10,}|[A-Za-z0-9_-]*\*{4,}[A-Za-z0-9_-]*)/g, "[a key]");
}

/** Text without the key itself, before it is handed to Python (a reply has no reason to hold it). */
const withoutKey = (text, key) => {
  const k = String(key || "").trim();
  return k.length >= 4 ? String(text).split(k).join("[your key]") : String(text);
};

// ---- streams ------------------------------------------------------------------------------------

/**
 * Server-sent events from a byte stream: yields {event, data} for each event, however the bytes were
 * split into chunks (a network delivers them cut anywhere, even inside a UTF-8 character).
 */
export async function* sseEvents(reader) {
  const decoder = new TextDecoder();
  let buffer = "";
  const take = function* (final) {
    const blocks = buffer.split(/\r?\n\r?\n/);
    buffer = final ? "" : blocks.pop();
    for (const block of blocks) {
      let event = "message";
      const data = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith(":")) continue; // a comment: keep-alive
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") event = value;
        else if (field === "data") data.push(value);
      }
      if (data.length) yield { event, data: data.join("\n") };
    }
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    yield* take(false);
  }
  buffer += decoder.decode();
  if (buffer.trim()) yield* take(true);
}

const partsText = (cand) => (cand && cand.content && Array.isArray(cand.content.parts) ? cand.content.parts : [])
  .map((x) => (typeof x.text === "string" ? x.text : "")).join("");

// One streamed event's contribution, per stream format (llm.request names the format): a parsed JSON
// event (and its SSE event name) -> {text?, done?, truncated?}. This must run per chunk, so it stays here.
const STREAM_FORMATS = {
  openai: (json) => {
    const choice = Array.isArray(json.choices) ? json.choices[0] : null;
    if (!choice) return {};
    return { text: choice.delta && typeof choice.delta.content === "string" ? choice.delta.content : "",
      truncated: choice.finish_reason === "length" };
  },
  anthropic: (json, event) => {
    const type = json.type || event;
    if (type === "content_block_delta" && json.delta && json.delta.type === "text_delta") return { text: json.delta.text };
    if (type === "message_delta" && json.delta && json.delta.stop_reason === "max_tokens") return { truncated: true };
    if (type === "message_stop") return { done: true };
    return {};
  },
  gemini: (json) => {
    const cand = Array.isArray(json.candidates) ? json.candidates[0] : null;
    if (!cand) return {};
    return { text: partsText(cand), done: Boolean(cand.finishReason), truncated: cand.finishReason === "MAX_TOKENS" };
  },
};

/** One streamed event's contribution: {text?, done?, truncated?, error?, malformed?}. */
export function readStreamEvent(format, { event, data }) {
  if (format === "openai" && data.trim() === "[DONE]") return { done: true };
  let json;
  try {
    json = JSON.parse(data);
  } catch {
    return { malformed: true };
  }
  if (!json || typeof json !== "object") return { malformed: true };
  if (json.error) return { error: json.error };
  return STREAM_FORMATS[format](json, event);
}

// ---- failures ---------------------------------------------------------------------------------------

const LOCAL_FIX = "If it is a server on your own computer: it must be running and allow this page. For Ollama, "
  + "start it with OLLAMA_ORIGINS set to this page's address (or *); for LM Studio, turn on CORS (lms server start --cors); "
  + "for llama.cpp's server, it allows pages by default. If Chrome asks whether this site may reach devices on "
  + "your local network, choose Allow.";

/** The error for a request that never got an answer (fetch rejected). */
export function networkError(config, url, blockedByPolicy) {
  const p = PROVIDERS[config.provider];
  if (blockedByPolicy) {
    return new LlmError("blocked", `This copy of Round Two is not allowed to connect to ${new URL(url).origin}: its security policy lists only the providers named in these settings and servers on this computer. Whoever runs this site can add the address (build.py --connect-origin).`);
  }
  if (typeof navigator !== "undefined" && navigator.onLine === false) {
    return new LlmError("offline", `This device is offline, so ${p.label} cannot be reached. Everything else works; try again when you are back online.`);
  }
  if (config.provider === "compatible" || isLoopback(url)) {
    return new LlmError("network", `No answer from ${url.replace(/\/chat\/completions$/, "")}: the server is not running there, or it refused this page (its CORS check). ${LOCAL_FIX}`);
  }
  return new LlmError("network", `${p.label} could not be reached: the network failed or the browser refused the connection. Check your connection and try again.`);
}

/** "6m0s", "1.5s", "20ms" or an HTTP/ISO date, in whole seconds from now; null when unreadable. */
function durationSeconds(value) {
  const m = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?$/.exec(value.trim());
  if (m && m.slice(1).some(Boolean)) {
    return Math.ceil(Number(m[1] || 0) * 3600 + Number(m[2] || 0) * 60 + Number(m[3] || 0) + Number(m[4] || 0) / 1000);
  }
  const when = Date.parse(value);
  return Number.isNaN(when) ? null : Math.max(0, Math.ceil((when - Date.now()) / 1000));
}

function retrySeconds(response, body) {
  const header = response.headers.get("retry-after");
  if (header) {
    const n = Number(header);
    if (Number.isFinite(n) && n >= 0) return Math.ceil(n);
    const when = Date.parse(header);
    if (!Number.isNaN(when)) return Math.max(0, Math.ceil((when - Date.now()) / 1000));
  }
  // The per-provider reset headers, when the provider exposes them to pages: OpenAI's "6m0s", "20ms";
  // Anthropic's a time.
  for (const name of ["x-ratelimit-reset-requests", "x-ratelimit-reset-tokens", "anthropic-ratelimit-requests-reset"]) {
    const value = response.headers.get(name);
    const seconds = value ? durationSeconds(value) : null;
    if (seconds !== null) return seconds;
  }
  // The body says it: OpenAI "Please try again in 20s.", Gemini details[].retryDelay "17s"
  const said = /try again in (\d+(?:\.\d+)?)\s*(ms|s|seconds?)\b/i.exec(String(body && body.error && body.error.message || ""));
  if (said) return Math.ceil(Number(said[1]) / (said[2].toLowerCase() === "ms" ? 1000 : 1));
  const details = body && body.error && Array.isArray(body.error.details) ? body.error.details : [];
  for (const d of details) {
    const m = /^(\d+(?:\.\d+)?)s$/.exec(String(d && d.retryDelay || ""));
    if (m) return Math.ceil(Number(m[1]));
  }
  return null;
}

/** The error for an HTTP reply that is not 2xx. body: parsed JSON or null; text: the raw body. */
export function httpError(config, response, body, text) {
  const p = PROVIDERS[config.provider];
  const status = response.status;
  const err = body && typeof body === "object" ? (body.error && typeof body.error === "object" ? body.error : body) : {};
  const said = redact(String(err.message || text || "").slice(0, 300), config.key).trim();
  const code = String(err.code || err.type || err.status || "");
  const reason = JSON.stringify(err.details || "") + code;
  if (status === 401 || status === 403 || /API_KEY_INVALID|authentication_error|invalid_api_key/.test(reason)) {
    return new LlmError("bad_key", p.needsKey || config.key
      ? `${p.label} did not accept the API key (HTTP ${status}). Check that you pasted the whole key, that it is active, and that it belongs to ${p.label}; then use Test connection.`
      : `The server refused the request (HTTP ${status}): it wants an API key. Paste one in the key field.`);
  }
  if (status === 429 || status === 529) {
    const wait = retrySeconds(response, body);
    if (/insufficient_quota|billing|credit/i.test(code + said)) {
      return new LlmError("no_credit", `${p.label} refused: your account has no credit or has reached its spending limit. Add credit in your ${p.label} account, then try again.`);
    }
    const when = wait !== null ? ` Try again in ${wait} second${wait === 1 ? "" : "s"}.` : " Wait a minute and try again.";
    return new LlmError("rate_limit", `${p.label} is limiting requests right now (HTTP ${status}: too many requests or too busy).${when}`, { retryAfter: wait });
  }
  if (status === 404 || /model_not_found|not_found_error/.test(code) || (status === 400 && /model/i.test(said) && /not (found|exist|support)|unknown|invalid/i.test(said))) {
    return new LlmError("unknown_model", `${p.label} does not know the model “${config.model}” (HTTP ${status}). Check its spelling or pick one from the list${config.provider === "compatible" ? ", or download it into your server first (for Ollama: ollama pull " + config.model + ")" : ""}.`);
  }
  if (status >= 500) {
    return new LlmError("server", `${p.label} had a problem on its side (HTTP ${status}). Try again in a little while.${said ? ` It said: ${said}` : ""}`);
  }
  return new LlmError("http", `${p.label} refused the request (HTTP ${status}).${said ? ` It said: ${said}` : ""}`);
}

// ---- sending ----------------------------------------------------------------------------------------

/**
 * Send a request from withKey. onText(chunk) is called as streamed text arrives.
 * signal: the person's Cancel. Resolves {reply} (a whole body, not streamed) or {text, finished, cut}
 * (streamed); rejects with an LlmError.
 */
export async function send(config, request, { onText = () => {}, signal = null, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
  const controller = new AbortController();
  let why = null;
  const stop = (reason) => { why ??= reason; controller.abort(); };
  const timer = setTimeout(() => stop("timeout"), timeoutMs);
  const onCancel = () => stop("cancelled");
  if (signal) {
    if (signal.aborted) onCancel();
    signal.addEventListener("abort", onCancel, { once: true });
  }
  const blocked = [];
  const onViolation = (e) => { if (String(e.blockedURI || "").startsWith(new URL(request.url).origin)) blocked.push(e.blockedURI); };
  document.addEventListener("securitypolicyviolation", onViolation);
  const stopped = () => {
    const seconds = Math.round(timeoutMs / 1000);
    return why === "timeout"
      ? new LlmError("timeout", `${PROVIDERS[config.provider].label} took longer than ${seconds} seconds to answer, so Round Two stopped waiting. Try again, or choose a smaller, faster model.`)
      : new LlmError("cancelled", "Stopped: you cancelled the request.");
  };
  try {
    let response;
    try {
      response = await fetch(request.url, {
        method: request.method, headers: request.headers, body: request.body, signal: controller.signal,
        // No cookies or referrer go with it: the provider learns only what the request says.
        credentials: "omit", referrerPolicy: "no-referrer", cache: "no-store", mode: "cors",
      });
    } catch (err) {
      if (why) throw stopped();
      await new Promise((r) => setTimeout(r, 0)); // the violation event is dispatched after the rejection
      throw networkError(config, request.url, blocked.length > 0);
    }
    if (!response.ok) {
      let text = "";
      try { text = await response.text(); } catch { /* the body is lost; the status says enough */ }
      let body = null;
      try { body = JSON.parse(text); } catch { /* not JSON */ }
      throw httpError(config, response, body, text);
    }
    if (!request.stream) {
      // The whole body goes to Python (llm.parse reads each provider's shape), without the key.
      let reply;
      try {
        reply = await response.text();
      } catch {
        if (why) throw stopped();
        throw new LlmError("cut", `The connection to ${PROVIDERS[config.provider].label} dropped while the reply was arriving. Try again.`);
      }
      return { reply: withoutKey(reply, config.key) };
    }
    return await readStream(config, request, response, onText, () => why, stopped);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onCancel);
    document.removeEventListener("securitypolicyviolation", onViolation);
  }
}

async function readStream(config, request, response, onText, why, stopped) {
  const label = PROVIDERS[config.provider].label;
  if (!response.body) throw new LlmError("malformed", `${label} sent no stream. Turn streaming off in the settings and try again.`);
  const reader = response.body.getReader();
  let text = "";
  let done = false;
  let truncated = false;
  let readable = 0;
  try {
    for await (const ev of sseEvents(reader)) {
      const part = readStreamEvent(request.format, ev);
      if (part.error) {
        const message = redact(String(part.error.message || part.error.type || "an error"), config.key);
        throw new LlmError(/overloaded|rate/i.test(String(part.error.type)) ? "rate_limit" : "stream_error",
          `${label} stopped the reply with an error: ${message.slice(0, 300)}. Try again in a little while.`);
      }
      if (part.malformed) continue;
      readable += 1;
      if (part.text) {
        text += part.text;
        onText(part.text);
      }
      if (part.truncated) truncated = true;
      if (part.done) done = true;
    }
  } catch (err) {
    if (err instanceof LlmError) throw err;
    if (why()) throw stopped();
    // The connection dropped midway: what came so far is handed on, marked unfinished.
    return { text: withoutKey(text, config.key), finished: false, cut: true };
  }
  if (!readable && !text) {
    throw new LlmError("malformed", `${label}'s stream could not be read (no events in the form expected). Turn streaming off in the settings and try again.`);
  }
  // OpenAI-compatible servers end with [DONE]; a stream that simply stops was cut midway.
  return { text: withoutKey(text, config.key), finished: done && !truncated, cut: !done };
}
