"""The claims ledger on round-one notes as people jot them: names that stand for one place, titles with
how long, units that end a fragment, rough counts.

Corpus style (one expected outcome, many phrasings), every sentence written for these tests.
"""

import pytest

from roundtwo.consistency import compare
from roundtwo.facts import extract


def flagged(earlier, later):
    return [(c["earlier"]["value"], c["later"]["value"]) for c in compare(earlier, later)["conflicts"]]


# --- one place, two names ------------------------------------------------------------------------
# A notes line that names the employer and the site together ("Harbour Freight, depot at LBA") is about
# one job: an answer "at Harbour" is about it too.

@pytest.mark.parametrize("later,expected", [
    ("At Harbour I ran the depot for four years, and we had twelve vans.", [(16, 12)]),
    ("At Harbour we ran twelve vans out of the depot.", [(16, 12)]),
    ("At Harbour we ran sixteen vans out of the depot.", []),
])
def test_an_employer_and_its_site_named_in_one_line_are_one_place(later, expected):
    earlier = "Ops supervisor, Harbour Freight, night depot at LBA. 16 vans. 4 yrs."
    assert flagged(earlier, later) == expected


def test_two_places_named_in_different_lines_stay_apart():
    earlier = "At Harbour Freight: 16 vans. Later at Kestrel Couriers: 40 vans."
    assert flagged(earlier, "At Harbour we ran sixteen vans.") == []
    assert flagged(earlier, "At Kestrel we had forty vans, give or take.") == []
    assert flagged(earlier, "At Kestrel we had twenty-five vans.") == [(40, 25)]


# --- a title, then how long ----------------------------------------------------------------------

@pytest.mark.parametrize("notes", [
    "Dispatcher 5 yrs. Shift supervisor last 2 yrs.",
    "Dispatcher 5 yrs. Shift supervisor for 2 yrs.",
    "Dispatcher five yrs. Shift supervisor 2 years.",
])
def test_a_title_with_its_length_of_time_is_time_in_that_role(notes):
    facts = extract(notes)
    assert [f["value"] for f in facts if f["kind"] == "title"] == ["Dispatcher", "Shift supervisor"]
    assert flagged(notes, "I was a dispatcher five years, and shift supervisor for the last three.") == [(24, 36)]
    assert flagged(notes, "I was a dispatcher five years, the last two as shift supervisor.") == []


@pytest.mark.parametrize("text,sentences", [
    ("6 yrs. Then agency work.", 2),
    ("Six yrs. Then agency work.", 2),
    ("3 mos. Probation passed.", 2),
    ("Team of 4 incl. 2 juniors.", 1),
    ("Approx. 40 staff.", 1),
    ("Saw Dr. Patel twice.", 1),
])
def test_a_unit_dot_after_a_number_ends_a_fragment_when_a_capital_follows(text, sentences):
    from roundtwo.text.tokens import tokenize
    assert len({t.sentence for t in tokenize(text) if t.word}) == sentences


# --- rough counts ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["twenty-odd volunteers", "20-odd volunteers", "20 odd volunteers"])
def test_n_odd_is_n_and_some_more(text):
    [f] = extract(f"We had {text} on the rota.")
    assert (f["value"], f["hedge"]) == (20, "over")
    assert flagged("We had 23 volunteers on the rota.", f"We had {text} on the rota.") == []
    assert flagged("We had 40 volunteers on the rota.", f"We had {text} on the rota.") == [(40, 20)]


def test_odd_as_an_adjective_is_not_a_hedge():
    [f] = extract("I did the odd 5 shifts at the weekend.")
    assert f.get("hedge") is None


# --- titles: where the story ended -------------------------------------------------------------------

@pytest.mark.parametrize("earlier,later", [
    ("Reporter 3 yrs, then news editor.", "I reported for three years before becoming features editor."),
    ("Junior buyer 2 yrs, then head buyer.", "I was a junior buyer for two years and then became senior buyer."),
])
def test_the_title_each_side_says_the_person_became_is_compared(earlier, later):
    [c] = compare(earlier, later)["conflicts"]
    assert c["kind"] == "title"


def test_the_same_title_became_is_no_conflict():
    assert compare("Reporter 3 yrs, then news editor.",
                   "I reported for three years before becoming news editor.")["conflicts"] == []


