"""`summarizer batch --ray`: Ray Data in local mode, a few articles, one Ray for the session.

- On the shared evaluation sets, the Ray run's rows are those of the local batch, per id
  (the `Summary` less its timing, and every flat column).
- Against a failing endpoint, faults become error rows and the job completes; the global
  requests-per-second limit holds across the workers together.
- A run killed (SIGKILL) mid-way and run again completes the file with each id exactly once,
  asking nothing again for the ids already written.

Skipped cleanly when the extra `ray` is not installed. Ray starts once (about 10 s) for the
module; the killed run joins that same Ray from a subprocess, so no Ray is left behind.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonl import read_jsonl, write_jsonl

ray = pytest.importorskip("ray")
# Ray's own modules warn about their own deprecated settings while they run.
pytestmark = pytest.mark.filterwarnings("ignore:::ray")

from fake_model import FakeModel  # noqa: E402
from llm_server import ErrorReply, ScriptedLLMServer, engine_settings  # noqa: E402

from summarizer.batching.batch import run_batch  # noqa: E402
from summarizer.batching.batch_ray import run_ray_batch  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "evalsets"
KEY = "sk-test-ray-0123456789"


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """One local Ray of two CPUs for the module; its address, for a second driver."""
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        logging_level=logging.WARNING,
    )
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()


def _article(i: int, marker: str = "") -> str:
    return (
        f"Report {i} {marker}. The ministry earmarked {i + 1} billion yen for programme {i}, "
        f"officials said."
    )


def _llm(server: ScriptedLLMServer) -> dict[str, Any]:
    return engine_settings(server, KEY)


def _without_timing(summary: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in summary.items() if k != "elapsed_s"}


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/evalsets is not beside the repo")
def test_ray_rows_are_the_local_batch_rows_per_id(cluster: str, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    source = tmp_path / "in.jsonl"
    source.write_bytes(b"".join(p.read_bytes() for p in sorted(SHARED.glob("*.jsonl"))))
    local = run_batch(source, tmp_path / "local.jsonl", engine="deterministic", progress=False)
    on_ray = run_ray_batch(
        source, tmp_path / "ray.parquet", engine="deterministic", progress=False, workers=2
    )
    assert on_ray.done == local.done > 25 and on_ray.failed == local.failed == 0

    expected = {str(r["id"]): r for r in read_jsonl(tmp_path / "local.jsonl")}
    rows = pq.read_table(tmp_path / "ray.parquet").to_pylist()
    assert sorted(r["id"] for r in rows) == sorted(expected)
    for row in rows:
        want = expected[row["id"]]
        assert _without_timing(json.loads(row["summary"])) == _without_timing(want["summary"])
        flat = {k: v for k, v in row.items() if k not in ("id", "summary")}
        assert flat == {k: v for k, v in want.items() if k not in ("id", "summary")}
        assert flat["engine"] == "deterministic" and flat["allocations"] >= 0


@pytest.mark.slow
def test_failing_endpoint_gives_error_rows_and_the_rate_limit_is_global(
    cluster: str, tmp_path: Path
) -> None:
    records = [{"id": f"a{i:02d}", "text": _article(i)} for i in range(10)]
    records += [
        {"id": "down", "text": _article(50, "FAULT-500")},
        {"id": "empty", "text": "   "},
        {"id": "late", "text": _article(51), "published": "not a date"},
    ]
    source = write_jsonl(tmp_path / "in.jsonl", records)
    output = tmp_path / "out.jsonl"
    model = FakeModel({"FAULT-500": [ErrorReply(500)] * 20})
    rps = 20.0
    with ScriptedLLMServer(default=model) as server:
        stats = run_ray_batch(
            source, output, workers=2, concurrency=4, rps=rps, progress=False, **_llm(server)
        )
        sent = sorted(r.timestamp for r in server.chat_requests)
    rows = {r["id"]: r for r in read_jsonl(output)}
    assert sorted(rows) == sorted(r["id"] for r in records)
    errors = {i: r["error"].split(":")[0] for i, r in rows.items() if not r["ok"]}
    assert errors == {"down": "LLMTransportError", "empty": "EmptyInputError",
                      "late": "DateInputError"}  # fmt: skip
    assert (stats.done, stats.failed) == (10, 3)
    assert all(rows[f"a{i:02d}"]["allocations"] == 1 for i in range(10))
    assert all(KEY not in json.dumps(r) for r in rows.values())
    # 10 articles + 2 tries of the failing one; two workers of four threads each, one pacer.
    assert len(sent) == 12
    assert (len(sent) - 1) / (sent[-1] - sent[0]) <= rps * 1.25


def _ray_cli(source: Path, output: Path, server: ScriptedLLMServer, address: str) -> Any:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env |= {"OPENAI_API_KEY": KEY, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "summarizer", "batch", str(source), str(output), "--quiet",
               "--ray-address", address, "--workers", "2", "--engine", "llm",
               "--model", "scripted-llm", "--base-url", server.base_url, "--no-cache",
               "--timeout", "5", "--concurrency", "2"]  # fmt: skip
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.mark.slow
def test_a_killed_ray_run_resumes_each_id_exactly_once(cluster: str, tmp_path: Path) -> None:
    records = [{"id": f"k{i:03d}", "text": _article(i)} for i in range(60)]
    source = write_jsonl(tmp_path / "in.jsonl", records)
    output = tmp_path / "out.jsonl"
    with ScriptedLLMServer(default=FakeModel(), latency_s=0.1) as server:
        with _ray_cli(source, output, server, cluster) as first:
            deadline = time.monotonic() + 120
            while first.poll() is None and time.monotonic() < deadline:
                if output.exists() and output.read_bytes().count(b"\n") >= 6:
                    break
                time.sleep(0.05)
            assert first.poll() is None, first.communicate()[1][-2000:]
            first.send_signal(signal.SIGKILL)
            first.communicate(timeout=30)
        data = output.read_bytes()
        written = [json.loads(line)["id"] for line in data[: data.rfind(b"\n")].splitlines()]
        assert 6 <= len(written) < len(records) and len(written) == len(set(written))

        asked_before = len(server.chat_requests)
        stats = run_ray_batch(source, output, workers=2, progress=False, **_llm(server))
        # the article each request is about (a re-ask's last message is the validator's note);
        # a request the killed run's workers had half sent arrives with no body: about nothing
        asked = {next(m["content"] for m in r.messages if "Report " in str(m["content"]))
                 .split("Report ")[1].split(" ")[0]
                 for r in server.chat_requests[asked_before:] if r.messages}  # fmt: skip
    final = read_jsonl(output)
    assert sorted(r["id"] for r in final) == [r["id"] for r in records]  # each id exactly once
    assert all(r["ok"] for r in final)
    assert stats.skipped == len(written) and stats.done == len(records) - len(written)
    assert not asked & {w[1:].lstrip("0") or "0" for w in written}  # none asked again
