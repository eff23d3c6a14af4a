"""Batch runs in one process: resumable, concurrent, never losing or doubling a record.

Input: JSON Lines (one object per line) or Parquet, with `id` and `text`, optionally
`published` (an ISO date) and `lang`; other fields are ignored (`summarizer.batching.batch_files`).
Output: one row per article (`summarizer.batching.batch_rows`): JSON Lines appended and flushed as
each article finishes, or Parquet parts for a `*.parquet` output. Any failure of one article
(bad input, an engine error, even an unexpected exception) becomes its `ok: false` row,
`"error": "<ExceptionType>: <message>"`, and the run goes on.

Reruns: only ids with an `ok: true` row are skipped. Failed ids are retried: their rows are
removed first, so each id appears in the output once, and a success is never redone. Ctrl-C
(SIGINT) stops between rows; a hard kill (SIGKILL, power loss) can leave at most a
half-written last line, which the next run drops.

`summarizer.batching.batch_ray` runs the same rows on Ray Data;
`summarizer.batching.provider_batch` sends the LLM requests through the provider's batch API.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tqdm import tqdm

from summarizer.batching.batch_files import open_sink, read_records
from summarizer.batching.batch_rows import BatchStats, summarize_record
from summarizer.batching.pacing import RequestPacer
from summarizer.engines.base import Engine
from summarizer.pipeline import close, make_engine

__all__ = ["BatchStats", "run_batch"]


@contextmanager
def _closing(engine: Engine) -> Iterator[None]:
    """Close the engine's HTTP connections when the batch ends, not whenever GC gets to them."""
    try:
        yield
    finally:
        close(engine)


def run_batch(
    source: Path,
    output: Path,
    *,
    concurrency: int = 4,
    progress: bool = True,
    rps: float | None = None,
    **settings: Any,
) -> BatchStats:
    """Summarize every article of `source` not yet in `output`, appending results.

    Args:
        source: JSON Lines or Parquet input.
        output: JSON Lines, or a `*.parquet` directory of parts.
        concurrency: Parallel LLM calls (the deterministic engine runs one at a time).
        progress: Show a progress bar.
        rps: At most this many LLM requests per second (retries and re-asks included).
        **settings: Engine settings (see `summarizer.summarize`).
    """
    on_request: Callable[[], None] | None = RequestPacer(rps).wait if rps else None
    engine = make_engine(**settings, on_request=on_request)
    sink = open_sink(output)
    done = sink.finished_ids()
    stats = BatchStats()
    total = sum(1 for _ in read_records(source))
    lock = threading.Lock()
    workers = max(1, concurrency) if engine.describe().name == "llm" else 1

    bar = tqdm(total=total, disable=not progress, unit="article", dynamic_ncols=True)
    try:
        with _closing(engine), ThreadPoolExecutor(workers) as pool:

            def write(row: dict[str, Any]) -> None:
                with lock:
                    sink.write(row)
                    stats.count(row)
                    bar.update(1)

            pending: set[Future[dict[str, Any]]] = set()
            try:
                for record in read_records(source):
                    if str(record["id"]) in done:
                        stats.skipped += 1
                        bar.update(1)
                        continue
                    done.add(str(record["id"]))
                    pending.add(pool.submit(summarize_record, record, engine))
                    if len(pending) >= workers * 2:  # bounded queue: memory stays flat
                        finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                        for future in finished:
                            write(future.result())
                for future in pending:
                    write(future.result())
            except KeyboardInterrupt:
                for future in pending:
                    future.cancel()
                raise
    finally:
        sink.close()
        bar.close()
    return stats
