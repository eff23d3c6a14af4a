"""The public API: engine routing, bad-input errors, batches, and the deterministic engine's reading."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from summarizer import (
    BinaryInputError,
    EmptyInputError,
    HtmlInputError,
    InputTooLargeError,
    summarize,
    summarize_many,
)
from summarizer.engines.deterministic import DeterministicEngine
from summarizer.engines.llm import LLMEngine
from summarizer.errors import DateInputError, EndpointNotConfiguredError
from summarizer.inputs.text import parse_date
from summarizer.pipeline import make_engine
from summarizer.schema import Check, Kind

EXAMPLES = Path(__file__).resolve().parents[1] / "summarizer" / "examples"
ARTICLE = "The ministry earmarked 150 billion yen for Rapidus, Tokyo said on Friday."


@pytest.fixture(autouse=True)
def _no_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def test_auto_without_endpoint_is_deterministic() -> None:
    summary = summarize(ARTICLE)
    assert summary.engine.name == "deterministic" and summary.engine.model is None
    assert [a.amount.value for a in summary.extraction.allocations] == [Decimal(150_000_000_000)]
    # Every figure confirmed; the engine's recipient ("Rapidus, Tokyo said on Friday") runs on
    # into the sentence, and the recipient check says so.
    figures = [f for f in summary.findings if f.check is not Check.RECIPIENT]
    assert figures and all(f.ok for f in figures)
    (recipient,) = [f for f in summary.findings if f.check is Check.RECIPIENT]
    assert recipient.wrong and "clause" in recipient.reason


def test_auto_with_environment_endpoint_is_llm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    engine = make_engine("auto", model="some-model")
    assert isinstance(engine, LLMEngine)
    info = engine.describe()
    assert (info.name, info.model, info.endpoint) == ("llm", "some-model", "127.0.0.1:9")
    engine.close()


def test_auto_with_explicit_base_url_is_llm() -> None:
    engine = make_engine("auto", base_url="http://127.0.0.1:9/v1")
    assert isinstance(engine, LLMEngine)
    engine.close()


def test_explicit_deterministic_wins_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    assert isinstance(make_engine("deterministic"), DeterministicEngine)


def test_llm_without_endpoint_is_a_clear_error() -> None:
    with pytest.raises(EndpointNotConfiguredError, match="OPENAI_BASE_URL"):
        summarize(ARTICLE, engine="llm")


def test_unknown_engine_and_options_are_errors() -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        summarize(ARTICLE, engine="magic")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="no options"):
        summarize(ARTICLE, engine="deterministic", max_reasks=2)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        pytest.param("", EmptyInputError, id="empty"),
        pytest.param(" \n\t ", EmptyInputError, id="whitespace"),
        pytest.param(b"\x00\x01binary", BinaryInputError, id="nul-bytes"),
        pytest.param(b"caf\xe9 150 billion yen", BinaryInputError, id="invalid-utf8"),
        pytest.param("x" * 1_000_001, InputTooLargeError, id="over-1mb"),
        pytest.param("<html><body><p>$5 billion</p></body></html>", HtmlInputError, id="html"),
    ],
)
def test_bad_input_gets_a_clear_error(text: str | bytes, error: type[Exception]) -> None:
    with pytest.raises(error) as caught:
        summarize(text)
    assert str(caught.value)  # a message that says what to do


def test_html_can_be_reduced_to_text() -> None:
    markup = "<html><body><script>alert(1)</script><p>Seoul will invest 5 trillion won.</p></body></html>"
    summary = summarize(markup, html=True)
    assert "alert" not in summary.source
    assert [a.amount.currency for a in summary.extraction.allocations] == ["KRW"]


def test_utf8_bytes_are_accepted() -> None:
    summary = summarize(ARTICLE.encode("utf-8"))
    assert summary.source == ARTICLE


def test_summarize_many_keeps_order() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.iterdir())]
    summaries = list(summarize_many(texts, engine="deterministic"))
    assert [s.source for s in summaries] == texts


def test_every_span_slices_the_source_to_its_evidence() -> None:
    for path in sorted(EXAMPLES.iterdir()):
        summary = summarize(path.read_text(encoding="utf-8"))
        for item in [*summary.extraction.allocations, *summary.extraction.claims]:
            assert item.span is not None
            assert summary.source[item.span.start : item.span.end] == item.evidence


@pytest.mark.parametrize(
    ("sentence", "value", "recipient", "kind"),
    [
        pytest.param("The ministry earmarked 150 billion yen for state-backed chip venture Rapidus.",
                     150e9, "state-backed chip venture Rapidus", Kind.BUDGET, id="earmarked-for"),
        pytest.param("Acme Corp will receive $2 billion in grants.", 2e9, "Acme Corp", Kind.GRANT,
                     id="will-receive"),
        pytest.param("Washington awarded Intel up to $8.5 billion in direct funding.", 8.5e9,
                     "Intel", Kind.GRANT, id="awarded-up-to"),
        pytest.param("Tokyo set aside 5 billion yen for securing key minerals.", 5e9,
                     "securing key minerals", Kind.BUDGET, id="set-aside"),
        pytest.param("Some 1.78 trillion yen of special bonds will be issued to help NEXI.", 1.78e12,
                     "NEXI", Kind.BOND, id="bonds-to-help"),
        pytest.param("387.3 billion yen is being marked for the development of AI models.", 387.3e9,
                     "development of AI models", Kind.BUDGET, id="being-marked-for"),
        pytest.param("The bank will lend €500 million to Northvolt for a new plant.", 500e6,
                     "Northvolt", Kind.LOAN, id="lend-to"),
    ],
)  # fmt: skip
def test_deterministic_engine_reads_the_clause(
    sentence: str, value: float, recipient: str, kind: Kind
) -> None:
    (allocation,) = summarize(sentence, engine="deterministic").extraction.allocations
    assert float(allocation.amount.value) == value
    assert recipient.lower() in allocation.recipient.lower()
    assert allocation.kind == kind


def test_conversions_comparisons_and_market_sizes_are_not_allocations() -> None:
    text = (
        "Tokyo will spend 1.23 trillion yen (S$10.1 billion) on chips, up from 300 billion yen "
        "last year. The global chip market is worth about $600 billion."
    )
    summary = summarize(text, engine="deterministic")
    (allocation,) = summary.extraction.allocations
    assert allocation.amount.value == Decimal(1_230_000_000_000)
    assert [(c.value, c.currency) for c in allocation.converted] == [
        (Decimal(10_100_000_000), "SGD")
    ]
    numbers = [n for c in summary.extraction.claims for n in c.numbers]
    assert "300 billion yen" in numbers and "about $600 billion" in numbers


def test_fiscal_year_from_the_article_date() -> None:
    text = (
        "TOKYO, Dec 26, 2025 - The ministry will spend 150 billion yen on Rapidus "
        "for the fiscal year starting in April."
    )
    (allocation,) = summarize(text).extraction.allocations
    assert allocation.period == "FY2026"


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (date(2024, 3, 15), date(2024, 3, 15)),
        (datetime(2024, 3, 15, 9, 30), date(2024, 3, 15)),
        ("2024-03-15", date(2024, 3, 15)),
        ("2024-03-15T09:30:00", date(2024, 3, 15)),
        ("2024-03", date(2024, 3, 1)),
        ("2024", date(2024, 1, 1)),
        (None, None),
    ],
)
def test_published_takes_what_users_pass(published: object, expected: date | None) -> None:
    assert parse_date(published) == expected
    summary = summarize(
        "The ministry will spend $5 billion on rail in the fiscal year.",
        engine="deterministic",
        published=published,  # type: ignore[arg-type]
    )
    assert summary.extraction.allocations


@pytest.mark.parametrize("published", ["15/03/2024", "2024-13-01", "yesterday", 20240315, 3.5])
def test_a_date_it_cannot_read_is_a_clear_input_error(published: object) -> None:
    with pytest.raises(DateInputError, match="ISO date string"):
        summarize("The ministry will spend $5 billion on rail.", published=published)  # type: ignore[arg-type]


def test_items_get_ids_relations_can_name() -> None:
    from summarizer.schema import Allocation, Claim, Extraction, Kind, Money

    money = Money(value=1, currency="USD", text="$1")
    extraction = Extraction(
        allocations=[
            Allocation(id="a2", amount=money, recipient="x", kind=Kind.BUDGET, evidence="$1"),
            Allocation(amount=money, recipient="y", kind=Kind.BUDGET, evidence="$1"),
            Allocation(amount=money, recipient="z", kind=Kind.BUDGET, evidence="$1"),
        ],
        claims=[Claim(statement="s", evidence="e")],
    )
    assert [a.id for a in extraction.allocations] == ["a2", "a1", "a3"]  # given ids are kept
    assert [c.id for c in extraction.claims] == ["c1"]


def test_a_run_collects_garbage_less_often_and_puts_the_thresholds_back() -> None:
    import gc
    import threading

    from summarizer import pipeline

    before = gc.get_threshold()
    seen: list[tuple[int, ...]] = []
    engine = DeterministicEngine()
    original = engine.extract

    def extract(text: str, facts: object) -> object:
        seen.append(gc.get_threshold())
        return original(text, facts)  # type: ignore[arg-type]

    engine.extract = extract  # type: ignore[method-assign]
    threads = [
        threading.Thread(target=pipeline.run, args=("The ministry gave $2 billion.", engine))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 4 and all(t[0] >= pipeline._YOUNG_OBJECTS for t in seen)
    assert all(t[1] >= pipeline._YOUNG_COLLECTIONS for t in seen)
    assert gc.get_threshold() == before
    gc.set_threshold(0)  # a collector switched off stays off
    try:
        pipeline.run("The ministry gave $2 billion.", engine)
        assert seen[-1][0] == 0 and gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)