# --- shortened words --------------------------------------------------------------------------------

@pytest.mark.parametrize("earlier,later,expected", [
    ("Damaged pkgs down to 12%.", "By the end about 20% of packages arrived damaged.", [(12, 20)]),
    ("Mgr of 9.", "As manager I had nine people.", []),
    ("Mgr of 9.", "As manager I had fifteen people.", [(9, 15)]),
    ("Cancelled appts 15%.", "About fifteen percent of appointments were cancelled.", []),
])
def test_a_word_notes_shorten_meets_the_word_said_in_full(earlier, later, expected):
    assert flagged(earlier, later) == expected


def test_a_real_short_word_is_not_taken_for_a_shortening():
    from roundtwo.consistency import _abbreviates
    assert _abbreviates("appt", "appoint") and _abbreviates("mgr", "manager") and _abbreviates("pkg", "packag")
    assert not _abbreviates("cat", "contract") and not _abbreviates("team", "teammat")
    assert not _abbreviates("mgr", "mg")


# --- how numbers are said ------------------------------------------------------------------------------

@pytest.mark.parametrize("text,value", [
    ("The refit came in at about six hundred and fifty grand.", 650_000),
    ("The refit came in at fifty grand.", 50_000),
    ("The refit came in at 650 grand.", 650_000),
])
def test_grand_is_thousands_of_money(text, value):
    [f] = extract(text)
    assert (f["kind"], f["value"]) == ("money", value)


@pytest.mark.parametrize("text,kind,value", [
    ("We made eight hour-long episodes.", "count", 8),
    ("We ran 3 hour-long workshops.", "count", 3),
    ("It was a two-hour-long meeting.", "duration", 2 / 720),
    ("The workshop took 3 hours.", "duration", 3 / 720),
])
def test_n_hour_long_things_are_counted(text, kind, value):
    [f] = extract(text)
    assert f["kind"] == kind and f["value"] == pytest.approx(value)


@pytest.mark.parametrize("text", ["Late deliveries 9% to 4%.", "Late deliveries £90k to £40k.",
                                  "Turnaround 9 days to 4 days."])
def test_a_figure_that_comes_down_with_no_verb_is_a_change(text):
    assert [f["mode"] for f in extract(text)] == ["start", "end"]


@pytest.mark.parametrize("text", ["Team of 4 to 6.", "Budget £40k to £90k.", "We won 3 to 1."])
def test_upward_figures_and_scores_are_not_changes(text):
    assert "start" not in [f["mode"] for f in extract(text)]


@pytest.mark.parametrize("text", ["I was there six years, the last three as shift lead.",
                                  "I was a porter five years, and shift lead for the last three.",
                                  "I did eight years in total, the first three as a trainee."])
def test_the_last_n_of_a_length_of_time_is_a_length_of_time(text):
    durations = [f for f in extract(text) if f["kind"] == "duration"]
    assert [f["value"] for f in durations][1] == 36


# --- rates, totals, neighbours ---------------------------------------------------------------------------

@pytest.mark.parametrize("earlier,later,expected", [
    ("Output ~4k parcels/working day.", "We shipped about twenty thousand parcels a week.", []),
    ("Output ~4k parcels per working day.", "We shipped about twenty thousand parcels a week.", []),
    ("Output ~4k parcels per business day.", "We shipped about forty thousand parcels a week.", [(20000, 40000)]),
])
def test_a_working_day_is_one_of_five_in_a_week(earlier, later, expected):
    assert [(e, round(l_)) for e, l_ in flagged(earlier, later)] == expected


@pytest.mark.parametrize("later", ["We ran four kennels, about thirty dogs altogether.",
                                   "We had four kennels and thirty dogs in total.",
                                   "Across my four kennels we had thirty dogs overall."])
def test_the_speakers_own_total_is_their_own_figure(later):
    assert flagged("4 kennels, 18 dogs total.", later) == [(18, 30)]


def test_the_organisations_total_is_still_the_whole():
    assert flagged("My kennel had 18 dogs.", "The charity had 300 dogs in total.") == []


@pytest.mark.parametrize("notes", ["Neighbouring depot did ~90 loads/wk.", "The neighboring depot did ~90 loads/wk."])
def test_a_neighbouring_site_is_another_place(notes):
    earlier = "My depot ~50 loads/wk. " + notes
    assert flagged(earlier, "At my depot we were doing about ninety loads a week.") == [(50, 90)]


