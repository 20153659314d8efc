"""The brief for the day: built from the interview, rendered through python-markdown, downloadable as
Markdown, and printed to PDF by Chromium on one or two A4 pages with no control visible.

ROUNDTWO_WRITE_DOCS=1 also writes docs/brief-print.png, the printed brief as a picture."""

import os
import re
from pathlib import Path

from tests.browser.helpers import DIALOG_HOOK, seed

DOCS = Path(__file__).resolve().parents[2] / "docs"


def brief_doc(hostile=""):
    return {"version": 2, "current": "i-1", "bank": {"custom": [], "hidden": [], "values": []}, "practice": {},
            "interviews": [{
                "id": "i-1", "company": "Northwind" + hostile, "role": "Senior data analyst", "next_round_at": "2026-03-02T09:30",
                "rounds": [{"id": "r-1", "name": "Round one", "questions": [
                    {"id": "q-1", "question": "Tell me about the billing migration you led.", "answer": "I led six engineers; we moved billing in nine months and cut failed payments by a third.",
                     "weak": True, "weak_note": "no figure for the result at first", "pushback": "who set the deadline"},
                    {"id": "q-2", "question": "Why are you leaving your current role?", "weak": True,
                     "weak_note": "sounded negative about my manager", "pushback": ""}]}],
                "ledger": {"facts": [
                    {"id": "f1", "kind": "count", "about": "engineers", "value": 6, "text": "six engineers", "sentence": "I led six engineers.", "locked": True},
                    {"id": "f2", "kind": "duration", "about": "migration", "value": 9, "text": "nine months", "sentence": "We moved billing in nine months.", "locked": True},
                    {"id": "f3", "kind": "percent", "about": "failed payments", "value": 33, "text": "a third", "sentence": "Failed payments fell by a third.", "locked": True}],
                    "distinct": []},
                "panel": {"panelists": [
                    {"id": "p1", "name": "Dana Lee", "role": "VP Finance", "question": "How will this team's work show up in next year's plan?"},
                    {"id": "p2", "name": "Sam Ortiz", "role": "Staff engineer"},
                    {"id": "p3", "name": "Priya Shah", "role": "Head of People"}]},
                "salary": {"target": {"low": 95000, "high": 115000, "currency": "USD"}, "floor": "88000"},
                "plan": {"done": {}}}]}


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


def test_the_brief_prints_on_one_or_two_pages_with_no_controls(page, app_url, tmp_path):
    page.add_init_script(DIALOG_HOOK)
    seed(page, app_url, brief_doc("<img src=x onerror=alert(1)>"), "#brief")
    page.wait_for_selector("[data-brief][data-ready] h1")
    text = page.inner_text("[data-brief]")
    for expected in ("I led six engineers.", "Dana Lee", "Likely concern", "no figure for the result at first",
                     "USD 95,000", "88000", "How will this team's work show up in next year's plan?"):
        assert expected in text, expected
    assert "<img src=x onerror=alert(1)>" in text  # shown as typed, never run
    with page.expect_download() as info:
        page.click("#brief-download")
    md = Path(info.value.path()).read_text(encoding="utf-8")
    assert md.startswith("# Brief for the day: Northwind") and "## Questions to ask" in md

    page.emulate_media(media="print")
    visible = page.evaluate("""() => [...document.querySelectorAll('button, input, select, textarea, nav, header, progress')]
        .filter((n) => n.getClientRects().length && getComputedStyle(n).visibility !== 'hidden').map((n) => n.outerHTML.slice(0, 80))""")
    assert visible == []
    for size in ("A4", "Letter"):
        pdf = page.pdf(format=size, print_background=False)
        assert pdf.startswith(b"%PDF")
        assert 1 <= pages(pdf) <= 2, (size, pages(pdf))
    assert page.evaluate("window.__executed") == []


def test_any_view_prints_without_its_controls(page, app_url):
    seed(page, app_url, brief_doc(), "#partner")
    page.wait_for_selector("#partner-make")
    page.emulate_media(media="print")
    assert page.locator("button:visible, input:visible, select:visible, nav:visible").count() == 0
    pdf = page.pdf(format="A4")
    assert pages(pdf) >= 1


def test_write_the_printed_brief_for_the_docs(page, app_url):
    if os.environ.get("ROUNDTWO_WRITE_DOCS") != "1":
        return
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    seed(page, app_url, brief_doc(), "#brief")
    page.wait_for_selector("[data-brief][data-ready] h1")
    page.emulate_media(media="print")
    page.screenshot(path=str(DOCS / "brief-print.png"), full_page=True)
