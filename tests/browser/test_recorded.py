"""The one-way recorded format in Chromium with a fake camera and a microphone that plays a WAV made here:
think time, a recording that starts and stops by itself, a retake that replaces the take, replay with
seeking, delivery figures on a typed transcript, deleting a take; then the permission refused (and the way
on with typed answers); then a storage quota set small, with the take already saved kept."""

import math
import struct
import wave

import pytest

from tests.browser.helpers import open_app, saved, wait_for_offline_ready

pytestmark = pytest.mark.browser

# This Chromium has webkitSpeechRecognition but no service behind it: the tests take the typed-transcript
# path, as on a browser without recognition.
NO_RECOGNITION = """
    delete window.SpeechRecognition; delete window.webkitSpeechRecognition;
    window.__dialogs = [];
    for (const name of ['alert', 'confirm', 'prompt']) window[name] = (m) => { window.__dialogs.push(String(m)); };
"""

TRANSCRIPT = ("Um, so, basically the monthly report kept timing out. I profiled the query, added an index, "
              "and cut the run from 40 minutes to 6.")

TAKES_IN_DB = """() => new Promise((resolve, reject) => {
    const req = indexedDB.open('roundtwo-media');
    req.onsuccess = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('takes')) { resolve([]); return; }
        const all = db.transaction('takes').objectStore('takes').getAll();
        all.onsuccess = () => resolve(all.result.map((t) => ({ id: t.id, q: t.question_index, size: t.blob.size, type: t.type })));
        all.onerror = () => reject(all.error);
    };
    req.onerror = () => reject(req.error);
})"""


@pytest.fixture(scope="module")
def voice_wav(tmp_path_factory):
    """Two seconds of a tone, then a second of silence (Chromium loops the file as the microphone)."""
    path = tmp_path_factory.mktemp("audio") / "voice.wav"
    rate = 48_000
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        tone = (int(8000 * math.sin(2 * math.pi * 220 * i / rate)) for i in range(2 * rate))
        w.writeframes(b"".join(struct.pack("<h", v) for v in tone) + b"\0\0" * rate)
    return path


def launch(browser_type, launch_args, wav, *, allow):
    args = dict(launch_args)
    extra = ["--use-fake-device-for-media-stream", f"--use-file-for-fake-audio-capture={wav}"]
    if allow:
        extra.append("--use-fake-ui-for-media-stream")  # the permission prompt answered "allow"
    args["args"] = [*args.get("args", []), *extra]
    return browser_type.launch(**args)


@pytest.fixture
def media_page(browser_type, browser_type_launch_args, voice_wav):
    browser = launch(browser_type, browser_type_launch_args, voice_wav, allow=True)
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(NO_RECOGNITION)
    yield page, errors
    context.close()
    browser.close()


def set_up(page, count, think, limit, retakes, devices="camera"):
    page.wait_for_selector("#recorded-start")
    for name, value in (("count", count), ("think", think), ("limit", limit), ("retakes", retakes)):
        page.fill(f"#f-recorded-{name}", str(value))
    page.check(f"#recorded-devices-{devices}")


def phase(page, name, timeout=30_000):
    return page.wait_for_selector(f"[data-recorded-phase={name}]", timeout=timeout)


def wait_playable(page):
    page.wait_for_selector("#recorded-player[data-ready='1']", state="attached", timeout=20_000)
    return page.evaluate("Number(document.querySelector('#recorded-player').duration)")


