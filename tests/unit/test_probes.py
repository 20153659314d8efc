"""The probe engine (`probes.suggest`): rules one at a time, the registry, session context, personas,
and our own labelled cases (the shared dev set is scored by bench/probes_eval.py, never by a test).

CASES below were written for this engine in other words and situations than the shared dev set
(../shared/eval/probes_dev.jsonl). A case passes, as in the eval, when every expected kind is among the
first three probes and the first probe is not of an avoided kind. Each is its own test, so a rule
change that only fits the dev set shows up here.
"""

from __future__ import annotations

import pytest

from roundtwo import api
from roundtwo.probes import RULES, Registry, personas, run
from tests.work import assert_linear, calls, repeat

B, V, S, T, W = "behavioral", "values", "scenario", "technical", "why_us"
CASES = [
    ("Tell me about a time you made a process more efficient.", B,
     "Our support team was drowning in tickets, with average first response at 14 hours. My manager asked me to bring it down. I built a triage bot that tagged incoming tickets and routed billing questions to a dedicated queue. Within two months first-response time dropped to 3 hours.",
     ["assumption_challenge"], ["elaborate"]),
    ("Describe your biggest win last year.", B,
     "I renegotiated our cloud contract after auditing our usage line by line, and I moved our batch jobs to spot instances. We saved $400k a year.",
     ["assumption_challenge"], []),
    ("Tell me about a time you handled an angry customer.", B,
     "I calmed them down and it was fine.", ["elaborate"], ["retrospective"]),
    ("Tell me about a time you showed leadership.", B,
     "I led the team through a reorg.", ["elaborate"], []),
    ("Tell me about a time you turned around a struggling project.", B,
     "The project was six months late when we took it over. We reset the scope with the sponsor, we moved to weekly demos, and we brought in two contractors for the data migration. We delivered the first release in March.",
     ["ownership"], []),
    ("Talk me through how your team handled a security breach.", B,
     "Our team got paged at 2am. The team isolated the affected servers, we rotated all credentials, and we notified customers within 24 hours.",
     ["ownership"], []),
    ("Describe a time you had to give difficult feedback.", B,
     "One of my reports kept missing code review deadlines and it was blocking the team. I booked a private meeting, shared three specific examples from the last sprint, and asked what was getting in the way, then suggested pairing him with a senior engineer for a month.",
     ["result"], []),
    ("Describe a time you pushed back on a stakeholder.", B,
     "Our VP of sales wanted a custom dashboard for one prospect two days before the release freeze. I explained the risk to the release, showed her the list of committed work, and offered a CSV export as a stopgap.",
     ["result"], []),
    ("Tell me about a time you used data to change someone's mind.", B,
     "I guess I sort of pulled some numbers together and maybe showed them to the team, and I think it kind of helped people see things differently.",
     ["specifics"], []),
    ("Tell me about a successful project.", B,
     "I led a migration project that went really well. Everyone was happy and the team said it improved a lot.",
     ["specifics", "elaborate"], []),
    ("Tell me about a mistake you made.", B,
     "Last spring I pushed a database migration on a Friday afternoon without a rollback plan. It locked the orders table for forty minutes and we lost about 300 orders. I restored service, wrote the incident report, and set up a rule that schema changes need a tested rollback.",
     ["retrospective"], ["elaborate"]),
    ("Tell me about a project that didn't go as planned.", B,
     "I underestimated how long the vendor integration would take and committed to a date I couldn't hit. We missed the launch by five weeks and the client was frustrated. I reset expectations with them weekly and we shipped in May.",
     ["retrospective"], []),
    ("Describe a time you improved reliability.", B,
     "In 2022 our nightly billing job failed about once a week and someone had to rerun it by hand. I owned the fix. I added idempotency keys, split the job into retryable steps, and added alerting on partial runs. Since then it has not needed a manual rerun once.",
     ["retrospective"], ["elaborate"]),
    ("Tell me about a time you grew a team's output.", B,
     "When I took over the mobile team in 2021, we were shipping a release every six weeks. I introduced trunk-based development, automated the App Store submission, and cut the manual QA checklist from 120 items to 30. By the end of the year we shipped every two weeks and crash rate fell 40%.",
     ["assumption_challenge", "retrospective"], ["elaborate"]),
    ("Describe a time you had to choose between being honest and being liked.", V,
     "Honesty is really important to me and I always tell the truth.", ["values_conflict", "elaborate"], []),
    ("How do you balance shipping fast with keeping the codebase healthy?", V,
     "I think both matter, so I try to find a middle ground depending on the situation.",
     ["values_conflict", "specifics"], []),
    ("Tell me about a time you stood up for what was right even though it was unpopular.", V,
     "Our sales lead wanted to promise a client a security certification we didn't have yet. I told him in the deal review that I wouldn't sign off on the contract language, and escalated to our CISO with the audit timeline. We rewrote the clause to say it was in progress, and the client signed anyway two weeks later.",
     ["values_conflict"], ["elaborate"]),
    ("Imagine your top engineer threatens to quit. What do you do?", S,
     "I'd sit down with them, understand what's going on and try to sort it out.", ["specifics", "elaborate"], []),
    ("You have two weeks until launch and QA finds a serious bug that affects 5% of users. What do you do?", S,
     "First I'd get a clear read on the impact: which users, whether data is at risk, and whether there is a workaround. Then I'd lay out the options for the product lead: delay the launch, ship behind a feature flag that excludes the affected segment, or ship with a known-issue notice and a hotfix date. My recommendation would depend on the risk, but I'd lean towards the flag.",
     ["values_conflict"], ["elaborate"]),
    ("How would you scale a read-heavy database?", T, "Add read replicas and a cache.", ["elaborate"], []),
    ("Tell me about a technical decision that, looking back, you would make differently.", T,
     "In 2020 we chose to build our own feature-flag service instead of buying one. It took two engineers most of a quarter, and I was the one who argued for it in the design review.",
     ["retrospective", "result"], []),
    ("Why do you want to join us?", W,
     "You're an innovative company and I love the mission and the people seem amazing.", ["specifics", "elaborate"], []),
    ("Why this role?", W,
     "I've used your analytics SDK at two jobs, and at Brightline I filed three issues about its offline mode that your team fixed within a week. The role is on that SDK team, and I want to work on the sync engine you described in the March release notes.",
     [], ["elaborate", "specifics"]),
    ("Describe a time you delivered a complex project.", B,
     "We had to migrate 40 services to Kubernetes in a quarter. We set up a platform squad, we wrote migration playbooks, and we ran weekly office hours. I handled the networking piece. We finished two weeks early.",
     ["ownership"], []),
    ("Tell me about a time you dealt with ambiguity.", B,
     "When I joined, nobody knew who owned the data warehouse. There were three teams writing to it and the schemas were a mess, and the CFO's reports were wrong every month.",
     ["action"], []),
    ("Describe a time you had to manage an underperformer.", B,
     "I would first set clear expectations, then I'd give them regular feedback and if nothing changed I'd involve HR.",
     ["action"], []),
    ("Describe a time you led a change.", B,
     "So basically we kind of had this process that wasn't really working, and I sort of felt like we needed to change it. I talked to some people and we tried a few things, and I think it maybe got somewhat better over time, you know.",
     ["specifics"], []),
    ("Tell me about your impact in your current role.", B,
     "I own onboarding for our self-serve product. Last year I rewrote the first-run tutorial and added an in-app checklist, and activation increased from 22% to 31%.",
     ["assumption_challenge"], []),
    ("Tell me about a time you put the customer ahead of your numbers.", V,
     "At the end of Q4 I had a customer ready to sign a three-year deal, but our product couldn't do the reporting they needed. I told them so and suggested they wait for our Q2 release. I missed my quarter by 8%, and they signed a bigger deal in Q2.",
     ["values_conflict"], ["elaborate"]),
    ("How would you debug a memory leak in production?", T, "Take a heap dump and look at it.", ["elaborate"], []),
    ("How would you spend your first 30 days?", S,
     "Meet everyone, learn as much as I can, and find some quick wins.", ["specifics", "elaborate"], []),
    ("What attracts you to this company?", W,
     "Honestly it's the culture. I've heard great things about how you treat people and I think it would be a great place to grow my career and learn a lot from really smart people.",
     ["specifics"], []),
    ("What's the biggest professional mistake you've made?", B,
     "I hired a senior engineer because he interviewed brilliantly, even though two references were lukewarm. Within three months he'd alienated half the team. I let him go after a performance plan, and I rebuilt trust with the team over the next quarter.",
     ["retrospective"], []),
    ("Describe a time you disagreed with your manager.", B,
     "My manager wanted to cut the accessibility work to hit the launch date. I pulled the support tickets from screen-reader users and the legal guidance, and asked for thirty minutes in our one-on-one to walk her through them.",
     ["result"], []),
    # --- written after the rules, then kept: same kinds, new wording and domains
    ("Tell me about a time you reduced costs.", B, "Our AWS bill had crept up to $90k a month. I audited every account, shut down 40 idle instances and moved logs to cold storage. Within a quarter the bill was down 35%.", ["assumption_challenge"], ["elaborate"]),
    ("Describe a time you exceeded a goal.", B, "I beat my sales quota by 150% last year.", ["elaborate", "assumption_challenge"], []),
    ("Tell me about a time you worked under pressure.", B, "It was stressful but I managed.", ["elaborate"], ["retrospective"]),
    ("Describe a time you had to persuade your team.", B, "I convinced them to switch to Kanban.", ["elaborate"], []),
    ("Tell me about a team achievement you're proud of.", B, "We rebuilt the search index from scratch. We split the work into three streams, we ran load tests every night, and we cut over with zero downtime. Our team got an award for it.", ["ownership"], []),
    ("How did you handle a missed deadline?", B, "The team realised in week six that the API integration would slip. We told the client straight away, we renegotiated the scope, and the team worked a couple of weekends to land the core features.", ["ownership"], []),
    ("Tell me about a time you coached someone.", B, "A junior designer on my team was struggling with stakeholder reviews. I sat in on two of her reviews, gave her written notes after each one, and ran a mock review with her before the big quarterly one.", ["result"], []),
    ("Tell me about a time you resolved a conflict between teams.", B, "Sales and support kept arguing over who owned onboarding calls. I mapped every step of onboarding on a whiteboard with both leads and proposed a handover at the point the contract is signed.", ["result"], []),
    ("Describe a time you improved a process.", B, "Honestly I just sort of noticed things were kind of slow and maybe suggested some changes, and I guess it helped a bit.", ["specifics"], []),
    ("Tell me about a project that had a big impact.", B, "I built a new dashboard that the whole company uses. It was a big success and people loved it.", ["specifics", "elaborate"], []),
    ("Describe a time you made a bad call.", B, "Two years ago I approved a vendor without checking their security certifications because we were in a hurry. Three months later their breach exposed some of our customer emails. I led the notification process and moved us to a new vendor within six weeks.", ["retrospective"], []),
    ("Tell me about feedback that was hard to hear.", B, "My manager told me in my review that I dominated meetings and didn't leave space for quieter people. I asked two peers for examples, started keeping a tally of who spoke in my meetings, and now I ask the quietest person first.", ["retrospective"], []),
    ("Tell me about a time you scaled a system.", B, "In 2021 our API handled about 200 requests a second and kept timing out during sales. I was responsible for fixing it. I added a read cache, moved image processing to a queue, and sharded the orders table. By Black Friday we served 3,000 requests a second with p95 under 200 ms.", ["assumption_challenge"], ["elaborate"]),
    ("What does integrity mean to you?", V, "Integrity means doing what you say you'll do.", ["values_conflict", "elaborate"], []),
    ("How do you weigh speed against quality?", V, "It depends, honestly. Sometimes speed matters more and sometimes quality does, so I try to judge case by case.", ["values_conflict", "specifics"], []),
    ("Describe a time you had to break bad news to a customer.", V, "Our release had a bug that corrupted some customers' exports. I called our three biggest affected customers myself the same day, explained what happened and what we were doing, and offered a credit. Two of them renewed that quarter.", ["values_conflict"], ["elaborate"]),
    ("A key client asks you to bend a policy for them. What do you do?", S, "I'd probably just talk to them and see what we can do.", ["specifics", "elaborate"], []),
    ("Your team's morale is low after layoffs. What would you do?", S, "I'd start with one-to-ones with everyone in the first two weeks to hear what's worrying them. Then I'd be open about what I know and don't know, and I'd weigh giving the team a quick win against the risk of overloading them, rather than pushing the old roadmap as if nothing happened.", ["values_conflict"], ["elaborate"]),
    ("How would you design a URL shortener?", T, "Hash the URL and store it in a database.", ["elaborate"], []),
    ("Tell me about an architecture decision you regret.", T, "We went with microservices for a five-person team in 2019. We spent more time on deploy pipelines and service contracts than on features, and I pushed for consolidating back into a modular monolith last year.", ["retrospective", "result"], []),
    ("Why are you interested in this position?", W, "It seems like a great opportunity and a really exciting company to work for.", ["specifics", "elaborate"], []),
    ("Why us rather than a competitor?", W, "Your billing API is the one my current team integrates with, and your docs on idempotency keys changed how we design retries. I want to work on the developer experience side, and the platform team's talk at KubeCon last year is the kind of work I want to do.", [], ["elaborate", "specifics"]),
    ("Describe a time you had to influence a senior leader.", B, "We wanted to move to a four-day release cycle. We gathered data from the last ten releases, we wrote a proposal, and we presented it to the CTO, who approved it.", ["ownership"], []),
    ("Describe a time you had to make a decision with incomplete information.", B, "When the pandemic hit, our events business dropped to zero overnight and nobody knew for how long. The board wanted a plan within a week.", ["action"], []),
    ("Tell me about a time you went above and beyond.", B, "I'd always go the extra mile for a customer, for example by staying late to help them.", ["specifics"], []),
    ("Tell me about a time you grew revenue.", B, "Our renewals team was losing about one in five mid-market accounts. I was asked to own retention for that segment. I set up quarterly business reviews for the top 50 accounts and built a health score from product usage. Net revenue retention went from 94% to 108% over the year.", ["assumption_challenge"], ["elaborate"]),
    ("Tell me about a difficult stakeholder.", B, "He was difficult but we worked it out in the end.", ["elaborate"], ["retrospective"]),
    ("Tell me about a time you delivered a big launch.", B, "We planned the launch for six months. We coordinated with marketing, we trained support, and we launched in 12 countries on the same day.", ["ownership"], []),
    ("Tell me about a time you changed someone's mind.", B, "Our head of product wanted to drop the Android app to save money. I pulled usage data by platform and interviewed five of our largest Android customers, then presented both to her with a cheaper maintenance plan.", ["result"], []),
    ("Tell me about a time you showed initiative.", B, "I kind of just started doing some stuff around documentation and I think people maybe found it helpful, sort of.", ["specifics"], []),
    ("Tell me about a time you failed to meet expectations.", B, "In my first quarter as a team lead I took on too much of the coding myself and my two reports felt ignored. One of them told me in a skip-level. I stepped back from the critical path, started weekly one-to-ones, and delegated the next feature to them.", ["retrospective"], []),
    ("Tell me about your most impactful project.", B, "I led the rewrite of our pricing engine in Go. Quotes that took 12 seconds now take 300 ms, and sales stopped complaining.", ["assumption_challenge"], []),
    ("How do you decide between what the customer wants and what the business needs?", V, "I always try to find a win-win for everyone.", ["values_conflict", "elaborate"], []),
    ("Tell me about a time you refused to cut a corner.", V, "Our launch was a week away and the security review had flagged an unencrypted backup. The PM wanted to ship and fix it later. I refused to sign off, stayed two nights to add encryption with our SRE, and we launched four days late.", ["values_conflict"], ["elaborate"]),
    ("Your manager asks you to present numbers you think are misleading. What do you do?", S, "I would just tell them I'm not comfortable and figure something out.", ["specifics", "elaborate"], []),
    ("You inherit a team that ships late every sprint. What do you do in your first month?", S, "First I'd look at the last six sprints to see where the time goes: estimation, interruptions or review queues. Then I'd pick one change with the team rather than imposing five, accepting that velocity may dip for a sprint. If interruptions are the cause, I'd trade some roadmap for an on-call rotation.", ["values_conflict"], ["elaborate"]),
    ("How would you make a slow web page faster?", T, "Profile it and fix the slow parts.", ["elaborate"], []),
    ("Tell me about a time a technical choice you made backfired.", T, "I chose GraphQL for our public API in 2020 because it was flexible. Our customers mostly wanted simple REST calls, and support tickets about query complexity doubled.", ["retrospective"], []),
    ("What excites you about this job?", W, "I'm passionate about technology and I love solving problems with great people.", ["specifics", "elaborate"], []),
    ("Why do you want to leave your current job for us?", W, "I've been running the payments team at Lumen for three years and we've outgrown the problems I find interesting. Your move into cross-border payouts in Brazil and Mexico is exactly what I worked on before Lumen, and I'd like to lead that build-out.", [], ["elaborate", "specifics"]),
    ("Describe a time you had to adapt to change.", B, "When our company was acquired, everything about how we planned work changed overnight and half of my team's projects were cancelled.", ["action"], []),
    ("Describe a time you improved team culture.", B, "We started a weekly demo day. We invited other teams, we rotated who presented, and we kept it to 30 minutes. Attendance doubled in two months.", ["ownership"], []),
    ("Describe a time you improved customer satisfaction.", B, "So at my previous company, NPS was sitting at 12, which was, like, really low for B2B. My VP asked me to own it. I read every detractor comment from the last two quarters, grouped them, and found that 60% were about slow support replies. I pushed for a follow-the-sun rota with our Manila office. Two quarters later NPS was 41.", ["assumption_challenge"], ["elaborate"]),
    ("Tell me about a time you handled a crisis.", B, "There was a crisis with a client and I handled it.", ["elaborate"], ["retrospective"]),
    ("Give me an example of teamwork.", B, "Our team built the new checkout together. We paired on every story, we reviewed each other's code, we held retros every Friday, and we shipped it two weeks early.", ["ownership"], []),
    ("Describe a time you negotiated something.", B, "Our main supplier announced a 20% price rise. I gathered three competing quotes, showed them our five-year purchase history, and proposed a two-year commitment in exchange for holding the price.", ["result"], []),
    ("Tell me about a time you managed competing priorities.", B, "Basically I sort of juggled things and tried to, you know, keep everyone kind of happy, I guess.", ["specifics"], []),
    ("What's a decision you regret?", B, "I turned down a promotion to engineering manager in 2020 because I wanted to keep coding. A peer took it and reshaped the team in ways I disagreed with, and I had no voice in it. I asked for the next opening and got it in 2022.", ["retrospective"], []),
    ("How do you handle disagreement with your boss?", V, "I respect the hierarchy but I always speak up.", ["values_conflict", "elaborate"], []),
    ("Your product has a bug that only you know about, and fixing it will delay the launch. What do you do?", S, "I'd tell my manager straight away, with an estimate of the impact and two options: delay a week to fix it, or launch with the feature behind a flag and fix it in the next release. I'd recommend the flag unless customer data is at risk, even if it means an awkward conversation with marketing.", ["values_conflict"], ["elaborate"]),
    ("How would you migrate a large database with no downtime?", T, "Use replication and switch over.", ["elaborate"], []),
    ("Why do you want to join our company?", W, "Because it's a leading company in the industry with an amazing reputation.", ["specifics", "elaborate"], []),
    ("Describe a time you had to learn a new domain.", B, "When I moved to the insurance team I knew nothing about underwriting, and the team had a release in a month that depended on a pricing model nobody had documented.", ["action"], []),
    ("Tell me about a time you went against the crowd.", V, "In a planning meeting everyone wanted to build a mobile app. I argued that 80% of our traffic was desktop admins and that the money should go to bulk editing instead. I lost the vote, committed to the app, and made sure we tracked adoption; six months later we added bulk editing too.", ["values_conflict"], ["elaborate"]),
]


