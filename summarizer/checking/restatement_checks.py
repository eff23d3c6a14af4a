"""Checks of `restates` and `converts` links, and of allocations' `converted` amounts.

A restatement may round ("約1.9兆円" for "1兆9000億円"); it must not change the scale, the
currency, the direction of its hedge or the fiscal year, and values more than a quarter apart
are other money (the link's mistake). A conversion stated away from its original, which the
article's own check does not pair, is judged like one beside it: against the dated rate table
and the article's other conversions.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from summarizer.checking import rates
from summarizer.checking.conversions import (
    Conversion,
    find_conversions,
    rate_problems,
    route_medians,
)
from summarizer.checking.facts import SourceFacts
from summarizer.checking.link_findings import CEILINGS, FLOORS, Link, link_finding
from summarizer.checking.linked import Figure, Items, Unresolved, fiscal_label
from summarizer.report import format_amount
from summarizer.schema import Check, Finding, RelationKind, Span, Verdict

_RESTATED_WITHIN = Decimal("1.25")  # restatements further apart than this are other money


def restatement_findings(links: list[Link], facts: SourceFacts) -> list[Finding]:
    findings = []
    year = rates.rate_year(facts.published)
    for link in links:
        if link.relation.kind is not RelationKind.RESTATES or link.target is None:
            continue
        a, b = link.source, link.target
        spans = [a.span, b.span]
        text = f"{a.text} / {b.text}"
        problem, check = _restatement_problem(a, b, year)
        if problem is None:
            findings.append(
                link_finding(
                    link.index,
                    link.relation,
                    "not the same money: "
                    f"'{a.text}' and '{b.text}' differ beyond rounding, scale or "
                    "currency",
                    Verdict.UNSUPPORTED,
                    link,
                )  # fmt: skip
            )
            continue
        findings.append(
            Finding(
                check=check,
                verdict=Verdict.INCONSISTENT if problem else Verdict.CONSISTENT,
                subject=link.subject,
                text=text,
                reason=problem or f"'{a.text}' restates '{b.text}'",
                spans=spans,
            )  # fmt: skip
        )
        la, lb = fiscal_label(facts, a), fiscal_label(facts, b)
        if la is not None and lb is not None and la.period != lb.period:
            findings.append(
                Finding(
                    check=Check.PERIOD,
                    verdict=Verdict.INCONSISTENT,
                    subject=link.subject,
                    text=f"{la.text} / {lb.text}",
                    reason=(
                        f"'{a.text}' is given for {la.period} and its restatement "
                        f"'{b.text}' for {lb.period}"
                    ),
                    spans=spans
                    + [Span(start=la.start, end=la.end), Span(start=lb.start, end=lb.end)],
                )  # fmt: skip
            )
    return findings


def _restatement_problem(a: Figure, b: Figure, year: int) -> tuple[str | None, Check]:
    """('', check) when `a` restates `b` faithfully; (why, check) when they disagree; (None, …)
    when they are not the same money at all."""
    if a.unit != b.unit:
        if a.value == b.value or _same_digits(a.value, b.value):
            return (
                f"the same figure is given as '{a.text}' ({a.unit}) and '{b.text}' ({b.unit}): "
                "one of them has the wrong currency",
                Check.CONVERSION,
            )
        if rates.known(a.unit) and rates.known(b.unit):
            pair = Conversion(original=b.quantity, converted=a.quantity)
            if not rate_problems(pair, year, {}):
                return "", Check.CONVERSION
        return None, Check.RESTATEMENT
    if a.bounds.contains(b.value) or b.bounds.contains(a.value):  # one rounds the other
        if a.hedge in FLOORS and b.hedge in CEILINGS or a.hedge in CEILINGS and b.hedge in FLOORS:
            return (
                f"'{a.text}' and '{b.text}' hedge the same figure in opposite directions "
                "(more than / less than)",
                Check.RESTATEMENT,
            )
        return "", Check.RESTATEMENT
    if _same_digits(a.value, b.value):
        factor = max(a.value, b.value) / min(a.value, b.value)
        return (
            f"'{a.text}' and '{b.text}' state the same digits at scales {factor:,.0f} times "
            "apart: one of them has the wrong scale",
            Check.RESTATEMENT,
        )
    ratio = max(a.value, b.value) / min(a.value, b.value) if min(a.value, b.value) > 0 else None
    if ratio is not None and ratio <= _RESTATED_WITHIN:
        gap = abs(a.value - b.value)
        return (
            f"'{a.text}' and '{b.text}' state the same money but differ by "
            f"{format_amount(gap, a.unit)} ({(ratio - 1):.0%})",
            Check.RESTATEMENT,
        )
    return None, Check.RESTATEMENT


def _same_digits(a: Decimal, b: Decimal) -> bool:
    """'14 million' and '14 billion': the same significant digits at another power of ten."""
    if a <= 0 or b <= 0 or a == b:
        return False
    return a.normalize().as_tuple().digits == b.normalize().as_tuple().digits


def conversion_findings(items: Items, facts: SourceFacts, links: list[Link]) -> list[Finding]:
    """Conversions an engine states — `converts` links and allocations' `converted` amounts —
    that the article's own check has not judged (it judges pairs side by side in the text)."""
    judged = {(c.original.start, c.converted.start) for c in find_conversions(facts)}
    pairs: list[tuple[Conversion, str]] = []
    for link in links:
        if link.relation.kind is RelationKind.CONVERTS and link.target is not None:
            pairs.append((Conversion(link.target.quantity, link.source.quantity), link.subject))
    for i, allocation in enumerate(items.extraction.allocations):
        for j in range(len(allocation.converted)):
            try:
                original = items.figure(allocation.id)
                converted = items.figure(f"{allocation.id}#{j + 1}")
            except Unresolved:
                continue  # the figures' own checks report it
            if original.unit != converted.unit:
                pairs.append((Conversion(original.quantity, converted.quantity),
                              f"allocations[{i}].converted[{j}]"))  # fmt: skip
    pairs = [
        (p, s) for p, s in _unique(pairs) if (p.original.start, p.converted.start) not in judged
    ]
    if not pairs:
        return []
    year = rates.rate_year(facts.published)
    allowance = rates.drift_allowance(facts.published)
    medians = route_medians(find_conversions(facts) + [p for p, _ in pairs])
    findings = []
    for pair, subject in pairs:
        problems = rate_problems(pair, year, medians, allowance)
        findings.append(
            Finding(
                check=Check.CONVERSION,
                verdict=Verdict.INCONSISTENT if problems else Verdict.CONSISTENT,
                subject=subject,
                text=f"{pair.original.text} → {pair.converted.text}",
                reason="; ".join(problems)
                or f"'{pair.converted.text}' converts '{pair.original.text}' at a plausible rate",
                spans=[Span(start=q.start, end=q.end) for q in (pair.original, pair.converted)],
            )
        )
    return findings


def _unique(pairs: Iterable[tuple[Conversion, str]]) -> list[tuple[Conversion, str]]:
    seen: set[tuple[int, int]] = set()
    out = []
    for pair, subject in pairs:
        key = (pair.original.start, pair.converted.start)
        if key not in seen:
            seen.add(key)
            out.append((pair, subject))
    return out
