// The camera and microphone for the recorded format: opening the devices with a message a person can act
// on for every way it fails, recording with MediaRecorder in the first type the browser supports, and
// making a recorded take seekable when it is played back.

const VIDEO_TYPES = ["video/webm;codecs=vp8,opus", "video/webm;codecs=vp9,opus", "video/webm", "video/mp4;codecs=avc1,mp4a", "video/mp4"];
const AUDIO_TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/mp4;codecs=mp4a", "audio/mp4", "audio/ogg;codecs=opus"];

export const recordingAvailable = () => Boolean(navigator.mediaDevices?.getUserMedia && window.MediaRecorder);

/** The first type this browser records (WebM/Opus in Chromium and Firefox, MP4/AAC in Safari); "" for its default. */
export function pickType(camera) {
  const list = camera ? VIDEO_TYPES : AUDIO_TYPES;
  return list.find((t) => { try { return MediaRecorder.isTypeSupported(t); } catch { return false; } }) || "";
}

/** An Error for the person: message says what happened and what to do; `way` is "retry" | "mic" | "typed". */
class DeviceError extends Error {
  constructor(message, ways, cause) {
    super(message);
    this.name = "DeviceError";
    this.ways = ways;
    this.cause = cause;
  }
}

async function hasKind(kind) {
  try {
    return (await navigator.mediaDevices.enumerateDevices()).some((d) => d.kind === kind);
  } catch {
    return true; // cannot tell: do not claim the device is missing
  }
}

/** Open the camera (when asked) and the microphone. Rejects with a DeviceError naming the ways on. */
export async function openDevices({ camera }) {
  if (!recordingAvailable()) {
    throw new DeviceError("This browser cannot record here (it needs a secure page and MediaRecorder). You can type your answers instead.", ["typed"]);
  }
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: true, video: camera ? { width: 640, height: 480 } : false });
  } catch (err) {
    const what = camera ? "camera and microphone" : "microphone";
    if (err.name === "NotAllowedError" || err.name === "SecurityError") {
      throw new DeviceError(`Permission to use the ${what} was refused. To record, allow it in the site settings (the icon beside the address) and try again; or answer by typing, with the same timings.`,
        camera ? ["retry", "mic", "typed"] : ["retry", "typed"], err);
    }
    if (err.name === "NotFoundError" || err.name === "OverconstrainedError") {
      const mic = await hasKind("audioinput");
      if (camera && mic) throw new DeviceError("No camera was found. You can record with the microphone only, or type your answers.", ["mic", "typed"], err);
      throw new DeviceError("No microphone was found. Plug one in and try again, or type your answers with the same timings.", ["retry", "typed"], err);
    }
    if (err.name === "NotReadableError" || err.name === "AbortError") {
      throw new DeviceError(`The ${what} could not be started: another program may be using it. Close it and try again, or continue another way.`,
        camera ? ["retry", "mic", "typed"] : ["retry", "typed"], err);
    }
    throw new DeviceError(`The ${what} could not be opened (${err.message || err.name}). Try again, or type your answers.`, ["retry", "typed"], err);
  }
}

export function closeDevices(stream) {
  for (const track of stream?.getTracks() || []) track.stop();
}

/**
 * Record `stream` until stop(). onEnded(kind) is called when a device disappears mid-answer (its track
 * 'ended'): the recording stops and everything recorded until then is kept. Chunks are asked for every
 * second, so an unplugged device or a crash of the recorder loses at most the last second.
 * Returns {type, stop(): Promise<{blob, seconds}>}.
 */
export function record(stream, type, { onEnded = () => {} } = {}) {
  const recorder = new MediaRecorder(stream, type ? { mimeType: type } : {});
  const chunks = [];
  const started = performance.now();
  let finishing = null;
  recorder.ondataavailable = (e) => { if (e.data && e.data.size) chunks.push(e.data); };
  const stop = () => {
    if (!finishing) {
      finishing = new Promise((resolve) => {
        const done = () => resolve({ blob: new Blob(chunks, { type: recorder.mimeType || type || "video/webm" }),
          seconds: (performance.now() - started) / 1000 });
        if (recorder.state === "inactive") { done(); return; }
        recorder.addEventListener("stop", done, { once: true });
        try { recorder.stop(); } catch { done(); }
      });
    }
    return finishing;
  };
  // The recorder stops by itself when its tracks end; 'error' likewise: both keep what was recorded.
  recorder.onerror = () => stop();
  for (const track of stream.getTracks()) {
    track.addEventListener("ended", () => { if (!finishing) { stop(); onEnded(track.kind); } });
  }
  recorder.start(1000);
  return { type: recorder.mimeType || type, stop };
}

/**
 * Play `blob` in the media element `media` with working seeking. Chromium writes WebM from MediaRecorder
 * without a duration (it streams, so it cannot know it), and then `duration` is Infinity and seeking
 * fails. The fix used here: seek once to a time far past the end; the browser reads to the end to find
 * it, reports the true duration (durationchange), and we seek back to 0. It needs no dependency and
 * leaves the stored bytes exactly as recorded, where the alternative (a library such as ts-ebml
 * rewriting the file's header) would add a parser to vendor and a second copy of each take in memory.
 * Resolves to the duration in seconds once the take can be played and sought.
 */
export function playable(media, blob) {
  if (media.dataset.objectUrl) URL.revokeObjectURL(media.dataset.objectUrl);
  const url = URL.createObjectURL(blob);
  media.dataset.objectUrl = url;
  media.dataset.ready = "";
  return new Promise((resolve, reject) => {
    const fail = () => reject(new Error("This recording cannot be played in this browser."));
    media.addEventListener("error", fail, { once: true });
    media.addEventListener("loadedmetadata", () => {
      const ready = () => {
        media.removeEventListener("error", fail);
        media.dataset.ready = "1";
        media.dataset.duration = String(media.duration);
        resolve(media.duration);
      };
      if (Number.isFinite(media.duration)) { ready(); return; }
      const found = () => {
        if (!Number.isFinite(media.duration)) return;
        media.removeEventListener("durationchange", found);
        media.removeEventListener("timeupdate", found);
        media.addEventListener("seeked", ready, { once: true });
        media.currentTime = 0;
      };
      media.addEventListener("durationchange", found);
      media.addEventListener("timeupdate", found);
      media.currentTime = 1e101;
    }, { once: true });
    media.preload = "metadata";
    media.src = url;
  });
}

/** Let go of a media element's recording (its object URL), e.g. when the take is deleted. */
export function release(media) {
  if (media?.dataset.objectUrl) {
    URL.revokeObjectURL(media.dataset.objectUrl);
    delete media.dataset.objectUrl;
  }
  media?.removeAttribute("src");
}
