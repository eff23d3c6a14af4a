"""The LLM engine's requests sent through OpenAI's Batch API: half the price, answers within a day.

The requests are the live engine's own: the same messages (`LLMEngine._messages`), and the
same schema, tools or `response_format` for the mode, prepared by instructor
(`handle_response_model`), so a batch answer is what a live call would have returned. The
answers are then checked as instructor checks a live one (`from_response` with the source as
validation context); an answer the source does not bear out gets instructor's re-ask
(`handle_reask_kwargs`), and every re-ask of a round goes into the next batch. Requests that
failed in a way worth another try (429, 5xx, an expired batch) join that next batch too,
within the engine's transport retries. When the re-asks run out, the last answer that fits
the schema is kept (the validator flags what is wrong with it), as on the live path.

instructor's own `BatchProcessor` is not used: it builds its own client (no base URL, no key
handling of ours), always asks for strict `json_schema` output (which llama.cpp's server
refuses), and neither validates against the source nor re-asks.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import openai
from instructor.core import IncompleteOutputException
from instructor.processing.response import handle_reask_kwargs, handle_response_model
from openai.types.chat import ChatCompletion
from pydantic import ValidationError
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from summarizer.checking.facts import SourceFacts
from summarizer.engines.llm import (
    _RESPONSE_MODEL,
    LLMEngine,
    _add,
    _priced,
    _redacted,
    _transient,
    chunk_bounds,
    merge,
)
from summarizer.engines.llm_schema import LLMExtraction
from summarizer.errors import LLMOutputError, LLMTransportError
from summarizer.schema import EngineInfo, Extraction, Usage

BATCH_DISCOUNT = 0.5  # OpenAI's Batch API bills half the live price
_FINAL = frozenset({"completed", "failed", "expired", "cancelled"})
_PARSE_ERRORS = (ValidationError, json.JSONDecodeError, ValueError)
_ENDPOINT = "/v1/chat/completions"

Answer = tuple[Extraction, Usage] | Exception
ArticleKey = tuple[str, date | None]  # the text and its date: both go into the prompt


class BatchRequestError(Exception):
    """One request of a batch got no answer; `transient` when another batch may give one."""

    def __init__(self, message: str, *, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient


class BatchAPI:
    """Upload a JSON Lines file of chat requests, start a batch, poll it, download the answers.

    Args:
        client: The engine's `OpenAI` client (any server speaking `/v1/files` and
            `/v1/batches`).
        poll_seconds: Time between status polls.
        completion_window: The batch's deadline, as OpenAI spells it.
        retries: Retries of an upload, create, poll or download that fails transiently.
        max_wait: Longest wait between those retries, seconds.
        report: Called with one line of news (submitted, status changes).
    """

    def __init__(
        self,
        client: openai.OpenAI,
        *,
        poll_seconds: float = 30.0,
        completion_window: str = "24h",
        retries: int = 4,
        max_wait: float = 30.0,
        report: Callable[[str], None] | None = None,
    ) -> None:
        self.client = client
        self.poll_seconds = poll_seconds
        self.completion_window = completion_window
        self.retries = retries
        self.max_wait = max_wait
        self.report = report or (lambda line: None)
        self.batches: list[str] = []  # ids of the batches this run started

    def run(self, bodies: dict[str, dict[str, Any]]) -> dict[str, ChatCompletion | Exception]:
        """One batch of chat requests (custom id -> body); each id gets an answer or an error."""
        if not bodies:
            return {}
        lines = (
            json.dumps(
                {"custom_id": cid, "method": "POST", "url": _ENDPOINT, "body": body},
                default=_jsonable,
                ensure_ascii=False,
            )
            for cid, body in bodies.items()
        )
        data = ("\n".join(lines) + "\n").encode("utf-8")
        try:
            answers, status = self._submit_and_wait(data)
        except openai.OpenAIError as exc:
            error = BatchRequestError(
                f"the batch API failed: {_short(exc, self.client.api_key)}",
                transient=_transient(exc),
            )
            return dict.fromkeys(bodies, error)
        missing = BatchRequestError(
            f"the batch ended {status!r} without an answer to this request",
            transient=status == "expired",
        )
        return {cid: answers.get(cid, missing) for cid in bodies}

    def _submit_and_wait(self, data: bytes) -> tuple[dict[str, ChatCompletion | Exception], str]:
        client = self.client
        uploaded = self._call(
            lambda: client.files.create(
                file=("requests.jsonl", data, "application/jsonl"), purpose="batch"
            )
        )
        batch = self._call(
            lambda: client.batches.create(
                input_file_id=uploaded.id,
                endpoint=_ENDPOINT,
                completion_window=self.completion_window,  # type: ignore[arg-type]
                metadata={"source": "summarizer"},
            )
        )
        self.batches.append(batch.id)
        self.report(f"batch {batch.id}: {len(data):,} bytes of requests submitted")
        status = batch.status
        try:
            while batch.status not in _FINAL:
                time.sleep(self.poll_seconds)
                batch = self._call(lambda batch_id=batch.id: client.batches.retrieve(batch_id))
                if batch.status != status:
                    status = batch.status
                    counts = batch.request_counts
                    done = f" ({counts.completed}/{counts.total})" if counts else ""
                    self.report(f"batch {batch.id}: {status}{done}")
        except KeyboardInterrupt:
            try:  # stop paying for answers nobody will read
                client.batches.cancel(batch.id)
            finally:
                raise
        answers: dict[str, ChatCompletion | Exception] = {}
        for file_id in (batch.output_file_id, batch.error_file_id):
            if file_id:
                text = self._call(lambda file_id=file_id: client.files.content(file_id).text)
                answers.update(self._read_answers(text))
        return answers, batch.status

    def _read_answers(self, text: str) -> dict[str, ChatCompletion | Exception]:
        answers: dict[str, ChatCompletion | Exception] = {}
        for line in text.splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            response = record.get("response") or {}
            status = int(response.get("status_code") or 0)
            body = response.get("body") or {}
            if record.get("error") is None and status == 200:
                try:
                    answers[record["custom_id"]] = ChatCompletion.model_validate(body)
                    continue
                except ValidationError as exc:
                    answers[record["custom_id"]] = BatchRequestError(
                        f"the answer is not a chat completion: {exc.error_count()} errors",
                        transient=False,
                    )
                    continue
            error = record.get("error") or body.get("error") or {}
            message = str(error.get("message") or f"HTTP {status}")[:200]
            message = _redact_text(message, self.client.api_key)
            answers[record["custom_id"]] = BatchRequestError(
                f"HTTP {status or '-'} {error.get('code') or ''}: {message}".strip(),
                transient=status == 429 or status >= 500 or error.get("code") == "batch_expired",
            )
        return answers

    def _call(self, action: Callable[[], Any]) -> Any:
        for attempt in Retrying(
            retry=retry_if_exception(_transient),
            stop=stop_after_attempt(self.retries + 1),
            wait=wait_exponential(multiplier=0.5, max=self.max_wait),
            reraise=True,
        ):
            with attempt:
                return action()
        raise AssertionError("unreachable")  # pragma: no cover - Retrying returns or raises


@dataclass
class _Conversation:
    """One chunk of one article: its request as it stands, and what its answers cost."""

    chunk: str
    facts: SourceFacts
    kwargs: dict[str, Any]
    calls: int = 0
    failures: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    completions: list[ChatCompletion] = field(default_factory=list)
    result: LLMExtraction | None = None
    exhausted: bool = False
    error: Exception | None = None

    def usage(self) -> Usage:
        return Usage(
            calls=self.calls,
            reasks=max(0, self.calls - 1),
            reasks_exhausted=self.exhausted,
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
        )


class BatchExtractor:
    """Extractions for many articles at once, through rounds of provider batches."""

    def __init__(self, engine: LLMEngine, api: BatchAPI) -> None:
        self.engine = engine
        self.api = api

    def extract_all(self, articles: Sequence[tuple[str, SourceFacts]]) -> AnsweredEngine:
        """Ask for every article's chunks; an engine that answers `run` from the results."""
        engine, options = self.engine, self.engine.options
        plans: dict[ArticleKey, list[_Conversation | tuple[Extraction, Usage]]] = {}
        for text, facts in articles:
            if (text, facts.published) not in plans:
                bounds = chunk_bounds(facts, options.chunk_chars)
                plans[text, facts.published] = [self._plan(text, facts, b) for b in bounds]
        pending = [c for plan in plans.values() for c in plan if isinstance(c, _Conversation)]
        while pending:
            by_id = {f"r{i}": conversation for i, conversation in enumerate(pending)}
            answers = self.api.run({cid: c.kwargs for cid, c in by_id.items()})
            pending = [c for cid, c in by_id.items() if self._take(c, answers[cid])]
        results = {key: self._assemble(plan) for key, plan in plans.items()}
        return AnsweredEngine(results, engine.describe())

    def _plan(
        self, text: str, facts: SourceFacts, bounds: tuple[int, int]
    ) -> _Conversation | tuple[Extraction, Usage]:
        engine, options = self.engine, self.engine.options
        start, end = bounds
        chunk = text[start:end]
        cache = engine._cache
        if cache is not None:
            hit = cache.get(engine._key(chunk))
            if hit is not None:
                return hit[0], hit[1].model_copy(update={"cached": True})
        _, kwargs = handle_response_model(
            _RESPONSE_MODEL,
            mode=engine.mode,
            messages=engine._messages(chunk, facts, start, end),
            model=options.model,
            temperature=options.temperature,
            max_tokens=options.max_output_tokens,
        )
        return _Conversation(chunk=chunk, facts=facts, kwargs=kwargs)

    def _take(self, conversation: _Conversation, answer: ChatCompletion | Exception) -> bool:
        """Take one answer; True when the conversation needs another request."""
        options = self.engine.options
        if isinstance(answer, Exception):
            conversation.failures += 1
            transient = isinstance(answer, BatchRequestError) and answer.transient
            if transient and conversation.failures <= options.transport_retries:
                return True
            conversation.error = LLMTransportError(f"the batch request failed: {answer}")
            return False
        conversation.calls += 1
        conversation.completions.append(answer)
        if answer.usage is not None:
            conversation.prompt_tokens += answer.usage.prompt_tokens
            conversation.completion_tokens += answer.usage.completion_tokens
        context = {"facts": conversation.facts} if options.source_checks else None
        try:
            conversation.result = _RESPONSE_MODEL.from_response(
                answer, validation_context=context, strict=True, mode=self.engine.mode
            )
            return False
        except IncompleteOutputException:
            conversation.error = LLMOutputError("the model's answer was cut off (max tokens)")
            return False
        except _PARSE_ERRORS as exc:
            spent = conversation.prompt_tokens + conversation.completion_tokens
            if conversation.calls <= options.max_reasks and spent < options.token_budget:
                conversation.kwargs = handle_reask_kwargs(
                    conversation.kwargs, self.engine.mode, answer, exc
                )
                return True
            kept = self._last_answer(conversation)
            if kept is None:
                conversation.error = LLMOutputError(
                    f"the model's answer did not fit the schema or the article after "
                    f"{conversation.calls} call(s): {_first_line(exc)}"
                )
            else:
                conversation.result, conversation.exhausted = kept, True
            return False

    def _last_answer(self, conversation: _Conversation) -> LLMExtraction | None:
        """The latest answer that fits the schema, checked without the source (as live)."""
        for completion in reversed(conversation.completions):
            try:
                return _RESPONSE_MODEL.from_response(completion, mode=self.engine.mode)
            except Exception:  # noqa: BLE001 - any parse failure means: not this one
                continue
        return None

    def _assemble(self, plan: list[_Conversation | tuple[Extraction, Usage]]) -> Answer:
        engine = self.engine
        parts: list[Extraction] = []
        total = Usage()
        for step in plan:
            if isinstance(step, tuple):
                extraction, usage = step
            elif step.error is not None:
                return step.error
            else:
                assert step.result is not None
                extraction, usage = step.result.to_extraction(), step.usage()
                if engine._cache is not None:  # the live path's key: a rerun asks nothing
                    engine._cache.put(engine._key(step.chunk), extraction, usage)
            parts.append(extraction)
            total = _add(total, usage)
        priced = _priced(total, engine.options)
        if priced.cost_usd is not None:
            cost = round(priced.cost_usd * BATCH_DISCOUNT, 6)
            priced = priced.model_copy(update={"cost_usd": cost})
        return merge(parts), priced


