"""The page's ways in beyond pasting: a link (URL box) and a PDF upload, through `AppTest`.

Links are served by `page_server.PageServer` on loopback, so the page refuses them unless the
operator's setting (`SUMMARIZER_APP_ALLOW_PRIVATE_URLS`) allows private addresses.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from page_server import PageServer
from pdf_fixtures import budget_pdf, scanned_pdf
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
TITLE = "Harbour city commits $48 million to flood barriers"


@pytest.fixture(autouse=True)
def _no_endpoint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("SUMMARIZER_APP_ALLOW_PRIVATE_URLS", raising=False)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "llm-cache"))


@pytest.fixture(scope="module")
def pages() -> Iterator[PageServer]:
    with PageServer() as server:
        yield server


def _page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    return at


def _fetch(at: AppTest, url: str) -> AppTest:
    at.text_input(key="url").input(url)
    return at.button(key="fetch").click().run()


def _text(at: AppTest) -> str:
    parts = [str(e.value) for kind in ("subheader", "caption", "error") for e in getattr(at, kind)]
    return "\n".join(parts).replace("\\", "")


def test_link_to_a_private_address_refused_by_default(pages: PageServer) -> None:
    at = _fetch(_page(), f"{pages.base_url}/article.html")
    assert not at.exception
    assert len(at.error) == 1 and "UrlNotAllowedError" in at.error[0].value
    assert "loopback, private or link-local" in at.error[0].value
    assert not at.text_area(key="article").value
    assert pages.requests.count("/article.html") == 0


def test_link_summarized_when_the_operator_allows_private_addresses(
    pages: PageServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_APP_ALLOW_PRIVATE_URLS", "1")
    url = f"{pages.base_url}/article.html"
    at = _fetch(_page(), url)
    assert not at.exception and not at.error
    assert "Alder Valley Water Authority" in (at.text_area(key="article").value or "")
    at.button(key="run").click().run()
    assert not at.exception
    assert at.subheader[0].value.replace("\\", "") == TITLE
    assert f"Source: {url}" in _text(at)
    assert "$48 million" in list(at.dataframe[0].value["as written"])


@pytest.mark.parametrize(
    ("route", "error"),
    [("/missing", "FetchHttpError"), ("/front.html", "NotAnArticleError")],
)
def test_bad_links_are_error_messages(
    pages: PageServer, monkeypatch: pytest.MonkeyPatch, route: str, error: str
) -> None:
    monkeypatch.setenv("SUMMARIZER_APP_ALLOW_PRIVATE_URLS", "true")
    at = _fetch(_page(), pages.base_url + route)
    assert not at.exception
    assert len(at.error) == 1 and at.error[0].value.startswith(error)


def test_uploaded_pdf_keeps_its_pages() -> None:
    at = _page()
    at.file_uploader(key="upload").upload("budget.pdf", budget_pdf(pages=3), "application/pdf")
    at.run()
    assert not at.exception and not at.error
    at.button(key="run").click().run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["page"]) == ["p. 1", "p. 1", "p. 2", "p. 2", "p. 3", "p. 3"]


def test_scanned_pdf_is_refused() -> None:
    at = _page()
    at.file_uploader(key="upload").upload("scan.pdf", scanned_pdf(), "application/pdf").run()
    assert not at.exception
    assert len(at.error) == 1 and "no text layer" in at.error[0].value
