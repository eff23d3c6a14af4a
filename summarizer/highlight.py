"""What the Streamlit page shows, as pure functions: highlighted source, tables, chart data.

`segments()` cuts a source into runs, each with the marks (allocation, claim or flagged-finding
spans) that cover it; `render_html()` turns those runs into HTML with every character of the
source escaped, so only markup built here ever reaches the page. The table, CSV and chart
helpers read a `Summary` and return plain Python data: no Streamlit, no pandas.
"""

from __future__ import annotations

import csv
import html
import io
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from summarizer.report import findings_by_item, format_amount, item_verdicts
from summarizer.schema import Allocation, Check, Finding, Span, Summary

# One background per allocation, cycling. Light enough for dark text; no reds or pinks, which
# are kept for flagged findings.
PALETTE = (
    "#ffe08a",  # amber
    "#b9e2ff",  # sky
    "#c6efc0",  # green
    "#dcd3ff",  # lavender
    "#ffd2a6",  # orange
    "#b6ece4",  # teal
    "#e6e6a6",  # olive
    "#d5dce8",  # slate
)
CLAIM_STYLE = "border-bottom:2px solid #3b5b92"
FLAG_STYLE = (
    "color:#a30000;text-decoration:underline wavy #d00000;text-decoration-skip-ink:none;"
    "background-color:#ffe3e3"
)
# The selected allocation: its evidence is outlined lightly; inside it, its amount and its
# recipient are what stand out (a sentence often lists several contributions).
SELECTED_STYLE = "outline:1px dashed #1b1b1b;outline-offset:1px"
AMOUNT_STYLE = "font-weight:700;box-shadow:inset 0 -3px 0 #1b1b1b"
RECIPIENT_STYLE = "font-weight:700;box-shadow:inset 0 -3px 0 #3b5b92"
# A selected finding: every source span it rests on (both statements that disagree) at once.
FINDING_STYLE = "outline:2px dashed #a30000;outline-offset:1px"
_SCALES = ((Decimal(10) ** 12, "tn"), (Decimal(10) ** 9, "bn"), (Decimal(10) ** 6, "mn"))


class MarkKind(StrEnum):
    """What a highlighted span stands for."""

    ALLOCATION = "allocation"
    CLAIM = "claim"
    FLAG = "flag"  # the source span of a finding the validator did not confirm
    AMOUNT = "amount"  # the selected allocation's amount, where the source states it
    RECIPIENT = "recipient"  # the selected allocation's recipient, where the source names it


@dataclass(frozen=True, order=True)
class Mark:
    """A half-open range `[start, end)` of the source, tagged with what it belongs to.

    `index` is the allocation's or claim's position in the extraction, or the finding's
    position in `Summary.findings`.
    """

    start: int
    end: int
    kind: MarkKind
    index: int


@dataclass(frozen=True)
class Segment:
    """A maximal run of the source covered by the same set of marks (possibly none)."""

    start: int
    end: int
    text: str
    marks: frozenset[Mark] = field(default_factory=frozenset)

    def of_kind(self, kind: MarkKind) -> list[Mark]:
        """The marks of one kind covering this run, by index."""
        return sorted((m for m in self.marks if m.kind == kind), key=lambda m: m.index)


def segments(source: str, marks: Iterable[Mark]) -> list[Segment]:
    """Split `source` into consecutive runs, each with the marks that cover all of it.

    Marks are clipped to the source; empty ones are dropped. The runs' texts concatenate to
    the source, and no run is empty.
    """
    size = len(source)
    kept = []
    for mark in marks:
        start, end = max(0, mark.start), min(size, mark.end)
        if start < end:
            kept.append(Mark(start, end, mark.kind, mark.index))
    bounds = sorted({0, size, *(m.start for m in kept), *(m.end for m in kept)})
    starting: dict[int, list[Mark]] = {}
    ending: dict[int, list[Mark]] = {}
    for mark in kept:
        starting.setdefault(mark.start, []).append(mark)
        ending.setdefault(mark.end, []).append(mark)
    active: set[Mark] = set()
    out: list[Segment] = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        active.difference_update(ending.get(left, ()))
        active.update(starting.get(left, ()))
        out.append(Segment(left, right, source[left:right], frozenset(active)))
    return out


