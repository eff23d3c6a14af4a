"""The one-method contract every engine meets."""

from __future__ import annotations

from typing import Protocol

from summarizer.checking.facts import SourceFacts
from summarizer.schema import EngineInfo, Extraction, Usage


class Engine(Protocol):
    """Fills an `Extraction` from a source text.

    `facts` is the analysed source (quantities with spans, sentences, periods): the
    deterministic engine builds on it; the LLM engine shows its quantities to the model as
    candidates so that it labels real figures instead of inventing them.
    """

    def extract(self, text: str, facts: SourceFacts) -> tuple[Extraction, Usage]:
        """Return the extraction and what it cost."""
        ...

    def describe(self) -> EngineInfo:
        """Which engine and model this is; never a secret."""
        ...