def suggest(answer, question="Describe a time you led a project.", category="behavioral", **extra):
    reply = api.dispatch({"method": "probes.suggest",
                          "params": {"question": question, "answer": answer, "category": category, **extra}})
    assert reply["ok"], reply
    return reply["result"]["probes"]


def kinds(probes):
    return [p["kind"] for p in probes]


def passes(case_expect, case_avoid, probes):
    ks = kinds(probes)
    return all(k in ks[:3] for k in case_expect) and not (ks and ks[0] in case_avoid)


# --- labelled cases ----------------------------------------------------------------------------------


@pytest.mark.parametrize("question,category,answer,expect,avoid", CASES, ids=[c[0][:40] for c in CASES])
def test_own_case(question, category, answer, expect, avoid):
    probes = suggest(answer, question, category)
    assert passes(expect, avoid, probes), [(p["kind"], p["text"]) for p in probes[:4]]


def test_own_cases_are_many_and_varied():
    assert len(CASES) >= 30
    assert {c[1] for c in CASES} == {"behavioral", "values", "scenario", "technical", "why_us"}


# --- the registry --------------------------------------------------------------------------------------


def test_registry_orders_by_priority_and_deregisters():
    reg = Registry()
    reg.register("low", "low", 10)
    reg.register("high", "high", 90)
    reg.register("mid", "mid", 50)
    assert list(reg) == ["high", "mid", "low"] and "mid" in reg and len(reg) == 3
    reg.deregister("mid")
    assert list(reg) == ["high", "low"]
    reg.register("low2", "low", 95)  # re-registering a name replaces it
    assert list(reg) == ["low2", "high"]
    with pytest.raises(ValueError):
        reg.deregister("nope")
    reg.deregister("nope", strict=False)


