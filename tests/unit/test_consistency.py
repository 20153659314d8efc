"""The consistency check: one behaviour per case.

HELD_OUT was written before the engine existed, in other words and domains than the shared dev set;
OWN_CASES were written while tuning, to hunt for misses and false alarms (note-style answers, currencies,
bounds, ranges, several subjects in one answer). bench/consistency_eval.py scores both beside the dev set,
and every case is also a test here. Values follow the dev set's conventions: counts and money as numbers,
percentages as numbers of percent, durations in months, titles and roles as the words the person used.
"""

from __future__ import annotations

import json

import pytest

from roundtwo import api
from roundtwo.consistency import compare, within
from roundtwo.facts import extract
from roundtwo.ledger import check
from tests.work import assert_linear, repeat


def case(earlier, later, *conflicts, note=""):
    return {"earlier": earlier, "later": later,
            "conflicts": [dict(about=a, earlier=e, later=lt) for a, e, lt in conflicts], "note": note}


WEEK = 12 / 52
MINUTE = 1 / (60 * 24 * 30)

HELD_OUT = [
    # --- plain contradictions -----------------------------------------------------------
    case("I supervised a unit of twelve nurses on night shifts.",
         "On nights I had fifteen nurses under me.",
         ("team size", 12, 15)),
    case("Our hiring push took three months.",
         "The hiring push ran for about five months.",
         ("duration", 3, 5)),
    case("The marketing budget for the launch was $750k.",
         "We launched with a budget of $1.1M.",
         ("budget", 750_000, 1_100_000)),
    case("I raised email open rates by 12%.",
         "Open rates went up 18% after my changes.",
         ("open rate lift", 12, 18)),
    case("I spent six years at Globex before this.",
         "During my eight years at Globex I ran three teams.",
         ("tenure", 72, 96)),
    case("We signed 14 new customers last quarter.",
         "Last quarter we closed 20 new customers.",
         ("customers", 14, 20)),
    case("I onboarded 30 new hires in 2021.",
         "In 2021 I onboarded about 45 new hires.",
         ("hires", 30, 45)),
    case("Trial conversion went from 2% to 3.5%.",
         "We moved trial conversion from 2% to 4%.",
         ("conversion after", 3.5, 4)),
    case("The redesign took 10 weeks.",
         "The redesign was a six-month effort.",
         ("duration", 10 * WEEK, 6)),
    case("I managed a portfolio of 25 key accounts.",
         "My book was 35 key accounts.",
         ("accounts", 25, 35)),
    case("Ticket backlog fell from 400 to 120 in my first quarter.",
         "In my first quarter the backlog went from 400 down to 200.",
         ("backlog after", 120, 200)),
    case("We served 3,500 students across the district.",
         "The program reached about 5,000 students.",
         ("students", 3500, 5000)),
    case("I led a squad of 7 engineers and 2 designers.",
         "My squad was ten engineers plus two designers.",
         ("team size", 7, 10)),
    case("Our annual recurring revenue hit $4M in my last year.",
         "When I left, ARR was around $6M.",
         ("ARR", 4_000_000, 6_000_000)),
    case("I joined Initech in 2016 as a junior developer.",
         "I started at Initech in 2017.",
         ("start year", 2016, 2017)),
    case("Average handle time dropped from 9 minutes to 6 minutes.",
         "We cut handle time from nine minutes to four.",
         ("handle time after", 6 * MINUTE, 4 * MINUTE)),
    case("I was the fourth employee at the startup.",
         "I joined as the ninth employee.",
         ("employee number", 4, 9)),
    case("We deployed to production 20 times a week.",
         "We were deploying about 50 times a week.",
         ("deploys", 20, 50), note="the count is 'times'; the thing is the verb"),
    case("I've worked in logistics for 11 years.",
         "I have nine years of logistics experience.",
         ("experience", 132, 108)),
    case("The store had 45 staff when I took over.",
         "I took over a store of 60 staff.",
         ("staff", 45, 60)),
    case("I was promoted to team lead in 2020.",
         "I became team lead in 2021.",
         ("promotion year", 2020, 2021)),
    case("I cut the release cycle from 6 weeks to 2 weeks.",
         "Our release cycle went from six weeks to three.",
         ("release cycle after", 2 * WEEK, 3 * WEEK)),
    case("I had around 200 people in my org.",
         "My organization was about 350 people.",
         ("org size", 200, 350)),
    case("I closed $3.2M in new business last year.",
         "Last year I brought in $2.5M of new business.",
         ("new business", 3_200_000, 2_500_000)),
    case("We reduced infrastructure costs by 35%.",
         "Infrastructure costs came down 20%.",
         ("cost reduction", 35, 20)),
    case("I was the second designer hired.",
         "I was the first designer they hired.",
         ("designer number", 2, 1)),
    # --- role and title drift -----------------------------------------------------------
    case("I was a staff engineer on the payments team.",
         "As a senior engineer on payments I designed the ledger.",
         ("title", "staff engineer", "senior engineer")),
    case("I worked as a data analyst in the risk team.",
         "In risk I was the data science manager.",
         ("title", "data analyst", "data science manager")),
    case("I was one of six engineers on the rewrite.",
         "I ran the rewrite with six engineers under me.",
         ("role", "one of six engineers", "ran the rewrite")),
    case("I was an individual contributor on that project.",
         "I managed the project team.",
         ("role", "individual contributor", "managed the project team")),
    case("As a marketing coordinator I ran the newsletter.",
         "As the marketing coordinator I owned the newsletter."),
    case("I was the product owner for the mobile app.",
         "I was the PO for mobile."),
    # --- same facts, said differently -----------------------------------------------------
    case("We cut costs by $250k.",
         "The savings came to a quarter of a million dollars."),
    case("The contract ran for 18 months.",
         "It was a year-and-a-half contract."),
    case("I had eleven people on my team.",
         "My team of 11 covered all of EMEA."),
    case("We doubled signups to 2,000 a month.",
         "Signups reached two thousand per month."),
    case("Churn fell from 6% to 4%.",
         "By the end, churn was down to 4%."),
    case("The pilot lasted 8 weeks.",
         "It was a two-month pilot.", note="8 weeks is two months in ordinary speech"),
    case("I led a team of 9.",
         "There were nine of us, and I led the team."),
    case("Our NPS rose from 30 to 52.",
         "NPS ended at 52, up from 30."),
    case("I was there for two and a half years.",
         "I stayed 30 months."),
    case("We ran a 5-7 person team.",
         "The team was usually seven people."),
    # --- different subjects with different numbers ------------------------------------------
    case("I managed 4 engineers and a $500k budget, supporting 300 customers.",
         "Three hundred customers relied on the platform my four engineers ran on a half-million budget."),
    case("We had 15 engineers and 3 product managers.",
         "The three PMs worked with our fifteen engineers."),
    case("The app had 2 million downloads and 40,000 reviews.",
         "With forty thousand reviews and two million downloads it was our biggest app."),
    case("I mentored 5 interns over 2 summers.",
         "Over two summers I mentored five interns."),
    case("Our team of 8 handled 120 tickets a week.",
         "Eight of us handled roughly 120 weekly tickets."),
    case("I had 4 direct reports in a department of 60.",
         "The department was 60 people; four reported to me."),
    case("We migrated 300 services in 18 months.",
         "Over 18 months we moved 300 services."),
    case("The school has 900 pupils and I teach 3 classes.",
         "I teach three classes in a 900-pupil school."),
]


