"""Work counted, not timed: how the tests check that a call stays linear on big or hostile input.

A bound in seconds fails on a busy machine. The number of function calls a call makes (Python functions
and builtins, counted with sys.setprofile) does not depend on the machine or its load, and is the same
for the same input, so a test compares it for an input and one four times its size, inside one run:
linear work grows about 4 times, quadratic work 16 times. The counter names no function of the code
under test, so it keeps working while an engine is rewritten.

What it does not see is work inside one builtin (a regular expression that backtracks, a slice): for that,
the tests still run the full-size input, which must complete. Speed figures are printed by bench/
(bench/cpython_speed.py in CPython, bench/engine.py in Pyodide); no test asserts a time.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

FACTOR = 4
# Allowed growth for a FACTOR times larger input: 2.5 per doubling. Linear work gives about 4 (less when
# the code stops reading at a limit); quadratic work gives 16.
LINEAR = 2.5 ** 2
# Most calls per character of input. The engines make 5 to 30; at 100, a megabyte would be 100 million
# calls, far from the second a pasted megabyte may take. Past it, or past LINEAR times the smaller run,
# a run is stopped at once: a test fails in seconds instead of waiting for quadratic work to finish.
PER_CHARACTER = 100


class _OverBudget(BaseException):
    """Raised inside the code under test to stop it; a BaseException, so `except Exception` lets it by."""


def calls(fn: Callable, *args, budget: int | None = None, **kwargs) -> int | None:
    """How many function calls fn(*args, **kwargs) makes, builtins included; None if it passed `budget`."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event == "call" or event == "c_call":
            count += 1
            if budget is not None and count > budget:
                sys.setprofile(None)
                raise _OverBudget

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        fn(*args, **kwargs)
    except _OverBudget:
        return None
    finally:
        sys.setprofile(previous)
    return None if budget is not None and count > budget else count


def assert_linear(fn: Callable[[str], object], make: Callable[[int], str], size: int) -> None:
    """fn's work on make(FACTOR * size) is at most LINEAR times its work on make(size), and its work on
    make(size) at most PER_CHARACTER calls per character. make(n) returns a text of about n characters."""
    small_text, large_text = make(size), make(FACTOR * size)
    fn(make(min(size // 2, 2_000)))  # fills any cache (compiled patterns, loaded data) before counting
    small = calls(fn, small_text, budget=PER_CHARACTER * len(small_text))
    assert small is not None, (
        f"more than {PER_CHARACTER} calls per character for {len(small_text):,} characters (stopped there)")
    large = calls(fn, large_text, budget=int(LINEAR * max(small, 1)))
    assert large is not None, (
        f"{FACTOR}x the input took more than {LINEAR:.2f}x the work ({small:,} calls for {len(small_text):,} "
        f"characters; stopped at {int(LINEAR * max(small, 1)):,} for {len(large_text):,}); linear is about {FACTOR}x")


def repeat(unit: str) -> Callable[[int], str]:
    """make(n): unit repeated to exactly n characters."""
    return lambda n: (unit * (n // len(unit) + 1))[:n]