def test_a_full_recorded_session_with_a_retake_replay_figures_and_deleting(media_page, app_url):
    page, errors = media_page
    open_app(page, app_url, "#practice")
    set_up(page, count=2, think=3, limit=5, retakes=1)
    page.click("#recorded-start")

    # Think time counts down, then the recording starts by itself and stops at the limit.
    phase(page, "think")
    assert "to think" in page.text_content("[data-think-timer]")
    assert "retakes used: 0 of 1" in page.text_content(".card.recorded .progress-line")
    question = page.text_content("#recorded-prompt")
    phase(page, "answer")
    assert page.locator(".card.recorded video.preview").count() == 1
    assert "left" in page.text_content("[data-answer-timer]")
    phase(page, "review")
    first = page.evaluate(TAKES_IN_DB)
    assert len(first) == 1 and first[0]["size"] > 0 and first[0]["type"].startswith("video/")

    # A retake: think again, start at once, finish early; it replaces the take and the count shows.
    page.click("#recorded-retake")
    phase(page, "think")
    page.click("#recorded-record-now")
    phase(page, "answer")
    page.wait_for_timeout(2500)
    page.click("#recorded-finish")
    phase(page, "review")
    assert "retakes used: 1 of 1" in page.text_content(".card.recorded .progress-line")
    assert page.locator("#recorded-retake").count() == 0 and "No retakes left" in page.text_content(".card.recorded")
    takes = page.evaluate(TAKES_IN_DB)
    assert len(takes) == 1 and takes[0]["id"] != first[0]["id"]

    # Replay: the duration is known (Chromium's WebM has none of its own) and seeking to the middle works.
    duration = wait_playable(page)
    assert math.isfinite(duration) and duration > 1
    at = page.evaluate("""(d) => new Promise((resolve) => { const v = document.querySelector('#recorded-player');
        v.addEventListener('seeked', () => resolve(v.currentTime), { once: true }); v.currentTime = d / 2; })""", duration)
    assert abs(at - duration / 2) < 0.5, (at, duration)

    # The typed transcript is graded like a typed answer, with the delivery figures.
    page.fill("#recorded-review-transcript", TRANSCRIPT)
    page.click("#recorded-use")
    phase(page, "feedback")
    figures = page.text_content("[data-delivery]")
    for label in ("Words per minute", "Filler words per minute", "Long pauses", "Time used", "Said before the first concrete fact"):
        assert label in figures
    assert "not measured" in figures and "“40 minutes”" in figures and "um" in figures
    assert "/ 5" in page.text_content(".card.recorded .overall")
    assert question in page.text_content(".card.recorded")

    # The second question, skipped after recording: the session ends in the history with its figures.
    page.click("#recorded-next")
    phase(page, "think")
    page.click("#recorded-record-now")
    phase(page, "answer")
    page.wait_for_timeout(1500)
    page.click("#recorded-finish")
    phase(page, "review")
    page.click("#recorded-use")
    phase(page, "feedback")
    assert "Skipped" in page.text_content(".card.recorded")
    page.click("#recorded-next")
    rows = page.wait_for_selector("[data-recorded-history] tbody tr")
    assert "1 of 2" in rows.text_content()
    doc = saved(page)
    entry = doc["practice"]["recorded"]["history"][0]
    assert entry["retakes"] == 1 and entry["words_per_minute"] > 0

    # The recordings: two takes, storage use shown, none of it in the document; delete one.
    page.wait_for_selector("[data-recordings] li[data-take]")
    assert page.locator("[data-recordings] li[data-take]").count() == 2
    assert "of the" in page.text_content("[data-storage-use]")
    assert "blob" not in page.evaluate("localStorage.getItem('roundtwo.doc')")
    page.locator("[data-recordings] [data-delete]").first.click()
    page.click("#confirm-dialog button[value=confirm]")
    for _ in range(100):
        if page.locator("[data-recordings] li[data-take]").count() == 1:
            break
        page.wait_for_timeout(50)
    assert len(page.evaluate(TAKES_IN_DB)) == 1
    assert errors == [] and page.evaluate("window.__dialogs") == []