OWN_CASES = [
    # contradictions
    case("My team had 6 developers when I left.", "When I left there were nine developers on my team.", ("team size", 6, 9)),
    case("I ran a five-person team.", "I ran a team of eight.", ("team size", 5, 8)),
    case("We were a team of about twenty.", "The team was 35 people at its peak.", ("team size", 20, 35)),
    case("The migration took 14 months.", "We finished the migration in under a year.", ("duration", 14, 12)),
    case("Site lead. 3 yrs on the depot.", "I led that depot for five years.", ("tenure", 36, 60)),
    case("2 years at the hospice.", "I was their palliative nurse from start to finish, about four years.",
         ("tenure", 24, 48)),
    case("Max dive depth 60 m.", "The deepest I ever went was forty metres.", ("depth", 60, 40)),
    case("Moved 2.5 t of stock a day.", "We moved about two and a half thousand kilos a day."),
    case("Hull 40 m long, crew of 12.", "A crew of twelve on a forty-metre hull."),
    case("Warehouse capacity 900 pallets.", "On a normal day we held about six hundred pallets."),
    case("Delivered roughly 8 calves/month.", "I'd deliver about a hundred calves a year."),
    case("Delivered roughly 8 calves/month.", "I'd deliver about two hundred calves a year.", ("calves", 96, 200)),
    case("I was at Acme for three years.", "I spent five years at Acme.", ("tenure", 36, 60)),
    case("We had a budget of 3 million.", "The budget was $5M.", ("budget", 3_000_000, 5_000_000)),
    case("It saved us 200k a year.", "The change saved roughly $500,000 annually.", ("savings", 200_000, 500_000)),
    case("Our NPS score was 45 when I left.", "When I left, NPS was 60.", ("NPS", 45, 60)),
    case("Monthly churn was 3% before the change.", "Before the change churn was 5% a month.", ("churn", 3, 5)),
    case("I handled 30 clients at a time.", "I usually had 45 clients on my books.", ("accounts", 30, 45)),
    case("I was promoted to senior manager in 2018.", "I got promoted to senior manager in 2020.", ("promotion year", 2018, 2020)),
    case("I've been there since 2017.", "I joined them in 2019.", ("start year", 2017, 2019)),
    case("Page load time went from 4 seconds to 1.5 seconds.", "We took page load from 4 seconds down to 2 seconds.", ("load time after", 1.5 / 2_592_000, 2 / 2_592_000)),
    case("I made 7 hires last year.", "Last year I hired 11 engineers.", ("hires", 7, 11)),
    case("We grew ARR from £2m to £5m.", "ARR went from £2m to £4m while I was there.", ("ARR after", 5_000_000, 4_000_000)),
    case("The team shipped 24 releases in 2023.", "We put out about a dozen releases in 2023.", ("releases", 24, 12)),
    case("I cut onboarding time from 3 weeks to 5 days.", "Onboarding went from three weeks to ten days.", ("onboarding time after", 5 / 30, 10 / 30)),
    case("I was the third engineer at Zapco.", "I was the first engineer Zapco hired.", ("engineer number", 3, 1)),
    case("Accuracy improved by 15 percentage points.", "We lifted accuracy by 8 percentage points.", ("accuracy lift", 15, 8)),
    case("I owned a quota of $1.2M.", "My quota was $900k.", ("quota", 1_200_000, 900_000)),
    case("I was an engineering manager at Brightly.", "At Brightly I was a principal engineer.", ("title", "engineering manager", "principal engineer")),
    case("I worked as a frontend developer on the checkout team.", "I was the tech lead for checkout.", ("title", "frontend developer", "tech lead")),
    case("I was just one of the three analysts on the study.", "I led the study and its three analysts.", ("role", "one of the three analysts", "led the study")),
    # same fact, said differently
    case("We grew from 4 to 10 engineers.", "I started with four engineers.", note="the start of a change"),
    case("The rollout took 12 weeks.", "It was a three-month rollout."),
    case("Revenue grew by €2.5m.", "We added 2.5 million euros in revenue."),
    case("The project took a year and a half.", "It was an 18-month project."),
    case("I managed between 10 and 12 engineers.", "I had eleven engineers."),
    case("We had more than 100 customers.", "We had 120 customers by then."),   # "over X" allows up to 1.3X
    case("I led a team of fifteen.", "My team of 15 covered Europe."),
    case("Conversion went up 12%.", "We improved conversion by twelve percent."),
    case("I've spent three years on the growth team.", "After 36 months on growth I moved to platform."),
    case("We signed 1,200 new users in the first month.", "Twelve hundred users signed up in month one.", note="number words in hundreds"),
    case("Costs dropped 20% to $4M.", "We got costs down to $4M, a 20% cut."),
    # different subjects with different numbers
    case("I managed 3 engineers and 2 contractors.", "My three engineers worked with two contractors."),
    case("We served 40 hospitals with 12 account managers.", "Twelve account managers covered forty hospitals."),
    case("I hired 5 engineers in 2020 and 8 in 2021.", "In 2021 I hired 8 engineers."),
    case("Our 6-person team ran 30 experiments in a quarter.", "The six of us ran thirty experiments that quarter."),
    case("The launch took 6 weeks and reached 10,000 users.", "Ten thousand users saw the launch, which took six weeks."),
    case("I led 2 teams with 14 people in total.", "Across my two teams I had fourteen people."),
    case("Our churn was 2% and NPS was 50.", "NPS sat at 50 while churn was 2%."),
    case("I was a senior engineer and later a staff engineer.", "After a few years as a senior engineer I became staff engineer."),
    # --- hunting false alarms: other things, other numbers, and a few true conflicts ---------------
    case("I ran 5 workshops for 40 people.", "I managed a team of 6."),
    case("It took 2 months to hire the first engineer.", "We opened in 3 markets inside 9 months."),
    case("It took 3 months to get buy-in.", "The build took six months."),
    case("I led a team of 8 within a 40-person department.", "My team of eight sat in a department of about forty."),
    case("I had 12 people across two teams.", "My two teams had twelve people between them."),
    case("I started at Acme in 2015.", "I started leading the platform team in 2018."),
    case("My base salary was $120k.", "I got a $20k bonus that year."),
    case("We cut costs by $250k.", "Our cloud costs were about $1M a year."),
    case("I was one of the people who pushed for the rewrite.", "I led the rewrite."),
    case("In 2019 we launched the app.", "The app launched in 2020.", ("launch year", 2019, 2020)),
    case("I joined in 2019 and was promoted in 2021.", "I joined in 2019; two years later I was promoted."),
    case("I was hired as a junior developer in 2015 and promoted to senior developer in 2018.", "I started as a junior developer."),
    case("Retention went from 80% to 90%.", "Retention improved by 10 points."),
    case("We ran 3 pilots, each lasting 6 weeks.", "Each of our three pilots ran for six weeks."),
    case("I managed a $2M budget and a team of 10.", "With ten people and $2 million we delivered it."),
    case("The company grew from 50 to 200 employees while I was there.", "When I joined we were 50 people; when I left, 200."),
    case("We reduced costs by 30%, saving $2M.", "The 30% cost cut saved $2M."),
    case("I spent 2 years at Acme, where the migration took 9 months.", "The Acme migration was a 9-month effort during my two years there."),
    case("Our revenue was $10M.", "We grew revenue by $1.5M."),
    case("I worked with the product manager on pricing.", "As an engineer I built the pricing service."),
    case("I reported to the VP of engineering.", "I was a senior engineer."),
    case("We hired 20 people in 2021, and I hired 6 of them.", "I personally hired six engineers in 2021."),
    case("Our team of 5 supported 3 other teams.", "We were five people supporting three teams."),
    case("Latency dropped from 800ms to 200ms.", "We got latency down to 200 ms."),
    case("Latency dropped from 800ms to 200ms.", "We got latency down to 300 ms.", ("latency after", 200 / 2_592_000_000, 300 / 2_592_000_000)),
    case("I managed a team of 10 for 2 years.", "For two years I ran a ten-person team."),
    case("I managed a team of 10 for 2 years.", "For three years I ran a ten-person team.", ("duration", 24, 36)),
    case("We processed 5,000 orders a day.", "We handled about 150,000 orders a month."),
    case("We processed 5,000 orders a day.", "We handled about 50,000 orders a month.",
         ("orders", 5000 * 30.4167, 50000)),     # both sides said a month
    case("The contract was worth $1.2M over 3 years.", "It was a three-year, $1.2 million contract."),
    case("I've been a manager for 6 years.", "I have managed people for six years."),
    case("I was the first PM; we had 2 PMs by the time I left.", "When I left there were two of us PMs, and I was the first."),
    case("Our ARR was $12M and growing 40% a year.", "We were at $12M ARR, growing 40% annually."),
    case("The redesign increased signups by 25% in 6 weeks.", "Within six weeks signups were up a quarter.", note="'a quarter' as 25% is not read; no false alarm either"),
    case("I led 4 engineers and 1 designer.", "My team was four engineers and one designer."),
    case("I supported 3 product teams as the only designer.", "As the only designer I covered three product teams."),
    case("We had 99.9% uptime.", "Uptime was 99.95%.", ("uptime", 99.9, 99.95), note="close numbers are still different numbers"),
    case("I was leading a group of 14 analysts.", "My group had 10 analysts when I led it.", ("team", 14, 10)),
    case("We rebuilt the pricing engine in four months.", "The pricing engine rebuild took seven months.", ("duration", 4, 7)),
    case("I had a $600k annual budget.", "My annual budget was $900k.", ("budget", 600000, 900000)),
    case("Our click-through rate went up 20%.", "The click-through rate improved by 35%.", ("ctr lift", 20, 35)),
    case("I spent nearly six years at Umbrella.", "After four years at Umbrella I left.", ("tenure", 72, 48)),
    case("We released 10 versions of the app last year.", "Last year we released 6 versions of the app.", ("releases", 10, 6)),
    case("I brought on 9 new engineers.", "I hired 4 new engineers.", ("hires", 9, 4)),
    case("Customer satisfaction rose from 70% to 85%.", "CSAT went from 70% to 90%.", ("csat after", 85, 90)),
    case("The integration took roughly eight weeks.", "It was about a four-month integration.", ("duration", 8*WEEK, 4)),
    case("I looked after 15 strategic accounts.", "I was responsible for 22 strategic accounts.", ("accounts", 15, 22)),
    case("Error rates fell from 5% to 1%.", "We took the error rate from 5% down to 2%.", ("error rate after", 1, 2)),
    case("The breach exposed 10,000 records.", "About 100,000 records were exposed in the breach.", ("records", 10000, 100000)),
    case("My squad was 6 people.", "My squad had a dozen people.", ("team", 6, 12)),
    case("The new pricing brought in an extra $800k a year.", "Pricing added about $2M a year in revenue.", ("revenue", 800000, 2000000), note="known weakness: 'brought in' reads as sales, not revenue"),
    case("I started at Hooli in 2014.", "I joined Hooli in 2016.", ("start year", 2014, 2016)),
    case("Time to hire went from 60 days to 30 days.", "We cut time to hire from 60 to 40 days.", ("time to hire after", 1, 40/30)),
    case("I was a product designer at Pied Piper.", "At Pied Piper I was the head of design.", ("title", "product designer", "head of design")),
    case("I was one of three designers on the app.", "I headed the design of the app.", ("role", "one of three designers", "headed the design of the app")),
    # same facts (third round) --------------------
    case("I led eight people.", "I had a team of 8."),
    case("The migration took 3 months.", "We migrated everything in 90 days."),
    case("We raised $4 million.", "We raised a $4M seed round."),
    case("We improved conversion by a fifth.", "Conversion went up 20%."),
    case("I was there 4 years.", "I spent forty-eight months there."),
    case("Our churn was 2.5%.", "We had two and a half percent churn."),
    case("The team grew from 3 to 9 people.", "When I arrived there were three of us."),
    case("It took about 6 weeks.", "It took roughly a month and a half."),
    case("I managed 7 to 9 engineers.", "I managed eight engineers."),
    case("Latency dropped by half.", "We halved latency."),
    # different subjects (third round) --------------------
    case("I managed 5 people and 3 vendors.", "Five people and three vendors reported into me."),
    case("We had 200 stores and 4,000 staff.", "Our 4,000 staff worked across 200 stores."),
    case("I trained 30 new agents in my 2 years there.", "Over two years I trained thirty agents."),
    case("We answered 500 calls a day with a team of 20.", "Twenty of us handled 500 daily calls."),
    case("Our 3 data centres served 8 regions.", "Eight regions ran off three data centres."),
    case("I wrote 40 articles that got 1 million views.", "My forty articles reached a million readers."),
    # roles/titles same (third round) --------------------
    case("As a senior PM I owned growth.", "I was the senior product manager for growth."),
    case("I was the tech lead on the rewrite.", "On the rewrite I was tech lead."),
]


