"""`summarizer batch --provider-batch`: the LLM requests go through the provider's Batch API.

Half the price of live calls, answers within the batch's window (a day at OpenAI), so this is
for large runs that can wait. A window of articles (5,000 by default: OpenAI takes up to
50,000 requests and 200 MB per batch) goes as one batch; the answers are validated against
their sources, and the re-asks (and the requests worth another try) go as a second batch, and
so on while the engine's re-ask and retry bounds allow (`summarizer.engines.llm_batch`). Then
each article's row comes out of the same per-article code as every other batch path
(`summarize_record`), with the answers fetched beforehand; output and resumption are the
local batch's (`summarizer.batching.batch_files`): a window is written once its batches are done.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from summarizer.batching.batch_files import open_sink, pending_windows
from summarizer.batching.batch_rows import BatchStats, summarize_record
from summarizer.checking.facts import SourceFacts
from summarizer.errors import OptionsError
from summarizer.inputs.text import parse_date, prepare
from summarizer.pipeline import close, make_engine


def run_provider_batch(
    source: Path,
    output: Path,
    *,
    poll_seconds: float = 30.0,
    window: int = 5000,
    progress: bool = True,
    concurrency: int | None = None,
    **settings: Any,
) -> BatchStats:
    """Summarize every article of `source` not yet in `output` through provider batches.

    Args:
        source: JSON Lines or Parquet input (`id`, `text`, optional `published`, `lang`).
        output: JSON Lines, or a `*.parquet` directory of parts.
        poll_seconds: Time between batch status polls.
        window: Articles per provider batch.
        progress: Report each batch's progress on stderr.
        concurrency: Unused (the provider schedules a batch's requests).
        **settings: LLM engine settings (see `summarizer.summarize`); the engine must be
            the LLM.
    """
    del concurrency
    if settings.get("engine", "auto") == "deterministic":
        raise OptionsError("--provider-batch sends LLM requests: it needs the LLM engine")
    from summarizer.engines.llm_batch import BatchAPI, BatchExtractor

    engine = make_engine(**{**settings, "engine": "llm"})
    options = engine.options  # type: ignore[attr-defined]
    api = BatchAPI(
        engine._client,  # type: ignore[attr-defined]
        poll_seconds=poll_seconds,
        retries=options.transport_retries,
        max_wait=options.max_retry_wait,
        report=(lambda line: print(f"summarizer: {line}", file=sys.stderr)) if progress else None,
    )
    extractor = BatchExtractor(engine, api)  # type: ignore[arg-type]
    sink = open_sink(output)
    stats = BatchStats()
    done = sink.finished_ids()
    try:
        for records in pending_windows(source, done, stats, window):
            answered = extractor.extract_all(list(_askable(records)))
            for record in records:
                row = summarize_record(record, answered)
                sink.write(row)
                stats.count(row)
    finally:
        sink.close()
        close(engine)
    return stats


def _askable(records: list[dict[str, Any]]) -> Iterator[tuple[str, SourceFacts]]:
    """The texts worth a request, with their facts; bad input is left for its row to say."""
    for record in records:
        try:
            text = prepare(record["text"])
            facts = SourceFacts.of(text, published=parse_date(record.get("published")))
        except Exception:  # noqa: BLE001 - `summarize_record` reports it in the row
            continue
        yield text, facts
