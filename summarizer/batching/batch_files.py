"""Batch input and output files: JSON Lines or Parquet, resumable, each id written once.

Input (`read_records`): JSON Lines (one object per line) or Parquet (a file or a directory of
files), with `id` and one of `text`, `url` (fetched) or `path` (a text, HTML or PDF file),
optionally `published` and `lang`; other fields are ignored.

Output (`open_sink`): a `.parquet` path is a directory of Parquet part files; anything else is
JSON Lines. Both keep the same promise:

- a row is in the output only whole: a JSON line is flushed as it is written and a hard kill
  leaves at most a half-written last line, which the next run drops; a Parquet part is written
  aside and renamed into place, so a kill loses at most the rows not yet in a part;
- `finished_ids` are the ids with an `ok` row; failed rows are removed first (JSON Lines
  rewritten atomically, Parquet parts rewritten without them), so a rerun retries only the
  failures and every id ends up in the output once.
"""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from summarizer.batching.batch_rows import ROW_COLUMNS, BatchStats
from summarizer.errors import InputError

_SURROGATE = re.compile("[\ud800-\udfff]")  # in a str from JSON, always unpaired
_INPUT_COLUMNS = ("id", "text", "url", "path", "published", "lang")
_SOURCES = frozenset({"text", "url", "path"})  # where a record's article comes from


def is_parquet(path: Path) -> bool:
    """Whether a path names Parquet (by its suffix, or a directory of Parquet files)."""
    return path.suffix == ".parquet" or (path.is_dir() and any(path.glob("*.parquet")))


# --- input ------------------------------------------------------------------------------


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """Records of an input file, one at a time (memory stays flat on large files)."""
    return _read_parquet(path) if is_parquet(path) else read_jsonl(path)


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Records of a JSON Lines file.

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
            if not isinstance(record, dict) or "id" not in record or not _SOURCES & set(record):
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


def pending_windows(
    source: Path, done: set[str], stats: BatchStats, size: int
) -> Iterator[list[dict[str, Any]]]:
    """Records not in `done`, `size` at a time (skips counted); an id given twice goes once."""
    seen = set(done)
    records: list[dict[str, Any]] = []
    for record in read_records(source):
        key = str(record["id"])
        if key in done:
            stats.skipped += 1
            continue
        if key in seen:
            continue
        seen.add(key)
        records.append(record)
        if len(records) >= size:
            yield records
            records = []
    if records:
        yield records


def _read_parquet(path: Path) -> Iterator[dict[str, Any]]:
    import pyarrow.dataset as pads

    dataset = pads.dataset(path, format="parquet")
    names = set(dataset.schema.names)
    if "id" not in names or not _SOURCES & names:
        raise InputError(f"{path}: a Parquet input needs columns 'id' and 'text', 'url' or 'path'")
    columns = [c for c in _INPUT_COLUMNS if c in names]
    for batch in dataset.to_batches(columns=columns, batch_size=1024):
        yield from batch.to_pylist()


# --- output -----------------------------------------------------------------------------


class Sink(Protocol):
    """Where result rows go."""

    def finished_ids(self) -> set[str]:
        """Ids with an `ok` row; failed rows are dropped so that they are retried."""
        ...

    def write(self, row: dict[str, Any]) -> None:
        """Add one row (see `summarizer.batching.batch_rows`)."""
        ...

    def close(self) -> None:
        """Make every row written so far durable."""
        ...


def open_sink(path: Path) -> Sink:
    """The sink for an output path: Parquet parts for `*.parquet`, else JSON Lines."""
    return ParquetSink(path) if path.suffix == ".parquet" else JsonlSink(path)


class JsonlSink:
    """One JSON line per row, appended and flushed as each article finishes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: Any = None

    def finished_ids(self) -> set[str]:
        """Ids already summarized; failed lines are removed (the file rewritten atomically)."""
        path = self.path
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

    def write(self, row: dict[str, Any]) -> None:
        """Append one line and flush it (a `summary` given as JSON text is written as JSON)."""
        if isinstance(row.get("summary"), str):
            row = {**row, "summary": json.loads(row["summary"])}
        if self._handle is None:
            self._handle = self.path.open("a", encoding="utf-8")
        self._handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        self._handle.flush()

    def close(self) -> None:
        """Close the file."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None


