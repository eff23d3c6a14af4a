"""Checks of `part_of` links: parts against their whole, a part counted twice, stated shares.

The parts' ranges (each figure's rounding and hedge, `bounds`) are added up and held against
the whole's: "7600億円余り + 6400億円余り + 5700億円余り" is at least 1.97 trillion yen, more
than "およそ1兆9000億円" can be. A part linked both to a whole and to another part of it is
counted twice. A stated share ("占比约37.06%") is held against part / whole.
"""

from __future__ import annotations

from decimal import Decimal

from summarizer.checking.bounds import Bounds
from summarizer.checking.changes import ChangeKind
from summarizer.checking.facts import SourceFacts
from summarizer.checking.link_findings import (
    FLOORS,
    Link,
    disjoint,
    far,
    finding,
    link_finding,
    places,
    upper,
)
from summarizer.checking.linked import Figure
from summarizer.reading.number_words import counted_right_before
from summarizer.report import format_amount
from summarizer.schema import Check, Finding, RelationKind, Verdict

_SHARE_FAR = Decimal("1.5")  # a stated share this many times off part / whole: a wrong link


def parts_findings(links: list[Link], facts: SourceFacts) -> list[Finding]:
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
            if part.source.bounds.low > upper(whole):  # one part larger than its whole
                problem = f"'{part.source.text}' is more than '{whole.text}': not a part of it"
                findings.append(
                    link_finding(part.index, part.relation, problem, Verdict.UNSUPPORTED, part)
                )
            continue
        findings.append(_sum_finding(counted, whole, _counts_parts(whole, len(counted), facts)))
    return findings


def _counts_parts(whole: Figure, n: int, facts: SourceFacts) -> bool:
    """Does the whole's sentence count as many things as it has parts, right before the whole
    ("Four new contracts worth £1.6-billion" with four contracts listed)? Then the parts are
    all of it, and must reach it too. A count further off ("The two agencies will receive
    £900 million, including …") counts something else."""
    sentence = facts.sentences[facts.sentence_index(whole.span.start)] if facts.sentences else None
    start = sentence.start if sentence else 0
    return counted_right_before(facts.text[start : whole.span.start]) == n


def _distinct_parts(group: list[Link]) -> list[Link]:
    seen: set[tuple[int, int]] = set()
    parts = []
    for link in group:
        key = (link.source.span.start, link.source.span.end)
        if key not in seen:
            seen.add(key)
            parts.append(link)
    return parts


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


def _sum_finding(parts: list[Link], whole: Figure, all_of_it: bool = False) -> Finding:
    """The parts' sum against their whole: judged on ranges (each figure's rounding and hedge),
    told in the figures as written. Parts the text counts as all of the whole (`all_of_it`)
    must also reach it."""
    low = sum((p.source.bounds.low for p in parts), Decimal(0))
    highs = [p.source.bounds.high for p in parts]
    high = sum(highs, Decimal(0)) if all_of_it and None not in highs else None
    added = sum((p.source.value for p in parts), Decimal(0))
    named = " + ".join(f"'{p.source.text}'" for p in parts)
    unit = whole.unit
    subject = "relations[" + ",".join(str(p.index) for p in parts) + "]"
    spans = [whole.span] + [p.source.span for p in parts]
    if low > upper(whole):
        floor = " at least" if any(p.source.hedge in FLOORS for p in parts) else ""
        reason = (
            f"the parts {named} add up to{floor} {format_amount(added, unit)},{floor} "
            f"{format_amount(added - whole.value, unit)} more than the total '{whole.text}'"
        )
        if upper(whole) != whole.value:
            reason += (
                f", beyond what its rounding allows (at most {format_amount(upper(whole), unit)})"
            )
        verdict = Verdict.INCONSISTENT
    elif high is not None and high < whole.bounds.low:
        reason = (
            f"the {len(parts)} parts the text counts, {named}, add up to "
            f"{format_amount(added, unit)}, {format_amount(whole.value - added, unit)} less than "
            f"the total '{whole.text}'"
        )
        if whole.bounds.low != whole.value:
            least = format_amount(whole.bounds.low, unit)
            reason += f", beyond what its rounding allows (at least {least})"
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


def share_findings(links: list[Link]) -> list[Finding]:
    findings = []
    for link in links:
        if link.relation.kind is not RelationKind.PART_OF or link.target is None:
            continue
        part, whole = link.source, link.target
        for stated in link.stated:
            if stated.kind is not ChangeKind.SHARE or whole.value <= 0:
                continue
            low = part.bounds.low / upper(whole) * 100
            high = (
                part.bounds.high / whole.bounds.low * 100
                if part.bounds.high is not None and whole.bounds.low > 0
                else Decimal("Infinity")
            )
            share = part.value / whole.value * 100
            wrong = disjoint(Bounds(low, high), stated.bounds) > 0
            off = stated.bounds.gap(share)
            findings.append(
                finding(
                    Check.PERCENTAGE, link, wrong, stated,
                    f"'{part.text}' is {share:.{places(stated)}f}% of '{whole.text}'",
                    f"{off:.{places(stated)}f} points",
                    far_off=far(share, stated.quantity.value, _SHARE_FAR),
                )
            )  # fmt: skip
    return findings
