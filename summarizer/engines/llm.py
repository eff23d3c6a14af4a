"""The LLM engine: `instructor` over the `openai` client, pointed at any OpenAI-compatible endpoint.

- The `OpenAI` client is injected (tests point it at a loopback server); `from_settings` builds
  one from arguments or `OPENAI_BASE_URL` / `OPENAI_API_KEY`.
- The model sees the figures the core found (`CANDIDATES`) and labels them; pydantic
  validators with the source as context reject invented figures, and instructor re-asks,
  bounded in attempts and in tokens (instructor's own `token_budget`).
- Transport faults (timeouts, 429 honouring Retry-After, 5xx, resets) are retried with
  `tenacity`, exponential backoff with jitter, bounded; a 4xx that will not change is not.
- Long articles are cut at sentence boundaries into chunks; results are merged in whole-text
  terms (grounding gives the spans later). Results are cached on disk.
"""

from __future__ import annotations

import json
import os
import random
import threading
import traceback
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal
from urllib.parse import urlparse

import instructor
import openai
from instructor.core import (
    Hooks,
    IncompleteOutputException,
    InstructorRetryException,
    TokenBudgetError,
)
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from summarizer.checking.facts import SourceFacts
from summarizer.engines.llm_schema import LLMExtraction
from summarizer.errors import LLMOutputError, LLMTransportError
from summarizer.llm_cache import CacheKey, ResponseCache
from summarizer.prompts import PromptSet, load_prompts
from summarizer.schema import Allocation, Claim, EngineInfo, Extraction, Relation, Usage

ModeName = Literal["auto", "tools", "json", "json_schema", "md_json"]
_MODES = {
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "md_json": instructor.Mode.MD_JSON,
}
# Wrapped for instructor once: given a plain model, it builds a new wrapper class on every call,
# and those classes pile up (a batch's memory grew by about 20 MB per 1,000 articles).
_RESPONSE_MODEL = instructor.openai_schema(LLMExtraction)
# USD per million tokens (input, output) for models whose price is public; others: None.
_PRICES = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-nano": (0.10, 0.40),
}


class LLMOptions(BaseModel):
    """Settings of the LLM engine. Unknown options are an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")

    model: str = Field(default_factory=lambda: os.environ.get("SUMMARIZER_MODEL", "gpt-4o-mini"))
    base_url: str | None = None
    api_key: SecretStr | None = None
    mode: ModeName = "auto"
    max_reasks: int = Field(default=2, ge=0, le=5)
    # Re-ask when a figure or quote is not in the source. Off, the model's answer goes straight
    # to the validator's report (to see what a model gets wrong on its own).
    source_checks: bool = True
    token_budget: int = Field(
        default=60_000, gt=0, description="tokens per chunk, re-asks included"
    )
    max_output_tokens: int = Field(default=4096, gt=0)
    timeout: float = Field(default=60.0, gt=0)
    transport_retries: int = Field(default=4, ge=0, le=10)
    max_retry_wait: float = Field(default=30.0, ge=0)
    cache: bool = True
    chunk_chars: int = Field(default=12_000, ge=500)
    temperature: float = 0.0
    examples: bool = True
    price_per_mtok: tuple[float, float] | None = None


def choose_mode(mode: ModeName, base_url: str | None) -> instructor.Mode:
    """The instructor mode for an endpoint.

    `auto` is TOOLS: seen working on OpenAI and on llama-cpp-python's server (where the forced
    tool call becomes a grammar); that server rejects JSON_SCHEMA's `response_format` with a
    500, and JSON without a grammar let a small model answer in the wrong shape. vLLM and
    Ollama accept `json_schema` too; pass it explicitly to use it.
    """
    del base_url  # the choice is the same for every endpoint seen so far
    return _MODES["tools" if mode == "auto" else mode]


def _http_client(on_request: Callable[[], None]) -> openai.DefaultHttpxClient:
    """openai's default HTTP client, calling `on_request` before each request it sends."""
    return openai.DefaultHttpxClient(event_hooks={"request": [lambda _request: on_request()]})


