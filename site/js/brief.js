// The brief for the day: one page for the morning of round two, built by Python (brief.build, rendered
// with python-markdown), shown here, printable (print.css hides everything but the page) and
// downloadable as Markdown. It is made afresh whenever it comes on screen, from the interview as it is.

import * as state from "./state.js";
import { call } from "./python.js";
import { el, setSafeHTML, download } from "./dom.js";

let section;
let latest = null; // the last brief.build result

async function build() {
  const out = section.querySelector("[data-brief]");
  const reply = await call("brief.build", { interview: state.interview() });
  if (!reply.ok) {
    out.replaceChildren(el("p", { class: "error", role: "alert", text: reply.error.message }));
    return;
  }
  latest = reply.result;
  setSafeHTML(out, latest.html);
  out.dataset.ready = "true";
}

export function mount(node) {
  section = node;
  section.replaceChildren(
    el("div", { class: "row no-print" },
      el("p", { class: "muted", text: "One page to read on the morning of round two. Print it, or keep the Markdown on your phone." }),
      el("button", { type: "button", id: "brief-print", text: "Print", onclick: () => window.print() }),
      el("button", { type: "button", class: "secondary", id: "brief-download", text: "Download as Markdown",
        onclick: () => latest && download(latest.filename, latest.markdown, "text/markdown") })),
    el("article", { class: "brief", "aria-live": "polite", dataset: { brief: "" } }, el("p", { class: "muted", text: "Making your brief…" })));
}

export function show() {
  build();
}

export function refresh() {
  if (!section.hidden) build();
}
