"""PDFs written for the tests with reportlab (no real document is copied): a budget-like
report of N pages, each page one chapter with two allocations and a table of figures, and a
"scanned" PDF whose pages are drawings with no text layer.

Also used by `benchmarks/pdf_speed.py` for its 100-page document.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

AGENCIES = (
    "Coastal Rail Authority",
    "Northern Water Board",
    "Regional Hospitals Trust",
    "Rural Schools Fund",
    "Harbour Energy Agency",
)


def chapter_figures(page: int) -> tuple[str, str]:
    """The two amounts page `page` (1-based) commits, as written: '$101 million', '$21 million'."""
    return f"${100 + page} million", f"${20 + page} million"


def budget_pdf(pages: int, *, title: str = "Budget Plan 2026: Departmental Spending") -> bytes:
    """A budget-like report: one chapter a page, prose with two allocations and a table."""
    styles = getSampleStyleSheet()
    story: list[object] = []
    for page in range(1, pages + 1):
        first, second = chapter_figures(page)
        agency = AGENCIES[page % len(AGENCIES)]
        other = AGENCIES[(page + 2) % len(AGENCIES)]
        story += [
            Paragraph(f"Chapter {page}: Spending plans", styles["Heading2"]),
            Paragraph(
                f"The Ministry of Finance allocates {first} to the {agency} in fiscal year "
                f"2026 for new equipment. The ministry also grants {second} to the {other} "
                "to train staff over the same year.",
                styles["BodyText"],
            ),
            Spacer(1, 12),
            Table(
                [
                    ["Programme (millions of dollars)", "2025", "2026"],
                    ["Equipment", f"{90 + page}.0", f"{100 + page}.0"],
                    ["Training", f"{10 + page}.5", f"{20 + page}.0"],
                ]
            ),
            PageBreak(),
        ]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=title, author="summarizer tests").build(story)
    return out.getvalue()


def scanned_pdf(pages: int = 2) -> bytes:
    """Pages with shapes only (as a scan's images would be): no text layer at all."""
    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=A4)
    for _ in range(pages):
        for row in range(20):
            sheet.rect(60, 780 - 30 * row, 400 - 10 * row, 12, fill=1, stroke=0)
        sheet.showPage()
    sheet.save()
    return out.getvalue()
