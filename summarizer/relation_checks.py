"""Checks on the links an engine states between figures (`Extraction.relations`).

An engine says which figure is part of which, which restates which, which changed from which
and by how much, which converts which. The validator takes no link on trust: it finds both
figures in the source (`linked`), asks whether they can be related at all — a link they cannot
bear is the extraction's mistake and is reported as such (`Check.RELATION`) — and only then
does the arithmetic, on each figure's range from its precision and hedge (`bounds`):

- parts against their whole, and a part counted in the whole twice;
- a stated share against part / whole; a stated change, difference or multiple against the two
  figures; a change from a fiscal year to the same fiscal year;
- restatements that disagree in value, scale, currency, hedge or fiscal year;
- conversions against the dated rate table and the article's other conversions.

Each finding says what disagrees and by how much, with the spans of both figures. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from summarizer import rates
from summarizer.bounds import Bounds, Hedge
from summarizer.changes import ChangeKind, StatedChange, is_annual, read_stated
from summarizer.conversions import Conversion, find_conversions, rate_problems, routes
from summarizer.facts import SourceFacts
from summarizer.linked import (
    Figure,
    Items,
    Unresolved,
    fiscal_label,
    near,
    periods_within,
)
from summarizer.linked import sentences_apart as _apart
from summarizer.report import format_amount
from summarizer.schema import (
    Check,
    Extraction,
    Finding,
    Relation,
    RelationKind,
    Span,
    Verdict,
)

_PART_AT_MOST = Decimal("1.5")  # a "part" larger than this times its whole is no part of it
_RESTATED_WITHIN = Decimal("1.25")  # restatements further apart than this are other money
# A stated share, change or multiple this many times off its figures is more likely linked to
# the wrong figures than misstated by the article (whose slips stay near the truth).
_SHARE_FAR = Decimal("1.5")
_CHANGE_FAR = Decimal("3")
_MULTIPLE_FAR = Decimal("2")
_WORD_MULTIPLE = Decimal("0.15")  # "doubled" for anything within 15% of ×2
_HEDGED_MULTIPLE = Decimal("0.30")
_FLOORS = (Hedge.AT_LEAST, Hedge.A_LITTLE_OVER)
_CEILINGS = (Hedge.AT_MOST, Hedge.NEARLY)


@dataclass(frozen=True)
class Link:
    """A relation whose figures were found and can be related."""

    index: int
    relation: Relation
    source: Figure
    target: Figure | None
    stated: list[StatedChange]
    stated_span: Span | None
    region: Span | None  # where the link's evidence sits

    @property
    def subject(self) -> str:
        """'relations[3]'."""
        return f"relations[{self.index}]"


def relation_checks(extraction: Extraction, facts: SourceFacts) -> list[Finding]:
    """Judge every relation of `extraction` against the source."""
    items = Items(extraction, facts)
    findings: list[Finding] = []
    links: list[Link] = []
    for k, relation in enumerate(extraction.relations):
        try:
            source = items.figure(relation.source)
            target = items.figure(relation.target) if relation.target.strip() else None
        except Unresolved as exc:
            verdict = Verdict.UNSUPPORTED if exc.located else Verdict.UNCHECKED
            findings.append(_link_finding(k, relation, exc.reason, verdict))
            continue
        link = _link(k, relation, source, target, facts)
        problem = _implausible(link, facts)
        if problem:
            findings.append(_link_finding(k, relation, problem, Verdict.UNSUPPORTED, link))
            continue
        links.append(link)
    findings += _parts_findings(links, facts)
    findings += _share_findings(links)
    findings += _change_findings(links, facts)
    findings += _restatement_findings(links, facts)
    findings += _conversion_findings(items, facts, links)
    return findings


# --- links ---------------------------------------------------------------------------------------


def _link(
    k: int, relation: Relation, source: Figure, target: Figure | None, facts: SourceFacts
) -> Link:
    region = _evidence_region(relation, facts)
    stated_span = _stated_span(relation.stated, facts, region or source.span)
    if relation.stated.strip() and stated_span is not None:
        stated = read_stated(
            stated_span.slice(facts.text), facts.context,
            share=relation.kind is RelationKind.PART_OF, source=facts.text,
            offset=stated_span.start,
        )  # fmt: skip
    elif relation.stated.strip():
        stated = read_stated(
            relation.stated, facts.context, share=relation.kind is RelationKind.PART_OF
        )
    else:
        stated = []
    return Link(k, relation, source, target, stated, stated_span, region)


def _evidence_region(relation: Relation, facts: SourceFacts) -> Span | None:
    span = relation.span
    if (
        span is not None
        and span.end <= len(facts.text)
        and span.slice(facts.text) == relation.evidence
    ):
        return span
    if not relation.evidence.strip():
        return None
    return facts.index.ground(relation.evidence).span


def _stated_span(stated: str, facts: SourceFacts, near: Span) -> Span | None:
    """Where the stated phrase sits: inside the link's passage if it is there, else the first
    occurrence near it, else anywhere."""
    text = stated.strip()
    if not text:
        return None
    for lo, hi in ((near.start, near.end), (near.start - 2_000, near.end + 2_000), (0, None)):
        at = facts.text.find(text, max(0, lo), hi)
        if at != -1:
            return Span(start=at, end=at + len(text))
    return None


def _implausible(link: Link, facts: SourceFacts) -> str:
    """Why the link's figures cannot be related as it says; '' when they can."""
    kind, s, t = link.relation.kind, link.source, link.target
    if t is None:
        if kind is RelationKind.CHANGES_FROM:
            return "" if s.quantity.is_money else f"'{s.text}' is not an amount of money"
        return f"a {kind.value} link needs the id of the figure it links to"
    if s.span == t.span:
        return f"it links '{s.text}' to itself"
    if not (s.quantity.is_money and t.quantity.is_money):
        return f"'{s.text}' and '{t.text}' are not both amounts of money"
    if kind is RelationKind.CONVERTS:
        if s.unit == t.unit:
            return f"'{s.text}' and '{t.text}' are both in {s.unit}: no conversion"
        if _apart(facts, s.span, t.span) > 1 and not _covers(link.region, s, t):
            return f"'{s.text}' and '{t.text}' are not side by side, as a conversion is"
        return ""
    if kind is RelationKind.RESTATES:
        return ""  # a headline restates the body from afar; its values are judged below
    if s.unit != t.unit:
        return f"'{s.text}' is in {s.unit} and '{t.text}' in {t.unit}"
    if not near(facts, s.span, t.span) and not _covers(link.region, s, t):
        apart = _apart(facts, s.span, t.span)
        return (
            f"'{s.text}' and '{t.text}' are {apart} sentences apart and the link's evidence "
            "joins neither"
        )
    if kind is RelationKind.PART_OF and s.value > t.value * _PART_AT_MOST:
        return f"'{s.text}' is {s.value / t.value:.1f} times '{t.text}': not a part of it"
    return ""


