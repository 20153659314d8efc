"""The CV, round zero: its text (pasted, or read from a .txt, .md or .docx file) read into facts for the ledger.

A CV is laid out, not written: title lines ("Senior Analyst, Acme Ltd, Mar 2019 – Present",
"ACME LTD | Operations Manager | 2016-2019"), date ranges ("Jan 2018 - Mar 2021", "2019–present", "since
2020") and bullets ("- Led a team of 8"). Each line goes through `facts.extract`, the one fact engine; this
module adds what the layout says: which job a line sits under. The heading of the current job carries into
its bullets, so every fact knows its employer ("where") and the job's dates, and each job gives its title,
its start year and (when it has ended) its leaving year as facts of their own.

`read(text)` -> {"facts", "jobs", "warnings", "summary"}; `read_file(name, data)` decodes a file first.
Neither raises for any text: a file that cannot be read is a BadFile with a sentence a person can act on.
"""

from __future__ import annotations

import base64
import binascii
import copy
import io
import re
import zipfile
from functools import lru_cache

from . import params as P
from .errors import ApiError, BadParams
from .facts import MAX_FACTS, extract, lexicon

SOURCE = "CV"                       # the ledger's label for round zero
QUESTION_ID = "cv"                  # the ledger groups CV facts under this id (ledger.suggest)
MAX_FILE_BYTES = 10 * 1024 * 1024   # a CV file larger than this is not a CV (photos, scans): say so
MAX_DOCX_XML = 40 * 1024 * 1024     # word/document.xml unpacked; beyond this a .docx is a zip bomb
MAX_CV_CHARS = 200_000              # about 60 pages: read this much of a longer text, and say so
MAX_CV_FACTS = 1000
MAX_NAME = 255
PASTE_INSTEAD = "paste your CV's text into the box instead"


class BadFile(ApiError):
    """A CV file that cannot be read; the message says why and what to do."""

    code = "bad_file"


# --- dates -----------------------------------------------------------------------------------------

_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
           "nov": 11, "dec": 12}
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_SEASON = r"(?:spring|summer|autumn|fall|winter|early|mid|late)"
_Y = r"(?:19[5-9]\d|20\d\d)"
# one point in time: "Mar 2019", "March, 2019", "03/2019", "Summer 2019", "2019"
_POINT = (rf"(?:(?P<{{p}}m>{_MONTH}),?\s+(?P<{{p}}my>{_Y})|(?P<{{p}}n>0?[1-9]|1[0-2])\s*[/.]\s*(?P<{{p}}ny>{_Y})"
          rf"|(?:{_SEASON}\s+)?(?P<{{p}}y>{_Y}))")
_NOW = r"(?P<now>present|current(?:ly)?|now|today|to\s+date|date|ongoing|till\s+date)"
_DASH = r"\s*(?:-{1,2}|–|—|−|~|→|>|to|until|till|through|thru)\s*"
_RANGE = re.compile(
    rf"(?<![\w/.])(?:(?:from|since)\s+)?{_POINT.format(p='a')}{_DASH}(?:{_POINT.format(p='b')}|{_NOW})(?![\w/])"
    rf"|(?<![\w/.])(?P<ya>{_Y})\s*[-–—/]\s*(?P<yb>\d\d)(?![\w/])"          # "2016-19"
    rf"|(?<![\w/.])(?:since|from)\s+{_POINT.format(p='s')}(?![\w/])"          # "since 2020": to now
    rf"|(?<![\w/.]){_POINT.format(p='o')}\s*(?:onwards?|[-–—]\s*$)"          # "2019 onwards", "2019 –"
    rf"|(?<![\w/.]){_POINT.format(p='c')}(?![\w/])",                            # one date: "2019"
    re.IGNORECASE)


def _point(m, p: str):
    """(year, month or None) of the point named p in a match, or None."""
    if m.group(f"{p}my"):
        return int(m.group(f"{p}my")), _MONTHS[m.group(f"{p}m").lower()[:3]]
    if m.group(f"{p}ny"):
        return int(m.group(f"{p}ny")), int(m.group(f"{p}n"))
    if m.group(f"{p}y"):
        return int(m.group(f"{p}y")), None
    return None


def _iso(point) -> str:
    year, month = point
    return f"{year}" if month is None else f"{year}-{month:02d}"