class ParquetSink:
    """A directory of Parquet part files, each written aside and renamed into place.

    Rows are buffered and written as a part every `rows_per_part` rows or `seconds_per_part`
    seconds (whichever comes first), and at `close`. Columns: those of `ROW_COLUMNS`, with
    `id` as a string and the `summary` as a JSON string.
    """

    def __init__(self, path: Path, *, rows_per_part: int = 1000, seconds_per_part: float = 30):
        self.path = path
        self.rows_per_part = rows_per_part
        self.seconds_per_part = seconds_per_part
        self._rows: list[dict[str, Any]] = []
        self._since = time.monotonic()

    def parts(self) -> list[Path]:
        """The finished part files."""
        return sorted(self.path.glob("part-*.parquet")) if self.path.is_dir() else []

    def finished_ids(self) -> set[str]:
        """Ids with an `ok` row; parts holding failed rows are rewritten without them."""
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        if self.path.exists() and not self.path.is_dir():
            raise InputError(f"{self.path}: a Parquet output is a directory of part files")
        for stray in self.path.glob(".part-*.tmp") if self.path.is_dir() else ():
            stray.unlink()  # a part a killed run did not finish: its rows are redone
        ids: set[str] = set()
        for part in self.parts():
            table = pq.read_table(part)
            keep = pc.fill_null(table.column("ok"), False)
            if not pc.all(keep).as_py():
                kept = table.filter(keep)
                if kept.num_rows:
                    self._publish(kept, part.name)
                else:
                    part.unlink()
                table = kept
            ids.update(str(i) for i in table.column("id").to_pylist())
        return ids

    def write(self, row: dict[str, Any]) -> None:
        """Buffer one row; write a part when enough rows or time have gathered."""
        self._rows.append(row)
        if (
            len(self._rows) >= self.rows_per_part
            or time.monotonic() - self._since >= self.seconds_per_part
        ):
            self.flush()

    def flush(self) -> None:
        """Write the buffered rows as one part."""
        if self._rows:
            name = f"part-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.parquet"
            self._publish(rows_table(self._rows), name)
            self._rows = []
        self._since = time.monotonic()

    def close(self) -> None:
        """Write what is buffered."""
        self.flush()

    def _publish(self, table: Any, name: str) -> None:
        import pyarrow.parquet as pq

        self.path.mkdir(parents=True, exist_ok=True)
        spare = self.path / f".{name}.tmp"
        pq.write_table(table, spare)
        os.replace(spare, self.path / name)


def rows_table(rows: list[dict[str, Any]]) -> Any:
    """Rows as a pyarrow table of the output schema (`id` a string, `summary` JSON text)."""
    import pyarrow as pa

    columns: dict[str, list[Any]] = {name: [] for name in ROW_COLUMNS}
    for row in rows:
        for name in ROW_COLUMNS:
            value = row.get(name)
            if name == "id":
                value = str(value)
            elif name == "summary" and value is not None and not isinstance(value, str):
                value = json.dumps(value, ensure_ascii=False)
            columns[name].append(value)
    return pa.table(columns, schema=output_schema())


def output_schema() -> Any:
    """The pyarrow schema of an output row."""
    import pyarrow as pa

    return pa.schema(
        [
            ("id", pa.string()),
            ("ok", pa.bool_()),
            ("error", pa.string()),
            ("engine", pa.string()),
            ("model", pa.string()),
            ("lang", pa.string()),
            ("allocations", pa.int32()),
            ("flagged", pa.int32()),
            ("tokens", pa.int64()),
            ("summary", pa.string()),
        ]
    )


def _repair_tail(path: Path) -> None:
    """Drop a half-written last line left by a crash, so appends start on a fresh line."""
    if path.stat().st_size == 0:
        return
    with path.open("rb+") as handle:
        handle.seek(-1, os.SEEK_END)
        if handle.read(1) == b"\n":
            return
        data = path.read_bytes()
        keep = data.rfind(b"\n") + 1
        handle.truncate(keep)
