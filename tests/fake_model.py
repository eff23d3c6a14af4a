"""A stand-in model for `ScriptedLLMServer`: answers from the figures the prompt lists.

`FakeModel` is a ``default`` reply factory. For each chat request it reads the article and the
CANDIDATES block of the last user message and answers with a valid tool call: one allocation
per money candidate (the figure as written, its value and currency, the figure itself as the
evidence), so the validator confirms every figure. Faults are scripted per article: when the
article contains a marker (``"FAULT-500"``), the replies listed for it are served in turn
(one per request for that article, re-asks and transport retries included) before the model
answers normally. `calls` counts requests per marker.

Used by the batch fault tests, the key-hygiene test and `benchmarks/batch_throughput.py`.
"""

from __future__ import annotations

import ast
import re
import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from llm_server import Reply, ToolCallReply

_CANDIDATE = re.compile(
    r"^Q\d+: (?P<text>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\") → (?P<value>\S+) (?P<unit>[A-Z]{3})"
    r"(?P<flags>.*)$",
    re.MULTILINE,
)
_ARTICLE = re.compile(r"ARTICLE:\n<<<\n(?P<text>.*)\n>>>", re.DOTALL)


def last_user_message(body: Mapping[str, Any]) -> str:
    """The text of the request's last user message ('' when there is none)."""
    for message in reversed(body.get("messages") or []):
        if message.get("role") == "user" and isinstance(message.get("content"), str):
            return str(message["content"])
    return ""


def article_of(body: Mapping[str, Any]) -> str:
    """The article (or chunk) a chat request asks about."""
    match = _ARTICLE.search(last_user_message(body))
    return match.group("text") if match else ""


def answer_from_prompt(body: Mapping[str, Any]) -> dict[str, Any]:
    """A schema-valid extraction: every money candidate of the prompt as an allocation."""
    prompt = last_user_message(body)
    article = article_of(body)
    allocations = []
    for match in _CANDIDATE.finditer(prompt):
        text = ast.literal_eval(match.group("text"))
        named = re.search(re.escape(text) + r"\s+(?:for|to)\s+(?:the\s+)?([^,.;\n]+)", article)
        allocations.append(
            {
                "amount": {
                    "value": match.group("value"),
                    "currency": match.group("unit"),
                    "approximate": "(approximate)" in match.group("flags"),
                    "text": text,
                },
                "converted": [],
                # as the article words it ("… for programme 3"), else a stand-in
                "recipient": named.group(1).strip() if named else "the programme",
                "purpose": "",
                "funder": None,
                "period": None,
                "kind": "budget",
                "evidence": text,
            }
        )
    return {
        "title": article_of(body)[:60],
        "summary": "",
        "issuer": None,
        "period": None,
        "allocations": allocations,
        "claims": [],
    }


class FakeModel:
    """A `ScriptedLLMServer` default factory: faults by article marker, then a valid answer.

    Args:
        faults: For each marker, the replies served (in turn) to requests whose article
            contains it; a marker mapped to an endless fault lists more replies than the
            engine will ever ask for.
    """

    def __init__(self, faults: Mapping[str, Sequence[Reply]] | None = None) -> None:
        self.faults = {marker: list(replies) for marker, replies in (faults or {}).items()}
        self.calls: Counter[str] = Counter()
        self._lock = threading.Lock()

    def __call__(self, body: dict[str, Any]) -> Reply:
        article = article_of(body)
        with self._lock:
            for marker, replies in self.faults.items():
                if marker in article:
                    served = self.calls[marker]
                    self.calls[marker] += 1
                    if served < len(replies):
                        return replies[served]
                    break
        return ToolCallReply(answer_from_prompt(body))