def test_every_rule_has_a_name_kind_priority_and_doc():
    listed = api.dispatch({"method": "probes.rules", "params": {}})["result"]["rules"]
    assert len(listed) == len(RULES) >= 15
    for r in listed:
        assert r["name"] and r["kind"] and isinstance(r["priority"], (int, float)) and r["doc"]
    assert [r["priority"] for r in listed] == sorted((r["priority"] for r in listed), reverse=True)


def test_a_rule_can_be_switched_off_alone():
    answer = "Our site went down. We jumped in, we patched it, and then we wrote a post-incident review."
    assert "ownership" in kinds(suggest(answer))
    probes = suggest(answer, disabled=["all_we"])
    assert "ownership" not in kinds(probes) and "elaborate" in kinds(probes)


def test_a_whole_kind_can_be_switched_off():
    assert "elaborate" not in kinds(suggest("I fixed it.", disabled=["elaborate"]))


def test_disabled_must_be_a_list():
    reply = api.dispatch({"method": "probes.suggest", "params": {"answer": "x", "disabled": "all_we"}})
    assert reply["error"]["code"] == "bad_params"


# --- rules one at a time -------------------------------------------------------------------------------


def only(rule, answer, question="Describe a time you led a project.", category="behavioral", **extra):
    """Probes from one rule alone (every other rule switched off)."""
    off = [r.name for r in RULES if r.name != rule]
    return suggest(answer, question, category, disabled=off, **extra)