def _close(a, b, tol=0.02):
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a.lower().strip() == b.lower().strip()
    if a == b:
        return True
    if a <= 0 or b <= 0:
        return False
    return abs(a / b - 1) <= tol


def _found(result, label):
    return any(_close(c["earlier"]["value"], label["earlier"]) and _close(c["later"]["value"], label["later"])
               for c in result["conflicts"])


CASES = [(f"held-{n:02d}", c) for n, c in enumerate(HELD_OUT, 1)] + \
        [(f"own-{n:02d}", c) for n, c in enumerate(OWN_CASES, 1)]


@pytest.mark.parametrize("item", [c for _, c in CASES], ids=[name for name, _ in CASES])
def test_labelled_case(item):
    if item["note"].startswith("known weakness"):
        pytest.xfail(item["note"])
    result = compare(item["earlier"], item["later"])
    for label in item["conflicts"]:
        assert _found(result, label), (label, result["conflicts"])
    assert len(result["conflicts"]) == len(item["conflicts"]), result["conflicts"]


def test_enough_own_cases():
    assert len(HELD_OUT) >= 40 and len(OWN_CASES) >= 40


# --- the shape of a conflict and its message ---------------------------------------------------
def test_conflict_shape_and_message():
    earlier = "I ran a squad of four nurses on the night shift."
    later = "On nights I had six nurses reporting to me."
    (conflict,) = compare(earlier, later)["conflicts"]
    assert (conflict["about"], conflict["kind"]) == ("team", "count")
    assert conflict["earlier"]["value"] == 4 and conflict["later"]["value"] == 6
    assert earlier[conflict["earlier"]["start"]:conflict["earlier"]["end"]] == conflict["earlier"]["text"]
    assert later[conflict["later"]["start"]:conflict["later"]["end"]] == conflict["later"]["text"]
    assert conflict["message"] == "Team size: you said four nurses (4) earlier and six nurses (6) now."


