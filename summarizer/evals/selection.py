"""A new allocation row proposed from a passage the user selects in the article.

Pure: `propose_row(source, selected)` finds the selected text in the source (exactly, or with
spacing, quotes and dashes normalized as grounding does; never fuzzily, since a gold line's
evidence must be the article's own words), reads its money figure with the reader, and the
words around the figure as the deterministic engine does (recipient, purpose, funder, kind,
period), within the selection when the sentence's reading runs past it. The row it returns
has the page's correction columns and the source's own text as evidence, so the user only
checks it before adding it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from summarizer.checking.facts import SourceFacts
from summarizer.checking.grounding import MatchMethod
from summarizer.engines.clauses import read_clause
from summarizer.engines.deterministic import allocation_period
from summarizer.errors import InputError
from summarizer.schema import Kind, Span


class SelectionError(InputError):
    """A selection that is not in the article, or holds no amount of money."""


@dataclass(frozen=True)
class ProposedRow:
    """The row to add, the span its evidence covers, and the figures the selection holds."""

    row: dict[str, Any]
    span: Span
    figures: tuple[str, ...]  # every amount of money in the selection, as written; first used


def locate(source: str, selected: str, facts: SourceFacts | None = None) -> Span:
    """Where `selected` is in `source`: exactly (its first occurrence) or normalized.

    Raises:
        SelectionError: empty, or not in the article.
    """
    wanted = selected.strip()
    if not wanted:
        raise SelectionError("select or paste a passage of the article first")
    at = source.find(wanted)
    if at >= 0:
        return Span(start=at, end=at + len(wanted))
    facts = facts or SourceFacts.of(source)
    found = facts.index.ground(wanted)
    if found.span is None or found.method not in (MatchMethod.EXACT, MatchMethod.NORMALIZED):
        raise SelectionError(
            "the selected text is not in the article: copy it from the source as it is written"
        )
    return found.span


def propose_row(source: str, selected: str, *, published: date | None = None) -> ProposedRow:
    """A correction row for the first amount of money in the selected passage.

    Raises:
        SelectionError: the passage is not in the article, or holds no amount of money.
    """
    facts = SourceFacts.of(source, published=published)
    span = locate(source, selected, facts)
    money = [
        q for q in facts.quantities if q.is_money and span.start <= q.start and q.end <= span.end
    ]
    if not money:
        raise SelectionError(
            "the selected text holds no amount of money the reader can read: select the "
            "passage with the figure (“$8 million to …”), or add the row by hand"
        )
    q = money[0]
    clause = read_clause(facts, q, None)
    passage = span.slice(source)
    recipient, purpose = clause.recipient, clause.purpose
    if recipient not in passage or purpose not in passage:
        # The sentence's reading runs past the selection ("$8 million to A and $3 million to
        # B"): the user chose where the allocation's words end, so read the selection alone.
        alone = SourceFacts.of(passage)
        at = q.start - span.start
        mine = [m for m in alone.quantities if m.start <= at < m.end]
        if mine:
            own = read_clause(alone, mine[0], None)
            recipient, purpose = own.recipient, own.purpose
    if purpose == recipient:
        purpose = ""
    kind = clause.kind or Kind.BUDGET
    period = allocation_period(facts, q, kind)
    row = {
        "amount": f"{q.value.normalize():f}",
        "currency": q.unit,
        "approximate": q.approximate,
        "recipient": recipient,
        "purpose": purpose,
        "funder": clause.funder or "",
        "kind": kind.value,
        "period": period or "",
        "evidence": passage,
    }
    return ProposedRow(row=row, span=span, figures=tuple(m.text for m in money))
