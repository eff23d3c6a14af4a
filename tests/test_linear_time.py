"""`summarize` takes time linear in the size of its input, on any input, large ones included.

Hypothesis writes a short unit of text from the characters money is written with (digits in
every width, currency symbols and codes, CJK and Korean numerals and units, scale words, hedges,
abbreviations, fiscal years, brackets, line breaks) and repeats it to 10 KB and to 100 KB; the
known worst cases of the past are explicit examples. The larger input must take less than
`MAX_RATIO` times as long as the smaller one (linear time gives about 10; the quadratic spots
this guards against gave 50 and more). Times are the process's CPU time, the best of a few
runs of the small input, so that other work on a shared machine inflates neither; a large input
that takes under `FLOOR` seconds passes whatever the ratio, as such times are too small to judge.
"""

from __future__ import annotations

import gc
import time

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from summarizer import summarize
from summarizer.errors import InputError

MAX_RATIO = 25.0
FLOOR = 0.3  # seconds
SMALL, LARGE = 10_000, 100_000  # bytes of UTF-8

PIECES = [
    "1", "23", "4.5", "1,234", "0.", "１２３", "1 000", "1'000", "1,00,000", "12.03.2024",
    "$", "US$", "€", "£", "¥", "₩", "₹", "CHF ", "USD ", "EUR ", " dollars", " yen", " euros",
    " billion", " million", " Mrd.", " crore", "bn", "亿", "億", "兆", "万", "元", "円", "조", "억",
    " 원", "三千", "百分之", "倍", "배", "%", " per cent", "pp", "ポイント",
    "about ", "up to ", "约", "超过", "以上", "약", "U.S. ", "Dec. ", "FY2024", "fiscal year ",
    "2021-2027", " from ", " to ", "(", ")", "[", "]", "+", "▲", "⇒", "—", "“", "”", "; ", ". ",
    "\n", "\n\n", "- ", "# ", " ", "The ministry ", "earmarked ", " for ", " a total of ",
    " including ", "revenue ", "doubled ",
]  # fmt: skip
units = st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join)


def _repeated(unit: str, size: int) -> str:
    data = (unit * (size // len(unit.encode()) + 1)).encode()[:size]
    return data.decode(errors="ignore")


def _seconds(text: str) -> float:
    started = time.process_time()
    try:
        summarize(text, engine="deterministic")
    except InputError:  # whitespace only: refused at once
        pass
    return time.process_time() - started


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(units)
@example("$1")  # a figure at every other character: claims' numbers compared pairwise
@example("$117.2 billion U.S. dollars ")  # a sentence read again at each abbreviation
@example("FY2023: $1 million. FY2024: $1 million. ")  # every pair of fiscal sentences
@example("from $1 billion to $2 billion, up 100%. ")  # growth windows and from/to pairs
@example("Item 7 $1,007 million  $1,113.5 million  $2,120 million  10.5%\n")  # a budget table
@example("三千亿元")  # CJK units, read by cn2an one figure at a time
@example("$1 billion (¥1 billion) ")  # a route's rates sorted again for each conversion on it
def test_ten_times_the_text_takes_about_ten_times_as_long(unit: str) -> None:
    small, large = _repeated(unit, SMALL), _repeated(unit, LARGE)
    _seconds(small)  # the language's model and grammar load once, on the first text
    # The rest of the test session's objects set aside: a collection of them falling inside one
    # run would be measured as that run's cost.
    gc.collect()
    gc.freeze()
    try:
        small_time = min(_seconds(small) for _ in range(3))
        large_time = _seconds(large)
        if large_time / max(small_time, 1e-3) >= MAX_RATIO:  # a second look before failing
            large_time = min(large_time, _seconds(large))
    finally:
        gc.unfreeze()
    if large_time < FLOOR:
        return
    ratio = large_time / max(small_time, 1e-3)
    assert ratio < MAX_RATIO, f"{unit!r}: {small_time:.3f}s → {large_time:.3f}s (×{ratio:.0f})"


def test_a_long_lead_before_a_table_row_takes_linear_time() -> None:
    """A row's lead-in is read for its label and changes once, however long the line: a line
    of signed numbers before two amounts once took the square of its length."""

    def line(size: int) -> str:
        return "Budget\nx" + " -1" * (size // 3) + " y €500 €600\n"

    small, large = line(SMALL), line(LARGE)
    _seconds(small)
    small_time = min(_seconds(small) for _ in range(3))
    large_time = _seconds(large)
    if large_time < FLOOR:
        return
    ratio = large_time / max(small_time, 1e-3)
    assert ratio < MAX_RATIO, f"{small_time:.3f}s → {large_time:.3f}s (×{ratio:.0f})"
