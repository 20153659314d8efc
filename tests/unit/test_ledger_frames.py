"""The claims ledger reads frames, hedges and the ways people say numbers.

Corpus style (one expected outcome, many phrasings), every sentence written for these tests.
Each case is (earlier, later): `CONFLICT` lists pairs that must be flagged, `AGREE` pairs that must not.
"""

import pytest

from roundtwo.api import dispatch
from roundtwo.consistency import compare
from roundtwo.facts import extract
from roundtwo.text import hedges as Q


def flagged(earlier, later):
    return [(c["earlier"]["value"], c["later"]["value"]) for c in compare(earlier, later)["conflicts"]]


# --- frames: whose number, where, when, whether it happened --------------------------------------

AGREE_FRAMES = [
    # another person holds the number
    ("I ran a crew of 6 on the night shift.", "My supervisor ran a crew of 14 on the night shift."),
    ("I ran a crew of 6 on the night shift.", "My manager had 14 people on the night shift."),
    # another organisation holds it
    ("We had 40 drivers.", "Our competitor had 400 drivers."),
    ("We had 40 drivers.", "Our biggest rival runs 400 drivers."),
    # another employer, carried through the answer
    ("Team of 5 at the brewery.", "Before that, at my previous job, I had 9 people."),
    ("Team of 5 at the brewery.", "In my previous role I had 9 people. That was a bigger shop."),
    # another year
    ("In 2018 the studio had 12 artists.", "By 2023 the studio had 30 artists."),
    ("In 2018 the studio had 12 artists.", "In 2021 we had 30 artists in the studio."),
    # the start against the end of a story
    ("When I joined there were 3 of us on the desk.", "By the time I left there were 11 of us on the desk."),
    # a hypothetical, a target
    ("We planted 200 hectares.", "If I'd had more budget we would have planted 350 hectares."),
    ("We planted 200 hectares.", "We aimed for 350 hectares that season."),
    ("Conversion was 4%.", "Our target was 6% conversion."),
    # a negated figure is corrected by the one that follows
    ("The crew was 5 riggers.", "The crew was not seven riggers, it was 5."),
    # another person, named by a job that is not a manager's
    ("Crew of 14 on my trawler.", "My old skipper went on to run a crew of 25."),
    ("Kitchen brigade: 8.", "The head chef before me, my last foreman, had a brigade of 12."),
    # the first year against the last, in notes
    ("Members: 300 in first yr; 900 by last yr.", "By my last year we had nine hundred members."),
    # what a place could take is not what it took
    ("Yard capacity 2,000 containers.", "On a busy week we handled about 1,400 containers."),
]


@pytest.mark.parametrize("earlier,later", AGREE_FRAMES)
def test_different_frames_are_not_compared(earlier, later):
    assert flagged(earlier, later) == []


CONFLICT_FRAMES = [
    ("My crew was 6 riggers.", "I had a crew of 9 riggers.", (6, 9)),
    ("At the brewery I had a team of 5.", "At the brewery my team was 8 people.", (5, 8)),
    ("In 2019 we printed 40 titles.", "In 2019 we printed 55 titles.", (40, 55)),
    ("Target was 20% growth.", "We aimed for 30% growth.", (20, 30)),
    ("Members: 300 in first yr; 900 by last yr.", "In the first year we had about five hundred members.",
     (300, 500)),
    # a start that happens to match the end does not vouch for the end
    ("Fill rate 81% -> 93%.", "When I came in fill rate was around eighty-six percent and I got it to 88%.",
     (93, 88)),
    # an amount said with no currency and no noun of its own, against one said in pounds
    ("Best lot sold for £1.8m.", "The best lot went for two point six million.", (1_800_000, 2_600_000)),
    # a start and an end in one sentence, joined by "and"
    ("Vans 3 -> 12.", "When I started we had three vans and by the time I left there were nine.", (12, 9)),
    ("Goal: 95% on-time. Managed 91%.", "We ran at ninety-five percent on time.", (91, 95)),
]


@pytest.mark.parametrize("earlier,later,pair", CONFLICT_FRAMES)
def test_the_same_frame_with_another_value_is_flagged(earlier, later, pair):
    assert pair in flagged(earlier, later)


def test_a_flag_names_its_frame_and_rule():
    [c] = compare("At Halden Foods I managed 12 packers.", "At Halden Foods I managed 20 packers.")["conflicts"]
    assert "Halden Foods" in c["frame"] and c["rule"] == "exact figures that differ disagree"
    assert c["frames"]["earlier"]["holder"] == "self"


# --- the hedge rule ------------------------------------------------------------------------------

