"""Where the job is: typed places, area figures with their fallback (metro -> state -> nation), top codes,
areas that publish nothing, remote and UK, the metro files, and an offer against the range."""

from __future__ import annotations

import pytest

from roundtwo import api, places, salary
from tests.unit.dispatch import call, ok


def suggest(text, limit=5):
    return ok("salary.places", query=text, limit=limit)["suggestions"]


def first(title, **params):
    """The first match of a lookup whose top match is the occupation the test is about."""
    return ok("salary.lookup", title=title, limit=1, **params)["matches"][0]


@pytest.fixture
def reraise(monkeypatch):
    monkeypatch.setattr(api, "RERAISE", True)


# --- typed places -------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, expected", [
    ("Austin", "Austin-Round Rock-San Marcos, TX"),
    ("austin, tx", "Austin-Round Rock-San Marcos, TX"),
    ("Bay Area", "San Francisco-Oakland-Fremont, CA"),
    ("the bay area", "San Francisco-Oakland-Fremont, CA"),
    ("Silicon Valley", "San Jose-Sunnyvale-Santa Clara, CA"),
    ("NYC", "New York-Newark-Jersey City, NY-NJ"),
    ("D.C.", "Washington-Arlington-Alexandria, DC-VA-MD-WV"),
    ("Greater Boston", "Boston-Cambridge-Newton, MA-NH"),
    ("Kansas City", "Kansas City, MO-KS"),
    ("Portland, ME", "Portland-South Portland, ME"),
    ("TX", "Texas"),
    ("california", "California"),
    ("aus", "Austin-Round Rock-San Marcos, TX"),
])
def test_typed_places_lead_to_the_area_people_mean(typed, expected):
    assert suggest(typed)[0]["label"] == expected


def test_bay_area_offers_both_its_metros_first():
    assert [s["label"] for s in suggest("Bay Area", 2)] == ["San Francisco-Oakland-Fremont, CA",
                                                              "San Jose-Sunnyvale-Santa Clara, CA"]


@pytest.mark.parametrize("typed", ["remote", "Remote US", "WFH", "anywhere"])
def test_remote_leads_to_national_figures(typed):
    top = suggest(typed)[0]
    assert top["kind"] == "remote" and top["location"] == {"kind": "remote"}


@pytest.mark.parametrize("typed", ["UK", "London", "United Kingdom"])
def test_uk_places_lead_to_the_uk_market(typed):
    assert suggest(typed)[0]["kind"] == "uk"


def test_a_city_that_is_no_metro_name_falls_to_its_state_with_a_note():
    top = suggest("Plano, TX")[0]
    assert top["label"] == "Texas" and "not a metro name" in top["note"]


def test_a_metro_is_offered_with_its_main_state_to_fall_back_to():
    top = suggest("NYC")[0]
    assert top["location"] == {"kind": "metro", "area": "0035620", "state": "3600000"}


def test_a_state_typed_whole_lists_its_metros_after_it():
    labels = [s["label"] for s in suggest("Texas", 4)]
    assert labels[0] == "Texas" and "Austin-Round Rock-San Marcos, TX" in labels


def test_an_ambiguous_name_offers_every_reading():
    labels = [s["label"] for s in suggest("Portland")]
    assert {"Portland-Vancouver-Hillsboro, OR-WA", "Portland-South Portland, ME"} <= set(labels)


def test_unknown_empty_and_huge_places():
    assert suggest("Atlantis") == []
    assert ok("salary.places", query="Atlantis")["notes"]
    assert ok("salary.places", query="   ")["notes"] and suggest("   ") == []
    reply = call("salary.places", query="x" * 10_000)
    assert reply["error"]["code"] == "bad_params" and "too long" in reply["error"]["message"]
    reply = call("salary.lookup", title="Nurse", location="Atlantis")
    assert reply["error"]["code"] == "bad_params" and "Atlantis" in reply["error"]["message"]


