// The countdowns of practice, shared by the typed mock (time for an answer, then over time) and the
// recorded format (think time, then a hard answer limit). One interval per countdown, written into a
// node with role=timer; stop() returns the seconds that ran.

export function clock(seconds) {
  const s = Math.abs(Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * Count `limit` seconds down in `node` ("1:20 left"), then up ("0:05 over time"), or, with
 * onDone, call onDone once when the time is up (a hard limit). Returns {started, stop(), elapsed()}.
 */
export function countdown(node, limit, { onDone = null, label = "left" } = {}) {
  const started = performance.now();
  let id = null;
  let finished = false;
  const elapsed = () => (performance.now() - started) / 1000;
  const tick = () => {
    const used = elapsed();
    const left = limit - used;
    if (node) {
      node.dataset.elapsed = String(Math.round(used));
      node.dataset.left = String(Math.max(0, Math.ceil(left)));
      node.classList.toggle("overtime", left < 0 && !onDone);
      node.textContent = left >= 0 || onDone ? `${clock(Math.max(0, left))} ${label}` : `${clock(-left)} over time`;
    }
    if (left <= 0 && onDone && !finished) {
      finished = true;
      clearInterval(id);
      onDone();
    }
  };
  tick();
  // Four ticks a second: a hard limit ends within a quarter-second of the figure shown reaching 0:00.
  id = setInterval(tick, onDone ? 250 : 1000);
  return {
    started,
    elapsed,
    stop() { clearInterval(id); finished = true; return elapsed(); },
  };
}
