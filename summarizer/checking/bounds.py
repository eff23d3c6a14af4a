"""What range of values a figure as written stands for: its precision and its hedge.

A figure in an article is rarely exact. "about 1.9 trillion yen" is 1.9 trillion rounded at its
last digit (1.85–1.95 trillion); "7600億円余り" is a little over 760 billion; "more than £2
billion" has no upper end; "nearly 1.06 trillion" is a little under. Checks that add, divide or
subtract figures compare these ranges, so that a rounding is never taken for a mistake and a
mistake is not hidden by a tolerance picked by hand: the tolerance is the figures' own.

Hand-written: no library reads hedges, and the hedge words are the grammar's, in each language
read (`reading.hedge_words`), sorted here by the side of the figure they open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from summarizer.reading import hedge_words
from summarizer.reading.numbers import Quantity


class Hedge(StrEnum):
    """Which way a hedge bends a figure."""

    EXACT = "exact"  # as written, rounded at its last digit
    ABOUT = "about"  # about, 约, およそ, rund: the same, rounded
    AT_LEAST = "at_least"  # more than, over, 超过, 以上: the figure is a floor
    A_LITTLE_OVER = "a_little_over"  # 余り, 余, 多, 여: a floor, within one step of the last digit
    AT_MOST = "at_most"  # up to, under, 以下, 최대: the figure is a ceiling
    NEARLY = "nearly"  # nearly, almost, 近, 弱: a ceiling, within one step of the last digit


# Before the figure (the reader has usually taken the hedge into the figure's text already):
# the reader's own hedge words, by the way each bends the figure.
_AT_LEAST_WORDS = f"{hedge_words.AT_LEAST}|{hedge_words.AT_LEAST_CJK}"
_AT_MOST_WORDS = f"{hedge_words.AT_MOST}|{hedge_words.AT_MOST_CJK}"
_NEARLY_WORDS = f"{hedge_words.NEARLY}|{hedge_words.NEARLY_CJK}"
_ABOUT_WORDS = f"{hedge_words.ABOUT}|{hedge_words.ABOUT_CJK}"


def _before(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?:(?<![^\W\d_])(?:{words}))\s*$", re.IGNORECASE)


_AT_LEAST_BEFORE = _before(_AT_LEAST_WORDS)
_AT_MOST_BEFORE = _before(_AT_MOST_WORDS)
_NEARLY_BEFORE = _before(_NEARLY_WORDS)
_ABOUT_BEFORE = _before(_ABOUT_WORDS)
# After the figure: CJK suffixes right after its digits or scale ("7600億円余り", "2000多亿"),
# which the reader often takes into the figure's text, and English tails ("or more").
_CJK_END = r"(?<=[\d万萬亿億兆円元원억조千百十])\s*"
_A_LITTLE_OVER_AFTER = re.compile(_CJK_END + r"(?:余り|余|餘|多|여|強)")
_AT_LEAST_AFTER = re.compile(
    _CJK_END + r"(?:以上|を超え|を上回|超|이상)|(?<=[\w%])\s*\+(?!\s*\d)|^\s*(?:or\s+more|plus)\b",
    re.IGNORECASE,
)  # "$36 Billion+", "10 trillion won+alpha": at least
_AT_MOST_AFTER = re.compile(_CJK_END + r"(?:以下|未満|以内|이하|미만)|^\s*or\s+less\b")
_NEARLY_AFTER = re.compile(_CJK_END + r"(?:弱|近く|足らず|가까이)")
_ABOUT_AFTER = re.compile(_CJK_END + r"(?:程度|左右|前后|前後|가량|정도|ほど)")
# Where a figure's number starts: a digit, a CJK numeral, or a number word ("a billion").
_NUMBER_START = re.compile(
    r"[\d〇零一二两兩三四五六七八九十]|\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"half|twenty|thirty|forty|fifty|hundred|ein|eine|zwei|drei|un|une|deux|trois|dos|tres)\b",
    re.IGNORECASE,
)
_MARKER_END = re.compile(r"(?:\b[A-Z]{1,3})?[^\w\s]*\s*$")

_NUMBER = re.compile(r"\d+(?:[.,'’\u00a0 ]\d+)*")


@dataclass(frozen=True)
class Bounds:
    """The values a figure can stand for: `low <= value <= high`; `high` None is unbounded."""

    low: Decimal
    high: Decimal | None

    def __add__(self, other: Bounds) -> Bounds:
        high = None if self.high is None or other.high is None else self.high + other.high
        return Bounds(self.low + other.low, high)

    def contains(self, value: Decimal) -> bool:
        """True when `value` lies within the bounds."""
        return self.low <= value and (self.high is None or value <= self.high)

    def gap(self, value: Decimal) -> Decimal:
        """How far `value` lies outside the bounds (0 inside)."""
        if value < self.low:
            return self.low - value
        if self.high is not None and value > self.high:
            return value - self.high
        return Decimal(0)


@lru_cache(maxsize=4096)  # asked for each figure by several checks; a list repeats its words
def hedge_of(before: str, text: str, after: str) -> Hedge:
    """The hedge of a figure `text`, read in it and in the words right `before` and `after` it.

    The reader takes a hedge before a figure into its text ("more than £2 billion") and often
    a CJK suffix too ("7600億円余"): both are looked for inside `text` as well.
    """
    lead = _NUMBER_START.search(text)
    # No numeral: a multiple in words ("nearly quadruple"); the hedge is before its last word.
    cut = lead.start() if lead else max(0, text.rstrip().rfind(" "))
    head = _MARKER_END.sub("", before + text[:cut])
    tail = text + after
    english_tail = after
    if _A_LITTLE_OVER_AFTER.search(tail):
        return Hedge.A_LITTLE_OVER
    if _AT_LEAST_AFTER.search(tail) or _AT_LEAST_AFTER.match(english_tail):
        return Hedge.AT_LEAST
    if _AT_LEAST_BEFORE.search(head):
        return Hedge.AT_LEAST
    if _NEARLY_AFTER.search(tail) or _NEARLY_BEFORE.search(head):
        return Hedge.NEARLY
    if _AT_MOST_AFTER.search(tail) or _AT_MOST_AFTER.match(english_tail):
        return Hedge.AT_MOST
    if _AT_MOST_BEFORE.search(head):
        return Hedge.AT_MOST
    if _ABOUT_AFTER.search(tail) or _ABOUT_BEFORE.search(head):
        return Hedge.ABOUT
    return Hedge.EXACT


def precision(text: str, value: Decimal, *, zeros_count: bool = False) -> Decimal:
    """The step of the figure's last significant digit, in the figure's units.

    "$9.26 billion" → 10 million; "$1.00 billion" → 10 million (written decimals count). The
    trailing zeros of a whole number count only with `zeros_count` (a figure written plainly,
    "$600 million" → 1 million); else "3440亿元" → 1 billion, as a rounded "about" figure reads.
    Where separators leave the reading open ("1.500" as 1,500 or 1.5), the coarser step is
    taken: a wider range never calls a rounding a mistake.
    """
    numbers = _NUMBER.findall(text)
    if value == 0:  # "+0.0%": the written decimals are all the precision there is
        decimals = [len(re.split(r"[.,]", n)[-1]) for n in numbers[-1:] if re.search(r"[.,]", n)]
        return Decimal(10) ** -decimals[0] if decimals else Decimal(1)
    steps: list[Decimal] = []
    if len(numbers) == 1:
        for literal, decimals in _readings(numbers[0]):
            if literal == 0:
                continue
            scale = abs(value) / literal
            if not _power_of_ten(scale):
                continue
            if decimals or zeros_count:
                steps.append(scale * Decimal(10) ** -decimals)
            else:
                steps.append(scale * _last_digit_step(literal))
    if steps:
        return max(steps)
    return _last_digit_step(abs(value))


def _readings(number: str) -> list[tuple[Decimal, int]]:
    """The values a digit string can have, with the count of digits after its decimal mark."""
    groups = re.split(r"[.,'’\u00a0 ]", number)
    if len(groups) == 1:
        return [(Decimal(number), 0)]
    marks = re.findall(r"[.,'’\u00a0 ]", number)
    readings = []
    if all(len(g) == 3 for g in groups[1:]):  # all thousands separators
        readings.append((Decimal("".join(groups)), 0))
    if len(set(marks)) <= 2 and marks[-1] in ".,":  # the last mark a decimal mark
        whole = "".join(groups[:-1])
        if len(set(marks[:-1]) - {marks[-1]}) == len(set(marks[:-1])) or len(marks) == 1:
            readings.append((Decimal(f"{whole}.{groups[-1]}"), len(groups[-1])))
    return readings


def _power_of_ten(value: Decimal) -> bool:
    normal = value.normalize()
    return normal == Decimal(10) ** normal.adjusted()


def _last_digit_step(value: Decimal) -> Decimal:
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    return Decimal(10) ** exponent if isinstance(exponent, int) else Decimal(1)


def bounds(value: Decimal, hedge: Hedge, step: Decimal) -> Bounds:
    """The range a figure of `value`, rounded at `step`, stands for under its hedge."""
    half = step / 2
    if hedge is Hedge.AT_LEAST:
        return Bounds(value, None)
    if hedge is Hedge.A_LITTLE_OVER:
        return Bounds(value, value + step)
    if hedge is Hedge.AT_MOST:
        return Bounds(min(Decimal(0), value), value)
    if hedge is Hedge.NEARLY:
        return Bounds(value - step, value)
    return Bounds(value - half, value + half)


def figure_bounds(q: Quantity, source: str) -> tuple[Bounds, Hedge]:
    """The range a quantity of `source` stands for, reading its hedge around it.

    A figure written plainly is taken at its last digit, trailing zeros included ("$600
    million" is 600 million, give or take half a million): budget figures are stated so. A
    hedged one ("about 1.9 trillion", "7600億円余り") is taken as rounded at its last non-zero
    digit.
    """
    hedge = hedge_of(source[max(0, q.start - 12) : q.start], q.text, source[q.end : q.end + 12])
    step = precision(q.text, q.value, zeros_count=hedge is Hedge.EXACT)
    return bounds(q.value, hedge, step), hedge
