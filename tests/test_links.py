"""Links: `summarizer run URL`, batch rows with `url`, fetched from a local server of saved pages.

No network: `page_server.PageServer` serves pages written for these tests on 127.0.0.1, and
fault routes (404, a slow answer, a trickle, a redirect loop, an oversized page). Every failure
is its own `InputError` subclass.
"""

from __future__ import annotations

import ipaddress
import json
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from page_server import PageServer

from summarizer import InputError, summarize
from summarizer.batching.batch import run_batch
from summarizer.cli import main
from summarizer.errors import (
    FetchHttpError,
    FetchTimeoutError,
    InputTooLargeError,
    NotAnArticleError,
    RedirectLoopError,
    UrlNotAllowedError,
)
from summarizer.inputs.fetch import fetch, is_public
from summarizer.inputs.sources import byte_limit, load_url

TITLE = "Harbour city commits $48 million to flood barriers"


@pytest.fixture(scope="module")
def pages() -> Iterator[PageServer]:
    with PageServer(slow_s=3.0) as server:
        yield server


def test_article_text_title_and_date(pages: PageServer) -> None:
    url = f"{pages.base_url}/article.html"
    document = load_url(url, allow_private=True)
    assert document.title == TITLE  # the headline, without the site's name
    assert document.published == date(2025, 11, 14)
    assert document.url == url
    assert "$6.5 million to the Alder Valley Water Authority" in " ".join(document.text.split())
    for boilerplate in ("window.analytics", "All rights reserved", "Sport"):
        assert boilerplate not in document.text


def test_summary_keeps_url_title_and_date(pages: PageServer) -> None:
    url = f"{pages.base_url}/article.html"
    summary = summarize(load_url(url, allow_private=True), engine="deterministic")
    assert summary.url == url
    assert summary.extraction.title == TITLE
    amounts = {a.amount.text for a in summary.extraction.allocations}
    assert {"$48 million", "$6.5 million", "$2 million"} <= amounts
    assert summary.model_dump(mode="json")["url"] == url
    # The page's date feeds fiscal-year reasoning ("the fiscal year that starts in July" of an
    # article of November 2025); the bare text, undated, leaves the period open.
    assert {a.period for a in summary.extraction.allocations} == {"FY2026"}
    undated = summarize(load_url(url, allow_private=True).text, engine="deterministic")
    assert {a.period for a in undated.extraction.allocations} == {None}


@pytest.mark.parametrize(
    ("route", "error", "words"),
    [
        pytest.param("/front.html", NotAnArticleError, "no article text", id="front-page"),
        pytest.param("/missing", FetchHttpError, "HTTP 404", id="404"),
        pytest.param("/loop-a", RedirectLoopError, "loop", id="redirect-loop"),
        pytest.param("/big", InputTooLargeError, "5,000,000", id="oversized"),
    ],
)
def test_bad_pages_are_clear_errors(
    pages: PageServer, route: str, error: type[InputError], words: str
) -> None:
    with pytest.raises(error, match=words) as caught:
        load_url(pages.base_url + route, allow_private=True)
    assert isinstance(caught.value, InputError)


@pytest.mark.parametrize("route", ["/slow", "/trickle"], ids=["no-answer", "trickle"])
def test_timeout_covers_the_whole_fetch(pages: PageServer, route: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError, match="did not answer"):
        load_url(pages.base_url + route, allow_private=True, timeout=0.8)
    assert time.monotonic() - started < 2.5  # the slow page answers after 3 s, the trickle in 10


def test_redirect_followed(pages: PageServer) -> None:
    fetched = fetch(f"{pages.base_url}/moved", allow_private=True, max_bytes=byte_limit)
    assert fetched.final_url.endswith("/article.html") and fetched.url.endswith("/moved")


def test_private_addresses_refused_unless_allowed(pages: PageServer) -> None:
    before = len(pages.requests)
    with pytest.raises(UrlNotAllowedError, match="loopback, private or link-local"):
        load_url(f"{pages.base_url}/article.html", allow_private=False)
    assert len(pages.requests) == before  # refused before any request was sent


def test_every_redirect_is_checked(pages: PageServer) -> None:
    """A page allowed at the first hop that redirects to a refused address is refused."""
    port = pages.base_url.rsplit(":", 1)[1]
    loopback_one = ipaddress.ip_address("127.0.0.1")
    target = f"http://127.0.0.2:{port}/article.html"
    before = len(pages.requests)
    with pytest.raises(UrlNotAllowedError, match="127.0.0.2"):
        fetch(
            f"{pages.base_url}/to?url={target}",
            allow_private=False,
            max_bytes=byte_limit,
            address_ok=lambda address: address == loopback_one,  # stands in for "public"
        )
    assert pages.requests[before:] == ["/to"]


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.9", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # shared address space
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
    ],
)
def test_which_addresses_are_public(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a", "http:///nohost"])
def test_only_http_urls(url: str) -> None:
    with pytest.raises(UrlNotAllowedError, match="not an http"):
        load_url(url, allow_private=True)


def test_cli_run_url(pages: PageServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"{pages.base_url}/article.html"
    assert main(["run", url, "--engine", "deterministic"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(TITLE + "\n") and f"source: {url}" in out
    assert main(["run", f"{pages.base_url}/missing"]) == 2
    assert "FetchHttpError" in capsys.readouterr().err


def test_batch_rows_with_urls(pages: PageServer, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    rows = [
        {"id": "a", "url": f"{pages.base_url}/article.html"},
        {"id": "b", "url": f"{pages.base_url}/missing"},
        {"id": "c", "text": "The city gave $5 million to the Harbour Trust for new piers."},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    output = tmp_path / "out.jsonl"
    stats = run_batch(source, output, progress=False, engine="deterministic")
    assert (stats.done, stats.failed) == (2, 1)
    results = {r["id"]: r for r in map(json.loads, output.read_text().splitlines())}
    assert results["a"]["summary"]["url"] == rows[0]["url"]
    assert results["a"]["summary"]["extraction"]["title"] == TITLE
    assert results["b"]["error"].startswith("FetchHttpError: ")
    assert results["c"]["summary"]["url"] is None