def summary_marks(summary: Summary) -> list[Mark]:
    """The marks of a summary: allocation and claim evidence, spans of flagged findings."""
    ex = summary.extraction
    marks = [
        Mark(a.span.start, a.span.end, MarkKind.ALLOCATION, i)
        for i, a in enumerate(ex.allocations)
        if a.span is not None
    ]
    marks += [
        Mark(c.span.start, c.span.end, MarkKind.CLAIM, i)
        for i, c in enumerate(ex.claims)
        if c.span is not None
    ]
    marks += [
        Mark(s.start, s.end, MarkKind.FLAG, i)
        for i, f in enumerate(summary.findings)
        if not f.ok
        for s in f.spans
    ]
    return marks


def focus_marks(summary: Summary, selected: int | None) -> list[Mark]:
    """The selected allocation's amount and recipient where the validator found them in the
    source, kept to its evidence when the evidence is located."""
    if selected is None or not 0 <= selected < len(summary.extraction.allocations):
        return []
    evidence = summary.extraction.allocations[selected].span
    wanted = {
        f"allocations[{selected}].amount": MarkKind.AMOUNT,
        f"allocations[{selected}].recipient": MarkKind.RECIPIENT,
    }
    marks = []
    for f in summary.findings:
        kind = wanted.get(f.subject)
        if kind is None or not f.ok:
            continue
        spans = [s for s in f.spans if evidence is None or s.overlaps(evidence)]
        chosen = spans if kind is MarkKind.RECIPIENT else spans[:1]
        marks += [Mark(s.start, s.end, kind, selected) for s in chosen]
    return marks


def allocation_findings(summary: Summary, index: int) -> list[Finding]:
    """Every finding about one allocation: its numbers, its evidence, and checks of it whole."""
    return item_verdicts(summary, f"allocations[{index}]")


def allocation_label(summary: Summary, index: int, width: int = 48) -> str:
    """'#2 · 150 bn JPY · state-backed chip venture Rapidus', cut to about `width` characters."""
    a = summary.extraction.allocations[index]
    text = f"#{index} · {_amount(a)} · {' '.join(a.recipient.split())}"
    return text if len(text) <= width else text[: width - 1] + "…"


def render_html(
    source: str, summary: Summary, selected: int | None = None, finding: int | None = None
) -> str:
    """The source as HTML with every evidence span highlighted; the source text is escaped.

    Each allocation has its own background (a cycling palette) and an `id` of `alloc-N` on its
    first run (or on an empty anchor just before it, when two allocations quote one sentence);
    claims are underlined; spans of flagged findings are red with a wavy underline; the
    `selected` allocation's evidence is outlined, and its amount and recipient inside it are
    bold and underlined; every span of the `finding` (an index into `Summary.findings`: both
    figures of an inconsistency) is outlined together, the first one with an `id` of
    `finding-N`. Newlines are kept (`white-space:pre-wrap`).
    """
    parts = [_legend(summary)]
    marks = summary_marks(summary) + focus_marks(summary, selected)
    parts.append(
        '<div class="summarizer-source" style="white-space:pre-wrap;overflow-wrap:anywhere;'
        "font-family:inherit;font-size:0.95rem;line-height:1.7;padding:0.9rem 1.1rem;"
        "border:1px solid #d9d9d9;border-radius:6px;"
        'background:#fcfcfa;color:#1b1b1b">'
    )
    named: set[int] = set()
    anchored: set[int] = set()
    for seg in segments(source, marks):
        text = html.escape(seg.text, quote=False)
        if not seg.marks:
            parts.append(text)
            continue
        # Allocations whose evidence starts here but that lose the run's `id` to another one
        # (two allocations quoting the same sentence) get an empty anchor of their own.
        fresh = [m.index for m in seg.of_kind(MarkKind.ALLOCATION) if m.index not in named]
        parts += [f'<span id="alloc-{i}" class="anchor"></span>' for i in fresh[1:]]
        parts.append(_open_tag(seg, summary, selected, named, finding, anchored))
        parts.append(text)
        parts.append("</mark>" if seg.of_kind(MarkKind.ALLOCATION) else "</span>")
    parts.append("</div>")
    return "".join(parts)


