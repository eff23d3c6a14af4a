"""A response cache on disk for the LLM engine, so evals and the page do not pay twice.

Keyed by model, endpoint host, prompt tag, schema hash, mode and the text itself; the value is
the extraction and the usage of the call that produced it. Never holds a key or header: only
the fields listed in `CacheKey` go into the hash, and only the result is stored.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from summarizer.schema import Extraction, Usage


def default_cache_dir() -> Path:
    """`SUMMARIZER_CACHE_DIR`, else `~/.cache/summarizer`."""
    configured = os.environ.get("SUMMARIZER_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "summarizer"


@dataclass(frozen=True)
class CacheKey:
    """What makes two LLM calls the same call."""

    model: str
    endpoint: str
    prompt: str
    schema: str
    mode: str
    text: str

    def digest(self) -> str:
        """A stable hash of the key's fields."""
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()


class ResponseCache:
    """JSON files under a folder, one per call, written atomically."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_cache_dir()

    def _path(self, key: CacheKey) -> Path:
        digest = key.digest()
        return self.folder / digest[:2] / f"{digest}.json"

    def get(self, key: CacheKey) -> tuple[Extraction, Usage] | None:
        """The stored result, or None (also when the file is unreadable)."""
        path = self._path(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Extraction.model_validate(data["extraction"]), Usage.model_validate(
                data["usage"]
            )
        except (OSError, ValueError, KeyError):
            return None

    def put(self, key: CacheKey, extraction: Extraction, usage: Usage) -> None:
        """Store a result; a failure to write is not an error for the caller."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            payload = {
                "extraction": extraction.model_dump(mode="json"),
                "usage": usage.model_dump(mode="json"),
            }
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
            ) as handle:
                json.dump(payload, handle, ensure_ascii=False)
            os.replace(handle.name, path)
        except OSError:
            return
