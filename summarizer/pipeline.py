"""`summarize()`: prepare the text, run an engine, ground its quotes, validate every number."""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, Literal

from summarizer.checking.facts import SourceFacts
from summarizer.checking.validate import validate
from summarizer.engines.base import Engine
from summarizer.engines.deterministic import DeterministicEngine
from summarizer.engines.role_model import ROLE_MODES
from summarizer.errors import EndpointNotConfiguredError, OptionsError
from summarizer.inputs.document import Document
from summarizer.inputs.text import parse_date, prepare
from summarizer.schema import Extraction, Summary

EngineName = Literal["auto", "deterministic", "llm"]


def llm_configured(base_url: str | None = None, api_key: str | None = None) -> bool:
    """True when an OpenAI-compatible endpoint is configured by argument or environment."""
    return bool(
        base_url or api_key or os.environ.get("OPENAI_BASE_URL") or os.environ.get("OPENAI_API_KEY")
    )


def make_engine(
    engine: EngineName = "auto",
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    on_request: Callable[[], None] | None = None,
    **options: Any,
) -> Engine:
    """Build the engine `summarize()` would use for these settings.

    `on_request` is called before every HTTP request the LLM engine sends (a rate limit's
    wait); the deterministic engine sends none and ignores it. `roles` ("rules", "model" or
    "hybrid") is the deterministic engine's only option: who decides which amounts are
    allocations (`summarizer.engines.role_model`).
    """
    if engine not in ("auto", "deterministic", "llm"):
        raise ValueError(f"unknown engine {engine!r}: use 'auto', 'deterministic' or 'llm'")
    roles = options.pop("roles", None) or "rules"
    if roles not in ROLE_MODES:
        raise OptionsError(f"unknown roles {roles!r}: use one of {', '.join(ROLE_MODES)}")
    if engine == "deterministic" or (engine == "auto" and not llm_configured(base_url, api_key)):
        if options:
            raise TypeError(f"the deterministic engine takes no options: {sorted(options)}")
        return DeterministicEngine(roles=roles)
    if roles != "rules":
        raise OptionsError(
            f"roles={roles!r} is for the deterministic engine; the LLM reads roles itself"
        )
    if not llm_configured(base_url, api_key):
        raise EndpointNotConfiguredError(
            "engine='llm' needs an endpoint: set OPENAI_BASE_URL (and OPENAI_API_KEY if the "
            "server wants one) or pass base_url=/api_key="
        )
    from summarizer.engines.llm import LLMEngine  # imported only when used: keeps start-up fast

    return LLMEngine.from_settings(
        model=model, base_url=base_url, api_key=api_key, on_request=on_request, **options
    )


def ground(extraction: Extraction, facts: SourceFacts) -> Extraction:
    """Give every evidence quote its span in the source (exact, normalized or fuzzy)."""
    allocations = [_grounded(a, facts) for a in extraction.allocations]
    claims = [_grounded(c, facts) for c in extraction.claims]
    return extraction.model_copy(update={"allocations": allocations, "claims": claims})


def _grounded(item: Any, facts: SourceFacts) -> Any:
    """The item with its evidence's span; itself when the span it has already slices to it
    (the deterministic engine's thousands of allocations are not copied for nothing)."""
    span = _span_of(item.evidence, item.span, facts)
    return item if span is item.span else item.model_copy(update={"span": span})


def _span_of(quote: str, span: Any, facts: SourceFacts) -> Any:
    if span is not None and span.end <= len(facts.text) and span.slice(facts.text) == quote:
        return span
    if not quote.strip():
        return None
    return facts.index.ground(quote).span


def run(
    text: str, engine: Engine, *, published: date | None = None, url: str | None = None
) -> Summary:
    """Summarize already-prepared `text` with a built `engine`; `url` is the page's address,
    when known (its country helps read a bare "$")."""
    started = time.perf_counter()
    with _fewer_collections():
        facts = SourceFacts.of(text, published=published, url=url)
        extraction, usage = engine.extract(text, facts)
        extraction = ground(extraction, facts)
        findings = validate(extraction, text, facts=facts)
    return Summary(
        source=text,
        extraction=extraction,
        findings=findings,
        engine=engine.describe(),
        usage=usage,
        elapsed_s=round(time.perf_counter() - started, 4),
    )