def find_dates(line: str):
    """The first date range in a line: {"start", "end", "text", "span", "start_point", "end_point",
    "start_span", "end_span"}; "end" is "present" for a job not ended. None when the line has no date."""
    for m in _RANGE.finditer(line):
        start = end = None
        now = False
        start_span = end_span = None
        if _point(m, "a"):
            start = _point(m, "a")
            start_span = _point_span(m, "a")
            if m.group("now"):
                now = True
            else:
                end, end_span = _point(m, "b"), _point_span(m, "b")
        elif m.group("ya"):
            first, short = int(m.group("ya")), int(m.group("yb"))
            full = first // 100 * 100 + short
            if full < first:
                continue                # "2019-03": a month, or nothing we can read
            start, end = (first, None), (full, None)
            start_span, end_span = m.span("ya"), m.span("yb")
        elif _point(m, "s"):
            start, start_span, now = _point(m, "s"), _point_span(m, "s"), True
        elif _point(m, "o"):
            start, start_span, now = _point(m, "o"), _point_span(m, "o"), True
        elif _point(m, "c"):
            start = end = _point(m, "c")
            start_span = end_span = _point_span(m, "c")
        if start is None:
            continue
        return {"start": _iso(start), "end": "present" if now else _iso(end), "text": m.group(0).strip(),
                "span": (m.start(), m.end()), "start_point": start, "end_point": None if now else end,
                "start_span": start_span, "end_span": end_span}
    return None


def _point_span(m, p: str):
    for name in (f"{p}m", f"{p}n", f"{p}y"):
        if m.group(name):
            begin = m.start(name)
            break
    else:
        return None
    for name in (f"{p}my", f"{p}ny", f"{p}y"):
        if m.group(name):
            return begin, m.end(name)
    return None


# --- lines -----------------------------------------------------------------------------------------

_LINES = re.compile(r"[^\r\n\u2028\u2029\x0b\x0c\x85]+")
_INLINE_BULLET = re.compile(r"\s[•●▪■◦‣○]\s")
_BULLET = re.compile(r"^\s*(?:[-*+•●▪■◦‣○·–—>✓✔➢➤►→]|\d{1,2}[.)](?=\s))\s*")
_MARKDOWN = re.compile(r"\*\*|__|`|^\s*#{1,6}\s|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)")
_CONTACT = re.compile(r"@\w|https?://|www\.|linkedin\.com|github\.com|(?:\+?\d[\d ()./-]{8,}\d)")
_SEPARATOR = re.compile(r"\s*(?:\||,|;|·|\t|\(|\)|\[|\]|\s[-–—]\s|\s@\s|\s+at\s+|\s{3,})\s*", re.IGNORECASE)
_SECTIONS = {
    "job": ("experience", "work experience", "professional experience", "relevant experience", "employment",
            "employment history", "work history", "career history", "career", "professional history",
            "positions held", "roles", "volunteering", "volunteer experience", "voluntary work", "projects",
            "leadership experience", "other experience"),
    "education": ("education", "qualifications", "education and qualifications", "education & qualifications",
                  "academic background", "academic qualifications", "education and training"),
    "other": ("skills", "key skills", "technical skills", "core skills", "skills and abilities", "summary",
              "profile", "professional summary", "personal profile", "personal statement", "about me", "about",
              "objective", "career objective", "certifications", "certificates", "licences", "licenses",
              "languages", "interests", "hobbies", "hobbies and interests", "references", "publications",
              "awards", "achievements", "key achievements", "training", "courses", "contact", "contact details",
              "personal details", "tools", "competencies", "core competencies"),
}
_SECTION_OF = {name: kind for kind, names in _SECTIONS.items() for name in names}
_COMPANY_WORDS = {"ltd", "limited", "inc", "llc", "plc", "gmbh", "corp", "corporation", "co", "company", "group",
                  "llp", "ag", "sa", "bv", "nv", "pty", "plc.", "ltd.", "inc.", "holdings", "partners", "trust",
                  "council", "university", "college", "school", "hospital", "bank", "agency", "studio",
                  "foundation", "charity", "nhs", "services", "solutions", "technologies", "systems", "labs"}
_HEADING_WORDS = 14                 # a title line is short; longer lines are sentences about the job


