"""The LLM engine against a real local model: SmolLM2-135M behind llama-cpp-python's server.

The model is tiny and extracts poorly; the test shows that the whole path works (real server,
real `openai` client, `instructor` in TOOLS mode, grounding, validation) and that the validator
flags what the model gets wrong. Needs the `real-model` extra; skips cleanly without it.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from summarizer import local_model, summarize
from summarizer.errors import LLMOutputError
from summarizer.reading.numbers import find_quantities

pytestmark = [
    pytest.mark.real_model,
    pytest.mark.skipif(not local_model.available(), reason="needs the 'real-model' extra"),
]

ARTICLE = (
    "TOKYO, Dec 26, 2025 - Japan's industry ministry has earmarked 150 billion yen for "
    "state-backed chip venture Rapidus. It also set aside 5 billion yen for securing key minerals."
)
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_327a45d57cf2ce1d.txt"


def _article() -> str:
    """The seed article when `../shared` is beside the project (read, never copied), else ours."""
    return SEED.read_text(encoding="utf-8") if SEED.is_file() else ARTICLE


def test_real_model_end_to_end_and_the_validator_flags_its_errors() -> None:
    text = _article()
    in_source = {(q.value, q.unit) for q in find_quantities(text) if q.is_money}
    with local_model.serve() as base_url:
        started = time.perf_counter()
        try:
            summary = summarize(
                text, engine="llm", model=local_model.MODEL_ALIAS, base_url=base_url,
                api_key="local", mode="tools", max_reasks=0, source_checks=False, timeout=300,
                transport_retries=0, cache=False, max_output_tokens=1024,
            )  # fmt: skip
        except LLMOutputError as exc:  # schema-valid JSON is expected, but say what came back
            pytest.fail(f"the model's answer did not parse: {exc}")
        elapsed = time.perf_counter() - started
    assert summary.engine.name == "llm" and summary.engine.model == local_model.MODEL_ALIAS
    assert summary.usage.calls == 1 and summary.usage.prompt_tokens > 0
    print(f"\nreal model: {elapsed:.1f}s, {summary.usage.total_tokens} tokens, "
          f"{len(summary.extraction.allocations)} allocations, {len(summary.flagged)} flagged")  # fmt: skip
    for i, allocation in enumerate(summary.extraction.allocations):
        figure = (allocation.amount.value, allocation.amount.currency)
        checks = [f for f in summary.findings if f.subject == f"allocations[{i}].amount"]
        assert len(checks) == 1
        if figure not in in_source:
            assert not checks[0].ok, f"{figure} is not in the article but was confirmed"
