"""Fact extraction: one behaviour per test, then robustness (empty, hostile and huge input)."""

from __future__ import annotations

import json
import random

import pytest

from roundtwo import api
from roundtwo.facts import KINDS, extract
from tests.work import assert_linear, repeat

WEEK = 12 / 52


def facts_of(text, kind=None):
    return [f for f in extract(text) if kind is None or f["kind"] == kind]


def one(text, kind):
    found = facts_of(text, kind)
    assert len(found) == 1, found
    return found[0]


def approx(a, b):
    return a == pytest.approx(b, rel=1e-6)


# --- numbers said many ways -------------------------------------------------------------------
@pytest.mark.parametrize("text, value", [
    ("I managed five engineers.", 5),
    ("I managed 5 engineers.", 5),
    ("I had forty-five people reporting to me.", 45),
    ("I had forty five people reporting to me.", 45),
    ("We served ninety customers.", 90),
    ("There were a dozen people in my team.", 12),
    ("We had 1,200 customers.", 1200),
    ("We had one hundred and twenty customers.", 120),
    ("We signed twelve hundred users.", 1200),
    ("We had two thousand users.", 2000),
    ("We had 2 million users.", 2_000_000),
    ("We had a couple of designers on my team.", 2),
])
def test_count_values(text, value):
    counts = facts_of(text, "count")
    assert counts and counts[0]["value"] == value, counts


@pytest.mark.parametrize("text, value, currency", [
    ("The budget was $1.2M.", 1_200_000, "USD"),
    ("The budget was $450k.", 450_000, "USD"),
    ("Our spend was capped by a 3 million dollar budget.", 3_000_000, "USD"),
    ("Funding came to one and a half million dollars, roughly.", 1_500_000, "USD"),
    ("The budget was $300,000.", 300_000, "USD"),
    ("The budget was \u00a3200,000.", 200_000, "GBP"),
    ("The budget was \u20ac2m.", 2_000_000, "EUR"),
    ("The budget was 2.5 million euros.", 2_500_000, "EUR"),
    ("The budget was USD 500k.", 500_000, "USD"),
    ("The savings came to a quarter of a million dollars.", 250_000, "USD"),
    ("We ran it on a half-million budget.", 500_000, None),
])
def test_money_values(text, value, currency):
    fact = one(text, "money")
    assert fact["value"] == value
    assert fact["currency"] == currency


@pytest.mark.parametrize("text, value", [
    ("Last year I invoiced six hundred and twenty thousand.", 620_000),
    ("We came in two point four million under budget.", 2_400_000),
    ("I billed 450k in my best year.", 450_000),
    ("Turnover hit three million by the end.", 3_000_000),
    ("I saved them about seventy thousand on freight.", 70_000),
])
def test_a_scaled_amount_in_a_sentence_about_money_is_money_without_a_currency(text, value):
    fact = one(text, "money")
    assert fact["value"] == value and fact["currency"] is None


@pytest.mark.parametrize("text", [
    "We had 40k visitors in the first year under budget.",
    "Twelve thousand passengers a day came through, on a tight budget.",
    "I billed for two thousand hours.",
])
def test_a_scaled_number_with_a_noun_of_its_own_stays_a_count(text):
    assert not facts_of(text, "money")


@pytest.mark.parametrize("text, months", [
    ("Fitting out the ward took six months.", 6),
    ("It took half a year.", 6),
    ("It took about a year.", 12),
    ("The refit went on for 18 months.", 18),
    ("It was a two-year project.", 24),
    ("It ran over two quarters.", 6),
    ("The redesign took 10 weeks.", 10 * WEEK),
    ("The cycle was 90 days long.", 3),
    ("It was a year-and-a-half contract.", 18),
    ("I was there for two and a half years.", 30),
    ("The outage lasted six hours.", 6 / 720),
    ("Page load took 800ms.", 800 / 2_592_000_000),
])
def test_durations_in_months(text, months):
    assert approx(one(text, "duration")["value"], months)


