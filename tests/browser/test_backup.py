"""A backup locked with a passphrase, and an import that shows what a file holds before writing."""

import json

from tests.browser.helpers import saved, seed


def doc(company, sessions):
    return {"version": 2, "current": "i-" + company, "bank": {"custom": [], "hidden": [], "values": []},
            "practice": {"history": [{"id": s, "ended_at": "2026-02-01T10:00:00Z", "interviewer": "Morgan"} for s in sessions]},
            "interviews": [{"id": "i-" + company, "company": company, "role": "Analyst", "rounds": [],
                            "ledger": {"facts": [], "distinct": []}}]}


def export_locked(page, tmp_path, passphrase):
    page.fill("#backup-passphrase", passphrase)
    with page.expect_download() as info:
        page.click("#backup-export")
    path = tmp_path / "locked.json"
    info.value.save_as(path)
    return path


def test_locked_backup_needs_its_passphrase_and_previews_before_writing(page, app_url, tmp_path, blns):
    mine = doc("Northwind", ["s-1"])
    mine["interviews"][0]["role"] = blns[200]  # a hostile string rides through the lock unchanged
    seed(page, app_url, mine, "#about")
    page.wait_for_selector("#backup-export")
    path = export_locked(page, tmp_path, "plum tree")
    raw = path.read_text()
    assert "Northwind" not in raw and json.loads(raw)["type"] == "roundtwo-locked"

    # Another browser's data, then the locked file: no passphrase, a wrong one, then the right one.
    page.evaluate("(raw) => localStorage.setItem('roundtwo.doc', raw)", json.dumps(doc("Contoso", ["s-2"])))
    page.reload()
    page.wait_for_selector("#backup-file", state="attached")
    before = saved(page)
    page.set_input_files("#backup-file", str(path))
    page.wait_for_selector("[data-out=backup] .error")
    assert "passphrase" in page.inner_text("[data-out=backup]")
    page.fill("#backup-import-passphrase", "plum-tree")
    page.set_input_files("#backup-file", str(path))
    page.wait_for_selector("[data-out=backup] .error:has-text('does not open')")
    assert saved(page) == before
    page.fill("#backup-import-passphrase", "plum tree")
    page.set_input_files("#backup-file", str(path))
    page.wait_for_selector("[data-backup-preview]")
    shown = page.inner_text("[data-backup-preview]")
    assert "1 interview, 0 rounds, 1 practice session" in shown and "Northwind" in shown
    assert saved(page) == before  # shown, not written
    page.click("#backup-merge")
    page.wait_for_selector("[data-out=backup]:has-text('Merged')")
    after = saved(page)
    assert [i["company"] for i in after["interviews"]] == ["Contoso", "Northwind"]
    assert after["interviews"][1]["role"] == blns[200]
    assert [h["id"] for h in after["practice"]["history"]] == ["s-2", "s-1"]


def test_replace_keeps_this_browsers_data_aside(page, app_url, tmp_path):
    seed(page, app_url, doc("Northwind", []), "#about")
    page.wait_for_selector("#backup-export")
    path = export_locked(page, tmp_path, "x")
    page.evaluate("(raw) => localStorage.setItem('roundtwo.doc', raw)", json.dumps(doc("Contoso", [])))
    page.reload()
    page.wait_for_selector("#backup-file", state="attached")
    page.fill("#backup-import-passphrase", "x")
    page.set_input_files("#backup-file", str(path))
    page.wait_for_selector("#backup-cancel")
    page.click("#backup-cancel")
    assert saved(page)["interviews"][0]["company"] == "Contoso"
    page.set_input_files("#backup-file", str(path))
    page.click("#backup-replace")
    page.wait_for_selector("[data-out=backup]:has-text('Replaced')")
    assert saved(page)["interviews"][0]["company"] == "Northwind"
    aside = page.evaluate("() => Object.keys(localStorage).filter((k) => k.startsWith('roundtwo.aside.'))")
    assert len(aside) == 1
