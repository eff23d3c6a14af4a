"""The page in a real browser: `streamlit run app.py` driven by headless Chromium (Playwright).

Needs Debian's Chromium at /usr/bin/chromium and the `playwright` package (extra `browser`;
`.ci/run` installs both). Playwright's own browser download is never used. Skips cleanly when
either is missing. Prints the time from the Run click to the allocations table.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from page_process import free_port, serving

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_327a45d57cf2ce1d.txt"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTICLE = (
    "TOKYO, Dec 26, 2025 - The ministry has earmarked 150 billion yen for state-backed chip "
    "venture Rapidus, bringing the cumulative government investment in the venture to 250 "
    "billion yen."
)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A `streamlit run app.py` server on loopback, with no LLM endpoint in its environment."""
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: apt-get install chromium (CI does)")
    if importlib.util.find_spec("playwright") is None:
        pytest.skip('the playwright package is missing: pip install -e ".[browser]"')
    port = free_port()
    logs = tmp_path_factory.mktemp("streamlit")
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    env["SUMMARIZER_CACHE_DIR"] = str(logs / "llm-cache")
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with serving(command, env, logs, port) as url:
        yield url


@pytest.fixture
def page(app_url: str) -> Iterator[Any]:
    """A fresh page of the app in headless Chromium, tall enough to hold the results."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": 1500, "height": 2600})
            tab.set_default_timeout(30_000)
            tab.goto(app_url)
            tab.locator(".st-key-article textarea").wait_for()
            yield tab
        finally:
            browser.close()


def _paste(page: Any, text: str) -> None:
    """Fill the text area and wait until the server has the text (the length caption shows)."""
    area = page.locator(".st-key-article textarea")
    area.fill(text)
    area.press("Control+Enter")  # commit the value: a rerun, as a click elsewhere would do
    page.get_by_text(f"{len(text):,} characters").wait_for()


def _run(page: Any) -> float:
    """Click Run and wait for the allocations table; seconds from click to table."""
    started = time.perf_counter()
    page.locator(".st-key-run button").click()
    page.locator(".st-key-allocations [data-testid='stDataFrame']").wait_for(state="visible")
    return time.perf_counter() - started


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/seeds is absent")
def test_seed_article_in_the_browser(
    page: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _paste(page, SEED.read_text(encoding="utf-8"))
    seconds = _run(page)
    page.locator(".summarizer-source").wait_for()
    page.wait_for_timeout(800)  # let the chart and the grid finish drawing for the screenshot
    shot = tmp_path / "seed.png"
    page.screenshot(path=str(shot), full_page=True)
    with capsys.disabled():
        print(f"\n[browser] seed: click → allocations table {seconds:.2f} s; screenshot {shot}")
    source = page.locator(".summarizer-source").inner_text()
    assert "Rapidus" in source and "101 亿美元" in source
    assert page.locator(".summarizer-source mark").count() >= 8
    assert page.locator(".summarizer-source #alloc-2").inner_text().startswith("For semiconductors")
    alerts = page.locator("[data-testid='stAlert']").all_inner_texts()
    assert any("inconsistent" in a and "101 亿美元" in a and "S$10.1 billion" in a for a in alerts)
    assert any(a.startswith("✗") for a in alerts)
    metrics = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    assert int(metrics[0]) >= 8 and int(metrics[2]) >= 1  # allocations, flagged
    assert page.locator("[data-testid='stException']").count() == 0
    assert seconds < 15


def test_script_in_an_article_runs_nothing(page: Any) -> None:
    text = ARTICLE + "\n\n<script>window.__pwned = 1</script><img src=x onerror=window.__pwned=2>"
    _paste(page, text)
    _run(page)
    source = page.locator(".summarizer-source")
    source.wait_for()
    assert "<script>window.__pwned = 1</script>" in source.inner_text()
    assert source.locator("script, img").count() == 0
    assert page.evaluate("window.__pwned") is None