def _transient(exc: BaseException) -> bool:
    """Worth another try: timeouts, resets, 429 and 5xx (also when instructor wrapped them)."""
    cause = exc.__cause__ if isinstance(exc, InstructorRetryException) else exc
    if isinstance(cause, openai.APITimeoutError | openai.APIConnectionError):
        return True
    if isinstance(cause, openai.APIStatusError):
        return cause.status_code == 429 or cause.status_code >= 500
    return False


def _retry_after(exc: BaseException | None) -> float | None:
    cause = exc.__cause__ if isinstance(exc, InstructorRetryException) else exc
    if isinstance(cause, openai.APIStatusError):
        value = cause.response.headers.get("retry-after")
        try:
            return float(value) if value is not None else None
        except ValueError:
            return None
    return None


@dataclass
class _Meter:
    """Calls, re-asks and tokens of one article, counted through instructor's hooks."""

    calls: int = 0
    parse_errors: int = 0
    exhausted: bool = False  # re-asks spent; the last answer was kept
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def on_response(self, response: Any) -> None:
        self.calls += 1
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
            self.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)

    def on_parse_error(self, *args: Any, **kwargs: Any) -> None:
        self.parse_errors += 1


class LLMEngine:
    """Extraction by an LLM behind any OpenAI-compatible endpoint."""

    def __init__(
        self,
        client: openai.OpenAI,
        options: LLMOptions,
        *,
        prompts: PromptSet | None = None,
        cache: ResponseCache | None = None,
    ) -> None:
        self.options = options
        self.prompts = prompts or load_prompts()
        self.mode = choose_mode(options.mode, str(client.base_url))
        self._client = client
        self._instructor = instructor.from_openai(client, mode=self.mode)
        self._cache = cache if cache is not None else (ResponseCache() if options.cache else None)
        self._schema_hash = CacheKey(
            "", "", "", json.dumps(LLMExtraction.model_json_schema(), sort_keys=True), "", ""
        ).digest()[:12]
        self._lock = threading.Lock()

    @classmethod
    def from_settings(
        cls,
        *,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        on_request: Callable[[], None] | None = None,
        **options: Any,
    ) -> LLMEngine:
        """Build the engine and its client from arguments or the environment.

        `on_request` runs before every HTTP request (first tries, retries and re-asks alike):
        a batch's requests-per-second limit waits there.
        """
        base_url = base_url or os.environ.get("OPENAI_BASE_URL")
        key = api_key or os.environ.get("OPENAI_API_KEY") or "not-needed"  # local servers
        settings = LLMOptions(
            **({"model": model} if model else {}),
            base_url=base_url,
            api_key=SecretStr(key),
            **options,
        )
        client = openai.OpenAI(
            base_url=base_url,
            api_key=settings.api_key.get_secret_value() if settings.api_key else None,
            timeout=settings.timeout,
            max_retries=0,  # retries are ours (tenacity), with a budget and Retry-After
            http_client=_http_client(on_request) if on_request else None,
        )
        return cls(client, settings)

    def close(self) -> None:
        """Close the HTTP client."""
        self._client.close()

    def describe(self) -> EngineInfo:
        """Engine identity for the `Summary`; the endpoint's host only, never the key."""
        return EngineInfo(
            name="llm",
            model=self.options.model,
            prompt_version=self.prompts.tag,
            endpoint=urlparse(str(self._client.base_url)).netloc or None,
        )

    # --- extraction -----------------------------------------------------------------------

    def extract(self, text: str, facts: SourceFacts) -> tuple[Extraction, Usage]:
        """Extract from `text`, chunk by chunk, merging the results."""
        total = Usage()
        parts: list[Extraction] = []
        for start, end in chunk_bounds(facts, self.options.chunk_chars):
            extraction, usage = self._extract_chunk(text[start:end], text, facts, start, end)
            parts.append(extraction)
            total = _add(total, usage)
        return merge(parts), _priced(total, self.options)

    def _key(self, chunk: str) -> CacheKey:
        return CacheKey(
            model=self.options.model,
            endpoint=urlparse(str(self._client.base_url)).netloc,
            prompt=self.prompts.tag,
            schema=self._schema_hash,
            mode=self.mode.value + ("" if self.options.source_checks else "+unchecked"),
            text=chunk,
        )

    def _extract_chunk(
        self, chunk: str, text: str, facts: SourceFacts, start: int, end: int
    ) -> tuple[Extraction, Usage]:
        key = self._key(chunk)
        if self._cache is not None:
            hit = self._cache.get(key)
            if hit is not None:
                extraction, usage = hit
                return extraction, usage.model_copy(update={"cached": True})
        meter = _Meter()
        messages = self._messages(chunk, facts, start, end)
        result = self._call_with_retries(messages, facts, meter)
        usage = Usage(
            calls=meter.calls,
            reasks=max(0, meter.calls - 1),
            reasks_exhausted=meter.exhausted,
            prompt_tokens=meter.prompt_tokens,
            completion_tokens=meter.completion_tokens,
        )
        extraction = result.to_extraction()
        if self._cache is not None:
            self._cache.put(key, extraction, usage)
        return extraction, usage

    def _messages(
        self, chunk: str, facts: SourceFacts, start: int, end: int
    ) -> list[dict[str, str]]:
        published = facts.published.isoformat() if facts.published else "unknown"
        messages = [{"role": "system", "content": self.prompts.system}]
        if self.options.examples:
            for example in self.prompts.examples:
                example_facts = SourceFacts.of(example.article)
                messages.append(
                    {
                        "role": "user",
                        "content": self.prompts.render_user(
                            text=example.article,
                            candidates=candidates_text(example_facts, 0, len(example.article)),
                            published=example.published or "unknown",
                        ),
                    }
                )
                messages.append(
                    {
                        "role": "assistant",
                        "content": example.extraction.model_dump_json(
                            exclude={
                                "allocations": {"__all__": {"span"}},
                                "claims": {"__all__": {"span"}},
                                "relations": {"__all__": {"span"}},
                            }
                        ),
                    }
                )
        messages.append(
            {
                "role": "user",
                "content": self.prompts.render_user(
                    text=chunk, candidates=candidates_text(facts, start, end), published=published
                ),
            }
        )
        return messages

    def _call_with_retries(
        self, messages: list[dict[str, str]], facts: SourceFacts, meter: _Meter
    ) -> LLMExtraction:
        options = self.options

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            told = _retry_after(exc)
            if told is not None:
                return min(told, options.max_retry_wait)
            backoff = min(options.max_retry_wait, 0.5 * 2 ** (state.attempt_number - 1))
            return backoff * (0.5 + random.random() / 2)  # jitter: spread out the retries

        hooks = Hooks()
        hooks.on("completion:response", meter.on_response)
        hooks.on("parse:error", meter.on_parse_error)
        try:
            for attempt in Retrying(
                retry=retry_if_exception(_transient),
                stop=stop_after_attempt(options.transport_retries + 1),
                wait=wait,
                reraise=True,
            ):
                with attempt:
                    return self._instructor.chat.completions.create(
                        model=options.model,
                        messages=messages,  # type: ignore[arg-type]
                        response_model=_RESPONSE_MODEL,
                        max_retries=options.max_reasks,
                        context={"facts": facts} if options.source_checks else {},
                        temperature=options.temperature,
                        max_tokens=options.max_output_tokens,
                        token_budget=options.token_budget,
                        hooks=hooks,
                    )
        except InstructorRetryException as exc:
            kept = self._last_answer(exc)
            if kept is not None:
                meter.exhausted = True
                return kept
            error, leaked = _redacted(_translate(exc, meter), exc, self._client.api_key)
            raise error from (None if leaked else exc)
        except Exception as exc:  # every failure leaves as one of our two clear errors
            error, leaked = _redacted(_translate(exc, meter), exc, self._client.api_key)
            # A server that echoes the key in its error body puts it in the original exception:
            # then it is not chained, so that no printed traceback shows it.
            raise error from (None if leaked else exc)
        raise LLMTransportError("the LLM call did not run")  # pragma: no cover - loop returns

    def _last_answer(self, exc: InstructorRetryException) -> LLMExtraction | None:
        """The latest answer that parsed, once the re-asks (or their tokens) are spent.

        Re-asks exist to get figures the source bears out; when they run out, the user still
        gets the model's answer, and the validator's report (which runs on it as on any
        answer) flags every failing item. An answer that never fit the schema is no answer:
        then None, and the caller raises. Transport failures never reach here.
        """
        if _transient(exc):
            return None
        attempts = list(exc.failed_attempts or [])
        completions = [a.completion for a in reversed(attempts) if a.completion is not None]
        if exc.last_completion is not None:
            completions.insert(0, exc.last_completion)
        for completion in completions:
            try:  # parsed again without the source checks: only the schema must hold
                return _RESPONSE_MODEL.from_response(completion, mode=self.mode)
            except Exception:  # noqa: BLE001 - any parse failure means: not this one
                continue
        return None