def test_a_stock_is_not_a_whole_number_of_years_of_a_rate():
    earlier = "Estate of 30,000 hectares. Thinning ~1,500 hectares/yr."
    assert flagged(earlier, "We managed 30,000 hectares and thinned about 2,500 hectares a year.") == [(15_000_000, 25_000_000)]


def test_a_total_over_a_few_periods_still_meets_its_rate():
    assert flagged("Grant of £60k a year.", "The grant came to £180k, which we spent over the years.") == []


@pytest.mark.parametrize("notes", ["Director (Priya) froze hiring in 2022.", "Head chef (Marco) ran the pass."])
def test_a_title_with_a_name_in_brackets_is_someone_else(notes):
    assert [f for f in extract(notes) if f["kind"] == "title"] == []


# --- frames in notes -------------------------------------------------------------------------------------

@pytest.mark.parametrize("earlier", ["Target was 80 covers a night; we got ~60.", "Aimed for 80 covers a night, hit 60.",
                                     "Goal: 80 covers a night. Reality: about 60."])
def test_what_happened_after_a_target_is_actual(earlier):
    assert flagged(earlier, "We were doing eighty covers a night.") == [(60, 80)]
    assert flagged(earlier, "We were doing about sixty covers a night.") == []


@pytest.mark.parametrize("earlier", ["Started 2011, qualified 2014, left 2020.", "Joined 2011; promoted 2014; left 2020."])
def test_two_event_years_are_not_a_date_range(earlier):
    assert flagged(earlier, "I qualified in 2014, three years after joining.") == []


@pytest.mark.parametrize("earlier", ["2011-2014 at the depot.", "Jan 2011 to Jan 2014 at the depot."])
def test_a_date_range_is_still_a_length_of_time(earlier):
    assert flagged(earlier, "I was at the depot for five years.") == [(36, 60)]


@pytest.mark.parametrize("earlier", ["1st year: 300 subscribers; by 2021: 900.", "First year: 300 subscribers; by 2021: 900."])
def test_a_notes_line_opening_with_the_first_year_dates_its_figure(earlier):
    assert flagged(earlier, "In my first year we had around 500 subscribers.") == [(300, 500)]
    assert flagged(earlier, "In my first year we had about 300 subscribers.") == []


@pytest.mark.parametrize("earlier", ["Reported to the ops director, who had 60 staff; I had 15 of them.",
                                     "Worked under a regional manager, who ran 60 staff; 15 of them were mine."])
def test_a_relative_clause_after_a_person_is_theirs_and_the_part_is_the_speakers_own(earlier):
    assert flagged(earlier, "I was running a team of sixty people.") == [(15, 60)]
    assert flagged(earlier, "I had fifteen people.") == []


@pytest.mark.parametrize("earlier", ["Forecast 40k visitors; actual yr 1: 28k.", "Projection was 40k visitors; we got 28k."])
def test_a_forecast_is_not_what_happened(earlier):
    assert flagged(earlier, "In the first year we had around forty thousand visitors.") == [(28000, 40000)]


def test_a_forecasts_own_error_is_a_plain_figure():
    assert flagged("Forecast error down to 8%.", "Our forecast error got down to about 12%.") == [(8, 12)]


@pytest.mark.parametrize("later", ["I trained six - no, four apprentices; the other two went to our sister site.",
                                   "I trained six, no, four apprentices."])
def test_a_figure_taken_back_with_no_is_the_corrected_one(later):
    assert flagged("Trained 4 apprentices.", later) == []


@pytest.mark.parametrize("earlier", ["Our gym: 800 members; the chain down the road ~2,000.",
                                     "Our gym: 800 members; rival across town ~2,000."])
def test_another_place_after_a_semicolon_is_the_next_items(earlier):
    assert flagged(earlier, "We had about two thousand members at our gym.") == [(800, 2000)]


@pytest.mark.parametrize("earlier", ["Waiting list at start: 90; by the end: 40.", "Waiting list on arrival: 90; at end: 40."])
def test_each_item_of_a_notes_line_keeps_its_own_phase(earlier):
    assert flagged(earlier, "When I started the waiting list was about sixty.") == [(90, 60)]


# --- currencies, "over", time in the job -------------------------------------------------------------------