def test_thin_answer_asks_to_elaborate_and_quotes_it():
    probes = only("thin_answer", "I led the team through a reorg.")
    assert kinds(probes) == ["elaborate"] and "I led the team through a reorg" in probes[0]["text"]


def test_thin_answer_silent_for_a_full_answer():
    assert only("thin_answer", "word " * 80) == []


def test_all_we_quotes_a_we_clause():
    probes = only("all_we", "We reshuffled the backlog, we dropped two features, and we shipped on the date.")
    assert probes[0]["kind"] == "ownership" and "\u201cWe reshuffled the backlog\u201d" in probes[0]["text"]


def test_all_we_silent_when_i_appears():
    assert only("all_we", "We reshuffled the backlog and I cut the scope with the client.") == []


def test_mostly_we_needs_three_we_to_one_i():
    text = "We planned it, we built it, we shipped it, and I wrote the docs."
    assert kinds(only("mostly_we", text)) == ["ownership"]


def test_metric_claim_quotes_the_claim():
    probes = only("metric_claim", "I rewrote onboarding. Over the next quarter activation rose 12%.")
    assert probes[0]["kind"] == "assumption_challenge"
    assert "activation rose 12%" in probes[0]["text"] and probes[0]["quote"]["text"] == "activation rose 12%"


