"""`summarizer batch --provider-batch` against the loopback server speaking the Batch API.

The real `openai` client uploads the requests, starts the batch, polls it and downloads the
answers from `ScriptedBatchServer`, whose `FakeModel` answers as it does live. The contract:

- the rows are those of the live batch, per id (same requests, same answers, same checks);
- an answer the source does not bear out is re-asked in a second batch, with instructor's
  re-ask message; when the re-asks run out, the last answer is kept and flagged;
- a failing endpoint (requests refused, the batch API down, a batch that expires) gives error
  rows or another batch within the retry bounds, never a failed job;
- a rerun skips the finished ids and asks nothing for them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from batch_server import ScriptedBatchServer
from fake_model import FakeModel
from jsonl import write_jsonl
from llm_server import ErrorReply, ScriptedLLMServer, ToolCallReply, engine_settings

from summarizer.batching.batch import run_batch
from summarizer.batching.provider_batch import run_provider_batch

ROOT = Path(__file__).resolve().parents[1]
KEY = "sk-test-provider-batch-0123456789"


def _article(i: int, marker: str = "") -> str:
    return (
        f"Report {i} {marker}. The ministry earmarked {i + 1} billion yen for programme {i}, "
        f"officials said."
    )


def _invented(i: int) -> ToolCallReply:
    """A schema-valid answer with a figure the article does not have."""
    text = "999 billion yen"
    allocation = {
        "amount": {"value": "999000000000", "currency": "JPY", "approximate": False, "text": text},
        "converted": [], "recipient": f"programme {i}", "purpose": "", "funder": None,
        "period": None, "kind": "budget", "evidence": text,
    }  # fmt: skip
    return ToolCallReply({"title": "x", "summary": "", "issuer": None, "period": None,
                          "allocations": [allocation], "claims": []})  # fmt: skip


def _rows(path: Path) -> dict[str, dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == len({r["id"] for r in rows}), "an id was written twice"
    return {r["id"]: r for r in rows}


def _settings(server: ScriptedLLMServer, **overrides: Any) -> dict[str, Any]:
    return engine_settings(server, KEY, timeout=5.0, progress=False) | overrides


def _batched(server: ScriptedBatchServer, **overrides: Any) -> dict[str, Any]:
    return _settings(server, **overrides) | {"poll_seconds": 0.02}


@pytest.fixture
def records() -> list[dict[str, Any]]:
    return [{"id": f"a{i}", "text": _article(i), "lang": "en"} for i in range(6)] + [
        {"id": "empty", "text": "  "},
        {"id": "dated", "text": _article(40), "published": "2024-03-15"},
    ]


@pytest.fixture
def server() -> Iterator[ScriptedBatchServer]:
    model = FakeModel(
        {
            "WRONG-ONCE": [_invented(1)],
            "WRONG-ALWAYS": [_invented(2)] * 10,
            "DOWN": [ErrorReply(500)] * 10,
        }
    )
    with ScriptedBatchServer(default=model, batch_delay_s=0.01) as server:
        yield server


def _chat(server: ScriptedLLMServer) -> list[Any]:
    return [r for r in server.chat_requests if r.method == "BATCH"]


def _canonical(request: Any) -> str:
    return json.dumps(getattr(request, "body", request), sort_keys=True)


def test_rows_are_the_live_batch_rows_per_id(
    server: ScriptedBatchServer, records: list[dict[str, Any]], tmp_path: Path
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", records)
    live = run_batch(source, tmp_path / "live.jsonl", **_settings(server))
    batched = run_provider_batch(source, tmp_path / "batch.jsonl", **_batched(server))
    assert (batched.done, batched.failed) == (live.done, live.failed) == (7, 1)
    expected, got = _rows(tmp_path / "live.jsonl"), _rows(tmp_path / "batch.jsonl")
    assert got.keys() == expected.keys()
    for key, row in got.items():
        want = expected[key]
        assert {k: v for k, v in row.items() if k != "summary"} == {
            k: v for k, v in want.items() if k != "summary"
        }
        if row["ok"]:
            strip = {"elapsed_s"}
            assert {k: v for k, v in row["summary"].items() if k not in strip} == {
                k: v for k, v in want["summary"].items() if k not in strip
            }
    # One batch of 7 requests (the empty text is never sent), through the batch endpoints.
    assert len(server.batches) == 1 and len(_chat(server)) == 7
    # ... carrying the very requests the live engine sends (messages, tools, tool_choice).
    live_bodies = [r.body for r in server.chat_requests if r.method == "POST"]
    assert sorted(map(_canonical, _chat(server))) == sorted(map(_canonical, live_bodies))
    assert KEY not in (tmp_path / "batch.jsonl").read_text()


def test_a_reask_goes_in_a_second_batch(server: ScriptedBatchServer, tmp_path: Path) -> None:
    records = [
        {"id": "fixed", "text": _article(1, "WRONG-ONCE")},
        {"id": "ok", "text": _article(3)},
    ]
    source = write_jsonl(tmp_path / "in.jsonl", records)
    stats = run_provider_batch(source, tmp_path / "out.jsonl", **_batched(server))
    rows = _rows(tmp_path / "out.jsonl")
    assert (stats.done, stats.failed) == (2, 0)
    usage = rows["fixed"]["summary"]["usage"]
    assert (usage["calls"], usage["reasks"], usage["reasks_exhausted"]) == (2, 1, False)
    assert rows["fixed"]["flagged"] == 0 and rows["fixed"]["allocations"] == 1
    assert (
        rows["fixed"]["summary"]["extraction"]["allocations"][0]["amount"]["value"] == "2000000000"
    )
    assert len(server.batches) == 2
    second = _chat(server)[-1]
    assert len(_chat(server)) == 3
    assert any("not in the article" in json.dumps(m) for m in second.messages[-2:])


def test_exhausted_reasks_keep_the_last_answer_flagged(
    server: ScriptedBatchServer, tmp_path: Path
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": "w", "text": _article(2, "WRONG-ALWAYS")}])
    stats = run_provider_batch(source, tmp_path / "out.jsonl", **_batched(server, max_reasks=1))
    row = _rows(tmp_path / "out.jsonl")["w"]
    assert stats.done == 1 and row["ok"] and row["flagged"] >= 1
    assert row["summary"]["usage"]["reasks_exhausted"] is True
    assert len(server.batches) == 2  # the first answer, and one re-ask


def test_refused_requests_and_a_down_batch_api_give_error_rows(
    server: ScriptedBatchServer, tmp_path: Path
) -> None:
    records = [{"id": "down", "text": _article(5, "DOWN")}, {"id": "fine", "text": _article(6)}]
    source = write_jsonl(tmp_path / "in.jsonl", records)
    stats = run_provider_batch(source, tmp_path / "out.jsonl", **_batched(server))
    rows = _rows(tmp_path / "out.jsonl")
    assert (stats.done, stats.failed) == (1, 1) and rows["fine"]["ok"]
    assert rows["down"]["error"].startswith("LLMTransportError: the batch request failed: HTTP 500")
    assert len(server.batches) == 2  # the 500 was retried once (transport_retries=1), in a batch

    # The batch API itself down: every upload refused. The job ends; each article has its row.
    server.fail_api(*[ErrorReply(503)] * 50)
    stats = run_provider_batch(source, tmp_path / "down.jsonl", **_batched(server))
    rows = _rows(tmp_path / "down.jsonl")
    assert (stats.done, stats.failed) == (0, 2)
    assert all(r["error"].startswith("LLMTransportError: ") for r in rows.values())
    assert all(KEY not in r["error"] for r in rows.values())


def test_an_expired_batch_is_retried_and_a_rerun_asks_nothing_again(
    server: ScriptedBatchServer, records: list[dict[str, Any]], tmp_path: Path
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", records)
    output = tmp_path / "out.jsonl"
    server.end_batches("expired")
    stats = run_provider_batch(source, output, **_batched(server))
    assert (stats.done, stats.failed) == (7, 1)
    assert [b["status"] for b in server.batches.values()] == ["expired", "completed"]

    asked = len(_chat(server))
    again = run_provider_batch(source, output, **_batched(server))
    assert (again.skipped, again.done, again.failed) == (7, 0, 1)  # only the empty text, again
    assert len(_chat(server)) == asked
    assert sorted(_rows(output)) == sorted(r["id"] for r in records)


def test_cli_provider_batch(server: ScriptedBatchServer, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": "x", "text": _article(7)}])
    output = tmp_path / "out.parquet"
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env |= {"OPENAI_API_KEY": KEY, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "summarizer", "batch", str(source), str(output),
               "--provider-batch", "--poll", "0.02", "--engine", "llm", "--model", "scripted-llm",
               "--base-url", server.base_url, "--no-cache"]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "batch batch_" in done.stderr and "completed" in done.stderr
    assert KEY not in done.stderr
    import pyarrow.parquet as pq

    (row,) = pq.read_table(output).to_pylist()
    assert row["id"] == "x" and row["ok"] and row["engine"] == "llm" and row["allocations"] == 1
    assert json.loads(row["summary"])["engine"]["model"] == "scripted-llm"


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        pytest.param(["--ray"], "drop --ray", id="with-ray"),
        pytest.param(["--engine", "deterministic"], "needs the LLM engine", id="deterministic"),
    ],
)
def test_cli_refuses_options_that_do_not_go_together(
    flags: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from summarizer.cli import main

    source = write_jsonl(tmp_path / "in.jsonl", [{"id": "x", "text": _article(7)}])
    code = main(["batch", str(source), str(tmp_path / "out.jsonl"), "--provider-batch", *flags])
    assert code == 2 and said in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl").exists()