def test_message_for_a_change_names_the_end_state():
    (conflict,) = compare("Subscriber churn went from 9% to 4% a month.", "We got churn down from 9% to 6%.")["conflicts"]
    assert conflict["message"] == "Churn after the change: you said 4% earlier and 6% now."


def test_message_for_money_and_durations():
    (money,) = compare("The budget was $2M.", "Our spend was capped by a 3 million dollar budget.")["conflicts"]
    assert "$2,000,000" in money["message"] and "$3,000,000" in money["message"]
    (duration,) = compare("The refit went on for 18 months.", "It was a two-year refit.")["conflicts"]
    assert "18 months" in duration["message"] and "2 years" in duration["message"]


def test_message_for_titles_quotes_the_words():
    (conflict,) = compare("I was a senior engineer.", "As the engineering manager I set the roadmap.")["conflicts"]
    assert conflict["message"] == 'Title: you said "senior engineer" earlier and "engineering manager" now.'


def test_a_range_contradicts_through_its_nearer_end():
    (conflict,) = compare("The crew was 7-8 people.", "The crew was 11 people.")["conflicts"]
    assert conflict["earlier"]["value"] == 8 and (conflict["earlier"]["low"], conflict["earlier"]["high"]) == (7, 8)
    assert conflict["message"] == "Team size: you said 7-8 people (7\u20138) earlier and 11 people (11) now."


