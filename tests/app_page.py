"""The page as a user meets it without an LLM endpoint: opened, an article pasted, summarized.

Shared by the tests that drive `app.py` through Streamlit's AppTest after a summary exists.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def summarized_page(monkeypatch: pytest.MonkeyPatch, text: str) -> AppTest:
    """`app.py` with `text` pasted and run on the deterministic engine, without exceptions."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.text_area(key="article").input(text)
    at.button(key="run").click().run()
    assert not at.exception
    return at
