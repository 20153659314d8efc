// The interview switcher under the navigation: which company and role every view is working on.

import * as state from "./state.js";
import { el, confirmDialog } from "./dom.js";

const bar = () => document.getElementById("interview-bar");

function label(item, n) {
  const name = [item.company, item.role].map((t) => (t || "").trim()).filter(Boolean).join(" · ");
  return name || `Interview ${n + 1} (unnamed)`;
}

export function refresh() {
  const doc = state.getDoc();
  state.interviewIndex();
  const select = el("select", { id: "interview-select", "aria-label": "Interview you are preparing",
    onchange: (e) => state.switchInterview(e.target.value) },
    doc.interviews.map((item, n) => el("option", { value: item.id, text: label(item, n), selected: item.id === doc.current })));
  bar().replaceChildren(
    el("label", { for: "interview-select", text: "Preparing:" }), select,
    el("button", { type: "button", class: "secondary", text: "New interview", onclick: () => state.addInterview() }),
    el("button", { type: "button", class: "link danger", text: "Delete this interview", onclick: async () => {
      const current = state.interview();
      if (!(await confirmDialog(`Delete “${label(current, state.interviewIndex())}” with all its rounds, facts, panel and salary notes? This cannot be undone.`))) return;
      state.removeCurrentInterview();
    } }),
  );
}

export function mount() {
  refresh();
  // Keep the option's label in step with the company and role as they are typed.
  state.subscribe((_doc, path) => {
    if (/^interviews\.\d+\.(company|role)$/.test(path)) {
      const option = document.querySelector(`#interview-select option[value="${CSS.escape(state.interview().id)}"]`);
      if (option) option.textContent = label(state.interview(), state.interviewIndex());
    }
  });
}
