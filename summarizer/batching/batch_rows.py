"""One article of a batch: an input record in, one result row out.

Shared by every way a batch runs (the local thread pool, Ray Data, the provider's batch API),
so that the same record gives the same row whichever path summarized it.

A row is a flat mapping: `id`, `ok`, `error` (`"<ExceptionType>: <message>"` or None), the
engine and model, the `lang` the input gave (passed through), counts of allocations and
flagged findings, tokens spent, and the whole `Summary` (a JSON object in JSON Lines, a JSON
string in Parquet). Whatever goes wrong with one article ends up in its row, never in the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from summarizer.engines.base import Engine
from summarizer.inputs.document import Document
from summarizer.inputs.sources import load_path, load_url
from summarizer.inputs.text import parse_date, prepare
from summarizer.pipeline import run, with_document
from summarizer.schema import EngineInfo, Summary

ROW_COLUMNS = (
    "id",
    "ok",
    "error",
    "engine",
    "model",
    "lang",
    "allocations",
    "flagged",
    "tokens",
    "summary",
)


@dataclass
class BatchStats:
    """How a batch run went."""

    done: int = 0
    skipped: int = 0
    failed: int = 0

    def count(self, row: dict[str, Any]) -> None:
        """Count one row written."""
        if row["ok"]:
            self.done += 1
        else:
            self.failed += 1


def summarize_record(record: dict[str, Any], engine: Engine) -> dict[str, Any]:
    """Summarize one input record (`id`; `text`, `url` or `path`; optional `published`,
    `lang`) into a row."""
    try:
        published = parse_date(record.get("published"))
        document = _document(record)
        if document is None:
            summary = run(prepare(record["text"]), engine, published=published)
        else:  # a fetched page or a file: its own date unless the record gives one
            when = published or document.published
            summary = run(prepare(document.text), engine, published=when, url=document.url)
            summary = with_document(summary, document)
    except Exception as exc:  # one article's failure, whatever it is, must not stop the run
        return failure_row(record, f"{type(exc).__name__}: {exc}", _describe(engine))
    return success_row(record, summary)


def _document(record: dict[str, Any]) -> Document | None:
    """The article of a `url` or `path` record (None for a `text` record)."""
    if "text" in record:
        return None
    if "url" in record:
        return load_url(str(record["url"]), allow_private=True)  # the user's own machine
    return load_path(str(record["path"]))


def success_row(record: dict[str, Any], summary: Summary) -> dict[str, Any]:
    """The row of an article summarized."""
    usage = summary.usage
    return {
        "id": record["id"],
        "ok": True,
        "error": None,
        "engine": summary.engine.name,
        "model": summary.engine.model,
        "lang": _lang(record),
        "allocations": len(summary.extraction.allocations),
        "flagged": len(summary.flagged),
        "tokens": usage.prompt_tokens + usage.completion_tokens,
        "summary": summary.model_dump(mode="json"),
    }


def failure_row(record: dict[str, Any], error: str, info: EngineInfo | None) -> dict[str, Any]:
    """The row of an article that could not be summarized; `error` is one line."""
    return {
        "id": record["id"],
        "ok": False,
        "error": " ".join(error.split()),
        "engine": info.name if info else None,
        "model": info.model if info else None,
        "lang": _lang(record),
        "allocations": None,
        "flagged": None,
        "tokens": None,
        "summary": None,
    }


def _describe(engine: Engine) -> EngineInfo | None:
    try:
        return engine.describe()
    except Exception:  # noqa: BLE001 - a row must be written even if the engine is broken
        return None


def _lang(record: dict[str, Any]) -> str | None:
    lang = record.get("lang")
    return str(lang) if lang is not None else None
