"""The figures a relation links, found in the source: ids resolved, quantities located.

A relation names items by id ('a2' is an allocation's amount, 'a2#1' its first converted
amount, 'c3#2' the second number of claim c3, 'c3' its first amount of money). `resolve`
turns each id into the source's own reading of that figure (value, unit, span) with the range
its precision and hedge allow (`bounds`), or says why it cannot: an id no item has, a figure
the source does not hold. The checks then work on what the source says, not on what the
engine copied from it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from summarizer.checking.bounds import Bounds, Hedge, figure_bounds
from summarizer.checking.facts import SourceFacts
from summarizer.reading.numbers import Quantity, find_quantities
from summarizer.reading.periods import PeriodMention
from summarizer.schema import Allocation, Claim, Extraction, Span

_REF = re.compile(r"^\s*(?P<item>[^#\s]+)\s*(?:#\s*(?P<k>\d+))?\s*$")
# A part and its whole, or a change and the figure it changes from, are stated within this many
# sentences (a list of twelve items is twelve "sentences") or characters of each other.
NEAR_SENTENCES = 12
NEAR_CHARACTERS = 2_000


@dataclass(frozen=True)
class Figure:
    """A figure of the source that an item of the extraction stands for."""

    ref: str
    subject: str  # 'allocations[2].amount', 'claims[1].numbers[0]'
    quantity: Quantity
    span: Span  # where the figure sits in the source
    source: str = field(repr=False, compare=False)  # the text it sits in, to read its hedge

    @cached_property
    def _range(self) -> tuple[Bounds, Hedge]:
        # Read when a check first asks: a conversion's check needs no range, and a page of
        # thousands of conversions would read every hedge around them for nothing.
        return figure_bounds(self.quantity, self.source)

    @property
    def bounds(self) -> Bounds:
        """The range its precision and hedge allow."""
        return self._range[0]

    @property
    def hedge(self) -> Hedge:
        """The hedge the source gives it ("about", "more than"…)."""
        return self._range[1]

    @property
    def unit(self) -> str:
        """Its currency code (or 'percent', 'x')."""
        return self.quantity.unit

    @property
    def value(self) -> Decimal:
        """Its value as written, in base units."""
        return self.quantity.value

    @property
    def text(self) -> str:
        """The figure as the source writes it."""
        return self.quantity.text


class Unresolved(Exception):
    """A relation's id that names no item, or an item whose figure the source does not hold.

    `located` is False when the item exists but its figure cannot be found in the source (not
    the link's fault: the figure's own check reports it).
    """

    def __init__(self, reason: str, *, located: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.located = located


class Items:
    """The extraction's items by id, and their figures as the source has them."""

    def __init__(self, extraction: Extraction, facts: SourceFacts) -> None:
        self.facts = facts
        self.allocations: dict[str, list[int]] = {}
        self.claims: dict[str, list[int]] = {}
        for i, a in enumerate(extraction.allocations):
            self.allocations.setdefault(a.id.strip().casefold(), []).append(i)
        for i, c in enumerate(extraction.claims):
            self.claims.setdefault(c.id.strip().casefold(), []).append(i)
        self.extraction = extraction
        self._cache: dict[str, Figure | Unresolved] = {}
        self._readings: dict[int, list[list[Quantity]]] = {}  # per claim, its numbers read once
        # per claim: how many times each number was listed before it, and the source quantities
        # in its passage by their squashed text (each built once: a claim may list dozens)
        self._turns: dict[int, list[int]] = {}
        self._passage: dict[int, dict[str, list[Quantity]]] = {}
        # Allocations quoting one passage for equal amounts stand for its figures in turn ("a
        # total of €3.3 billion, including €1.65 billion via A and €1.65 billion via B").
        self._turn: dict[int, int] = {}
        seen: dict[tuple[str, Decimal, int, int], int] = {}
        for i, a in enumerate(extraction.allocations):
            if a.span is not None:
                key = (a.amount.currency, a.amount.value, a.span.start, a.span.end)
                self._turn[i] = seen.get(key, 0)
                seen[key] = self._turn[i] + 1

    def figure(self, ref: str) -> Figure:
        """The source figure `ref` names.

        Raises:
            Unresolved: no item has the id, two items have it, or the figure is not in the
                source.
        """
        key = ref.strip().casefold()
        if key not in self._cache:
            try:
                self._cache[key] = self._resolve(ref)
            except Unresolved as exc:
                self._cache[key] = exc
        found = self._cache[key]
        if isinstance(found, Unresolved):
            raise found
        return found

    def _resolve(self, ref: str) -> Figure:
        m = _REF.match(ref)
        if not m:
            raise Unresolved(f"'{ref}' is not an item id")
        item, k = m.group("item").casefold(), m.group("k")
        index = int(k) - 1 if k else None
        in_allocations, in_claims = self.allocations.get(item, []), self.claims.get(item, [])
        if len(in_allocations) + len(in_claims) > 1:
            raise Unresolved(f"two items have the id '{m.group('item')}'")
        if in_allocations:
            i = in_allocations[0]
            return self._allocation_figure(ref, i, self.extraction.allocations[i], index)
        if in_claims:
            i = in_claims[0]
            return self._claim_figure(ref, i, self.extraction.claims[i], index)
        raise Unresolved(f"no item has the id '{m.group('item')}'")

    def _allocation_figure(
        self, ref: str, i: int, allocation: Allocation, index: int | None
    ) -> Figure:
        if index is None:
            money, subject = allocation.amount, f"allocations[{i}].amount"
        elif 0 <= index < len(allocation.converted):
            money, subject = allocation.converted[index], f"allocations[{i}].converted[{index}]"
        else:
            raise Unresolved(
                f"'{ref}': allocation {allocation.id} has no converted amount {index + 1}"
            )
        turn = self._turn.get(i, 0) if index is None else 0
        q = self._locate(money.currency, money.value, money.text, allocation.span, turn)
        if q is None:
            raise Unresolved(f"'{money.text}' ({ref}) is not in the source", located=False)
        return self._figure(ref, subject, q)

    def _claim_figure(self, ref: str, i: int, claim: Claim, index: int | None) -> Figure:
        numbers = claim.numbers
        if index is not None and not 0 <= index < len(numbers):
            raise Unresolved(f"'{ref}': claim {claim.id} has no number {index + 1}")
        if index is not None:
            # A number quoted exactly as the source writes it inside the claim's passage is that
            # figure: found without reading the number again.
            turn = self._turn_of(i, numbers, index)
            quoted = self._quoted(i, claim, numbers[index], turn)
            if quoted is not None:
                return self._figure(ref, f"claims[{i}].numbers[{index}]", quoted)
        if i not in self._readings:
            self._readings[i] = [find_quantities(n, context=self.facts.context) for n in numbers]
        readings = self._readings[i]
        if index is None:  # its first amount of money, else its first figure
            index = next((j for j, r in enumerate(readings) if any(q.is_money for q in r)), 0)
        if not 0 <= index < len(numbers):
            raise Unresolved(f"'{ref}': claim {claim.id} has no number {index + 1}")
        own = readings[index]
        if not own:  # a figure the reader cannot read as one ("14 Millionen", no currency)
            raise Unresolved(
                f"'{numbers[index]}' ({ref}) is not read as an amount, share or change",
                located=False,
            )
        core = max(own, key=lambda q: q.end - q.start)
        turn = self._turn_of(i, numbers, index)
        q = self._locate(core.unit, core.value, numbers[index], claim.span, turn)
        if q is None:
            raise Unresolved(f"'{numbers[index]}' ({ref}) is not in the source", located=False)
        return self._figure(ref, f"claims[{i}].numbers[{index}]", q)

    def _turn_of(self, i: int, numbers: list[str], index: int) -> int:
        """How many times claim `i` lists its `index`-th number before that place."""
        if i not in self._turns:
            seen: dict[str, int] = {}
            turns = []
            for n in numbers:
                key = _squash(n)
                turns.append(seen.get(key, 0))
                seen[key] = seen.get(key, 0) + 1
            self._turns[i] = turns
        return self._turns[i][index]

    def _quoted(self, i: int, claim: Claim, number: str, turn: int) -> Quantity | None:
        """The `turn`-th source quantity inside the claim's span written exactly as `number`."""
        if claim.span is None:
            return None
        if i not in self._passage:
            by_text: dict[str, list[Quantity]] = {}
            for q in self.facts.within(claim.span.start, claim.span.end):
                by_text.setdefault(_squash(q.text), []).append(q)
            self._passage[i] = by_text
        same = self._passage[i].get(_squash(number), [])
        return same[turn] if turn < len(same) else None

    def _locate(
        self, unit: str, value: Decimal, text: str, region: Span | None, turn: int = 0
    ) -> Quantity | None:
        """The source quantity of this unit and value, inside `region` first (its `turn`-th
        there), else the nearest to it.

        Candidates come in text order, so bisection finds the region's: a figure repeated a
        thousand times must not cost a thousand comparisons per link.
        """
        facts = self.facts
        spread = abs(value) * Decimal("0.000001")
        found = facts.same_value(unit, value) or facts.between(unit, value - spread, value + spread)
        if not found:
            found = [
                q
                for q in facts.open_symbol_amounts(value - spread, value + spread)
                if unit in q.alternatives
            ]
        if not found:  # a table cell read in its declared unit ("345.4" under "単位:億円")
            found = facts.cells_between(unit, value - spread, value + spread)
        if not found:
            return None
        if region is None:
            return found[0]
        first = bisect_left(found, region.start, key=_start)
        last = bisect_left(found, region.end, key=_start)
        inside = [q for q in found[first:last] if q.end <= region.end]
        if inside:
            verbatim = [q for q in inside[:16] if _squash(text) in _squash(q.text)]
            pick = verbatim or inside
            return pick[min(turn, len(pick) - 1)]
        around = found[max(0, first - 1) : first + 1]
        return min(around, key=lambda q: abs(q.start - region.start))

    def _figure(self, ref: str, subject: str, q: Quantity) -> Figure:
        return Figure(ref, subject, q, Span(start=q.start, end=q.end), self.facts.text)