def _covers(region: Span | None, a: Figure, b: Figure) -> bool:
    return region is not None and all(
        region.start <= f.span.start and f.span.end <= region.end for f in (a, b)
    )


def _link_finding(
    k: int, relation: Relation, problem: str, verdict: Verdict, link: Link | None = None
) -> Finding:
    spans = [] if link is None else [f.span for f in (link.source, link.target) if f is not None]
    return Finding(
        check=Check.RELATION,
        verdict=verdict,
        subject=f"relations[{k}]",
        text=f"{relation.source} {relation.kind.value} {relation.target or '—'}",
        reason=f"the link does not hold: {problem}",
        spans=spans,
    )


# --- parts and totals ----------------------------------------------------------------------------


def _parts_findings(links: list[Link], facts: SourceFacts) -> list[Finding]:
    part_of = [x for x in links if x.relation.kind is RelationKind.PART_OF and x.target]
    wholes: dict[tuple[int, int], list[Link]] = {}
    for link in part_of:
        assert link.target is not None
        wholes.setdefault((link.target.span.start, link.target.span.end), []).append(link)
    contained = {
        (x.source.span.start, x.target.span.start) for x in part_of if x.target is not None
    }
    findings: list[Finding] = []
    for group in wholes.values():
        whole = group[0].target
        assert whole is not None
        parts = _distinct_parts(group)
        nested = {
            id(p)
            for p in parts
            for q in parts
            if p is not q and (p.source.span.start, q.source.span.start) in contained
        }
        for p in parts:
            if id(p) not in nested:
                continue
            outer = next(
                q for q in parts if (p.source.span.start, q.source.span.start) in contained
            )
            findings.append(_double_count(p, outer, whole))
        counted = [p for p in parts if id(p) not in nested]
        if len(counted) == 1:
            part = counted[0]
            if part.source.bounds.low > _high(whole):  # one part larger than its whole
                problem = f"'{part.source.text}' is more than '{whole.text}': not a part of it"
                findings.append(
                    _link_finding(part.index, part.relation, problem, Verdict.UNSUPPORTED, part)
                )
            continue
        findings.append(_sum_finding(counted, whole))
    return findings