def test_metric_without_change_is_not_a_claim():
    assert only("metric_claim", "We had 12 engineers and 3 designers on the team.") == []


def test_absolute_claim_in_the_result():
    probes = only("absolute_claim", "I put in canary deploys. Since then there have been no outages at all.")
    assert "no outages" in probes[0]["text"]


def test_hedged_quotes_the_hedge_clause():
    probes = only("hedged", "I kind of skimmed the survey results and they sort of pointed us somewhere.")
    assert probes[0]["kind"] == "specifics" and "kind of" in probes[0]["quote"]["text"]


def test_no_numbers_asks_for_an_example_when_no_story():
    probes = only("no_numbers", "I always put people first.", "Tell me about a time you put people first.", "values")
    assert probes[0]["kind"] == "specifics"
    assert any(w in probes[0]["text"].lower() for w in ("example", "concrete", "real case"))


def test_no_numbers_for_why_us():
    probes = only("no_numbers", "You have a great culture.", "Why us?", "why_us")
    assert probes and probes[0]["kind"] == "specifics"


def test_missing_result_quotes_the_last_action():
    probes = only("missing_result", "Our tests were flaky. I quarantined the worst ten and then I rewrote the fixtures.")
    assert probes[0]["kind"] == "result" and "I rewrote the fixtures" in probes[0]["text"]


