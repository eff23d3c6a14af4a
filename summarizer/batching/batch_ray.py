"""`summarizer batch --ray`: the same batch on Ray Data, on one machine or a cluster.

Needs the optional extra `ray` (`pip install -e ".[ray]"`); nothing else in the package
imports this module except the CLI, lazily, when `--ray` is given (an import-linter contract
keeps `ray` out of the rest).

How a run goes:

1. The driver reads the output's finished ids (`summarizer.batching.batch_files`, the local batch's
   rules) and puts the records still to do into Ray's object store, a window of them at a
   time (20,000 by default), each record pickled whole: the worker sees exactly what the
   local batch would (text as raw bytes that `prepare` must refuse, an int id). The driver
   reads the input, so any file it can read will do, also on a cluster. Ray's own readers
   are not used: one line that is not UTF-8 or not JSON fails their whole read, and with a
   worker on every CPU their read tasks waited for a free CPU forever (seen on 2 CPUs).
2. Ray Data runs `SummarizeBatch` over each window, a callable class in
   `map_batches`: each worker builds its engine once and turns every record into a row with
   `summarize_record`, the code the local batch runs. The deterministic engine gets one
   worker per CPU; each LLM worker is a threaded actor running `concurrency` calls at once
   (one request in flight each), keeps the engine's bounded transport retries and re-asks,
   and waits on one `RequestPacer` actor before every request, so `rps` holds across all
   workers together.
3. The driver streams the rows into the output as they come, so a killed run keeps what it
   wrote and a rerun skips it. A block Ray gives up on (a worker that died on it) does not
   fail the job: its articles get error rows, retried by the next run.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import ray
import ray.data

from summarizer.batching.batch_files import Sink, open_sink, pending_windows, rows_table
from summarizer.batching.batch_rows import BatchStats, failure_row, summarize_record
from summarizer.batching.pacing import RequestPacer
from summarizer.pipeline import close, llm_configured, make_engine
from summarizer.schema import EngineInfo

_BLOCK_ROWS = 256  # records per block handed to Ray
_LLM_WORKER_CPUS = 0.25  # an LLM worker mostly waits on the network
_LLM_BATCH_ROWS = 2  # an LLM call's articles go one after another: keep its batches small
# A Ray task takes a whole block, its rows one after another, and its rows come out when it
# ends: an LLM worker's concurrent tasks each take a small block, so rows keep coming.
_LLM_BLOCK_ROWS = 16


def run_ray_batch(
    source: Path,
    output: Path,
    *,
    address: str | None = None,
    workers: int | None = None,
    concurrency: int = 4,
    rps: float | None = None,
    progress: bool = True,
    batch_size: int = 16,
    window: int = 20_000,
    **settings: Any,
) -> BatchStats:
    """Summarize every article of `source` not yet in `output`, on Ray Data.

    Args:
        source: JSON Lines or Parquet input (`id`, `text`, optional `published`, `lang`).
        output: JSON Lines, or a `*.parquet` directory of parts.
        address: An existing Ray cluster ("auto", "ray://host:10001", ...); None starts
            Ray on this machine (or reuses the Ray this process already joined).
        workers: Ray workers (default: one per CPU of the cluster).
        concurrency: Requests in flight per LLM worker.
        rps: At most this many LLM requests per second across all workers.
        progress: Show Ray Data's progress.
        batch_size: Articles per `map_batches` call.
        window: Articles handed to Ray at a time (bounds the object store's share).
        **settings: Engine settings (see `summarizer.summarize`).
    """
    settings = _resolved(settings)
    engine = make_engine(**settings)  # fails here, once, on settings no worker could use
    info = engine.describe()
    close(engine)
    sink = open_sink(output)
    stats = BatchStats()
    done = sink.finished_ids()
    started_ray = False
    try:
        with _sigterm_exits():
            for records in pending_windows(source, done, stats, window):
                if not ray.is_initialized():
                    started_ray = _start(address, workers)
                count = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
                rows = _summarized_rows(
                    _staged(records, count, _LLM_BLOCK_ROWS if info.name == "llm" else _BLOCK_ROWS),
                    settings,
                    workers=count,
                    llm=info.name == "llm",
                    concurrency=concurrency,
                    rps=rps,
                    progress=progress,
                    batch_size=batch_size,
                )
                _write_window(rows, {str(r["id"]) for r in records}, sink, stats, info)
    finally:
        sink.close()
        if started_ray:
            ray.shutdown()
    return stats


def _write_window(
    rows: Iterator[dict[str, Any]],
    pending: set[str],
    sink: Sink,
    stats: BatchStats,
    info: EngineInfo,
) -> None:
    """Write each id of a window once; ids Ray gave up on (a worker died) as error rows."""
    for row in rows:
        key = str(row["id"])
        if key in pending:  # a retried block can repeat rows
            pending.discard(key)
            sink.write(row)
            stats.count(row)
    for key in sorted(pending):
        row = failure_row({"id": key}, "WorkerError: the Ray task for it failed", info)
        sink.write(row)
        stats.count(row)


def _resolved(settings: dict[str, Any]) -> dict[str, Any]:
    """Settings whose meaning does not depend on a worker's environment.

    `auto` is decided here, on the driver, and the endpoint's URL passed on: a worker on
    another machine may not have `OPENAI_BASE_URL`. The key is not taken from the driver's
    environment into the job: workers read their own (this machine's inherit it; a
    cluster's nodes need it set). Only a key passed as `api_key=` goes to the workers.
    """
    settings = dict(settings)
    name = settings.get("engine", "auto")
    if name == "auto":
        configured = llm_configured(settings.get("base_url"), settings.get("api_key"))
        settings["engine"] = name = "llm" if configured else "deterministic"
    if name == "llm" and not settings.get("base_url") and os.environ.get("OPENAI_BASE_URL"):
        settings["base_url"] = os.environ["OPENAI_BASE_URL"]
    return settings


def _staged(records: list[dict[str, Any]], workers: int, most: int) -> list[Any]:
    """Records put into Ray's object store, in blocks, each record pickled whole.

    Pickled so that the worker sees exactly what the local batch would (text as raw bytes
    that `prepare` must refuse, an int id, a date from Parquet); written and read only here.
    """
    size = max(1, min(most, len(records) // (workers * 4)))  # work for every worker
    refs = []
    for start in range(0, len(records), size):
        block = records[start : start + size]
        blobs = [pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL) for r in block]
        refs.append(ray.put(pa.table({"record": pa.array(blobs, pa.binary())})))
    return refs


def _start(address: str | None, workers: int | None) -> bool:
    """Join a cluster, or start Ray on this machine; True (this run must shut it down)."""
    options: dict[str, Any] = {
        "include_dashboard": False,
        "logging_level": logging.WARNING,
        "log_to_driver": False,  # an article's failure is its row, not a worker's log line
    }
    if address:
        ray.init(address=address, **options)
    else:
        ray.init(num_cpus=max(workers or 0, os.cpu_count() or 1), **options)
    return True


@contextmanager
def _sigterm_exits() -> Iterator[None]:
    """Turn SIGTERM into SystemExit, so that `finally` shuts down the Ray this run started.

    Python's default SIGTERM ends the process at once, and Ray's processes outlive it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def exit_now(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, exit_now)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _summarized_rows(
    blocks: list[Any],
    settings: dict[str, Any],
    *,
    workers: int,
    llm: bool,
    concurrency: int,
    rps: float | None,
    progress: bool,
    batch_size: int,
) -> Iterator[dict[str, Any]]:
    """Rows as Ray Data produces them, in the order they finish."""
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = progress
    context.print_on_execution_start = progress
    context.max_errored_blocks = -1  # a block that fails becomes error rows, not a failed job
    logging.getLogger("ray.data").setLevel(logging.INFO if progress else logging.WARNING)
    pacer = ray.remote(num_cpus=0)(RequestPacer).remote(rps) if rps else None
    dataset = ray.data.from_arrow_refs(blocks).map_batches(
        SummarizeBatch,
        fn_constructor_kwargs={"settings": settings, "pacer": pacer},
        batch_size=min(batch_size, _LLM_BATCH_ROWS) if llm else batch_size,
        batch_format="pyarrow",
        compute=_workers(workers, concurrency if llm else 1),
        num_cpus=_LLM_WORKER_CPUS if llm else 1,
    )
    for batch in dataset.iter_batches(batch_format="pyarrow", batch_size=None):
        yield from batch.to_pylist()


class SummarizeBatch:
    """A Ray Data worker: builds the engine once, then summarizes batches of staged records.

    An LLM worker is a threaded actor: Ray Data runs up to `concurrency` calls of it at once,
    each waiting on its own request, so the requests in flight never wait for a batch's
    slowest one.
    """

    def __init__(self, settings: dict[str, Any], pacer: Any) -> None:
        self.engine = make_engine(**settings, on_request=_paced(pacer) if pacer else None)

    def __call__(self, batch: pa.Table) -> pa.Table:
        """Rows (the output schema) for a batch of staged records."""
        records = [pickle.loads(blob) for blob in batch.column("record").to_pylist()]
        return rows_table([summarize_record(record, self.engine) for record in records])


def _workers(size: int, calls: int) -> Any:
    """A fixed pool of `size` actors, each running up to `calls` calls at once (in threads)."""
    if calls <= 1:
        return ray.data.ActorPoolStrategy(size=size)
    return ray.data.ActorPoolStrategy(
        size=size,
        max_concurrent_calls_per_actor=calls,
        max_tasks_in_flight_per_actor=calls * 2,
        enable_true_multi_threading=True,
    )


def _paced(pacer: Any) -> Callable[[], None]:
    """Wait for the shared pacer's next slot (one small actor call per request)."""

    def wait() -> None:
        delay = ray.get(pacer.reserve.remote())
        if delay:
            time.sleep(delay)

    return wait
