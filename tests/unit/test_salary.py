"""Salary lookup, plan and sources: one behaviour per test."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from roundtwo import api, salary

ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = ROOT.parent / "shared" / "data"


def call(method, **params):
    return api.dispatch({"method": method, "params": params})


def lookup(title, **extra):
    reply = call("salary.lookup", title=title, **extra)
    assert reply["ok"], reply
    return reply["result"]


def codes(result, n=3):
    return [m["code"] for m in result["matches"][:n]]


@pytest.fixture
def reraise(monkeypatch):
    """An internal fault fails the test with its own traceback instead of becoming an error reply."""
    monkeypatch.setattr(api, "RERAISE", True)


# --- lookup: mapping typed titles -------------------------------------------------------------

def test_roman_numeral_level_is_stripped_and_kept():
    result = lookup("Software Engineer II")
    assert codes(result, 1) == ["15-1252"]
    assert result["seniority"]["level"] == "mid"
    assert result["seniority"]["words"] == ["II"]


def test_abbreviation_rn_maps_to_registered_nurses():
    result = lookup("RN")
    assert codes(result, 1) == ["29-1141"]
    assert result["matches"][0]["title"] == "Registered Nurses"


def test_sr_with_dot_and_dev_abbreviation():
    result = lookup("Sr. backend dev")
    assert result["seniority"]["words"] == ["Sr."]
    assert result["seniority"]["level"] == "senior"
    assert "consider the 75th percentile" in result["seniority"]["advice"]
    assert {"15-1254", "15-1252"} <= set(codes(result))


def test_vp_title_maps_to_managers_of_the_function():
    result = lookup("VP Sales")
    assert codes(result, 1) == ["11-2022"]
    assert result["seniority"]["level"] == "executive"


def test_vice_president_spelled_out_matches_like_vp():
    assert codes(lookup("Vice President of Sales"), 1) == codes(lookup("VP Sales"), 1)


def test_lead_prefix_is_a_level_not_part_of_the_occupation():
    result = lookup("Lead UX Designer")
    assert "15-1255" in codes(result)
    assert result["seniority"]["level"] == "lead"


def test_staff_engineer_reads_as_software_first():
    assert codes(lookup("Staff Engineer"), 1) == ["15-1252"]


def test_pm_shows_both_readings():
    result = lookup("PM")
    readings = {m["interpreted_as"] for m in result["matches"][:3]}
    assert {"product manager", "project manager"} <= readings
    assert any("more than one job" in note for note in result["notes"])


def test_exact_alternate_title_is_shown_as_matched():
    match = lookup("Financial Analyst")["matches"][0]
    assert match["code"] == "13-2051"
    assert match["matched"] == "Financial Analyst"


def test_unknown_words_are_reported_not_fatal():
    result = lookup("Senior Zorblaxian Engineer")
    assert "zorblaxian" in result["ignored_words"]
    assert result["matches"]


def test_limit_caps_the_number_of_matches():
    assert len(lookup("Teacher", limit=2)["matches"]) == 2


# --- lookup: the figures ----------------------------------------------------------------------

def test_percentiles_are_annual_numbers():
    match = lookup("Software Developer")["matches"][0]
    assert match["percentiles"]["p50"] == 135980  # May 2025, the shared README's check figure
    assert set(match["percentiles"]) == {"p10", "p25", "p50", "p75", "p90"}
    assert isinstance(match["employment"], int) and match["employment"] > 1_000_000


def test_top_coded_values_are_listed_honestly():
    # May 2025 publishes national figures above $239,200; BLS's "#" remains in states and metros.
    area = lookup("Oral and maxillofacial surgeon", location="Alabama")["matches"][0]["area"]
    assert area["used"]["name"] == "Alabama"
    assert area["percentiles"]["p90"] == 239200 and area["percentiles"]["p50"] == 239200
    assert set(area["top_coded"]) == {"p10", "p25", "p50", "p75", "p90"}


def test_hourly_only_occupation_has_no_annual_figures_but_says_why():
    match = lookup("Actor")["matches"][0]
    assert match["code"] == "27-2011"
    assert all(v is None for v in match["percentiles"].values())
    assert match["hourly"]["p50"] > 0
    assert match["hourly_only"] is True
    assert "hourly" in match["note"]


def test_uk_match_is_best_effort_with_suppressed_values_null():
    uk = lookup("Software Engineer")["matches"][0]["uk"]
    assert uk["soc2020"] == "2134"
    assert uk["currency"] == "GBP"
    assert uk["median"] == 49430
    assert uk["p90"] is None          # suppressed ("x") in ASHE
    assert "best-effort" in uk["note"]


def test_uk_can_be_switched_off():
    assert all(m["uk"] is None for m in lookup("Nurse", uk=False)["matches"])


def test_source_lines_come_with_every_lookup():
    result = lookup("Chef")
    assert any("Bureau of Labor Statistics" in s for s in result["source"])
    assert any("CC BY 4.0" in s for s in result["source"])
    assert any("Open Government Licence" in s for s in result["source"])


# --- lookup: bad and empty input --------------------------------------------------------------

def test_empty_title_gives_a_note_not_an_error():
    result = lookup("   ")
    assert result["matches"] == [] and result["notes"]


def test_missing_title_is_bad_params():
    reply = call("salary.lookup")
    assert reply["error"]["code"] == "bad_params" and "title" in reply["error"]["message"]


def test_huge_title_is_refused_clearly():
    reply = call("salary.lookup", title="engineer " * 1000)
    assert reply["error"]["code"] == "bad_params"
    assert "too long" in reply["error"]["message"]


def test_every_naughty_string_is_ok_or_bad_params_for_lookup(blns, reraise):
    for s in blns:
        reply = call("salary.lookup", title=s)
        assert reply["ok"] or reply["error"]["code"] == "bad_params", (s, reply)


# --- speed and laziness -----------------------------------------------------------------------

def test_lookups_after_the_first_read_no_file(monkeypatch):
    import builtins
    import io

    lookup("warm up")
    index = salary.get_index()
    opened = []
    for module in (builtins, io):
        real = module.open
        monkeypatch.setattr(module, "open", lambda *a, _real=real, **k: opened.append(a[0]) or _real(*a, **k))
    titles = ["Sr. backend dev", "RN", "Lead UX Designer", "Software Engineer II", "VP Sales", "Teacher",
              "Project Manager", "Head of Talent", "Customer Service Rep", "Electrician"]
    for title in titles:
        assert lookup(title)["matches"], title
    assert opened == []  # the data is read and indexed once (bench/cpython_speed.py prints lookup times)
    assert salary.get_index() is index


def test_importing_the_api_loads_no_salary_data():
    code = ("import sys, roundtwo.api; assert 'roundtwo.salary' not in sys.modules;"
            "import roundtwo.salary as s; assert s._INDEX is None; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


# --- the shipped data -------------------------------------------------------------------------

def test_shipped_salary_data_is_small():
    # In the app: titles, national and state figures (May 2025). Metros stay out of the first visit.
    total = sum(p.stat().st_size for p in salary.DATA_DIR.iterdir() if p.is_file())
    assert total < 1_250_000
    metros = sorted((salary.DATA_DIR / "metros").iterdir())
    assert len(metros) >= 50 and max(p.stat().st_size for p in metros) < 250_000


def test_shipped_titles_were_normalised_with_the_current_terms():
    with gzip.open(salary.DATA_FILE, "rt", encoding="utf-8") as handle:
        document = json.load(handle)
    assert document["terms_hash"] == salary.terms_hash(), "run python tools/make_salary_data.py"


@pytest.mark.skipif(not (SHARED_DATA / "onet_alternate_titles.tsv").exists(), reason="shared data not present")
def test_data_builder_is_deterministic_and_up_to_date():
    sys.path.insert(0, str(ROOT / "tools"))
    import make_salary_data

    first = make_salary_data.build(SHARED_DATA)
    assert first == make_salary_data.build(SHARED_DATA)
    assert first["salary.json.gz"] == salary.DATA_FILE.read_bytes(), "run python tools/make_salary_data.py"
    for name, data in first.items():
        assert (salary.DATA_DIR / name).read_bytes() == data, name
    assert make_salary_data.main(["--check", "--source", str(SHARED_DATA)]) == 0


def test_own_title_list_meets_the_bar():
    sys.path.insert(0, str(ROOT / "bench"))
    import salary_eval

    cases = salary_eval.read_cases(ROOT / "bench" / "salary_titles.tsv")
    assert len(cases) >= 60
    hits = sum(any(salary_eval.is_right(c, expected) for c in codes(lookup(typed)))
               for typed, expected, _ in cases)
    assert hits / len(cases) >= 0.85


# --- sources ----------------------------------------------------------------------------------

def test_sources_carry_the_three_attributions():
    result = call("salary.sources")["result"]
    ids = [s["id"] for s in result["sources"]]
    assert ids == ["bls", "onet", "ons"]
    onet = result["sources"][1]["text"]
    assert onet.startswith("This product includes information from O*NET")
    assert "O*NET® is a trademark of USDOL/ETA." in onet


# --- plan -------------------------------------------------------------------------------------

PCT = {"p10": 80000, "p25": 100000, "p50": 130000, "p75": 170000, "p90": 210000}


def plan(**params):
    reply = call("salary.plan", **params)
    assert reply["ok"], reply
    return reply["result"]


def test_mid_level_targets_median_to_75th():
    result = plan(percentiles=PCT)
    assert result["target"]["low"] == 130000 and result["target"]["high"] == 170000


def test_senior_level_targets_75th_to_90th():
    result = plan(percentiles=PCT, seniority="senior")
    assert (result["target"]["low"], result["target"]["high"]) == (170000, 210000)


def test_seniority_object_from_lookup_is_accepted():
    seniority = lookup("Jr. Accountant")["seniority"]
    result = plan(percentiles=PCT, seniority=seniority)
    assert result["level"] == "junior" and result["target"]["low"] == 100000


def test_years_in_experience_set_the_level_when_none_is_given():
    result = plan(percentiles=PCT, experience="eight years building payment systems")
    assert result["level"] == "senior" and result["level_from"] == "experience"


def test_anchor_line_weaves_in_the_experience():
    result = plan(percentiles=PCT, experience="payments and fraud")
    assert result["anchor_line"] == ("Based on my research and my experience in payments and fraud, "
                                     "I am targeting $130,000 to $170,000.")


def test_braces_in_experience_are_kept_literally():
    result = plan(percentiles=PCT, experience="{low} and {0} things")
    assert "{low} and {0} things" in result["anchor_line"]


def test_floor_above_target_warns_and_moves_the_range():
    result = plan(percentiles=PCT, floor=250000)
    assert result["target"]["low"] == 250000
    assert any(w["code"] == "floor_above_target" for w in result["warnings"])


def test_floor_inside_range_raises_the_bottom():
    result = plan(percentiles=PCT, floor="$150k")
    assert result["target"]["low"] == 150000 and result["floor"] == 150000
    assert any(w["code"] == "floor_inside_target" for w in result["warnings"])


def test_round_one_number_below_the_new_range_is_flagged():
    result = plan(percentiles=PCT, ledger_numbers=["$110,000"])
    warning = next(w for w in result["warnings"] if w["code"] == "said_below_range")
    assert "$110,000" in warning["message"]


def test_round_one_number_above_the_range_is_flagged():
    result = plan(percentiles=PCT, ledger_numbers=[200000])
    assert any(w["code"] == "said_above_range" for w in result["warnings"])


def test_top_coded_top_of_range_is_warned():
    result = plan(percentiles={"p75": 200000, "p90": 239200}, top_coded=["p90"], seniority="senior")
    assert any(w["code"] == "top_coded" for w in result["warnings"])


def test_practice_covers_the_usual_interviewer_replies():
    result = plan(percentiles=PCT, floor=140000)
    said = [turn["interviewer"] for turn in result["practice"]]
    assert "That's above our band." in said
    assert "What are you making now?" in said
    assert "Can you give me a single number?" in said
    assert all(turn["response"] and "{" not in turn["response"] for turn in result["practice"])


def test_not_ready_line_is_offered():
    assert "range" in plan(percentiles=PCT)["not_ready_line"]


def test_currency_changes_the_symbol():
    assert plan(percentiles=PCT, currency="GBP")["target"]["low_text"] == "£130,000"


def test_missing_percentiles_is_bad_params():
    reply = call("salary.plan")
    assert reply["error"]["code"] == "bad_params" and "percentiles" in reply["error"]["message"]


def test_unreadable_floor_is_bad_params():
    reply = call("salary.plan", percentiles=PCT, floor="a lot")
    assert reply["error"]["code"] == "bad_params" and "floor" in reply["error"]["message"]


def test_too_many_round_one_numbers_is_bad_params():
    reply = call("salary.plan", percentiles=PCT, ledger_numbers=[1000] * 51)
    assert reply["error"]["code"] == "bad_params"


def test_every_naughty_string_in_every_plan_field(blns, reraise):
    for s in blns:
        for params in ({"experience": s}, {"currency": s}, {"floor": s}, {"seniority": s},
                       {"ledger_numbers": [s]}, {"percentiles": {"p50": s}}):
            reply = call("salary.plan", **{"percentiles": PCT, **params})
            assert reply["ok"] or reply["error"]["code"] == "bad_params", (params, reply)


# --- said: money numbers from round one -------------------------------------------------------

SAID_INTERVIEW = {
    "rounds": [{"name": "Round one", "questions": [
        {"question": "What are your salary expectations?", "answer": "Around 150k. We have 12 engineers."},
        {"question": "Tell me about a win", "answer": "We cut costs by $2M. My current pay is $120,000."},
    ]}],
    "ledger": {"facts": [
        {"kind": "money", "value": 130000, "text": "$130k", "about": "salary", "locked": True},
        {"kind": "money", "value": 5000000, "text": "$5M", "about": "revenue"},
    ]},
}


def said(**params):
    reply = call("salary.said", **params)
    assert reply["ok"], reply
    return reply["result"]


def test_said_finds_pay_numbers_and_leaves_out_other_money():
    result = said(interview=SAID_INTERVIEW)
    assert result["values"] == [130000, 150000, 120000]
    assert {n["source"] for n in result["numbers"]} == {"ledger", "debrief"}


def test_said_reads_a_bare_number_as_money_only_when_asked_about_pay():
    result = said(interview={"rounds": [{"questions": [{"question": "How big was the team?", "answer": "About 150k users."}]}]})
    assert result["values"] == []


def test_said_in_another_currency_is_listed_but_not_compared():
    result = said(interview={"rounds": [{"questions": [{"question": "Salary?", "answer": "I am on £60,000."}]}]})
    assert result["values"] == [] and result["numbers"][0]["comparable"] is False


def test_said_numbers_feed_the_plan_warning():
    values = said(interview=SAID_INTERVIEW)["values"]
    reply = call("salary.plan", percentiles={"p25": 160000, "p50": 170000, "p75": 190000}, ledger_numbers=values)
    assert "said_below_range" in {w["code"] for w in reply["result"]["warnings"]}


def test_said_tolerates_a_damaged_interview(blns, reraise):
    for s in blns[:200]:
        reply = call("salary.said", interview={"rounds": [s, {"questions": [s, {"question": s, "answer": s}]}],
                                                "ledger": {"facts": [s, {"kind": "money", "value": s, "about": s}]}})
        assert reply["ok"], (s, reply)
    assert call("salary.said", interview="x")["error"]["code"] == "bad_params"
