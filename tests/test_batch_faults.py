"""Batch runs with the LLM engine when the endpoint fails, and when the batch itself is killed.

`run_batch` (and `summarizer batch`) against `ScriptedLLMServer`, whose `FakeModel` answers
every article correctly except those carrying a fault marker: 500s, 429s, hangs past the
timeout, connection resets, malformed JSON; some fail once and then recover. The contract:

- the run ends in bounded time; every article that succeeded is in the output, each failed
  one is an `ok: false` line naming the error, and no id appears twice;
- a rerun retries only the failures, replacing their lines, and never redoes a success;
- a batch interrupted by SIGINT leaves only whole lines; one killed by SIGKILL leaves whole
  lines and at most an unterminated tail, which the rerun drops; the rerun completes the file
  with each id exactly once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_model import FakeModel
from jsonl import read_jsonl, write_jsonl
from llm_server import (
    ErrorReply,
    HangReply,
    ResetReply,
    ScriptedLLMServer,
    ToolCallReply,
    engine_settings,
)

from summarizer.batching.batch import run_batch

ROOT = Path(__file__).resolve().parents[1]
KEY = "sk-test-batch-0123456789"
ENDLESS = 50  # more fault replies than the engine will ever ask for

FAULTS = {
    "FAULT-500": ([ErrorReply(500)] * ENDLESS, "LLMTransportError"),
    "FAULT-429": ([ErrorReply(429, headers={"Retry-After": "0.05"})] * ENDLESS, "LLMTransportError"),
    "FAULT-HANG": ([HangReply(5)] * ENDLESS, "LLMTransportError"),
    "FAULT-RESET": ([ResetReply()] * ENDLESS, "LLMTransportError"),
    "FAULT-JSON": ([ToolCallReply('{"title": "x", "allocations": [')] * ENDLESS, "LLMOutputError"),
    "FLAKY-500": ([ErrorReply(500)], None),
    "FLAKY-HANG": ([HangReply(5)], None),
    "FLAKY-JSON": ([ToolCallReply('{"title": ')], None),
}  # fmt: skip


def _article(i: int, marker: str = "") -> str:
    return (
        f"Report {i} {marker}. The ministry earmarked {i + 1} billion yen for programme {i}, "
        f"officials said."
    )


def _records() -> list[dict[str, Any]]:
    records = [{"id": f"a{i:02d}", "text": _article(i)} for i in range(12)]
    for k, marker in enumerate(FAULTS):
        records.append({"id": marker, "text": _article(100 + k, marker)})
    records.append({"id": "empty", "text": "  "})
    records.append({"id": "a00", "text": _article(0)})  # an id given twice is done once
    return records


def _settings(server: ScriptedLLMServer) -> dict[str, Any]:
    return engine_settings(server, KEY, timeout=0.5, concurrency=4, progress=False)


@pytest.fixture
def faulty() -> Iterator[ScriptedLLMServer]:
    model = FakeModel({marker: replies for marker, (replies, _) in FAULTS.items()})
    with ScriptedLLMServer(default=model) as server:
        yield server


def test_faults_end_as_failed_lines_and_a_rerun_retries_only_them(
    faulty: ScriptedLLMServer, tmp_path: Path
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", _records())
    output = tmp_path / "out.jsonl"
    started = time.perf_counter()
    stats = run_batch(source, output, **_settings(faulty))
    assert time.perf_counter() - started < 20  # hangs and retries are bounded

    lines = read_jsonl(output)
    ids = [r["id"] for r in lines]
    assert len(ids) == len(set(ids)) == 12 + len(FAULTS) + 1
    failed = {r["id"]: r["error"] for r in lines if not r["ok"]}
    expected = {m: error for m, (_, error) in FAULTS.items() if error} | {
        "empty": "EmptyInputError"
    }
    assert {i: e.split(":")[0] for i, e in failed.items()} == expected
    assert all("\n" not in e and KEY not in e for e in failed.values())
    for record in (r for r in lines if r["ok"]):  # successes include the recovered ones
        assert all(
            f["verdict"] in ("verbatim", "equivalent") for f in record["summary"]["findings"]
        )
        assert record["summary"]["extraction"]["allocations"]
    assert (stats.done, stats.failed, stats.skipped) == (12 + 3, len(expected), 1)
    assert not faulty.errors

    # The endpoint has recovered: a rerun asks only for the failures and replaces their lines.
    with ScriptedLLMServer(default=FakeModel()) as healthy:
        again = run_batch(source, output, **_settings(healthy))
        asked = {r.body["messages"][-1]["content"].split("Report ")[1].split(" ")[0]
                 for r in healthy.chat_requests}  # fmt: skip
    assert (
        len(asked) == len(healthy.chat_requests) == len(expected) - 1
    )  # the empty text is not sent
    rerun = read_jsonl(output)
    assert Counter(r["id"] for r in rerun) == Counter(set(ids))
    assert [r["id"] for r in rerun if not r["ok"]] == ["empty"]
    assert (again.done, again.failed) == (len(expected) - 1, 1)


def _cli_batch(source: Path, output: Path, server: ScriptedLLMServer) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env |= {"OPENAI_API_KEY": KEY, "SUMMARIZER_CACHE_DIR": str(output.parent / "cache")}
    command = [sys.executable, "-m", "summarizer", "batch", str(source), str(output), "--quiet",
               "--engine", "llm", "--model", "scripted-llm", "--base-url", server.base_url,
               "--no-cache", "--timeout", "5", "--concurrency", "4"]  # fmt: skip
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _wait_for_lines(path: Path, count: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        if path.exists() and path.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"the batch wrote fewer than {count} lines (exit {process.poll()})")


def _settled(path: Path) -> None:
    """Wait until the file has stopped changing (its size the same for half a second, at most
    five), so that the rerun is compared with the file it will read. Once, under CI load, the
    rerun skipped one id more than the whole lines read right after the kill; the cause was
    not pinned down, and this wait is a guess at a late write, not a proof of one."""
    deadline = time.monotonic() + 5
    size = -1
    while time.monotonic() < deadline:
        now = path.stat().st_size
        if now == size:
            return
        size = now
        time.sleep(0.5)


def _whole_lines(path: Path, *, tail_allowed: bool) -> list[str]:
    data = path.read_bytes()
    complete, _, tail = data.rpartition(b"\n")
    assert tail_allowed or not tail, f"a half-written last line: {tail[:80]!r}"
    ids = [json.loads(line)["id"] for line in complete.decode("utf-8").splitlines()]
    assert len(ids) == len(set(ids)), "an id was written twice"
    return ids


def test_killed_batches_resume_to_a_complete_file(tmp_path: Path) -> None:
    records = [{"id": f"k{i:03d}", "text": _article(i)} for i in range(80)]
    source = write_jsonl(tmp_path / "in.jsonl", records)
    output = tmp_path / "out.jsonl"
    # slow enough that a test process on a loaded machine still sees the batch mid-way
    with ScriptedLLMServer(default=FakeModel(), latency_s=0.2) as server:
        with _cli_batch(source, output, server) as first:
            _wait_for_lines(output, 8, first)
            first.send_signal(signal.SIGINT)
            _, err = first.communicate(timeout=30)
        assert first.returncode == 130 and "interrupted" in err and "Traceback" not in err
        after_sigint = _whole_lines(output, tail_allowed=False)
        assert 8 <= len(after_sigint) < len(records)

        with _cli_batch(source, output, server) as second:
            _wait_for_lines(output, len(after_sigint) + 8, second)
            second.kill()
            second.communicate(timeout=30)
        _settled(output)
        after_sigkill = _whole_lines(output, tail_allowed=True)
        assert set(after_sigint) <= set(after_sigkill) and len(after_sigkill) < len(records)

        asked_before = len(server.chat_requests)
        stats = run_batch(source, output, **_settings(server))
        asked = len(server.chat_requests) - asked_before
    final = read_jsonl(output)
    assert sorted(r["id"] for r in final) == [r["id"] for r in records]  # each id exactly once
    assert all(r["ok"] for r in final)
    assert stats.skipped == len(after_sigkill) and stats.done == len(records) - len(after_sigkill)
    assert asked == stats.done  # nothing already in the file was asked for again
