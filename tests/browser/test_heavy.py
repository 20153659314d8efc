"""A heavy document (many interviews, long answers) saves what is typed, in whichever interview, and
nothing else changes: a save writes out only the interview that changed and reuses the rest's text, so
the text must still be the whole document. Speed figures are bench/typing.py's, not asserted here."""

import json
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import saved, seed, wait_ready

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from heavy import heavy_doc  # noqa: E402

pytestmark = pytest.mark.browser


def answers(doc):
    return {(i["id"], r["id"], q["id"]): q["answer"]
            for i in doc["interviews"] for r in i["rounds"] for q in r["questions"]}


def test_edits_in_two_interviews_of_a_heavy_document_are_saved_and_nothing_else_changes(page, app_url):
    doc = heavy_doc(interviews=6, answers=4)
    seed(page, app_url, doc)
    wait_ready(page)
    first = page.locator("#f-interviews-0-rounds-1-questions-2-answer")
    first.press("Control+End")
    first.press_sequentially(" We hired 4 more people.")
    expect(page.locator("#save-status")).to_have_attribute("data-state", "saved")

    page.select_option("#interview-select", doc["interviews"][3]["id"])
    company = page.locator("#f-interviews-3-company")
    expect(company).to_have_value(doc["interviews"][3]["company"])
    company.fill("Renamed Co")
    page.locator("#f-interviews-3-rounds-0-questions-0-answer").press("Control+End")
    page.locator("#f-interviews-3-rounds-0-questions-0-answer").press_sequentially(" It took 3 weeks.")

    raw = page.evaluate("() => { window.dispatchEvent(new Event('pagehide')); return localStorage.getItem('roundtwo.doc'); }")
    after = json.loads(raw)
    assert raw == json.dumps(after, separators=(",", ":"), ensure_ascii=False)  # whole, as JSON.stringify writes it
    assert after["current"] == doc["interviews"][3]["id"]
    assert after["interviews"][3]["company"] == "Renamed Co"
    want = answers(doc)
    i0, i3 = doc["interviews"][0], doc["interviews"][3]
    key0 = (i0["id"], i0["rounds"][1]["id"], i0["rounds"][1]["questions"][2]["id"])
    key3 = (i3["id"], i3["rounds"][0]["id"], i3["rounds"][0]["questions"][0]["id"])
    want[key0] += " We hired 4 more people."
    want[key3] += " It took 3 weeks."
    assert answers(after) == want
    assert [i["company"] for i in after["interviews"]] == [
        "Renamed Co" if n == 3 else i["company"] for n, i in enumerate(doc["interviews"])]
    assert saved(page) == after