def test_percent_in_words_and_signs():
    assert one("Member renewals improved by thirty percent.", "percent")["value"] == 30
    assert one("Renewals climbed 30%.", "percent")["value"] == 30
    assert one("Accuracy rose 15 percentage points.", "percent")["unit"] == "points"


def test_year_is_the_year_and_says_what_happened():
    fact = one("I joined in 2017 as the third data scientist.", "year")
    assert (fact["value"], fact["about"]) == (2017, "start_year")


def test_a_plain_year_is_not_a_count():
    assert [f["kind"] for f in facts_of("We opened 4 new warehouses in 2021.")] == ["count", "year"]


def test_ages_and_times_ago_are_not_durations():
    assert facts_of("I was 25 years old.", "duration") == []
    assert facts_of("I joined two years ago.", "duration") == []


def test_identifiers_are_not_quantities():
    assert facts_of("We moved to v2 of the API on Windows 10 with 3D maps at 9am.", "count") == [] or \
        all(f["about"] == "" for f in facts_of("We moved to v2 of the API at 9am.", "count"))


# --- what a fact is about ----------------------------------------------------------------------
@pytest.mark.parametrize("text, about", [
    ("I ran a squad of five engineers.", "team"),
    ("For the logistics group I had nine analysts reporting to me.", "team"),
    ("The cross-functional pod I ran was a dozen people.", "team"),
    ("I had 3 direct reports.", "reports"),
    ("The wider org around us had 20 people.", "org"),
    ("In my first year I hired 9 designers.", "hires"),
    ("I expanded the group by hiring six analysts.", "hires"),
    ("I looked after about 75 key accounts.", "accounts"),
    ("The outage affected 2,000 customers.", "customers"),
    ("That spring we put out five releases.", "releases"),
    ("Twelve servers handled the load.", "server"),
    ("NPS climbed from 18 to 37.", "nps"),
    ("I ran 5 workshops for 40 people.", "people"),
    ("We deployed to production 20 times a week.", "deploy"),
])
def test_count_about(text, about):
    assert facts_of(text, "count")[-1]["about"] == about


@pytest.mark.parametrize("text, kind, about", [
    ("The migration budget was $2M.", "money", "budget"),
    ("We saved the clinic roughly $80k a year on licences.", "money", "savings"),
    ("When I left, ARR was around $6M.", "money", "revenue"),
    ("I closed $3.2M in new business.", "money", "sales"),
    ("I lifted demo-to-close conversion by 18 percent.", "percent", "conversion"),
    ("Monthly churn dropped to 5%.", "percent", "churn"),
    ("I've worked at Northwind for six years.", "duration", "tenure"),
    ("In my five years at Northwind I rose to lead.", "duration", "tenure"),
    ("I have nine years of logistics experience.", "duration", "experience"),
    ("The outage lasted six hours.", "duration", "outage"),
    ("Our pilot lasted 3 months.", "duration", "pilot"),
    ("Our sales cycle shrank to 60 days.", "duration", "sales_cycle"),
    ("It took 2 months to hire the first engineer.", "duration", "hire"),
    ("I was promoted to team lead in 2020.", "year", "promotion_year"),
])
def test_measure_about(text, kind, about):
    assert one(text, kind)["about"] == about


def test_a_group_counted_is_not_a_team_size():
    size, teams = facts_of("I had 12 people across two teams.", "count")
    assert (size["about"], teams["about"], teams["value"]) == ("team", "teams", 2)


def test_a_hyphenated_size_describes_the_group_after_it():
    assert facts_of("I led a team of 8 within a 40-person department.", "count")[-1]["about"] == "org"


# --- ranges, changes, hedges ---------------------------------------------------------------------
def test_range_keeps_low_and_high():
    fact = one("The crew was 7-8 people.", "count")
    assert (fact["low"], fact["high"], fact["about"]) == (7, 8, "team")


def test_between_and_or_are_ranges():
    assert one("I managed between 10 and 12 engineers.", "count")["high"] == 12
    assert one("We had five or six people.", "count")["low"] == 5


def test_change_marks_start_and_end():
    start, end = facts_of("Defect rate fell from 9% to 4% per release.", "percent")
    assert (start["mode"], start["value"], end["mode"], end["value"]) == ("start", 9, "end", 4)


