"""Export and import from the About page: a round trip, a refused file, and nothing lost on the way."""

import json

import pytest

from tests.browser.helpers import open_app

pytestmark = pytest.mark.browser


def test_export_then_import_restores_and_keeps_the_replaced_data_aside(page, app_url, tmp_path):
    open_app(page, app_url)
    page.fill("#f-interviews-0-company", "Exported Co")
    page.goto(app_url + "#about")
    with page.expect_download() as info:
        page.click("text=Export all data")
    exported = tmp_path / "export.json"
    info.value.save_as(exported)
    envelope = json.loads(exported.read_text())
    assert envelope["type"] == "roundtwo" and envelope["data"]["interviews"][0]["company"] == "Exported Co"

    page.goto(app_url + "#debrief")
    page.fill("#f-interviews-0-company", "Changed since")
    page.goto(app_url + "#about")
    page.set_input_files("#import-file", str(exported))
    page.wait_for_selector("#confirm-dialog[open]")
    page.click("#confirm-dialog button[value=confirm]")
    page.wait_for_selector("[data-out=data] >> text=Imported")
    page.goto(app_url + "#debrief")
    assert page.input_value("#f-interviews-0-company") == "Exported Co"
    kept = page.evaluate("""Object.keys(localStorage).filter(k => k.startsWith('roundtwo.aside.'))
                            .map(k => JSON.parse(localStorage.getItem(k)).interviews[0].company)""")
    assert kept == ["Changed since"]


def test_a_file_that_is_not_an_export_is_refused_and_nothing_changes(page, app_url, tmp_path):
    open_app(page, app_url)
    page.fill("#f-interviews-0-company", "Still here")
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": "<img src=x onerror=alert(1)>"}')
    page.goto(app_url + "#about")
    page.set_input_files("#import-file", str(bad))
    message = page.wait_for_selector("[data-out=data] .error")
    assert "not a Round Two export" in message.text_content()
    page.goto(app_url + "#debrief")
    assert page.input_value("#f-interviews-0-company") == "Still here"
