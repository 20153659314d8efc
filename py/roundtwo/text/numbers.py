"""Numbers and quantities in the scanner's tokens: digits and number words ("forty-five", "one point
five million"), units, currencies, rates, hedges, ranges, changes, multiples and ordinals.

A mixin of the fact scanner (roundtwo.facts._Scanner): it reads the scanner's token lists and emits facts
through it. Every number the project reads goes through here, so "five" means 5 everywhere.
"""

from __future__ import annotations

import math

from .tokens import NUM, WORD, SYM
from .wordlists import (
    _YEAR, _SMALL, _TENS, _BIG, _ORDINAL, _ORDINAL_SUFFIX, _YEAR_BEFORE, _UNIT_ABBREVIATIONS,
    _NOT_A_DURATION_AFTER, _CHANGE_LEAD, _MULTIPLE_WORDS, _RANK_BEFORE, _singular, clean_number,
)


# Words that may follow a one-letter measure ("50 m on air", "4.5 t of honey"): a noun would make it
# something else ("5 m users").
_AFTER_MEASURE = {"on", "in", "of", "at", "and", "or", "to", "from", "with", "by", "deep", "down", "long", "high",
                  "wide", "tall", "below", "under", "over"}


# A fraction as a share, in percent: "a quarter of all calls", "two thirds of the budget".
_SHARES = {"half": 50.0, "third": 100 / 3, "thirds": 100 / 3, "quarter": 25.0, "quarters": 25.0, "fifth": 20.0,
           "fifths": 20.0, "tenth": 10.0, "tenths": 10.0}


class _Quantity:
    __slots__ = ("s", "e", "ns", "value", "mantissa", "scale", "kind", "unit", "currency", "per", "bound",
                 "approx", "hyphen", "hedge")

    def __init__(self, s, ns, value, mantissa, scale):
        self.s, self.ns, self.e = s, ns, ns + 1
        self.value, self.mantissa, self.scale = value, mantissa, scale
        self.kind = None      # None is a bare number: a count unless its about says money
        self.unit = None
        self.currency = None
        self.per = None
        self.bound = None     # "at_least", "at_most" or "nearly"
        self.approx = False
        self.hyphen = False   # "two-year project", "900-pupil school": the number is an adjective
        self.hedge = None     # the hedge rule that applies: about, over, at_least, nearly, under, at_most


# Before "5s", "30s", "1990s": the number is a plural (a grade, an age, a decade), not seconds.
_PLURAL_NUMBER_BEFORE = {"band", "bands", "grade", "grades", "level", "levels", "the", "my", "his", "her", "their",
                         "our", "early", "late", "mid", "year", "years", "size", "sizes", "type"}


