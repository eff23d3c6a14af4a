"""The page's new ways in and its verdicts in a real browser (headless Chromium, Playwright).

A link fetched from a local page server, a PDF uploaded, cells of the corrections editor typed
into (the verdicts follow, the downloaded gold line has the correction), a row added from a
passage, and one of several contributions in a sentence selected. Each test saves a screenshot: in
`SUMMARIZER_SCREENSHOT_DIR` when set (the README's are made so:
`SUMMARIZER_SCREENSHOT_DIR=docs/screenshots pytest tests/test_browser_inputs.py`), else in the
test's temporary folder. Skips like tests/test_browser.py without Chromium or Playwright.
"""

from __future__ import annotations

import importlib.util
import json
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
REVIEW = (  # the engine reads the cost as a claim, not an allocation: a row for the user to add
    "The trust's deficit widened to $2.5 million last year, and a review said repairs at the "
    "Marsh Road cycle bridge would cost about $4.5 million."
)
PASSAGE = "repairs at the Marsh Road cycle bridge would cost about $4.5 million"


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


def _corrections(page: Any) -> Any:
    """Open the corrections section; its editor, drawn once."""
    page.get_by_text("Correct the allocations").click()
    page.locator(".st-key-corrections [data-testid='glide-cell-1-0']").wait_for(state="attached")
    page.wait_for_timeout(500)  # the grid's first draw
    return _corrections_section(page)


def _corrections_section(page: Any) -> Any:
    return page.locator("[data-testid='stExpander']").filter(has_text="Correct the allocations")


def _edit_cell(page: Any, row: int, column: int, value: str) -> None:
    """Type `value` into the editor's cell (row, column; columns from 1 as the grid counts):
    the grid is a canvas, so focus it through its accessible table, go to the first cell and
    move with the arrow keys, open the cell's editor with Enter, fill it and commit with Enter."""
    page.locator(".st-key-corrections [data-testid='glide-cell-1-0']").focus()
    for _ in range(12):  # to the first cell, from wherever the last edit left the selection
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowLeft")
    for _ in range(row):
        page.keyboard.press("ArrowDown")
    for _ in range(column - 1):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    editor = page.locator("textarea.gdg-input")
    editor.wait_for()
    editor.fill(value)
    editor.press("Enter")
    editor.wait_for(state="detached")


def _gold_line(page: Any) -> dict[str, Any]:
    """The gold line shown, once the rerun has replaced the last one (no stale copy left)."""
    shown = ".st-key-gold_line [data-testid='stCode']"
    page.wait_for_function(f'() => document.querySelectorAll("{shown}").length === 1')
    return json.loads(page.locator(shown).inner_text())


def _verdicts(page: Any, row: int, *shown: str) -> None:
    """Wait until the re-validated table's row `row` shows each of `shown` (read from the
    grid's accessible table, which is redrawn a moment after the rerun)."""
    from playwright.sync_api import expect

    cells = page.locator(".st-key-corrected [role='row']").nth(row + 1)
    for text in shown:
        expect(cells).to_contain_text(text)


def test_a_corrected_allocation_and_its_gold_line(page: Any, tmp_path: Path) -> None:
    _paste(page, LIST)
    _run(page)
    section = _corrections(page)
    _verdicts(page, 2, "✗ not a name")  # the engine's last recipient runs on: flagged
    _edit_cell(page, 1, 1, "80000000")  # a wrong figure typed in is flagged...
    _verdicts(page, 1, "80 mn USD", "✗ flagged")
    _edit_cell(page, 1, 1, "8000000")  # ...and confirmed again once put right
    _verdicts(page, 1, "8 mn USD", "✓ confirmed")
    _edit_cell(page, 2, 4, "county library")  # the recipient corrected
    _verdicts(page, 2, "county library✓ in source")
    _verdicts(page, 0, "Harbour Trust✓ in source")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the gold line").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    (line,) = path.read_text(encoding="utf-8").splitlines()
    gold = json.loads(line)
    assert gold == _gold_line(page) and gold["text"] == LIST
    rows = gold["gold"]["allocations"]
    assert [r["amount"] for r in rows] == ["12000000", "8000000", "3000000"]
    assert [r["recipient"] for r in rows] == [
        "Harbour Trust",
        "Alder Valley Water Authority",
        "county library",
    ]
    _shot_of(section, "corrections-gold-line", tmp_path)


def test_a_row_added_from_a_passage(page: Any, tmp_path: Path) -> None:
    _paste(page, LIST + " " + REVIEW)
    _run(page)
    page.get_by_text("Correct the allocations").click()
    before = len(_gold_line(page)["gold"]["allocations"])
    assert "4500000" not in json.dumps(_gold_line(page)["gold"]["allocations"])
    box = page.locator(".st-key-new_evidence input")
    box.fill(PASSAGE)
    box.press("Enter")
    page.locator(".st-key-propose button").click()
    page.locator(".st-key-add_proposal button").click()
    page.wait_for_function(
        "() => document.querySelector('.st-key-gold_line').innerText.includes('4500000')"
    )
    rows = _gold_line(page)["gold"]["allocations"]
    assert len(rows) == before + 1
    assert (rows[-1]["amount"], rows[-1]["evidence"]) == ("4500000", PASSAGE)
    _verdicts(page, before, "4.5 mn USD", "✓ confirmed")
    assert box.input_value() == ""
    _shot_of(_corrections_section(page), "row-added-from-a-passage", tmp_path)


def _shot_of(element: Any, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SUMMARIZER_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page = element.page
    page.add_style_tag(content="header { display: none !important; }")  # it would cover the top
    # out of the grid, onto plain text (the grid keeps its cursor on the last cell edited)
    element.get_by_text("Edit amounts").click()
    page.wait_for_timeout(800)  # let the grids finish drawing
    path = folder / f"{name}.png"
    element.screenshot(path=str(path))
    return path