def _distinct_parts(group: list[Link]) -> list[Link]:
    seen: set[tuple[int, int]] = set()
    parts = []
    for link in group:
        key = (link.source.span.start, link.source.span.end)
        if key not in seen:
            seen.add(key)
            parts.append(link)
    return parts


def _high(f: Figure) -> Decimal:
    return f.bounds.high if f.bounds.high is not None else Decimal("Infinity")


def _double_count(part: Link, outer: Link, whole: Figure) -> Finding:
    p, o = part.source, outer.source
    return Finding(
        check=Check.DOUBLE_COUNT,
        verdict=Verdict.INCONSISTENT,
        subject=part.subject,
        text=f"{p.text} / {o.text} / {whole.text}",
        reason=(
            f"'{p.text}' is already part of '{o.text}', yet both are counted in '{whole.text}': "
            f"{format_amount(p.value, p.unit)} is counted twice"
        ),
        spans=[p.span, o.span, whole.span],
    )


def _sum_finding(parts: list[Link], whole: Figure) -> Finding:
    """The parts' sum against their whole: judged on ranges (each figure's rounding and hedge),
    told in the figures as written."""
    low = sum((p.source.bounds.low for p in parts), Decimal(0))
    added = sum((p.source.value for p in parts), Decimal(0))
    named = " + ".join(f"'{p.source.text}'" for p in parts)
    unit = whole.unit
    subject = "relations[" + ",".join(str(p.index) for p in parts) + "]"
    spans = [whole.span] + [p.source.span for p in parts]
    if low > _high(whole):
        floor = " at least" if any(p.source.hedge in _FLOORS for p in parts) else ""
        reason = (
            f"the parts {named} add up to{floor} {format_amount(added, unit)},{floor} "
            f"{format_amount(added - whole.value, unit)} more than the total '{whole.text}'"
        )
        if _high(whole) != whole.value:
            reason += (
                f", beyond what its rounding allows (at most {format_amount(_high(whole), unit)})"
            )
        verdict = Verdict.INCONSISTENT
    else:
        reason = (
            f"the parts {named} add up to {format_amount(added, unit)}, within the total "
            f"'{whole.text}'"
        )
        verdict = Verdict.CONSISTENT
    return Finding(
        check=Check.PARTS_TOTAL, verdict=verdict, subject=subject,
        text=whole.text, reason=reason, spans=spans,
    )  # fmt: skip


# --- shares --------------------------------------------------------------------------------------


def _share_findings(links: list[Link]) -> list[Finding]:
    findings = []
    for link in links:
        if link.relation.kind is not RelationKind.PART_OF or link.target is None:
            continue
        part, whole = link.source, link.target
        for stated in link.stated:
            if stated.kind is not ChangeKind.SHARE or whole.value <= 0:
                continue
            low = part.bounds.low / _high(whole) * 100
            high = (
                part.bounds.high / whole.bounds.low * 100
                if part.bounds.high is not None and whole.bounds.low > 0
                else Decimal("Infinity")
            )
            share = part.value / whole.value * 100
            wrong = _disjoint(Bounds(low, high), stated.bounds) > 0
            off = stated.bounds.gap(share)
            findings.append(
                _finding(
                    Check.PERCENTAGE, link, wrong, stated,
                    f"'{part.text}' is {share:.{_places(stated)}f}% of '{whole.text}'",
                    f"{off:.{_places(stated)}f} points",
                    far=_far(share, stated.quantity.value, _SHARE_FAR),
                )
            )  # fmt: skip
    return findings


def _places(stated: StatedChange) -> int:
    text = stated.quantity.text
    digits = text.split(".")[-1] if "." in text else ""
    return max(1, sum(ch.isdigit() for ch in digits[:3]))


def _disjoint(a: Bounds, b: Bounds) -> Decimal:
    """How far apart two ranges lie (0 when they meet)."""
    a_high = a.high if a.high is not None else Decimal("Infinity")
    b_high = b.high if b.high is not None else Decimal("Infinity")
    if a_high < b.low:
        return b.low - a_high
    if b_high < a.low:
        return a.low - b_high
    return Decimal(0)