def test_a_text_agrees_with_itself():
    text = "I ran a crew of 9 on a $3M budget. Churn fell from 6% to 4% over 9 months."
    assert compare(text, text)["conflicts"] == []


def test_only_the_later_value_that_is_new_is_reported():
    result = compare("NPS climbed from 18 to 37.", "NPS moved from 18 to 29.")["conflicts"]
    assert [(c["earlier"]["value"], c["later"]["value"]) for c in result] == [(37, 29)]


# --- within one text --------------------------------------------------------------------------
def test_within_finds_two_team_sizes_in_two_answers():
    text = "I ran a squad of five engineers.\n\nOn payments my team was seven engineers."
    (conflict,) = within(text)["conflicts"]
    assert (conflict["earlier"]["value"], conflict["later"]["value"]) == (5, 7)
    assert text[conflict["later"]["start"]:conflict["later"]["end"]] == conflict["later"]["text"]


def test_within_lines_and_sentences_are_answers_too():
    assert within("My team was 5 people.\nLater: my team of 9 did it.")["conflicts"]
    assert within("My team was 5 people. My team of 9 did it.")["conflicts"]


def test_within_a_change_is_not_a_contradiction():
    assert within("We took the support team from 3 to 11 agents.\n\nIn the end the support team was eleven agents.")["conflicts"] == []