def _open_tag(
    seg: Segment,
    summary: Summary,
    selected: int | None,
    named: set[int],
    finding: int | None,
    anchored: set[int],
) -> str:
    allocations = seg.of_kind(MarkKind.ALLOCATION)
    claims = seg.of_kind(MarkKind.CLAIM)
    flags = seg.of_kind(MarkKind.FLAG)
    styles: list[str] = []
    attrs: list[str] = []
    titles: list[str] = []
    if allocations:
        indexes = [m.index for m in allocations]
        # The selected allocation's colour wins where evidence overlaps; else the first one's.
        shown = selected if selected in indexes else indexes[0]
        styles.append(
            f"background-color:{PALETTE[shown % len(PALETTE)]};color:inherit;"
            "border-radius:3px;padding:0 1px"
        )
        if selected in indexes:
            styles.append(SELECTED_STYLE)
        fresh = [i for i in indexes if i not in named]
        if fresh:
            named.update(fresh)
            attrs.append(f'id="alloc-{fresh[0]}"')
        attrs.append(f'data-alloc="{" ".join(str(i) for i in indexes)}"')
        titles += [allocation_label(summary, i, width=90) for i in indexes]
    focus = [m.kind.value for m in seg.marks if m.kind in (MarkKind.AMOUNT, MarkKind.RECIPIENT)]
    if focus:
        styles.append(AMOUNT_STYLE if "amount" in focus else RECIPIENT_STYLE)
        attrs.append(f'data-focus="{" ".join(sorted(focus))}"')
    if claims:
        styles.append(CLAIM_STYLE)
        attrs.append(f'data-claim="{" ".join(str(m.index) for m in claims)}"')
        titles += [f"claim {m.index}" for m in claims]
    if flags:
        styles.append(FLAG_STYLE)
        attrs.append(f'data-flag="{" ".join(str(m.index) for m in flags)}"')
        if finding in [m.index for m in flags]:
            styles.append(FINDING_STYLE)
            if finding not in anchored:  # the finding's first run carries its anchor
                anchored.add(finding)
                attrs.append(f'id="finding-{finding}"')
        for m in flags:
            f = summary.findings[m.index]
            titles.append(f"✗ {f.verdict.value} {f.check.value}: {_cut(f.reason, 160)}")
    tag = "mark" if allocations else "span"
    title = html.escape(" | ".join(titles), quote=True)
    kinds = " ".join(sorted({m.kind.value for m in seg.marks}))
    return f'<{tag} class="{kinds}" {" ".join(attrs)} title="{title}" style="{";".join(styles)}">'


def _legend(summary: Summary) -> str:
    ex = summary.extraction
    grounded = sum(a.span is not None for a in ex.allocations)
    flagged_spans = sum(len(f.spans) for f in summary.flagged)
    chips = "".join(
        f'<span style="background-color:{PALETTE[i % len(PALETTE)]};padding:0 5px;'
        f'border-radius:3px;margin-right:2px">{i}</span>'
        for i in range(min(len(ex.allocations), len(PALETTE)))
    )
    return (
        '<div class="summarizer-legend" style="font-size:0.8rem;color:#444;margin:0 0 0.4rem 0">'
        f"{chips} allocations ({grounded}/{len(ex.allocations)} located)"
        f' &nbsp; <span style="{CLAIM_STYLE}">claims</span>'
        f' &nbsp; <span style="{FLAG_STYLE}">flagged ({flagged_spans})</span>'
        "</div>"
    )


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _amount(a: Allocation) -> str:
    return ("~" if a.amount.approximate else "") + format_amount(a.amount.value, a.amount.currency)


def _plain(value: Decimal) -> str:
    """'1.23E+12' → '1230000000000': the full number, no exponent, no trailing zeros."""
    return f"{value.normalize():f}"


# --- tables -----------------------------------------------------------------------------------

TABLE_COLUMNS = (
    "#",
    "check",
    "figure",
    "named",
    "period check",
    "page",
    "amount",
    "recipient",
    "kind",
    "period",
    "as written",
    "converted",
    "issues",
    "purpose",
    "funder",
    "value",
    "currency",
    "evidence",
    "span",
)