@pytest.mark.parametrize("text,currency,hedge", [
    ("The fit-out cost just over NZ$2 million.", "NZD", "over"),
    ("The fit-out cost A$450k.", "AUD", None),
    ("The fit-out cost about US$2m.", "USD", "about"),
    ("The fit-out cost HK$9m.", "HKD", None),
])
def test_letters_against_a_dollar_sign_name_the_currency(text, currency, hedge):
    [f] = extract(text)
    assert (f["currency"], f.get("hedge")) == (currency, hedge)


def test_the_same_amount_in_two_kinds_of_dollar_conflicts():
    assert flagged("The fit-out cost NZ$2m.", "The fit-out cost about A$2m.") == [(2_000_000, 2_000_000)]


@pytest.mark.parametrize("earlier", ["The studio turned over £1.5m last year.", "We took over 40 accounts in March."])
def test_a_verbs_over_is_not_a_bound(earlier):
    [f] = [f for f in extract(earlier) if f["kind"] in ("money", "count")]
    assert f.get("bound") is None


@pytest.mark.parametrize("later,expected", [
    ("I've been nursing for over ten years.", []),
    ("I've been nursing for well over ten years.", []),
])
def test_for_over_n_years_is_more_than_n(later, expected):
    assert flagged("I've been a nurse for 12 years.", later) == expected


def test_over_n_years_before_a_clause_is_a_span_not_a_bound():
    [f] = extract("Over three years I built the ward up.")
    assert f.get("bound") is None and f["value"] == 36


@pytest.mark.parametrize("later", ["I ran the kitchen of six chefs for about three years.",
                                   "I ran the kitchen of six chefs for the last three years."])
def test_for_a_hedged_length_is_time_in_the_job(later):
    assert flagged("I ran a kitchen of 6 chefs for 5 years.", later) == [(60, 36)]


@pytest.mark.parametrize("text", ["Supervise 3 band 5s.", "Flew the ATR 72s.", "Ran it in my 30s.", "Grew up in the 1990s."])
def test_a_number_with_a_plural_s_is_not_seconds(text):
    assert [f for f in extract(text) if f["kind"] == "duration"] == []


@pytest.mark.parametrize("text", ["The page loads in 2s.", "Timeout after 30s."])
def test_seconds_are_still_seconds(text):
    [f] = extract(text)
    assert f["kind"] == "duration"


@pytest.mark.parametrize("text", ["Sales grew from 1.9 to around 2.6 million.", "Sales grew from 1.9 to nearly 2.6 million."])
def test_a_hedge_on_the_end_of_a_change_keeps_the_change(text):
    start, end = extract(text)
    assert (start["value"], start["mode"], end["mode"]) == (1_900_000, "start", "end") and end.get("hedge")


@pytest.mark.parametrize("earlier,later", [
    ("Waitlist 20 wks -> 8 wks.", "We took the waiting list from twenty weeks down to twelve."),
    ("Waitlist 20 wks -> 8 wks.", "Our waiting list came down from twenty weeks to about twelve."),
])
def test_one_word_for_two_meets_the_two(earlier, later):
    assert len(compare(earlier, later)["conflicts"]) == 1


@pytest.mark.parametrize("earlier,later", [
    ("AOV +12%.", "Our average order value went up about twenty percent."),
    ("ARR $4m.", "Annual recurring revenue was about six million dollars."),
])
def test_an_acronym_meets_the_words_it_stands_for(earlier, later):
    assert len(compare(earlier, later)["conflicts"]) == 1


def test_an_acronym_with_no_words_spelled_out_is_left_alone():
    from roundtwo.consistency import _acronym_words
    assert _acronym_words("noi", {"We raised rents on every block."}) == {}
    assert _acronym_words("noi", {"Net operating income rose."})


def test_the_correcting_figure_is_about_what_the_taken_back_one_was_about():
    later = "The waiting list was - not nine weeks, sorry, eleven weeks - when I left."
    [c] = compare("Waiting list 6 weeks when I left.", later)["conflicts"]
    assert c["later"]["text"] == "eleven weeks"


# --- notes that date, place and average their figures ------------------------------------------------