class AnsweredEngine:
    """An engine whose answers were fetched beforehand (by a provider batch), by text and date.

    `summarizer.pipeline.run` calls it like any engine, so a provider batch's rows come out
    of the same per-article code as the other batch paths.
    """

    def __init__(self, answers: dict[ArticleKey, Answer], info: EngineInfo) -> None:
        self.answers = answers
        self.info = info

    def extract(self, text: str, facts: SourceFacts) -> tuple[Extraction, Usage]:
        """The answer fetched for this text, or its error raised."""
        answer = self.answers.get((text, facts.published))
        if answer is None:
            raise LLMOutputError("no batch answer for this article")
        if isinstance(answer, Exception):
            raise answer
        return answer

    def describe(self) -> EngineInfo:
        """The live engine's identity: same model, prompt and endpoint."""
        return self.info


def _jsonable(value: Any) -> Any:
    """Request parts instructor keeps as pydantic objects (a re-ask's assistant message)."""
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(mode="json", exclude_none=True)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _short(exc: Exception, key: str | None) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return _redact_text(" ".join(text.split())[:300], key)


def _redact_text(text: str, key: str | None) -> str:
    error, _ = _redacted(Exception(text), Exception(), key)
    return str(error)


def _first_line(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        text = "; ".join(str(error.get("msg", "")) for error in exc.errors())
    else:
        text = str(exc)
    return " ".join(text.split())[:300]