def _start(q: Quantity) -> int:
    return q.start


def _squash(text: str) -> str:
    return "".join(text.split()).casefold()


def near(facts: SourceFacts, a: Span, b: Span) -> bool:
    """Close enough in the text for one statement to link them."""
    if abs(a.start - b.start) <= NEAR_CHARACTERS:
        return True
    return sentences_apart(facts, a, b) <= NEAR_SENTENCES


def sentences_apart(facts: SourceFacts, a: Span, b: Span) -> int:
    """How many sentence boundaries lie between two spans (0: the same sentence)."""
    if not facts.sentences:
        return 0
    return abs(facts.sentence_index(a.start) - facts.sentence_index(b.start))


def fiscal_label(facts: SourceFacts, figure: Figure) -> PeriodMention | None:
    """The fiscal year written right beside a figure ("$7.55 billion for FY24", "FY25: $9.3bn").

    Only a label in the figure's own clause counts: no other amount and no clause break
    between them. A label after the figure wins; one before it counts only when nothing but
    a space, a colon or a possessive joins them ("from $9.06 billion in FY24 to $9.26
    billion for FY25": FY24 is not the second figure's).
    """
    q = figure.quantity
    sentence = facts.sentence_of(q.start)
    after: list[tuple[int, PeriodMention]] = []
    before: list[tuple[int, PeriodMention]] = []
    for p in periods_within(facts, max(sentence.start, q.start - 40), q.end + 40):
        if not p.fiscal or p.start < sentence.start or p.end > max(sentence.end, q.end):
            continue
        if p.start >= q.end:
            gap = facts.text[q.end : p.start]
            if "\n" in gap and _alone_on_its_line(facts, q):
                continue  # a table cell: the next line's label heads the next cell
            if (
                len(gap) <= 24
                and not _BREAK.search(gap)
                and not _money_between(facts, q.end, p.start)
            ):
                after.append((len(gap), p))
        elif p.end <= q.start:
            gap = facts.text[p.end : q.start]
            if _JOINED_BEFORE.fullmatch(gap):
                before.append((len(gap), p))
    for found in (after, before):
        if found:
            return min(found, key=lambda pair: pair[0])[1]
    return None


def _alone_on_its_line(facts: SourceFacts, q: Quantity) -> bool:
    """Is the figure all its line holds ("27年度予算額\n167,466百万円\n26年度予算額")?"""
    text = facts.text
    start = facts.line_start(q.start)
    end = text.find("\n", q.end)
    return (
        not text[start : q.start].strip()
        and not text[q.end : len(text) if end == -1 else end].strip()
    )


def periods_within(facts: SourceFacts, start: int, end: int) -> list[PeriodMention]:
    """The periods named in `[start, end)`, found by bisection (they come in text order)."""
    first = bisect_left(facts.periods, start, key=lambda p: p.start)
    found = []
    for p in facts.periods[first:]:
        if p.start >= end:
            break
        if p.end <= end:
            found.append(p)
    return found


_BREAK = re.compile(r"[,;，；。:：()（）]")
_JOINED_BEFORE = re.compile(r"\s*(?:[:：]|['’]s|之|的|の|에|预算|預算|budget)?\s*")


def _money_between(facts: SourceFacts, start: int, end: int) -> bool:
    return any(o.is_money for o in facts.within(start, end))
