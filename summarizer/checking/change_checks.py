"""Checks of `changes_from` links: a stated change, difference or multiple against the figures.

"a 5.2 percent increase, or $370 million" (with no earlier figure named: the earlier one is the
new one less the amount), "over a billion dollars less than $10.2 billion", "doubled": each is
judged on the figures' ranges. A change stated the other way than the figures go is the link's
mistake; a figure labelled with the fiscal year it is said to have changed from is the
article's.
"""

from __future__ import annotations

from decimal import Decimal

from summarizer.checking.bounds import Bounds, Hedge
from summarizer.checking.changes import ChangeKind, StatedChange, is_annual
from summarizer.checking.facts import SourceFacts
from summarizer.checking.link_findings import (
    Link,
    disjoint,
    far,
    finding,
    link_finding,
    places,
    upper,
)
from summarizer.checking.linked import Figure, fiscal_label, periods_within
from summarizer.report import format_amount
from summarizer.schema import Check, Finding, RelationKind, Span, Verdict

# A stated change or multiple this many times off its figures: a link to the wrong figures.
_CHANGE_FAR = Decimal("3")
_MULTIPLE_FAR = Decimal("2")
_WORD_MULTIPLE = Decimal("0.15")  # "doubled" for anything within 15% of ×2
_HEDGED_MULTIPLE = Decimal("0.30")


def change_findings(links: list[Link], facts: SourceFacts) -> list[Finding]:
    findings = []
    for link in links:
        if link.relation.kind is not RelationKind.CHANGES_FROM:
            continue
        findings += _period_of_change(link, facts)
        if link.target is None:
            findings += _self_stated_change(link)
            continue
        new, old = link.source, link.target
        against = _against_the_figures(link, new, old)
        if against:
            findings.append(link_finding(link.index, link.relation, against,
                                          Verdict.UNSUPPORTED, link))  # fmt: skip
            continue
        for stated in link.stated:
            if stated.kind is ChangeKind.PERCENT and not is_annual(link.relation.stated):
                findings.append(_percent_change(link, new, old, stated))
            elif stated.kind is ChangeKind.DIFFERENCE and stated.quantity.unit == new.unit:
                findings.append(_difference(link, new, old, stated))
            elif stated.kind is ChangeKind.MULTIPLE and stated.direction >= 0:
                findings.append(_multiple(link, new, old, stated))
    return findings


def _against_the_figures(link: Link, new: Figure, old: Figure) -> str:
    """Why a stated change cannot link these two figures: it says more where the new figure is
    clearly less, or less where it is clearly more ('' when it can)."""
    lower = upper(new) < old.bounds.low
    higher = new.bounds.low > upper(old)
    for stated in link.stated:
        if stated.kind not in (ChangeKind.DIFFERENCE, ChangeKind.PERCENT) or not stated.direction:
            continue
        if (stated.direction > 0 and lower) or (stated.direction < 0 and higher):
            way = "less" if lower else "more"
            said = "more" if stated.direction > 0 else "less"
            return (
                f"'{new.text}' is {way} than '{old.text}', yet the change it states "
                f"('{link.relation.stated.strip()}') is {said}"
            )
    return ""


def _signed(stated: StatedChange, computed: Bounds) -> Bounds:
    """The stated figure with the sign its words give it; unsigned, the sign of the figures."""
    b = stated.bounds
    direction = stated.direction
    if direction == 0:
        direction = -1 if computed.high is not None and computed.high < 0 else 1
    if direction > 0:
        return b
    return Bounds(-b.high if b.high is not None else Decimal("-Infinity"), -b.low)


def _percent_change(link: Link, new: Figure, old: Figure, stated: StatedChange) -> Finding:
    computed = _ratio_bounds(new, old)
    change = Bounds(
        (computed.low - 1) * 100, (computed.high - 1) * 100 if computed.high is not None else None
    )  # noqa: E501
    expected = _signed(stated, change)
    value = (new.value / old.value - 1) * 100
    off = expected.gap(value)
    return finding(
        Check.PERCENTAGE, link, disjoint(change, expected) > 0, stated,
        f"'{old.text}' → '{new.text}' is a change of {value:+.{places(stated)}f}%",
        f"{off:.{places(stated)}f} points", far_off=far(value, stated.quantity.value, _CHANGE_FAR),
    )  # fmt: skip


def _ratio_bounds(new: Figure, old: Figure) -> Bounds:
    low = new.bounds.low / upper(old) if upper(old) > 0 else Decimal(0)
    high = (
        upper(new) / old.bounds.low if old.bounds.low > 0 and new.bounds.high is not None else None
    )
    return Bounds(low, high)