def _segments(text: str):
    """(start, end) of every line, a line cut where an inline bullet ("… • …") starts another item."""
    for m in _LINES.finditer(text):
        a = m.start()
        for cut in _INLINE_BULLET.finditer(m.group()):
            b = m.start() + cut.start()
            if text[a:b].strip():
                yield a, b
            a = b + 1
        if text[a:m.end()].strip():
            yield a, m.end()


class _Loc:
    """Where a line is: its offset in the CV, its raw text, and for each character of the line as read
    (Markdown marks taken out) the index of that character in the raw line."""

    __slots__ = ("offset", "raw", "cmap")

    def __init__(self, offset: int, raw: str):
        self.offset = offset
        self.raw = raw
        self.cmap: list[int] = []

    def read(self) -> str:
        """The line without Markdown emphasis and heading marks ("**8**" reads as "8")."""
        out, at = [], 0
        for m in _MARKDOWN.finditer(self.raw):
            out.append(self.raw[at:m.start()])
            self.cmap.extend(range(at, m.start()))
            at = m.end()
        out.append(self.raw[at:])
        self.cmap.extend(range(at, len(self.raw)))
        return "".join(out)

    def span(self, a: int, b: int) -> tuple[int, int]:
        """(start, end) in the raw line of [a, b) in the line as read."""
        n = len(self.cmap)
        a = min(max(a, 0), n)
        start = self.cmap[a] if a < n else len(self.raw)
        end = self.cmap[b - 1] + 1 if a < b <= n else start
        return start, end


def _section(line: str):
    words = re.sub(r"[^\w&' ]+", " ", line).strip().lower()
    words = " ".join(words.split())
    return _SECTION_OF.get(words)


def _words(part: str) -> list[str]:
    return re.findall(r"[a-z][a-z'&.-]*", part.lower())


def _title_score(part: str) -> float:
    """How much a piece of a heading reads as a job title (0: not at all): its head word is a title
    head, and most of its words are title words."""
    lex = lexicon()
    words = [w.strip(".'") for w in _words(part)]
    if not words or len(words) > 7:
        return 0.0
    if "of" in words:                               # "head of operations", "director of engineering"
        before = words[:words.index("of")]
        if not before or before[-1] not in lex.title_heads:
            return 0.0
        head_ok = True
    else:
        last = words[-1]
        head_ok = last in lex.title_heads or last.rstrip("s") in lex.title_heads or last in lex.title_abbr
    if not head_ok or words[-1] in _COMPANY_WORDS:
        return 0.0
    known = sum(w in lex.title_words or w.rstrip("s") in lex.title_heads or w in ("of", "and", "&", "the")
                for w in words)
    return known / len(words)


def _parts(line: str, blank=()):
    """The pieces of a heading between its separators, as (start, end, words), with `blank` spans cut out."""
    chars = list(line)
    for a, b in blank:
        chars[a:b] = " " * (b - a)
    rest = "".join(chars)
    out, at = [], 0
    for m in [*_SEPARATOR.finditer(rest), None]:
        stop = m.start() if m else len(rest)
        piece = rest[at:stop]
        lead = len(piece) - len(piece.lstrip(" :-–—*_#"))
        trail = len(piece.rstrip(" :-–—*_#."))
        if trail > lead and re.search(r"\w", piece):
            out.append((at + lead, at + trail, " ".join(piece[lead:trail].split())))
        if m:
            at = m.end()
    return out


def _heading(line: str, dates):
    """Title and employer of a heading line: {"title": (start, end, words) or None, "employer": ... or None}."""
    parts = _parts(line, [dates["span"]] if dates else [])
    if not parts:
        return {"title": None, "employer": None, "parts": 0}
    scored = [(_title_score(p[2]), n) for n, p in enumerate(parts)]
    best, at = max(scored, key=lambda s: (s[0], -s[1]))
    title = parts[at] if best >= 0.5 else None
    others = [p for n, p in enumerate(parts) if title is None or n != at]
    employer = None
    for p in others:                                # a company word names the employer; else the first piece
        if set(_words(p[2])) & _COMPANY_WORDS:
            employer = p
            break
    if employer is None and others:
        employer = others[0]
    return {"title": title, "employer": employer, "parts": len(parts)}


