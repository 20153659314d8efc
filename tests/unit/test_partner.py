"""partner.pack / open / reply / session: what a link carries, checked on both sides."""

import json

import pytest

from tests.unit.dispatch import call, ok

FACT = {"kind": "count", "about": "engineers", "value": 5, "text": "a team of five engineers", "locked": True}


def make_pack(**over):
    params = {"questions": [{"bank_id": "beh-conflict-01", "text": "Tell me about a disagreement."},
                            {"text": "Why this company?", "follow_ups": ["And the one before?"], "category": "why_us"}],
              "weak": [{"question": "Your biggest project", "note": "no numbers", "pushback": "budget"}],
              "facts": [FACT], "persona": "skeptic", "title": "Northwind · analyst", "candidate": "Ana",
              "now": "2026-01-02T10:00:00Z"}
    params.update(over)
    return ok("partner.pack", **params)


def test_pack_holds_only_what_was_picked_and_opens_whole():
    made = make_pack()
    p = made["pack"]
    assert set(p) <= {"rt", "v", "id", "t", "n", "p", "q", "w", "l"}
    assert p["q"][0] == {"x": "Tell me about a disagreement.", "b": "beh-conflict-01"}  # the ladder is not sent
    assert made["preview"]["facts"] == ["a team of five engineers"]
    screen = ok("partner.open", pack=json.loads(json.dumps(p)))
    assert len(screen["questions"][0]["follow_ups"]) >= 3          # from the friend's bank
    assert screen["questions"][1]["follow_ups"] == ["And the one before?"]
    assert screen["questions"][1]["category"] == "why_us"
    assert screen["persona"]["id"] == "skeptic"
    assert screen["listen_for"] == ["a team of five engineers"]


def test_facts_of_a_pack_flag_a_contradiction_through_the_ledger():
    screen = ok("partner.open", pack=make_pack()["pack"])
    found = ok("ledger.check", facts=screen["facts"], text="I led a team of nine engineers there.")
    assert found["conflicts"] and found["conflicts"][0]["earlier"]["id"] == "listen-1"


def test_an_unknown_bank_id_keeps_the_text_sent():
    p = make_pack()["pack"]
    p["q"][0]["b"] = "beh-gone-99"
    screen = ok("partner.open", pack=p)
    assert screen["questions"][0]["text"] == "Tell me about a disagreement."
    assert screen["questions"][0]["follow_ups"] == []


@pytest.mark.parametrize("change, words", [
    (lambda p: p.update(v=99), "newer version"),
    (lambda p: p.update(rt="return"), "not"),
    (lambda p: p.update(q=[]), "no questions"),
    (lambda p: p.update(q="x"), "list"),
    (lambda p: p["q"].append(7), "object"),
    (lambda p: p.update(l=[{"k": "count", "a": "x", "v": "lots"}]), "number"),
    (lambda p: p.update(q=[{"x": "a"}] * 31), "at most"),
])
def test_a_changed_pack_is_refused_with_a_message(change, words):
    p = make_pack()["pack"]
    change(p)
    reply = call("partner.open", pack=p)
    assert not reply["ok"] and reply["error"]["code"] == "bad_params"
    assert words in reply["error"]["message"]


def test_a_pack_needs_a_question_and_a_known_persona():
    assert "at least one question" in call("partner.pack", questions=[])["error"]["message"]
    assert "persona" in call("partner.pack", questions=[{"text": "q"}], persona="nobody")["error"]["message"]


def answers():
    return [{"question": "Tell me about a disagreement.", "bank_id": "beh-conflict-01", "notes": "Said nine, not five.",
             "scores": {"structure": {"score": 4, "note": "Clear order."}, "consistency": {"score": 2, "note": "Team size moved."}},
             "flags": ["nine engineers against five"]},
            {"question": "Why this company?", "notes": "", "scores": {}}]


def test_return_becomes_a_history_entry_marked_with_a_partner():
    r = ok("partner.reply", pack_id="abc", friend="Jo", persona="skeptic", started_at="2026-01-02T10:00:00Z",
           ended_at="2026-01-02T10:40:00Z", answers=answers())["reply"]
    got = ok("partner.session", reply=json.loads(json.dumps(r)))
    entry = got["entry"]
    assert entry["with_partner"] is True and entry["interviewer"] == "With a partner: Jo"
    assert entry["answered"] == 1 and entry["asked"] == 2
    assert entry["dimensions"] == {"structure": 4.0, "consistency": 2.0}
    assert entry["questions"][0]["scores"]["consistency"]["note"] == "Team size moved."
    assert entry["questions"][0]["notes"] == "Said nine, not five."
    assert 2 < entry["overall"] < 4
    again = ok("partner.session", reply=r)["entry"]
    assert again["id"] == entry["id"]  # the same return, the same id: importing twice is seen


def test_an_empty_return_is_refused():
    reply = call("partner.reply", answers=[{"question": "q", "notes": "  "}])
    assert not reply["ok"] and "nothing to send back" in reply["error"]["message"]


@pytest.mark.parametrize("score", [0, 6, 2.5, "4", True])
def test_a_score_outside_one_to_five_is_refused(score):
    reply = call("partner.reply", answers=[{"question": "q", "notes": "n", "scores": {"structure": {"score": score}}}])
    assert not reply["ok"]


def test_every_naughty_string_survives_every_field(blns):
    for s in blns:
        q = s if s.strip() else "q"  # a blank question is refused (tested above), so it stands in
        made = ok("partner.pack", questions=[{"text": q, "follow_ups": [s]}],
                  weak=[{"question": s, "note": q, "pushback": s}],
                  facts=[{"kind": "count", "about": s, "value": 3, "text": s or "3"}], title=s, candidate=s)
        screen = ok("partner.open", pack=json.loads(json.dumps(made["pack"], ensure_ascii=False)))
        assert screen["questions"][0]["text"] == q
        assert screen["title"] == s and screen["candidate"] == s
        assert screen["weak"][0]["note"] == q
        if s.strip():
            assert screen["questions"][0]["follow_ups"] == [s]
            assert screen["listen_for"] == [s]
            assert screen["weak"][0]["pushback"] == s
        r = ok("partner.reply", friend=s, answers=[{"question": q, "notes": s,
                                                    "scores": {"ownership": {"score": 3, "note": s}}}])["reply"]
        entry = ok("partner.session", reply=json.loads(json.dumps(r)))["entry"]
        assert entry["questions"][0]["notes"] == s
        assert entry["questions"][0]["scores"]["ownership"]["note"] == s
        assert entry["partner"]["name"] == s.strip()