def test_every_naughty_string_as_a_place(blns, reraise):
    for s in blns:
        for reply in (call("salary.places", query=s), call("salary.lookup", title="Nurse", location=s)):
            assert reply["ok"] or reply["error"]["code"] == "bad_params", (s, reply)


def test_bad_location_objects_are_bad_params():
    for location in ({"kind": "metro", "area": "9999999"}, {"kind": "moon"}, 42, ["TX"],
                     {"kind": "metro", "area": "0012420", "state": "Narnia"},
                     {"kind": "remote", "employer": "UK"}):
        reply = call("salary.lookup", title="Nurse", location=location)
        assert reply["error"]["code"] == "bad_params", (location, reply)


# --- area figures ---------------------------------------------------------------------------------

def test_metro_figures_come_beside_the_national_ones():
    match = first("Software Developer", location="San Francisco")
    assert match["percentiles"]["p50"] == 135980          # national, as before
    area = match["area"]
    assert area["used"]["name"] == "San Francisco-Oakland-Fremont, CA" and not area["fell_back"]
    assert area["percentiles"]["p50"] == 186640           # the shared README's check figure
    assert area["employment"] > 10_000
    assert area["median_vs_national"] > 1.3
    assert area["release"] == "May 2025"


def test_state_figures_for_a_state():
    area = first("Software Developer", location="California")["area"]
    assert area["used"]["name"] == "California" and area["percentiles"]["p50"] == 174410


def test_registered_nurses_differ_by_state():
    assert first("Registered nurse", location="Alabama")["area"]["percentiles"]["p50"] == 77080
    assert first("Registered nurse", location="CA")["area"]["percentiles"]["p50"] == 140270


def test_a_metro_without_the_occupation_falls_back_to_its_state_and_says_so():
    area = first("Anesthesiologist", location="Austin")["area"]
    assert area["requested"]["name"] == "Austin-Round Rock-San Marcos, TX"
    assert area["used"]["name"] == "Texas" and area["fell_back"] is True
    assert [s["reason"] for s in area["skipped"]] == ["not_listed"]
    assert "Austin area" in area["notes"][0] and "Showing Texas instead." in area["notes"]


def test_a_metro_with_unreleased_wages_falls_back_to_its_state():
    # Abilene, TX lists web developers but releases none of their wages ("*").
    area = first("Web developer", location="Abilene")["area"]
    assert area["skipped"][0]["reason"] == "not_released"
    assert area["used"]["name"] == "Texas"


def test_metro_and_state_without_figures_fall_back_to_the_nation():
    match = first("Anesthesiologist", location="Cheyenne")
    area = match["area"]
    assert [s["name"] for s in area["skipped"]] == ["Cheyenne, WY", "Wyoming"]
    assert area["used"]["kind"] == "nation"
    assert area["percentiles"] == match["percentiles"]
    assert area["notes"][-1] == "Showing United States instead."


def test_the_state_named_with_a_metro_is_the_fallback():
    # The New York metro, from the New Jersey side: New Jersey is where it falls back to.
    location = {"kind": "metro", "area": "0035620", "state": "NJ"}
    assert ok("salary.lookup", title="Nurse", location=location)["location"]["state"]["name"] == "New Jersey"
    resolved = salary.get_index().places.resolve(location)
    assert [a.name for a in salary._area_chain(resolved)] == ["New York-Newark-Jersey City, NY-NJ", "New Jersey"]


def test_top_codes_in_an_area_stay_at_least_the_top_code():
    area = first("Oral and maxillofacial surgeon", location="Alabama")["area"]
    assert area["percentiles"] == {k: 239200 for k in ("p10", "p25", "p50", "p75", "p90")}
    assert area["top_coded"] == ["p10", "p25", "p50", "p75", "p90"]
    assert area["median_vs_national"] is None   # a lower bound is no ratio
    result = ok("salary.plan", percentiles=area["percentiles"], top_coded=area["top_coded"], seniority="senior",
                place="Alabama", occupation="Oral and Maxillofacial Surgeons")
    assert "at least $239,200" in result["basis"]["line"]
    assert any(w["code"] == "top_coded" and "at least $239,200" in w["message"] for w in result["warnings"])


