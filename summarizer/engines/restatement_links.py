"""Proposed `restates` and `converts` links.

A headline (short, no full stop), a bullet or a summary in another script giving a body figure
again — the same amount, the same rounded, or the same figure in another currency (a mix-up the
validator reports); an amount beside its equivalent in another currency.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from decimal import Decimal

from summarizer.checking.bounds import figure_bounds
from summarizer.checking.conversions import find_conversions
from summarizer.checking.facts import SourceFacts
from summarizer.engines.link_text import CJK, Article, Proposal, sentence_span
from summarizer.engines.roles import Role
from summarizer.reading.numbers import Quantity
from summarizer.schema import RelationKind, Span

_BULLETS = ("#", "•", "- ", "* ", "·", "●", "■", "・", "▲", "△", "▶", "○", "◆")


def _in_lead(facts: SourceFacts, q: Quantity) -> bool:
    """The headline, front matter or a bullet: places that restate the body in brief.

    The first line is a headline only when it reads as one: short, with no full stop.
    """
    text = facts.text
    # Lines found by bisection and their first visible character once per line: the figures
    # of a long text must not each read it back to their line's start, or to its own.
    line_start = facts.line_start(q.start)
    visible = min(facts.visible_from(line_start), q.start)
    if text.startswith(_BULLETS, visible, q.start):
        return True
    if facts.visible_from(0) < line_start:  # a line after the first visible one
        return False
    return facts.derived(f"reads as a headline {line_start}", lambda f: _headline(f, line_start))


def _headline(facts: SourceFacts, line_start: int) -> bool:
    """Does the line starting at `line_start` read as a headline: short, with no full stop?
    (Asked once per line: a text of one long line has all its figures on it.)"""
    line_end = facts.line_end(line_start)
    whole_line = facts.text[line_start : line_end if line_end != -1 else len(facts.text)].strip()
    return len(whole_line) <= 160 and not whole_line.endswith((".", "。", "!", "?"))


def restatements(art: Article) -> list[Proposal]:
    """A headline's, a bullet's or another script's figure, and the body figure it restates."""
    facts = art.facts
    money = [q for q in art.money if id(q) not in art.converted]
    in_cjk: dict[int, bool] = {}  # per sentence, read once
    script = {}
    for q in money:
        i = facts.sentence_index(q.start)
        if i not in in_cjk:
            in_cjk[i] = bool(CJK.search(facts.sentence_of(q.start).text))
        script[id(q)] = in_cjk[i]
    body_script = sum(script.values()) * 2 > len(money)
    lead = {id(q) for q in money if _in_lead(facts, q) or script[id(q)] != body_script}
    body = _Body([q for q in money if id(q) not in lead])
    found = []
    for q in money:
        if id(q) not in lead or art.role.get(id(q)) is Role.COMPARISON:
            continue
        twin = body.twin(facts, q)
        if twin is not None:
            found.append(Proposal(RelationKind.RESTATES, q, twin, evidence=sentence_span(facts, q)))
    return found


class _Body:
    """The body's figures, looked up by value: a headline's figure asks for its twin."""

    def __init__(self, figures: list[Quantity]) -> None:
        self.by_amount: dict[tuple[str, Decimal], list[Quantity]] = {}
        self.by_value: dict[Decimal, list[Quantity]] = {}
        self.ranked: dict[str, list[Quantity]] = {}  # per currency, sorted by value
        for q in figures:
            self.by_amount.setdefault((q.unit, q.value), []).append(q)
            self.by_value.setdefault(q.value, []).append(q)
        for q in sorted(figures, key=_value):
            self.ranked.setdefault(q.unit, []).append(q)

    def twin(self, facts: SourceFacts, q: Quantity) -> Quantity | None:
        """The body figure `q` restates: the same amount, then the same rounded, then the same
        figure in another currency (a mix-up to report)."""
        same = self.by_amount.get((q.unit, q.value))
        if same:
            return same[0]
        bounds, _ = figure_bounds(q, facts.text)
        ranked = self.ranked.get(q.unit, [])
        if bounds.high is not None and ranked:
            first = bisect_left(ranked, bounds.low, key=_value)
            last = bisect_right(ranked, bounds.high, key=_value)
            if last - first == 1:
                return ranked[first]
        other = [b for b in self.by_value.get(q.value, [])[:3] if b.unit != q.unit]
        return other[0] if len(other) == 1 and q.value >= 10**6 else None


def _value(q: Quantity) -> Decimal:
    return q.value


def conversions(art: Article, facts: SourceFacts) -> list[Proposal]:
    return [
        Proposal(RelationKind.CONVERTS, c.converted, c.original,
                 evidence=Span(start=c.original.start, end=c.converted.end))
        for c in find_conversions(facts)
    ]  # fmt: skip