def test_within_one_sentence_is_never_compared_with_itself():
    assert within("My team of 5 became a team of 9.")["conflicts"] == []


# --- the ledger ---------------------------------------------------------------------------------
LEDGER = [
    {"id": "a1", "kind": "count", "about": "team", "value": 5, "text": "five engineers", "source": "Round 1, Q2",
     "locked": True},
    {"id": "a2", "kind": "money", "about": "budget", "value": 2_000_000, "text": "$2M", "source": "Round 1, Q4"},
    {"id": "a3", "kind": "title", "about": "title", "value": "senior engineer", "text": "senior engineer",
     "locked": True},
]


def test_ledger_check_reports_the_ledger_fact_and_its_source():
    result = check(LEDGER, "By then seven engineers reported to me and the budget was $3M.")
    first, second = result["conflicts"]
    assert (first["earlier"]["source"], first["earlier"]["locked"], first["later"]["value"]) == ("Round 1, Q2", True, 7)
    assert (second["earlier"]["source"], second["earlier"]["locked"]) == ("Round 1, Q4", False)


def test_ledger_locked_only_ignores_unlocked_facts():
    result = check(LEDGER, "By then seven engineers reported to me and the budget was $3M.", locked_only=True)
    assert [c["earlier"]["source"] for c in result["conflicts"]] == ["Round 1, Q2"]