class QuantityReader:
    """Reads the quantity at a token and any range or change it starts."""

    # --- numbers -----------------------------------------------------------------------------
    def number(self, i: int, b: int):
        """A number at i: (value, index after it, scale) or None. Digits, words, or both."""
        low, kd = self.low, self.kd
        if kd[i] == NUM:
            digits = low[i]
            if len(digits) > 18:
                return None
            value = float(digits.replace(",", ""))
            j = i + 1
            scale = 1.0
            if j < b and kd[j] == WORD and self.st[j] == self.en[i]:
                factor = self.lex.scale.get(low[j])
                if factor is None:
                    if low[j] == "s" and i > 0 and (kd[i - 1] == WORD and self.tok[i - 1][:1].isupper()
                                                    or low[i - 1] in _PLURAL_NUMBER_BEFORE):
                        return None                  # "ATR 72s", "band 5s", "in my 30s": a plural, not seconds
                    if _singular(low[j]) in self.lex.duration:
                        return value, j, 1.0         # "800ms", "3h": the unit follows at j
                    return None                      # "v2", "10x", "9am": not a quantity
                scale, j = float(factor), j + 1
            else:
                j, half = self.and_a_half(j, b)
                value += half
                if j < b and low[j] in self.lex.scale and (len(low[j]) > 1 and low[j] != "mm"):
                    scale, j = float(self.lex.scale[low[j]]), j + 1
            return value, j, scale
        return self.number_words(i, b)

    def and_a_half(self, j: int, b: int) -> tuple[int, float]:
        """Skip "and a half" (hyphens allowed) at j: (new j, 0.5) or (j, 0)."""
        want = ("and", "a", "half")
        k = j
        for w in want:
            if k < b and self.tok[k] == "-":
                k += 1
            if k >= b or self.low[k] != w:
                return j, 0.0
            k += 1
        return k, 0.5

    def number_words(self, i: int, b: int):
        low = self.low
        w = low[i]
        nxt = low[i + 1] if i + 1 < b else ""
        if w in ("a", "an"):
            if nxt == "dozen":
                return 12.0, i + 2, 1.0
            if nxt == "couple":
                j = i + 2
                if j < b and low[j] == "of":
                    j += 1
                return 2.0, j, 1.0
            if nxt == "quarter" and i + 4 < b and low[i + 2] == "of" and low[i + 3] in ("a", "an") \
                    and low[i + 4] in _BIG:
                return 0.25, i + 5, _BIG[low[i + 4]]
            if nxt == "half":
                return self.number_words(i + 1, b)
            if nxt in _BIG or nxt == "hundred":
                return self.number_words_run(i + 1, b, start=1.0)
            return None
        if w == "half":
            j = i + 1
            if j < b and low[j] in ("a", "an"):
                if j + 1 < b and low[j + 1] in _BIG:
                    return 0.5, j + 2, _BIG[low[j + 1]]
                return 0.5, j + 1, 1.0                    # "half a year": the caller reads the unit
            if j < b and self.tok[j] == "-":
                j += 1
            if j < b and low[j] in _BIG:
                return 0.5, j + 1, _BIG[low[j]]
            return None
        if w in _SMALL and nxt in ("quarters", "thirds", "quarter", "third") and i + 4 < b and low[i + 2] == "of" \
                and low[i + 3] in ("a", "an") and low[i + 4] in _BIG:
            share = {"quarters": 0.25, "quarter": 0.25, "thirds": 1 / 3, "third": 1 / 3}[nxt] * _SMALL[w]
            return share, i + 5, _BIG[low[i + 4]]     # "three quarters of a million"
        if w in _SMALL or w in _TENS or w == "hundred":
            if w == "one" and nxt in ("of", "another", "way", "thing", "day"):
                return None                              # "one of four", "one day": not a count
            return self.number_words_run(i, b, start=0.0)
        return None

    def number_words_run(self, i: int, b: int, *, start: float):
        """"forty-five", "one hundred and twenty", "two thousand", "one and a half million"."""
        low, tok = self.low, self.tok
        total, current = 0.0, start
        last = "scale" if start else None     # "a thousand": the "a" acts as one
        last_big = float("inf")
        j = i
        scale = 1.0
        steps = 0
        before_and = None
        while j < b and steps < 14:
            steps += 1
            w = low[j]
            if before_and and (w == "hundred" and current >= 100 or w in _BIG and _BIG[w] >= last_big) \
                    and last in ("small", "teen", "tens") and j - before_and[0] <= 3:
                # "between three hundred and four hundred": two numbers, not 304 and a stray hundred
                j, total, current, last = before_and[0], before_and[1], before_and[2], before_and[3]
                break
            if w in _SMALL:
                if last in ("small", "teen"):
                    break
                current += _SMALL[w]
                last = "small" if _SMALL[w] < 10 else "teen"
            elif w in _TENS:
                if last in ("small", "teen", "tens"):
                    break
                current += _TENS[w]
                last = "tens"
            elif w == "-" and last == "tens" and j + 1 < b and low[j + 1] in _SMALL and _SMALL[low[j + 1]] < 10:
                pass
            elif w == "-" and last in ("small", "teen", "tens") and j + 1 < b and (low[j + 1] == "hundred" or low[j + 1] in _BIG):
                pass                                # "eight-hundred seat", "two-million pound"
            elif w == "hundred" and last in ("small", "teen", "tens", None, "scale") and current < 100:
                current = (current or 1) * 100
                last = "hundred"
            elif w == "point" and last in ("small", "teen", "tens") and j + 1 < b and low[j + 1] in _SMALL \
                    and _SMALL[low[j + 1]] < 10:
                # "one point five million": decimal digits said one by one
                k, frac, place = j + 1, 0.0, 0.1
                while k < b and low[k] in _SMALL and _SMALL[low[k]] < 10 and place > 1e-4:
                    frac += _SMALL[low[k]] * place
                    place /= 10
                    k += 1
                current += frac
                last = "small"
                j = k
                continue
            elif (w in _BIG or w == "grand") and last is not None and _BIG.get(w, 1e3) < last_big:
                big = _BIG.get(w, 1e3)          # "six hundred and fifty grand": thousands (of money)
                total += (current or 1) * big
                current = 0.0
                last_big = scale = big
                last = "scale"
            elif w == "dozen" and last in ("small", "teen", "tens"):
                current *= 12
                last = "dozen"
            elif w == "and" and last is not None:
                k, half = self.and_a_half(j, b)
                if half:
                    current += half
                    j = k
                    last = "half"
                    continue
                if last in ("hundred", "scale") and j + 1 < b and (low[j + 1] in _SMALL or low[j + 1] in _TENS):
                    before_and = (j, total, current, last)
                    last = "and"
                else:
                    break
            else:
                break
            j += 1
        if last is None or last == "and" or j == i:
            return None
        if tok[j - 1] == "-":
            j -= 1
        return (total + current) / scale, j, scale

    def quantity(self, i: int, a: int, b: int) -> _Quantity | None:
        """A number with its unit, currency, rate and hedges, starting at i."""
        low, kd, tok, lex = self.low, self.kd, self.tok, self.lex
        s = i
        currency = None
        if tok[i] in lex.currency and kd[i] == SYM:
            currency = lex.currency[tok[i]]
            if tok[i] == "$" and i > a and kd[i - 1] == WORD and self.en[i - 1] == self.st[i] and \
                    tok[i - 1] in lex.dollar_prefix:
                currency, s = lex.dollar_prefix[tok[i - 1]], i - 1     # "just over NZ$3 million"
            i += 1
            if i >= b or kd[i] != NUM:
                return None
        elif kd[i] == WORD and len(low[i]) == 3 and low[i] in lex.currency and i + 1 < b and kd[i + 1] == NUM:
            currency = lex.currency[low[i]]
            i += 1
        if kd[i] == NUM:
            # digits glued to letters or inside dates, times and ratios are names, not quantities
            if i > a and self.en[i - 1] == self.st[i] and (kd[i - 1] == WORD or tok[i - 1] in "/:.#") \
                    and not (currency and i - 1 == s):
                return None
            if i + 2 < b and self.st[i + 1] == self.en[i] and tok[i + 1] == "/" and \
                    _singular(low[i + 2]) in lex.per and kd[i + 2] == WORD:
                pass                                # "15/day", "$400k/yr": a rate, read below
            elif i + 1 < b and self.st[i + 1] == self.en[i] and (tok[i + 1] == "/" or tok[i + 1] == ":" and (
                    i + 2 < b and self.st[i + 2] == self.en[i + 1] and kd[i + 2] == NUM)):
                return None                         # "24/7", "9:30", "4:3"; not the label's colon of "Team of 6: 4 devs"
        # "a year" / "an hour": one unit, only where a duration is expected ("took about a year")
        if low[i] in ("a", "an") and i + 1 < b:
            unit = _singular(low[i + 1])
            of_big = i + 4 < b and low[i + 2] == "of" and low[i + 3] in ("a", "an") and low[i + 4] in _BIG
            if unit in lex.duration and unit not in _UNIT_ABBREVIATIONS and not of_big:
                # "a year", "a day"; not "a min", nor "over a quarter of a million"
                j, half = self.and_a_half(i + 2, b)
                prev = low[i - 1] if i > a else ""
                k = i - 1
                while k > a and (low[k] in lex.nearly or low[k] in lex.approx):
                    k -= 1
                if unit == "quarter" and (low[k] == "by" and self.change_before(k, a) or self.share_near_percent(i + 1, a)):
                    pass                            # "cut no-shows by nearly a quarter": a share, read below
                elif half or prev in lex.duration_intro:
                    q = _Quantity(s, i, 1.0 + half, 1.0 + half, 1.0)
                    q.kind, q.unit = "duration", unit
                    q.value = (1.0 + half) * lex.duration[unit]
                    q.e = j
                    self.compound(q, a, b)
                    return self.hedge(q, a)
        parsed = self.number(i, b)
        if parsed is None:
            return None
        value, j, scale = parsed
        q = _Quantity(s, i, value * scale, value, scale)
        q.currency = currency
        if currency or low[j - 1] == "grand":
            q.kind = "money"                    # "fifty grand" is money, its currency unsaid
        plus = j < b and tok[j] == "+" and self.st[j] == self.en[j - 1] and j + 1 < b and \
            _singular(low[j + 1]) in lex.duration
        if plus:
            j += 1                              # "5+ years": the unit follows the plus
        odd = False
        if j + 1 < b and tok[j] == "-" and low[j + 1] == "odd" and self.st[j] == self.en[j - 1]:
            odd, j = True, j + 2                # "twenty-odd assignments": twenty and some more
        elif j < b and low[j] == "odd" and value >= 10 and value % 10 == 0:
            odd, j = True, j + 1                # "30 odd years"
        w = low[j] if j < b else ""
        if w == "%":
            q.kind, q.unit, j = "percent", "percent", j + 1
        elif w in ("percent", "pct", "percentage") or (w == "per" and j + 1 < b and low[j + 1] == "cent"):
            q.kind, q.unit = "percent", "percent"
            j += 2 if w == "per" else 1
        elif w and not currency and _singular(w) in lex.currency and kd[j] == WORD and not (
                len(w) == 3 and j + 1 < b and kd[j + 1] == WORD and low[j + 1] not in lex.filler
                and low[j + 1] not in lex.per and self.st[j + 1] > self.en[j]):
            # a currency code, unless a noun follows it: "2 CAD techs" are two technicians
            q.kind, q.currency, j = "money", lex.currency[_singular(w)], j + 1
            j = self.minor_units(q, j, b)       # "two pounds fifty" is 2.50
        else:
            k = j + 1 if (w == "-" and j + 1 < b) else j
            if k + 1 < b and low[k] in ("working", "business", "calendar", "school", "full", "solid") \
                    and _singular(low[k + 1]) in lex.duration:
                k += 1                              # "ten working days": the unit is "days"
            unit = _singular(low[k]) if k < b and kd[k] == WORD else ""
            if unit in ("pt", "pp", "ppt") or (low[k:k + 2] == ["percentage", "point"] or
                                              low[k:k + 2] == ["percentage", "points"]):
                q.kind, q.unit = "percent", "points"
                j = k + (2 if low[k] == "percentage" else 1)
                unit = ""
            if len(unit) == 1 and unit in lex.measure and not currency and k == j and \
                    self.st[k] > self.en[j - 1] and (k + 1 >= b or kd[k + 1] != WORD or low[k + 1] in _AFTER_MEASURE):
                pass                                # "50 m on air", "4.5 t." (but "50m" is fifty million)
            elif len(unit) == 1 and not (k == j and self.st[k] == self.en[j - 1] and
                                         (k + 1 >= b or kd[k + 1] != WORD or low[k + 1] in lex.filler)):
                unit = ""                           # "3h" is three hours; "3d printing" and "5 s" are not
            if q.kind == "percent":
                pass
            elif unit in lex.measure and unit not in lex.duration and not currency and \
                    not (k == j and len(low[k]) > 1 and low[k] in lex.scale):
                base, size = lex.measure[unit]
                q.unit, q.value = base, value * scale * size
                j = k + 1
            elif unit in lex.duration and not currency and k == j and k + 2 < b and low[k + 1] == "-" \
                    and low[k + 2] == "long" and self.st[k] > self.en[k - 1]:
                pass                                # "eight hour-long episodes": eight episodes, each an hour
            elif unit in lex.duration and not currency:
                if k + 1 < b and low[k + 1] in _NOT_A_DURATION_AFTER:
                    return None
                j2, half = self.and_a_half(k + 1, b)
                q.kind, q.unit = "duration", unit
                q.value = (value + half) * scale * lex.duration[unit]
                q.hyphen = k != j
                j = j2
                q.e = j
                if self.compound(q, a, b):
                    j = q.e
            elif w == "-" and k < b and kd[k] == WORD and self.st[k] == self.en[j]:
                q.hyphen = True                     # "a 900-pupil school": the noun follows the hyphen
                j = k
        if q.kind == "percent" and j < b and low[j] in ("point", "points", "pts"):
            q.unit, j = "points", j + 1
        # a bare four-digit number that reads as a year
        if q.kind is None and kd[i] == NUM and scale == 1 and _YEAR.fullmatch(tok[i]) and j == i + 1:
            prev = low[i - 1] if i > a else ""
            nxt = low[j] if j < b else ""
            if prev in _YEAR_BEFORE or not nxt or kd[j] != WORD or nxt in lex.filler or tok[j][:1].isupper() \
                    or (1950 <= value <= 2039 and not nxt.endswith("s") and nxt not in lex.people) \
                    or nxt in ("season", "seasons", "cohort", "intake", "budget", "financial", "fiscal", "academic",
                               "election", "census", "edition", "release", "campaign", "harvest", "vintage"):
                q.kind, q.value = "year", value
        elif q.kind is None and kd[i] == NUM and scale == 1 and len(tok[i]) == 2 and j == i + 1 and i >= a + 2 \
                and low[i - 1] in ("-", "\u2013", "\u2014", "/") and self.st[i] == self.en[i - 1] \
                and _YEAR.fullmatch(tok[i - 2]) and self.st[i - 1] == self.en[i - 2]:
            # "2012–18", "2017-19": the end of a span of years, written short
            century = int(tok[i - 2]) // 100 * 100
            end = century + int(tok[i])
            q.kind, q.value = "year", end if end > int(tok[i - 2]) else end + 100
        q.e = j
        if q.kind in (None, "money", "duration"):
            self.rate(q, b)                     # "$450k a year", "12 hours a week"
        q = self.hedge(q, a)
        if plus:
            q.bound, q.approx, q.hedge = "at_least", False, "at_least"
        elif odd:
            q.bound, q.approx, q.hedge = "at_least", False, "over"
        elif q.e < b and tok[q.e] == "+" and self.st[q.e] == self.en[q.e - 1] and q.kind != "year":
            q.bound, q.approx, q.hedge = "at_least", False, "at_least"     # "5+ engineers", "$2M+"
            q.e += 1
        return q

    def compound(self, q: _Quantity, a: int, b: int) -> bool:
        """"a year and four months", "two years and 3 months": one duration said in two units."""
        low = self.low
        j = q.e
        if j + 1 >= b or low[j] != "and" or q.hyphen:
            return False
        if low[j + 1] in ("a", "an") and j + 2 < b and low[j + 2] == "half":
            return False                        # "and a half" is read with the number
        q2 = self.quantity(j + 1, a, b)
        if q2 is None or q2.kind != "duration" or not q2.unit or q2.value >= q.value or q2.hyphen:
            return False
        q.value += q2.value
        q.e = q2.e
        return True

    def minor_units(self, q: _Quantity, j: int, b: int) -> int:
        """Pence or cents said after the main unit: "two pounds fifty", "three dollars 20"."""
        if j >= b or q.scale != 1 or q.value != int(q.value):
            return j
        parsed = self.number(j, b) if (self.kd[j] == NUM or self.low[j] in _SMALL or self.low[j] in _TENS) else None
        if parsed is None:
            return j
        cents, k, scale = parsed
        if scale != 1 or not 0 < cents < 100 or cents != int(cents):
            return j
        if k < b and self.kd[k] == WORD and self.low[k] not in ("a", "an", "per", "each", "and", "which", "so",
                                                                   "pence", "p", "cents", "cent", "to", "or",
                                                                   "then", "up", "down", "by", "for", "at"):
            return j                            # "two pounds fifty people": not pence
        if k < b and self.low[k] in ("pence", "p", "cents", "cent"):
            k += 1
        q.value += cents / 100
        q.mantissa = q.value
        return k

    def rate(self, q: _Quantity, b: int) -> None:
        """"$450k a year", "50 tickets daily": a rate, kept in days so two rates compare."""
        low, j = self.low, q.e
        if j < b and low[j] in self.lex.per and low[j] not in ("day", "week", "month", "quarter", "year"):
            q.per, q.e = self.lex.per[low[j]], j + 1
        elif j + 1 < b and low[j] == "/" and _singular(low[j + 1]) in self.lex.per:
            q.per, q.e = self.lex.per[_singular(low[j + 1])], j + 2
        elif j + 2 < b and low[j] in ("/", "a", "an", "per", "each", "every") and low[j + 1] in ("working", "business") \
                and _singular(low[j + 2]) == "day":
            q.per, q.e = 7 / 5, j + 3           # "10k words per working day": five of them in a week
        elif j + 1 < b and low[j] in ("a", "an", "per", "each", "every", "/") and _singular(low[j + 1]) in self.lex.per:
            q.per, q.e = self.lex.per[_singular(low[j + 1])], j + 2
        elif j + 2 < b and self.kd[j] == WORD and low[j].endswith("ed") and low[j + 1] == "/" and \
                _singular(low[j + 2]) in self.lex.per and self.st[j + 1] == self.en[j]:
            q.per, q.e = self.lex.per[_singular(low[j + 2])], j + 3       # "10 births attended/month"

    def hedge(self, q: _Quantity, a: int) -> _Quantity:
        """"about 60", "more than 40", "nearly 60": how firmly the number was said."""
        lex = self.lex
        s = q.s
        if q.kind == "year":
            return q                            # "handed over 2018": a year is never "over" anything
        if self.after_hedge(q):
            return q
        if s > a and self.low[s - 1] in ("a", "an") and q.kind == "duration":
            s -= 1                              # "roughly a two-year project"
        first = self.before_phrase(s, a, lex.approx | lex.at_least | lex.at_most | lex.nearly)
        if first is None:
            return q
        said = self.phrase(list(range(first, s)), noun=False) if self.tok[first] != "~" else "~"
        said = " ".join(w for w in said.split() if w != "-")
        if said in lex.approx or said == "~":
            q.approx, q.hedge = True, "about"
        elif said in lex.nearly:
            q.bound, q.hedge = "nearly", "nearly"
        elif said == "over" and first > a and self.low[first - 1] in ("turned", "turn", "turns", "turning", "took",
                                                                      "handed", "hand", "passed", "carried", "rolled"):
            return q                            # "turned over €2.4m", "took over 40 accounts": a verb's "over"
        elif said in lex.at_least and not (q.kind == "duration" and said == "over" and not (
                first > a and self.low[first - 1] in ("for", "been", "spent", "lasted", "took", "of"))):
            # "over three years we grew" is during; "for over ten years" is more than ten
            q.bound = "at_least"
            q.hedge = "at_least" if said in ("at least", "upwards of", "minimum") else "over"
        elif said in lex.at_most:
            if said in ("up to", "down to") and first > a and (self.low[first - 1] in lex.change or
                                                              "from" in self.low[max(a, first - 6):first]):
                return q                        # "went up to 40%", "from 3% up to 5": an end value, not a cap
            q.bound = "at_most"
            q.hedge = "at_most" if said in ("at most", "up to", "no more than", "maximum") else "under"
        return q

    def after_hedge(self, q: _Quantity) -> bool:
        """"groups of four or so", "40-ish", "ten, give or take": a hedge said after the number."""
        low, j = self.low, q.e
        n = len(low)
        if j + 1 < n and low[j] == "," and low[j + 1] == "give":
            j += 1                              # "ten, give or take"
        for words in (("or", "so"), ("or", "thereabouts"), ("give", "or", "take"), ("-", "ish"), ("ish",)):
            if tuple(low[j:j + len(words)]) == words and (words[0] != "give" or j + 3 >= n or
                                                          self.kd[j + 3] != NUM):
                q.approx, q.hedge = True, "about"
                return True
        return False

    # --- expressions: ranges and changes -----------------------------------------------------
    def word_before(self, s: int, a: int) -> tuple[str, int]:
        k = s - 1
        lex = self.lex
        while k >= a and (self.low[k] in lex.approx or self.low[k] in ("a", "an", "~")):
            k -= 1
        return (self.low[k], k) if k >= a else ("", k)

    def join(self, q1: _Quantity, q2: _Quantity) -> bool:
        """Make two numbers of one expression agree on their unit; False if they cannot."""
        if q1.kind == "year" or q2.kind == "year":
            return False
        if q1.kind is None and q2.kind is not None:
            q1.kind, q1.unit, q1.currency = q2.kind, q2.unit, q2.currency
            if q2.kind == "duration":
                q1.value = q1.mantissa * q1.scale * self.lex.duration[q2.unit]
        elif q2.kind is None and q1.kind is not None:
            q2.kind, q2.unit, q2.currency = q1.kind, q1.unit, q1.currency
            if q1.kind == "duration":
                q2.value = q2.mantissa * q2.scale * self.lex.duration[q1.unit]
        elif q1.kind != q2.kind:
            return False
        # "from 2 to 3 million", "$1-2M": the first number shares the second's scale
        if q1.scale == 1 and q2.scale > 1 and q1.mantissa < q2.mantissa * 10 and q1.kind != "duration":
            q1.scale = q2.scale
            q1.value = q1.mantissa * q2.scale
        if q1.per is None:
            q1.per = q2.per
        return True

    def expression(self, i: int, a: int, b: int) -> int | None:
        """Parse the quantity at i with any range or change it starts; emit facts; return the next index."""
        q1 = self.quantity(i, a, b)
        if q1 is None:
            return None
        low, lex = self.low, self.lex
        before, before_at = self.word_before(q1.s, a)
        parts: list[tuple[_Quantity, str]] = [(q1, "level")]
        low_high = None
        k = q1.e
        if k < b and low[k] == "(" and q1.kind != "year":
            # "€1.4m (2020) → €2.8m (2022)": a year in brackets between the two ends of a change
            close = next((c for c in range(k + 1, min(b, k + 4)) if low[c] == ")"), None)
            if close is not None and close + 1 < b and (low[close + 1] in ("\u2192", "\u27f6", ">") or
                                                         low[close + 1] in ("-", "--") and close + 2 < b and low[close + 2] == ">"):
                k = close + 1
        if k + 1 < b and low[k] in _CHANGE_LEAD and low[k + 1] == "to":
            k += 1
        arrow = False
        if k + 2 < b and low[k] in ("-", "=") and low[k + 1] == ">" or k + 2 < b and low[k] == "--" and low[k + 1] == ">":
            k += 1
            arrow = True
        elif k + 1 < b and low[k] in ("\u2192", "\u27f6", ">"):
            arrow = True
        if k + 1 < b and (arrow or low[k] in ("to", "-", "\u2013", "\u2014", "or", "and")) and q1.kind != "year":
            conn = low[k]
            m = k + 1
            while m < min(b, k + 3) and (low[m] in lex.approx or low[m] in lex.nearly) and conn != "and":
                m += 1                          # "from 1.9 to around 2.6 million": the hedge is the end's
            q2 = self.quantity(m, a, b) if m < b else None
            if q2 is not None and (conn != "and" or before == "between") and self.join(q1, q2):
                if arrow or before == "from" and conn in ("to", "-", "\u2013", "\u2014"):
                    parts = [(q1, "start"), (q2, "end")]
                elif conn == "to" and q2.value < q1.value and (self.change_near(before_at, a) or
                                                              q1.kind in ("percent", "money", "duration")):
                    # "churn dropped 8% to 5%", and in notes with no verb "missed appts 9% to 4%": a
                    # range runs upwards, so a percentage or amount that comes down is a change
                    parts = [(q1, "start"), (q2, "end")]
                elif q2.value > q1.value and not (q1.bound and conn in ("-", "\u2013", "\u2014")
                                                  and self.st[k] > self.en[k - 1]):
                    # not "well over a decade - twelve years, actually": a bound said again precisely
                    low_high = (q1.value, q2.value)
                    parts = [(q1, "level")]
                    q1.per = q1.per or q2.per
                    q1.e = q2.e
                else:
                    q2 = None
                if q2 is not None and low_high is None:
                    q2.per = q2.per or q1.per
        if len(parts) == 1 and low_high is None:
            parts = [(q1, self.single_mode(q1, a, b))]
        kind = q1.kind or parts[-1][0].kind
        last = parts[-1][0]
        about, words, np_end = self.about(parts[0][0].s, last.e, kind, a, b, last, len(parts) > 1)
        if not about and self.facts:
            # "NPS ended at 52, up from 30", "5 engineers in 2020 and 8 in 2021": the subject carries over
            for prev in reversed(self.facts[-3:]):
                if prev["kind"] == (kind or "count") and prev["start"] >= self.st[a] and prev["about"] \
                        and self.st[q1.s] - prev["end"] < 60:
                    about, words = prev["about"], prev["about_words"]
                    break
        if np_end > last.e and kind in (None, "count", "money") and last.per is None:
            probe = _Quantity(last.s, last.ns, 0, 0, 1)
            probe.e = np_end
            self.rate(probe, b)                 # "50 support tickets a day"
            if probe.per:
                last.per, np_end = probe.per, probe.e
                for q, _ in parts:
                    q.per = q.per or probe.per
        # "six years, the last three as shift lead", "five years, supervisor for the last two": a part of
        # the length just said
        part_of = q1.s > a and low[q1.s - 1] in ("last", "first", "final") and q1.scale == 1
        if kind is None and (not words or part_of) and self.facts and len(parts) == 1:
            # "nearly five percent when I took it over, and I got it to two point four": the unit carries
            prev = self.facts[-1]
            if prev["kind"] == "duration" and prev.get("unit") in lex.duration and prev["start"] >= self.st[a] \
                    and self.st[q1.s] - prev["end"] < 80 and q1.scale == 1:
                # "from seven and a half minutes to just over six": six minutes
                kind, q1.unit = "duration", prev["unit"]
                q1.value = q1.mantissa * lex.duration[prev["unit"]]
                about, words = prev.get("about", ""), prev.get("about_words", "")
            elif prev["kind"] in ("percent", "money") and prev["start"] >= self.st[a] and \
                    self.st[q1.s] - prev["end"] < 80:
                kind = prev["kind"]
                q1.unit = prev.get("unit")
                q1.currency = prev.get("currency")
                if kind == "money" and q1.scale == 1 and q1.value < 1000 and prev["value"] >= 1000:
                    # "£210,000 outstanding, and I got that down to eighty-five": the thousands carry too
                    k = min((3, 6, 9), key=lambda k: abs(math.log10(prev["value"]) - math.log10(q1.value * 10 ** k)))
                    q1.value *= 10 ** k
                about, words = prev.get("about", ""), prev.get("about_words", "")
        if kind is None and np_end == last.e and last.scale >= 1000:
            # "billed four hundred and eighty thousand", "one point three million under budget": a scaled
            # amount with no noun of its own, in a sentence about money, is money said without a currency
            money = self.find_left(q1.s, a, "money", limit=10) or self.find_right(last.e, b, "money", limit=4)
            if money:
                kind, (about, words) = "money", money
        if kind is None:
            kind = "money" if about and "money" in lex.kinds.get(about, ()) and "count" not in lex.kinds.get(about, ()) \
                else "count"
        if kind == "year" and about == "":
            about = "year"
        for q, mode in parts:
            end_tok = max(q.e, np_end) if q is last else q.e
            fact = {"kind": kind, "about": about, "about_words": words, "value": clean_number(q.value),
                    "mode": mode}
            if fact["value"] is None:
                continue
            if low_high and q is q1:
                fact["low"], fact["high"] = clean_number(low_high[0]), clean_number(low_high[1])
            if q.unit:
                fact["unit"] = q.unit
            if q.currency or kind == "money":
                fact["currency"] = q.currency
            if q.per:
                fact["per_days"] = q.per
            if q.approx:
                fact["approx"] = True
            if q.bound:
                fact["bound"] = q.bound
            if q.hedge:
                fact["hedge"] = q.hedge
            self.emit(fact, q.s, end_tok)
        if len(parts) == 1 and parts[0][1] == "start":
            self.mark_previous_end(parts[0][0], kind, about, a)
        return max(last.e, parts[-1][0].e)

    def change_near(self, k: int, a: int) -> bool:
        """A change verb within a few words before index k ("churn dropped 8% to 5%")."""
        return any(self.low[j] in self.lex.change for j in range(max(a, k - 8), k + 1))

    def single_mode(self, q: _Quantity, a: int, b: int) -> str:
        low, lex = self.low, self.lex
        before, at = self.word_before(q.s, a)
        if before == "from":
            return "start"
        if before in (">", "\u2192") or before == "to" and at > a and low[at - 1] in ("weekly", "monthly", "daily", "yearly"):
            return "end"                        # "weekly -> 15/day": the number after an arrow is where it ended
        if q.s > a and self.tok[q.s - 1] in ("-", "+", "\u2212") and self.en[q.s - 1] == self.st[q.s] and \
                (q.s - 1 == a or self.st[q.s - 1] > self.en[q.s - 2]) and q.kind in ("percent", "money", None):
            return "delta"                      # "costs -18%", "revenue +30%": a signed change
        if before == "to" and at > a and (low[at - 1] in _CHANGE_LEAD or self.change_near(at - 1, a)):
            return "end"
        if before in ("at",) and at > a and low[at - 1] in ("ended", "finished", "landed", "settled", "closed"):
            return "end"
        if q.kind == "year":
            return "level"
        if before == "by" and (q.kind == "percent" or self.change_near(at - 1, a)):
            return "delta"
        if before in _CHANGE_LEAD:
            return "delta"
        if q.kind == "percent" and before in lex.change:
            return "delta"
        if q.e < b and low[q.e] in lex.delta_after:
            return "delta"
        return "level"

    def mark_previous_end(self, q: _Quantity, kind: str, about: str, a: int) -> None:
        """"NPS ended at 52, up from 30": the number before "up from" is the end of the change."""
        if not self.facts:
            return
        prev = self.facts[-1]
        if prev["kind"] == kind and prev["mode"] == "level" and prev["start"] >= self.st[a] \
                and prev["about"] in (about, "") and self.st[q.s] - prev["end"] < 40:
            prev["mode"] = "end"
            if not prev["about"]:
                prev["about"] = about

    def share_after_percent(self, i: int, a: int) -> bool:
        """The fraction at i ends a change that began as a percentage: "from 20% to about a quarter"."""
        k = i - 1
        if k > a and self.low[k] in ("a", "an"):
            k -= 1
        while k > a and (self.low[k] in self.lex.approx or self.low[k] in self.lex.nearly):
            k -= 1
        if k <= a or self.low[k] != "to" or not self.facts:
            return False
        prev = self.facts[-1]
        return prev["kind"] == "percent" and prev["start"] >= self.st[a] and 0 <= self.st[k] - prev["end"] < 40

    def share_near_percent(self, i: int, a: int) -> bool:
        """The hedged fraction at i restates a percentage just said: "forty percent, but honestly closer to
        a quarter", "20% or more like a fifth"."""
        k = i - 1
        if k > a and self.low[k] in ("a", "an"):
            k -= 1
        hedged = False
        while k > a and (self.low[k] in self.lex.approx or self.low[k] in self.lex.nearly):
            k, hedged = k - 1, True
        if k > a + 1 and self.low[k] in ("to", "like") and self.low[k - 1] in ("closer", "nearer", "more", "something"):
            k, hedged = k - 2, True             # "closer to", "more like": hedges of two words
        if not hedged or not self.facts or self.low[k] in self.lex.duration_intro:
            return False                        # not "90%, and it took about a quarter": a length of time
        prev = self.facts[-1]
        return prev["kind"] == "percent" and prev["start"] >= self.st[a] and 0 <= self.st[i] - prev["end"] < 60

    def change_before(self, k: int, a: int) -> bool:
        """A change verb among the six words up to k: "cut it by a third", "revenue fell by half"."""
        return any(self.low[j] in self.lex.change or self.low[j] in ("cut", "halved", "reduced", "down", "fell",
                   "dropped", "shrank", "slashed", "lowered") for j in range(max(a, k - 6), k + 1))

    def multiple(self, i: int, a: int, b: int) -> int | None:
        """"doubled", "halved", "3x", "cut it in half", "by a third": a change as a percentage."""
        low = self.low
        w = low[i]
        if w in _MULTIPLE_WORDS:
            value, end = _MULTIPLE_WORDS[w], i + 1
            if i + 3 < b and low[i + 1] == "of" and low[i + 2] in ("a", "an") and low[i + 3] in _BIG:
                return None                     # "three quarters of a million": a number, read elsewhere
            to_share = self.share_after_percent(i, a)
            restates = w in _SHARES and not to_share and self.share_near_percent(i, a)
            if w in _SHARES and (i + 1 < b and low[i + 1] in ("of", "the") or to_share or restates) \
                    and (w == "half" or i > a and low[i - 1] in ("a", "an", "one", "two", "three")
                         or to_share and w == "half"):
                # "about a quarter of all contacts", "two thirds of the budget": a share, in percent;
                # "from 20% to about a quarter", "from a third of the pistes to roughly half": the change's end
                share = _SHARES[w]
                if w.endswith("s") and w != "thirds" or w == "thirds":
                    share *= {"one": 1, "two": 2, "three": 3, "four": 4}.get(low[i - 1], 1)
                start = i - 1 if w != "half" and i > a else i
                q = _Quantity(start, start, share, share, 1.0)
                q.kind, q.unit = "percent", "percent"
                q = self.hedge(q, a)
                fact = {"kind": "percent", "about": "", "about_words": "", "value": clean_number(share),
                        "mode": "end" if to_share else "level", "unit": "percent", "fraction": True}
                if restates:
                    fact["about"], fact["about_words"] = self.facts[-1]["about"], self.facts[-1]["about_words"]
                if to_share:
                    prev_fact = self.facts[-1]
                    fact["about"], fact["about_words"] = prev_fact["about"], prev_fact["about_words"]
                    if prev_fact["mode"] == "level":
                        prev_fact["mode"] = "start"
                if q.approx:
                    fact["approx"], fact["hedge"] = True, "about"
                elif q.hedge:                   # "nearly a fifth": 18 to 20 percent, not 20
                    fact["hedge"] = q.hedge
                    if q.bound:
                        fact["bound"] = q.bound
                self.emit(fact, start, i + 1)
                return i + 1
            if w in ("half", "third", "quarter", "fifth", "tenth"):
                prev = low[i - 1] if i > a else ""
                prev2 = low[i - 2] if i - 1 > a else ""
                if (prev2 in self.lex.approx or prev2 in self.lex.nearly) and i - 2 > a:
                    prev2 = low[i - 3]          # "by about a fifth", "by nearly a quarter"
                if not (prev in ("in", "by") or prev in ("a", "an") and prev2 == "by"):
                    return None
                k = i - (2 if prev in ("a", "an") else 1) - 1
                if not self.change_before(k, a):
                    return None
            elif w in ("times", "fold"):
                return None
        else:
            n = float(low[i].replace(",", ""))
            if n <= 1 or n > 1000:
                return None
            value, end = 100.0 * (n - 1), i + 2
        first = i - 1 if i > a and low[i - 1] in ("a", "an") and w in _SHARES else i
        q = _Quantity(first, first, value, value, 1.0)     # "by nearly a fifth": the hedge is before the "a"
        q.kind, q.unit = "percent", "percent"
        q = self.hedge(q, a)
        fact = {"kind": "percent", "about": "", "about_words": "", "value": clean_number(value), "mode": "delta",
                "unit": "percent", "multiple": True}
        if q.approx:
            fact["approx"], fact["hedge"] = True, "about"
        elif q.hedge:
            fact["hedge"] = q.hedge
            if q.bound:
                fact["bound"] = q.bound
        self.emit(fact, i, end)
        return end

    # --- ordinals, titles, roles ---------------------------------------------------------------
    def ordinal(self, i: int, a: int, b: int) -> int | None:
        """"the seventh employee", "second PM", "4th hire": only for people, not for time."""
        low, kd, lex = self.low, self.kd, self.lex
        cardinal = int(low[i]) if kd[i] == NUM and low[i].isdigit() and len(low[i]) < 5 else _SMALL.get(low[i])
        if cardinal is not None and i > a:
            k = i - 1
            if self.tok[k] in ("#", ".") and k > a:
                k -= 1 if self.tok[k] == "#" else 0
            label = low[i - 1] if self.tok[i - 1] != "." else low[i - 2] if i - 1 > a else ""
            owner = k - 1 if low[k] in ("number", "no", "#") or self.tok[i - 1] == "#" else -1
            if self.tok[i - 1] == "#":
                owner = i - 2
            if label in ("number", "no", "#") or self.tok[i - 1] == "#":
                if owner >= a and _singular(low[owner]) in lex.ordinal_nouns:
                    # "employee number 11", "hire #4": the order of joining, said as a number
                    self.emit({"kind": "ordinal", "about": self.person_key([owner]), "about_words": low[owner],
                               "value": cardinal, "mode": "level"}, owner, i + 1)
                    return i + 1
            if low[i - 1] == "top":
                # "top 3 of 40": a ranking of at most 3
                self.emit({"kind": "ordinal", "about": "ranking", "about_words": "ranking", "value": cardinal,
                           "mode": "level", "bound": "at_most", "hedge": "at_most"}, i - 1, i + 1)
                return i + 1
        value = _ORDINAL.get(low[i])
        j = i + 1
        if value is None and kd[i] == NUM and j < b and low[j] in _ORDINAL_SUFFIX and self.st[j] == self.en[i]:
            if len(low[i]) > 4:
                return None
            value, j = int(low[i]), j + 1
        elif value is None and low[i] in _TENS and j + 1 < b and self.tok[j] == "-" and low[j + 1] in _ORDINAL:
            value, j = _TENS[low[i]] + _ORDINAL[low[j + 1]], j + 2
        if value is None:
            return None
        before = low[i - 1] if i > a else ""
        before2 = low[i - 2] if i - 1 > a else ""
        after = low[j] if j < b else ""
        if before in _RANK_BEFORE or (before == "up" and before2 == "ended") or \
                (before in ("the", "a") and before2 in _RANK_BEFORE) or \
                after in ("best", "largest", "biggest", "highest", "most", "place", "position", "fastest"):
            # "we finished 3rd in the league", "ranked second of 40": a ranking, not a person
            self.emit({"kind": "ordinal", "about": "ranking", "about_words": "ranking", "value": value,
                       "mode": "level"}, i, j)
            return j
        for k in range(j, min(b, j + 3)):
            if kd[k] != WORD:
                return None
            for n in (3, 2, 1):
                idx = self.words_fwd(k, b, n)
                if idx and self.phrase(idx, noun=True) in lex.ordinal_nouns:
                    about = self.person_key(idx)
                    self.emit({"kind": "ordinal", "about": about, "about_words": self.words_of(idx),
                               "value": value, "mode": "level"}, i, idx[-1] + 1)
                    return idx[-1] + 1
            if low[k] not in lex.title_words:
                return None
        return None
