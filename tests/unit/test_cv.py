"""The CV, round zero: its layout read into jobs and facts (cv.read), files decoded (cv.read_file,
cv.check_file), and its facts first in the ledger, so answers that contradict it are flagged naming it.

Every example is written here for these tests. Corpus style (one expected value, many surface forms)
for date ranges and headings."""

import base64
import io
import json
import zipfile

import pytest

from roundtwo import cv, ledger, model
from tests.unit.dispatch import call, ok

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def docx_bytes(body_xml: str, *, extra=None) -> bytes:
    """A .docx as Word lays one out, reduced to what a reader needs: a zip with word/document.xml."""
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'
           f"{body_xml}</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("word/document.xml", xml)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def para(text: str, *, listed=False) -> str:
    props = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr>' if listed else ""
    return f'<w:p>{props}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def by_label(result, label):
    return [f for f in result["facts"] if f["label"] == label]


# --- date ranges: one expected (start, end), many surface forms ------------------------------------

DATES = {
    ("2019-03", "present"): ["Mar 2019 – Present", "March 2019 - present", "Mar. 2019 to Current", "03/2019 – now",
                             "March, 2019 — to date", "Mar 2019 -- Ongoing", "Mar 2019 –"],
    ("2018-01", "2021-03"): ["Jan 2018 - Mar 2021", "January 2018 to March 2021", "01/2018 – 03/2021",
                             "Jan 2018 until Mar 2021", "Jan. 2018 -- Mar. 2021", "01.2018 - 03.2021"],
    ("2016", "2019"): ["2016-2019", "2016 – 2019", "2016 to 2019", "2016—2019", "2016-19", "2016 through 2019"],
    ("2019", "present"): ["2019–present", "2019 - Now", "since 2019", "from 2019", "2019 onwards", "Since 2019"],
    ("2020", "2020"): ["2020", "Summer 2020"],
}


@pytest.mark.parametrize("expected, said", [(e, s) for e, forms in DATES.items() for s in forms])
def test_date_ranges(expected, said):
    found = cv.find_dates(f"Senior Analyst, Acme Ltd, {said}")
    assert found and (found["start"], found["end"]) == expected, said


@pytest.mark.parametrize("line", ["Senior Analyst, Acme Ltd", "Led a team of 8", "Cut costs by 12%", "2019-03",
                                  "Call 1234", ""])
def test_lines_without_a_date(line):
    assert cv.find_dates(line) is None


# --- headings: one expected job, many layouts -----------------------------------------------------

HEADINGS = {
    ("Senior Analyst", "Acme Ltd", "2019-03", "present"): [
        "Senior Analyst, Acme Ltd, Mar 2019 – Present",
        "Senior Analyst | Acme Ltd | Mar 2019 – Present",
        "Acme Ltd | Senior Analyst | Mar 2019 – Present",
        "ACME LTD - Senior Analyst - Mar 2019 – Present",
        "Senior Analyst at Acme Ltd (Mar 2019 – Present)",
        "Acme Ltd\nSenior Analyst, Mar 2019 – Present",
        "Senior Analyst\nAcme Ltd, Mar 2019 – Present",
        "Acme Ltd\nSenior Analyst\nMar 2019 – Present",
        "Acme Ltd      Mar 2019 – Present\nSenior Analyst",
        "### Senior Analyst — Acme Ltd (Mar 2019 – Present)",
        "**Acme Ltd** | *Senior Analyst* | Mar 2019 – Present",
    ],
}


@pytest.mark.parametrize("expected, heading", [(e, h) for e, forms in HEADINGS.items() for h in forms])
def test_job_headings(expected, heading):
    result = cv.read(heading + "\n- Led a team of 8\n")
    [job] = result["jobs"]
    title, employer, start, end = expected
    assert job["title"] == title
    assert job["employer"].lower() == employer.lower()
    assert (job["start"], job["end"]) == (start, end)
    [team] = by_label(result, "Team size")
    assert team["value"] == 8 and team["employer"].lower() == employer.lower()
    assert team["dates"] == {"start": start, "end": end, "text": job["dates"]}


def test_a_heading_without_dates_still_carries_its_employer():
    result = cv.read("Operations Manager, Northwind Traders\n- Ran 3 warehouses\n")
    [job] = result["jobs"]
    assert (job["title"], job["employer"], job["start"], job["end"]) == ("Operations Manager", "Northwind Traders", "", "")
    [sites] = [f for f in result["facts"] if f["kind"] == "count"]
    assert sites["employer"] == "Northwind Traders"