def _far(computed: Decimal, stated: Decimal, factor: Decimal) -> bool:
    """Are the two more than `factor` apart (by ratio)? Then the link, not the article, is
    likely wrong: an article's slip is near the truth; a link to the wrong figure is not."""
    a, b = abs(computed), abs(stated)
    if a == 0 or b == 0:
        return a != b
    return max(a, b) / min(a, b) > factor


def _finding(
    check: Check,
    link: Link,
    wrong: bool,
    stated: StatedChange,
    computed: str,
    by: str,
    *,
    far: bool = False,
) -> Finding:
    spans = [link.source.span] + ([link.target.span] if link.target else [])
    spans.append(Span(start=stated.quantity.start, end=stated.quantity.end))
    said = link.relation.stated.strip()
    if wrong and far:
        problem = f"{computed}, far from '{said}': probably not the figures the text relates"
        return _link_finding(link.index, link.relation, problem, Verdict.UNSUPPORTED, link)
    if wrong:
        reason = f"{computed}, not '{said}' as the text says ({by} off)"
    else:
        reason = f"{computed}, as '{said}' says"
    return Finding(
        check=check,
        verdict=Verdict.INCONSISTENT if wrong else Verdict.CONSISTENT,
        subject=link.subject,
        text=said,
        reason=reason,
        spans=spans if link.stated_span is not None else spans[:-1],
    )


# --- changes -------------------------------------------------------------------------------------


def _change_findings(links: list[Link], facts: SourceFacts) -> list[Finding]:
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
            findings.append(_link_finding(link.index, link.relation, against,
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
    lower = _high(new) < old.bounds.low
    higher = new.bounds.low > _high(old)
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
    return _finding(
        Check.PERCENTAGE, link, _disjoint(change, expected) > 0, stated,
        f"'{old.text}' → '{new.text}' is a change of {value:+.{_places(stated)}f}%",
        f"{off:.{_places(stated)}f} points", far=_far(value, stated.quantity.value, _CHANGE_FAR),
    )  # fmt: skip


def _ratio_bounds(new: Figure, old: Figure) -> Bounds:
    low = new.bounds.low / _high(old) if _high(old) > 0 else Decimal(0)
    high = (
        _high(new) / old.bounds.low if old.bounds.low > 0 and new.bounds.high is not None else None
    )
    return Bounds(low, high)


def _difference(link: Link, new: Figure, old: Figure, stated: StatedChange) -> Finding:
    computed = Bounds(new.bounds.low - _high(old), _high(new) - old.bounds.low)
    if computed.high is not None and computed.high.is_infinite():
        computed = Bounds(computed.low, None)
    expected = _signed(stated, computed)
    value = new.value - old.value
    off = expected.gap(value)
    word = "more" if value >= 0 else "less"
    return _finding(
        Check.DIFFERENCE, link, _disjoint(computed, expected) > 0, stated,
        f"'{new.text}' is {format_amount(abs(value), new.unit)} {word} than '{old.text}'",
        format_amount(off, new.unit), far=_far(value, stated.quantity.value, _CHANGE_FAR),
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
    return _finding(
        Check.MULTIPLE, link, _disjoint(_ratio_bounds(new, old), expected) > 0, stated,
        f"'{old.text}' → '{new.text}' is ×{ratio:.2f}", f"×{off:.2f}",
        far=_far(ratio, stated.quantity.value, _MULTIPLE_FAR),
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
        _finding(
            Check.PERCENTAGE,
            link,
            _disjoint(computed, expected) > 0,
            pct,
            f"'{amount.quantity.text}' on the earlier {format_amount(base, new.unit)} "
            f"('{new.text}' {'less' if sign > 0 else 'plus'} it) is a change of "
            f"{value:+.{_places(pct)}f}%",
            f"{expected.gap(value):.{_places(pct)}f} points",
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


# --- restatements --------------------------------------------------------------------------------


def _restatement_findings(links: list[Link], facts: SourceFacts) -> list[Finding]:
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
                _link_finding(
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
        if (
            a.hedge in _FLOORS
            and b.hedge in _CEILINGS
            or a.hedge in _CEILINGS
            and b.hedge in _FLOORS
        ):
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


# --- conversions ---------------------------------------------------------------------------------


def _conversion_findings(items: Items, facts: SourceFacts, links: list[Link]) -> list[Finding]:
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
    by_route = routes(find_conversions(facts) + [p for p, _ in pairs])
    findings = []
    for pair, subject in pairs:
        problems = rate_problems(pair, year, by_route)
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
