"""PDFs in: text and page starts (`summarizer.inputs.pdf`), through `summarize`, the CLI and batch.

The PDFs are written by `pdf_fixtures` with reportlab: no real document is copied.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pdf_fixtures import budget_pdf, chapter_figures, scanned_pdf

from summarizer import InputError, summarize
from summarizer.batching.batch import run_batch
from summarizer.cli import main
from summarizer.errors import InputTooLargeError, PdfInputError, ScannedPdfError
from summarizer.inputs.document import MAX_TEXT_BYTES, page_at
from summarizer.inputs.pdf import document_from_pdf
from summarizer.inputs.sources import load_bytes


def test_pages_and_their_starts() -> None:
    document = document_from_pdf(budget_pdf(pages=4))
    assert document.title == "Budget Plan 2026: Departmental Spending"
    assert len(document.page_starts) == 4 and document.page_starts[0] == 0
    for page, start in enumerate(document.page_starts, 1):
        first, _ = chapter_figures(page)
        assert document.text.startswith(f"Chapter {page}:", start)
        at = document.text.index(first)
        assert page_at(document.page_starts, at) == page


def test_table_rows_stay_on_one_line() -> None:
    text = document_from_pdf(budget_pdf(pages=1)).text
    row = next(line for line in text.splitlines() if line.strip().startswith("Equipment"))
    assert row.split() == ["Equipment", "91.0", "101.0"]


def test_evidence_says_its_page() -> None:
    summary = summarize(document_from_pdf(budget_pdf(pages=3)), engine="deterministic")
    pages = {a.amount.text: summary.page_of(a.span) for a in summary.extraction.allocations}
    for page in (1, 2, 3):
        first, second = chapter_figures(page)
        assert pages[first] == pages[second] == page
    assert summary.page_starts and summary.extraction.title.startswith("Budget Plan 2026")


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        pytest.param(scanned_pdf(), ScannedPdfError, "no text layer", id="scanned"),
        pytest.param(
            b"%PDF-1.7\n%garbage\n", PdfInputError, "not a PDF that can be read", id="corrupt"
        ),
        pytest.param(
            budget_pdf(1)[:600], PdfInputError, "not a PDF that can be read", id="truncated"
        ),
    ],
)
def test_unreadable_pdfs_are_clear_errors(data: bytes, error: type[InputError], words: str) -> None:
    with pytest.raises(error, match=words) as caught:
        load_bytes(data, "report.pdf")
    assert isinstance(caught.value, InputError) and "report.pdf" in str(caught.value)


def test_pdf_limit_is_on_its_text_not_its_bytes() -> None:
    big = budget_pdf(pages=120)  # far under 20 MB of PDF; its text under 1 MB: accepted
    assert len(document_from_pdf(big).text.encode()) < MAX_TEXT_BYTES
    with pytest.raises(InputTooLargeError, match="limit for a PDF"):
        load_bytes(b"%PDF-" + b"0" * 20_000_001, "huge.pdf")


def test_cli_and_batch_take_pdfs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "budget.pdf"
    pdf.write_bytes(budget_pdf(pages=2))
    assert main(["run", str(pdf), "--engine", "deterministic"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Budget Plan 2026") and "p. 2" in out
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf())
    assert main(["run", str(scan)]) == 2
    assert "ScannedPdfError" in capsys.readouterr().err
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "p", "path": str(pdf)})
        + "\n"
        + json.dumps({"id": "s", "path": str(scan)})
        + "\n",
        encoding="utf-8",
    )
    output = tmp_path / "out.jsonl"
    assert run_batch(source, output, progress=False, engine="deterministic").failed == 1
    results = {r["id"]: r for r in map(json.loads, output.read_text().splitlines())}
    assert results["p"]["summary"]["page_starts"][0] == 0
    assert results["s"]["error"].startswith("ScannedPdfError: ")