@pytest.mark.parametrize("earlier,later,expected", [
    # a bare year right after the figure in notes dates it; a later year with its own figure dates that one
    ("Rewired 4 flats 2021, 7 in 2022.", "In 2022 I rewired seven flats.", []),
    ("Rewired 4 flats 2021, 7 in 2022.", "In 2022 I rewired nine flats.", [(7, 9)]),
    ("Rewired 4 flats 2021, 7 in 2022.", "In 2021 I rewired four flats.", []),
    # a total over a span of years is not any one year's figure
    ("Rewired 4 flats 2021, 7 in 2022.", "I rewired eleven flats across 2021 and 2022.", []),
])
def test_years_in_notes_date_their_own_figures(earlier, later, expected):
    assert flagged(earlier, later) == expected


@pytest.mark.parametrize("later", [
    "The average repair comes to roughly ninety pounds.",
    "An average repair bill comes to about ninety pounds.",
])
def test_the_average_of_ones_own_work_is_ones_own(later):
    assert flagged("Avg repair £60.", later) == [(60, 90)]


@pytest.mark.parametrize("earlier", [
    "Joined 2020 after 4 yrs at previous agency.",
    "4 yrs w/ former employer before this.",
])
def test_years_at_a_previous_employer_are_that_tenure(earlier):
    assert flagged(earlier, "Before this I spent six years at my previous agency.") == [(48, 72)]


def test_a_stem_meets_its_doubled_and_ification_forms():
    from roundtwo.text.subjects import stem
    assert stem("trimming") == stem("trim") and stem("planned") == stem("plan")
    assert stem("certification") == stem("certified") == stem("certify")
    assert stem("staffing") == stem("staff")


@pytest.mark.parametrize("noun,verb", [
    ("hammer", "hammered"), ("hammer", "hammering"), ("monitor", "monitored"), ("transfer", "transferred"),
    ("deliver", "delivered"), ("tender", "tendering"), ("mentor", "mentoring"),
])
def test_a_noun_in_er_meets_its_verb_forms(noun, verb):
    from roundtwo.text.subjects import stem
    assert stem(noun) == stem(verb)


def test_a_verb_form_of_a_subject_meets_its_noun_in_notes():
    assert flagged("Top lot hammer price: £1.4m.", "Our top lot hammered at one point nine million.") == \
        [(1400000, 1900000)]


@pytest.mark.parametrize("later", [
    "I personally signed up thirty new joiners, and the club as a whole about ninety.",
    "Personally I signed up thirty recruits, and the branch as a whole signed up about ninety.",
])
def test_the_one_own_figure_on_each_side_meets_the_other_whatever_its_noun(later):
    # the other figure is someone else's, so the person's one figure is the one to compare
    assert flagged("Personally signed up 18 new members.", later) == [(18, 30)]


def test_what_a_stretch_of_time_held_is_not_a_job_elsewhere():
    from roundtwo.text import frames as F
    from roundtwo.text.tokens import tokenize
    tokens = tokenize("At last count we had 40 volunteers.")
    assert F.Reader(tokens).frame(5, 5).where != "previous"
    tokens = tokenize("We had 40 volunteers at my last charity.")
    assert F.Reader(tokens).frame(2, 2).where == "previous"
    # "nine months with no lost shifts" is not nine months in a job, so it never meets a tenure
    assert flagged("3 yrs at Harbour Freight.", "We went nine months with no lost shifts.") == []


# --- the speaker counted among the parts ------------------------------------------------------------
# "3 riggers + me" is a crew of four: the later "four of us" says it again, "six of us" does not.

@pytest.mark.parametrize("earlier", [
    "Crew: 3 riggers + me.",
    "Crew 3 riggers plus me",
    "On the crew, 3 riggers and me.",
    "Crew: 2 riggers + me + 1 driver.",
    "Crew = 2 riggers, me, 1 driver",
])
@pytest.mark.parametrize("later", [
    "There were four of us on the crew.",
    "The crew was four people in all, me included.",
])
def test_the_speaker_is_one_of_the_parts_they_list(earlier, later):
    assert flagged(earlier, later) == []


def test_a_whole_given_with_its_parts_and_the_speaker_is_still_compared():
    assert flagged("Crew of 4: 3 riggers + me.", "The crew was six people in all.") == [(4, 6)]


def test_a_count_plus_the_speaker_meets_the_same_count_said_with_them():
    assert flagged("Kitchen: 4 chefs + me + 2 porters.", "Five chefs counting me, and two porters.") == []
    assert flagged("Kitchen: 4 chefs + me + 2 porters.", "Eight chefs counting me, and two porters.") != []


