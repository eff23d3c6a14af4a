"""Batch runs over a JSON Lines file: resumable, concurrent, never losing or doubling a record.

Input: one JSON object per line with `id` and one of `text` (the article), `url` (fetched:
an HTML page, a PDF or plain text) or `path` (a text, HTML or PDF file), optionally `published`
(an ISO date; else a fetched page's or PDF's own); other fields are ignored.
Output: one JSON object per line, `{"id", "ok", "summary" | "error"}`, appended and flushed
as each article finishes. Any failure of one article (bad input, an engine error, even an
unexpected exception) becomes its `ok: false` line, `"error": "<ExceptionType>: <message>"`,
and the run goes on.

Reruns: only ids with an `ok: true` line are skipped. Failed ids are retried: their
`ok: false` lines are removed first (the file is rewritten atomically), so each id appears in
the file once, and a success is never redone. Ctrl-C (SIGINT) stops between lines; a hard kill
(SIGKILL, power loss) can leave at most a half-written last line, which the next run drops.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from summarizer.document import Document
from summarizer.engines.base import Engine
from summarizer.errors import InputError
from summarizer.inputs import parse_date, prepare
from summarizer.pipeline import close, make_engine, run, with_document
from summarizer.sources import load_path, load_url

_SURROGATE = re.compile("[\ud800-\udfff]")  # in a str from JSON, always unpaired
_SOURCE_KEYS = frozenset({"text", "url", "path"})


@dataclass
class BatchStats:
    """How a batch run went."""

    done: int = 0
    skipped: int = 0
    failed: int = 0


def _repair_tail(path: Path) -> None:
    """Drop a half-written last line left by a crash, so appends start on a fresh line."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb+") as handle:
        handle.seek(-1, os.SEEK_END)
        if handle.read(1) == b"\n":
            return
        data = path.read_bytes()
        keep = data.rfind(b"\n") + 1
        handle.truncate(keep)


def finished_ids(path: Path) -> set[str]:
    """Ids already summarized in an output file.

    Failed records are dropped from the file first (rewritten atomically), so that a rerun
    retries them and every id ends up in the file once.
    """
    if not path.exists():
        return set()
    _repair_tail(path)
    kept: list[str] = []
    ids: set[str] = set()
    dropped = False
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            if record.get("ok") and str(record["id"]) not in ids:
                ids.add(str(record["id"]))
                kept.append(line if line.endswith("\n") else line + "\n")
            else:
                dropped = True
    if dropped:
        spare = path.with_name(path.name + ".tmp")
        spare.write_text("".join(kept), encoding="utf-8")
        os.replace(spare, path)
    return ids


def read_articles(path: Path) -> Iterator[dict[str, Any]]:
    """Records of an input file, one at a time (memory stays flat on large files).

    A line that is not valid UTF-8 still yields its record, with the text as the raw bytes:
    summarizing it then fails for that record alone, saying so.
    """
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8", errors="surrogateescape")
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
            if not isinstance(record, dict) or "id" not in record or not _SOURCE_KEYS & set(record):
                raise InputError(
                    f"{path}:{number}: each line needs 'id' and a 'text', 'url' or 'path'"
                )
            text, key = record.get("text"), record["id"]
            if isinstance(text, str) and _SURROGATE.search(text):
                try:  # bytes that were not UTF-8: handed over as bytes, for `prepare` to refuse
                    record["text"] = text.encode("utf-8", errors="surrogateescape")
                except UnicodeEncodeError:
                    pass  # a lone surrogate written as a JSON escape: `prepare` refuses it too
            if isinstance(key, str) and _SURROGATE.search(key):
                record["id"] = _SURROGATE.sub("\ufffd", key)  # the output must be able to say it
            yield record


def _document(record: dict[str, Any]) -> Document | None:
    """The article of a `url` or `path` record (None for a `text` record)."""
    if "text" in record:
        return None
    if "url" in record:
        return load_url(str(record["url"]), allow_private=True)  # the user's own machine
    return load_path(str(record["path"]))


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
    **settings: Any,
) -> BatchStats:
    """Summarize every article of `source` not yet in `output`, appending results."""
    engine = make_engine(**settings)
    done = finished_ids(output)
    stats = BatchStats()
    total = sum(1 for _ in read_articles(source))
    lock = threading.Lock()
    workers = max(1, concurrency) if engine.describe().name == "llm" else 1

    def work(record: dict[str, Any]) -> dict[str, Any]:
        try:
            published = parse_date(record.get("published"))
            document = _document(record)
            if document is None:
                summary = run(prepare(record["text"]), engine, published=published)
            else:
                when = published or document.published
                summary = run(prepare(document.text), engine, published=when)
                summary = with_document(summary, document)
            return {"id": record["id"], "ok": True, "summary": summary.model_dump(mode="json")}
        except Exception as exc:  # one article's failure, whatever it is, must not stop the run
            return {"id": record["id"], "ok": False, "error": f"{type(exc).__name__}: {exc}"}

    bar = tqdm(total=total, disable=not progress, unit="article", dynamic_ncols=True)
    with (
        _closing(engine),
        output.open("a", encoding="utf-8") as sink,
        ThreadPoolExecutor(workers) as pool,
    ):

        def write(result: dict[str, Any]) -> None:
            with lock:
                sink.write(json.dumps(result, ensure_ascii=False) + "\n")
                sink.flush()
                if result["ok"]:
                    stats.done += 1
                else:
                    stats.failed += 1
                bar.update(1)

        pending: set[Future[dict[str, Any]]] = set()
        try:
            for record in read_articles(source):
                if str(record["id"]) in done:
                    stats.skipped += 1
                    bar.update(1)
                    continue
                done.add(str(record["id"]))
                pending.add(pool.submit(work, record))
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
            bar.close()
    return stats
