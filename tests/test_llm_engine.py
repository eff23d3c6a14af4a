"""The LLM engine end to end: real `openai` client and `instructor` against a loopback server.

Every test drives `summarize(..., engine="llm")` through HTTP to `ScriptedLLMServer`; nothing
inside `openai` or `instructor` is patched. Faults are scripted replies: an invented figure
the re-ask must correct, malformed JSON, a truncated reply, 429 with Retry-After, 500, a hang
past the timeout, a connection reset, a 400 that must not be retried.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from llm_server import (
    ContentReply,
    ErrorReply,
    HangReply,
    ResetReply,
    ScriptedLLMServer,
    ToolCallReply,
)

from summarizer import summarize
from summarizer.checking.facts import SourceFacts
from summarizer.engines.llm import LLMEngine, candidates_text, chunk_bounds
from summarizer.errors import LLMOutputError, LLMTransportError

ARTICLE = (
    "TOKYO, Dec 26, 2025 - The ministry has earmarked 150 billion yen for state-backed chip "
    "venture Rapidus, bringing the cumulative government investment in the venture to 250 "
    "billion yen. Overall the budget rose by about 50 per cent to 3.07 trillion yen."
)
SECRET = "sk-test-DO-NOT-LEAK-1234567890"


def _allocation(text: str, value: int, evidence: str, kind: str = "budget") -> dict[str, Any]:
    return {
        "amount": {"value": value, "currency": "JPY", "approximate": False, "text": text},
        "converted": [],
        "recipient": "Rapidus",
        "purpose": "chip venture",
        "funder": "the ministry",
        "period": "FY2026",
        "kind": kind,
        "evidence": evidence,
    }


def _answer(*allocations: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": "Japan earmarks 150 billion yen for Rapidus",
        "summary": "The ministry earmarked 150 billion yen for Rapidus.",
        "issuer": "the ministry",
        "period": "FY2026",
        "allocations": list(allocations),
        "claims": [
            {
                "statement": "The budget rose about 50%",
                "numbers": ["about 50 per cent", "3.07 trillion yen"],
                "evidence": "the budget rose by about 50 per cent to 3.07 trillion yen",
            }
        ],
    }


GOOD = _answer(
    _allocation(
        "150 billion yen",
        150_000_000_000,
        "earmarked 150 billion yen for state-backed chip venture Rapidus",
    )
)
INVENTED = _answer(
    _allocation("180 billion yen", 180_000_000_000, "earmarked 180 billion yen for Rapidus")
)


@pytest.fixture
def server() -> Iterator[ScriptedLLMServer]:
    with ScriptedLLMServer() as running:
        yield running


def _run(server: ScriptedLLMServer, tmp_path: Path, **options: Any):  # noqa: ANN202
    settings: dict[str, Any] = {
        "engine": "llm",
        "model": "scripted-llm",
        "base_url": server.base_url,
        "api_key": SECRET,
        "timeout": 2.0,
        "max_retry_wait": 0.2,
        "cache": False,
        "examples": False,
    }
    article = options.pop("article", ARTICLE)
    settings.update(options)
    return summarize(article, **settings)


def test_tool_call_reply_becomes_a_validated_summary(
    server: ScriptedLLMServer, tmp_path: Path
) -> None:
    server.enqueue(ToolCallReply(GOOD))
    summary = _run(server, tmp_path)
    assert summary.engine.name == "llm" and summary.engine.model == "scripted-llm"
    (allocation,) = summary.extraction.allocations
    assert allocation.span is not None
    assert ARTICLE[allocation.span.start : allocation.span.end] == allocation.evidence
    assert all(f.ok for f in summary.findings if f.subject.startswith("allocations[0]"))
    assert summary.usage.calls == 1 and summary.usage.prompt_tokens > 0
    request = server.chat_requests[0]
    assert request.body["tool_choice"]["type"] == "function"  # Mode.TOOLS
    assert "Q" in request.body["messages"][-1]["content"]  # candidates were shown


def test_invented_figure_is_reasked_and_corrected(
    server: ScriptedLLMServer, tmp_path: Path
) -> None:
    server.enqueue(ToolCallReply(INVENTED), ToolCallReply(GOOD))
    summary = _run(server, tmp_path)
    assert [a.amount.value for a in summary.extraction.allocations] == [150_000_000_000]
    assert summary.usage.calls == 2 and summary.usage.reasks == 1
    reask = json.dumps(server.chat_requests[1].body["messages"])
    assert "180 billion yen" in reask and "not in the article" in reask


def test_reasks_are_bounded_and_the_last_answer_is_kept_flagged(
    server: ScriptedLLMServer, tmp_path: Path
) -> None:
    server.enqueue(*[ToolCallReply(INVENTED)] * 3)
    summary = _run(server, tmp_path, max_reasks=1)
    assert len(server.chat_requests) == 2
    assert summary.usage.reasks_exhausted and summary.usage.calls == 2
    (allocation,) = summary.extraction.allocations
    assert allocation.amount.value == 180_000_000_000  # the model's answer, not dropped
    flagged = {f.subject for f in summary.flagged}
    assert "allocations[0].amount" in flagged and "allocations[0].evidence" in flagged


def test_malformed_json_ends_in_a_clear_error(server: ScriptedLLMServer, tmp_path: Path) -> None:
    server.enqueue(*[ToolCallReply('{"title": "x", "allocations": [')] * 3)
    with pytest.raises(LLMOutputError):
        _run(server, tmp_path, max_reasks=2)
    assert len(server.chat_requests) == 3


def test_truncated_reply_is_an_output_error(server: ScriptedLLMServer, tmp_path: Path) -> None:
    server.enqueue(ContentReply('{"title": "x"', finish_reason="length"))
    with pytest.raises(LLMOutputError):
        _run(server, tmp_path, mode="json")


def test_json_mode_reads_content(server: ScriptedLLMServer, tmp_path: Path) -> None:
    server.enqueue(ContentReply(json.dumps(GOOD)))
    summary = _run(server, tmp_path, mode="json")
    assert len(summary.extraction.allocations) == 1


def test_rate_limit_honours_retry_after(server: ScriptedLLMServer, tmp_path: Path) -> None:
    server.enqueue(ErrorReply(429, headers={"Retry-After": "0.3"}), ToolCallReply(GOOD))
    started = time.perf_counter()
    summary = _run(server, tmp_path, max_retry_wait=5)
    assert time.perf_counter() - started >= 0.3
    assert len(summary.extraction.allocations) == 1


def test_server_errors_are_retried_then_reported(server: ScriptedLLMServer, tmp_path: Path) -> None:
    server.enqueue(*[ErrorReply(500)] * 3)
    with pytest.raises(LLMTransportError, match="kept failing"):
        _run(server, tmp_path, transport_retries=2)
    assert len(server.chat_requests) == 3


def test_bad_request_is_not_retried(server: ScriptedLLMServer, tmp_path: Path) -> None:
    server.enqueue(ErrorReply(400), ToolCallReply(GOOD))
    with pytest.raises(LLMTransportError, match="HTTP 400"):
        _run(server, tmp_path)
    assert len(server.chat_requests) == 1


def test_hang_past_timeout_then_success(server: ScriptedLLMServer, tmp_path: Path) -> None:
    server.enqueue(HangReply(5), ToolCallReply(GOOD))
    started = time.perf_counter()
    summary = _run(server, tmp_path, timeout=0.5)
    assert time.perf_counter() - started < 4
    assert len(summary.extraction.allocations) == 1


def test_hangs_end_in_bounded_time(server: ScriptedLLMServer, tmp_path: Path) -> None:
    server.enqueue(*[HangReply(5)] * 3)
    started = time.perf_counter()
    with pytest.raises(LLMTransportError):
        _run(server, tmp_path, timeout=0.3, transport_retries=2)
    assert time.perf_counter() - started < 4


def test_connection_reset_is_retried(server: ScriptedLLMServer, tmp_path: Path) -> None:
    server.enqueue(ResetReply(), ToolCallReply(GOOD))
    summary = _run(server, tmp_path)
    assert len(summary.extraction.allocations) == 1


def test_cache_answers_the_second_run(
    server: ScriptedLLMServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    server.enqueue(ToolCallReply(GOOD))
    first = _run(server, tmp_path, cache=True)
    second = _run(server, tmp_path, cache=True)
    assert len(server.chat_requests) == 1
    assert second.usage.cached and not first.usage.cached
    assert second.extraction == first.extraction
    stored = "".join(p.read_text() for p in (tmp_path / "cache").rglob("*.json"))
    assert SECRET not in stored


def test_the_key_never_leaks(server: ScriptedLLMServer, tmp_path: Path) -> None:
    server.enqueue(ToolCallReply(GOOD), ErrorReply(401))
    summary = _run(server, tmp_path)
    assert SECRET not in summary.model_dump_json()
    with pytest.raises(LLMTransportError) as caught:
        _run(server, tmp_path)
    assert SECRET not in str(caught.value) and SECRET not in repr(caught.value)
    assert all(r.had_auth for r in server.chat_requests)


def test_validator_flags_what_the_model_gets_wrong_without_reask(
    server: ScriptedLLMServer, tmp_path: Path
) -> None:
    wrong_kind = _answer(
        _allocation("150 billion yen", 150_000_000_000, "earmarked 150 billion yen", kind="total"),
        _allocation("250 billion yen", 250_000_000_000, "250 billion yen", kind="budget"),
    )
    server.enqueue(ToolCallReply(wrong_kind))
    summary = _run(server, tmp_path)
    assert len(summary.extraction.allocations) == 2
    assert summary.engine.prompt_version and summary.engine.prompt_version.startswith("v")


def test_long_articles_are_chunked_on_sentences() -> None:
    text = " ".join(f"Sentence {i} gives {i} billion yen to programme {i}." for i in range(1, 400))
    facts = SourceFacts.of(text)
    bounds = chunk_bounds(facts, 2000)
    assert len(bounds) > 5
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    for (_, end), (start, _) in zip(bounds, bounds[1:], strict=False):
        assert end == start and text[start - 1] in ". "


def test_each_chunk_is_given_the_figures_inside_it_and_no_others() -> None:
    text = " ".join(f"Sentence {i} gives {i} billion yen to programme {i}." for i in range(1, 400))
    facts = SourceFacts.of(text)
    for start, end in chunk_bounds(facts, 2000) + [(0, len(text)), (5, 5), (100, 900)]:
        inside = [
            (i, q.text) for i, q in enumerate(facts.quantities) if start <= q.start and q.end <= end
        ]
        lines = candidates_text(facts, start, end).splitlines()
        if not inside:
            assert lines == ["(none found)"]
            continue
        assert [line.split(":")[0] for line in lines] == [f"Q{i}" for i, _ in inside]
        assert all(repr(shown) in line for (_, shown), line in zip(inside, lines, strict=True))


def test_unknown_option_is_rejected(server: ScriptedLLMServer) -> None:
    with pytest.raises(ValueError, match="reasks_max"):
        LLMEngine.from_settings(base_url=server.base_url, api_key=SECRET, reasks_max=3)


def test_token_budget_caps_reasks(server: ScriptedLLMServer, tmp_path: Path) -> None:
    server.enqueue(*[ToolCallReply(INVENTED)] * 3)
    summary = _run(server, tmp_path, max_reasks=2, token_budget=200)
    assert len(server.chat_requests) == 1  # the first answer spent the budget: no re-ask
    assert summary.usage.reasks_exhausted
    assert "allocations[0].amount" in {f.subject for f in summary.flagged}


def test_a_hedge_or_an_unreadable_figure_is_not_reasked(
    server: ScriptedLLMServer, tmp_path: Path
) -> None:
    # The article hedges ("about 1.23 trillion yen"); the model marks it exact. A note in the
    # report, not a reason to spend a call.
    hedged = _answer(
        _allocation("150 billion yen", 150_000_000_000, "earmarked about 150 billion yen")
    )
    server.enqueue(ToolCallReply(hedged), ToolCallReply(GOOD))
    article = ARTICLE.replace("earmarked 150", "earmarked about 150")
    summary = _run(server, tmp_path, article=article)
    assert len(server.chat_requests) == 1 and not summary.usage.reasks_exhausted
    (finding,) = [f for f in summary.findings if f.subject == "allocations[0].amount"]
    assert finding.ok and "hedges" in finding.note


PARTS_ARTICLE = (
    "TOKYO, Dec 26, 2025 - The cabinet will add about 1.9 trillion yen to three chip funds. "
    "Specifically, 760 billion yen will go to the first fund and 640 billion yen to the second. "
    "The third fund receives 570 billion yen."
)


def _parts_answer(relations: list[dict[str, Any]]) -> dict[str, Any]:
    def item(i: int, text: str, value: int, evidence: str) -> dict[str, Any]:
        return {**_allocation(text, value, evidence), "id": f"a{i}", "recipient": f"fund {i}"}

    return {
        "title": "Chip funds",
        "allocations": [
            item(
                1,
                "about 1.9 trillion yen",
                1_900_000_000_000,
                "The cabinet will add about 1.9 trillion yen to three chip funds",
            ),
            item(
                2, "760 billion yen", 760_000_000_000, "760 billion yen will go to the first fund"
            ),
            item(3, "640 billion yen", 640_000_000_000, "640 billion yen to the second"),
            item(4, "570 billion yen", 570_000_000_000, "The third fund receives 570 billion yen"),
        ],  # fmt: skip
        "claims": [],
        "relations": relations,
    }


def test_the_models_relations_are_checked(server: ScriptedLLMServer, tmp_path: Path) -> None:
    links = [{"kind": "part_of", "source": f"a{i}", "target": "a1"} for i in (2, 3, 4)]
    links.append({"kind": "part_of", "source": "a9", "target": "a1"})  # an id no item has
    server.enqueue(ToolCallReply(_parts_answer(links)))
    summary = _run(server, tmp_path, article=PARTS_ARTICLE)
    assert len(summary.extraction.relations) == 4
    (parts,) = [f for f in summary.flagged if f.check.value == "parts_total"]
    assert "1.97 tn JPY" in parts.reason
    (link,) = [f for f in summary.flagged if f.check.value == "relation"]
    assert link.subject == "relations[3]" and "a9" in link.reason
    assert summary.usage.reasks == 0  # a wrong link is reported, not re-asked


def test_chunks_are_merged_with_fresh_ids_and_relations_follow() -> None:
    from summarizer.engines.llm import merge
    from summarizer.schema import Allocation, Extraction, Kind, Money, Relation, RelationKind

    def chunk(value: int, text: str) -> Extraction:
        money = Money(value=value, currency="JPY", text=text)
        return Extraction(
            allocations=[
                Allocation(amount=money, recipient="x", kind=Kind.TOTAL, evidence=f"{text} total"),
                Allocation(
                    amount=money.model_copy(update={"value": value // 2}),
                    recipient="y",
                    kind=Kind.BUDGET,
                    evidence=f"half of {text}",
                ),
            ],  # fmt: skip
            relations=[Relation(kind=RelationKind.PART_OF, source="a2", target="a1")],
        )

    merged = merge([chunk(100, "100 yen"), chunk(300, "300 yen")])
    assert [a.id for a in merged.allocations] == ["a1", "a2", "a3", "a4"]
    assert [(r.source, r.target) for r in merged.relations] == [("a2", "a1"), ("a4", "a3")]
