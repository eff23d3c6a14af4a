"""The seed article and the public eval sets with their gold: the core must read every gold figure.

Reads `../shared/evalsets/` beside the project; skips cleanly where it is absent. No text from
there is copied into the project.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from summarizer import summarize
from summarizer.checking.facts import SourceFacts
from summarizer.checking.grounding import MatchMethod, SourceIndex
from summarizer.checking.validate import validate
from summarizer.evals.dataset import Article, gold_to_extraction, load_dataset
from summarizer.pipeline import ground
from summarizer.reading.numbers import find_quantities
from summarizer.schema import Check

SHARED = Path(__file__).resolve().parents[2] / "shared"
EVALSETS = SHARED / "evalsets"

pytestmark = pytest.mark.skipif(not EVALSETS.is_dir(), reason="../shared/evalsets is absent")


def _articles(name: str) -> list[Article]:
    return load_dataset(EVALSETS / name)


def _all() -> list[Article]:
    if not EVALSETS.is_dir():
        return []
    return [a for name in ("seed.jsonl", "public.jsonl") for a in _articles(name)]


def _published(article: Article) -> date | None:
    try:
        return date.fromisoformat(article.published) if article.published else None
    except ValueError:
        return None


@pytest.mark.parametrize("article", _all(), ids=lambda a: a.id)
def test_every_gold_amount_parses_to_its_value_and_currency(article: Article) -> None:
    in_text = {(q.value, q.unit) for q in find_quantities(article.text) if q.is_money}
    for gold in article.gold.allocations:
        in_evidence = {
            (q.value, q.unit)
            for q in find_quantities(gold.evidence, context=SourceFacts.of(article.text).context)
            if q.is_money
        }
        assert (gold.amount, gold.currency) in in_text, f"{gold.amount} {gold.currency}"
        assert (gold.amount, gold.currency) in in_evidence, gold.evidence


@pytest.mark.parametrize("article", _all(), ids=lambda a: a.id)
def test_every_gold_evidence_grounds_exactly(article: Article) -> None:
    index = SourceIndex(article.text)
    quotes = [a.evidence for a in article.gold.allocations] + [
        c.evidence for c in article.gold.claims
    ]
    for quote in quotes:
        grounding = index.ground(quote)
        assert grounding.method == MatchMethod.EXACT, quote
        assert grounding.span is not None
        assert article.text[grounding.span.start : grounding.span.end] == quote


@pytest.mark.parametrize("article", _all(), ids=lambda a: a.id)
def test_validator_passes_gold_without_false_alarm(article: Article) -> None:
    facts = SourceFacts.of(article.text, published=_published(article))
    extraction = ground(gold_to_extraction(article), facts)
    findings = validate(extraction, article.text, facts=facts)
    alarms = [f for f in findings if f.check in (Check.NUMBER, Check.EVIDENCE) and not f.ok]
    assert alarms == []


def test_seed_conversion_and_period_issues_are_flagged() -> None:
    (seed,) = _articles("seed.jsonl")
    facts = SourceFacts.of(seed.text, published=_published(seed))
    findings = validate(ground(gold_to_extraction(seed), facts), seed.text, facts=facts)
    flagged = [f for f in findings if not f.ok]
    conversion = [f for f in flagged if f.check == Check.CONVERSION]
    assert len(conversion) == 1
    spans = {seed.text[s.start : s.end] for s in conversion[0].spans}
    assert any("101 亿美元" in s for s in spans) and "S$10.1 billion" in spans
    assert "SGD" in conversion[0].reason
    period = [f for f in flagged if f.check == Check.PERIOD]
    assert len(period) == 1 and "FY2024" in period[0].reason and "FY2026" in period[0].reason
    assert {f.check for f in flagged} == {Check.CONVERSION, Check.PERIOD}


def test_seed_file_summarizes_with_its_front_matter() -> None:
    text = (SHARED / "seeds" / "000_327a45d57cf2ce1d.txt").read_text(encoding="utf-8")
    summary = summarize(text, engine="deterministic")
    values = sorted(int(a.amount.value) for a in summary.extraction.allocations)
    assert values == [
        5_000_000_000, 122_000_000_000, 150_000_000_000, 250_000_000_000, 387_300_000_000,
        1_230_000_000_000, 1_780_000_000_000, 3_070_000_000_000,
    ]  # fmt: skip
    assert summary.engine.name == "deterministic"
    # The engine's recipients have their own check (tests/test_page_truth.py); the figures'
    # cross-checks find the Chinese summary's two errors.
    checks = {f.check for f in summary.flagged} - {Check.RECIPIENT}
    assert checks == {Check.CONVERSION, Check.PERIOD}
