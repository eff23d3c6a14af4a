"""How well an engine's stated links between figures match the annotated ones.

Gold relations (`Gold.relations`, where a corpus annotates them) and predicted ones name items
by id, and the two extractions number their items differently: both sides are resolved to the
source figures they stand for (`linked`), and a predicted link matches a gold one of the same
kind whose figures overlap its own (a restatement either way round) and, when both state a
share or change, whose stated phrase overlaps. `converts` links are left out: gold records
conversions as allocations' `converted` amounts, not as links.
"""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.checking.facts import SourceFacts
from summarizer.checking.linked import Items, Unresolved
from summarizer.schema import Extraction, RelationKind, Span


@dataclass(frozen=True)
class _Resolved:
    kind: RelationKind
    source: Span
    target: Span | None
    stated: Span | None


def _resolve(extraction: Extraction, facts: SourceFacts) -> list[_Resolved]:
    items = Items(extraction, facts)
    out = []
    for r in extraction.relations:
        if r.kind is RelationKind.CONVERTS:
            continue
        try:
            source = items.figure(r.source).span
            target = items.figure(r.target).span if r.target.strip() else None
        except Unresolved:
            source = None
        if source is None:
            continue
        stated = None
        if r.stated.strip():
            at = facts.text.find(r.stated.strip(), max(0, source.start - 400))
            at = at if at != -1 else facts.text.find(r.stated.strip())
            stated = Span(start=at, end=at + len(r.stated.strip())) if at != -1 else None
        out.append(_Resolved(r.kind, source, target, stated))
    return out


def _same(p: _Resolved, g: _Resolved) -> bool:
    if p.kind is not g.kind:
        return False

    def meets(a: Span | None, b: Span | None) -> bool:
        return (a is None and b is None) or (a is not None and b is not None and a.overlaps(b))

    ends = meets(p.source, g.source) and meets(p.target, g.target)
    if p.kind is RelationKind.RESTATES:
        ends = ends or (meets(p.source, g.target) and meets(p.target, g.source))
    if not ends:
        return False
    return g.stated is None or p.stated is None or p.stated.overlaps(g.stated)


def _figures(extraction: Extraction, facts: SourceFacts) -> list[Span]:
    """Where every figure of the extraction's items sits in the source."""
    items = Items(extraction, facts)
    refs = [a.id for a in extraction.allocations]
    refs += [f"{a.id}#{j}" for a in extraction.allocations for j in range(1, len(a.converted) + 1)]
    refs += [f"{c.id}#{j}" for c in extraction.claims for j in range(1, len(c.numbers) + 1)]
    spans = []
    for ref in refs:
        try:
            spans.append(items.figure(ref).span)
        except Unresolved:
            continue
    return spans


def relation_counts(
    predicted: Extraction, gold: Extraction, facts: SourceFacts
) -> tuple[int, int, int]:
    """(matched, predicted only, gold only), one to one, greedily in gold order.

    Gold links join gold items only: a predicted link with a figure no gold item stands for (a
    headline the gold does not extract, say) can be neither confirmed nor refuted, and is not
    counted.
    """
    mine, theirs = _resolve(predicted, facts), _resolve(gold, facts)
    known = _figures(gold, facts)

    def scorable(r: _Resolved) -> bool:
        ends = [r.source] + ([r.target] if r.target is not None else [])
        return all(any(e.overlaps(k) for k in known) for e in ends)

    mine = [r for r in mine if scorable(r)]
    unused = list(range(len(mine)))
    matched = 0
    for g in theirs:
        hit = next((i for i in unused if _same(mine[i], g)), None)
        if hit is not None:
            unused.remove(hit)
            matched += 1
    return matched, len(unused), len(theirs) - matched
