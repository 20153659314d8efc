"""Titles and roles a person gives themselves: "I was a senior engineer", "Band 6 nurse", "promoted to
lead", "one of three analysts", "I led the migration".

A mixin of the fact scanner (roundtwo.facts._Scanner).
"""

from __future__ import annotations

from .tokens import NUM, WORD, SYM
from .wordlists import (
    _SMALL, _TENS, _ORDINAL, _POSSESSIVE, _DETERMINER, _ROLE_ADVERB, _ROLE_OBJECT_STOP,
    _ROLE_NOT_OBJECT, _TITLE_AFTER_VERB, _TITLE_OF, _TITLE_OPEN, _TITLE_SKIP, _NOT_IN_TITLE,
    _GRADE_WORDS, _FIRST_PERSON, _singular,
)


class TitleReader:
    """Reads titles and roles at their trigger words."""

    def title_run(self, k: int, b: int, *, loose: bool = False) -> int | None:
        """End (exclusive) of a title starting at k ("senior software engineer"), or None.

        `loose`: where a title is expected ("I was the ...", "as a ..."), up to two words the vocabulary
        does not know may stand before the head ("night news editor", "deputy features editor").
        """
        lex, low, kd, tok = self.lex, self.low, self.kd, self.tok
        end = None
        j = k
        unknown = 0
        while j < b and j - k < 8:
            if tok[j] == "-" and j > k and j + 1 < b and kd[j + 1] == WORD:
                j += 1
                continue
            if kd[j] != WORD:
                break
            w = low[j]
            if w not in lex.title_words and _singular(w) not in lex.title_heads:
                if loose and end is None and unknown < 2 and w.isalpha() and w not in _ROLE_OBJECT_STOP \
                        and w not in _NOT_IN_TITLE \
                        and w not in _DETERMINER and w not in _TITLE_AFTER_VERB and not w.endswith("ly"):
                    unknown += 1
                    j += 1
                    continue
                break
            if w in lex.title_heads or w in lex.title_abbr and (" " in lex.title_abbr[w] or
                                                                lex.title_abbr[w] in lex.title_heads) or w in ("pm", "em", "po") \
                    or w == "eng" and (j + 1 >= b or low[j + 1] not in lex.title_words):
                end = j + 1
                if w in _TITLE_OF and j + 2 < b and low[j + 1] == "of":
                    m = j + 2 + (low[j + 2] == "the")       # "head of data", "director of engineering"
                    if m < b and low[m] in lex.title_words:
                        end = j = m + 1
                        while j < b and low[j] in lex.title_words and j - m < 2:
                            end = j = j + 1
                        break
            j += 1
        if end is not None and tok[end - 1] == "-":
            end -= 1
        return end

    def title_at(self, k: int, b: int, mode: str, *, after_as=False) -> int | None:
        low = self.low
        j = k
        while j < b and low[j] in _TITLE_SKIP:
            j += 1
        if j < b and low[j] in _TITLE_OPEN:
            if low[j] == "one":
                return None
            j += 1
        while j < b and (low[j] in _TITLE_SKIP or low[j] in _ORDINAL):
            j += 1
        end = self.title_run(j, b, loose=True)
        if end is None:
            return None
        if after_as and end < b and low[end] in _TITLE_AFTER_VERB:
            return None
        if end + 2 < b and self.tok[end] == "(" and self.tok[end + 1][:1].isupper() and self.tok[end + 2] == ")":
            return                              # "Director (Linda) cut the budget": someone else, named
        words = self.title_words(j, end)
        self.emit({"kind": "title", "about": "title", "about_words": "title", "value": words,
                   "canonical": " ".join(self.lex.title_tokens(words)), "mode": mode}, j, end)
        return end

    def grade_title(self, fact: dict, s: int, e: int) -> bool:
        """"I was Band 6", "a Grade 7 officer", "promoted to level 5": a pay grade is part of a title."""
        low = self.low
        if s == 0 or low[s - 1] not in _GRADE_WORDS or fact.get("mode") != "level":
            return False
        g = s - 1
        if not (self.tok[g][:1].isupper() or (g > 0 and low[g - 1] in ("a", "as", "was", "am", "to", "at", "on"))):
            return False
        end = s + 1
        b = len(self.tok)
        more = self.title_run(end, min(b, end + 4)) if end < b and self.kd[end] == WORD else None
        if more is None and end < b and low[end] in ("sister", "nurse", "charge", "midwife"):
            more = end + 1
        end = more or end
        words = self.text[self.st[g]:self.en[end - 1]]
        self.emit({"kind": "title", "about": "title", "about_words": "title", "value": words,
                   "canonical": words.lower(), "mode": "level"}, g, end)
        return True

    def fragment_title(self, a: int, b: int) -> None:
        """Notes and CVs open a line with the title itself: "Senior analyst, Acme. 2019-2022."."""
        low, kd = self.low, self.kd
        j = a
        while j < b and kd[j] == SYM and self.tok[j] in ("-", "*", "\u2022", "#", ">"):
            j += 1                              # a bullet
        if j >= b or kd[j] != WORD or not self.tok[j][:1].isupper():
            return
        end = self.title_run(j, b, loose=True)
        if end is None or end - j > 6:
            return
        # the title, then where or how long: "Shift lead last 2 yrs", "Ward manager since 2019", "Editor 3 yrs"
        if end < b and not (kd[end] == SYM and self.tok[end][0] in ",.;:(\u2013\u2014-|") and \
                low[end] not in ("at", "for", "with", "in", "on", "last", "first", "since", "from", "until") and \
                not ((kd[end] == NUM or low[end] in _SMALL) and end + 1 < b and
                     _singular(low[end + 1]) in ("yr", "year", "month", "mo", "yrs")):
            return
        if end + 2 < b and self.tok[end] == "(" and self.tok[end + 1][:1].isupper() and self.tok[end + 2] == ")":
            return                              # "Director (Linda) cut the budget": someone else, named
        words = self.title_words(j, end)
        self.emit({"kind": "title", "about": "title", "about_words": "title", "value": words,
                   "canonical": " ".join(self.lex.title_tokens(words)), "mode": "level"}, j, end)

    def arrow_titles(self, a: int, b: int) -> None:
        """Notes chain titles with arrows: "Firefighter 11 yrs -> Crew Commander 2019 -> Watch Commander
        2022": each title after an arrow is one the person moved to."""
        tok = self.tok
        for k in range(a, b - 1):
            if tok[k] in ("\u2192", "\u27f6") or tok[k] in ("-", "--") and tok[k + 1] == ">" and self.en[k] == self.st[k + 1]:
                j = k + 1 if tok[k] in ("\u2192", "\u27f6") else k + 2
                if j >= b or self.kd[j] != WORD or not tok[j][:1].isupper():
                    continue
                end = self.title_run(j, b, loose=True)
                if end is None or end - j > 6:
                    continue
                words = self.title_words(j, end)
                self.emit({"kind": "title", "about": "title", "about_words": "title", "value": words,
                           "canonical": " ".join(self.lex.title_tokens(words)), "mode": "end"}, j, end)

    def title_words(self, j: int, end: int) -> str:
        return self.text[self.st[j]:self.en[end - 1]]

    def title_trigger(self, k: int, a: int, b: int) -> None:
        """Titles the person gives themselves: "I was a senior engineer", "as the PM", "promoted to lead"."""
        low = self.low
        w = low[k]
        nxt = low[k + 1] if k + 1 < b else ""
        if w == "as" and (k == a or low[k - 1] not in ("such", "well", "same", "so", "just", "much")):
            self.title_at(k + 1, b, "level", after_as=True)
        elif w in ("i'm",) or (w == "i" and nxt in ("was", "am", "became")):
            self.title_at(k + (1 if w != "i" else 2), b, "level")
        elif w == "i" and nxt in ("have", "had") and k + 2 < b and low[k + 2] == "been":
            self.title_at(k + 3, b, "level")
        elif w == "i've" and nxt == "been":
            self.title_at(k + 2, b, "level")
        elif w == "promoted" and nxt == "to":
            self.title_at(k + 2, b, "end")
        elif w == "promoted" and k + 1 < b and self.tok[k + 1][:1].isupper():
            self.title_at(k + 1, b, "end")      # notes: "Promoted Senior Ops Eng 2023"
        elif w in ("became", "becoming") or (w == "then" and k > a and (self.tok[k - 1] in (",", ";") or
                                                                        low[k - 1] == "and")
                                              and nxt not in ("became", "becoming", "was", "got", "moved")):
            self.title_at(k + 1, b, "end")      # "before becoming senior editor", "Copy-editor, then managing editor"
        elif w in ("title", "role", "position") and k > a and low[k - 1] in _POSSESSIVE and nxt in ("was", "is"):
            self.title_at(k + 2, b, "level")
        elif w == "from":
            self.title_change(k + 1, b)

    def title_change(self, k: int, b: int) -> int | None:
        """"moved from analyst to lead": the start and end titles of a change."""
        low = self.low
        j = k + 1 if k < b and low[k] in _TITLE_OPEN else k
        end1 = self.title_run(j, b)
        if end1 is None or end1 >= b or low[end1] != "to":
            return None
        k2 = end1 + 1
        j2 = k2 + 1 if k2 < b and low[k2] in _TITLE_OPEN else k2
        end2 = self.title_run(j2, b)
        if end2 is None:
            return None
        for start, end, mode in ((j, end1, "start"), (j2, end2, "end")):
            words = self.title_words(start, end)
            self.emit({"kind": "title", "about": "title", "about_words": "title", "value": words,
                       "canonical": " ".join(self.lex.title_tokens(words)), "mode": mode}, start, end)
        return end2

    def role_trigger(self, k: int, a: int, b: int) -> None:
        """"one of five planners" (a member) versus "I led the project" (the lead)."""
        low, lex = self.low, self.lex
        w = low[k]
        if w == "one" and k + 1 < b and low[k + 1] == "of" and self.first_person_before(k, a):
            self.role_one_of(k, b)
        elif w == "i" or (k == a and w in lex.lead_verbs and w.endswith(("ed", "ran", "led", "saw"))):
            self.role_lead(k if w == "i" else k - 1, a, b)   # "Led the rollout." in note style
        for phrase in lex.member_starts.get(w, ()):
            if tuple(low[k:k + len(phrase)]) == phrase and (phrase[0] == "individual" or self.first_person_before(k, a, 6)):
                self.emit_role("member", k, k + len(phrase))
                break

    def first_person_before(self, k: int, a: int, n: int = 4) -> bool:
        return any(self.low[j] in _FIRST_PERSON or self.low[j] == "as" for j in range(max(a, k - n), k))

    def role_one_of(self, k: int, b: int) -> int | None:
        low, lex = self.low, self.lex
        j = k + 2
        if j < b and low[j] in _DETERMINER:
            j += 1
        if j >= b or not (self.kd[j] == NUM or low[j] in _SMALL or low[j] in _TENS or low[j] in ("several", "many")):
            return None                         # "one of the people who pushed for it" is not a role
        for m in range(j, min(b, j + 5)):
            if self.kd[m] == SYM and self.tok[m] != "-":
                return None
            if self.kd[m] != WORD or (self.low[m] not in lex.people_first and _singular(self.low[m]) not in lex.people):
                continue
            for n in (2, 1):
                idx = self.words_fwd(m, b, n)
                if idx and self.phrase(idx, noun=True) in lex.people:
                    end = idx[-1] + 1
                    self.emit_role("member", k, end)
                    return end
        return None

    def role_lead(self, k: int, a: int, b: int) -> int | None:
        low, lex = self.low, self.lex
        j = k + 1
        if j < b and low[j] in _ROLE_ADVERB and k >= a:
            j += 1
        if j + 1 >= b:
            return None
        for phrase in lex.lead_phrases:
            if tuple(low[j:j + len(phrase)]) == phrase:
                end = self.role_object(j + len(phrase), b)
                self.emit_role("lead", j, end)
                return end
        if low[j] not in lex.lead_verbs or low[j + 1] in _ROLE_NOT_OBJECT or self.kd[j + 1] != WORD:
            return None
        end = self.role_object(j + 1, b)
        if end == j + 1:
            return None
        self.emit_role("lead", j, end)
        return end

    def role_object(self, j: int, b: int) -> int:
        low, kd = self.low, self.kd
        end = j
        count = 0
        while end < b and count < 7:
            if kd[end] == SYM and self.tok[end] not in ("-", "'"):
                break
            if kd[end] == WORD and low[end] in _ROLE_OBJECT_STOP and not (low[end] == "of" and count):
                break
            end += 1
            count += 1
        return end

    def emit_role(self, level: str, s: int, e: int) -> None:
        words = self.text[self.st[s]:self.en[e - 1]]
        self.emit({"kind": "role", "about": "role", "about_words": "role", "value": words.lower(),
                   "level": level, "mode": "level"}, s, e)