def allocations_table(summary: Summary) -> list[dict[str, object]]:
    """One row per allocation, in `TABLE_COLUMNS` order; `check` is ✓ or ✗.

    ✓ only when the validator confirmed every figure and the evidence of the allocation; an
    allocation with no findings at all gets ✗ (nothing vouches for it). `issues` names the
    allocation's flagged findings and the flagged article-level cross-checks whose source spans
    touch its evidence (those do not change the ✓: they may concern another statement).
    """
    rows: list[dict[str, object]] = []
    article_flags = [f for f in summary.flagged if f.subject == "article"]
    allocations = summary.extraction.allocations
    by_item = findings_by_item(summary)
    # Cross-checks of the whole article whose source spans touch each allocation's evidence.
    touching = _touching(article_flags, [a.span for a in allocations])
    for i, a in enumerate(allocations):
        checks = by_item.get(f"allocations[{i}]", [])
        flagged = [f for f in checks if not f.ok]
        nearby = [article_flags[k] for k in touching[i]]
        issues = [
            f"{f.subject.removeprefix(f'allocations[{i}]').lstrip('.') or f.check.value}"
            f" {f.verdict.value}"
            for f in flagged
        ]
        issues += [f"article {f.check.value} {f.verdict.value}" for f in nearby]
        page = summary.page_of(a.span)
        rows.append(
            {
                "#": i,
                "check": _row_mark(checks, flagged),
                "figure": figure_verdict(checks),
                "named": recipient_verdict(checks),
                "period check": period_verdict(summary, i),
                "page": f"p. {page}" if page else "",
                "amount": _amount(a),
                "recipient": a.recipient,
                "kind": a.kind.value,
                "period": a.period or "",
                "as written": " ".join(a.amount.text.split()),
                "converted": "; ".join(format_amount(c.value, c.currency) for c in a.converted),
                "issues": "; ".join(issues),
                "purpose": a.purpose,
                "funder": a.funder or "",
                "value": _plain(a.amount.value),
                "currency": a.amount.currency,
                "evidence": a.evidence,
                "span": f"{a.span.start}-{a.span.end}" if a.span else "",
            }
        )
    return rows


_LONG = 2_000  # characters: a flagged span longer than this is compared with every allocation


def _touching(flags: list[Finding], spans: list[Span | None]) -> list[list[int]]:
    """For each span, the indexes of the flags with a source span sharing a character with it
    (`Span.overlaps`), in order.

    Flags' spans are short (a conversion, a growth rate's figures, a period): sorted by start,
    the few that can reach each allocation are found by bisection, not by reading them all.
    """
    pairs = [(s, k) for k, f in enumerate(flags) for s in f.spans]
    short = sorted((s.start, s.end, k) for s, k in pairs if s.end - s.start <= _LONG)
    long = [(s, k) for s, k in pairs if s.end - s.start > _LONG]
    starts = [start for start, _end, _k in short]
    found: list[list[int]] = []
    for span in spans:
        if span is None:
            found.append([])
            continue
        first = bisect_left(starts, span.start - _LONG)
        last = bisect_left(starts, span.end)  # the ones starting before the span ends
        hits = {k for start, end, k in short[first:last] if end > span.start}
        hits |= {k for s, k in long if s.overlaps(span)}
        found.append(sorted(hits))
    return found


