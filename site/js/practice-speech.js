// Speech for practice, shared by the typed mock and the recorded format: reading a question aloud where
// the browser has voices, and speech recognition where it offers it. Both are niceties: the question is
// always on screen and an answer can always be typed, so every failure here is quiet or a sentence.

export function voicesAvailable() {
  try {
    return Boolean(window.speechSynthesis && typeof window.speechSynthesis.getVoices === "function"
      && window.speechSynthesis.getVoices().length && typeof window.SpeechSynthesisUtterance === "function");
  } catch {
    return false;
  }
}

export function speak(text) {
  if (!voicesAvailable()) return;
  try {
    window.speechSynthesis.cancel();
    const utterance = new window.SpeechSynthesisUtterance(text);
    utterance.lang = document.documentElement.lang || "en";
    window.speechSynthesis.speak(utterance);
  } catch {
    // reading aloud is a nicety; the question is on screen
  }
}

export function stopSpeaking() {
  try { if (voicesAvailable()) window.speechSynthesis.cancel(); } catch { /* nothing to stop */ }
}

/** Call fn when the browser's voices arrive (they load late in Chromium). */
export function onVoicesChanged(fn) {
  if (window.speechSynthesis && typeof window.speechSynthesis.addEventListener === "function") {
    try {
      window.speechSynthesis.addEventListener("voiceschanged", fn);
    } catch { /* no voices event: whatever was drawn first stays */ }
  }
}

const Recognition = () => window.SpeechRecognition || window.webkitSpeechRecognition || null;

export const recognitionAvailable = () => Boolean(Recognition());

/**
 * Listen until stopped. onPhrase(text, {start, end}) gets each final phrase with its timing in seconds
 * since listening began (the time the phrase arrived, less the time since the previous one: the
 * recogniser gives no timestamps of its own, so this is as near as a page can get). onError(error code)
 * and onEnd() as the recogniser reports them. Returns {stop()}, or throws when it cannot start.
 */
export function listen({ onPhrase, onError = () => {}, onEnd = () => {} }) {
  const R = Recognition();
  if (!R) throw new Error("no speech recognition in this browser");
  const began = performance.now();
  let heardFrom = null; // when speech of the current phrase began, as the recogniser reports it
  const recognition = new R();
  recognition.lang = document.documentElement.lang || "en";
  recognition.continuous = true;
  recognition.interimResults = false;
  recognition.onspeechstart = () => { heardFrom = (performance.now() - began) / 1000; };
  recognition.onresult = (event) => {
    const end = (performance.now() - began) / 1000;
    const said = Array.from(event.results).slice(event.resultIndex).filter((r) => r.isFinal)
      .map((r) => r[0].transcript).join(" ").trim();
    if (!said) return;
    onPhrase(said, { start: heardFrom ?? end, end });
    heardFrom = end;
  };
  recognition.onerror = (event) => onError(event.error);
  recognition.onend = () => onEnd();
  recognition.start();
  return { stop: () => { try { recognition.stop(); } catch { /* already stopped */ } } };
}
