"""Pure metrics of one extraction against one gold record, as `FORMAT.md` ("Scoring") defines.

- Allocations match one-to-one when the currency is the same and the amount is within 0.5% of
  gold (`AMOUNT_TOLERANCE`); optional gold counts neither way. "Full match" also needs the
  recipient or purpose to agree (`agrees`, threshold `AGREE_THRESHOLD`).
- Field accuracy (currency, period, kind, approximate) over amount-matched pairs.
- Evidence grounding: the predicted evidence is an exact substring of the source (and its span,
  when given, slices to it) and holds the amount (`amount_in_evidence`).
- Claim recall: a predicted claim's evidence overlaps the gold evidence in the source and
  carries the gold numbers (`carries_numbers`).
- Issues: flagged cross-check findings against gold issues, by span overlap.
- Relations: stated links against annotated ones, where the gold has them (`relation_scoring`).

Counts are kept per article (`ArticleScore`) and summed by `aggregate` (micro-average). No I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

from pydantic import BaseModel, Field
from rapidfuzz import fuzz, utils

from summarizer.checking.facts import SourceFacts
from summarizer.evals.dataset import (
    Article,
    GoldAllocation,
    GoldClaim,
    GoldIssue,
    GoldMoney,
    gold_to_extraction,
)
from summarizer.evals.relation_scoring import relation_counts
from summarizer.schema import Allocation, Check, Claim, Extraction, Finding, Money, Span

AMOUNT_TOLERANCE = Decimal("0.005")  # FORMAT.md: |amount - gold| <= 0.5% of gold
# 60 on a 0-100 scale: token_set_ratio is already 100 when one side's words are a subset of
# the other's ("Intel" vs "Intel Corporation"), so 60 only has to reject texts sharing a stray
# word ("the ministry" vs "the government" scores ~54). CJK partial_ratio uses the same bar:
# "集成电路基金" vs "集成电路产业" scores ~67, a single shared character far less.
AGREE_THRESHOLD = 60.0
# Checks that find the source's own inconsistencies (not the extraction's mistakes, such as a
# figure not in the source or a link its figures cannot bear, `Check.RELATION`).
CROSS_CHECKS = frozenset(
    {Check.CONVERSION, Check.PARTS_TOTAL, Check.PERCENTAGE, Check.MULTIPLE, Check.CUMULATIVE,
     Check.PERIOD, Check.DIFFERENCE, Check.RESTATEMENT, Check.DOUBLE_COUNT, Check.DIGIT_GROUPS}
)  # fmt: skip
FIELDS = ("currency", "period", "kind", "approximate")

# Kana, CJK ideographs (with extension A and compatibility forms), Hangul jamo and syllables.
_CJK = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u1100-\u11ff\uac00-\ud7af]"
)
_DIGITS = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_SPACE = re.compile(r"\s+")


# --- ratios -----------------------------------------------------------------------------------
def precision(tp: int, fp: int) -> float:
    """tp / (tp + fp); 1.0 with no predictions (nothing wrong was said)."""
    return tp / (tp + fp) if tp + fp else 1.0


def recall(tp: int, fn: int) -> float:
    """tp / (tp + fn); 1.0 with no gold (nothing was missed)."""
    return tp / (tp + fn) if tp + fn else 1.0


def f1(tp: int, fp: int, fn: int) -> float:
    """2tp / (2tp + fp + fn); 1.0 when there is neither gold nor prediction."""
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def ratio(hits: int, total: int) -> float | None:
    """hits / total, or None when there is nothing to measure (0/0 is not a score)."""
    return hits / total if total else None


class Counts(BaseModel):
    """True positives, false positives and false negatives of one matching."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(tp=self.tp + other.tp, fp=self.fp + other.fp, fn=self.fn + other.fn)

    @property
    def precision(self) -> float:
        return precision(self.tp, self.fp)

    @property
    def recall(self) -> float:
        return recall(self.tp, self.fn)

    @property
    def f1(self) -> float:
        return f1(self.tp, self.fp, self.fn)


class Ratio(BaseModel):
    """How many of `total` items passed."""

    hits: int = 0
    total: int = 0

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(hits=self.hits + other.hits, total=self.total + other.total)

    @property
    def value(self) -> float | None:
        return ratio(self.hits, self.total)


def _no_fields() -> dict[str, Ratio]:
    return {name: Ratio() for name in FIELDS}


