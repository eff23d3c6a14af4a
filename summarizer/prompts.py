"""Loading the prompt files in `prompts/`: the system text, the user template, few-shot examples.

Prompts live in files, not in code, with a version in their header; every LLM result records
the version and a short hash of the files so that evals and caches tell prompt changes apart.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from summarizer.resources import prompts_dir
from summarizer.schema import Extraction

_PLACEHOLDERS = ("{published}", "{candidates}", "{text}")


class PromptError(RuntimeError):
    """The prompt files are missing or malformed."""


@dataclass(frozen=True)
class Example:
    """A worked example shown to the model: an article and its extraction."""

    article: str
    published: str | None
    extraction: Extraction


@dataclass(frozen=True)
class PromptSet:
    """The prompts of one version."""

    version: str
    system: str
    user: str
    examples: tuple[Example, ...]
    digest: str

    @property
    def tag(self) -> str:
        """'v1-3fa2c1': version and content hash, stored with every result."""
        return f"v{self.version}-{self.digest[:6]}"

    def render_user(self, *, text: str, candidates: str, published: str) -> str:
        """The user message for one article (or chunk)."""
        return (
            self.user.replace("{published}", published)
            .replace("{candidates}", candidates)
            .replace("{text}", text)
        )


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^# (system|user)\s*$", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


@lru_cache(maxsize=4)
def load_prompts(directory: Path | None = None) -> PromptSet:
    """Read and check `extract.md` and `examples/*.json`.

    Raises:
        PromptError: a file is missing, has no version, or lacks a placeholder.
    """
    folder = directory or prompts_dir()
    main = folder / "extract.md"
    if not main.is_file():
        raise PromptError(f"prompt file not found: {main}")
    raw = main.read_text(encoding="utf-8")
    header = re.match(r"---\s*\nversion:\s*(\S+)\s*\n---\s*\n", raw)
    if not header:
        raise PromptError(f"{main}: the header must give 'version: N'")
    sections = _sections(raw[header.end() :])
    if set(sections) != {"system", "user"}:
        raise PromptError(f"{main}: needs '# system' and '# user' sections")
    missing = [p for p in _PLACEHOLDERS if p not in sections["user"]]
    if missing:
        raise PromptError(f"{main}: the user section lacks {', '.join(missing)}")
    examples = []
    digest = hashlib.sha256(raw.encode())
    for path in sorted((folder / "examples").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        digest.update(path.read_bytes())
        examples.append(
            Example(
                article=data["article"],
                published=data.get("published"),
                extraction=Extraction.model_validate(data["extraction"]),
            )
        )
    return PromptSet(
        version=header.group(1),
        system=sections["system"],
        user=sections["user"],
        examples=tuple(examples),
        digest=digest.hexdigest(),
    )