# --- rates per quarter written short ----------------------------------------------------------------

@pytest.mark.parametrize("earlier", ["Audits ~2/qtr.", "2 audits per qtr", "audits: 2 a quarter", "Two audits each quarter"])
@pytest.mark.parametrize("later,expected", [
    ("I run about eight audits a year.", False),
    ("I run around twenty audits a year.", True),
])
def test_a_quarter_written_short_is_a_period(earlier, later, expected):
    assert bool(flagged(earlier, later)) == expected


# --- hedges said after the number ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "we usually took parties of six or so",
    "parties of six or thereabouts",
    "parties of six, give or take",
    "parties of 6-ish",
])
def test_a_hedge_after_the_number_is_about(text):
    assert [f["hedge"] for f in extract(text)] == ["about"]


def test_a_rough_average_agrees_with_the_rounded_count():
    assert flagged("Avg party 5.8. Tours 3/day.", "Parties were six or so, three tours a day.") == []


@pytest.mark.parametrize("later,expected", [
    ("Returns went from two percent to nearly a tenth of orders.", []),
    ("Returns went from two percent to almost a tenth of orders.", []),
    ("Returns went from two percent to a fifth of orders.", [(9, 20)]),
])
def test_nearly_a_share_is_just_under_it(later, expected):
    assert flagged("Returns 2% -> 9% of orders.", later) == expected


# --- money in pounds and pence, said in words ---------------------------------------------------------

@pytest.mark.parametrize("text,values", [
    ("the fee went from three pounds twenty to four pounds", [3.2, 4]),
    ("from two dollars 40 up to three dollars", [2.4, 3]),
    ("a ticket was six pounds fifty at the door", [6.5]),
])
def test_minor_units_before_the_next_number_of_a_change(text, values):
    assert [f["value"] for f in extract(text) if f["kind"] == "money"] == values


# --- "from X up to Y" ends at Y -------------------------------------------------------------------------

@pytest.mark.parametrize("later", [
    "We took the pass rate from sixty percent up to seventy-eight.",
    "I moved the pass rate from 60% up to 78%.",
])
def test_up_to_after_from_is_the_end_not_a_cap(later):
    assert flagged("Pass rate 60% -> 71%", later) == [(71, 78)]


# --- notes that cut a word short ---------------------------------------------------------------------------

@pytest.mark.parametrize("earlier,later,expected", [
    ("Maint backlog 40 jobs", "The maintenance backlog was about forty jobs.", []),
    ("Maint backlog 40 jobs", "The maintenance backlog was seventy jobs.", [(40, 70)]),
    ("Reg compliance 96%", "Regulatory compliance sat at ninety-one percent.", [(96, 91)]),
])
def test_a_word_cut_short_in_notes_meets_the_full_word(earlier, later, expected):
    assert flagged(earlier, later) == expected


# --- "between three hundred and four hundred": two ends, not 304 ------------------------------------

@pytest.mark.parametrize("text,low,high", [
    ("each open day drew between three hundred and four hundred visitors", 300, 400),
    ("we fed somewhere between five hundred and six hundred people a night", 500, 600),
    ("between two hundred and two hundred and fifty members renewed", 200, 250),
    ("between two thousand and three thousand signatures", 2000, 3000),
])
def test_between_two_round_hundreds_is_a_range(text, low, high):
    facts = [f for f in extract(text) if f["kind"] == "count"]
    assert [(f.get("low"), f.get("high")) for f in facts] == [(low, high)]


def test_a_hundred_and_a_small_number_is_still_one_number():
    assert [f["value"] for f in extract("three hundred and forty guests")] == [340]


# --- "by nearly a quarter": the hedge reaches past the "a" -----------------------------------------------

@pytest.mark.parametrize("text,hedge", [
    ("we cut no-shows by almost a quarter", "nearly"),
    ("wastage fell by nearly a third", "nearly"),
    ("complaints dropped by roughly a fifth", "about"),
    ("no-shows fell by about a quarter", "about"),
])
def test_a_hedged_share_of_a_change_keeps_its_hedge(text, hedge):
    facts = extract(text)
    assert [(f["kind"], f.get("hedge")) for f in facts] == [("percent", hedge)]


