// Banners at the top of the page for things a person must know: storage problems, data kept aside,
// an update. Text only (textContent), never HTML.

const area = () => document.getElementById("notices");

/** Show (or replace) the notice `id`. actions: [{label, onClick}]. kind: info | warn | error. */
export function notify(id, message, { kind = "info", actions = [], dismissible = true } = {}) {
  dismiss(id);
  const box = document.createElement("div");
  box.className = `notice notice-${kind}`;
  box.dataset.notice = id;
  box.setAttribute("role", kind === "error" ? "alert" : "status");
  const text = document.createElement("p");
  text.textContent = message;
  box.append(text);
  for (const { label, onClick } of actions) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.addEventListener("click", onClick);
    box.append(button);
  }
  if (dismissible) {
    const close = document.createElement("button");
    close.type = "button";
    close.className = "notice-close";
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "×";
    close.addEventListener("click", () => box.remove());
    box.append(close);
  }
  area().append(box);
  return box;
}

export function dismiss(id) {
  area()?.querySelector(`[data-notice="${CSS.escape(id)}"]`)?.remove();
}
