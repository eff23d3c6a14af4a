"""The Streamlit page through `AppTest`: widgets found by key, the real `app.py` script run.

The seed article comes from `../shared/seeds/` beside the project (skipped where it is absent);
the other tests use the bundled examples and texts written here. The LLM path runs against the
loopback chat-completions server, so the key's route (widget → `summarize()`, never the cache
key, the page or the session state the page writes) is checked over real HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from llm_server import ScriptedLLMServer, ToolCallReply
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_327a45d57cf2ce1d.txt"
SECRET = "sk-test-PAGE-DO-NOT-LEAK-0987654321"
ARTICLE = (
    "TOKYO, Dec 26, 2025 - The ministry has earmarked 150 billion yen for state-backed chip "
    "venture Rapidus, bringing the cumulative government investment in the venture to 250 "
    "billion yen. Overall the budget rose by about 50 per cent to 3.07 trillion yen."
)


@pytest.fixture(autouse=True)
def _no_endpoint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No LLM endpoint from the environment: `auto` means the deterministic engine."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "llm-cache"))


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    assert not app.exception
    return app


def _run(at: AppTest, text: str) -> AppTest:
    at.text_area(key="article").input(text)
    return at.button(key="run").click().run()


def _unescape(markdown: str) -> str:
    """Drop the backslashes the page puts before Markdown punctuation."""
    out, escaped = [], False
    for ch in markdown:
        if ch == "\\" and not escaped:
            escaped = True
            continue
        out.append(ch)
        escaped = False
    return "".join(out)


def _page_text(at: AppTest) -> str:
    """Every text the page shows (Markdown, captions, alerts, HTML, metrics, tables)."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "title"):
        parts += [_unescape(str(e.value)) for e in getattr(at, kind)]
    parts += [str(e.value) for e in at.html]
    parts += [str(m.value) for m in at.metric]
    parts += [d.value.to_csv() for d in at.dataframe]
    return "\n".join(parts)


def test_page_starts_empty(at: AppTest) -> None:
    assert at.title[0].value.startswith("Money allocations")
    assert at.radio(key="engine").value == "auto"
    assert not at.dataframe and not at.error and not at.html


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/seeds is absent")
def test_seed_article(at: AppTest) -> None:
    _run(at, SEED.read_text(encoding="utf-8"))
    assert not at.exception
    assert all(e.startswith("✗") for e in at.error.values)  # only flagged findings, no failure
    table = at.dataframe[0].value
    assert len(table) >= 8
    assert "150 billion yen" in list(table["as written"])
    assert "1230000000000" in list(table["value"]) and set(table["currency"]) == {"JPY"}
    rapidus = table[table["as written"] == "150 billion yen"].iloc[0]
    assert "Rapidus" in rapidus["recipient"] and rapidus["amount"] == "150 bn JPY"
    assert [m.value for m in at.metric][0] == str(len(table))
    # The flagged conversion: the Chinese summary's 101 亿美元 against S$10.1 billion.
    flagged = [_unescape(e.value) for e in at.error]
    conversion = [e for e in flagged if "conversion" in e]
    assert conversion, flagged
    assert "101 亿美元" in conversion[0] and "S$10.1 billion" in conversion[0]
    assert "inconsistent" in conversion[0]
    # The source, escaped and highlighted, with one anchor per allocation.
    source = at.html[0].value
    assert all(f'id="alloc-{i}"' in source for i in range(len(table)))
    assert "Rapidus" in source and "#a30000" in source  # flagged spans in red
    assert "engine: deterministic" in _page_text(at)
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download the gold line", "Download JSON", "Download CSV"]


def test_selecting_an_allocation_emphasises_it(at: AppTest) -> None:
    _run(at, ARTICLE)
    before = at.html[0].value
    assert "outline:1px dashed" not in before and "data-focus" not in before
    at.selectbox(key="selected").select(0).run()
    after = at.html[0].value
    assert not at.exception
    assert 'id="alloc-0"' in after
    marked = after.split('id="alloc-0"', 1)[1].split(">", 1)[0]
    assert "outline:1px dashed" in marked  # the evidence, lightly
    # inside it, the amount stands out (bold, underlined)
    assert 'data-focus="amount"' in after and 'data-focus="recipient"' in after
    assert "Evidence" in _page_text(at)  # the selected allocation's detail


def test_example_button_fills_the_text_area(at: AppTest) -> None:
    at.button(key="example-kr-chip-fund").click().run()
    text = at.text_area(key="article").value
    assert text is not None and "5 trillion won" in text
    at.button(key="run").click().run()
    assert not at.exception and not at.error
    assert "5 trillion won" in list(at.dataframe[0].value["as written"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", "empty", id="empty"),
        pytest.param("   \n\t ", "empty", id="whitespace"),
        pytest.param("caf\x00e\x01\x02" * 20, "binary", id="control-characters"),
        pytest.param("x" * 1_000_001, "limit", id="too-large"),
        pytest.param(
            "<html><body><p>Ottawa commits C$4.2 billion.</p></body></html>", "HTML", id="html"
        ),
    ],
)
def test_bad_input_is_an_error_message(at: AppTest, text: str, expected: str) -> None:
    _run(at, text)
    assert not at.exception
    assert len(at.error) == 1 and expected in at.error[0].value
    assert not at.dataframe