def _translate(exc: Exception, meter: _Meter) -> Exception:
    cause = exc.__cause__ if isinstance(exc, InstructorRetryException) else exc
    if _transient(exc):
        kind = type(cause).__name__
        return LLMTransportError(
            f"the LLM endpoint kept failing ({kind}) after retries; try again later "
            f"or raise --timeout"
        )
    if isinstance(cause, openai.APIStatusError):
        return LLMTransportError(
            f"the LLM endpoint refused the request (HTTP {cause.status_code}): "
            f"{_safe_message(cause)}"
        )
    if isinstance(exc, TokenBudgetError):
        return LLMOutputError(f"the token budget ran out during re-asks: {_detail(exc, 200)}")
    if isinstance(exc, InstructorRetryException | IncompleteOutputException):
        return LLMOutputError(
            f"the model's answer did not fit the schema or the article after {meter.calls} "
            f"call(s): {_detail(exc)}"
        )
    return LLMOutputError(f"the LLM call failed: {type(exc).__name__}: {_detail(exc)}")


def _redacted(error: Exception, cause: Exception, key: str | None) -> tuple[Exception, bool]:
    """`error` with the key blanked out of its message, and whether `cause` holds the key."""
    if not key or len(key) < 8:  # a few characters are no secret, and blanking them garbles
        return error, False
    leaked = key in "".join(traceback.format_exception(cause))
    if key not in str(error):
        return error, leaked
    return type(error)(str(error).replace(key, "[redacted]")), leaked