def test_change_end_inherits_the_unit_of_the_start():
    start, end = facts_of("We brought onboarding time from sixty days down to thirty.", "duration")
    assert approx(start["value"], 2) and approx(end["value"], 1)


def test_change_start_inherits_the_noun_of_the_end():
    start, end = facts_of("We took the support team from 3 to 11 agents.", "count")
    assert (start["about"], start["value"], end["value"]) == ("team", 3, 11)


def test_up_from_marks_the_earlier_number_as_the_end():
    end, start = facts_of("NPS ended at 52, up from 30.", "count")
    assert (end["mode"], start["mode"], start["about"]) == ("end", "start", "nps")


def test_by_a_percentage_is_a_delta():
    assert one("Infrastructure costs came down 20%.", "percent")["mode"] == "delta"
    assert one("We cut checkout latency by 40%.", "percent")["mode"] == "delta"
    assert one("Churn was 5%.", "percent")["mode"] == "level"


def test_hedges():
    assert one("I owned about 60 accounts.", "count")["approx"] is True
    assert one("We had more than 100 customers.", "count")["bound"] == "at_least"
    assert one("We finished in under a year.", "duration")["bound"] == "at_most"


def test_rates():
    assert one("I answered 70 helpdesk calls a day.", "count")["per_days"] == 1
    assert one("We saved $450k a year.", "money")["per_days"] == 365


def test_elliptical_number_keeps_its_subject():
    first, second = facts_of("I hired 5 engineers in 2020 and 8 in 2021.", "count")
    assert first["about"] == second["about"] == "hires"


# --- ordinals, titles, roles ---------------------------------------------------------------------
def test_ordinals_of_people():
    assert one("I was the seventh employee.", "ordinal")["value"] == 7
    fact = one("I came in as the second PM.", "ordinal")
    assert (fact["value"], fact["about"]) == (2, "product manager")


def test_ordinals_of_time_are_not_facts():
    assert facts_of("In my first year I shipped a lot; the second quarter was hard.", "ordinal") == []


@pytest.mark.parametrize("text, title", [
    ("Back then I was a senior engineer in billing.", "senior engineer"),
    ("I set the billing roadmap as the engineering manager.", "engineering manager"),
    ("I'm currently a staff engineer.", "staff engineer"),
    ("I worked as a data analyst.", "data analyst"),
    ("At the start I was the third PM.", "PM"),
    ("I was promoted to Director of Engineering.", "Director of Engineering"),
])
def test_titles(text, title):
    assert one(text, "title")["value"] == title


def test_title_change_has_start_and_end():
    start, end = facts_of("Over five years at Northwind I went from analyst to lead.", "title")
    assert (start["value"], start["mode"], end["value"], end["mode"]) == ("analyst", "start", "lead", "end")


def test_other_peoples_titles_are_not_the_persons():
    assert facts_of("I worked with the product manager and reported to the VP.", "title") == []
    assert facts_of("As the team grew we hired a product manager.", "title") == []


def test_roles():
    member = one("I was one of six testers on the rollout.", "role")
    lead = one("I led the rollout and the six testers on it.", "role")
    assert (member["value"], member["level"]) == ("one of six testers", "member")
    assert (lead["value"], lead["level"]) == ("led the rollout", "lead")
    assert one("I was an individual contributor.", "role")["level"] == "member"
    assert one("Led the rollout across 3 regions.", "role")["level"] == "lead"


def test_one_of_without_a_number_is_not_a_role():
    assert facts_of("I was one of the people who pushed for it.", "role") == []


def test_managed_to_is_not_a_lead_role():
    assert facts_of("I managed to ship it on time.", "role") == []


# --- the shape of a fact ---------------------------------------------------------------------------
def test_fact_shape_and_offsets():
    text = "Intro line.\nI ran a squad of five engineers. The budget was $2M, and it took 6 months!"
    found = extract(text)
    assert [f["id"] for f in found] == [f"f{n}" for n in range(1, len(found) + 1)]
    for fact in found:
        assert fact["kind"] in KINDS
        assert isinstance(fact["about"], str) and fact["label"]
        assert text[fact["start"]:fact["end"]] == fact["text"]
        assert fact["text"] in fact["sentence"]
    json.dumps(found)