def test_hourly_only_work_in_an_area_gives_the_hourly_median():
    area = first("Actor", location="Los Angeles")["area"]
    assert all(v is None for v in area["percentiles"].values())
    assert area["used"]["kind"] == "metro" and area["hourly"]["p50"] > 0


def test_decode_row_reads_steps_tops_and_gaps():
    index, row = places.decode_row([7, 120, 5000, 1000, "#", None, "#"])
    assert index == 7 and row["employment"] == 120
    assert row["annual"] == [50000, 60000, "#", None, "#"]
    assert places.decode_row([1, None, None, None, None, None, None, 29.05])[1]["hourly_median"] == 29.05


# --- remote and UK --------------------------------------------------------------------------------

def test_remote_shows_national_and_the_employers_area_and_says_which_they_use():
    result = ok("salary.lookup", title="Software Developer", limit=1, location="remote", employer="Bay Area")
    assert result["location"]["kind"] == "remote"
    assert "employer's area" in result["location"]["note"]
    match = result["matches"][0]
    assert match["area"]["used"]["kind"] == "nation" and match["area"]["requested"]["kind"] == "remote"
    assert match["employer_area"]["used"]["name"] == "San Francisco-Oakland-Fremont, CA"


def test_remote_without_an_employer_asks_for_one():
    result = ok("salary.lookup", title="Nurse", limit=1, location="remote")
    assert result["matches"][0]["employer_area"] is None
    assert "Add where the employer is based" in result["location"]["note"]


def test_uk_location_asks_for_the_uk_market():
    result = ok("salary.lookup", title="Software engineer", limit=1, location="London", uk=False)
    assert result["location"]["market"] == "uk" and "whole of the UK" in result["location"]["note"]
    assert result["matches"][0]["uk"]["currency"] == "GBP"   # even with uk=false: it is the market asked for
    assert result["matches"][0]["area"] is None


def test_no_location_keeps_the_national_answer():
    result = ok("salary.lookup", title="Nurse", limit=1)
    assert result["location"]["kind"] == "national" and result["matches"][0]["area"] is None


# --- metro files ----------------------------------------------------------------------------------

def test_without_the_metro_file_the_browser_is_asked_to_load_it(monkeypatch, tmp_path):
    """What the app's archive (no metros inside) does: Python asks for the state's file by name, then reads
    it from where the worker wrote it."""
    index = salary.get_index()
    monkeypatch.setattr(index.places, "_metro_rows", {})
    monkeypatch.setattr(places, "METRO_DIRS", [tmp_path / "nowhere"])
    reply = call("salary.lookup", title="Software Developer", location="Austin")
    assert reply["error"]["code"] == "needs_resource" and reply["error"]["resource"] == "salary-metros:TX"
    written = tmp_path / "fs"
    written.mkdir()
    (written / "TX.json.gz").write_bytes((places.DATA_DIR / "metros" / "TX.json.gz").read_bytes())
    monkeypatch.setattr(places, "METRO_DIRS", [tmp_path / "nowhere", written])
    area = ok("salary.lookup", title="Software Developer", location="Austin", limit=1)["matches"][0]["area"]
    assert area["used"]["name"] == "Austin-Round Rock-San Marcos, TX"


def test_a_metro_file_served_already_decompressed_is_read(monkeypatch, tmp_path):
    import gzip

    index = salary.get_index()
    monkeypatch.setattr(index.places, "_metro_rows", {})
    (tmp_path / "TX.json.gz").write_bytes(gzip.decompress((places.DATA_DIR / "metros" / "TX.json.gz").read_bytes()))
    monkeypatch.setattr(places, "METRO_DIRS", [tmp_path])
    area = ok("salary.lookup", title="Nurse", location="Austin", limit=1)["matches"][0]["area"]
    assert area["used"]["kind"] == "metro"


