"""The eval suite's HTML report: a bar chart per metric, and per article what was missed and
what was invented. Self-contained HTML with inline SVG (no plotting dependency, opens anywhere).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

_METRICS = (
    ("amount_f1", "Allocation amount F1"),
    ("full_f1", "Full-match F1 (amount + recipient/purpose)"),
    ("grounding", "Evidence grounded exactly"),
    ("claim_recall", "Claim recall"),
)


def _bars(rows: list[tuple[str, float | None]], title: str) -> str:
    height = 18 * len(rows) + 30
    parts = [
        f'<svg width="760" height="{height}" role="img" aria-label="{html.escape(title)}">',
        f'<text x="0" y="14" font-weight="bold">{html.escape(title)}</text>',
    ]
    for i, (name, value) in enumerate(rows):
        y = 24 + 18 * i
        width = 0 if value is None else int(360 * value)
        colour = (
            "#2e7d32" if (value or 0) >= 0.9 else "#f9a825" if (value or 0) >= 0.7 else "#c62828"
        )
        shown = "n/a" if value is None else f"{value:.2f}"
        parts += [
            f'<text x="0" y="{y + 12}" font-size="11">{html.escape(name[:52])}</text>',
            f'<rect x="340" y="{y}" width="{width}" height="14" fill="{colour}"/>',
            f'<text x="{345 + width}" y="{y + 12}" font-size="11">{shown}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts)


def render(report: dict[str, Any]) -> str:
    """The whole report as an HTML page."""
    engine = report.get("engine", {})
    articles = [a for d in report["datasets"].values() for a in d["articles"]]
    body = [
        "<h1>summarizer eval</h1>",
        f"<p>engine: {html.escape(str(engine.get('name')))}"
        f" · model: {html.escape(str(engine.get('model')))}"
        f" · prompt: {html.escape(str(engine.get('prompt_version')))}</p>",
    ]
    overall = report["overall"]
    body.append("<h2>Overall</h2><ul>")
    for key, label in _METRICS:
        value = overall.get(key)
        body.append(f"<li>{label}: {'n/a' if value is None else f'{value:.3f}'}</li>")
    body.append("</ul>")
    if "mutations" in report:
        m = report["mutations"]
        body.append(
            f"<p>Validator mutation recall {m['recall']:.3f}; false alarms "
            f"{m['false_alarm_rate']:.3f} ({m['false_alarms']}/{m['items']} items)</p>"
        )
    for key, label in _METRICS:
        body.append(_bars([(a["id"], a.get(key)) for a in articles], label))
    body.append("<h2>Per article</h2>")
    for a in articles:
        body.append(f"<h3>{html.escape(a['id'])}</h3>")
        if a["missed"]:
            items = "".join(f"<li>{html.escape(x)}</li>" for x in a["missed"])
            body.append(f"<p>Missed:</p><ul>{items}</ul>")
        if a["invented"]:
            items = "".join(f"<li>{html.escape(x)}</li>" for x in a["invented"])
            body.append(f"<p>Invented (no gold match):</p><ul>{items}</ul>")
        if not a["missed"] and not a["invented"]:
            body.append("<p>All allocations matched.</p>")
    style = "body{font-family:sans-serif;max-width:900px;margin:2em auto}h3{margin-bottom:0}"
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>summarizer eval</title>"
        f"<style>{style}</style></head><body>{''.join(body)}</body></html>"
    )


def write_html(report: dict[str, Any], path: Path) -> None:
    """Write the report page."""
    path.write_text(render(report), encoding="utf-8")
