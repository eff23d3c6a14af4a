"""What the validator and the deterministic engine know about one source text, computed once.

`SourceFacts.of(text)` finds the quantities, sentences, periods, publication date and the
grounding index a single time, so that checking forty figures does not parse the article
forty times.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any, TypeVar

from summarizer.checking.grounding import SourceIndex
from summarizer.reading.currencies import CurrencyContext, territory_of_url
from summarizer.reading.numbers import Quantity, find_quantities
from summarizer.reading.periods import PeriodMention, find_periods, published_date
from summarizer.reading.sentences import Segment, paragraphs, sentences
from summarizer.reading.tables import table_cells
from summarizer.schema import Span

_T = TypeVar("_T")
_VISIBLE = re.compile(r"\S")


@dataclass
class SourceFacts:
    """Quantities, sentences and periods of one source text."""

    text: str
    context: CurrencyContext
    quantities: list[Quantity]
    sentences: list[Segment]
    paragraphs: list[Segment]
    periods: list[PeriodMention]
    published: date | None
    # Bare numbers in tables read in their declared unit (`tables`); apart from `quantities`.
    table_cells: list[Quantity] = field(default_factory=list)
    _by_value: dict[tuple[str, Decimal], list[Quantity]] = field(default_factory=dict)
    _values: dict[str, list[Decimal]] = field(default_factory=dict)  # per unit, distinct, sorted
    _open_by_value: list[Quantity] = field(default_factory=list)  # sorted by value
    _cells_by_unit: dict[str, list[Quantity]] = field(default_factory=dict)  # sorted by value
    _newlines: list[int] = field(default_factory=list)  # offsets of "\n", for line starts
    _sentence_starts: list[int] = field(default_factory=list)
    money: list[Quantity] = field(default_factory=list)  # the money quantities, in text order
    money_starts: list[int] = field(default_factory=list)  # their starts, for bisection
    _visible: dict[int, int] = field(default_factory=dict, repr=False, compare=False)
    # What other modules derive from these facts alone, kept by name (`derived`).
    _derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, text: str, *, published: date | None = None, url: str | None = None) -> SourceFacts:
        """Analyse `text` once. `published` overrides the date found in the text; `url`, the
        page's address, adds its country to the text's for reading a bare "$" or "元"."""
        context = CurrencyContext.of(text, place=territory_of_url(url))
        when = published or published_date(text)
        quantities = find_quantities(text, context=context)
        facts = cls(
            text=text,
            context=context,
            quantities=quantities,
            table_cells=table_cells(text, quantities, context),
            sentences=sentences(text),
            paragraphs=paragraphs(text),
            periods=_periods(text, when, context, quantities),
            published=when,
        )
        by_value: dict[tuple[str, Decimal], list[Quantity]] = defaultdict(list)
        for q in facts.quantities:
            by_value[(q.unit, q.value)].append(q)
        facts._by_value = dict(by_value)
        values: dict[str, set[Decimal]] = defaultdict(set)
        for unit, value in by_value:
            values[unit].add(value)
        facts._values = {unit: sorted(found) for unit, found in values.items()}
        facts._open_by_value = sorted(
            (q for q in quantities if q.is_money and q.ambiguous), key=_value
        )
        cells: dict[str, list[Quantity]] = defaultdict(list)
        for q in sorted(facts.table_cells, key=_value):
            cells[q.unit].append(q)
        facts._cells_by_unit = dict(cells)
        facts._newlines = [m.start() for m in re.finditer("\n", text)]
        facts._sentence_starts = [s.start for s in facts.sentences]
        facts.money = sorted((q for q in quantities if q.is_money), key=lambda q: q.start)
        facts.money_starts = [q.start for q in facts.money]
        return facts

    @cached_property
    def index(self) -> SourceIndex:
        """The grounding index over the text, built when a quote first needs grounding: an
        engine that quotes with spans, as the deterministic one does, never needs it."""
        return SourceIndex(self.text)

    @staticmethod
    def index_of(text: str) -> SourceIndex:
        """A grounding index over a piece of text (a claim's evidence, say); the last few are
        kept, as a claim's numbers are each sought in the same passage."""
        return _passage_index(text)

    def derived(self, name: str, compute: Callable[[SourceFacts], _T]) -> _T:
        """`compute(self)`, once: a result other modules derive from these facts alone (the
        article's conversions, asked for by the engine and by several checks), kept under
        `name` for the next to ask."""
        if name not in self._derived:
            self._derived[name] = compute(self)
        return self._derived[name]

    def same_value(self, unit: str, value: Decimal) -> list[Quantity]:
        """Source quantities with exactly this unit and value."""
        return self._by_value.get((unit, value), [])

    def within(self, start: int, end: int) -> list[Quantity]:
        """Source quantities lying inside `[start, end)`.

        Quantities come in text order without overlapping, so a binary search finds the first
        and their ends rise too: long articles ask this for every figure.
        """
        return _inside(self.quantities, start, end)

    def cells_within(self, start: int, end: int) -> list[Quantity]:
        """Table cells lying inside `[start, end)`."""
        return _inside(self.table_cells, start, end)

    def overlapping(self, start: int, end: int) -> list[Quantity]:
        """Source quantities that share at least one character with `[start, end)`."""
        first = max(0, bisect_left(self.quantities, start, key=_start) - 1)
        last = bisect_left(self.quantities, end, key=_start)  # the ones starting before `end`
        return [q for q in self.quantities[first:last] if q.end > start]

    def open_symbol_amounts(self, low: Decimal, high: Decimal) -> list[Quantity]:
        """Amounts with `low <= value <= high` whose currency symbol the article leaves open
        ("$" with no country named), in text order."""
        return _in_range(self._open_by_value, low, high)

    def cells_between(self, unit: str, low: Decimal, high: Decimal) -> list[Quantity]:
        """Table cells in this currency with `low <= value <= high`, in text order."""
        return _in_range(self._cells_by_unit.get(unit, []), low, high)

    def between(
        self, unit: str, low: Decimal, high: Decimal, within: Span | None = None
    ) -> list[Quantity]:
        """Source quantities with this unit and `low <= value <= high`, in text order; only
        those inside `within` when it is given.

        By bisection on the distinct values, then on each value's places: a figure repeated
        a thousand times is asked about for each of its repetitions.
        """
        distinct = self._values.get(unit, [])
        chosen = distinct[bisect_left(distinct, low) : bisect_right(distinct, high)]
        lists = [self._by_value[(unit, value)] for value in chosen]
        if within is not None:
            lists = [_inside(found, within.start, within.end) for found in lists]
        if len(lists) == 1:
            return list(lists[0])
        return list(heapq.merge(*lists, key=_start))

    def sentence_of(self, position: int) -> Segment:
        """The sentence holding `position` (an empty segment for an empty text)."""
        if not self.sentences:
            return Segment(0, 0, "")
        return self.sentences[self.sentence_index(position)]

    def sentence_index(self, position: int) -> int:
        """Index of the sentence holding `position` (or the nearest one before it)."""
        return max(0, bisect_right(self._sentence_starts, position) - 1)

    def line_start(self, position: int) -> int:
        """Offset of the first character of the line holding `position`.

        By bisection over the text's line breaks: `str.rfind` from every figure would read a
        text without line breaks back to its start once per figure.
        """
        i = bisect_left(self._newlines, position)
        return self._newlines[i - 1] + 1 if i else 0

    def line_end(self, position: int) -> int:
        """Offset of the first "\n" at or after `position` (-1 when none): `str.find`'s
        answer, by bisection, so that the figures of a long line do not each read to its end."""
        i = bisect_left(self._newlines, position)
        return self._newlines[i] if i < len(self._newlines) else -1

    def visible_from(self, position: int) -> int:
        """Offset of the first character at or after `position` that is not whitespace (the
        text's length when none); kept per position, as every figure of a line asks from the
        line's start."""
        if position not in self._visible:
            found = _VISIBLE.search(self.text, position)
            self._visible[position] = found.start() if found else len(self.text)
        return self._visible[position]

    @cached_property
    def content_end(self) -> int:
        """Offset just past the text's last character that is not whitespace."""
        return len(self.text.rstrip())

    def paragraph_index(self, position: int) -> int:
        """Index of the paragraph holding `position` (or the nearest one before it)."""
        return max(0, bisect_right(self.paragraphs, position, key=lambda p: p.start) - 1)


@lru_cache(maxsize=16)
def _passage_index(text: str) -> SourceIndex:
    return SourceIndex(text)


def _inside(ordered: list[Quantity], start: int, end: int) -> list[Quantity]:
    """The items of `ordered` (text order, no overlaps: ends rise with starts) inside
    `[start, end)`, found by bisection."""
    first = bisect_left(ordered, start, key=_start)
    last = first
    while last < len(ordered) and ordered[last].end <= end:  # no slice of the rest: a copy
        last += 1  # of every later figure, for each question, costs the square of their number
    return ordered[first:last]


def _in_range(ranked: list[Quantity], low: Decimal, high: Decimal) -> list[Quantity]:
    first = bisect_left(ranked, low, key=_value)
    last = bisect_right(ranked, high, key=_value)
    return sorted(ranked[first:last], key=_start)


def _start(q: Quantity) -> int:
    return q.start


def _periods(
    text: str, published: date | None, context: CurrencyContext, quantities: list[Quantity]
) -> list[PeriodMention]:
    """The text's periods, without bare years that are part of an amount ("2024 euros")."""
    found = find_periods(text, published, language=context.language, script=context.script)
    starts = [q.start for q in quantities]  # `find_quantities` returns them in text order

    def inside_amount(p: PeriodMention) -> bool:
        i = bisect_right(starts, p.start) - 1
        return i >= 0 and quantities[i].end > p.start

    return [p for p in found if not (p.plain and inside_amount(p))]


def _value(q: Quantity) -> Decimal:
    return q.value