def test_every_metro_has_a_file_and_a_state():
    index = salary.get_index()
    metros = [a for a in index.places.areas.values() if a.kind == "metro"]
    assert len(metros) == 528
    files = {p.name.split(".")[0] for p in (places.DATA_DIR / "metros").iterdir()}
    assert {a.metro_file for a in metros} == files
    assert all(a.metro_file in a.states for a in metros)
    assert len([a for a in index.places.areas.values() if a.kind == "state"]) == 54


# --- the plan names the area, and an offer --------------------------------------------------------

PCT = {"p10": 96110, "p25": 104000, "p50": 134120, "p75": 168730, "p90": 209890}


def test_plan_lines_name_the_area_and_the_research():
    result = ok("salary.plan", percentiles=PCT, seniority="senior", place="the Austin area",
                occupation="Software Developers", ledger_numbers=[95000])
    assert result["basis"]["line"] == ("For senior software developers in the Austin area, the 75th to 90th "
                                       "percentile is $168,730 to $209,890 (BLS, May 2025).")
    assert result["anchor_line"] == "Based on my research for this role in the Austin area, I am targeting $170,000 to $210,000."
    assert result["not_ready_line"].endswith("for this position in the Austin area?")
    warning = next(w for w in result["warnings"] if w["code"] == "said_below_range")
    assert "the new target for the Austin area" in warning["message"]


def test_a_percentile_the_source_did_not_publish_is_said_to_be_missing():
    # ONS suppresses many upper percentiles: the line says so rather than quoting the 75th twice.
    result = ok("salary.plan", percentiles={"p25": 36296, "p50": 49430, "p75": 64200}, seniority="senior",
                currency="GBP", place="the UK", occupation="Software Developers", source="ONS ASHE 2023, provisional")
    assert result["basis"]["line"] == ("For senior software developers in the UK, the 75th percentile is £64,200 "
                                       "(ONS ASHE 2023, provisional); the 90th percentile is not published.")


def test_plan_without_a_place_reads_as_before():
    result = ok("salary.plan", percentiles=PCT)
    assert result["anchor_line"] == "Based on my research for this role, I am targeting $134,000 to $170,000."
    assert result["place"] is None and result["offer"] is None


@pytest.mark.parametrize("base, position", [(120000, "below_floor"), (150000, "below_range"),
                                            (190000, "in_range"), (230000, "above_range")])
def test_an_offer_is_placed_against_the_range_with_a_counter_line(base, position):
    result = ok("salary.plan", percentiles=PCT, seniority="senior", place="the Austin area", floor=140000,
                offer={"base": base, "bonus": "10k", "equity": 20000, "sign_on": "$5,000"})
    offer = result["offer"]
    assert offer["position"] == position
    assert offer["yearly"] == base + 30000 and offer["first_year"] == base + 35000
    assert offer["counter_line"] and "{" not in offer["counter_line"]
    if position == "above_range":
        assert offer["counter"] is None and "sign-on" in offer["counter_line"]
    else:
        assert offer["counter"] == result["target"]["high"] and "$210,000" in offer["counter_line"]


def test_an_offer_without_a_base_asks_for_it():
    offer = ok("salary.plan", percentiles=PCT, offer={"bonus": 5000})["offer"]
    assert offer["position"] is None and "base" in offer["message"]


def test_an_unreadable_offer_is_bad_params():
    for offer in ({"base": "lots"}, {"base": -5}, {"base": 10**12}, "150k", [150000]):
        reply = call("salary.plan", percentiles=PCT, offer=offer)
        assert reply["error"]["code"] == "bad_params", (offer, reply)
    assert "offer.base" in call("salary.plan", percentiles=PCT, offer={"base": "lots"})["error"]["message"]


def test_every_naughty_string_in_the_offer_and_place(blns, reraise):
    for s in blns:
        for params in ({"place": s}, {"occupation": s}, {"offer": {"base": s}}, {"offer": {"sign_on": s, "base": 1}}):
            reply = call("salary.plan", **{"percentiles": PCT, **params})
            assert reply["ok"] or reply["error"]["code"] == "bad_params", (params, reply)
