"""Answer analysis (`answer.analyze`): one behaviour per test, every judgement pointing at its words."""

from __future__ import annotations

import pytest

from roundtwo import api
from roundtwo.analysis import Analysis, analyse, split_sentences, to_dict, tokenize
from tests.work import assert_linear

STAR_ANSWER = (
    "In 2021 our app's store rating sat at 3.2 stars. My lead asked me to sort it out. I read four hundred "
    "one-star reviews, spotted that most were about being logged out after updates, and rebuilt the token "
    "refresh behind a flag. Over the following quarter retention rose 18%."
)


def analyze(answer, **extra):
    reply = api.dispatch({"method": "answer.analyze", "params": {"answer": answer, **extra}})
    assert reply["ok"], reply
    return reply["result"]


def all_spans(node):
    """Every {"text","start","end"} dict anywhere in a result."""
    if isinstance(node, dict):
        if {"text", "start", "end"} <= set(node) and isinstance(node["start"], int):
            yield node
        for value in node.values():
            yield from all_spans(value)
    elif isinstance(node, list):
        for value in node:
            yield from all_spans(value)


# --- sentences and tokens ---------------------------------------------------------------------


def test_sentences_split_on_terminal_punctuation():
    text = "First one. Second one! Third one? Fourth"
    assert [text[s:e] for s, e in split_sentences(text)] == ["First one.", "Second one!", "Third one?", "Fourth"]


def test_decimals_and_abbreviations_do_not_split():
    text = "Conversion was 2.1% e.g. on mobile. Then it rose."
    assert [text[s:e] for s, e in split_sentences(text)] == ["Conversion was 2.1% e.g. on mobile.", "Then it rose."]


def test_line_breaks_end_sentences():
    text = "- cut costs\n- hired two people\n\nshipped it"
    assert len(split_sentences(text)) == 3


def test_tokens_keep_numbers_currency_and_contractions_whole():
    words = [t[0] for t in tokenize("We saved $1.2M, I'd say 30% in Q3 with one-on-ones.")]
    assert "$1.2m" in words and "i'd" in words and "30%" in words and "q3" in words and "one-on-ones" in words


PATHOLOGICAL = [(".", ""), ("!", "x"), ("a.", ""), ("1.", "x"), ("'", ""), ("-", ""), ("a-", "!"), ("$", ""),
                ("\n", ""), ("e.g.", "")]  # unit repeated, then the tail