def test_missing_action_after_a_scene():
    probes = only("missing_action", "When I joined, nobody knew who owned the data warehouse and reports were wrong.")
    assert probes[0]["kind"] == "action"


def test_missing_action_for_a_hypothetical_story():
    probes = only("missing_action", "I would sit down with them and I'd set clear goals.")
    assert probes[0]["kind"] == "action" and "would" in probes[0]["text"]


def test_missing_situation():
    probes = only("missing_situation", "I rewrote the billing job, split it into steps and added alerts on partial runs.")
    assert kinds(probes) == ["situation"]


def test_failure_story_from_the_question():
    probes = only("failure_story", "I shipped a migration without a rollback plan and it broke checkout.",
                  "Tell me about a mistake you made.")
    assert kinds(probes) == ["retrospective"]


def test_failure_story_from_the_answer():
    text = "I overpromised a date to a customer without checking with the team, and we missed it. I apologised."
    assert kinds(only("failure_story", text, "Tell me about a customer project.")) == ["retrospective"]


def test_complete_story_asks_what_they_would_change():
    text = ("Last year our release took two days and every release needed a person watching it. I was asked to "
            "speed it up. I automated the checks and I split the pipeline into stages. Releases now take two "
            "hours and we shipped twice as often.")
    assert kinds(only("complete_story", text)) == ["retrospective"]


def test_values_question_uses_their_value_and_the_question():
    probes = only("values_question", "I always put safety first.",
                  "Tell me about a time safety conflicted with meeting your budget.", "values")
    assert "safety" in probes[0]["text"] and "meeting your budget" in probes[0]["text"]


def test_trade_off_signal_in_a_scenario():
    text = "I'd weigh the options: delay the launch, or ship behind a flag, but the risk to data is the deciding cost."
    assert kinds(only("trade_off_signal", text, "What would you do?", "scenario")) == ["values_conflict"]


def test_design_choice_asks_for_alternatives():
    probes = only("design_choice", "For each tenant I'd use a token bucket held in Redis.", "Design throttling for a webhook service.", "technical")
    assert probes[0]["kind"] == "alternatives" and "token bucket" in probes[0]["text"]


def test_motivation_for_why_us_only():
    assert kinds(only("why_us_motivation", "I like your product.", "Why us?", "why_us")) == ["motivation"]
    assert only("why_us_motivation", "I like your product.") == []


# --- session context -------------------------------------------------------------------------------


STORY = "Our site went down. We jumped in, we patched it, and then we wrote a post-incident review."


def test_asked_kind_is_not_repeated():
    first = suggest(STORY)
    again = suggest(STORY, context={"asked": [first[0]["kind"]]})
    assert first[0]["kind"] not in kinds(again)


def test_asked_id_and_text_are_not_repeated():
    first = suggest(STORY)
    assert first[0]["id"] not in [p["id"] for p in suggest(STORY, context={"asked": [first[0]["id"]]})]
    again = suggest(STORY, context={"asked": [first[0]["text"]]})
    assert first[0]["text"] not in [p["text"] for p in again]


def test_ledger_conflict_becomes_the_first_probe():
    conflict = {"about": "team size", "earlier": {"value": 4, "text": "a crew of four nurses"},
                "later": {"value": 6, "text": "six nurses reporting to me"}, "message": "4 vs 6"}
    probes = suggest("On nights I had six nurses reporting to me and I rebuilt the rota.",
                     context={"conflicts": [conflict]})
    assert probes[0]["kind"] == "consistency"
    assert "a crew of four nurses" in probes[0]["text"] and "six nurses reporting to me" in probes[0]["text"]
    assert probes[0]["quote"]["text"] == "six nurses reporting to me"