@pytest.mark.parametrize("earlier,later", [
    ("We sold about 100 kilns.", "We sold 108 kilns."),           # about allows 10%
    ("We sold over 100 kilns.", "We sold 125 kilns."),            # over allows up to 1.3x
    ("We sold nearly 100 kilns.", "We sold 93 kilns."),           # nearly 0.9x to x
    ("We sold under 100 kilns.", "We sold 80 kilns."),            # under 0.75x to x
    ("We sold 90-110 kilns.", "We sold 100 kilns."),              # a range allows what is inside
    ("We sold 100+ kilns.", "We sold 400 kilns."),                # X+ is open above
    ("We sold about 100 kilns.", "We sold nearly 95 kilns."),     # two bands that overlap
])
def test_hedged_values_that_overlap_agree(earlier, later):
    assert flagged(earlier, later) == []


@pytest.mark.parametrize("earlier,later", [
    ("We sold about 100 kilns.", "We sold 120 kilns."),
    ("We sold over 100 kilns.", "We sold 140 kilns."),
    ("We sold nearly 100 kilns.", "We sold 85 kilns."),
    ("We sold under 100 kilns.", "We sold 70 kilns."),
    ("We sold 100 kilns.", "We sold 101 kilns."),
])
def test_hedged_values_outside_their_band_conflict(earlier, later):
    assert len(flagged(earlier, later)) == 1


def test_the_rule_is_one_table_of_settings():
    h = Q.rules()["hedge"]
    assert (h["about"], h["over_max"], h["nearly_min"], h["under_min"]) == (0.10, 1.30, 0.90, 0.75)


# --- quantities said many ways ---------------------------------------------------------------------

def one(text, kind=None):
    facts = [f for f in extract(text) if kind is None or f["kind"] == kind]
    assert facts, text
    return facts


@pytest.mark.parametrize("text", ["Bookings 40 -> 65.", "bookings 40 → 65", "Bookings went from 40 to 65."])
def test_arrows_and_from_to_are_a_change(text):
    modes = [(f["value"], f["mode"]) for f in one(text)]
    assert modes == [(40, "start"), (65, "end")]


@pytest.mark.parametrize("text,value", [
    ("We doubled the mailing list.", 100), ("The mailing list grew 2x.", 100), ("We tripled output.", 200),
    ("Output went up 3x.", 200), ("We halved the wait.", 50), ("We cut the wait in half.", 50),
    ("We cut waste by a third.", 33.33333333),
])
def test_multiples_are_changes_in_percent(text, value):
    [f] = one(text, "percent")
    assert (f["mode"], f["value"]) == ("delta", value)


@pytest.mark.parametrize("text", ["Returns fell 2 pts.", "Returns fell by 2 percentage points.", "returns -2 pp"])
def test_points_are_not_percent(text):
    [f] = one(text, "percent")
    assert f["unit"] == "points" and f["value"] == 2


@pytest.mark.parametrize("text,per", [("Shipped 15/day.", 1), ("~$400k/yr in fees", 365), ("60 picks/hr", 1 / 24)])
def test_slash_rates(text, per):
    [f] = [f for f in extract(text) if f.get("per_days")]
    assert abs(f["per_days"] - per) < 1e-6


@pytest.mark.parametrize("text", ["EUR450 a seat", "450 euros a seat", "\u20ac450 a seat"])
def test_currency_codes_and_signs(text):
    [f] = one(text, "money")
    assert (f["value"], f["currency"]) == (450, "EUR")


def test_the_same_figure_in_pounds_and_dollars_conflicts():
    assert flagged("The grant was \u00a3200k.", "The grant was $200k.") == [(200000, 200000)]


@pytest.mark.parametrize("earlier,later", [
    ("Membership up 100%.", "We doubled membership."),
    ("Refunds fell from 10% to 13%.", "Refunds moved by 3 percentage points."),
    ("Rent was $5k a month.", "Rent was $60k a year."),
    ("Crew of 6: 4 riggers and 2 electricians.", "I had six people."),
    ("Team of 3 curators.", "I worked with two other curators."),
    ("At the mill 2016 to 2019.", "Three years at the mill."),
    ("A dozen volunteers.", "We had 12 volunteers."),
])
def test_the_same_value_said_another_way_agrees(earlier, later):
    assert flagged(earlier, later) == []


def test_a_rate_per_week_is_not_a_rate_per_month():
    assert flagged("I coached 12 hours a week.", "I coached 12 hours a month.")


# --- pairing facts in texts with many numbers --------------------------------------------------------

def test_each_fact_pairs_with_its_own_counterpart():
    earlier = "Ran 3 bakeries, 45 staff. Waste down 12%. Opened the third shop in 2021."
    later = ("I ran three bakeries with about 45 staff. We brought waste down by 20%. "
             "Our landlord had 9 other tenants. We opened the third shop in 2021.")
    assert flagged(earlier, later) == [(12, 20)]