def test_ledger_pairs_a_new_value_with_the_locked_fact():
    ledger = [{"kind": "count", "about": "team", "value": 6, "source": "draft"},
              {"kind": "count", "about": "team", "value": 5, "source": "confirmed", "locked": True}]
    (conflict,) = check(ledger, "My team was 7 people.")["conflicts"]
    assert conflict["earlier"]["source"] == "confirmed"


def test_ledger_check_agreeing_text_is_clean():
    assert check(LEDGER, "As a senior engineer I ran the $2M budget with my 5 engineers.")["conflicts"] == []


def test_ledger_check_title_drift():
    (conflict,) = check(LEDGER, "As the engineering manager I set the roadmap.")["conflicts"]
    assert conflict["kind"] == "title" and conflict["earlier"]["value"] == "senior engineer"


def test_ledger_accepts_facts_straight_from_extract():
    facts = extract("I ran a squad of five engineers. Churn went from 9% to 5%.")
    for fact in facts:
        fact["locked"] = True
    result = check(facts, "My team was seven engineers, and churn fell to 6%.")["conflicts"]
    assert sorted((c["earlier"]["value"], c["later"]["value"]) for c in result) == [(5, 6), (5, 7)]


def test_ledger_odd_optional_fields_are_ignored_not_fatal():
    odd = [{"kind": "count", "about": "team", "value": 5, "label": 3, "per_days": 0, "low": "x", "mode": ["end"],
            "start": "zero", "locked": "yes", "level": {}, "source": None}]
    (conflict,) = check(odd, "My team was 7 people.")["conflicts"]
    assert conflict["earlier"]["locked"] is False and conflict["message"].startswith("Team size")


def test_ledger_hand_typed_about_and_string_values():
    typed = [{"kind": "count", "about": "Team size", "value": "5", "text": "5"}]
    (conflict,) = check(typed, "My team was seven engineers.")["conflicts"]
    assert conflict["about"] == "team"


@pytest.mark.parametrize("facts, words", [
    ("nope", "must be a list"),
    ([5], "must be an object"),
    ([{"kind": "weight", "about": "x", "value": 1}], "kind"),
    ([{"kind": "count", "about": "team", "value": "five-ish"}], "number"),
    ([{"kind": "count", "about": "team", "value": True}], "number"),
    ([{"kind": "title", "about": "title", "value": 3}], "words"),
    ([{"kind": "count", "about": "team", "value": 10 ** 400}], "number"),
    ([{"kind": "count", "about": "team", "value": "nan"}], "number"),
])
def test_ledger_bad_facts_say_what_is_wrong(facts, words):
    reply = api.dispatch({"method": "ledger.check", "params": {"facts": facts, "text": "My team was 7."}})
    assert not reply["ok"] and reply["error"]["code"] == "bad_params"
    assert words in reply["error"]["message"]