def test_malformed_context_items_are_skipped():
    probes = suggest(STORY, context={"conflicts": [5, {"earlier": "x"}], "weak_moments": ["x"], "pushback": [3]})
    assert probes and "consistency" not in kinds(probes)


def test_context_must_be_an_object():
    reply = api.dispatch({"method": "probes.suggest", "params": {"answer": "x", "context": []}})
    assert reply["error"]["code"] == "bad_params"


def test_weak_moment_that_matches_the_question_is_raised():
    probes = suggest("I rebuilt the pricing page and conversion rose 4% in a month.",
                     "Tell me about your pricing experiment.",
                     context={"weak_moments": [{"question": "How did you price the enterprise tier?",
                                                "note": "rambled on pricing"}]})
    assert "revisit" in kinds(probes)
    revisit = next(p for p in probes if p["kind"] == "revisit")
    assert "How did you price the enterprise tier" in revisit["text"]


def test_pushback_topic_that_matches_is_raised():
    probes = suggest("I have managed contractors but never a team of my own.",
                     "Tell me about your management experience.",
                     context={"pushback": ["management experience"]})
    assert "pushback" in kinds(probes)[:3]


def test_bank_follow_up_ladder_in_order():
    ladder = ["What exactly was the disagreement?", "Who was right?"]
    text = ("Last year a colleague and I disagreed on the schema. I proposed a spike and we measured both "
            "options. We went with mine and cut query time by 40%.")
    probes = suggest(text, context={"follow_ups": ladder}, limit=20)
    assert ladder[0] in [p["text"] for p in probes]
    probes = suggest(text, context={"follow_ups": ladder, "asked": [ladder[0]]}, limit=20)
    assert ladder[1] in [p["text"] for p in probes] and ladder[0] not in [p["text"] for p in probes]


# --- wording -------------------------------------------------------------------------------------------


def test_every_probe_has_kind_text_and_why():
    for p in suggest("Basically I kind of did a lot of stuff and it went great."):
        assert p["kind"] and p["text"] and p["why"] and p["id"] and p["rule"]


def test_user_braces_are_not_templates():
    probes = suggest("I {quote} did {value} it {0} and {__class__}.")
    assert probes[0]["kind"] == "elaborate"
    assert "I {quote} did {value} it {0} and {__class__}" in probes[0]["text"]


def test_quotes_are_the_persons_own_words_with_offsets():
    answer = ("In 2021 our app store rating sat at 3.2 stars. My lead asked me to fix it. I read 400 reviews, found "
              "that login failures drove most complaints, and rebuilt the token refresh. Within two months the rating rose to 4.5.")
    for p in suggest(answer):
        if p["quote"]:
            q = p["quote"]
            assert answer[q["start"]:q["end"]] == q["text"]


# --- personas ------------------------------------------------------------------------------------------


def test_five_distinct_personas():
    ps = personas()
    assert len(ps) == 5
    assert {p["id"] for p in ps} == {"skeptic", "warm", "technical", "people", "executive"}
    assert all(3 <= p["max_follow_ups"] <= 5 for p in ps)
    assert len({tuple(sorted(p["boosts"].items())) for p in ps}) == 5
    assert len({p["seconds_per_answer"] for p in ps}) >= 4


def test_personas_reach_for_different_probes():
    answer = ("In 2022 our sign-up flow lost half its visitors. We ran interviews and we rebuilt the form, and I "
              "picked Stripe over building our own payments because it was quicker, but it cost more per "
              "transaction. Sign-ups rose 25% in a quarter.")
    firsts = {pid: suggest(answer, persona=pid)[0]["kind"] for pid in ("skeptic", "warm", "technical", "people", "executive")}
    assert firsts["skeptic"] == "assumption_challenge"
    assert len(set(firsts.values())) >= 3, firsts


def test_persona_words_it_their_way():
    answer = "I rewrote onboarding. Over the next quarter activation rose 12%."
    plain = suggest(answer)[0]["text"]
    skeptic = suggest(answer, persona="skeptic")[0]["text"]
    assert plain != skeptic and "activation rose 12%" in skeptic


def test_unknown_persona_is_bad_params():
    reply = api.dispatch({"method": "probes.suggest", "params": {"answer": "x", "persona": "ghost"}})
    assert reply["error"]["code"] == "bad_params" and "skeptic" in reply["error"]["message"]


# --- work and hostile input (bench/cpython_speed.py and bench/engine.py print the speed) ------------


def test_repeated_calls_give_the_same_probes_for_the_same_work():
    question, category, answer = CASES[0][0], CASES[0][1], CASES[0][2]
    first = run(answer, question, category)
    assert first["probes"]
    counts = []
    for k in range(1, 51):  # nothing piles up from call to call: the 50th costs what the 1st did
        counts.append(calls(run, answer + "." * k, question, category))
        assert run(answer, question, category) == first
    assert max(counts) <= 1.25 * min(counts), counts


