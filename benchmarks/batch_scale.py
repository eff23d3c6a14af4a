"""Batch at corpus scale: the local batch against Ray Data, per engine and per worker count.

Usage: python benchmarks/batch_scale.py [--articles 10000] [--latency 0.05]
       [--engines deterministic llm] [--runs local ray1 ray2]

Input: the shared evaluation texts and the project's corpus texts, repeated with varied ids
up to `--articles` (texts are not copied anywhere but a temporary folder). Each run is the
real command line, `summarizer batch IN OUT --quiet ...`, in its own process:

- `local`: the thread-pool batch (one process; the LLM engine with `--concurrency 16`);
- `rayN`: `--ray --workers N` (Ray started by the command on this machine; the LLM engine
  with `--concurrency 8` per worker).

The LLM engine talks to the loopback server (`tests/llm_server.py`) in a separate process,
whose stand-in model (`tests/fake_model.py`) answers after `--latency` seconds with the
figures the prompt lists. For each run the script prints articles per second over the whole
command (Ray's start-up included), the seconds to the first row (start-up), the rate after
it, and the peak resident memory of the command's process tree, sampled every 0.2 s from
/proc (Ray's shared object store pages count once per process mapping them, so the Ray
figure is an upper bound). The load average before each run is printed too: the machine
may be shared.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "evalsets"
sys.path.insert(0, str(ROOT / "tests"))


def _serve(latency: float, channel: Connection) -> None:
    """Child process: serve the stand-in model until told to stop."""
    from fake_model import FakeModel
    from llm_server import ScriptedLLMServer

    with ScriptedLLMServer(default=FakeModel(), latency_s=latency) as server:
        channel.send(server.base_url)
        channel.recv()


def _texts() -> list[tuple[str, str, str | None]]:
    """(id, text, published) of the shared and corpus texts."""
    paths = sorted(SHARED.glob("*.jsonl")) + [ROOT / "evals" / "corpus" / "texts.jsonl"]
    texts = []
    for path in paths:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                texts.append((str(record["id"]), record["text"], record.get("published")))
    return texts


def _write_input(path: Path, count: int) -> tuple[int, int]:
    texts = _texts()
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            key, text, published = texts[i % len(texts)]
            record = {"id": f"{i:07d}-{key}", "text": text}
            if published:
                record["published"] = published
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(texts), sum(len(t) for _, t, _ in texts) // len(texts)


def _tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, MB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    total, stack = 0.0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            continue
    return total


def _descendants(root: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == root:
                found.append(int(entry))
    return found


@dataclass
class Run:
    """One timed command."""

    engine: str
    name: str
    articles: int
    seconds: float
    first_row_s: float
    peak_mb: float
    load: float

    @property
    def rate(self) -> float:
        return self.articles / self.seconds

    @property
    def steady_rate(self) -> float:
        return (self.articles - 1) / max(1e-9, self.seconds - self.first_row_s)


def _timed(engine: str, name: str, source: Path, folder: Path, base_url: str | None) -> Run:
    output = folder / f"out-{engine}-{name}.jsonl"
    command = [sys.executable, "-m", "summarizer", "batch", str(source), str(output), "--quiet"]
    if engine == "llm":
        command += ["--engine", "llm", "--model", "scripted-llm", "--base-url", str(base_url),
                    "--no-cache", "--timeout", "30"]  # fmt: skip
        command += ["--concurrency", "16" if name == "local" else "8"]
    else:
        command += ["--engine", "deterministic"]
    if name.startswith("ray"):
        command += ["--ray", "--workers", name[3:]]
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env |= {"OPENAI_API_KEY": "sk-bench", "PYTHONPATH": str(ROOT)}
    load = os.getloadavg()[0]
    started = time.perf_counter()
    first_row = None
    peak = 0.0
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()
    err: list[str] = []
    reader = threading.Thread(target=lambda: err.append(process.stderr.read()), daemon=True)
    reader.start()
    while process.poll() is None:
        peak = max(peak, _tree_rss_mb(process.pid))
        if first_row is None and output.exists() and output.stat().st_size:
            first_row = time.perf_counter() - started
        stop.wait(0.2)
    seconds = time.perf_counter() - started
    reader.join()
    for pid in _descendants(process.pid):  # nothing of this run may outlive it
        try:
            os.kill(pid, 9)
        except OSError:
            pass
    lines = output.read_text(encoding="utf-8").splitlines() if output.exists() else []
    failed = sum(1 for line in lines if not json.loads(line)["ok"])
    if process.returncode not in (0, 1) or failed or not lines:
        raise SystemExit(f"{engine} {name}: exit {process.returncode}, {failed} failed rows; "
                         f"{''.join(err)[-2000:]}")  # fmt: skip
    return Run(engine, name, len(lines), seconds, first_row or seconds, peak, load)


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--latency", type=float, default=0.05, help="model latency, seconds")
    parser.add_argument("--engines", nargs="+", default=["deterministic", "llm"])
    parser.add_argument("--runs", nargs="+", default=["local", "ray1", "ray2"])
    args = parser.parse_args()

    base_url = None
    if "llm" in args.engines:
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        server = context.Process(target=_serve, args=(args.latency, theirs), daemon=True)
        server.start()
        base_url = ours.recv()
    runs = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = folder / "in.jsonl"
        distinct, mean_chars = _write_input(source, args.articles)
        latency_ms = args.latency * 1000
        print(f"{args.articles} articles ({distinct} distinct texts, {mean_chars} characters on "
              f"average), {os.cpu_count()} CPUs, model latency {latency_ms:.0f} ms")  # fmt: skip
        for engine in args.engines:
            for run_name in args.runs:
                run = _timed(engine, run_name, source, folder, base_url)
                runs.append(run)
                print(f"  {engine:13} {run_name:5} {run.rate:7.1f} articles/s "
                      f"({run.seconds:.0f} s, load {run.load:.1f})", flush=True)  # fmt: skip
    if base_url:
        ours.send("stop")
        server.join(timeout=10)
    print()
    print("| engine | run | articles/s | seconds | first row after | articles/s after it "
          "| peak RSS (tree) | load avg before |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for r in runs:
        print(f"| {r.engine} | {r.name} | {r.rate:.1f} | {r.seconds:.0f} | {r.first_row_s:.1f} s "
              f"| {r.steady_rate:.1f} | {r.peak_mb:.0f} MB | {r.load:.1f} |")  # fmt: skip
    print()
    print("Worker scaling on Ray (articles/s after the first row; speed-up over one worker):")
    for engine in args.engines:
        one = next((r for r in runs if r.engine == engine and r.name == "ray1"), None)
        for r in runs:
            if r.engine == engine and r.name.startswith("ray") and one:
                print(f"  {engine:13} {r.name[3:]} worker(s): {r.steady_rate:6.1f} "
                      f"(x{r.steady_rate / one.steady_rate:.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