def allocations_csv(summary: Summary) -> str:
    """The allocations table as CSV text (header row first)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TABLE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(allocations_table(summary))
    return out.getvalue()


def findings_in_order(summary: Summary) -> list[Finding]:
    """Flagged findings first (in the validator's order), then unchecked, then confirmed."""
    return (
        [f for f in summary.findings if f.wrong]
        + [f for f in summary.findings if not f.ok and not f.wrong]
        + [f for f in summary.findings if f.ok]
    )


def figure_verdict(checks: list[Finding]) -> str:
    """The amount's own verdict: its figures (amount, equivalents) and the evidence quote."""
    mine = [f for f in checks if f.check in (Check.NUMBER, Check.EVIDENCE)]
    if not mine or any(f.wrong for f in mine):
        return "✗ flagged"
    return "? unchecked" if any(not f.ok for f in mine) else "✓ confirmed"


def recipient_verdict(checks: list[Finding]) -> str:
    """Whether the source gives the recipient near the amount (`recipient_check`)."""
    mine = [f for f in checks if f.check is Check.RECIPIENT]
    if not mine:
        return ""
    if mine[0].wrong:
        return "✗ not a name"
    return "✓ in source" if mine[0].ok else "? not found near"


def period_verdict(summary: Summary, index: int) -> str:
    """The period: flagged by a period cross-check touching it, stated in its evidence (its
    year is there), inferred (from the article's date or context), or none given."""
    a = summary.extraction.allocations[index]
    if not a.period:
        return ""
    for f in summary.findings:
        if f.check is Check.PERIOD and f.wrong:
            about = f.subject.startswith(f"allocations[{index}]")
            if about or (a.span and any(s.overlaps(a.span) for s in f.spans)):
                return "✗ flagged"
    years = re.findall(r"\d{4}", a.period)
    short = [y[2:] for y in years]  # "FY2026" is often written "FY26" or "2025-26"
    if years and any(y in a.evidence for y in years + short):
        return "✓ stated"
    return "· inferred"


def _row_mark(checks: list[Finding], failed: list[Finding]) -> str:
    """✓ all confirmed; ✗ something found wrong (or nothing vouches); ? only unread figures."""
    if not checks or any(f.wrong for f in failed):
        return "✗"
    return "?" if failed else "✓"


# --- chart ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartData:
    """Allocations on one currency axis, and what could not be put on it without a rate."""

    currency: str | None
    unit: str  # e.g. 'bn JPY': what `rows[*]["amount"]` is counted in
    rows: list[dict[str, object]]  # allocation ('#2 Rapidus'), amount (float), kind
    left_out: list[str]  # labels of allocations in another currency with no stated equivalent
    via_article_rate: list[str]  # labels charted through the article's own stated equivalent

    def caption(self) -> str:
        """One line saying what the chart shows and what it leaves out."""
        if self.currency is None:
            return "No allocations to chart."
        text = (
            f"Allocations in {self.unit} (the article's main currency, {self.currency}); "
            "numbered as in the table."
        )
        kinds = {row["kind"] for row in self.rows}
        if kinds & {"total", "cumulative"}:
            text += " Totals and running totals are drawn beside their parts, not added to them."
        if self.via_article_rate:
            text += f" Converted as the article states: {', '.join(self.via_article_rate)}."
        if self.left_out:
            text += (
                f" Left out (another currency, no equivalent given, no rate invented): "
                f"{', '.join(self.left_out)}."
            )
        return text


def chart_data(summary: Summary) -> ChartData:
    """Allocations in the article's most common currency, for a bar chart.

    An allocation in another currency is charted only when the article itself gives its
    equivalent in the main currency (`Allocation.converted`); the others are listed in
    `left_out`. No exchange rate is ever assumed.
    """
    allocations = summary.extraction.allocations
    if not allocations:
        return ChartData(None, "", [], [], [])
    counts = Counter(a.amount.currency for a in allocations)
    order = {cur: i for i, cur in reversed(list(enumerate(a.amount.currency for a in allocations)))}
    currency = max(counts, key=lambda cur: (counts[cur], -order[cur]))
    values: list[tuple[int, Decimal, str]] = []
    left_out: list[str] = []
    via: list[str] = []
    for i, a in enumerate(allocations):
        label = _chart_label(a, i)
        if a.amount.currency == currency:
            values.append((i, a.amount.value, label))
            continue
        same = [c for c in a.converted if c.currency == currency]
        if same:
            values.append((i, same[0].value, label))
            via.append(label)
        else:
            left_out.append(f"{label} ({_amount(a)})")
    size, name = _scale([v for _, v, _ in values])
    rows: list[dict[str, object]] = [
        {
            "allocation": label,
            "amount": float(value / size),
            "kind": allocations[i].kind.value,
        }
        for i, value, label in values
    ]
    return ChartData(currency, f"{name}{currency}", rows, left_out, via)


def _chart_label(a: Allocation, index: int) -> str:
    """'#2 Rapidus': the bar's allocation named by its recipient, cut to fit the axis."""
    return f"#{index} {_cut(a.recipient, 32) or a.kind.value}"


def _scale(values: Sequence[Decimal]) -> tuple[Decimal, str]:
    """The unit (tn, bn, mn or 1) the median value reads best in."""
    if not values:
        return Decimal(1), ""
    middle = sorted(abs(v) for v in values)[len(values) // 2]
    for size, name in _SCALES:
        if middle >= size:
            return size, f"{name} "
    return Decimal(1), ""


# --- text for Markdown widgets ------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=^&\"'])")


def escape_markdown(text: str) -> str:
    """Text from an article, made inert for Markdown: no links, images, emphasis or directives.

    Every ASCII punctuation mark that Markdown (or Streamlit's `:color[...]`, `:emoji:` and
    `$math$` extensions) could read as syntax gets a backslash; whitespace runs become one space.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