def test_script_in_an_article_is_shown_as_text(at: AppTest) -> None:
    _run(at, ARTICLE + "\n\n<script>alert(1)</script> Reporting by staff.")
    assert not at.exception and not at.error
    source = at.html[0].value
    assert "<script>" not in source
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in source


def test_html_reduced_to_text_when_asked(at: AppTest) -> None:
    markup = (
        "<html><head><script>alert(1)</script></head><body>"
        f"<p>{ARTICLE}</p><div>See <b>more</b>.</div></body></html>"
    )
    at.checkbox(key="html").check()
    _run(at, markup)
    assert not at.exception and not at.error
    source = at.html[0].value
    assert "<script>" not in source and "alert(1)" not in source and "<b>" not in source
    assert "150 billion yen" in list(at.dataframe[0].value["as written"])


def test_uploaded_html_file_becomes_text(at: AppTest) -> None:
    markup = f"<html><body><script>alert(1)</script><p>{ARTICLE}</p></body></html>"
    at.file_uploader(key="upload").upload("a.html", markup.encode(), "text/html").run()
    assert not at.exception
    text = at.text_area(key="article").value
    assert text is not None and text.startswith("TOKYO") and "<" not in text
    at.button(key="run").click().run()
    assert "150 billion yen" in list(at.dataframe[0].value["as written"])


def test_uploaded_binary_file_is_refused(at: AppTest) -> None:
    at.file_uploader(key="upload").upload("a.txt", b"\xff\xfe\x00\x01binary", "text/plain").run()
    assert not at.exception
    assert len(at.error) == 1 and "binary" in at.error[0].value
    assert not at.text_area(key="article").value


def test_llm_without_endpoint_is_a_clear_error(at: AppTest) -> None:
    at.radio(key="engine").set_value("llm")
    _run(at, ARTICLE)
    assert not at.exception
    assert len(at.error) == 1
    assert "needs an endpoint" in at.error[0].value and "sidebar" in at.error[0].value
    assert not at.dataframe


def _allocation(text: str, value: int, evidence: str) -> dict[str, Any]:
    return {
        "amount": {"value": value, "currency": "JPY", "approximate": False, "text": text},
        "converted": [],
        "recipient": "Rapidus",
        "purpose": "chip venture",
        "funder": "the ministry",
        "period": "FY2026",
        "kind": "budget",
        "evidence": evidence,
    }


ANSWER = {
    "title": "Japan earmarks 150 billion yen for Rapidus",
    "summary": "The ministry earmarked 150 billion yen for Rapidus.",
    "issuer": "the ministry",
    "period": "FY2026",
    "allocations": [
        _allocation(
            "150 billion yen",
            150_000_000_000,
            "earmarked 150 billion yen for state-backed chip venture Rapidus",
        )
    ],
    "claims": [],
}


@pytest.fixture
def server() -> Iterator[ScriptedLLMServer]:
    with ScriptedLLMServer() as running:
        yield running


def test_llm_key_goes_to_the_endpoint_and_nowhere_else(
    at: AppTest, server: ScriptedLLMServer
) -> None:
    server.enqueue(ToolCallReply(ANSWER))
    at.radio(key="engine").set_value("llm")
    at.text_input(key="model").input("scripted-llm")
    at.text_input(key="base_url").input(server.base_url)
    at.text_input(key="api_key").input(SECRET).run()  # the LLM options are enabled now
    at.toggle(key="llm_cache").set_value(False)
    _run(at, ARTICLE)
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert list(at.dataframe[0].value["as written"]) == ["150 billion yen"]
    shown = _page_text(at)
    assert "engine: llm" in shown and "model: scripted-llm" in shown
    assert len(server.chat_requests) == 1 and server.chat_requests[0].had_auth
    assert SECRET not in shown
    written = {k: v for k, v in at.session_state.to_dict().items() if k != "api_key"}
    assert SECRET not in repr(written)
    # The result cache is keyed without the key: a new key, same text and settings, no call.
    at.text_input(key="api_key").input(SECRET + "-rotated")
    at.button(key="run").click().run()
    assert not at.exception and not at.error
    assert len(server.chat_requests) == 1
    # Another setting is another cache entry: a new call.
    server.enqueue(ToolCallReply(ANSWER))
    at.number_input(key="max_reasks").set_value(1)
    at.button(key="run").click().run()
    assert not at.exception and not at.error
    assert len(server.chat_requests) == 2


def test_selecting_a_finding_outlines_both_figures(at: AppTest) -> None:
    article = (
        "The cabinet will add about 1.9 trillion yen to the chip funds, including 760 billion "
        "yen for the first fund, 640 billion yen for the second and 570 billion yen for the third."
    )
    _run(at, article)
    assert "dashed #a30000" not in at.html[0].value
    box = at.selectbox(key="finding")
    parts = next(o for o in box.options if o.startswith("parts_total"))
    box.select_index(box.options.index(parts)).run()
    assert not at.exception
    html = at.html[0].value
    assert html.count("dashed #a30000") >= 4  # the total and its three parts, together
    assert html.count('id="finding-') == 1
