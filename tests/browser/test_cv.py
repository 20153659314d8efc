"""The CV, round zero, in Chromium: pasted or read from a .docx in the browser, its jobs and facts shown,
a round-one answer that contradicts it flagged naming the CV, the CV first in the ledger; a replaced CV
asks first; bad files get a clear message and never cost the saved CV."""

import io
import json
import zipfile

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import open_app, saved

pytestmark = pytest.mark.browser

CV = """Robin Okafor
robin.okafor@example.org

EXPERIENCE
Warehouse Supervisor, Brightline Logistics, Apr 2020 – Present
- Led a team of 8 across two shifts
- Cut mis-picks by 30%

FENWICK & DALE | Stock Controller | 2016-2020
• Ran monthly counts of 4,000 lines
"""

ANSWER = "At Brightline I led a team of 12, and we cut mis-picks a lot."

HOOKS = """
    window.__ran = [];
    for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
        window[name] = (...args) => { window.__ran.push(name + ':' + String(args[0]).slice(0, 40)); };
    }
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective));
"""

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(paragraphs, *, listed=()):
    """A minimal .docx: one <w:p> per paragraph; those in `listed` are list items (w:numPr)."""
    body = []
    for n, text in enumerate(paragraphs):
        props = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>' if n in listed else ""
        body.append(f'<w:p>{props}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>')
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'
           + "".join(body) + "</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("word/document.xml", xml)
    return buf.getvalue()


def saved_cv(page):
    doc = saved(page)
    return doc["interviews"][0].get("cv", {}) if doc and doc.get("interviews") else {}


def wait_saved(page, test):
    """Wait for the debounced save until test(saved document) holds (polled: the CSP forbids
    wait_for_function's eval; waited for, never timed)."""
    for _ in range(300):
        doc = saved(page)
        if doc and test(doc):
            return doc
        page.wait_for_timeout(100)
    raise AssertionError("the change was never saved")


def saved_text(text):
    return lambda doc: text in json.dumps(doc, ensure_ascii=False)


def test_pasted_cv_shows_its_facts_and_an_answer_contradicting_it_is_flagged(page, app_url):
    page.add_init_script(HOOKS)
    open_app(page, app_url)
    section = page.locator("section.cv")
    expect(section.get_by_role("heading", name="Your CV (round zero)")).to_be_visible()
    page.fill("#cv-text", CV)

    # what was read: jobs with their employer and dates, and each job's facts as chips
    expect(section.locator(".cv-summary")).to_contain_text("Read 2 jobs")
    jobs = section.locator(".cv-job")
    expect(jobs.nth(0).locator("h4")).to_have_text("Warehouse Supervisor · Brightline Logistics · Apr 2020 – Present")
    expect(jobs.nth(0).locator(".chip").filter(has_text="Team size")).to_contain_text("8")
    expect(jobs.nth(1).locator("h4")).to_contain_text("Stock Controller · FENWICK & DALE · 2016-2020")
    expect(section.locator("[data-cv-out=saved]")).to_contain_text("Saved in this browser")
    wait_saved(page, saved_text("Ran monthly counts"))
    assert saved_cv(page)["text"] == CV and saved_cv(page)["added_at"]

    # round one says 12 where the CV says 8: flagged under the CV, naming it
    page.click("text=Add a question")
    page.fill("#f-interviews-0-rounds-0-questions-0-question", "Tell me about the team you run.")
    page.fill("#f-interviews-0-rounds-0-questions-0-answer", ANSWER)
    flag = section.locator(".cv-flag")
    expect(flag).to_have_count(1)
    expect(flag).to_contain_text("CV and Round one Q1")
    expect(flag).to_contain_text("disagree")
    expect(flag).to_contain_text("12")

    # the ledger: the CV first (round zero), its facts suggested, the contradiction with both passages
    page.click("nav a[href='#ledger']")
    groups = page.locator("#ledger .ledger-group h3")
    expect(groups.nth(0)).to_have_text("CV")
    expect(groups.nth(1)).to_contain_text("Round one Q1")
    within = page.locator("#ledger .ledger-within")
    expect(within).to_contain_text("Earlier · CV")
    expect(within.locator("mark").first).to_contain_text("8")
    # confirming a CV fact keeps it with its employer
    page.locator("#ledger [data-group=cv] li.ledger-fact").filter(has_text="Team size").get_by_role(
        "button", name="Confirm & lock").click()
    expect(page.locator("#ledger [data-group=cv] li.ledger-fact[data-status=confirmed]")).to_have_count(1)
    wait_saved(page, lambda doc: len(doc["interviews"][0]["ledger"]["facts"]) == 1)
    [stored] = saved(page)["interviews"][0]["ledger"]["facts"]
    assert stored["source"] == "CV" and stored["question_id"] == "cv" and stored["employer"] == "Brightline Logistics"

    # kept across a reload
    page.reload()
    page.wait_for_selector("html[data-python=ready]", state="attached", timeout=90_000)
    page.click("nav a[href='#debrief']")
    expect(page.locator("#cv-text")).to_have_value(CV)
    expect(page.locator("section.cv .cv-flag")).to_contain_text("CV and Round one Q1")
    assert page.evaluate("window.__ran") == [] and page.evaluate("window.__csp") == []


