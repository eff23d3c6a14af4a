"""What a finding about a stated link says, and the pieces every check of links shares.

`Link` is a relation whose figures were found in the source; `finding` turns a computed result
and the text's statement into a `Finding` with both figures' spans and by how much they differ,
or — when they are far apart — into a finding against the link itself (`Check.RELATION`): an
article's slip stays near the truth, a link to the wrong figure does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from summarizer.checking.bounds import Bounds, Hedge
from summarizer.checking.changes import StatedChange
from summarizer.checking.linked import Figure
from summarizer.schema import Check, Finding, Relation, Span, Verdict

FLOORS = (Hedge.AT_LEAST, Hedge.A_LITTLE_OVER)
CEILINGS = (Hedge.AT_MOST, Hedge.NEARLY)


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


def link_finding(
    k: int, relation: Relation, problem: str, verdict: Verdict, link: Link | None = None
) -> Finding:
    """A finding against relation `k` itself: its figures cannot be related as it says."""
    spans = [] if link is None else [f.span for f in (link.source, link.target) if f is not None]
    return Finding(
        check=Check.RELATION,
        verdict=verdict,
        subject=f"relations[{k}]",
        text=f"{relation.source} {relation.kind.value} {relation.target or '—'}",
        reason=f"the link does not hold: {problem}",
        spans=spans,
    )


def upper(f: Figure) -> Decimal:
    """The top of a figure's range (infinite for "more than …")."""
    return f.bounds.high if f.bounds.high is not None else Decimal("Infinity")


def places(stated: StatedChange) -> int:
    """How many decimals to show a computed share or change with: the stated one's, at least 1."""
    text = stated.quantity.text
    digits = text.split(".")[-1] if "." in text else ""
    return max(1, sum(ch.isdigit() for ch in digits[:3]))


def disjoint(a: Bounds, b: Bounds) -> Decimal:
    """How far apart two ranges lie (0 when they meet)."""
    a_high = a.high if a.high is not None else Decimal("Infinity")
    b_high = b.high if b.high is not None else Decimal("Infinity")
    if a_high < b.low:
        return b.low - a_high
    if b_high < a.low:
        return a.low - b_high
    return Decimal(0)


def far(computed: Decimal, stated: Decimal, factor: Decimal) -> bool:
    """Are the two more than `factor` apart (by ratio)? Then the link, not the article, is
    likely wrong: an article's slip is near the truth; a link to the wrong figure is not."""
    a, b = abs(computed), abs(stated)
    if a == 0 or b == 0:
        return a != b
    return max(a, b) / min(a, b) > factor


def finding(
    check: Check,
    link: Link,
    wrong: bool,
    stated: StatedChange,
    computed: str,
    by: str,
    *,
    far_off: bool = False,
) -> Finding:
    """The finding of a stated share, change or multiple: `computed` against what the text
    says, `by` how much when `wrong`; against the link itself when also `far_off`."""
    spans = [link.source.span] + ([link.target.span] if link.target else [])
    spans.append(Span(start=stated.quantity.start, end=stated.quantity.end))
    said = link.relation.stated.strip()
    if wrong and far_off:
        problem = f"{computed}, far from '{said}': probably not the figures the text relates"
        return link_finding(link.index, link.relation, problem, Verdict.UNSUPPORTED, link)
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