def _detail(exc: BaseException, limit: int = 300) -> str:
    """What went wrong, on one line: the last attempt's errors, not instructor's XML dump."""
    attempts = getattr(exc, "failed_attempts", None) or []
    last = attempts[-1].exception if attempts else exc
    if isinstance(last, ValidationError):
        text = "; ".join(str(error.get("msg", "")) for error in last.errors())
    else:
        text = str(last)
    return " ".join(text.split())[:limit]


def _safe_message(exc: openai.APIStatusError) -> str:
    # The body of a refusal may echo request details; keep it short and drop anything key-like.
    message = str(getattr(exc, "message", "") or "")[:200]
    return " ".join(w for w in message.split() if not w.startswith(("sk-", "Bearer")))


def chunk_bounds(facts: SourceFacts, limit: int) -> list[tuple[int, int]]:
    """Cut the text at sentence ends into pieces of at most about `limit` characters."""
    text = facts.text
    if len(text) <= limit or not facts.sentences:
        return [(0, len(text))]
    bounds: list[tuple[int, int]] = []
    start = 0
    for sentence in facts.sentences:
        if sentence.end - start > limit and sentence.start > start:
            bounds.append((start, sentence.start))
            start = sentence.start
    bounds.append((start, len(text)))
    return bounds


def candidates_text(facts: SourceFacts, start: int, end: int) -> str:
    """The figures in `[start, end)`, one a line: `Q3: 'about 1.23 trillion yen' → 1.23E+12 JPY`."""
    lines = []
    quantities = facts.quantities  # in text order, without overlaps: ends rise with starts
    first = bisect_left(quantities, start, key=lambda q: q.start)  # not every figure per chunk
    last = first
    while last < len(quantities) and quantities[last].end <= end:
        last += 1
    for i in range(first, last):
        q = quantities[i]
        flags = " (approximate)" if q.approximate else ""
        flags += " (currency uncertain)" if q.ambiguous else ""
        shown = " ".join(q.text.split())
        lines.append(f"Q{i}: {shown!r} → {q.value} {q.unit}{flags}")
    return "\n".join(lines) or "(none found)"