def test_permission_refused_says_so_and_typed_answers_carry_on(browser_type, browser_type_launch_args, voice_wav, app_url):
    browser = launch(browser_type, browser_type_launch_args, voice_wav, allow=False)
    try:
        context = browser.new_context()  # no permission granted, no prompt to accept it
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.add_init_script(NO_RECOGNITION)
        open_app(page, app_url, "#practice")
        set_up(page, count=1, think=3, limit=20, retakes=0)
        page.click("#recorded-start")
        trouble = page.wait_for_selector("[data-recorded-trouble]", timeout=20_000)
        assert "refused" in trouble.text_content()
        assert page.locator("#recorded-mic-only").count() == 1
        page.click("#recorded-typed")
        phase(page, "think")
        page.click("#recorded-record-now")
        phase(page, "answer")
        page.fill("#recorded-transcript", TRANSCRIPT)
        page.click("#recorded-finish")
        phase(page, "review")
        assert page.locator("#recorded-player").count() == 0
        assert page.input_value("#recorded-review-transcript") == TRANSCRIPT
        page.click("#recorded-use")
        phase(page, "feedback")
        assert "Words per minute" in page.text_content("[data-delivery]")
        assert errors == []
        context.close()
    finally:
        browser.close()


def test_a_full_disk_keeps_the_take_already_saved_and_offers_a_way_on(media_page, app_url):
    page, errors = media_page
    open_app(page, app_url)
    wait_for_offline_ready(page)  # the service worker's caches are written before the quota is set
    # A real small quota: Chromium's own storage limit for this origin, set through DevTools before the
    # recordings database is first opened (Chromium reads the quota then): room for one short take only.
    used = page.evaluate("navigator.storage.estimate().then((e) => e.usage)")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": app_url.rstrip("/"), "quotaSize": used + 150_000})
    page.goto(app_url + "#practice")
    set_up(page, count=2, think=3, limit=10, retakes=0)
    page.click("#recorded-start")
    phase(page, "think")
    page.click("#recorded-record-now")
    phase(page, "answer")
    page.wait_for_timeout(800)
    page.click("#recorded-finish")
    phase(page, "review")
    assert len(page.evaluate(TAKES_IN_DB)) == 1
    page.click("#recorded-use")
    phase(page, "feedback")

    page.click("#recorded-next")
    phase(page, "think")
    page.click("#recorded-record-now")
    phase(page, "answer")
    phase(page, "review")  # the whole ten seconds: more than the room left
    notice = page.text_content("[data-recorded-notice]")
    assert "storage for this site is full" in notice
    assert page.locator("#recorded-typed").count() == 1
    assert math.isfinite(wait_playable(page))  # the take still plays from memory
    takes = page.evaluate(TAKES_IN_DB)
    assert len(takes) == 1 and takes[0]["q"] == 0  # the take saved before is kept
    page.fill("#recorded-review-transcript", TRANSCRIPT)
    page.click("#recorded-use")
    phase(page, "feedback")
    assert "Words per minute" in page.text_content("[data-delivery]")
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": app_url.rstrip("/")})
    assert errors == []


def test_a_camera_unplugged_mid_answer_keeps_the_take_and_goes_on_with_the_microphone(media_page, app_url):
    page, errors = media_page
    open_app(page, app_url, "#practice")
    set_up(page, count=2, think=3, limit=30, retakes=0)
    page.click("#recorded-start")
    phase(page, "think")
    page.click("#recorded-record-now")
    phase(page, "answer")
    page.wait_for_timeout(1500)
    # The fake camera cannot be pulled out, so its track reports 'ended' as an unplugged one does.
    page.evaluate("document.querySelector('.card.recorded video.preview').srcObject.getVideoTracks()[0]"
                  ".dispatchEvent(new Event('ended'))")
    phase(page, "review")
    assert "camera was disconnected" in page.text_content("[data-recorded-notice]")
    assert len(page.evaluate(TAKES_IN_DB)) == 1
    assert math.isfinite(wait_playable(page))
    page.click("#recorded-use")
    phase(page, "feedback")
    page.click("#recorded-next")
    phase(page, "think")
    page.click("#recorded-record-now")
    answer = phase(page, "answer")
    assert answer.get_attribute("data-mode") == "mic"
    assert page.locator(".card.recorded video.preview").count() == 0
    assert errors == []
