"""Batch throughput and memory with the LLM engine against a slow loopback model.

Usage: python benchmarks/batch_throughput.py [--articles 1000] [--latency 0.05]
       [--concurrency 1 4 16] [--no-interrupt]

`run_batch` summarizes N small articles through the real `openai` client and `instructor`
against `tests/llm_server.py`, whose stand-in model (`tests/fake_model.py`) waits `--latency`
seconds and then answers with the figures the prompt lists. The server runs in a child
process, so the batch process's memory is the batch's own. For each concurrency the script
prints articles per second and the resident set size (RSS, sampled from /proc) after 100
articles, after all of them, and at its peak: memory stays flat when the two readings agree.

The loopback server answers in two TCP writes (headers, then body) without TCP_NODELAY, so
each request also waits out a delayed ACK (about 40 ms on Linux); the script measures that
share and prints it, since a real endpoint does not add it.

Then it starts `summarizer batch` as a subprocess, interrupts it with SIGINT part-way, checks
that the output holds only whole lines with no id twice, and reruns it to completion.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fake_model import FakeModel  # noqa: E402
from llm_server import ScriptedLLMServer  # noqa: E402

from summarizer.batching.batch import run_batch  # noqa: E402


def _serve(latency: float, channel: Connection) -> None:
    """Child process: serve the stand-in model until told to stop."""
    with ScriptedLLMServer(default=FakeModel(), latency_s=latency) as server:
        channel.send(server.base_url)
        channel.recv()  # any message: stop
        channel.send(len(server.chat_requests))


def _round_trip_ms(base_url: str, latency: float) -> float:
    """Mean time of one bare chat request beyond the model's latency: the transport's share."""
    import openai

    tool = {"type": "function", "function": {"name": "answer", "parameters": {"type": "object"}}}
    with openai.OpenAI(base_url=base_url, api_key="sk-bench", max_retries=0) as client:
        timings = []
        for _ in range(10):
            started = time.perf_counter()
            client.chat.completions.create(
                model="scripted-llm", messages=[{"role": "user", "content": "x"}], tools=[tool]
            )
            timings.append(time.perf_counter() - started)
    return (sum(timings[2:]) / len(timings[2:]) - latency) * 1000


def _rss_mb() -> float:
    """Current resident set size of this process, MB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Run:
    """One timed batch run."""

    concurrency: int
    seconds: float
    articles: int
    rss_at_100: float
    rss_at_end: float
    rss_peak: float

    @property
    def rate(self) -> float:
        return self.articles / self.seconds


def _watch(output: Path, stop: threading.Event, readings: dict[str, float]) -> None:
    """Sample RSS while the batch runs; note it when the output reaches 100 lines."""
    while not stop.wait(0.02):
        rss = _rss_mb()
        readings["peak"] = max(readings.get("peak", 0.0), rss)
        if "at_100" not in readings and output.exists():
            if output.read_bytes().count(b"\n") >= 100:
                readings["at_100"] = rss


def _articles(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            text = (
                f"Report {i}. The ministry earmarked {i % 900 + 1} billion yen for programme {i}, "
                f"officials said on Friday. Spending rose {i % 40 + 1}% from last year."
            )
            handle.write(json.dumps({"id": f"n{i:05d}", "text": text}) + "\n")


def _settings(base_url: str) -> dict[str, object]:
    return {
        "engine": "llm",
        "model": "scripted-llm",
        "base_url": base_url,
        "api_key": "sk-bench",
        "cache": False,
        "examples": False,
        "timeout": 10.0,
        "transport_retries": 1,
        "max_retry_wait": 0.5,
    }


def _timed(source: Path, output: Path, concurrency: int, base_url: str) -> Run:
    readings: dict[str, float] = {}
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(output, stop, readings), daemon=True)
    watcher.start()
    started = time.perf_counter()
    stats = run_batch(
        source, output, concurrency=concurrency, progress=False, **_settings(base_url)
    )
    seconds = time.perf_counter() - started
    stop.set()
    watcher.join()
    if stats.failed:
        raise SystemExit(f"{stats.failed} articles failed at concurrency {concurrency}")
    end = _rss_mb()
    return Run(
        concurrency,
        seconds,
        stats.done,
        readings.get("at_100", end),  # a run of 100 articles or fewer ends there
        end,
        max(readings.get("peak", end), end),
    )


def _whole_lines(path: Path) -> list[str]:
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        raise SystemExit("FAIL: the output ends in a half-written line")
    ids = [json.loads(line)["id"] for line in data.decode("utf-8").splitlines()]
    if len(ids) != len(set(ids)):
        raise SystemExit("FAIL: an id was written twice")
    return ids


def _interrupt(source: Path, output: Path, base_url: str, total: int) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env["OPENAI_API_KEY"] = "sk-bench"
    command = [sys.executable, "-m", "summarizer", "batch", str(source), str(output), "--quiet",
               "--engine", "llm", "--model", "scripted-llm", "--base-url", base_url,
               "--no-cache", "--concurrency", "16"]  # fmt: skip
    with subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True) as proc:
        while proc.poll() is None:
            if output.exists() and output.read_bytes().count(b"\n") >= total // 5:
                break
            time.sleep(0.01)
        sent = time.perf_counter()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    stopped = time.perf_counter() - sent
    ids = _whole_lines(output)
    print(
        f"SIGINT after {len(ids)} of {total}: exit {proc.returncode} in {stopped:.2f}s, "
        f"{err.strip()!r}; output: {len(ids)} whole lines, no id twice"
    )
    stats = run_batch(source, output, concurrency=16, progress=False, **_settings(base_url))
    ids = _whole_lines(output)
    complete = sorted(ids) == [f"n{i:05d}" for i in range(total)]
    print(
        f"rerun: {stats.skipped} skipped, {stats.done} done, {stats.failed} failed; "
        f"each id exactly once: {complete}"
    )
    if not complete:
        raise SystemExit("FAIL: the rerun did not complete the file")


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05, help="model latency, seconds")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--no-interrupt", action="store_true", help="skip the SIGINT check")
    args = parser.parse_args()

    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    server = context.Process(target=_serve, args=(args.latency, theirs), daemon=True)
    server.start()
    base_url = ours.recv()
    print(f"{args.articles} articles, model latency {args.latency * 1000:.0f} ms, server pid "
          f"{server.pid}, batch pid {os.getpid()}, start RSS {_rss_mb():.0f} MB")  # fmt: skip
    overhead = _round_trip_ms(base_url, args.latency)
    print(f"transport round trip beyond the model's latency: {overhead:.0f} ms per request")
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.jsonl"
        _articles(source, args.articles)
        for concurrency in args.concurrency:
            output = Path(folder) / f"out-{concurrency}.jsonl"
            runs.append(_timed(source, output, concurrency, base_url))
            _whole_lines(output)
        print()
        print("concurrency  articles/s  seconds  RSS@100 MB  RSS@end MB  peak RSS MB  growth MB")
        for r in runs:
            print(
                f"{r.concurrency:>11}  {r.rate:>10.1f}  {r.seconds:>7.1f}  {r.rss_at_100:>10.1f}"
                f"  {r.rss_at_end:>10.1f}  {r.rss_peak:>11.1f}  {r.rss_at_end - r.rss_at_100:>9.1f}"
            )
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"process peak RSS (ru_maxrss): {peak:.0f} MB")
        print()
        if not args.no_interrupt:
            _interrupt(source, Path(folder) / "out-interrupted.jsonl", base_url, args.articles)
    ours.send("stop")
    served = ours.recv()
    server.join(timeout=10)
    print(f"server answered {served} chat requests")


if __name__ == "__main__":
    main()