class _Scores(BaseModel):
    amount: Counts = Field(default_factory=Counts)
    full: Counts = Field(default_factory=Counts)
    fields: dict[str, Ratio] = Field(default_factory=_no_fields)  # on amount-matched pairs
    grounding: Ratio = Field(default_factory=Ratio)  # grounded predicted evidence / predicted
    claims: Ratio = Field(default_factory=Ratio)  # gold claims recalled / gold claims
    issue_recall: Ratio = Field(default_factory=Ratio)  # gold issues matched / gold issues
    # flagged cross-check findings that hit a gold issue / flagged cross-check findings
    issue_precision: Ratio = Field(default_factory=Ratio)
    # Stated links against the annotated ones, on articles whose gold has relations.
    relations: Counts = Field(default_factory=Counts)
    # Cost of producing the extraction; the runner fills these, scoring leaves them at zero.
    elapsed_s: float = 0.0
    tokens: int = 0
    calls: int = 0

    def metrics(self) -> dict[str, float | None]:
        """The headline figures, flat, for tables and JSON."""
        out: dict[str, float | None] = {
            "amount_precision": self.amount.precision,
            "amount_recall": self.amount.recall,
            "amount_f1": self.amount.f1,
            "full_precision": self.full.precision,
            "full_recall": self.full.recall,
            "full_f1": self.full.f1,
        }
        out.update({f"{name}_accuracy": r.value for name, r in self.fields.items()})
        out["grounding"] = self.grounding.value
        out["claim_recall"] = self.claims.value
        out["issue_recall"] = self.issue_recall.value
        out["issue_precision"] = self.issue_precision.value
        r = self.relations
        out["relation_precision"] = r.precision if r.tp or r.fp else None
        out["relation_recall"] = r.recall if r.tp or r.fn else None
        return out


class ArticleScore(_Scores):
    """One article's counts, with what went wrong, as report lines."""

    id: str
    missed: list[str] = Field(default_factory=list)  # required gold allocations unmatched
    invented: list[str] = Field(default_factory=list)  # predictions matching no gold
    field_errors: list[str] = Field(default_factory=list)  # "gold[2].period: 'FY2026' != ..."


class Totals(_Scores):
    """Counts summed over articles; its ratios are micro-averages."""

    articles: int = 0


def aggregate(scores: Iterable[ArticleScore]) -> Totals:
    """Sum every count over the articles (micro-average: big articles weigh more)."""
    totals = Totals()
    for s in scores:
        totals.articles += 1
        totals.amount += s.amount
        totals.full += s.full
        totals.fields = {k: totals.fields.get(k, Ratio()) + v for k, v in s.fields.items()}
        totals.grounding += s.grounding
        totals.claims += s.claims
        totals.issue_recall += s.issue_recall
        totals.issue_precision += s.issue_precision
        totals.relations += s.relations
        totals.elapsed_s += s.elapsed_s
        totals.tokens += s.tokens
        totals.calls += s.calls
    return totals


# --- allocation matching ------------------------------------------------------------------------
def amount_matches(predicted: Money, gold: GoldMoney) -> bool:
    """Same currency and within `AMOUNT_TOLERANCE` of the gold amount."""
    if predicted.currency != gold.currency:
        return False
    return abs(predicted.value - gold.amount) <= AMOUNT_TOLERANCE * abs(gold.amount)


