"""backup.preview / backup.merge: what a backup holds, and a merge that only adds."""

from tests.unit.dispatch import call, ok


def doc(interviews, sessions):
    return {"version": 2, "current": interviews[0] if interviews else "", "practice": {"history": [
        {"id": s, "ended_at": f"2026-0{n + 1}-15T10:00:00Z", "with_partner": n == 0} for n, s in enumerate(sessions)]},
        "interviews": [{"id": i, "company": f"Co {i}", "role": "", "rounds": [
            {"id": f"{i}-r", "ended_at": "2026-01-02T09:00", "questions": []}]} for i in interviews]}


def test_preview_names_what_the_file_holds_and_what_merging_adds():
    p = ok("backup.preview", doc=doc(["a"], ["s1"]), incoming=doc(["a", "b"], ["s1", "s2"]))
    assert p["incoming"]["interviews"] == 2 and p["incoming"]["sessions"] == 2
    assert p["incoming"]["with_partner"] == 1 and p["incoming"]["first"] == "2026-01-02"
    assert "2 practice sessions (1 with a partner)" in p["incoming"]["text"]
    assert p["merge"]["interviews"] == 1 and p["merge"]["sessions"] == 1 and p["merge"]["kept"] == 1


def test_merge_adds_only_what_is_new_and_changes_nothing_here():
    here = doc(["a"], ["s1"])
    here["interviews"][0]["company"] = "Mine"
    incoming = doc(["a", "b"], ["s1", "s2"])
    merged = ok("backup.merge", doc=here, incoming=incoming)["doc"]
    assert [i["id"] for i in merged["interviews"]] == ["a", "b"]
    assert merged["interviews"][0]["company"] == "Mine"
    assert [h["id"] for h in merged["practice"]["history"]] == ["s1", "s2"]
    assert merged["current"] == "a"


def test_an_unreadable_backup_is_refused():
    reply = call("backup.merge", doc=doc(["a"], []), incoming={"version": 99})
    assert not reply["ok"] and "newer version" in reply["error"]["message"]
