"""JSON Lines files for the batch tests: records written one a line, rows read back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    """Write `records` to `path`, one JSON object a line; return `path`."""
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every line of `path` as a JSON object."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