# --- bullets carry their job ----------------------------------------------------------------------

CV_TEXT = """Sam Rivera
sam.rivera@example.net | +44 7700 900456 | Leeds

PROFILE
Logistics lead with 11 years of experience.

EXPERIENCE
Warehouse Manager, Brightline Logistics, Apr 2020 – Present
- Led a team of 8 across two shifts
• Cut mis-picks by 30%
* Managed a budget of £1.2M

FENWICK & DALE | Stock Controller | 2016-2020
- Ran monthly counts of 4,000 lines
1. Trained 5 new starters

EDUCATION
BSc Logistics, University of Hull, 2012 – 2015
"""


def test_bullets_sit_under_the_job_above_them():
    result = cv.read(CV_TEXT)
    assert [(j["title"], j["employer"], j["start"], j["end"]) for j in result["jobs"]] == [
        ("Warehouse Manager", "Brightline Logistics", "2020-04", "present"),
        ("Stock Controller", "FENWICK & DALE", "2016", "2020")]
    employer_of = {f["text"]: f["employer"] for f in result["facts"]}
    assert employer_of["8"] == "Brightline Logistics"
    assert employer_of["30%"] == "Brightline Logistics"
    assert employer_of["£1.2M"] == "Brightline Logistics"
    assert employer_of["4,000 lines"] == "FENWICK & DALE"
    assert employer_of["5 new starters"] == "FENWICK & DALE"
    assert employer_of["11 years of experience"] == ""        # the profile: before any job
    team = next(f for f in result["facts"] if f["text"] == "8")
    assert team["where"] == "brightline logistics" and team["frame"]["where"] == "brightline logistics"
    assert team["dates"] == {"start": "2020-04", "end": "present", "text": "Apr 2020 – Present"}
    assert team["source"] == "CV" and team["kind"] == "count" and team["about"] == "team"


def test_each_job_gives_its_title_start_and_leaving_year():
    result = cv.read(CV_TEXT)
    titles = [(f["value"], f["employer"]) for f in result["facts"] if f["kind"] == "title" and f["employer"]]
    assert titles == [("Warehouse Manager", "Brightline Logistics"), ("Stock Controller", "FENWICK & DALE")]
    assert [(f["value"], f["employer"]) for f in by_label(result, "Start year")] == [
        (2020, "Brightline Logistics"), (2016, "FENWICK & DALE")]
    assert [(f["value"], f["employer"]) for f in by_label(result, "Leaving year")] == [(2020, "FENWICK & DALE")]
    assert [f["value"] for f in by_label(result, "Graduation year")] == [2015]
    assert [j["facts"] for j in result["jobs"]] == [8, 6]


def test_offsets_point_into_the_cv_and_ids_are_unique():
    result = cv.read(CV_TEXT)
    for fact in result["facts"]:
        assert CV_TEXT[fact["start"]:fact["end"]] == fact["text"]
    assert len({f["id"] for f in result["facts"]}) == len(result["facts"])
    assert [f["start"] for f in result["facts"]] == sorted(f["start"] for f in result["facts"])


def test_contact_lines_give_no_facts():
    result = cv.read(CV_TEXT)
    assert not [f for f in result["facts"] if "7700" in f["text"] or "900456" in f["text"]]


def test_markdown_marks_are_read_through_and_kept_in_the_words():
    text = "## Experience\n### Analyst — Globex Ltd (2019–present)\n- Led a team of **8**\n"
    result = cv.read(text)
    [team] = by_label(result, "Team size")
    assert team["value"] == 8 and text[team["start"]:team["end"]] == "8"
    assert result["jobs"][0]["employer"] == "Globex Ltd"


def test_inline_bullets_are_items_of_their_own():
    result = cv.read("Analyst, Globex Ltd, 2019 – 2021 • Led a team of 8 • Cut costs by 12%")
    assert {f["label"] for f in result["facts"]} >= {"Team size", "Cost"}
    assert all(f["employer"] == "Globex Ltd" for f in result["facts"])


def test_dated_lines_in_skills_or_certificates_are_no_jobs():
    result = cv.read("CERTIFICATIONS\nPRINCE2 Practitioner, 2018\nSKILLS\nForklift licence since 2014\n")
    assert result["jobs"] == []