def _difference(link: Link, new: Figure, old: Figure, stated: StatedChange) -> Finding:
    computed = Bounds(new.bounds.low - upper(old), upper(new) - old.bounds.low)
    if computed.high is not None and computed.high.is_infinite():
        computed = Bounds(computed.low, None)
    expected = _signed(stated, computed)
    value = new.value - old.value
    off = expected.gap(value)
    word = "more" if value >= 0 else "less"
    return finding(
        Check.DIFFERENCE, link, disjoint(computed, expected) > 0, stated,
        f"'{new.text}' is {format_amount(abs(value), new.unit)} {word} than '{old.text}'",
        format_amount(off, new.unit), far_off=far(value, stated.quantity.value, _CHANGE_FAR),
    )  # fmt: skip


def _multiple(link: Link, new: Figure, old: Figure, stated: StatedChange) -> Finding:
    ratio = new.value / old.value
    written_in_words = not any(ch.isdigit() for ch in stated.quantity.text)
    if written_in_words or stated.hedge is not Hedge.EXACT:
        slack = _HEDGED_MULTIPLE if stated.hedge is not Hedge.EXACT else _WORD_MULTIPLE
        v = stated.quantity.value
        expected = Bounds(v * (1 - slack), v * (1 + slack))
    else:
        expected = stated.bounds
    off = expected.gap(ratio)
    return finding(
        Check.MULTIPLE, link, disjoint(_ratio_bounds(new, old), expected) > 0, stated,
        f"'{old.text}' → '{new.text}' is ×{ratio:.2f}", f"×{off:.2f}",
        far_off=far(ratio, stated.quantity.value, _MULTIPLE_FAR),
    )  # fmt: skip


def _self_stated_change(link: Link) -> list[Finding]:
    """A change given both as a percentage and as an amount, with no earlier figure named:
    "$7.55 billion … a 5.2 percent increase, or $370 million": the earlier figure is the new
    one less the amount, and the percentage must be the amount over it."""
    new = link.source
    percents = [s for s in link.stated if s.kind is ChangeKind.PERCENT]
    amounts = [
        s for s in link.stated if s.kind is ChangeKind.DIFFERENCE and s.quantity.unit == new.unit
    ]
    if len(percents) != 1 or len(amounts) != 1 or is_annual(link.relation.stated):
        return []
    pct, amount = percents[0], amounts[0]
    sign = -1 if (amount.direction or pct.direction) < 0 else 1
    d = amount.quantity.value
    base = new.value - sign * d
    if base <= 0 or amount.bounds.high is None or new.bounds.high is None:
        return []
    # The change in per cent is d / (new - sign·d): smallest with the least change on the
    # largest new figure, largest with the most change on the smallest.
    d_low, d_high = amount.bounds.low, amount.bounds.high
    n_low, n_high = new.bounds.low, new.bounds.high
    low = d_low / (n_high - sign * d_low) * 100
    smallest_base = n_low - sign * d_high
    high = d_high / smallest_base * 100 if smallest_base > 0 else Decimal("Infinity")
    computed = Bounds(low, high) if sign > 0 else Bounds(-high, -low)
    expected = _signed(pct, computed)
    value = sign * d / base * 100
    return [
        finding(
            Check.PERCENTAGE,
            link,
            disjoint(computed, expected) > 0,
            pct,
            f"'{amount.quantity.text}' on the earlier {format_amount(base, new.unit)} "
            f"('{new.text}' {'less' if sign > 0 else 'plus'} it) is a change of "
            f"{value:+.{places(pct)}f}%",
            f"{expected.gap(value):.{places(pct)}f} points",
        )  # fmt: skip
    ]


def _period_of_change(link: Link, facts: SourceFacts) -> list[Finding]:
    """A figure labelled with the same fiscal year as the figure it changed from."""
    new_label = fiscal_label(facts, link.source)
    if new_label is None:
        return []
    if link.target is not None:
        old = fiscal_label(facts, link.target)
        old_labels = [old] if old is not None else []
    else:
        where = link.stated_span or link.region
        if where is None:
            return []
        sentence = facts.sentence_of(where.start)
        old_labels = [
            p
            for p in periods_within(facts, where.start, sentence.end)
            if p.fiscal and where.start <= p.start and p.end <= sentence.end
            and (p.start, p.end) != (new_label.start, new_label.end)
        ]  # fmt: skip
    same = [p for p in old_labels if p.period == new_label.period]
    if not same or len(same) != len(old_labels):
        return []
    old_label = same[0]
    return [
        Finding(
            check=Check.PERIOD,
            verdict=Verdict.INCONSISTENT,
            subject=link.subject,
            text=f"{new_label.text} / {old_label.text}",
            reason=(
                f"'{link.source.text}' is labelled {new_label.text} ({new_label.period}), yet it "
                f"is given as a change from {old_label.text} ({old_label.period}): a figure "
                "cannot change from its own fiscal year"
            ),
            spans=[
                link.source.span,
                Span(start=new_label.start, end=new_label.end),
                Span(start=old_label.start, end=old_label.end),
            ],
        )  # fmt: skip
    ]