def merge(parts: list[Extraction]) -> Extraction:
    """One extraction from per-chunk ones; an amount quoted twice alike is kept once.

    Each chunk numbers its items from 'a1' and 'c1': items get fresh ids here, and each
    chunk's relations are re-pointed to them (a dropped duplicate to the item kept).
    """
    if len(parts) == 1:
        return parts[0]
    kept: dict[tuple[Decimal, str, str], str] = {}
    allocations: list[Allocation] = []
    claims: list[Claim] = []
    relations: list[Relation] = []
    for part in parts:
        renamed: dict[str, str] = {}
        for a in part.allocations:
            key = (a.amount.value, a.amount.currency, " ".join(a.evidence.split()))
            if key not in kept:
                kept[key] = f"a{len(allocations) + 1}"
                allocations.append(a.model_copy(update={"id": kept[key]}))
            renamed[a.id] = kept[key]
        for c in part.claims:
            renamed[c.id] = f"c{len(claims) + 1}"
            claims.append(c.model_copy(update={"id": renamed[c.id]}))
        relations += [
            r.model_copy(
                update={
                    "source": _renamed(r.source, renamed),
                    "target": _renamed(r.target, renamed),
                }
            )  # fmt: skip
            for r in part.relations
        ]
    first = parts[0]
    return Extraction(
        title=first.title,
        summary=" ".join(p.summary for p in parts if p.summary)[:1200],
        issuer=next((p.issuer for p in parts if p.issuer), None),
        period=next((p.period for p in parts if p.period), None),
        allocations=allocations,
        claims=claims,
        relations=relations,
    )


def _renamed(ref: str, renamed: dict[str, str]) -> str:
    """A relation's 'a2' or 'c3#2' with the item's new id; an unknown id is left as it is."""
    item, hash_, rest = ref.partition("#")
    new = renamed.get(item.strip())
    return f"{new}{hash_}{rest}" if new else ref


def _add(a: Usage, b: Usage) -> Usage:
    return Usage(
        calls=a.calls + b.calls,
        reasks=a.reasks + b.reasks,
        reasks_exhausted=a.reasks_exhausted or b.reasks_exhausted,
        prompt_tokens=a.prompt_tokens + b.prompt_tokens,
        completion_tokens=a.completion_tokens + b.completion_tokens,
        cached=a.cached or b.cached,
    )


def _priced(usage: Usage, options: LLMOptions) -> Usage:
    price = options.price_per_mtok or _PRICES.get(options.model)
    if price is None:
        return usage
    cost = (usage.prompt_tokens * price[0] + usage.completion_tokens * price[1]) / 1_000_000
    return usage.model_copy(update={"cost_usd": round(cost, 6)})
