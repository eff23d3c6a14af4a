"""Reading an article from where it is: a URL, a file, or uploaded bytes with a file name.

An edge module: it dispatches on the URL's answer or the file's name and type to plain text,
HTML (`summarizer.inputs.webpage`) or PDF (`summarizer.inputs.pdf`), holds each format to its
own size limit (`summarizer.inputs.document`), and returns a `Document` for `summarize()`.
Every failure is an `InputError` subclass saying what is wrong.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from summarizer.errors import InputTooLargeError, NotAnArticleError
from summarizer.inputs.document import MAX_HTML_BYTES, MAX_PDF_BYTES, MAX_TEXT_BYTES, Document
from summarizer.inputs.fetch import DEFAULT_TIMEOUT_S, fetch
from summarizer.inputs.text import decode, looks_like_html

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown"})


def is_url(value: str) -> bool:
    """True for something to fetch rather than a file name: 'http://…' or 'https://…'."""
    return value.strip().lower().startswith(("http://", "https://"))


def byte_limit(media_type: str) -> int:
    """The size cap of a raw file or response of this media type."""
    if media_type in PDF_TYPES:
        return MAX_PDF_BYTES
    if media_type in TEXT_TYPES:
        return MAX_TEXT_BYTES + 3  # room for a byte-order mark
    return MAX_HTML_BYTES


def load_url(url: str, *, allow_private: bool, timeout: float = DEFAULT_TIMEOUT_S) -> Document:
    """Fetch a URL and read the article in it (HTML page, PDF or plain text).

    Args:
        url: An http(s) URL.
        allow_private: Fetch hosts on loopback, private or link-local addresses (the CLI does;
            a page on a server must not, unless its operator says so).
        timeout: Seconds for the whole fetch, redirects included.
    """
    fetched = fetch(url, allow_private=allow_private, timeout=timeout, max_bytes=byte_limit)
    media = fetched.content_type
    if media in PDF_TYPES or fetched.body.startswith(b"%PDF-"):
        from summarizer.inputs.pdf import document_from_pdf

        return replace(document_from_pdf(fetched.body, name=url), url=url)
    if media in TEXT_TYPES:
        return Document(text=decode(fetched.body), url=url)
    if media in HTML_TYPES or looks_like_html(fetched.body[:20000].decode("utf-8", "replace")):
        from summarizer.inputs.webpage import article_from_html

        return article_from_html(fetched.body, url=url)
    raise NotAnArticleError(f"{url} is {media}, not an article (HTML, PDF or plain text)")


def load_bytes(data: bytes, name: str) -> Document:
    """An uploaded or read file: PDF by its magic bytes or name, HTML by name, else UTF-8
    text as written (front matter and all; pasted HTML is `prepare`'s to refuse or reduce)."""
    suffix = Path(name).suffix.lower()
    if data.startswith(b"%PDF-") or suffix == ".pdf":
        _check_size(data, MAX_PDF_BYTES, name, "PDF")
        from summarizer.inputs.pdf import document_from_pdf

        return document_from_pdf(data, name=name)
    if suffix in (".html", ".htm"):
        _check_size(data, MAX_HTML_BYTES, name, "HTML page")
        from summarizer.inputs.webpage import article_from_html

        return article_from_html(data)
    _check_size(data, MAX_TEXT_BYTES + 3, name, "text file")
    return Document(text=decode(data))


def load_path(path: str | Path) -> Document:
    """A file on disk, read no further than its format's limit allows (think of /dev/zero)."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_PDF_BYTES + 1)
    return load_bytes(data, str(path))


def _check_size(data: bytes, limit: int, name: str, what: str) -> None:
    if len(data) > limit:
        raise InputTooLargeError(
            f"{Path(name).name} is {len(data):,} bytes; the limit for a {what} is {limit:,}"
        )
