"""A PDF to a `Document`: its text page by page, with where each page starts.

`pypdf` in its layout mode reads the text layer. Compared on generated budget-like PDFs (prose
with figures, a table of figures, two columns, a Chinese CID font; README "PDFs"), it keeps a
table's row on one line and two columns apart, where pypdf's plain mode puts each table cell on
a line of its own and `pdfplumber` runs the two columns into one line (false sentences) at ten
times the time; it is pure Python. Page numbers are kept as `Document.page_starts`, so evidence
can say "p. 14". A PDF with no text layer (scanned pages) is refused: it needs OCR first.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import pypdf
from pypdf.errors import FileNotDecryptedError, PdfReadError

from summarizer.errors import InputTooLargeError, PdfInputError, ScannedPdfError
from summarizer.inputs.document import MAX_TEXT_BYTES, Document

PAGE_BREAK = "\n\n"
_BLANK_RUN = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")
# A file name or a producer's default ("Microsoft Word - budget.docx", "(anonymous)").
_NOT_A_TITLE = re.compile(
    r"\.(?:docx?|pdf|xlsx?|indd|pptx?)$|^(?:untitled|microsoft word|\(anonymous\))", re.I
)


def document_from_pdf(data: bytes, *, name: str = "the PDF") -> Document:
    """The text of every page, pages separated by a blank line, and the page starts.

    Raises:
        PdfInputError: not a PDF pypdf can read, or encrypted with a password.
        ScannedPdfError: no page has a text layer.
        InputTooLargeError: the extracted text is over the summarizer's text limit.
    """
    label = Path(name).name
    reader = _reader(data, label)
    pages: list[str] = []
    try:
        for page in reader.pages:
            pages.append(_tidy(page.extract_text(extraction_mode="layout")))
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise PdfInputError(f"{label}: a page cannot be read ({exc})") from exc
    if not any(pages):
        raise ScannedPdfError(
            f"{label} has no text layer ({len(pages)} pages of images, probably scanned): "
            "run OCR on it first (e.g. ocrmypdf), then summarize the result"
        )
    starts: list[int] = []
    offset = 0
    for text in pages:
        starts.append(offset)
        offset += len(text) + len(PAGE_BREAK)
    text = PAGE_BREAK.join(pages)
    size = len(text.encode("utf-8"))
    if size > MAX_TEXT_BYTES:
        raise InputTooLargeError(
            f"{label}'s text is {size:,} bytes over {len(pages)} pages; the limit is "
            f"{MAX_TEXT_BYTES:,} bytes of text: summarize a part of it (a chapter's pages)"
        )
    return Document(text=text, title=_title(reader), page_starts=tuple(starts))


def _reader(data: bytes, label: str) -> pypdf.PdfReader:
    # pypdf logs every repaired cross-reference table at WARNING: the outcome is what matters.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    locked = PdfInputError(f"{label} is encrypted with a password: save an open copy")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise locked
        count = len(reader.pages)  # reads the page tree: a broken one fails here
    except FileNotDecryptedError as exc:
        raise locked from exc
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise PdfInputError(f"{label} is not a PDF that can be read ({exc})") from exc
    if not count:
        raise PdfInputError(f"{label} has no pages")
    return reader


def _tidy(page: str) -> str:
    """A page's layout text without its common left margin, trailing blanks or blank runs."""
    lines = [line.rstrip() for line in page.splitlines()]
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    margin = min(indents, default=0)
    text = "\n".join(line[margin:] for line in lines)
    return _BLANK_RUN.sub("\n\n", text).strip("\n")


def _title(reader: pypdf.PdfReader) -> str:
    """The document's own title from its metadata, unless it is a file name or a default."""
    try:
        title = (reader.metadata or {}).get("/Title")
    except (PdfReadError, ValueError, KeyError, TypeError):
        return ""
    title = " ".join(str(title or "").split())
    return "" if not title or _NOT_A_TITLE.search(title) else title
