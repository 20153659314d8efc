// The salary view. (Being built: see the issue for what it will hold.)
import { el } from "./dom.js";

export function mount(section) {
  section.replaceChildren(el("h2", { text: "salary" }), el("p", { class: "muted", text: "Coming soon." }));
}