# --- through the API -----------------------------------------------------------------------------
def test_methods_through_dispatch():
    compare_reply = api.dispatch({"method": "consistency.compare",
                                  "params": {"earlier": "Team of 5.", "later": "My team was 7 people."}})
    assert compare_reply["ok"] and len(compare_reply["result"]["conflicts"]) == 1
    within_reply = api.dispatch({"method": "consistency.within", "params": {"text": "Team of 5.\n\nTeam of 7."}})
    assert within_reply["ok"] and len(within_reply["result"]["conflicts"]) == 1
    ledger_reply = api.dispatch({"method": "ledger.check", "params": {"facts": LEDGER, "text": "Team of 7."}})
    assert ledger_reply["ok"] and len(ledger_reply["result"]["conflicts"]) == 1
    json.dumps([compare_reply, within_reply, ledger_reply])


@pytest.mark.parametrize("method, params", [
    ("consistency.compare", {"earlier": "x"}),
    ("consistency.compare", {"earlier": 1, "later": "x"}),
    ("consistency.within", {}),
    ("ledger.check", {"facts": [], "text": None}),
])
def test_bad_params(method, params):
    reply = api.dispatch({"method": method, "params": params})
    assert not reply["ok"] and reply["error"]["code"] == "bad_params"


def test_empty_texts():
    assert compare("", "")["conflicts"] == []
    assert within("")["conflicts"] == []
    assert check([], "")["conflicts"] == []
    assert check(LEDGER, "")["conflicts"] == []


def test_every_naughty_string(blns):
    answer = "I ran a squad of five engineers and a $2M budget for 18 months as a senior engineer."
    facts = extract(answer)
    for text in blns:
        for params in ({"earlier": answer, "later": text}, {"earlier": text, "later": text}):
            assert api.dispatch({"method": "consistency.compare", "params": params})["ok"]
        assert api.dispatch({"method": "consistency.within", "params": {"text": text}})["ok"]
        assert api.dispatch({"method": "ledger.check", "params": {"facts": facts, "text": text}})["ok"]
    joined = "\n\n".join(blns)
    assert api.dispatch({"method": "consistency.within", "params": {"text": joined}})["ok"]


# --- size (bench/cpython_speed.py and bench/engine.py print the speed) ------------------------------
from tests.fixtures.sample_answer import answer as _answer  # noqa: E402


def test_compare_two_answers_of_forty_sentences_finds_only_the_changed_team_size():
    earlier, later = _answer(40), _answer(40).replace("five", "seven")
    result = compare(earlier, later)
    assert result["conflicts"]
    for c in result["conflicts"]:
        assert (c["about"], c["earlier"]["value"], c["later"]["value"]) == ("team", 5, 7), c
        assert earlier[c["earlier"]["start"]:c["earlier"]["end"]] == c["earlier"]["text"]
        assert later[c["later"]["start"]:c["later"]["end"]] == c["later"]["text"]
    assert compare(earlier, later) == result
    assert compare(earlier, earlier)["conflicts"] == []


def _megabyte(n=1_000_000):
    return repeat(_answer(40) + "\n\n")(n)


def test_a_megabyte_compare_and_within_answer():
    big = _megabyte()
    for method, params in (("consistency.compare", {"earlier": _answer(40), "later": big}),
                           ("consistency.within", {"text": big})):
        reply = api.dispatch({"method": method, "params": params})
        assert reply["ok"], (method, reply)
        assert reply["result"]["conflicts"] == [], method   # the same 40 sentences over and over agree
    changed = big.replace("five", "seven")
    reply = api.dispatch({"method": "consistency.compare", "params": {"earlier": _answer(40), "later": changed}})
    assert reply["ok"] and reply["result"]["conflicts"]
    assert {(c["about"], c["later"]["value"]) for c in reply["result"]["conflicts"]} == {("team", 7)}


@pytest.mark.parametrize("method", ["consistency.compare", "consistency.within"])
def test_work_on_a_long_text_grows_linearly(method):
    def call(text):
        params = {"earlier": _answer(40), "later": text} if method == "consistency.compare" else {"text": text}
        assert api.dispatch({"method": method, "params": params})["ok"]
    assert_linear(call, _megabyte, 100_000)  # 100 KB against 400 KB of answers
