"""Plain-text rendering of a `Summary` for the terminal: tables of allocations, claims, findings.

Pure: returns strings. Shared by the CLI and the page (`format_amount`, `verdict_mark`).
"""

from __future__ import annotations

import textwrap
import unicodedata
from decimal import Decimal

from summarizer.schema import Finding, Summary

_SCALES = ((Decimal(10) ** 12, "tn"), (Decimal(10) ** 9, "bn"), (Decimal(10) ** 6, "mn"))


def format_amount(value: Decimal, currency: str) -> str:
    """'1230000000000', 'JPY' → '1.23 tn JPY'."""
    for size, name in _SCALES:
        if abs(value) >= size:
            scaled = (value / size).normalize()
            text = f"{scaled:f}".rstrip("0").rstrip(".") if "." in f"{scaled:f}" else f"{scaled:f}"
            return f"{text} {name} {currency}"
    return f"{value:,f} {currency}".replace(".000000", "")


def verdict_mark(finding: Finding) -> str:
    """✓ confirmed, ✗ flagged, ? unchecked (the reader could not read the source's figure)."""
    if finding.ok:
        return "✓"
    return "✗" if finding.wrong else "?"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(text: str, width: int) -> str:
    text = " ".join(text.split())
    out = ""
    for ch in text:
        if _width(out + ch) > width:
            return out[: max(0, len(out) - 1)] + "…" + " " * (width - _width(out[:-1]) - 1)
        out += ch
    return out + " " * (width - _width(out))


def _table(headers: list[str], rows: list[list[str]], widths: list[int]) -> str:
    lines = ["  ".join(_cell(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(_cell(c, w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def item_verdicts(summary: Summary, prefix: str) -> list[Finding]:
    """The findings about one item ('allocations[2]'), amount and evidence alike."""
    return [
        f for f in summary.findings if f.subject == prefix or f.subject.startswith(prefix + ".")
    ]


def findings_by_item(summary: Summary) -> dict[str, list[Finding]]:
    """Every item's findings ('allocations[2]' → what `item_verdicts` returns for it), read in
    one pass: a table of thousands of allocations must not read every finding for each."""
    grouped: dict[str, list[Finding]] = {}
    for f in summary.findings:
        grouped.setdefault(f.subject.split(".", 1)[0], []).append(f)
    return grouped


def render_text(summary: Summary) -> str:
    """The report `summarizer run` prints."""
    ex = summary.extraction
    engine = summary.engine
    model = f", model {engine.model}" if engine.model else ""
    usage = summary.usage
    tokens = f", {usage.total_tokens} tokens in {usage.calls} calls" if usage.calls else ""
    out = [f"{ex.title or '(untitled)'}"]
    if summary.url:
        out.append(f"source: {summary.url}")
    out += [f"engine: {engine.name}{model}{tokens} · {summary.elapsed_s:.2f}s", ""]
    if ex.summary:
        out += textwrap.wrap(ex.summary, 100) + [""]
    rows = []
    by_item = findings_by_item(summary)
    for i, a in enumerate(ex.allocations):
        checks = by_item.get(f"allocations[{i}]", [])
        mark = "✓" if checks and all(f.ok for f in checks) else "✗"
        converted = "; ".join(format_amount(c.value, c.currency) for c in a.converted)
        amount = format_amount(a.amount.value, a.amount.currency)
        amount = ("~" if a.amount.approximate else "") + amount
        rows.append(
            [mark, a.amount.text, amount, converted, a.recipient, a.kind.value, a.period or ""]
        )
        if summary.page_starts:  # a PDF: the page the evidence is on
            page = summary.page_of(a.span)
            rows[-1].append(f"p. {page}" if page else "")
    out.append(f"Allocations ({len(ex.allocations)})")
    if rows:
        headers = ["", "as written", "amount", "converted", "recipient", "kind", "period"]
        widths = [1, 26, 16, 14, 40, 10, 12]
        if summary.page_starts:
            headers, widths = [*headers, "page"], [*widths, 7]
        out.append(_table(headers, rows, widths))
    else:
        out.append("  (none found)")
    out.append("")
    out.append(f"Claims ({len(ex.claims)})")
    for c in ex.claims:
        out.append(f"  - {c.statement}")
        if c.numbers:
            out.append(f"    numbers: {', '.join(' '.join(n.split()) for n in c.numbers)}")
    out.append("")
    flagged = summary.flagged
    unchecked = summary.unchecked
    confirmed = len(summary.findings) - len(flagged) - len(unchecked)
    out.append(
        f"Validation: {confirmed} confirmed, {len(flagged)} flagged, {len(unchecked)} unchecked"
    )
    if summary.usage.reasks_exhausted:
        out.append("  (the model's re-asks ran out: its last answer is shown, flags and all)")
    for f in sorted(summary.findings, key=lambda f: (f.ok, not f.wrong)):
        where = f.subject if f.subject != "article" else f.check.value
        text = " ".join(f.text.split())
        shown = text if len(text) <= 60 else text[:57] + "…"
        out.append(f"  {verdict_mark(f)} {f.verdict.value:<12} {where:<28} {shown}")
        if not f.ok:
            out += ["      " + line for line in textwrap.wrap(f.reason, 94)]
        if f.note:
            out += ["      note: " + line for line in textwrap.wrap(f.note, 88)]
    return "\n".join(out) + "\n"