def test_a_sentence_with_a_year_is_no_heading():
    result = cv.read("In 2019 I led a team of 8 at Globex.")
    assert result["jobs"] == [] and by_label(result, "Team size")[0]["value"] == 8


# --- warnings -----------------------------------------------------------------------------------------

def test_no_jobs_is_a_warning_that_says_what_to_write():
    result = cv.read("I like logistics and I am good with people.")
    assert result["jobs"] == [] and "No jobs found" in result["warnings"][0]


def test_a_range_that_ends_before_it_starts_is_a_warning():
    result = cv.read("Analyst, Globex Ltd, 2021 - 2018\n- Led a team of 8")
    assert any("ends before it starts" in w for w in result["warnings"])


def test_a_title_without_employer_is_a_warning():
    result = cv.read("Senior Analyst, 2019 - 2021\n- Led a team of 8")
    assert any("no employer" in w for w in result["warnings"])


def test_a_very_long_cv_is_read_in_part_and_says_so():
    long = (CV_TEXT * (cv.MAX_CV_CHARS // len(CV_TEXT) + 2))
    result = ok("cv.read", text=long)
    assert any("Only the first" in w for w in result["warnings"])
    assert len(result["facts"]) <= cv.MAX_CV_FACTS


def test_empty_text_reads_nothing_and_says_so():
    assert ok("cv.read", text="") == {"facts": [], "jobs": [], "warnings": [], "summary": "Nothing read from your CV yet."}


# --- the API: params ----------------------------------------------------------------------------------

@pytest.mark.parametrize("params, says", [
    ({}, "'text' is missing"), ({"text": 5}, "must be text"), ({"text": ["a"]}, "must be text"),
    ({"text": "x" * 2_000_001}, "too long"),
])
def test_cv_read_bad_params(params, says):
    reply = call("cv.read", **params)
    assert reply["error"]["code"] == "bad_params" and says in reply["error"]["message"]


@pytest.mark.parametrize("params, says", [
    ({"data": b64(b"x")}, "'name' is missing"), ({"name": "cv.txt"}, "'data' is missing"),
    ({"name": "cv.txt", "data": 12}, "base64 text"), ({"name": "cv.txt", "data": "%%%not base64%%%"}, "not valid base64"),
    ({"name": 3, "data": b64(b"x")}, "must be text"),
])
def test_cv_read_file_bad_params(params, says):
    reply = call("cv.read_file", **params)
    assert reply["error"]["code"] == "bad_params" and says in reply["error"]["message"]


def test_every_cv_method_is_listed():
    assert {"cv.read", "cv.read_file", "cv.check_file"} <= set(ok("app.methods")["methods"])


# --- files ------------------------------------------------------------------------------------------------

def test_a_docx_built_here_is_read_paragraph_by_paragraph():
    body = (para("Community Nurse, Riverside Health Trust, Sep 2017 - Present")
            + para("Visited 40 patients a week", listed=True) + para("Trained 6 new starters", listed=True)
            + '<w:p><w:r><w:t>Ward Sister</w:t></w:r><w:r><w:tab/><w:t>Lakeside Hospital</w:t></w:r>'
              '<w:r><w:br/><w:t>2012 - 2017</w:t></w:r></w:p>')
    result = ok("cv.read_file", name="nurse.docx", data=b64(docx_bytes(body)))
    assert result["kind"] == "docx" and result["name"] == "nurse.docx"
    assert result["text"].splitlines() == ["Community Nurse, Riverside Health Trust, Sep 2017 - Present",
                                           "- Visited 40 patients a week", "- Trained 6 new starters",
                                           "Ward Sister\tLakeside Hospital", "2012 - 2017"]
    assert [(j["title"], j["employer"], j["start"], j["end"]) for j in result["jobs"]] == [
        ("Community Nurse", "Riverside Health Trust", "2017-09", "present"),
        ("Ward Sister", "Lakeside Hospital", "2012", "2017")]
    patients = next(f for f in result["facts"] if f["text"] == "40 patients a week")
    assert patients["employer"] == "Riverside Health Trust"


def test_a_docx_table_row_is_a_heading_and_content_controls_are_read():
    row = ("<w:tbl><w:tr><w:tc>" + para("Globex Ltd") + "</w:tc><w:tc>" + para("Data Analyst") + "</w:tc><w:tc>"
           + para("2018 – 2022") + "</w:tc></w:tr></w:tbl>")
    sdt = "<w:sdt><w:sdtContent>" + para("Built 12 dashboards", listed=True) + "</w:sdtContent></w:sdt>"
    result = cv.read_file("table.docx", docx_bytes(row + sdt))
    assert result["text"].splitlines() == ["Globex Ltd | Data Analyst | 2018 – 2022", "- Built 12 dashboards"]
    [job] = result["jobs"]
    assert (job["title"], job["employer"]) == ("Data Analyst", "Globex Ltd")
    assert next(f for f in result["facts"] if f["text"] == "12 dashboards")["employer"] == "Globex Ltd"


def test_text_and_markdown_files():
    text = "Analyst, Globex Ltd, 2019 - 2021\n- Led a team of 8\n"
    for name, data in [("cv.txt", text.encode()), ("cv.md", ("# CV\n" + text).encode()),
                       ("cv.txt", b"\xef\xbb\xbf" + text.encode()), ("cv.txt", text.encode("utf-16")),
                       ("cv.txt", text.replace("\n", "\r\n").encode()), ("old.txt", "Café Ltd, Analyst, 2019 - 2021\n".encode("cp1252"))]:
        result = ok("cv.read_file", name=name, data=b64(data))
        assert result["kind"] == "text" and len(result["jobs"]) == 1, (name, data[:20])
        assert "\r" not in result["text"]
    assert ok("cv.read_file", name="old.txt", data=b64("Café Ltd, Analyst, 2019 - 2021".encode("cp1252")))["jobs"][0][
        "employer"] == "Café Ltd"


def test_a_data_url_is_accepted():
    data = "data:text/plain;base64," + b64(b"Analyst, Globex Ltd, 2019 - 2021\n")
    assert ok("cv.read_file", name="cv.txt", data=data)["jobs"][0]["employer"] == "Globex Ltd"


def bad_file(name, data):
    reply = call("cv.read_file", name=name, data=b64(data))
    assert reply["ok"] is False and reply["error"]["code"] == "bad_file", reply
    return reply["error"]["message"]


def test_a_20_mb_file_is_refused_clearly_before_and_after_reading():
    big = b"PK\x03\x04" + b"\0" * (20 * 1024 * 1024)
    assert "at most 10 MB" in bad_file("cv.docx", big) and "20.0 MB" in bad_file("cv.docx", big)
    reply = call("cv.check_file", name="holiday.mov", size=20 * 1024 * 1024)
    assert reply["error"]["code"] == "bad_file" and "at most 10 MB" in reply["error"]["message"]
    assert ok("cv.check_file", name="cv.docx", size=40_000) == {"max_bytes": cv.MAX_FILE_BYTES}


def test_check_file_needs_a_size():
    assert call("cv.check_file", name="cv.docx")["error"]["code"] == "bad_params"
    assert call("cv.check_file", name="cv.docx", size=-1)["error"]["code"] == "bad_params"
    assert "empty" in call("cv.check_file", name="cv.docx", size=0)["error"]["message"]


def test_a_docx_that_is_not_a_zip():
    assert bad_file("cv.docx", b"\x89PNG\r\n\x1a\n" + b"\x00\x10" * 300) == \
        "This file is not a Word document or text; paste your CV's text into the box instead."
    assert "holds plain text" in bad_file("cv.docx", b"Analyst, Globex Ltd, 2019 - 2021")
    assert "not really a Word document" in bad_file("cv.docx", b"PK\x03\x04" + b"garbage" * 50)


def test_a_binary_file_is_not_text():
    assert "not text" in bad_file("photo.txt", bytes(range(256)) * 40)
    assert "not text" in bad_file("noise.md", bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17] * 200))