def with_document(summary: Summary, document: Document | None) -> Summary:
    """The summary with what the document's format told: URL, page starts, its own title.

    A title the source gives (an HTML `<title>`, front matter, PDF metadata) replaces the
    engine's: it is the article's own, not a guess.
    """
    if document is None:
        return summary
    extraction = summary.extraction
    if document.title:
        extraction = extraction.model_copy(update={"title": document.title})
    return summary.model_copy(
        update={
            "extraction": extraction,
            "url": document.url,
            "page_starts": list(document.page_starts),
        }
    )


_YOUNG_OBJECTS = 50_000  # allocations between collections of the youngest generation, in a run
_YOUNG_COLLECTIONS = 100  # young collections between collections of the middle one, in a run
_runs = 0  # summaries in progress in this process
_runs_lock = threading.Lock()
_thresholds = gc.get_threshold()


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while a summary is made.

    A large article makes hundreds of thousands of objects that live until the summary is
    returned and form no cycles; each time the collector runs it walks all of them, which
    was a quarter of a 10,000-line budget table's time. The youngest generation's threshold
    is raised for the run, and the middle one's (a middle collection walks every survivor of
    the run so far: a tenth of that table's time), and both are put back when the last run in
    the process ends; a collector switched off by threshold 0 stays off.
    """
    global _runs, _thresholds
    with _runs_lock:
        if _runs == 0:
            _thresholds = gc.get_threshold()
            if _thresholds[0]:
                young, middle, *older = _thresholds
                gc.set_threshold(
                    max(young, _YOUNG_OBJECTS), max(middle, _YOUNG_COLLECTIONS), *older
                )
        _runs += 1
    try:
        yield
    finally:
        with _runs_lock:
            _runs -= 1
            if _runs == 0:
                gc.set_threshold(*_thresholds)


def summarize(
    text: str | bytes | Document,
    *,
    engine: EngineName = "auto",
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    html: bool = False,
    published: date | datetime | str | None = None,
    **options: Any,
) -> Summary:
    """Extract allocations and claims from an article and check every number against it.

    Args:
        text: The article (str, or UTF-8 bytes), or a `Document` read from a URL, an HTML
            page or a PDF (`summarizer.inputs.sources`): its title, date, URL and pages are kept.
        engine: "auto" (the LLM when an endpoint is configured, else deterministic),
            "deterministic" (embedded, no network) or "llm".
        model: The LLM's model name.
        base_url: An OpenAI-compatible endpoint; defaults to `OPENAI_BASE_URL`.
        api_key: The endpoint's key; defaults to `OPENAI_API_KEY`.
        html: Reduce HTML input to text instead of refusing it.
        published: The article's date, when the text does not say it: a `date`, a
            `datetime` or an ISO string ("2024-03-15", "2024-03", "2024"); defaults to a
            `Document`'s own.
        **options: Engine options (LLM: mode, max_reasks, timeout, cache, …; deterministic:
            roles="rules" | "model" | "hybrid", who decides which amounts are allocations).

    Raises:
        InputError: empty, binary, oversized or HTML input (see `summarizer.errors`).
        EngineError: the engine could not produce an extraction.
    """
    document = text if isinstance(text, Document) else None
    prepared = prepare(text.text if isinstance(text, Document) else text, html=html)
    when = parse_date(published)
    if when is None and document is not None:
        when = document.published
    built = make_engine(engine, model=model, base_url=base_url, api_key=api_key, **options)
    try:
        url = document.url if document is not None else None
        return with_document(run(prepared, built, published=when, url=url), document)
    finally:
        close(built)


def summarize_many(texts: Iterable[str | bytes], **settings: Any) -> Iterator[Summary]:
    """Summarize several articles with one engine, in order (see `summarize` for settings)."""
    html = settings.pop("html", False)
    published = parse_date(settings.pop("published", None))
    built = make_engine(**settings)
    try:
        for text in texts:
            yield run(prepare(text, html=html), built, published=published)
    finally:
        close(built)


def close(engine: Engine) -> None:
    """Release what an engine holds (the LLM engine's HTTP connections); others hold nothing.

    Without it, the connections stay open until the garbage collector gets to the client.
    """
    closer = getattr(engine, "close", None)
    if callable(closer):
        closer()
