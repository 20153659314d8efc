// One use of the language model, start to end: Python builds the provider's request (llm.request), the
// person sees exactly what would be sent the first time for each kind of use, llm.js adds the key, sends
// and streams it into a box with a Cancel button, and Python reads the reply (llm.parse). Every failure ends as a sentence in
// that box; the caller keeps showing its rule-based result whatever happens.

import { call } from "./python.js";
import { el } from "./dom.js";
import * as config from "./llm-config.js";
import { PROVIDERS, LlmError, withKey, preview, send } from "./llm.js";

/** The name a use of the model is labelled with, e.g. "OpenAI · gpt-4o-mini". */
export function sourceLabel(conn) {
  return `${PROVIDERS[conn.provider].label} · ${conn.model}`;
}

/** Ask the person to look at the request before it goes. Resolves true to send. */
export function confirmPreview(kind, built, conn) {
  return new Promise((resolve) => {
    const shown = preview(conn, built);
    const skip = el("input", { type: "checkbox", id: "llm-preview-skip" });
    const dialog = el("dialog", { id: "llm-preview", class: "versions", "aria-labelledby": "llm-preview-title" },
      el("form", { method: "dialog" },
        el("h3", { id: "llm-preview-title", text: `Send this to ${PROVIDERS[conn.provider].label}?` }),
        el("p", { text: `For ${config.USES[kind]}, Round Two would send exactly this request to ${new URL(shown.url).origin}. Nothing is sent until you choose Send.` }),
        el("p", { class: "small" }, el("strong", { text: `${shown.method} ` }), el("code", { "data-preview-url": "", text: shown.url })),
        el("pre", { class: "version-text", "data-preview-headers": "", text: Object.entries(shown.headers).map(([k, v]) => `${k}: ${v}`).join("\n") }),
        el("pre", { class: "version-text llm-body", "data-preview-body": "", text: JSON.stringify(shown.body, null, 2) }),
        el("p", {}, skip, el("label", { for: "llm-preview-skip", text: ` Don't ask again before ${config.USES[kind]}` })),
        el("menu", {},
          el("button", { type: "submit", value: "cancel", text: "Don't send" }),
          el("button", { type: "submit", value: "send", id: "llm-preview-send", text: "Send" }))));
    document.body.append(dialog);
    dialog.addEventListener("close", () => {
      const go = dialog.returnValue === "send";
      if (go && skip.checked) config.change((s) => { s.skipPreview[kind] = true; });
      dialog.remove();
      resolve(go);
    }, { once: true });
    dialog.showModal();
  });
}

/**
 * A box that shows a use of the model in progress: who is asked, the text as it streams, a Cancel
 * button; then the outcome. Returns {node, onText, signal, fail(message), finish(node?)}.
 */
export function runBox(what) {
  const controller = new AbortController();
  const streamed = el("pre", { class: "llm-stream", "data-llm-stream": "", hidden: true });
  const status = el("p", { class: "muted small", role: "status", "data-llm-status": "", text: `Asking the model for ${what}…` });
  const cancel = el("button", { type: "button", class: "secondary", "data-llm-cancel": "", text: "Cancel",
    onclick: () => controller.abort() });
  const node = el("div", { class: "llm-run", "data-llm-run": "" }, status, streamed, el("div", { class: "row tight" }, cancel));
  return {
    node,
    signal: controller.signal,
    onText(chunk) {
      if (!chunk) return;
      streamed.hidden = false;
      streamed.textContent += chunk;
    },
    fail(message) {
      cancel.remove();
      streamed.hidden = true;
      status.className = "error";
      status.setAttribute("role", "alert");
      status.dataset.llmError = "";
      status.textContent = message;
    },
    finish(...nodes) {
      cancel.remove();
      streamed.hidden = true;
      status.textContent = "";
      node.append(...nodes);
    },
  };
}

/**
 * Use the model once (the active provider, or `provider` for a test). inputs go to llm.request and
 * llm.parse. Resolves {parsed, conn, trimmed}; rejects with an LlmError whose message is meant for the
 * person (nothing sent, or what went wrong).
 */
export async function ask(kind, inputs, { onText = () => {}, signal = null, provider = undefined } = {}) {
  const conn = config.connection(provider);
  if (!conn) throw new LlmError("off", "The language model is off. Turn one on in Model settings.");
  const s = config.get();
  // Python gets the provider, model and address, never the key.
  const built = await call("llm.request", { kind, ...inputs, provider: conn.provider, model: conn.model,
    base_url: conn.baseUrl || "", stream: s.stream });
  if (!built.ok) throw new LlmError("bad_input", built.error.message);
  const request = withKey(conn, built.result);
  if (!s.skipPreview[kind] && !(await confirmPreview(kind, built.result, conn))) {
    throw new LlmError("not_sent", "Nothing was sent.");
  }
  const got = await send(conn, request, { onText, signal, timeoutMs: s.timeoutSeconds * 1000 });
  const reply = "reply" in got ? { provider: conn.provider, reply: got.reply } : { text: got.text, finished: got.finished };
  const parsed = await call("llm.parse", { kind, ...inputs, ...reply });
  if (!parsed.ok) throw new LlmError("parse", parsed.error.message);
  if (got.cut && !parsed.result.usable) {
    parsed.result.note = `The connection dropped before the reply was complete. ${parsed.result.note}`;
  }
  return { parsed: parsed.result, conn, trimmed: built.result.trimmed };
}