def test_one_megabyte_answer_gets_probes():
    answer = ("We kind of cut costs by 30% and I think the team was happy. " * 20_000)[:1_000_000]
    probes = suggest(answer)
    assert probes and all(p["text"] for p in probes)
    for p in probes:
        if p["quote"]:
            assert answer[p["quote"]["start"]:p["quote"]["end"]] == p["quote"]["text"]


def test_probe_work_grows_linearly_with_the_answer():
    assert_linear(suggest, repeat("We kind of cut costs by 30% and I think the team was happy. "), 25_000)


def test_empty_answer_gives_no_probes_and_no_error():
    assert suggest("") == []
    assert suggest("   \n  ") == []


def test_naughty_strings_never_fail(blns):
    for s in blns:
        for params in ({"answer": s, "question": s}, {"answer": s, "category": "why_us", "persona": "skeptic",
                                                       "context": {"asked": [s], "pushback": [s], "follow_ups": [s] if s else []}}):
            reply = api.dispatch({"method": "probes.suggest", "params": params})
            assert reply["ok"], (s, reply)


# --- probes that generalise: one expected kind, many phrasings and fields (written for these rules) ---

DILEMMA_SCENARIOS = [
    ("A senior partner tells you to sign off an audit file you haven't finished reviewing. What do you do?",
     "I'd explain where I am with the file and what is left to check, and I'd offer to work late so we keep to the "
     "timetable. I'd also keep a note of the conversation and let the engagement manager know where things stand."),
    ("Your biggest wholesale buyer wants a price below cost unless you lose the contract. How do you respond?",
     "I'd go back through our margins with the finance lead and look at volumes, then set up a call to understand "
     "what the buyer really needs from us and whether a longer agreement could work for both sides."),
    ("The site manager wants the scaffold signed off today, but two ties are missing. What would you do?",
     "I'd walk the scaffold with the foreman, photograph the missing ties and talk through the options with the "
     "site manager so that everyone understands the position and the programme can keep moving."),
]


@pytest.mark.parametrize("question,answer", DILEMMA_SCENARIOS, ids=[q[:30] for q, _ in DILEMMA_SCENARIOS])
def test_scenario_that_steps_around_the_tension_gets_values_conflict_first(question, answer):
    assert kinds(suggest(answer, question, "scenario"))[0] == "values_conflict"


GLOSSED = [
    "A tenant had been without heating for a week in January and was threatening the council with the press. "
    "Her children were ill and my team leader was getting calls every day. In the end we sorted it out and she was happy.",
    "The shipment was stuck at customs two days before the trade show and the client was furious with our account team. "
    "Nobody could reach the broker. Somehow it all worked out and the stand was ready on time.",
]


@pytest.mark.parametrize("answer", GLOSSED, ids=["heating", "customs"])
def test_story_that_skips_the_act_asks_what_you_did(answer):
    ks = kinds(suggest(answer, "Tell me about a time you handled a difficult situation.", "behavioral"))
    assert ks[0] == "action" and "result" not in ks[:1]


ENDS_ON_ACT = [
    "The orchard had a scab outbreak in early May. I walked every row with the agronomist, changed the spray "
    "programme to a shorter interval, and then I briefed the pickers on which trees to leave.",
    "Our grant application was due on Friday and the budget section was empty. I pulled the staffing costs from "
    "payroll, rebuilt the spreadsheet with the finance officer, and then sent the draft to the director.",
]


@pytest.mark.parametrize("answer", ENDS_ON_ACT, ids=["orchard", "grant"])
def test_story_that_stops_at_the_last_act_asks_for_the_result(answer):
    assert kinds(suggest(answer, "Tell me about a time you solved a problem.", "behavioral"))[0] == "result"


SETBACKS = [
    "I moved the weekend rota to twelve-hour shifts to cover the vacancies. It filled the gaps, but within a month "
    "two of the nurses handed in their notice and sickness went up. I went back to eight-hour shifts in the spring.",
    "I chose to launch the new menu before the tasting was finished because the season was starting. Service was "
    "chaotic for a fortnight and we had complaints about waiting times, though the dishes themselves sold well.",
]


@pytest.mark.parametrize("answer", SETBACKS, ids=["rota", "menu"])
def test_finished_story_with_a_cost_gets_a_look_back(answer):
    assert "retrospective" in kinds(suggest(answer, "Tell me about a difficult call you made.", "behavioral"))[:3]


def test_sweeping_claims_are_challenged():
    answer = ("Honestly it's easy. Once you switch to our approach every clinic sees shorter queues, "
              "nobody ever complains again, and I've never seen it fail.")
    assert "assumption_challenge" in kinds(suggest(answer, "How would you cut waiting times?", "technical"))[:2]


@pytest.mark.parametrize("category", ["behavioral", "values", "scenario", "technical", "why_us"])
def test_every_answer_of_fifteen_words_gets_a_probe(category):
    answer = "The thing is that there are many sides to it and I would look at all of them carefully first."
    assert suggest(answer, "What would you do here?", category)
