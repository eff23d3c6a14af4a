"""Checking and preparing the text a user gives: size, encoding, binary junk, HTML.

HTML is reduced to text with the standard library's `html.parser`: the tool needs only the
visible text with block breaks, and a dependency would add nothing for that.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from html.parser import HTMLParser

from summarizer.errors import (
    BinaryInputError,
    DateInputError,
    EmptyInputError,
    HtmlInputError,
    InputTooLargeError,
)

MAX_BYTES = 1_000_000
_HTML_TAG = re.compile(
    r"<\s*(?:!doctype|html|head|body|div|p|span|script|style|table|tr|td|br|a\s|h[1-6]|ul|li|"
    r"article|section|meta|iframe)\b",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_date(value: object) -> date | None:
    """A publication date as users pass it: a `date`, a `datetime`, or an ISO string ("2024",
    "2024-03", "2024-03-15", "2024-03-15T09:30:00"); a year or month means its first day.

    Raises:
        DateInputError: anything else, saying what is wanted.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        match = _ISO_DATE.fullmatch(text)
        try:
            if match:
                year, month, day = match.groups()
                return date(int(year), int(month or 1), int(day or 1))
            return datetime.fromisoformat(text).date()
        except ValueError:
            pass
    raise DateInputError(
        f"published must be a date, a datetime or an ISO date string such as '2024-03-15', "
        f"'2024-03' or '2024', not {value!r}"
    )


def looks_like_html(text: str) -> bool:
    """True when the text carries several HTML tags."""
    return len(_HTML_TAG.findall(text[:20000])) >= 2


def decode(data: bytes) -> str:
    """Decode bytes as UTF-8 (a BOM is dropped), refusing anything that is not text."""
    if b"\x00" in data[:8192]:
        raise BinaryInputError("the input contains NUL bytes: it looks like a binary file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BinaryInputError(
            f"the input is not valid UTF-8 (byte {exc.start}): save the article as UTF-8 text"
        ) from exc


def prepare(text: str | bytes, *, html: bool = False, max_bytes: int = MAX_BYTES) -> str:
    """Return the text to summarize, or raise an `InputError` that says what is wrong.

    Args:
        text: The article, as text or UTF-8 bytes.
        html: Reduce HTML to its visible text instead of refusing it.
        max_bytes: Size limit of the UTF-8 text.
    """
    if isinstance(text, bytes | bytearray):
        text = decode(bytes(text))
    if not isinstance(text, str):
        raise TypeError(f"expected str or bytes, got {type(text).__name__}")
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:  # a lone surrogate: no file or JSON output can hold it
        raise BinaryInputError(
            f"the text is not valid Unicode (unpaired surrogate at character {exc.start}): "
            "save the article as UTF-8 text"
        ) from exc
    if size > max_bytes:
        raise InputTooLargeError(
            f"the text is {size:,} bytes; the limit is {max_bytes:,}: split it into articles"
        )
    sample = text[:65536]
    if "\x00" in text or len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise BinaryInputError("the input contains control characters: it looks like binary data")
    if looks_like_html(text):
        if not html:
            raise HtmlInputError(
                "the input looks like HTML: pass html=True (CLI: --html) to reduce it to text"
            )
        text = html_to_text(text)
    if not text.strip():
        raise EmptyInputError("the text is empty: paste an article")
    return text


class _TextOnly(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg"})
    _BLOCK = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
         "article", "table", "ul", "ol", "blockquote", "header", "footer"}
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML document, paragraphs separated by blank lines."""
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