def _fold(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def similarity(a: str, b: str) -> float:
    """0-100 agreement of two short descriptions.

    Word-set similarity (`token_set_ratio`) for spaced scripts; for Chinese, Japanese or
    Korean on either side, a character-level `partial_ratio` with spaces removed, because
    there are no words to split on and a short name sits inside the long one.
    """
    a, b = _fold(a), _fold(b)
    if not a or not b:
        return 0.0
    if _CJK.search(a) or _CJK.search(b):
        return fuzz.partial_ratio(a.replace(" ", ""), b.replace(" ", ""))
    return fuzz.token_set_ratio(a, b, processor=utils.default_process)


def best_similarity(predicted: Allocation, gold: GoldAllocation) -> float:
    """Best similarity of the predicted recipient or purpose with the gold recipient or purpose."""
    return max(
        similarity(p, g)
        for p in (predicted.recipient, predicted.purpose)
        for g in (gold.recipient, gold.purpose)
    )


def agrees(predicted: Allocation, gold: GoldAllocation) -> bool:
    """True when the recipient or purpose agrees with gold's (the "full match" condition)."""
    return best_similarity(predicted, gold) >= AGREE_THRESHOLD


def _max_matching(adjacency: list[list[int]], order: Sequence[int]) -> dict[int, int]:
    """Kuhn's augmenting-path maximum bipartite matching; returns {prediction: gold}.

    Hand-written because scipy's assignment solver is not available and ~15 lines suffice at
    the sizes of an article. Greedy pairing is not enough: a prediction can take the gold
    that a second prediction needed, where swapping would match both. Augmenting paths never
    unmatch a gold once matched, so golds taken first in `order` (the required ones) get the
    largest matching possible among themselves. Adjacency lists come best-first, so among
    maximum matchings the preferred partners tend to win (a tie-break, not a weighted optimum).
    Recursion is at most one level per gold allocation.
    """
    owner: dict[int, int] = {}

    def augment(g: int, seen: set[int]) -> bool:
        for p in adjacency[g]:
            if p not in seen:
                seen.add(p)
                if p not in owner or augment(owner[p], seen):
                    owner[p] = g
                    return True
        return False

    for g in order:
        augment(g, set())
    return owner


def match_allocations(
    predicted: Sequence[Allocation], gold: Sequence[GoldAllocation], *, full: bool = False
) -> dict[int, int]:
    """Pair predictions with gold one-to-one: {prediction index: gold index}.

    With `full`, a pair also needs the recipient or purpose to agree: the same matching under
    a stricter condition, so a prediction is excused by an optional gold only when it
    full-matches it. Optional gold is in the graph (a prediction matching it is excused) but
    only after every required gold has had its chance, so excusing never costs a true positive.
    """
    adjacency: list[list[int]] = []
    for g in gold:
        ranked = []
        for i, p in enumerate(predicted):
            if amount_matches(p.amount, g):
                sim = best_similarity(p, g)
                if not full or sim >= AGREE_THRESHOLD:
                    ranked.append((-sim, abs(p.amount.value - g.amount), i))
        adjacency.append([i for *_, i in sorted(ranked)])
    order = [j for j, g in enumerate(gold) if not g.optional]
    order += [j for j, g in enumerate(gold) if g.optional]
    return _max_matching(adjacency, order)


def _counts(pairs: dict[int, int], n_predicted: int, gold: Sequence[GoldAllocation]) -> Counts:
    tp = sum(1 for j in pairs.values() if not gold[j].optional)
    excused = len(pairs) - tp
    required = sum(1 for g in gold if not g.optional)
    return Counts(tp=tp, fp=n_predicted - tp - excused, fn=required - tp)


def _period(value: str | None) -> str | None:
    if not value:
        return None
    text = unicodedata.normalize("NFKC", value).upper().replace("–", "-").replace("—", "-")
    text = _SPACE.sub("", text)
    # One spelling of a fiscal-year range: "FY2020-FY2021" and "FY2020-2021" say the same.
    return text.replace("-FY", "-") or None


def _field_values(p: Allocation, g: GoldAllocation) -> dict[str, tuple[object, object]]:
    return {
        "currency": (p.amount.currency, g.currency),
        "period": (_period(p.period), _period(g.period)),
        "kind": (str(p.kind), str(g.kind)),
        "approximate": (p.amount.approximate, g.approximate),
    }


# --- evidence, claims, issues ---------------------------------------------------------------------
def _significant(digits: str) -> str:
    """Digits without leading and trailing zeros: '1.23' and '1230000000000' both give '123'."""
    return digits.strip("0")


def _digit_tokens(text: str) -> list[str]:
    """Each number written with ASCII digits, separators removed: '76,000' -> '76000'."""
    found = _DIGITS.findall(unicodedata.normalize("NFKC", text))
    return [re.sub(r"[.,]", "", n).lstrip("0") or "0" for n in found]


def amount_in_evidence(money: Money, evidence: str) -> bool:
    """True when the evidence holds the amount as written.

    Either `Money.text` is a non-empty substring of the evidence (covers words and CJK
    numerals: "two billion", "三千亿"), or some number in the evidence has the amount's
    significant digits ("1.23 trillion" for 1230000000000, "76,000 crore" for 760000000000).
    Whether the figure *means* that value is the validator's NUMBER check, not grounding's.
    """
    written = money.text.strip()
    if written and written in evidence:
        return True
    target = _significant(format(abs(money.value).normalize(), "f").replace(".", ""))
    return bool(target) and any(_significant(t) == target for t in _digit_tokens(evidence))


def is_grounded(allocation: Allocation, text: str) -> bool:
    """Evidence is an exact substring of the source, its span (if any) slices to it, and it
    holds the amount."""
    evidence = allocation.evidence
    if not evidence or evidence not in text:
        return False
    if allocation.span is not None and allocation.span.slice(text) != evidence:
        return False
    return amount_in_evidence(allocation.amount, evidence)


def occurrences(quote: str, text: str) -> list[Span]:
    """Every exact occurrence of `quote` in `text`, overlapping ones included."""
    spans: list[Span] = []
    start = text.find(quote) if quote else -1
    while start >= 0:
        spans.append(Span(start=start, end=start + len(quote)))
        start = text.find(quote, start + 1)
    return spans


def _overlap(a: Iterable[Span], b: Sequence[Span]) -> bool:
    return any(x.overlaps(y) for x in a for y in b)


def carries_numbers(gold_numbers: Sequence[str], claim: Claim) -> bool:
    """True when every gold number is among the claim's numbers or evidence.

    A number written with digits is carried when each of its digit runs (separators removed,
    so '8,700' equals '8.700') is a digit run of the claim's numbers or evidence; a number
    without digits ("nearly quadruple", "fourth", "十四") when its folded text appears there.
    """
    pool = "\n".join([*claim.numbers, claim.evidence])
    runs, folded = set(_digit_tokens(pool)), _fold(pool)
    for number in gold_numbers:
        tokens = _digit_tokens(number)
        if not (set(tokens) <= runs if tokens else _fold(number) in folded):
            return False
    return True


def claim_recalled(gold: GoldClaim, predicted: Sequence[Claim], text: str) -> bool:
    """Some predicted claim's evidence overlaps the gold evidence and carries its numbers."""
    gold_spans = occurrences(gold.evidence, text)
    return any(
        _overlap(occurrences(c.evidence, text), gold_spans) and carries_numbers(gold.numbers, c)
        for c in predicted
    )


def issue_spans(issue: GoldIssue, text: str) -> list[Span]:
    """Where the issue's evidence strings sit in the source."""
    return [span for quote in issue.evidence for span in occurrences(quote, text)]


# --- one article ---------------------------------------------------------------------------------
def describe_gold(gold: GoldAllocation) -> str:
    """One report line for a gold allocation."""
    return f"{gold.currency} {gold.amount:,} → {gold.recipient}: “{gold.evidence}”"


def describe_prediction(allocation: Allocation) -> str:
    """One report line for a predicted allocation."""
    money = allocation.amount
    return f"{money.currency} {money.value:,} → {allocation.recipient}: “{allocation.evidence}”"


def score_article(
    article: Article, extraction: Extraction, findings: list[Finding]
) -> ArticleScore:
    """Score one extraction (and the validator's findings on it) against the article's gold."""
    gold, text, predicted = article.gold, article.text, extraction.allocations
    pairs = match_allocations(predicted, gold.allocations)
    full_pairs = match_allocations(predicted, gold.allocations, full=True)
    score = ArticleScore(
        id=article.id,
        amount=_counts(pairs, len(predicted), gold.allocations),
        full=_counts(full_pairs, len(predicted), gold.allocations),
    )
    matched_gold = set(pairs.values())
    score.missed = [
        describe_gold(g)
        for j, g in enumerate(gold.allocations)
        if not g.optional and j not in matched_gold
    ]
    score.invented = [describe_prediction(p) for i, p in enumerate(predicted) if i not in pairs]
    for i, j in sorted(pairs.items(), key=lambda pair: pair[1]):
        if gold.allocations[j].optional:
            continue
        for name, (got, want) in _field_values(predicted[i], gold.allocations[j]).items():
            ok = got == want
            score.fields[name] += Ratio(hits=int(ok), total=1)
            if not ok:
                score.field_errors.append(f"gold[{j}].{name}: {want!r} != predicted {got!r}")
    score.grounding = Ratio(hits=sum(is_grounded(p, text) for p in predicted), total=len(predicted))
    score.claims = Ratio(
        hits=sum(claim_recalled(c, extraction.claims, text) for c in gold.claims),
        total=len(gold.claims),
    )
    flagged = [f for f in findings if not f.ok and f.check in CROSS_CHECKS]
    spans = [issue_spans(issue, text) for issue in gold.issues]
    score.issue_recall = Ratio(
        hits=sum(any(_overlap(f.spans, s) for f in flagged) for s in spans), total=len(spans)
    )
    score.issue_precision = Ratio(
        hits=sum(any(_overlap(f.spans, s) for s in spans) for f in flagged), total=len(flagged)
    )
    if gold.relations is not None:
        facts = SourceFacts.of(text)
        tp, fp, fn = relation_counts(extraction, gold_to_extraction(article), facts)
        score.relations = Counts(tp=tp, fp=fp, fn=fn)
    return score