def _pathological(unit, tail):
    return lambda n: unit * (n // len(unit)) + tail


def _analyse_all(text):
    return split_sentences(text), tokenize(text), Analysis(text)


@pytest.mark.parametrize("unit, tail", PATHOLOGICAL)
def test_pathological_input_completes_with_spans_inside_the_text(unit, tail):
    text = _pathological(unit, tail)(200_000)
    sentences, tokens, a = _analyse_all(text)
    assert all(0 <= s < e <= len(text) for s, e in sentences)
    assert all(text[s:e].lower() == word for word, s, e in tokens)
    assert a.truncated is True


@pytest.mark.parametrize("unit, tail", PATHOLOGICAL)
def test_pathological_input_is_linear(unit, tail):
    assert_linear(_analyse_all, _pathological(unit, tail), 10_000)


# --- STAR ----------------------------------------------------------------------------------------


def test_star_parts_each_point_at_their_sentence():
    star = analyze(STAR_ANSWER)["star"]
    assert star["situation"]["sentence"]["text"].startswith("In 2021")
    assert star["task"]["sentence"]["text"] == "My lead asked me to sort it out."
    assert star["action"]["sentence"]["text"].startswith("I read four hundred")
    assert star["result"]["sentence"]["text"] == "Over the following quarter retention rose 18%."


def test_missing_result_is_reported_missing():
    star = analyze("Our release process was slow. I wrote a script to automate the changelog.")["star"]
    assert star["action"]["found"] and not star["result"]["found"]


def test_context_before_the_action_is_not_the_result():
    text = ("My manager wanted to cut the accessibility work to hit the launch date. I pulled the support "
            "tickets and asked for thirty minutes to walk her through them.")
    assert not analyze(text)["star"]["result"]["found"]


def test_when_clause_is_context_not_action():
    star = analyze("When I joined, nobody knew who owned the warehouse. There were three teams writing to it.")["star"]
    assert not star["action"]["found"]
    assert star["situation"]["found"]


def test_would_is_a_plan_not_a_story():
    result = analyze("I would set clear expectations and then I'd give them weekly feedback.")
    assert result["mode"] == "plan"


# --- numbers and time -----------------------------------------------------------------------------


def test_metrics_and_timeframes_are_told_apart():
    result = analyze("In 2023 we cut p99 latency from 900 ms to 80 ms in two weeks and saved $40k, "
                     "a 3x gain over Q2, for 14 customers.")
    metrics = {(m["text"], m["kind"]) for m in result["metrics"]["items"]}
    times = {(m["text"], m["kind"]) for m in result["timeframes"]["items"]}
    assert ("900 ms", "performance") in metrics and ("$40k", "money") in metrics
    assert ("3x", "multiplier") in metrics and ("14", "count") in metrics
    assert ("2023", "year") in times and ("two weeks", "duration") in times and ("Q2", "period") in times


def test_spelled_numbers_count_but_one_does_not():
    result = analyze("I ran five sessions and wrote one page for the team.")
    assert [m["text"] for m in result["metrics"]["items"]] == ["five"]


def test_duration_as_a_measure_is_a_metric():
    result = analyze("Response time dropped to 3 hours.")
    assert result["metrics"]["items"][0]["text"] == "3 hours"


def test_claim_quotes_the_subject_verb_and_number():
    claims = analyze(STAR_ANSWER)["claims"]
    assert claims[0]["claim"]["text"] == "retention rose 18%"


# --- ownership, hedges, filler, vague ----------------------------------------------------------------


def test_i_against_we():
    own = analyze("We planned it. We shipped it. I wrote the migration.")["ownership"]
    assert own["i"] == 1 and own["we"] == 2 and own["verdict"] == "balanced"
    assert own["i_actions"][0]["text"] == "I wrote"


def test_we_only_verdict():
    assert analyze("We had a plan and the team delivered it.")["ownership"]["verdict"] == "we_only"


def test_hedges_found_with_offsets():
    text = "I kind of led it and maybe it sort of worked, I think."
    hedges = analyze(text)["hedges"]["items"]
    assert [h["text"] for h in hedges] == ["kind of", "maybe", "sort of", "I think"]
    for h in hedges:
        assert text[h["start"]:h["end"]] == h["text"]


@pytest.mark.parametrize("text,count", [
    ("It was, like, a huge mess.", 1),
    ("I'd like to lead that team.", 0),
    ("It looks like a cache problem.", 0),
    ("Basically, you know, we shipped it.", 2),
    ("I was like so tired.", 1),
])
def test_filler_like_only_where_it_is_filler(text, count):
    assert analyze(text)["fillers"]["count"] == count


def test_comparatives_are_vague_only_without_a_number():
    assert any(v["text"] == "faster" for v in analyze("It made the build faster.")["vague"]["items"])
    assert not any(v["text"] == "faster" for v in analyze("It made the build 40% faster.")["vague"]["items"])


def test_specificity_rises_with_numbers_and_falls_with_vague_words():
    vague = analyze("Things got a lot better and everyone was happy.")["specificity"]["score"]
    concrete = analyze("Churn fell from 6% to 4% by March at Acme.")["specificity"]["score"]
    assert vague < 20 < 80 <= concrete


def test_length_band_and_speaking_time():
    length = analyze("word " * 300)["length"]
    assert length["words"] == 300 and length["speaking_seconds"] == 120 and length["band"] == "good"


# --- explainability and offsets --------------------------------------------------------------------


def test_every_span_matches_the_answer():
    result = analyze(STAR_ANSWER + " Basically we kind of, like, did a lot of stuff, you know?")
    spans = list(all_spans(result))
    assert len(spans) > 10
    text = STAR_ANSWER + " Basically we kind of, like, did a lot of stuff, you know?"
    for s in spans:
        assert text[s["start"]:s["end"]] == s["text"]


def test_every_judgement_has_evidence():
    for j in analyze(STAR_ANSWER + " I think it kind of helped.")["judgements"]:
        assert j["evidence"], j


def test_utf16_offsets_for_the_page():
    text = "😀 I cut costs by 30%."
    cp = analyze(text)["metrics"]["items"][0]
    u16 = analyze(text, offsets="utf16")["metrics"]["items"][0]
    assert u16["start"] == cp["start"] + 1 and u16["text"] == "30%"


# --- bad input -------------------------------------------------------------------------------------


def test_empty_answer():
    result = analyze("")
    assert result["length"]["band"] == "empty" and result["mode"] == "empty"
    assert not any(part["found"] for part in result["star"].values())


def test_wrong_types_are_bad_params():
    reply = api.dispatch({"method": "answer.analyze", "params": {"answer": 5}})
    assert reply["error"]["code"] == "bad_params"
    reply = api.dispatch({"method": "answer.analyze", "params": {"answer": "x", "category": "nope"}})
    assert reply["error"]["code"] == "bad_params"


def test_one_megabyte_answer_is_flagged():
    text = ("I led the migration and we cut costs by 30% in 2023, kind of. " * 20_000)[:1_000_000]
    result = analyze(text)
    assert result["truncated"] is True and result["length"]["chars"] == 1_000_000
    assert len(result["metrics"]["items"]) <= 40


def test_naughty_strings_never_fail(blns):
    for s in blns:
        for extra in ({}, {"question": s}, {"offsets": "utf16"}):
            reply = api.dispatch({"method": "answer.analyze", "params": {"answer": s, **extra}})
            assert reply["ok"], (s, reply)
            for span in all_spans(reply["result"]):
                assert 0 <= span["start"] <= span["end"]


def test_analysis_object_is_cached_for_repeated_input():
    assert analyse("same text", "q", "behavioral") is analyse("same text", "q", "behavioral")
    assert to_dict(analyse("same text"))["length"]["words"] == 2