def _looks_like_heading(line: str, dates) -> bool:
    """A short line that names a job rather than saying something about it."""
    rest = line
    if dates:
        a, b = dates["span"]
        rest = line[:a] + " " + line[b:]
    words = rest.split()
    if len(words) > _HEADING_WORDS or not re.search(r"[A-Za-z]", rest):
        return dates is not None and len(words) <= _HEADING_WORDS
    if rest.strip().endswith((".", "!", "?")) and len(words) > 6:
        return False
    first = next((w for w in words if re.match(r"[A-Za-z]", w)), "")
    if first in ("I", "I'm", "I've", "We", "My", "Our") or (first[:1].islower() and first not in ("at",)):
        return False
    return True


# --- reading a CV ----------------------------------------------------------------------------------

def _employer_key(name: str) -> str:
    """An employer as the frame reader names a place: lower case, at most three words."""
    words = re.findall(r"[\w&'-]+", name.lower())
    return " ".join(words[:3])


def _job_dates(job: dict) -> dict:
    return {"start": job["start"], "end": job["end"], "text": job["dates_text"]}


def _stamp(fact: dict, job, loc: _Loc, section: str) -> dict:
    """A line's fact as a CV fact: offsets into the whole text, its words as written, its source, and the
    job it sits under."""
    start, end = loc.span(fact["start"], fact["end"])
    fact["text"] = loc.raw[start:end]
    fact["start"], fact["end"] = loc.offset + start, loc.offset + end
    if len(loc.raw) <= 300:
        fact["sentence"] = loc.raw.strip()
    fact["source"] = SOURCE
    fact["section"] = section
    if job is not None:
        fact["employer"] = job["employer"]
        fact["where"] = _employer_key(job["employer"])
        fact["dates"] = _job_dates(job)
        fact["job"] = job["index"]
        fact["frame"] = {"holder": "self", "where": fact["where"], "when": "", "modality": "actual"}
    else:
        fact["employer"] = ""
        fact["where"] = ""
        fact["dates"] = {"start": "", "end": "", "text": ""}
    return fact


def _made(kind: str, about: str, label: str, value, text: str, start: int, end: int, sentence: str, **more) -> dict:
    fact = {"kind": kind, "about": about, "about_words": "title" if kind == "title" else "", "value": value,
            "mode": "level", "text": text, "start": start, "end": end, "label": label, "sentence": sentence}
    fact.update(more)
    return fact