def test_an_empty_file():
    assert "empty" in bad_file("cv.txt", b"")
    assert "no text in it" in bad_file("cv.txt", b"  \n\n\t ")
    assert "no text in it" in bad_file("scan.docx", docx_bytes('<w:p><w:r><w:drawing/></w:r></w:p>'))


@pytest.mark.parametrize("name, data, says", [
    ("cv.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "This is a PDF"),
    ("cv.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "older Word file (.doc)"),
    ("cv.rtf", b"{\\rtf1\\ansi Analyst}", "Rich Text"),
])
def test_other_formats_say_what_to_do(name, data, says):
    assert says in bad_file(name, data)


def test_zips_that_are_not_word_documents():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("content.xml", "<x/>")
    assert "OpenDocument" in bad_file("cv.odt", buf.getvalue())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("photo.jpg", b"\xff\xd8")
    assert "no word/document.xml" in bad_file("photos.zip", buf.getvalue())


def test_a_damaged_or_hostile_document_xml():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document><w:body><w:p>")
    assert "damaged" in bad_file("cv.docx", buf.getvalue())
    laughs = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
              f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", laughs)
    assert "will not read" in bad_file("cv.docx", buf.getvalue())


def test_a_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(cv, "MAX_DOCX_XML", 1000)
    assert "far more than a CV" in bad_file("cv.docx", docx_bytes(para("x" * 5000)))


def test_the_file_name_is_only_its_last_part():
    result = ok("cv.read_file", name="C:\\Users\\sam\\Documents\\cv.txt", data=b64(b"Analyst, Globex Ltd, 2019\n"))
    assert result["name"] == "cv.txt"


# --- hostile text never raises -------------------------------------------------------------------------

def test_naughty_strings_as_a_cv_and_inside_its_layout(blns):
    for s in blns:
        for text in (s, f"Senior Analyst, {s}, 2019 - 2021\n- {s}\n{s} | Manager | 2016-2019\n- Led a team of 8\n**{s}**"):
            result = ok("cv.read", text=text)
            for fact in result["facts"]:
                assert text[fact["start"]:fact["end"]] == fact["text"]
            json.dumps(result)


def test_naughty_strings_as_files(blns):
    for s in blns:
        for name, data in ((s[:40] or "x", s.encode("utf-8", "surrogatepass")), ("cv.docx", s.encode("utf-8", "surrogatepass")),
                           ("cv.docx", docx_bytes(para(s.replace("&", "&amp;").replace("<", "&lt;"))))):
            reply = call("cv.read_file", name=name, data=b64(data))
            assert reply["ok"] or reply["error"]["code"] in ("bad_file", "bad_params"), (s, reply)
            assert reply["ok"] or reply["error"]["message"]


# --- the ledger: the CV is round zero --------------------------------------------------------------------

CV_SHORT = "Warehouse Manager, Brightline Logistics, Apr 2020 – Present\n- Led a team of 8\n- Managed a budget of $2M\n"


def interview_doc(cv_text=CV_SHORT, answers=("At Brightline I led a team of 12.",), facts=(), later=()):
    doc = model.blank()
    interview = model.blank_interview()
    interview.update(id="i1", company="Brightline")
    interview["cv"] = {"text": cv_text, "file_name": "cv.txt", "added_at": "2026-05-01T09:00:00Z"}
    interview["rounds"] = [{**model.blank_round(), "id": "r1", "name": "Round one", "questions": [
        {**model.blank_question(), "id": f"q{n}", "question": f"Question {n}", "answer": a}
        for n, a in enumerate(answers, 1)]}]
    if later:
        interview["rounds"].append({**model.blank_round(), "id": "r2", "name": "Round two", "questions": [
            {**model.blank_question(), "id": f"t{n}", "question": f"Later {n}", "answer": a} for n, a in enumerate(later, 1)]})
    interview["ledger"]["facts"] = list(facts)
    doc.update(current="i1", interviews=[interview])
    return doc


def test_cv_facts_come_first_in_the_ledger_and_a_round_one_answer_against_them_is_flagged():
    view = ok("ledger.suggest", doc=interview_doc())
    first = view["groups"][0]
    assert (first["kind"], first["label"], first["question_id"]) == ("cv", "CV", "cv")
    assert [j["employer"] for j in first["jobs"]] == ["Brightline Logistics"]
    assert view["groups"][1]["label"].startswith("Round one Q1")
    team = next(e for e in first["facts"] if e["about"] == "team")
    assert team["source"] == "CV" and team["employer"] == "Brightline Logistics" and team["status"] == "suggested"
    assert CV_SHORT[team["start"]:team["end"]] == team["text"] == "8"
    [conflict] = view["conflicts"]
    assert conflict["message"].startswith("CV and Round one Q1 · Question 1 disagree.")
    assert conflict["earlier"]["source"] == "CV" and conflict["earlier"]["question_id"] == "cv"
    assert (conflict["earlier"]["value"], conflict["later"]["value"]) == (8, 12)


def test_an_answer_that_agrees_with_the_cv_is_not_flagged():
    assert ok("ledger.suggest", doc=interview_doc(answers=("I led a team of eight.",)))["conflicts"] == []


def test_no_cv_no_cv_group():
    view = ok("ledger.suggest", doc=interview_doc(cv_text=""))
    assert [g["kind"] for g in view["groups"]] == ["question"] and view["conflicts"] == []


def test_cv_facts_are_in_what_later_text_is_checked_against():
    view = ok("ledger.suggest", doc=interview_doc(answers=("",)))
    check = view["check"]["facts"]
    assert any(f["source"] == "CV" and f["about"] == "team" for f in check)
    found = ok("ledger.check", facts=check, text="My team at Brightline was 15 people.")["conflicts"]
    assert [(c["earlier"]["source"], c["earlier"]["value"], c["later"]["value"]) for c in found] == [("CV", 8, 15)]


def test_a_cv_fact_keeps_its_employer_so_another_employer_is_not_compared():
    two_jobs = CV_SHORT + "Stock Controller, Fenwick Dale Ltd, 2016 - 2020\n- Ran 3 stores\n"
    check = ok("ledger.suggest", doc=interview_doc(cv_text=two_jobs, answers=("",)))["check"]["facts"]
    team = next(f for f in check if f["about"] == "team")
    assert team["frame"]["where"] == "brightline logistics" and team["employer"] == "Brightline Logistics"
    assert ok("ledger.check", facts=check, text="At Fenwick Dale I led a team of 12.")["conflicts"] == []
    assert len(ok("ledger.check", facts=check, text="At Brightline I led a team of 12.")["conflicts"]) == 1


def test_a_confirmed_cv_fact_is_matched_back_and_kept_when_the_cv_goes():
    view = ok("ledger.suggest", doc=interview_doc(answers=("",)))
    team = next(e for e in view["groups"][0]["facts"] if e["about"] == "team")
    stored = {**team["record"], "id": "lf-1", "locked": True, "status": "confirmed"}
    assert stored["question_id"] == "cv" and stored["source"] == "CV" and stored["employer"] == "Brightline Logistics"
    again = ok("ledger.suggest", doc=interview_doc(answers=("",), facts=[stored]))
    mine = [e for e in again["groups"][0]["facts"] if e["about"] == "team"]
    assert [(e["status"], e["locked"], e["stale"], e["id"]) for e in mine] == [("confirmed", True, False, "lf-1")]
    # the CV removed: the locked fact stays, flagged as no longer in it, and is still checked
    gone = ok("ledger.suggest", doc=interview_doc(cv_text="", answers=("",), facts=[stored]))
    [group] = [g for g in gone["groups"] if g["kind"] == "cv"]
    [entry] = group["facts"]
    assert entry["stale"] and entry["locked"] and entry["employer"] == "Brightline Logistics"
    assert any(f["source"] == "CV" for f in gone["check"]["facts"])


def test_a_correction_of_a_cv_fact_keeps_its_employer_and_dates():
    view = ok("ledger.suggest", doc=interview_doc(answers=("",)))
    team = next(e for e in view["groups"][0]["facts"] if e["about"] == "team")
    made = ok("ledger.make", fact={"about": "team size", "value": "9"}, base=team["record"])["fact"]
    assert made["value"] == 9 and made["employer"] == "Brightline Logistics" and made["question_id"] == "cv"
    assert made["dates"]["start"] == "2020-04" and made["frame"]["where"] == "brightline logistics"


def test_stored_cv_fields_are_checked_as_text():
    raw = {"kind": "count", "about": "team", "value": 8, "text": "8", "employer": 5,
           "frame": {"where": ["x"], "holder": "self"}, "dates": "2019"}
    fact = ledger._ledger_fact(raw, 0)
    assert "employer" not in fact and fact["frame"] == {"holder": "self"} and "dates" not in fact


def test_a_cv_that_is_not_text_in_a_saved_document_is_repaired():
    doc = interview_doc()
    doc["interviews"][0]["cv"] = "pasted CV"
    view = ok("ledger.suggest", doc=doc)
    assert [g["kind"] for g in view["groups"]] == ["question"]