@pytest.mark.parametrize("text", [
    "the opening slipped by nearly a quarter",
    "it took nearly a quarter to fill the post",
])
def test_a_quarter_of_time_is_still_a_duration(text):
    assert [(f["kind"], f["value"]) for f in extract(text)] == [("duration", 3)]


# --- a rough figure said again precisely ----------------------------------------------------------------

@pytest.mark.parametrize("later,expected", [
    ("I've been baking for well over a decade, fourteen years now.", []),
    ("I've been baking for well over a decade - fourteen years, actually.", []),
    ("I've been baking for well over a decade - eleven years, actually.", [(168, 132)]),
    ("I've been baking for well over a decade, eleven years to be exact.", [(168, 132)]),
    ("I've been baking for twelve years.", [(168, 144)]),
])
def test_the_precise_figure_after_a_rough_one_is_the_claim(later, expected):
    assert flagged("Pastry lead, 14 yrs baking.", later) == expected


# --- the size of one group against the count of groups -----------------------------------------------------

@pytest.mark.parametrize("earlier", [
    "Four crews of 5 pickers.",
    "Five pickers per crew, four crews.",
    "Crews: 4, five pickers each.",
])
@pytest.mark.parametrize("later,expected", [
    ("We had four crews, each of five pickers.", []),
    ("There were four crews, each with five pickers.", []),
    ("We had four crews, each with six pickers.", [(5, 6)]),
    ("Four crews of six pickers each.", [(5, 6)]),
])
def test_each_groups_size_meets_each_groups_size(earlier, later, expected):
    assert flagged(earlier, later) == expected


@pytest.mark.parametrize("later,expected", [
    ("Each waiter had twelve covers on a Saturday.", []),
    ("Each waiter looked after fifteen covers.", [(12, 15)]),
])
def test_a_per_person_figure_meets_each_person(later, expected):
    assert flagged("12 covers per waiter", later) == expected


# --- a share said to take back a percentage ---------------------------------------------------------------

@pytest.mark.parametrize("text,value", [
    ("repeat orders were thirty percent, but honestly it was closer to a fifth", 20),
    ("we kept 30% of the stock, or more like a third", 100 / 3),
    ("about 20% of calls, maybe a quarter", 25),
])
def test_a_hedged_share_after_a_percentage_is_a_percentage(text, value):
    facts = [f for f in extract(text) if f["kind"] == "percent"]
    assert len(facts) == 2 and facts[1]["value"] == pytest.approx(value)


@pytest.mark.parametrize("text", [
    "It took about a quarter to settle in.",
    "Attendance was 90%, and it took about a quarter to get there.",
])
def test_a_quarter_after_took_stays_a_length_of_time(text):
    assert [f["kind"] for f in extract(text) if "quarter" in f["text"]] == ["duration"]


@pytest.mark.parametrize("later,expected", [
    ("My supervisor put it at thirty percent of the orders, but honestly it was closer to a fifth.", [(30, 20)]),
    ("The owner said I did about thirty percent of the orders, though really it was nearer twenty percent.",
     [(30, 20)]),
    ("I did about thirty percent of the orders, more like a third on busy weeks.", []),
    ("I did roughly thirty percent of the orders.", []),
])
def test_the_figure_that_takes_another_back_is_the_claim(later, expected):
    assert flagged("Did ~30% of the shop's orders.", later) == expected


# --- "head librarian from 2019": the year a span began is an event's year ---------------------------------

@pytest.mark.parametrize("earlier", [
    "Joined the county library 2015; branch manager from 2019.",
    "County library since 2015, branch manager since 2019.",
])
@pytest.mark.parametrize("later,expected", [
    ("I became branch manager in 2017, two years after joining.", [(2019, 2017)]),
    ("I was made branch manager in 2019.", []),
])
def test_the_start_of_an_open_span_meets_the_year_of_the_event(earlier, later, expected):
    assert flagged(earlier, later) == expected


def test_a_closed_span_still_meets_only_its_own_ends():
    assert flagged("Branch manager 2016 to 2019.", "I left the branch manager job in 2019.") == []