class _Reader:
    def __init__(self, text: str):
        self.text = text
        self.facts: list[dict] = []
        self.jobs: list[dict] = []
        self.warnings: list[str] = []
        self.job = None              # the job the lines below belong to
        self.fresh = False           # the job's heading was the last line: a title or employer may follow
        self.section = ""            # "job", "education", "other" or "" (before any section heading)
        self.pending: list[tuple[int, str]] = []   # short lines since the last item: a heading may use them
        self.more = 0

    # output
    def add(self, fact: dict, loc: _Loc) -> None:
        if len(self.facts) >= MAX_CV_FACTS:
            self.more += 1
            return
        self.facts.append(_stamp(fact, self.job, loc, self.section))

    def content(self, loc: _Loc, line: str) -> None:
        if len(self.facts) >= MAX_CV_FACTS:
            self.more += 1               # full: the rest is not read at all
            return
        if _CONTACT.search(line):
            return                   # an email, a link or a phone number: not a claim
        for fact in extract(line, max_facts=MAX_FACTS):
            self.add(fact, loc)

    def flush_pending(self) -> None:
        for loc, line in self.pending:
            self.content(loc, line)
        self.pending = []

    # a job from its heading lines
    def start_job(self, lines: list[tuple[int, str]], dates_line=None) -> None:
        title = employer = None
        for loc, line in lines:
            dates = find_dates(line) if (loc, line) == dates_line else None
            head = _heading(line, dates)
            if head["title"] and not title:
                title = (loc, head["title"], line)
            if head["employer"] and not employer:
                employer = (loc, head["employer"], line)
        dates = None
        if dates_line:
            dates = find_dates(dates_line[1])
        job = {"index": len(self.jobs), "title": title[1][2] if title else "", "employer": employer[1][2] if employer else "",
               "start": dates["start"] if dates else "", "end": dates["end"] if dates else "",
               "dates_text": dates["text"] if dates else "", "section": self.section or "job", "facts": 0}
        if dates and dates["end_point"] and dates["end_point"] < dates["start_point"] and \
                dates["end_point"][0] < dates["start_point"][0]:
            self.warnings.append(f"“{dates['text']}” ends before it starts: check the dates of "
                                 f"{job['title'] or job['employer'] or 'this job'}.")
        self.jobs.append(job)
        self.job = job
        self.fresh = True
        # the heading's own facts: its title, its start year and, once it has ended, its leaving year
        if title:
            loc, (a, b, words), line = title
            self.add(_made("title", "title", "Title", words, line[a:b], a, b, line,
                           canonical=" ".join(lexicon().title_tokens(words))), loc)
        if dates:
            loc, line = dates_line
            a, b = dates["start_span"]
            self.add(_made("year", "start_year", "Start year", dates["start_point"][0], line[a:b], a, b, line), loc)
            if dates["end_point"] and dates["end_span"] and dates["end_span"] != dates["start_span"]:
                a, b = dates["end_span"]
                self.add(_made("year", "leaving_year", "Leaving year", dates["end_point"][0], line[a:b], a, b, line),
                         loc)
        # anything else the heading states ("Team Lead (team of 6)"): read as a line, less what is done above
        for loc, line in lines:
            if _CONTACT.search(line):
                continue
            for fact in extract(line, max_facts=MAX_FACTS):
                if fact["kind"] in ("title", "year", "role"):
                    continue
                self.add(fact, loc)

    def fill_job(self, loc: _Loc, line: str) -> bool:
        """A line under a fresh heading that gives what it lacked ("Acme Ltd · 2016–2019" / "Operations
        Manager"). True when the line was used."""
        job = self.job
        head = _heading(line, None)
        if head["parts"] > 3:
            return False
        if not job["title"] and head["title"]:
            a, b, words = head["title"]
            job["title"] = words
            self.add(_made("title", "title", "Title", words, line[a:b], a, b, line,
                           canonical=" ".join(lexicon().title_tokens(words))), loc)
            if not job["employer"] and head["employer"]:
                self.set_employer(head["employer"][2])
            return True
        if not job["employer"] and head["employer"] and not head["title"] and head["parts"] <= 2:
            self.set_employer(head["employer"][2])
            return True
        return False

    def set_employer(self, name: str) -> None:
        job = self.job
        job["employer"] = name
        for fact in self.facts:
            if fact.get("job") == job["index"]:
                fact["employer"] = name
                fact["where"] = _employer_key(name)
                fact["frame"]["where"] = fact["where"]

    def line(self, offset: int, raw: str) -> None:
        loc = _Loc(offset, raw)
        line = loc.read()
        if not line.strip():
            return
        section = _section(line)
        if section and len(line.split()) <= 5:
            self.flush_pending()
            self.section = section
            self.job = None
            self.fresh = False
            return
        bullet = _BULLET.match(line)
        if bullet and bullet.end() < len(line):
            body = " " * bullet.end() + line[bullet.end():]
            if self.pending and self.section not in ("education", "other"):
                heading = [p for p in self.pending if _looks_like_heading(p[1], None) and _heading(p[1], None)["title"]]
                if heading:                 # "Operations Manager, Acme Ltd" with no dates, then its bullets
                    rest = [p for p in self.pending if p not in heading[-2:]]
                    self.pending = rest
                    self.flush_pending()
                    self.start_job(heading[-2:])
                else:
                    self.flush_pending()
            self.pending = []
            self.fresh = False
            self.content(loc, body)
            return
        dates = find_dates(line) if self.section != "other" else None   # a skill or a prize is no job
        if dates and _looks_like_heading(line, dates) and not _CONTACT.search(line.replace(dates["text"], "")):
            if self.section == "education":
                self.flush_pending()
                self.job = None
                self.content(loc, line.replace(dates["text"], " " * len(dates["text"])))
                end = dates["end_point"] or None
                if end:
                    a, b = dates["end_span"]
                    self.add(_made("year", "graduation_year", "Graduation year", end[0], line[a:b], a, b, line), loc)
                return
            usable = [p for p in self.pending[-2:] if _looks_like_heading(p[1], None) and not _CONTACT.search(p[1])]
            rest = [p for p in self.pending if p not in usable]
            self.pending = rest
            self.flush_pending()
            self.start_job([*usable, (loc, line)], dates_line=(loc, line))
            return
        if self.job is not None and self.fresh and _looks_like_heading(line, None) and self.fill_job(loc, line):
            return
        if _looks_like_heading(line, None) and len(line.split()) <= 8 and not _CONTACT.search(line):
            self.pending.append((loc, line))
            if len(self.pending) > 3:           # a heading uses at most two lines: the rest are content
                self.content(*self.pending.pop(0))
            return
        self.flush_pending()
        self.fresh = False
        self.content(loc, line)

    def finish(self) -> None:
        self.flush_pending()
        self.facts.sort(key=lambda f: (f["start"], f["end"]))
        for fact in self.facts:
            if "job" in fact:
                self.jobs[fact["job"]]["facts"] += 1
        for n, fact in enumerate(self.facts, 1):
            fact["id"] = f"cv{n}"


