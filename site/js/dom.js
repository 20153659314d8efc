// Tiny DOM helpers. Text goes in with textContent only; HTML from Python's renderer goes through
// setSafeHTML, which uses the browser's sanitizer where it exists (Python already escaped raw HTML).

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function setSafeHTML(node, html) {
  if (typeof node.setHTML === "function") node.setHTML(html);
  else node.innerHTML = html; // CSP forbids inline script and handlers anyway
}

/** Ask before something is lost. Resolves true when the person confirms. Uses the page's <dialog>. */
export function confirmDialog(message, confirmLabel = "Delete") {
  const dialog = document.getElementById("confirm-dialog");
  dialog.querySelector("[data-message]").textContent = message;
  dialog.querySelector("[value=confirm]").textContent = confirmLabel;
  dialog.returnValue = "";
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "confirm"), { once: true });
  });
}

export function download(filename, text, type = "text/plain") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a", { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Where the person is typing: the focused element's id and caret, to find again after a re-render. */
export function rememberFocus() {
  const active = document.activeElement;
  if (!active || active === document.body || !active.id) return null;
  const caret = typeof active.selectionStart === "number"
    ? { start: active.selectionStart, end: active.selectionEnd, direction: active.selectionDirection } : null;
  return { id: active.id, caret };
}

/** Focus the element rememberFocus() saw (now maybe a new one with its id) unless focus is elsewhere. */
export function restoreFocus(place) {
  if (!place) return;
  const active = document.activeElement;
  if (active && active !== document.body && active.isConnected) return; // the person has moved on, or a dialog holds it
  const target = document.getElementById(place.id);
  if (!target) return;
  target.focus({ preventScroll: true });
  if (place.caret && typeof target.setSelectionRange === "function") {
    try {
      target.setSelectionRange(place.caret.start, place.caret.end, place.caret.direction);
    } catch { /* this kind of input has no caret */ }
  }
}