def test_docx_upload_and_replacing_asks_first(page, app_url, tmp_path):
    open_app(page, app_url)
    section = page.locator("section.cv")
    first = docx(["Community Nurse, Riverside Health Trust, Sep 2017 - Present",
                  "Visited 40 patients a week", "Trained 6 new starters"], listed=(1, 2))
    page.set_input_files("#cv-file", files=[{"name": "nurse-cv.docx", "buffer": first,
                                              "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}])
    expect(section.locator("[data-cv-out=file]")).to_contain_text("Read “nurse-cv.docx”: 1 job")
    expect(page.locator("#cv-text")).to_have_value(
        "Community Nurse, Riverside Health Trust, Sep 2017 - Present\n- Visited 40 patients a week\n- Trained 6 new starters")
    expect(section.locator(".cv-job h4")).to_have_text("Community Nurse · Riverside Health Trust · Sep 2017 - Present")
    expect(section.locator(".cv-job .chip").filter(has_text="Patient")).to_contain_text("40")
    wait_saved(page, saved_text("Trained 6 new starters"))
    assert saved_cv(page)["file_name"] == "nurse-cv.docx"

    # another file over it asks first: Cancel keeps the saved CV, Replace replaces it
    other = b"Ward Sister, Lakeside Hospital, 2021 - present\n- Ran a ward of 24 beds\n"
    page.set_input_files("#cv-file", files=[{"name": "newer.txt", "buffer": other, "mimeType": "text/plain"}])
    expect(page.locator("#confirm-dialog [data-message]")).to_contain_text("nurse-cv.docx")
    page.click("#confirm-dialog button[value=cancel]")
    expect(section.locator("[data-cv-out=file]")).to_contain_text("Kept the CV you saved")
    assert saved_cv(page)["file_name"] == "nurse-cv.docx"
    page.set_input_files("#cv-file", files=[{"name": "newer.txt", "buffer": other, "mimeType": "text/plain"}])
    page.click("#confirm-dialog button[value=confirm]")
    expect(section.locator(".cv-job h4")).to_have_text("Ward Sister · Lakeside Hospital · 2021 - present")
    wait_saved(page, saved_text("Ran a ward of 24 beds"))
    assert saved_cv(page)["file_name"] == "newer.txt"

    # pasting over the whole saved CV asks too
    page.click("#cv-text")
    page.keyboard.press("ControlOrMeta+a")
    page.evaluate("""() => { const area = document.querySelector('#cv-text'); const data = new DataTransfer();
        data.setData('text/plain', 'Pasted over it'); area.dispatchEvent(new ClipboardEvent('paste',
        { clipboardData: data, bubbles: true, cancelable: true })); }""")
    expect(page.locator("#confirm-dialog [data-message]")).to_contain_text("with the text you pasted")
    page.click("#confirm-dialog button[value=cancel]")
    expect(page.locator("#cv-text")).to_have_value(other.decode())


@pytest.mark.parametrize("name, data, says", [
    ("big.docx", b"PK\x03\x04" + b"\0" * (20 * 1024 * 1024), "at most 10 MB"),
    ("photo.txt", bytes(range(256)) * 64, "not text"),
    ("empty.md", b"", "empty"),
    ("fake.docx", b"\x89PNG\r\n\x1a\n" + b"\x00\x10" * 500, "not a Word document or text"),
])
def test_bad_files_get_a_clear_message_and_keep_the_saved_cv(page, app_url, name, data, says):
    open_app(page, app_url)
    page.fill("#cv-text", CV)
    wait_saved(page, saved_text("Ran monthly counts"))
    page.set_input_files("#cv-file", files=[{"name": name, "buffer": data, "mimeType": "application/octet-stream"}])
    status = page.locator("section.cv [data-cv-out=file]")
    expect(status).to_contain_text(says)
    expect(status).to_have_attribute("role", "alert")
    expect(page.locator("#cv-text")).to_have_value(CV)
    assert saved_cv(page)["text"] == CV
    expect(page.locator("section.cv .cv-summary")).to_contain_text("Read 2 jobs")


def test_hostile_strings_in_a_cv_are_text(page, app_url, blns):
    page.add_init_script(HOOKS)
    open_app(page, app_url)
    hostile = "\n".join(s for s in blns[:400] if "\n" not in s and "\r" not in s)
    text = "Analyst, <img src=x onerror=alert(1)> Ltd, 2019 - 2021\n- Led a team of 5\n" + hostile
    page.fill("#cv-text", text)
    expect(page.locator("section.cv .cv-summary")).to_contain_text("Read")
    expect(page.locator("section.cv .cv-job h4").first).to_contain_text("Analyst · > Ltd · 2019 - 2021")
    assert page.evaluate("window.__ran") == [] and page.evaluate("window.__csp") == []
