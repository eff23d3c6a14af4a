"""A source document: the article's text with what its format told about it.

Whatever way an article comes in (pasted text, a file, an HTML page, a URL, a PDF), the edge
that reads it returns a `Document`: the text to summarize plus the title, publication date,
URL and page starts its format gave. `summarize()` takes one like a string and keeps these on
the `Summary`. Pure data: no I/O here.

Size limits are per format: a text file's bytes, an HTML page's or a PDF's raw bytes, and, for
every format, the extracted text (the limit the summarizer itself works within).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

MAX_TEXT_BYTES = 1_000_000  # the text summarized, whatever it came from
MAX_HTML_BYTES = 5_000_000  # a fetched or uploaded HTML page: scripts and markup included
MAX_PDF_BYTES = 20_000_000  # a PDF file; its extracted text is held to MAX_TEXT_BYTES


@dataclass(frozen=True)
class Document:
    """An article's text and what its source format says about it.

    Attributes:
        text: The text to summarize.
        title: The title the source gives (HTML `<title>`, front matter, PDF metadata), or "".
        published: The publication date the source gives, if any.
        url: Where the article was fetched from (the URL asked for, not redirects).
        page_starts: For paged formats (PDF), the character offset in `text` at which each
            page starts, first page first (`page_starts[0] == 0`); empty otherwise.
    """

    text: str
    title: str = ""
    published: date | None = None
    url: str | None = None
    page_starts: tuple[int, ...] = ()


def page_at(page_starts: tuple[int, ...] | list[int], offset: int) -> int | None:
    """The 1-based page holding character `offset`, or None for a source without pages."""
    if not page_starts:
        return None
    return max(1, bisect_right(page_starts, offset))
