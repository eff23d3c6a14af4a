"""Currency conversions an article states, and how far their rates stray.

"1.23 trillion yen (S$10.1 billion)" gives one amount in two currencies. `find_conversions`
finds such pairs side by side in the text; `rate_problems` says what is wrong with a pair's
rate: off the dated reference table (`rates`), or unlike the rate the article's other
conversions of the same two currencies use. Shared by the article's own cross-checks and the
checks of `converts` links an engine states.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from decimal import Decimal

from summarizer.checking import rates
from summarizer.checking.facts import SourceFacts
from summarizer.reading.numbers import Quantity

CONVERSION_TOLERANCE = 0.15  # a year's exchange-rate swings stay within this, mostly
INTERNAL_TOLERANCE = 0.10  # conversions in one article normally share one rate
_BRIDGE = re.compile(
    # "(…)", ", or …", "— …", and " or …" between two currencies: "Rs12 billion or $31 million
    # equivalent"
    r"^\s*(?:[(（]|,?\s*or\s+|—\s*|–\s*)\s*(?:roughly\s+|approximately\s+|equivalent\s+to\s+|"
    r"or\s+|≈\s*)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Conversion:
    """An amount and its rendering in another currency."""

    original: Quantity
    converted: Quantity

    @property
    def rate(self) -> Decimal:
        """Units of the converted currency per unit of the original."""
        return self.converted.value / self.original.value

    @property
    def route(self) -> tuple[str, str]:
        """(from, to) currency codes."""
        return self.original.unit, self.converted.unit


def find_conversions(facts: SourceFacts) -> list[Conversion]:
    """Money followed by money in another currency in parentheses (or ", or …").

    Found once per article (the engine and several checks ask) and handed out as a new list.
    """
    return list(facts.derived("conversions", _conversions))


def _conversions(facts: SourceFacts) -> list[Conversion]:
    money = [q for q in facts.quantities if q.is_money]
    pairs = []
    for a, b in zip(money, money[1:], strict=False):
        if a.unit == b.unit or a.value == 0:
            continue
        if _BRIDGE.match(facts.text[a.end : b.start]):
            pairs.append(Conversion(a, b))
    return pairs


def route_medians(pairs: list[Conversion]) -> dict[tuple[str, str], Decimal]:
    """The median rate of the given conversions per (from, to) route, for the routes that
    three or more of them take (fewer say nothing about the article's own rate).

    Each median is taken once here, not once per conversion that asks: a page of thousands of
    conversions on one route would sort their rates thousands of times.
    """
    by_route: dict[tuple[str, str], list[Decimal]] = {}
    for pair in pairs:
        by_route.setdefault(pair.route, []).append(pair.rate)
    return {route: statistics.median(found) for route, found in by_route.items() if len(found) >= 3}


def rate_problems(
    pair: Conversion,
    year: int,
    medians: dict[tuple[str, str], Decimal],
    allowance: float = 0.0,
) -> list[str]:
    """What is wrong with a conversion's rate, in words; empty when nothing is.

    `medians` holds the median rate of the article's conversions per route (this one's among
    them; `routes`): a rate more than `INTERNAL_TOLERANCE` from its route's median is out of
    line with the article itself, whatever the table says. `allowance` (`rates.drift_allowance`)
    loosens the table's judgement for a date the table does not cover, either way alike.
    """
    problems: list[str] = []
    src, dst = pair.route
    if rates.known(src) and rates.known(dst):
        expected = rates.expected_rate(src, dst, year)
        ratio = float(pair.rate / expected)
        off = ratio - 1
        # How many times off, up or down alike ("+62%" and "÷1.6" are as far); a date the table
        # does not cover widens the tolerance by `allowance`.
        if max(ratio, 1 / ratio) - 1 > CONVERSION_TOLERANCE + allowance:
            problems.append(
                f"'{pair.original.text}' → '{pair.converted.text}' is {off:+.0%} off the "
                f"reference rate ({rates.describe(src, dst, year)})"
            )
    median = medians.get((src, dst))
    if median is not None:
        off = float(pair.rate / median) - 1
        if abs(off) > INTERNAL_TOLERANCE:
            problems.append(
                f"the article's other {src}→{dst} conversions use about "
                f"{rate_text(median, src, dst)}; this one uses {rate_text(pair.rate, src, dst)}"
            )
    return problems


def plausible(src: str, dst: str, year: int) -> str:
    """The reason a conversion that raised no problem gives."""
    if rates.known(src) and rates.known(dst):
        return f"plausible at {rates.describe(src, dst, year)}"
    return "no reference rate for this pair; not judged"


def rate_text(rate: Decimal, src: str, dst: str) -> str:
    """'1 USD = 1,367 KRW': the rate in the direction that reads above one."""
    if rate < 1:
        return f"1 {dst} = {Decimal(1) / rate:,.4g} {src}"
    return f"1 {src} = {rate:,.4g} {dst}"
