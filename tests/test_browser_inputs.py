"""The page's new ways in and its verdicts in a real browser (headless Chromium, Playwright).

A link fetched from a local page server, a PDF uploaded, the corrections section's gold line,
and one of several contributions in a sentence selected. Each test saves a screenshot: in
`SUMMARIZER_SCREENSHOT_DIR` when set (the README's are made so:
`SUMMARIZER_SCREENSHOT_DIR=docs/screenshots pytest tests/test_browser_inputs.py`), else in the
test's temporary folder. Skips like tests/test_browser.py without Chromium or Playwright.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from page_process import free_port, serving
from page_server import PageServer
from pdf_fixtures import budget_pdf
from test_browser import CHROMIUM, CHROMIUM_ARGS, ROOT, _paste, _run

pytestmark = pytest.mark.browser

LIST = (
    "PORT ALDER, Nov 14 - The regional fund committed $12 million to the Harbour Trust, "
    "$8 million to the Alder Valley Water Authority and $3 million to the county library "
    "in 2026, its chair said on Thursday."
)


@pytest.fixture(scope="module")
def pages() -> Iterator[PageServer]:
    with PageServer() as server:
        yield server


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`summarizer app` on loopback, its operator allowing private addresses (the page server)."""
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: apt-get install chromium (CI does)")
    if importlib.util.find_spec("playwright") is None:
        pytest.skip('the playwright package is missing: pip install -e ".[browser]"')
    port = free_port()
    logs = tmp_path_factory.mktemp("streamlit")
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    env |= {
        "SUMMARIZER_CACHE_DIR": str(logs / "llm-cache"),
        "SUMMARIZER_APP_ALLOW_PRIVATE_URLS": "1",
        "PYTHONPATH": str(ROOT),
    }
    command = [
        sys.executable, "-m", "summarizer", "app", "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with serving(command, env, logs, port) as url:
        yield url


@pytest.fixture
def page(app_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": 1500, "height": 1900})
            tab.set_default_timeout(30_000)
            tab.goto(app_url)
            tab.locator(".st-key-article textarea").wait_for()
            yield tab
        finally:
            browser.close()


def _shot(page: Any, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SUMMARIZER_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(800)  # let the grid and the chart finish drawing
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _select(page: Any, index: int) -> None:
    page.locator(".st-key-selected button[aria-label='Open']").click()
    page.get_by_role("option").nth(index + 1).click()  # option 0 is "—"
    page.locator(".summarizer-source [data-focus]").first.wait_for()


def test_a_link_summarized(page: Any, pages: PageServer, tmp_path: Path) -> None:
    page.locator(".st-key-url input").fill(f"{pages.base_url}/article.html")
    page.locator(".st-key-fetch button").click()
    page.get_by_text("Alder Valley Water Authority").first.wait_for()
    _run(page)
    page.get_by_text("Harbour city commits $48 million to flood barriers").first.wait_for()
    assert page.get_by_text(f"Source: {pages.base_url}/article.html").count() == 1
    _shot(page, "url-summarized", tmp_path)


def test_a_pdf_with_page_numbers(page: Any, tmp_path: Path) -> None:
    pdf = tmp_path / "budget-plan-2026.pdf"
    pdf.write_bytes(budget_pdf(pages=3))
    page.locator(".st-key-upload input[type='file']").set_input_files(str(pdf))
    page.get_by_text("Chapter 3: Spending plans").first.wait_for()
    _run(page)
    _select(page, 3)
    detail = page.get_by_text("Evidence (p. 2):")
    detail.wait_for()
    _shot(page, "pdf-page-numbers", tmp_path)


def test_one_of_several_contributions_selected(page: Any, tmp_path: Path) -> None:
    _paste(page, LIST)
    _run(page)
    _select(page, 1)
    focused = page.locator(".summarizer-source [data-focus]").all_inner_texts()
    assert "$8 million" in focused
    assert "$12 million" not in focused and "$3 million" not in focused
    _shot(page, "several-contributions-one-selected", tmp_path)


def test_gold_line_offered(page: Any, tmp_path: Path) -> None:
    _paste(page, LIST)
    _run(page)
    page.get_by_text("Correct the allocations").click()
    page.get_by_role("button", name="Download the gold line").wait_for()
    code = page.locator("[data-testid='stCode']").inner_text()
    assert '"gold"' in code and "Harbour Trust" in code
    _shot(page, "corrections-gold-line", tmp_path)
