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

from decimal import Decimal

from summarizer.checking.change_checks import change_findings
from summarizer.checking.changes import read_stated
from summarizer.checking.facts import SourceFacts
from summarizer.checking.link_findings import Link, link_finding
from summarizer.checking.linked import Figure, Items, Unresolved, near
from summarizer.checking.linked import sentences_apart as _apart
from summarizer.checking.part_checks import parts_findings, share_findings
from summarizer.checking.restatement_checks import conversion_findings, restatement_findings
from summarizer.schema import Extraction, Finding, Relation, RelationKind, Span, Verdict

_PART_AT_MOST = Decimal("1.5")  # a "part" larger than this times its whole is no part of it


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
            findings.append(link_finding(k, relation, exc.reason, verdict))
            continue
        link = _link(k, relation, source, target, facts)
        problem = _implausible(link, facts)
        if problem:
            findings.append(link_finding(k, relation, problem, Verdict.UNSUPPORTED, link))
            continue
        links.append(link)
    findings += parts_findings(links, facts)
    findings += share_findings(links)
    findings += change_findings(links, facts)
    findings += restatement_findings(links, facts)
    findings += conversion_findings(items, facts, links)
    return findings


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
