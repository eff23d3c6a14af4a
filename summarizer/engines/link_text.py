"""What the deterministic engine's link proposers share: the article's money, roles, a proposal.

`Article` holds the article's money in text order with each quantity's role, sentence by
sentence (a sentence of more than `DUMP` figures is a table or a dump, left out); `Proposal` is
a link between two source quantities, before `relation_refs` turns it into a `Relation`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.checking.conversions import find_conversions
from summarizer.checking.facts import SourceFacts
from summarizer.engines.roles import RATE_IN_BRACKETS, UP_OR_DOWN_BEFORE, Role, RoledAmount
from summarizer.reading.numbers import Quantity
from summarizer.schema import RelationKind, Span


@dataclass(frozen=True)
class Proposal:
    """A link between two source quantities (`target` None: a figure the text does not give)."""

    kind: RelationKind
    source: Quantity
    target: Quantity | None
    stated: Span | None = None  # the share, change or multiple as written
    evidence: Span | None = None


CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")


SHARE_WORDS = re.compile(r"占|比率|比重|割合|비중|share|accounting\s+for|of\s+(?:the\s+)?total")


DUMP = 40  # figures in one sentence beyond which it is a table or a dump, not prose to read


class Article:
    """The money of one article in text order, with each quantity's role.

    A sentence of more than `DUMP` figures is left out: it states no links in words, and
    reading it figure by figure would cost much on hostile input for nothing.
    """

    def __init__(self, facts: SourceFacts, roles: list[RoledAmount]) -> None:
        self.facts = facts
        self.role = {id(r.quantity): r.role for r in roles}
        self.converted = {id(c.converted) for c in find_conversions(facts)}
        self.sentences: list[list[Quantity]] = []
        for s in facts.sentences:
            inside = facts.within(s.start, s.end)
            self.sentences.append(inside if len(inside) <= DUMP else [])
        self.quantities = [q for inside in self.sentences for q in inside]
        self.money = [q for q in self.quantities if q.is_money]
        self._changes: dict[int, bool] = {}

    def in_sentence(self, i: int) -> list[Quantity]:
        """The quantities of sentence i (none for a dump of figures)."""
        return self.sentences[i]

    def money_in(self, i: int) -> list[Quantity]:
        """The amounts of sentence i, conversions left out."""
        return [q for q in self.sentences[i] if q.is_money and id(q) not in self.converted]

    def is_main(self, q: Quantity) -> bool:
        """A figure the sentence is about: not an earlier figure, a change or a conversion."""
        return self.role.get(id(q)) not in (Role.COMPARISON, Role.CONVERSION)

    def is_change(self, q: Quantity) -> bool:
        """Is the money figure itself a change (`is_change_figure`), read once."""
        if id(q) not in self._changes:
            self._changes[id(q)] = is_change_figure(self, q)
        return self._changes[id(q)]


def sentence_span(facts: SourceFacts, *qs: Quantity) -> Span:
    """From the first sentence holding one of `qs` to the last: a link's evidence."""
    indexes = [facts.sentence_index(q.start) for q in qs]
    first, last = facts.sentences[min(indexes)], facts.sentences[max(indexes)]
    return Span(start=first.start, end=last.end)


_CHANGE_FIGURE_BEFORE = re.compile(
    r"(?:increase|decrease|cut|reduction|rise|drop|decline|rose|fell|grew|up|down)s?\s+(?:of|by)"
    rf"\s*$|\bum\s*$|{UP_OR_DOWN_BEFORE}|[+＋▲△−–]\s*$|"
    # the year before named right before the figure: "対前年度40百万円(+0.4%)となっている"
    r"(?:対前年度|対前年|前年度比|前年比)(?:比)?(?:で)?\s*$|"
    r"(?:增列|增加|減少|减少|増額|減額|増|減|短收|超收|减收|減收|增收)\s*$",
    re.IGNORECASE,
)


def is_change_figure(art: Article, q: Quantity) -> bool:
    """A money figure that is itself a change ("an increase of $200 million", "$170 million
    cut", "over a billion dollars less", "增列34億")."""
    text = art.facts.text
    before, after = text[max(0, q.start - 30) : q.start], text[q.end : q.end + 20]
    if _CHANGE_FIGURE_BEFORE.search(before):
        return True
    # after it, with its rate in brackets between: "40百万円(+0.4%)の増額"
    return bool(re.match(r"^\s*(?:less|more|fewer|lower|higher|cut|increase|reduction)\b|"
                         rf"^\s*{RATE_IN_BRACKETS}(?:増(?![資税])|減(?![資税])|증가|감소)",
                         after, re.IGNORECASE))  # fmt: skip


def closing(text: str, start: int) -> int:
    """Where the parenthesis open at `start` closes (-1 within 400 characters: none)."""
    depth = 1
    for j in range(start, min(len(text), start + 400)):
        if text[j] in "(（":
            depth += 1
        elif text[j] in ")）":
            depth -= 1
            if depth == 0:
                return j
    return -1


def breakdown(art: Article, whole: Quantity) -> list[Quantity]:
    """The amounts a parenthesis right after `whole` breaks it into ("計2兆4036億余円(2年度
    7269億余円、3年度1兆6766億余円)", "€500 million (€200 million in 2024 and €300 million in
    2025)"): two or more in its currency, each smaller, none a change or a conversion; [] when
    the parenthesis is no such list (one earlier year's figure, a conversion, an aside)."""
    text = art.facts.text
    opening = re.match(r"[ \t]?[(（]", text[whole.end : whole.end + 2])
    if not opening:
        return []
    end = closing(text, whole.end + opening.end())
    if end == -1:
        return []
    inside = [q for q in art.facts.within(whole.end, end) if q.is_money]
    if len(inside) < 2 or any(
        q.unit != whole.unit or q.value >= whole.value or id(q) in art.converted
        or art.is_change(q)
        for q in inside
    ):  # fmt: skip
        return []
    return inside