@pytest.mark.parametrize("later,expected", [
    ("In 2022 I was deputy manager, and I led the refit of the spa.", [(2021, 2022)]),
    ("In 2021 I was deputy manager, and I led the refit of the spa.", []),
    ("By 2022 I was deputy manager.", []),
])
def test_a_year_that_opens_a_sentence_dates_the_work_done_in_it(later, expected):
    assert flagged("Spa refit, 2021. Deputy mgr by then.", later) == expected


# --- a whole said to be made of the parts in the notes -------------------------------------------------------

@pytest.mark.parametrize("earlier", [
    "Head of kitchen; 4 chefs + 3 porters under me.",
    "Kitchen team: 4 chefs, 3 porters.",
    "Ran kitchen w/ 4 chefs and 3 porters.",
])
@pytest.mark.parametrize("later,expected", [
    ("I ran a team of nine, chefs plus porters.", [(7, 9)]),
    ("My team was ten people, chefs and porters.", [(7, 10)]),
    ("I had a team of seven, chefs plus porters.", []),
    ("I ran a team of seven people.", []),
])
def test_a_whole_made_of_the_noted_parts_is_their_sum(earlier, later, expected):
    assert flagged(earlier, later) == expected


def test_a_whole_that_names_no_parts_is_not_contradicted_by_their_sum():
    assert flagged("4 chefs + 3 porters under me.", "Across the hotel there were forty staff.") == []


def test_counts_of_unlike_things_are_not_a_whole():
    assert flagged("Clinical study: 30 wards, 4 regions.", "We enrolled five hundred patients across thirty wards "
                   "in four regions.") == []


def test_a_size_of_each_is_not_a_part_of_the_sum():
    earlier = "Ran 6 classes, ~20 pupils each."
    assert flagged(earlier, "I taught six classes of about twenty pupils.") == []
    assert flagged(earlier, "I had six classes, each of about twenty pupils, so a hundred and twenty in all.") == []


# --- titles in notes: arrows, "Promoted X 2023", "was made" --------------------------------------------------

@pytest.mark.parametrize("notes,titles", [
    ("Porter 3 yrs -> Head Porter 2018 -> Estates Manager 2021.", ["Porter", "Head Porter", "Estates Manager"]),
    ("Deckhand \u2192 Mate 2016 \u2192 Skipper 2020", ["Deckhand", "Mate", "Skipper"]),
    ("Cadet -> Sergeant 2015 -> Lieutenant 2019", ["Cadet", "Sergeant", "Lieutenant"]),
])
def test_each_title_after_an_arrow_is_one_moved_to(notes, titles):
    got = [f["value"] for f in extract(notes) if f["kind"] == "title"]
    assert got[-2:] == titles[-2:]


def test_numbers_after_an_arrow_are_no_title():
    assert [f["kind"] for f in extract("Footfall 20 -> 45 a day")] == ["count", "count"]


@pytest.mark.parametrize("notes", ["Promoted Senior Buyer 2022.", "Promoted to senior buyer 2022."])
@pytest.mark.parametrize("later,expected", [
    ("In 2022 I was made head buyer.", [("Senior Buyer", "head buyer")]),
    ("In 2022 I was made senior buyer.", []),
    ("I became a senior buyer in 2022.", []),
])
def test_a_promotion_in_notes_meets_the_title_of_that_year(notes, later, expected):
    got = [(c["earlier"]["value"], c["later"]["value"]) for c in compare("Buyer at Hale & Co. " + notes, later)["conflicts"]]
    assert [(a.lower(), b.lower()) for a, b in got] == [(a.lower(), b.lower()) for a, b in expected]


@pytest.mark.parametrize("later,expected", [
    ("I was a deckhand first, became mate in 2016 and then skipper in 2020.", []),
    ("I was a deckhand first, became mate in 2016 and then fleet manager in 2020.", [("Skipper", "fleet manager")]),
])
def test_a_chain_of_titles_meets_the_titles_said_with_their_years(later, expected):
    notes = "Deckhand -> Mate 2016 -> Skipper 2020. Trawler, crew of 6."
    assert [(c["earlier"]["value"], c["later"]["value"]) for c in compare(notes, later)["conflicts"]] == expected


@pytest.mark.parametrize("notes,later", [
    ("QA eng, food plant.", "I was a quality engineer at a food plant."),
    ("Senior eng, 4 yrs.", "I was a senior engineer for four years."),
])
def test_a_title_shortened_in_notes_is_the_same_title(notes, later):
    assert compare(notes, later)["conflicts"] == []