def test_extract_through_dispatch():
    reply = api.dispatch({"method": "facts.extract", "params": {"text": "I had a team of 5."}})
    assert reply["ok"] and reply["result"]["facts"][0]["value"] == 5
    assert reply["result"]["truncated"] is False


@pytest.mark.parametrize("params", [{}, {"text": 5}, {"text": None}, {"text": ["a"]}])
def test_extract_bad_params(params):
    reply = api.dispatch({"method": "facts.extract", "params": params})
    assert not reply["ok"] and reply["error"]["code"] == "bad_params"
    assert reply["error"]["message"].endswith(".")


# --- hostile and huge input --------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["", " ", "\n\n\t", ".", "$", "%", "-", "from", "a", "one of", "$.", "1e400",
                                  "9" * 5000, "1,2,3,4", "from from to to", "half a", "a quarter of a",
                                  "and a half", "forty-", "-5", "\u00a3", "I was a", "as the"])
def test_tiny_and_odd_inputs(text):
    json.dumps(extract(text))


def test_every_naughty_string(blns):
    for text in blns:
        found = extract(text)
        for fact in found:
            assert text[fact["start"]:fact["end"]] == fact["text"]
    joined = "\n".join(blns)
    json.dumps(extract(joined))


def test_random_fuzz_never_raises():
    rng = random.Random(7)
    vocab = ("I we team of five 5 $ 2M million a year half and to from - % percent one first as the senior "
             "engineer led was promoted in 2019 , . ; ( ) people hired dozen weeks days 3.5 k up down by over "
             "between or about nearly \u20ac 1,200 twenty - one hundred").split()
    for _ in range(400):
        text = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 40)))
        for fact in extract(text):
            assert text[fact["start"]:fact["end"]] == fact["text"]


REALISTIC = ("I ran a squad of five engineers in the payments area, and we trimmed page load time by 35% "
             "across three sprints. The data-centre move had a $2M budget. I've worked at Northwind for six years, "
             "first as a clerk. Defect rate fell from 9% to 4% per release after we rebuilt onboarding with design. ")


def _realistic_megabyte() -> str:
    return repeat(REALISTIC)(1_000_000)


def test_a_megabyte_answer_gives_facts_that_point_at_their_words():
    text = _realistic_megabyte()
    reply = api.dispatch({"method": "facts.extract", "params": {"text": text}})
    assert reply["ok"] and reply["result"]["facts"]
    assert isinstance(reply["result"]["truncated"], bool)
    for fact in reply["result"]["facts"]:
        assert text[fact["start"]:fact["end"]] == fact["text"]


def test_extraction_work_grows_linearly_with_the_answer():
    assert_linear(extract, repeat(REALISTIC), 25_000)


PATHOLOGICAL = ["a ", "1 ", "$", ". ", "I was one of ", "forty-", "from 1 to 2 ", "\U0001f600 ", "x",
                "one and a half and a half ", "as the senior engineer "]


@pytest.mark.parametrize("unit", PATHOLOGICAL)
def test_pathological_megabytes_complete(unit):
    text = repeat(unit)(1_000_000)
    facts = extract(text)
    assert isinstance(facts, list)
    for fact in facts:
        assert text[fact["start"]:fact["end"]] == fact["text"]


@pytest.mark.parametrize("unit", PATHOLOGICAL)
def test_pathological_input_work_grows_linearly(unit):
    assert_linear(extract, repeat(unit), 25_000)


# --- measures, short year spans and slash rates ------------------------------------------------

@pytest.mark.parametrize("text, value, unit", [
    ("The trench went down 6 m in places.", 6, "m"),
    ("We laid about twelve kilometres of track.", 12_000, "m"),
    ("The crane lifts 40 t.", 40_000, "kg"),
    ("We shipped three and a half thousand kilos a week.", 3_500, "kg"),
    ("The vat holds 20 hectolitres.", 2_000, "l"),
    ("The estate is 300 hectares.", 3_000_000, "m2"),
])
def test_a_count_with_a_measure_is_kept_in_its_base_unit(text, value, unit):
    fact = one(text, "count")
    assert fact["unit"] == unit and approx(fact["value"], value)


