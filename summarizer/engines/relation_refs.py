"""Proposed links between source quantities, turned into `Relation`s by item id.

Each linked quantity is found among the extraction's items: an allocation's amount ('a2') or
converted amount ('a2#1'), or a claim's number ('c3#2'). A quantity no item carries gets a
claim of its own (its sentence, its figures), so that every link names real items.
"""

from __future__ import annotations

import re
from decimal import Decimal

from summarizer.checking.facts import SourceFacts
from summarizer.engines.relations import Proposal
from summarizer.reading.numbers import Quantity
from summarizer.schema import Claim, Extraction, Relation, Span


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


class _Refs:
    """Which item carries each source quantity, by its start offset."""

    def __init__(self, extraction: Extraction, facts: SourceFacts) -> None:
        self.facts = facts
        self.by_start: dict[int, str] = {}
        self.claims = list(extraction.claims)
        taken = {c.id for c in self.claims}
        self._next = 1
        self._taken = taken
        for a in extraction.allocations:
            if a.span is None:
                continue
            inside = facts.within(a.span.start, a.span.end)
            self._place(inside, a.amount.currency, a.amount.value, a.amount.text, a.id)
            for j, c in enumerate(a.converted, start=1):
                self._place(inside, c.currency, c.value, c.text, f"{a.id}#{j}")
        for claim in self.claims:
            self._index_claim(claim)

    def _place(
        self, inside: list[Quantity], unit: str, value: Decimal, text: str, ref: str
    ) -> None:
        same = [q for q in inside if q.unit == unit and q.value == value]
        exact = [q for q in same if _squash(q.text) == _squash(text)]
        free = [q for q in exact or same if q.start not in self.by_start]
        if free:  # one figure per item: two items quoting one sentence take one each
            self.by_start[free[0].start] = ref

    def _index_claim(self, claim: Claim) -> None:
        if claim.span is None:
            return
        # The passage's figures by their text, in text order: a number listed twice stands for
        # the next figure so written (looked up, not scanned from the passage's start for each
        # number: a claim may list a hundred).
        by_text: dict[str, list[Quantity]] = {}
        for q in self.facts.within(claim.span.start, claim.span.end):
            by_text.setdefault(_squash(q.text), []).append(q)
        used: dict[str, int] = {}
        for j, number in enumerate(claim.numbers, start=1):
            key = _squash(number)
            same, k = by_text.get(key, []), used.get(key, 0)
            if k < len(same):
                used[key] = k + 1
                self.by_start.setdefault(same[k].start, f"{claim.id}#{j}")

    def ref(self, q: Quantity) -> str:
        """The id of the item carrying `q`, giving it a claim of its own when none does."""
        if q.start not in self.by_start:
            sentence = self.facts.sentence_of(q.start)
            figures = [
                x for x in self.facts.within(sentence.start, sentence.end) if x.end <= sentence.end
            ]
            if not any(x.start == q.start for x in figures):
                figures = [q]
            while f"c{self._next}" in self._taken:
                self._next += 1
            claim = Claim(
                id=f"c{self._next}",
                statement=" ".join(sentence.text.split())[:240],
                numbers=[x.text for x in figures],
                evidence=sentence.text,
                span=Span(start=sentence.start, end=sentence.end),
            )
            self._taken.add(claim.id)
            self.claims.append(claim)
            self._index_claim(claim)
            self.by_start.setdefault(q.start, f"{claim.id}#{1 + figures.index(q)}")
        return self.by_start[q.start]


def to_relations(
    proposals: list[Proposal], extraction: Extraction, facts: SourceFacts
) -> tuple[list[Relation], list[Claim]]:
    """The proposals as relations by item id, and the claims (old and added) they refer to."""
    refs = _Refs(extraction, facts)
    relations = []
    for p in proposals:
        source = refs.ref(p.source)
        target = refs.ref(p.target) if p.target is not None else ""
        if source == target:
            continue
        evidence = p.evidence.slice(facts.text) if p.evidence else ""
        relations.append(
            Relation(
                kind=p.kind,
                source=source,
                target=target,
                stated=p.stated.slice(facts.text) if p.stated else "",
                evidence=evidence,
                span=p.evidence,
            )
        )
    return relations, refs.claims
