"""Recorded-practice figures in Chromium with a fake camera and microphone: the time from "stop" to a
playable take (the recorder's last chunk, the blob, and the player ready to seek: site/js/recorder.js's
playable(), which finds a WebM's missing duration), and the IndexedDB write time of that take
(site/js/media-store.js's putTake, resolved when the transaction has committed). Each run records a
take of --seconds (two minutes by default) with the app's own modules; prints medians over --runs.

    python bench/recording.py [--runs 3] [--seconds 120] [--audio-only]
"""

from __future__ import annotations

import argparse
import math
import statistics
import struct
import sys
import tempfile
import threading
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import build  # noqa: E402

from tests.conftest import CHROMIUM_FLAGS, SYSTEM_CHROMIUM  # noqa: E402

ONE_TAKE = """async ([seconds, camera]) => {
    const rec = await import('./js/recorder.js');
    const store = await import('./js/media-store.js');
    const stream = await rec.openDevices({ camera });
    const recording = rec.record(stream, rec.pickType(camera));
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const t0 = performance.now();
    const { blob } = await recording.stop();
    const media = document.createElement(camera ? 'video' : 'audio');
    document.body.append(media);
    const duration = await rec.playable(media, blob);
    const t1 = performance.now();
    const id = 'bench-' + Math.random().toString(36).slice(2);
    await store.putTake({ id, blob, type: blob.type, seconds, question: 'bench', created_at: new Date().toISOString(), size: blob.size });
    const t2 = performance.now();
    await store.deleteTake(id);
    rec.release(media); media.remove(); rec.closeDevices(stream);
    return { playable_ms: t1 - t0, write_ms: t2 - t1, bytes: blob.size, duration, type: blob.type };
}"""


def tone(path: Path) -> None:
    rate = 48_000
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 220 * i / rate))) for i in range(rate)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--audio-only", action="store_true")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "dist"
        build.build(out)
        wav = Path(tmp) / "voice.wav"
        tone(wav)
        httpd = build.serve(out, 0)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{httpd.server_address[1]}/"
        flags = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", f"--use-file-for-fake-audio-capture={wav}"]
        launch = {"args": flags}
        if Path(SYSTEM_CHROMIUM).exists():
            launch = {"executable_path": SYSTEM_CHROMIUM, "args": [*CHROMIUM_FLAGS, *flags]}
        with sync_playwright() as p:
            browser = p.chromium.launch(**launch)
            page = browser.new_page()
            page.goto(url)
            results = []
            for k in range(args.runs):
                r = page.evaluate(ONE_TAKE, [args.seconds, not args.audio_only])
                results.append(r)
                print(f"run {k + 1}: stop to playable {r['playable_ms']:.0f} ms, IndexedDB write {r['write_ms']:.0f} ms, "
                      f"{r['bytes'] / 1e6:.2f} MB {r['type']}, duration {r['duration']:.1f} s", flush=True)
            browser.close()
        httpd.shutdown()
    kind = "audio" if args.audio_only else "camera+microphone"
    print(f"{kind} take of {args.seconds:.0f} s, median of {len(results)}: "
          f"stop to playable {statistics.median(r['playable_ms'] for r in results):.0f} ms, "
          f"IndexedDB write {statistics.median(r['write_ms'] for r in results):.0f} ms, "
          f"{statistics.median(r['bytes'] for r in results) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
