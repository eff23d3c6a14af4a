"""An HTML page to a `Document`: its main text and title (`trafilatura`), its date (`htmldate`).

No network: both libraries are given the page's bytes, never a URL to download. A page with no
running text (a front page, a list of links, a form) is refused rather than summarized as
navigation.
"""

from __future__ import annotations

from datetime import date

import htmldate
import trafilatura

from summarizer.errors import NotAnArticleError
from summarizer.inputs.document import Document

# The longest paragraph of an article's main text is running prose; a page whose longest one
# is shorter than this is a menu, a list of headlines or a form (CJK prose is dense, so this
# counts characters, not words).
MIN_PARAGRAPH_CHARS = 60


def article_from_html(page: bytes | str, *, url: str | None = None) -> Document:
    """The article in an HTML page: main text, title and publication date.

    Raises:
        NotAnArticleError: no paragraph of running text in the page.
    """
    found = trafilatura.bare_extraction(
        page,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        # dates come from htmldate below, with original_date=True (first publication)
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (getattr(found, "text", None) or "").strip()
    paragraphs = [line.strip() for line in text.splitlines()]
    if not text or max(map(len, paragraphs)) < MIN_PARAGRAPH_CHARS:
        where = f" at {url}" if url else ""
        raise NotAnArticleError(
            f"the page{where} has no article text (no paragraph of running prose): "
            "give the link of the article itself"
        )
    return Document(
        text="\n\n".join(line for line in paragraphs if line),  # a blank line between paragraphs
        title=" ".join((getattr(found, "title", None) or "").split()),
        published=published_date(page, url=url),
        url=url,
    )


def published_date(page: bytes | str, *, url: str | None = None) -> date | None:
    """The page's first publication date (metadata first, then the URL and the text)."""
    found = htmldate.find_date(page, original_date=True, extensive_search=True, url=url)
    return date.fromisoformat(found) if found else None
