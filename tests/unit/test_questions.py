"""The question bank (step 3, "map the escalation"): data counts, validation, filters, the person's values,
and the merged practice list. Every method is called through api.dispatch, as the page calls it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from roundtwo import questions as Q
from roundtwo.api import METHODS, dispatch
from tests.work import assert_linear

BLNS = Path(__file__).resolve().parents[1] / "fixtures" / "blns.json"

AMAZON_LPS = [
    "Customer Obsession",
    "Ownership",
    "Invent and Simplify",
    "Are Right, A Lot",
    "Learn and Be Curious",
    "Hire and Develop the Best",
    "Insist on the Highest Standards",
    "Think Big",
    "Bias for Action",
    "Frugality",
    "Earn Trust",
    "Dive Deep",
    "Have Backbone; Disagree and Commit",
    "Deliver Results",
    "Strive to be Earth's Best Employer",
    "Success and Scale Bring Broad Responsibility",
]


def ok(method, params=None):
    reply = dispatch({"method": method, "params": params or {}})
    assert reply["ok"], reply
    json.dumps(reply)  # the worker sends it as JSON
    return reply["result"]


def err(method, params):
    reply = dispatch({"method": method, "params": params})
    assert not reply["ok"], reply
    return reply["error"]


@pytest.fixture(scope="module")
def everything():
    return ok("questions.bank")["questions"]


# --- the data -----------------------------------------------------------------------------------


def test_methods_are_routed():
    for name in ("questions.bank", "questions.frameworks", "questions.for_values", "questions.merge",
                 "questions.guess_category"):
        assert METHODS[name].startswith("questions:")


def test_at_least_250_questions(everything):
    assert len(everything) >= 250
    assert ok("questions.bank")["total"] == len(everything)


def test_counts_per_category(everything):
    counts = Counter(q["category"] for q in everything)
    assert counts["behavioral"] >= 80
    assert counts["scenario"] >= 40
    assert counts["technical"] >= 60
    assert counts["values"] >= 16 + 5 + 2
    assert counts["why_us"] >= 10
    assert set(counts) == set(Q.CATEGORIES)


def test_role_families(everything):
    families = Counter(q["role_family"] for q in everything if q["category"] == "technical")
    assert None not in families
    assert len([f for f, n in families.items() if n >= 8]) >= 6
    assert set(families) == set(Q.ROLE_FAMILIES)
    for family in Q.ROLE_FAMILIES:
        spread = {q["difficulty"] for q in everything if q["role_family"] == family}
        assert spread == {1, 2, 3}, family


def test_ids_unique_and_stable_shape(everything):
    ids = [q["id"] for q in everything]
    assert len(ids) == len(set(ids))
    keys = {"id", "text", "category", "competency", "round", "difficulty", "role_family", "framework",
            "value", "follow_ups", "source"}
    for q in everything:
        assert set(q) == keys, q["id"]
        assert q["source"] == "builtin"
        assert q["difficulty"] in (1, 2, 3)
        assert q["competency"] and q["round"]
        assert q["text"].strip() == q["text"]


def test_every_behavioral_has_a_ladder_of_3_to_5(everything):
    for q in everything:
        if q["category"] == "behavioral":
            assert 3 <= len(q["follow_ups"]) <= 5, q["id"]
        if q["follow_ups"]:
            assert 3 <= len(q["follow_ups"]) <= 5, q["id"]
            assert len(set(q["follow_ups"])) == len(q["follow_ups"]), q["id"]


def test_why_us_and_scenarios_push_for_specifics(everything):
    for q in everything:
        if q["category"] in ("why_us", "scenario"):
            assert len(q["follow_ups"]) >= 3, q["id"]


def test_texts_are_not_duplicated(everything):
    texts = Counter(Q._norm_key(q["text"]) for q in everything)
    assert [t for t, n in texts.items() if n > 1] == []


def test_all_16_amazon_principles_named_exactly_and_covered(everything):
    fws = {f["id"]: f for f in ok("questions.frameworks")["frameworks"]}
    amazon = fws["amazon-lp"]
    assert amazon["company"] == "Amazon"
    assert [v["name"] for v in amazon["values"]] == AMAZON_LPS
    covered = {q["value"] for q in everything if q["framework"] == "amazon-lp"}
    assert covered == set(AMAZON_LPS)
    for v in amazon["values"]:
        assert v["question_ids"], v["name"]
        assert v["description"]


def test_other_frameworks(everything):
    fws = {f["id"]: f for f in ok("questions.frameworks")["frameworks"]}
    others = [f for fid, f in fws.items() if fid != "amazon-lp"]
    assert len(others) >= 2
    assert [v["name"] for v in fws["atlassian"]["values"]] == [
        "Open company, no bullshit", "Build with heart and balance", "Don't #@!% the customer",
        "Play, as a team", "Be the change you seek"]
    for fw in others:
        assert fw["company"] and fw["url"].startswith("https://")
        for v in fw["values"]:
            assert v["question_ids"], (fw["id"], v["name"])
    values_qs = [q for q in everything if q["category"] == "values"]
    assert all(q["framework"] in fws and q["value"] for q in values_qs)


def test_frameworks_filter():
    only = ok("questions.frameworks", {"framework": "netflix"})["frameworks"]
    assert [f["id"] for f in only] == ["netflix"]
    assert err("questions.frameworks", {"framework": "enron"})["code"] == "bad_params"


def test_loads_lazily_and_once(monkeypatch):
    import subprocess
    import sys

    probe = "import sys, roundtwo.questions as q; print(q._BANK is None, 'tomllib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split()[0] == "True"  # nothing read at import
    read = []
    real = Q._read_toml
    monkeypatch.setattr(Q, "_read_toml", lambda path: read.append(path.name) or real(path))
    Q.reload()
    questions = Q._data_dir().joinpath("questions")
    files = ["values_frameworks.toml", *(p.name for p in questions.iterdir() if p.name.endswith(".toml"))]
    assert sorted(read) == sorted(files)  # every file once
    read.clear()
    ok("questions.bank", {"category": "technical"})
    ok("questions.frameworks", {})
    ok("questions.guess_category", {"text": "Why do you want to join this company?"})
    assert read == []  # and not again (bench/cpython_speed.py prints how long a load takes)


def test_validation_rejects_bad_data(monkeypatch):
    fw_values = {"amazon-lp": AMAZON_LPS}
    good = {"id": "beh-x-01", "text": "Tell me about a time it went wrong.", "category": "behavioral",
            "competency": ["failure"], "round": ["second"], "difficulty": 2,
            "follow_ups": ["What did you do?", "What happened?", "What next?"]}
    Q._validate_question(good, "t", fw_values)
    for change in ({"category": "trivia"}, {"follow_ups": ["one", "two"]}, {"difficulty": 4},
                   {"id": "Bad Id"}, {"round": ["third"]}, {"role_family": "software"},
                   {"extra": 1}, {"competency": []}, {"text": ""}):
        with pytest.raises(Q.BankError):
            Q._validate_question({**good, **change}, "t", fw_values)
    with pytest.raises(Q.BankError):
        Q._validate_question({**good, "category": "values", "framework": "amazon-lp", "value": "Synergy"},
                             "t", fw_values)
    with pytest.raises(Q.BankError):
        Q._validate_question({**good, "category": "technical"}, "t", fw_values)


# --- filters ------------------------------------------------------------------------------------


def test_filter_by_category_and_family():
    res = ok("questions.bank", {"category": "technical", "role_family": "finance"})
    assert res["total"] >= 8
    assert all(q["category"] == "technical" and q["role_family"] == "finance" for q in res["questions"])


def test_filter_by_competency_round_difficulty_framework():
    res = ok("questions.bank", {"competency": "Conflict"})
    assert res["total"] > 5 and all("conflict" in q["competency"] for q in res["questions"])
    res = ok("questions.bank", {"round": "hiring-manager"})
    assert all("hiring-manager" in q["round"] or "any" in q["round"] for q in res["questions"])
    res = ok("questions.bank", {"difficulty": 3, "category": "behavioral"})
    assert res["total"] > 5 and all(q["difficulty"] == 3 for q in res["questions"])
    res = ok("questions.bank", {"framework": "gitlab"})
    assert res["total"] == 6


def test_limit_offset_and_search():
    first = ok("questions.bank", {"category": "behavioral", "limit": 5})
    assert len(first["questions"]) == 5 and first["total"] >= 80
    second = ok("questions.bank", {"category": "behavioral", "limit": 5, "offset": 5})
    assert {q["id"] for q in first["questions"]}.isdisjoint(q["id"] for q in second["questions"])
    res = ok("questions.bank", {"search": "request rate"})
    assert [q["id"] for q in res["questions"]] == ["tech-sw-03"]


@pytest.mark.parametrize("params", [
    {"category": "trivia"}, {"role_family": "astronaut"}, {"difficulty": 9}, {"difficulty": 1.5},
    {"difficulty": True}, {"limit": 0}, {"limit": "ten"}, {"round": "third"}, {"competency": ["x"]},
    {"framework": 3},
])
def test_bad_filters_are_bad_params(params):
    e = err("questions.bank", params)
    assert e["code"] == "bad_params" and e["message"]


def test_results_are_copies():
    a = ok("questions.bank", {"limit": 1})["questions"][0]
    a["follow_ups"].append("mutated")
    a["text"] = "mutated"
    b = ok("questions.bank", {"limit": 1})["questions"][0]
    assert b["text"] != "mutated" and "mutated" not in b["follow_ups"]


# --- the person's own values --------------------------------------------------------------------


def test_for_values_generates_ladders():
    res = ok("questions.for_values", {"values": ["Craft", "  Kindness  ", "", "   ", None, "craft"]})
    assert [v["name"] for v in res["values"]] == ["Craft", "Kindness"]
    assert res["skipped"] == 3 and res["duplicates"] == 1 and res["dropped"] == 0
    assert len(res["questions"]) == 6
    for q in res["questions"]:
        assert q["category"] == "values" and q["framework"] == "own" and q["source"] == "generated"
        assert 3 <= len(q["follow_ups"]) <= 5
        assert q["value"] in q["text"]
    ids = [q["id"] for q in res["questions"]]
    assert len(ids) == len(set(ids))
    again = ok("questions.for_values", {"values": ["Craft", "Kindness"]})
    assert [q["id"] for q in again["questions"]] == ids  # stable ids


def test_for_values_with_company_and_related_bank_questions():
    res = ok("questions.for_values", {"values": ["Ownership", "Curiosity", "Transparency", "Grit"],
                                      "company": "Acme Ltd", "per_value": 6})
    texts = " ".join(q["text"] for q in res["questions"])
    assert "Acme Ltd" in texts
    assert "{company}" not in texts and "{value}" not in texts
    related = {v["name"]: v["related_ids"] for v in res["values"]}
    assert "val-amazon-ownership-01" in related["Ownership"]
    assert "val-netflix-curiosity-01" in related["Curiosity"]
    assert related["Grit"] == []
    no_company = ok("questions.for_values", {"values": ["Grit"], "per_value": 6})
    assert all("{company}" not in q["text"] and "Acme" not in q["text"] for q in no_company["questions"])


def test_for_values_caps_and_trims():
    long_value = "  Integrity   and\tcare " + "x" * 500
    res = ok("questions.for_values", {"values": [long_value] + [f"Value {i}" for i in range(30)]})
    assert len(res["values"]) == Q.MAX_VALUES_USED and res["dropped"] == 31 - Q.MAX_VALUES_USED
    assert res["values"][0]["name"].startswith("Integrity and care x")
    assert len(res["values"][0]["name"]) <= Q.MAX_VALUE_LEN
    e = err("questions.for_values", {"values": ["x"] * (Q.MAX_VALUES_IN + 1)})
    assert e["code"] == "bad_params" and "too many" in e["message"]


def test_for_values_placeholders_in_input_stay_plain_text():
    res = ok("questions.for_values", {"values": ["{company}", "{value}{0}%s"], "company": "{value}"})
    names = [v["name"] for v in res["values"]]
    assert names == ["{company}", "{value}{0}%s"]
    first = res["questions"][0]  # typed text is not re-read as a placeholder
    assert first["text"] == ("Our values include '{company}'. "
                             "Tell me about a specific time you acted on {company} at work.")


@pytest.mark.parametrize("params", [
    {}, {"values": None}, {"values": {"a": 1}}, {"values": [1, 2]}, {"values": [["nested"]]},
    {"values": ["ok"], "company": 5}, {"values": ["ok"], "per_value": 0},
])
def test_for_values_bad_input(params):
    e = err("questions.for_values", params)
    assert e["code"] == "bad_params" and e["message"]


def test_for_values_all_blank_is_empty_not_error():
    res = ok("questions.for_values", {"values": ["", "  ", "\u200b\n", "\u202e\u200d"]})
    assert res["questions"] == [] and res["values"] == [] and res["skipped"] == 4


# --- guessing categories ------------------------------------------------------------------------


@pytest.mark.parametrize("text,category", [
    ("Describe a time you disagreed with your boss.", "behavioral"),
    ("Give me an example of a difficult deadline.", "behavioral"),
    ("Describe a situation where you failed.", "behavioral"),
    ("Have you ever had to fire someone?", "behavioral"),
    ("Why would you want to work for us?", "why_us"),
    ("Why would you like to join our practice?", "why_us"),
    ("Why do you like to work for a cooperative?", "why_us"),
    ("Why us rather than our competitors?", "why_us"),
    ("Why are you leaving your current role?", "why_us"),
    ("What do you know about our company?", "why_us"),
    ("What would you do if a stakeholder disagreed with your plan?", "scenario"),
    ("Imagine you have three urgent requests. How would you prioritise?", "scenario"),
    ("What would your first 90 days look like?", "scenario"),
    ("How would you design a job scheduler?", "technical"),
    ("What's the difference between a process and a thread?", "technical"),
    ("Write a SQL query for monthly retention.", "technical"),
    ("What does ownership mean to you?", "values"),
    ("Which of our values resonates most with you?", "values"),
    ("What are your strengths?", "behavioral"),
])
def test_guess_category(text, category):
    assert ok("questions.guess_category", {"text": text})["category"] == category


def test_guess_category_needs_text():
    assert err("questions.guess_category", {})["code"] == "bad_params"
    assert err("questions.guess_category", {"text": 12})["code"] == "bad_params"


def test_guess_on_long_hostile_text():
    result = ok("questions.guess_category", {"text": "why " * 900 + "tell me about a time " * 50})
    assert result["category"] in Q.CATEGORIES and result["reason"]


def test_guess_work_grows_at_most_linearly_with_the_text():
    assert_linear(lambda text: ok("questions.guess_category", {"text": text}), lambda n: "why " * (n // 4), 900)


# --- merging the practice list ------------------------------------------------------------------


def test_merge_without_anything_is_the_bank(everything):
    res = ok("questions.merge")
    assert res["total"] == len(everything)
    assert [q["id"] for q in res["questions"]] == [q["id"] for q in everything]
    assert res["hidden"] == [] and res["edited"] == []


def test_merge_custom_hidden_debrief(everything):
    res = ok("questions.merge", {
        "custom": [
            {"id": "beh-conflict-01", "text": "Tell me about your worst row with a colleague.",
             "follow_ups": ["Who started it?", "", "How did it end?", "Would they agree?"]},
            {"text": "Why would you join us rather than a bigger company?", "competency": ["Motivation"]},
            {"id": "my-own-1", "text": "How would you design our billing system?", "category": "technical",
             "role_family": "software", "difficulty": 3, "round": "final"},
        ],
        "hidden": ["beh-conflict-02", "tech-sw-01", "not-an-id"],
        "debrief": [
            {"question": "Tell me about a time you missed a deadline.", "answer": "We shipped two weeks late.",
             "follow_ups": ["Why two weeks?"]},
            "Why are you leaving your current job?",
            {"question": "  "},
            {"question": "Tell me about a time you missed a deadline!"},  # same wording: dropped
        ],
    })
    qs = res["questions"]
    by_id = {q["id"]: q for q in qs}
    assert res["hidden"] == ["beh-conflict-02", "tech-sw-01"]
    assert "beh-conflict-02" not in by_id and "tech-sw-01" not in by_id
    assert res["edited"] == ["beh-conflict-01"]
    edited = by_id["beh-conflict-01"]
    assert edited["text"] == "Tell me about your worst row with a colleague." and edited["edited"] is True
    assert edited["follow_ups"] == ["Who started it?", "How did it end?", "Would they agree?"]
    assert edited["category"] == "behavioral" and edited["source"] == "builtin"

    debrief = [q for q in qs if q["source"] == "debrief"]
    assert len(debrief) == 2 and qs[:2] == debrief  # round-one questions come first
    deadline, leaving = debrief
    assert deadline["category"] == "behavioral" and deadline["round_one_answer"] == "We shipped two weeks late."
    assert deadline["follow_ups"][0] == "Why two weeks?" and 3 <= len(deadline["follow_ups"]) <= 5
    assert leaving["category"] == "why_us" and leaving["similar_to"] == "why-leave-01"

    own = [q for q in qs if q["source"] == "custom"]
    assert [q["category"] for q in own] == ["why_us", "technical"]
    assert own[0]["competency"] == ["motivation"]
    assert own[1]["id"] == "my-own-1" and own[1]["round"] == ["final"] and own[1]["difficulty"] == 3
    assert res["total"] == len(everything) - 2 + 2 + 2
    assert res["counts"]["by_source"] == {"debrief": 2, "custom": 2, "builtin": len(everything) - 2}


def test_merge_filters_apply_to_the_merged_list():
    res = ok("questions.merge", {"custom": [{"text": "Design a cache for our API.", "category": "technical",
                                             "role_family": "software"}],
                                 "category": "technical", "role_family": "software", "limit": 3})
    assert res["questions"][0]["source"] == "custom"
    assert len(res["questions"]) == 3
    assert all(q["role_family"] == "software" for q in res["questions"])


def test_merge_hiding_own_and_debrief_questions():
    first = ok("questions.merge", {"debrief": ["Why this team?"], "custom": [{"id": "c1", "text": "Why us?"}]})
    deb_id = first["questions"][0]["id"]
    res = ok("questions.merge", {"debrief": ["Why this team?"], "custom": [{"id": "c1", "text": "Why us?"}],
                                 "hidden": [deb_id, "c1"], "include_builtin": False})
    assert res["questions"] == [] and res["hidden"] == sorted([deb_id, "c1"])


def test_numeric_ids_are_accepted():
    res = ok("questions.merge", {"custom": [{"id": 7, "text": "Why us, really?"}], "hidden": ["7"],
                                 "include_builtin": False})
    assert res["questions"] == [] and res["hidden"] == ["7"]


def test_debrief_id_never_shadows_a_bank_question():
    res = ok("questions.merge", {"debrief": [{"id": "why-leave-01", "question": "Why leave?"}]})
    ids = [q["id"] for q in res["questions"]]
    assert "why-leave-01" in ids and "debrief-why-leave-01" in ids


@pytest.mark.parametrize("params,needle", [
    ({"custom": "nope"}, "custom"),
    ({"custom": [5]}, "custom"),
    ({"custom": [{"category": "behavioral"}]}, "no text"),
    ({"custom": [{"text": "Hi there, a question?", "category": "trivia"}]}, "category"),
    ({"custom": [{"text": "Hi there, a question?", "round": ["third"]}]}, "round"),
    ({"custom": [{"text": "Hi there, a question?", "difficulty": 7}]}, "difficulty"),
    ({"custom": [{"text": "Hi there, a question?", "follow_ups": "one"}]}, "follow_ups"),
    ({"custom": [{"text": "Hi there, a question?", "follow_ups": [1]}]}, "follow_ups"),
    ({"custom": [{"text": "x" * 100_000}]}, "too long"),
    ({"hidden": [None, 3]}, "hidden"),
    ({"hidden": "beh-conflict-01"}, "hidden"),
    ({"debrief": [{"question": 42}]}, "question"),
    ({"debrief": [[1, 2]]}, "debrief"),
    ({"debrief": [{"question": "Why?", "answer": {"a": 1}}]}, "answer"),
    ({"include_builtin": "yes"}, "include_builtin"),
    ({"custom": [{"text": "ok question?"}] * (Q.MAX_CUSTOM + 1)}, "too many"),
])
def test_merge_bad_input(params, needle):
    e = err("questions.merge", params)
    assert e["code"] == "bad_params"
    assert needle in e["message"], e["message"]


def test_merge_handles_a_huge_answer():
    big = "I did it. " * 100_000  # 1 MB
    res = ok("questions.merge", {"debrief": [{"question": "Tell me about a time you led.", "answer": big}],
                                 "include_builtin": False})
    q = res["questions"][0]
    assert len(q["round_one_answer"]) <= Q.MAX_ANSWER_KEPT and q["round_one_answer_cut"] is True


# --- hostile input ------------------------------------------------------------------------------


def _blns():
    return json.loads(BLNS.read_text(encoding="utf-8"))


def test_blns_for_values():
    strings = _blns()
    for s in strings:
        reply = dispatch({"method": "questions.for_values", "params": {"values": [s, "Craft"], "company": s}})
        assert reply["ok"], (s, reply)
        json.dumps(reply, ensure_ascii=False)
        for v in reply["result"]["values"]:
            assert v["name"] and len(v["name"]) <= Q.MAX_VALUE_LEN
    res = ok("questions.for_values", {"values": strings})
    assert len(res["values"]) == Q.MAX_VALUES_USED


def test_blns_merge_and_guess():
    for s in _blns():
        params = {"custom": [{"text": s, "id": s, "competency": [s], "framework": s, "value": s},
                             {"text": "A fine question here?", "follow_ups": [s, s, s]}],
                  "hidden": [s], "debrief": [{"question": s, "answer": s, "follow_ups": [s]}, s]}
        reply = dispatch({"method": "questions.merge", "params": params})
        if not reply["ok"]:
            assert reply["error"]["code"] == "bad_params", (s, reply)
            assert not Q.clean_text(s, 100), s  # only blank strings are refused (no text)
        json.dumps(reply, ensure_ascii=False).encode("utf-8")
        reply = dispatch({"method": "questions.guess_category", "params": {"text": s}})
        assert reply["ok"] or reply["error"]["code"] == "bad_params", (s, reply)
        reply = dispatch({"method": "questions.bank", "params": {"search": s, "competency": s}})
        assert reply["ok"], (s, reply)


def test_lone_surrogates_and_controls_are_removed():
    res = ok("questions.for_values", {"values": ["Care\ud800\x00\x1b[31m", "A\u202eB"]})
    names = [v["name"] for v in res["values"]]
    assert names == ["Care[31m", "A\u202eB"]
    json.dumps(res, ensure_ascii=False).encode("utf-8")


def test_merge_includes_questions_for_the_persons_values_and_counts_competencies():
    res = Q.merge({"values": ["Default to action", ""], "company": "Acme", "framework": "own"})
    assert res["total"] >= 1 and all(q["source"] == "generated" and q["value"] == "Default to action"
                                      for q in res["questions"])
    assert res["counts"]["by_source"]["generated"] == res["total"]
    hidden = Q.merge({"values": ["Default to action"], "hidden": [res["questions"][0]["id"]], "framework": "own"})
    assert hidden["total"] == res["total"] - 1
    by_comp = Q.merge({})["counts"]["by_competency"]
    assert by_comp["communication"] >= 10 and list(by_comp.values()) == sorted(by_comp.values(), reverse=True)