@lru_cache(maxsize=8)
def _read_cached(text: str) -> dict:
    reader = _Reader(text)
    for a, b in _segments(text):
        reader.line(a, text[a:b])
    reader.finish()
    warnings = reader.warnings
    if reader.more:
        warnings.append(f"Your CV has more facts than Round Two lists ({MAX_CV_FACTS:,}); the rest were not "
                        "read. Keep the CV to what you would send an employer.")
    jobs = [{"title": j["title"], "employer": j["employer"], "start": j["start"], "end": j["end"],
             "dates": j["dates_text"], "section": j["section"], "facts": j["facts"]} for j in reader.jobs]
    if text.strip() and not jobs:
        warnings.append("No jobs found. Write each job on a line of its own with its title, employer and dates "
                        "(“Senior Analyst, Acme Ltd, Mar 2019 – Present”), its bullets below it.")
    for job in jobs:
        if not job["employer"] and job["title"]:
            warnings.append(f"“{job['title']}” has no employer next to it, so its facts are not tied to one: "
                            "write the employer on its title line.")
    return {"facts": reader.facts, "jobs": jobs, "warnings": warnings}


def read(text: str) -> dict:
    """A CV's text as facts and jobs (a deep copy: callers may change it). Never raises for any text."""
    text = text if isinstance(text, str) else ""
    warnings = []
    if len(text) > MAX_CV_CHARS:
        cut = text.rfind("\n", 0, MAX_CV_CHARS)
        text = text[:cut if cut > 0 else MAX_CV_CHARS]
        warnings.append(f"Only the first {MAX_CV_CHARS:,} characters of your CV were read; a CV is rarely longer. "
                        "Paste the CV alone.")
    out = copy.deepcopy(_read_cached(text))
    out["warnings"] = warnings + out["warnings"]
    out["summary"] = summary(out)
    return out


def summary(result: dict) -> str:
    jobs, facts = len(result["jobs"]), len(result["facts"])
    if not jobs and not facts:
        return "Nothing read from your CV yet."
    return (f"Read {jobs} job{'s' if jobs != 1 else ''} and {facts} fact{'s' if facts != 1 else ''} from your CV; "
            "they join your facts ledger as round zero.")