def test_titles_in_note_fragments_are_read():
    titles = [f["value"] for f in extract("Head chef, riverside bistro. 14 covers a night.") if f["kind"] == "title"]
    assert titles == ["Head chef"]


# --- bad input --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", " ", "->", "5+", "\u2192\u2192", "- -> +", "a quarter of", "x" * 5000])
def test_odd_text_never_raises(text):
    reply = dispatch({"method": "consistency.compare", "params": {"earlier": text, "later": text + " 5"}})
    assert reply["ok"]


# --- titles, grades, rankings ---------------------------------------------------------------------

@pytest.mark.parametrize("earlier,later", [
    ("I was the night desk editor.", "I worked as the sports editor."),          # specialties share nothing
    ("Senior surveyor, Brookfield.", "I was the lead surveyor at Brookfield."),  # two seniorities
    ("I was a site foreman.", "I worked as the site inspector."),                # another head
    ("I was Band 5.", "I was a Band 6 nurse on that ward."),                     # another grade
])
def test_title_drift_is_flagged(earlier, later):
    kinds = [c["kind"] for c in compare(earlier, later)["conflicts"]]
    assert "title" in kinds


@pytest.mark.parametrize("earlier,later", [
    ("Ops analyst, city transit.", "I was an operations analyst for the city's transit."),   # abbreviation
    ("I was a senior buyer.", "I was the homewares buyer."),                                  # one side refines
    ("Paralegal, 3 yrs.", "For three years I was a litigation paralegal."),
    ("I was Band 6.", "As a Band 6 charge nurse I ran nights."),
])
def test_the_same_title_said_another_way_agrees(earlier, later):
    assert [c for c in compare(earlier, later)["conflicts"] if c["kind"] == "title"] == []


@pytest.mark.parametrize("text,value", [
    ("We finished 2nd in the county league.", 2), ("The club ended up fifth that season.", 5),
    ("Our stand was ranked third of 60.", 3), ("We placed 4th nationally.", 4),
])
def test_rankings_are_read(text, value):
    [f] = [f for f in extract(text) if f["kind"] == "ordinal"]
    assert (f["about"], f["value"]) == ("ranking", value)


@pytest.mark.parametrize("text,value", [
    ("one point five million dollars", 1_500_000), ("two point two five million pounds", 2_250_000),
    ("three quarters of a million dollars", 750_000), ("two pounds fifty", 2.5), ("four dollars 20", 4.2),
])
def test_money_said_in_words(text, value):
    [f] = [f for f in extract(text) if f["kind"] == "money"]
    assert f["value"] == value


@pytest.mark.parametrize("text,value", [("about a quarter of all calls", 25), ("two thirds of the budget", 66.66666667),
                                        ("half of the orders", 50)])
def test_shares_said_as_fractions(text, value):
    [f] = [f for f in extract(text) if f["kind"] == "percent"]
    assert f["value"] == value


def test_a_whole_is_not_the_persons_part():
    assert flagged("I ran 12 stalls.", "The market had about 90 stalls in total, and 12 of those were mine.") == []


def test_parts_of_a_whole_are_not_its_contradiction():
    assert flagged("I ran a fleet of 30 trucks.", "We had thirty trucks, twenty of them rigid and ten artics.") == []


def test_years_that_began_something_meet():
    assert flagged("Self-employed since 2015.", "I've worked for myself since 2013.") == [(2015, 2013)]


@pytest.mark.parametrize("text,months", [("It took a year and four months.", 16), ("two years and 3 months", 27),
                                         ("eighteen months", 18), ("one year and a half", 18)])
def test_compound_durations(text, months):
    [f] = [f for f in extract(text) if f["kind"] == "duration"]
    assert f["value"] == months


@pytest.mark.parametrize("text,value", [("I was employee number 11.", 11), ("I joined as hire #4.", 4),
                                        ("I was the seventh hire.", 7), ("the 11th employee", 11)])
def test_the_order_of_joining_in_every_form(text, value):
    [f] = [f for f in extract(text) if f["kind"] == "ordinal"]
    assert f["value"] == value


def test_top_n_is_a_ranking_of_at_most_n():
    assert flagged("We ranked top 3 of 40 stores.", "We finished 2nd of 40.") == []
    assert flagged("We ranked top 3 of 40 stores.", "We were the 10th best of 40 stores.") == [(3, 10)]


def test_a_date_range_against_a_length_of_time():
    assert flagged("I worked there 2016 to 2019.", "I was there three years.") == []
    assert flagged("I worked there 2016 to 2019.", "I was there five years.") == [(36, 60)]
