"""Batch files and pacing, without Ray: Parquet in and out, resumable parts, the rps pacer.

- A Parquet output is a directory of parts written aside and renamed: a part a killed run
  left half-written is dropped, failed rows are removed so that the rerun retries them, and
  each id ends up once; Parquet input gives the same rows as JSON Lines input.
- `RequestPacer` hands out slots `1 / rps` apart (bursts after idle time, when allowed), and
  the local batch's `rps` holds for its concurrent LLM requests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fake_model import FakeModel
from llm_server import ScriptedLLMServer

from summarizer.batching.batch import run_batch
from summarizer.batching.batch_files import ParquetSink, read_records
from summarizer.batching.pacing import RequestPacer
from summarizer.errors import InputError

ARTICLES = [
    ("p1", "The ministry earmarked 3 billion yen for rural clinics, officials said.", "2024-05"),
    ("p2", "The city council approved a €12 million grant for the tram extension.", None),
    ("p3", "   ", None),
]


def _row(key: str, ok: bool) -> dict[str, Any]:
    return {"id": key, "ok": ok, "error": None if ok else "X: no", "engine": "deterministic",
            "model": None, "lang": None, "allocations": 1 if ok else None,
            "flagged": 0 if ok else None, "tokens": 0 if ok else None,
            "summary": {"k": key} if ok else None}  # fmt: skip


def test_parquet_parts_resume_each_id_once(tmp_path: Path) -> None:
    output = tmp_path / "out.parquet"
    sink = ParquetSink(output, rows_per_part=2)
    for key, ok in [("a", True), ("b", False), ("c", True), ("d", True), ("e", True)]:
        sink.write(_row(key, ok))
    # A kill here: "e" is only in memory, and a half-written part lies beside the parts.
    (output / ".part-0-x.parquet.tmp").write_bytes(b"PAR1 half")
    assert len(sink.parts()) == 2

    again = ParquetSink(output)
    assert again.finished_ids() == {"a", "c", "d"}  # "b" failed: retried; "e" never landed
    assert not list(output.glob(".*.tmp"))
    table = pq.read_table(output)
    assert sorted(table.column("id").to_pylist()) == ["a", "c", "d"]
    assert json.loads(table.to_pylist()[0]["summary"]) in ({"k": "a"}, {"k": "c"}, {"k": "d"})


def test_parquet_in_and_out_give_the_jsonl_rows(tmp_path: Path) -> None:
    ids, texts, dates = (list(column) for column in zip(*ARTICLES, strict=True))
    pq.write_table(
        pa.table({"id": ids, "text": texts, "published": dates}), tmp_path / "in.parquet"
    )
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("".join(json.dumps({"id": i, "text": t, "published": d}) + "\n"
                             for i, t, d in ARTICLES))  # fmt: skip
    assert list(read_records(tmp_path / "in.parquet")) == list(read_records(jsonl))

    stats = run_batch(tmp_path / "in.parquet", tmp_path / "out.parquet", engine="deterministic",
                      progress=False)  # fmt: skip
    run_batch(jsonl, tmp_path / "out.jsonl", engine="deterministic", progress=False)
    assert (stats.done, stats.failed) == (2, 1)
    from_parquet = {r["id"]: r for r in pq.read_table(tmp_path / "out.parquet").to_pylist()}
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    from_jsonl = {r["id"]: r for r in map(json.loads, lines)}
    for key, row in from_jsonl.items():
        other = from_parquet[key]
        assert {k: v for k, v in other.items() if k != "summary"} == {
            k: v for k, v in row.items() if k != "summary"
        }
        if row["ok"]:
            got, want = json.loads(other["summary"]), row["summary"]
            assert {k: v for k, v in got.items() if k != "elapsed_s"} == {
                k: v for k, v in want.items() if k != "elapsed_s"
            }
    assert from_parquet["p3"]["error"].startswith("EmptyInputError")
    assert from_parquet["p1"]["allocations"] == 1


def test_parquet_input_needs_id_and_text(tmp_path: Path) -> None:
    pq.write_table(pa.table({"id": ["x"], "body": ["text"]}), tmp_path / "in.parquet")
    with pytest.raises(InputError, match="'id' and 'text'"):
        list(read_records(tmp_path / "in.parquet"))


def test_pacer_spaces_slots_and_allows_bursts() -> None:
    pacer = RequestPacer(10)
    delays = [pacer.reserve() for _ in range(5)]
    assert delays[0] == pytest.approx(0, abs=0.01)
    assert [b - a for a, b in zip(delays, delays[1:], strict=False)] == pytest.approx(
        [0.1] * 4, abs=0.01
    )
    bursty = RequestPacer(10, burst=3)
    assert [bursty.reserve() for _ in range(3)] == pytest.approx([0, 0, 0], abs=0.01)
    assert bursty.reserve() == pytest.approx(0.1, abs=0.02)
    with pytest.raises(ValueError):
        RequestPacer(0)


def test_local_batch_keeps_its_rps(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(
        json.dumps({"id": f"r{i}", "text": f"The ministry earmarked {i + 1} billion yen."}) + "\n"
        for i in range(8)))  # fmt: skip
    with ScriptedLLMServer(default=FakeModel()) as server:
        stats = run_batch(source, tmp_path / "out.jsonl", engine="llm", model="scripted-llm",
                          base_url=server.base_url, api_key="sk-test-pacing-0123456789",
                          cache=False, examples=False, concurrency=8, rps=10.0,
                          progress=False)  # fmt: skip
        sent = sorted(r.timestamp for r in server.chat_requests)
    assert stats.done == 8 and len(sent) == 8
    assert (sent[-1] - sent[0]) >= 7 / 10 * 0.8  # unpaced, 8 threads would send at once