# --- reading a file ------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(data: bytes) -> str:
    """The paragraphs of a .docx, one a line: list paragraphs as "- " bullets, table rows as "a | b | c"."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise BadFile("This .docx file is damaged or is not really a Word document (it is not a zip archive "
                      "inside). Open it in your word processor and save it as .docx again, or "
                      f"{PASTE_INSTEAD}.") from None
    with archive:
        try:
            info = archive.getinfo("word/document.xml")
        except KeyError:
            if any(n == "content.xml" for n in archive.namelist()):
                raise BadFile("This is an OpenDocument file (.odt), not a Word document. Save it as .docx or "
                              f".txt and choose it again, or {PASTE_INSTEAD}.") from None
            raise BadFile("This file is a zip archive but not a Word document (it has no word/document.xml). "
                          f"Choose the .docx of your CV, or {PASTE_INSTEAD}.") from None
        if info.file_size > MAX_DOCX_XML:
            raise BadFile(f"This Word document unpacks to more than {MAX_DOCX_XML // (1024 * 1024)} MB of text, "
                          f"far more than a CV. Save a copy without pictures or tracked changes, or {PASTE_INSTEAD}.")
        try:
            with archive.open(info) as stream:
                xml = stream.read(MAX_DOCX_XML + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
            raise BadFile("This Word document is damaged or encrypted, so its text cannot be read. Open it, save "
                          f"an unprotected copy as .docx, or {PASTE_INSTEAD}.") from None
    if len(xml) > MAX_DOCX_XML:
        raise BadFile(f"This Word document unpacks to far more text than a CV. {PASTE_INSTEAD.capitalize()}.")
    head = xml[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in xml.lower():
        raise BadFile(f"This Word document has an unusual structure Round Two will not read. {PASTE_INSTEAD.capitalize()}.")
    import xml.etree.ElementTree as ET  # here: only a .docx needs it

    try:
        root = ET.fromstring(xml)
    except (ET.ParseError, ValueError, UnicodeError):
        raise BadFile("This Word document is damaged (its text cannot be read). Open it in your word processor, "
                      f"save it again as .docx, or {PASTE_INSTEAD}.") from None
    body = root.find(f"{_W}body")
    lines: list[str] = []
    _docx_blocks(body if body is not None else root, lines, 0)
    return "\n".join(lines)


def _paragraph(p) -> str:
    out = []
    for node in p.iter():
        tag = node.tag
        if tag == f"{_W}t" and node.text:
            out.append(node.text)
        elif tag == f"{_W}tab":
            out.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            out.append("-")
    text = "".join(out)
    props = p.find(f"{_W}pPr")
    listed = props is not None and props.find(f"{_W}numPr") is not None
    if listed and text.strip() and not _BULLET.match(text):
        text = "- " + text.lstrip()
    return text


def _docx_blocks(node, lines: list[str], depth: int) -> None:
    if depth > 40:
        return
    for child in node:
        tag = child.tag
        if tag == f"{_W}p":
            lines.append(_paragraph(child))
        elif tag == f"{_W}tbl":
            for row in child.iter(f"{_W}tr"):
                cells = []
                for cell in row.findall(f"{_W}tc"):
                    parts: list[str] = []
                    _docx_blocks(cell, parts, depth + 1)
                    cells.append(" ".join(" ".join(parts).split()))
                if any(cells):
                    lines.append(" | ".join(c for c in cells if c))
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag", f"{_W}ins"):
            _docx_blocks(child, lines, depth + 1)


def _text_of(data: bytes) -> str:
    """Bytes of a text file as text; BadFile when they are not text."""
    if data.startswith(b"%PDF"):
        raise BadFile("This is a PDF. Round Two reads .txt, .md and .docx files: open the PDF, select all its "
                      f"text and copy it, then {PASTE_INSTEAD}.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise BadFile("This is an older Word file (.doc). Open it in your word processor and save it as .docx, "
                      f"or {PASTE_INSTEAD}.")
    if data.startswith(b"{\\rtf"):
        raise BadFile("This is a Rich Text (.rtf) file. Save it as .docx or .txt and choose it again, or "
                      f"{PASTE_INSTEAD}.")
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return _checked_text(data[len(bom):].decode(codec))
            except UnicodeDecodeError:
                break
    if b"\x00" in data[:65536]:
        raise BadFile(f"This file is not text (it holds binary data): it is not a CV Round Two can read. Choose "
                      f"a .txt, .md or .docx file, or {PASTE_INSTEAD}.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")   # an older Windows text file
    return _checked_text(text)


def _checked_text(text: str) -> str:
    sample = text[:65536]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\x0c") + sample.count("\ufffd")
    if sample and control > max(8, len(sample) // 50):
        raise BadFile(f"This file is not text (it holds binary data): it is not a CV Round Two can read. Choose "
                      f"a .txt, .md or .docx file, or {PASTE_INSTEAD}.")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def decode_file(name: str, data: bytes) -> tuple[str, str]:
    """(text, kind) of a CV file: kind is "docx" or "text". BadFile says why a file cannot be read."""
    if not data:
        raise BadFile(f"“{name}” is empty (0 bytes). Choose the file your CV is saved in, or {PASTE_INSTEAD}.")
    if len(data) > MAX_FILE_BYTES:
        raise BadFile(_too_big(name, len(data)))
    lower = name.lower()
    is_zip = data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06"
    if lower.endswith(".docx") or lower.endswith(".docm") or is_zip:
        if not is_zip:
            try:
                _text_of(data)
            except BadFile:
                raise BadFile("This file is not a Word document or text; " + PASTE_INSTEAD + ".") from None
            raise BadFile(f"“{name}” is named .docx but holds plain text. Rename it to .txt and choose it again, or "
                          f"{PASTE_INSTEAD}.")
        return _docx_text(data), "docx"
    return _text_of(data), "text"


def _too_big(name: str, size: int) -> str:
    return (f"“{name}” is {size / (1024 * 1024):.1f} MB; a CV file can be at most {MAX_FILE_BYTES // (1024 * 1024)} "
            f"MB (pictures make a file large). Save a copy without pictures, or {PASTE_INSTEAD}.")


def read_file(name: str, data: bytes) -> dict:
    text, kind = decode_file(name, data)
    if not text.strip():
        raise BadFile(f"“{name}” has no text in it. If your CV is a scan or a picture, type or paste its text "
                      "into the box instead.")
    if len(text) > P.MAX_TEXT:
        raise BadFile(f"“{name}” holds {len(text):,} characters of text, far more than a CV. {PASTE_INSTEAD.capitalize()}.")
    out = read(text)
    out.update(text=text, name=name, kind=kind)
    return out


# --- the API -------------------------------------------------------------------------------------

def read_params(params: dict) -> dict:
    """cv.read {"text"} -> {"facts", "jobs", "warnings", "summary"}.

    facts: as facts.extract gives them, offsets ("start", "end") into the whole text, plus "source" ("CV"),
    "employer" (as written, "" before any job), "where" (the employer as a frame names it), "dates" ({start,
    end, text} of the job: "2019-03", "present", "Mar 2019 – Present"), "section" and, under a job, "job" (its
    index) and "frame". A job's heading gives its title, start year and leaving year as facts.
    jobs: [{title, employer, start, end, dates, section, facts}] in CV order.
    """
    params = P.require_dict(params)
    return read(P.text(params, "text"))


def read_file_params(params: dict) -> dict:
    """cv.read_file {"name", "data": the file's bytes in base64} -> what cv.read gives, plus "text" (the CV's
    text, to keep), "name" and "kind" ("docx" or "text"). A file that cannot be read is an error reply with
    code "bad_file" and a message saying what to do (too large, empty, not text, not a Word document)."""
    params = P.require_dict(params)
    name = P.text(params, "name", max_len=1000).strip() or "This file"
    name = name.replace("\\", "/").rsplit("/", 1)[-1][:MAX_NAME] or "This file"
    data = params.get("data")
    if data is None:
        raise BadParams("The field 'data' is missing; send the file's contents as base64 text.")
    if not isinstance(data, str):
        raise BadParams(f"The field 'data' must be the file's contents as base64 text, not {type(data).__name__}.")
    data = data.strip()
    if data.startswith("data:") and "," in data[:200]:
        data = data.split(",", 1)[1]                 # a data: URL from FileReader.readAsDataURL
    if len(data) * 3 // 4 > MAX_FILE_BYTES + 3:
        raise BadFile(_too_big(name, len(data) * 3 // 4))
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise BadParams("The field 'data' is not valid base64: send the file's bytes encoded as base64.") from None
    return read_file(name, raw)


def check_file_params(params: dict) -> dict:
    """cv.check_file {"name", "size"} -> {"max_bytes"}: whether a file of this size may be sent to
    cv.read_file, asked before the page reads the file at all (a 2 GB video is never read). An empty or
    too large file is an error reply with code "bad_file", as cv.read_file would give."""
    params = P.require_dict(params)
    name = P.text(params, "name", max_len=1000).strip().replace("\\", "/").rsplit("/", 1)[-1][:MAX_NAME] or "This file"
    size = P.integer(params, "size", lo=0, hi=2 ** 53)
    if size is None:
        raise BadParams("The field 'size' is missing; send the file's size in bytes.")
    if size == 0:
        raise BadFile(f"“{name}” is empty (0 bytes). Choose the file your CV is saved in, or {PASTE_INSTEAD}.")
    if size > MAX_FILE_BYTES:
        raise BadFile(_too_big(name, size))
    return {"max_bytes": MAX_FILE_BYTES}