def test_fifty_m_glued_to_its_number_is_still_fifty_million():
    assert one("The app passed 50m downloads.", "count")["value"] == 50_000_000
    assert one("We had 5 m users.", "count").get("unit") is None


@pytest.mark.parametrize("text, values", [
    ("The hull section was 3.5 x 1.2 m.", [3.5, 1.2]),
    ("The hall was roughly thirty metres by nearly twenty.", [30, 20]),
    ("It was 2 by 3 km.", [2_000, 3_000]),
])
def test_a_bare_number_beside_a_measure_shares_its_unit(text, values):
    found = facts_of(text, "count")
    assert [f["value"] for f in found] == values and {f["unit"] for f in found} == {"m"}


def test_a_counted_noun_beside_a_measure_keeps_its_own_meaning():
    crew, cable = facts_of("We had 6 riggers and 80 m of cable.", "count")
    assert crew.get("unit") is None and cable["unit"] == "m"


@pytest.mark.parametrize("text, years", [
    ("Deck officer, 2009–14.", [2009, 2014]),
    ("Seasons 2018-21 on the dig.", [2018, 2021]),
    ("Harbour pilot 1997–03.", [1997, 2003]),
])
def test_a_short_year_span_ends_in_a_year_not_a_count(text, years):
    assert [f["value"] for f in facts_of(text, "year")] == years and not facts_of(text, "count")


def test_a_slash_rate_after_a_participle_is_a_rate():
    fact = one("Roughly 30 calls answered/day.", "count")
    assert fact["value"] == 30 and fact["per_days"] == 1


@pytest.mark.parametrize("text, values, modes", [
    ("Attendance went from a fifth of members to about a third.", [20, 33.3], ["start", "end"]),
    ("Uptake rose from 15% to roughly half.", [15, 50], ["start", "end"]),
    ("Repeat custom climbed from a tenth of buyers to a quarter.", [10, 25], ["start", "end"]),
])
def test_a_fraction_at_the_end_of_a_change_in_percent_is_a_percent(text, values, modes):
    found = facts_of(text, "percent")
    assert [round(f["value"], 1) for f in found] == values and [f["mode"] for f in found] == modes


@pytest.mark.parametrize("text, value", [
    ("We trimmed fuel use by about a fifth.", 20),
    ("Waiting times came down by nearly a quarter.", 25),
])
def test_a_fraction_after_by_in_a_change_is_a_percent_not_a_quarter_year(text, value):
    fact = one(text, "percent")
    assert fact["value"] == value and not facts_of(text, "duration")


def test_over_a_quarter_of_a_million_is_one_amount():
    assert [f["value"] for f in facts_of("The grant was over a quarter of a million.")] == [250_000]


def test_the_end_of_a_change_in_percent_said_without_percent_is_still_a_percent():
    start, end = facts_of("Occupancy went from sixty-two percent to about seventy.", "percent")
    assert (start["value"], end["value"], end["mode"]) == (62, 70, "end")


def test_a_currency_code_followed_by_a_noun_is_a_word_of_that_noun():
    techs = facts_of("We had 2 CAD techs.")
    assert [(f["kind"], f["value"]) for f in techs] == [("count", 2)]
    assert one("The fee was 900 CAD.", "money")["currency"] == "CAD"
    assert one("It cost 450 EUR per month.", "money")["currency"] == "EUR"


def test_a_year_in_brackets_between_two_ends_keeps_the_change():
    start, end = facts_of("Fleet 14 (2018) -> 31 (2024).", "count")
    assert (start["value"], start["mode"], end["value"], end["mode"]) == (14, "start", 31, "end")


@pytest.mark.parametrize("text", [
    "The council awarded us forty thousand pounds.",
    "A local trust granted us £12k for the roof.",
    "The foundation gave us two hundred thousand dollars.",
])
def test_money_given_to_us_is_funding(text):
    assert one(text, "money")["about"] == "funding"
