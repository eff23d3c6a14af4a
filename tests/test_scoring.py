"""The eval suite's pure metrics (`summarizer.evals.scoring`) and its gold loader, on tiny
hand-made articles; one test scores the shared datasets' gold against itself when present."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from summarizer.evals.dataset import (
    Article,
    DatasetError,
    Gold,
    GoldAllocation,
    GoldClaim,
    GoldIssue,
    GoldMoney,
    gold_to_extraction,
    load_dataset,
)
from summarizer.evals.scoring import (
    ArticleScore,
    Counts,
    Ratio,
    aggregate,
    amount_matches,
    f1,
    is_grounded,
    match_allocations,
    precision,
    recall,
    score_article,
    similarity,
)
from summarizer.schema import (
    Allocation,
    Check,
    Claim,
    Extraction,
    Finding,
    Kind,
    Money,
    Span,
    Verdict,
)

SHARED = Path("/work/shared/evalsets")


def gold(amount: str, currency: str = "USD", recipient: str = "", **kw: object) -> GoldAllocation:
    return GoldAllocation.model_validate(
        {"amount": amount, "currency": currency, "recipient": recipient, "kind": "grant",
         "evidence": kw.pop("evidence", f"{amount} {currency}"), **kw}
    )  # fmt: skip


def pred(amount: str, currency: str = "USD", recipient: str = "", **kw: object) -> Allocation:
    money = Money(value=Decimal(amount), currency=currency, text=str(kw.pop("text", amount)),
                  approximate=bool(kw.pop("approximate", False)))  # fmt: skip
    return Allocation.model_validate(
        {"amount": money, "recipient": recipient, "kind": kw.pop("kind", "grant"),
         "evidence": kw.pop("evidence", f"{amount} {currency}"), **kw}
    )  # fmt: skip


def article(
    text: str = "",
    allocations: Sequence[GoldAllocation] = (),
    claims: Sequence[GoldClaim] = (),
    issues: Sequence[GoldIssue] = (),
) -> Article:
    return Article(
        id="t", lang="en", text=text,
        gold=Gold(allocations=list(allocations), claims=list(claims), issues=list(issues)),
    )  # fmt: skip


def score(golds: list[GoldAllocation], preds: list[Allocation], text: str = "") -> ArticleScore:
    return score_article(article(text, golds), Extraction(allocations=preds), [])


# --- ratios -------------------------------------------------------------------------------------
def test_zero_denominators_score_as_perfect_or_none() -> None:
    assert (precision(0, 0), recall(0, 0), f1(0, 0, 0)) == (1.0, 1.0, 1.0)
    assert f1(0, 0, 3) == 0.0 and recall(0, 3) == 0.0  # gold but no prediction
    assert f1(0, 2, 0) == 0.0 and precision(0, 2) == 0.0  # predictions but no gold
    assert Ratio().value is None and Ratio(hits=1, total=4).value == 0.25


# --- allocation matching ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        pytest.param("1004900", "USD", True, id="+0.49%"),
        pytest.param("995100", "USD", True, id="-0.49%"),
        pytest.param("1005000", "USD", True, id="exactly 0.5%"),
        pytest.param("1005100", "USD", False, id="+0.51%"),
        pytest.param("994900", "USD", False, id="-0.51%"),
        pytest.param("1000000", "EUR", False, id="same amount other currency"),
        pytest.param("1000000", "CAD", False, id="another dollar"),
    ],
)
def test_amount_tolerance(value: str, currency: str, expected: bool) -> None:
    money = Money(value=Decimal(value), currency=currency, text=value)
    assert amount_matches(money, GoldMoney(amount=Decimal("1000000"), currency="USD")) is expected


def test_one_to_one_two_predictions_of_one_gold() -> None:
    s = score([gold("5000000")], [pred("5000000"), pred("5000000")])
    assert s.amount == Counts(tp=1, fp=1, fn=0)
    assert len(s.invented) == 1 and s.missed == []


def test_optimal_matching_beats_greedy() -> None:
    # p0 is within 0.5% of both golds and closest to g0; p1 is within 0.5% of g0 only.
    # Greedy (each prediction takes its closest free gold) pairs p0-g0 and strands p1: 1 tp.
    # The optimum pairs p0-g1 and p1-g0: 2 tp.
    golds = [gold("100200000"), gold("99600000")]
    preds = [pred("100000000"), pred("100600000")]
    assert match_allocations(preds, golds) == {0: 1, 1: 0}
    assert score(golds, preds).amount == Counts(tp=2, fp=0, fn=0)


def test_currency_mismatch_never_matches() -> None:
    s = score([gold("1000", "JPY")], [pred("1000", "CNY")])
    assert s.amount == Counts(tp=0, fp=1, fn=1)


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        pytest.param(["10", "20"], Counts(tp=1), id="match on optional is not a false positive"),
        pytest.param(["10"], Counts(tp=1), id="missing optional is not a miss"),
        pytest.param(["20"], Counts(fn=1), id="only the optional"),
        pytest.param(["10", "20", "30"], Counts(tp=1, fp=1), id="invented stays invented"),
    ],
)
def test_optional_gold_counts_neither_way(predicted: list[str], expected: Counts) -> None:
    golds = [gold("10000000", recipient="A"), gold("20000000", recipient="B", optional=True)]
    s = score(golds, [pred(f"{p}000000") for p in predicted])
    assert s.amount == expected


def test_optional_gold_does_not_take_a_prediction_required_gold_needs() -> None:
    golds = [gold("7000000", optional=True), gold("7000000")]
    s = score(golds, [pred("7000000")])
    assert s.amount == Counts(tp=1, fp=0, fn=0)


# --- full match ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        pytest.param("Intel", "Intel Corporation", True, id="subset of words"),
        pytest.param("semiconductor research", "research on semiconductors", True, id="reordered"),
        pytest.param("the ministry", "the government", False, id="one stray shared word"),
        pytest.param(
            "大基金三期",
            "国家集成电路产业投资基金三期股份有限公司(大基金三期)",
            True,
            id="zh inside",
        ),
        pytest.param(
            "次世代半導体", "次世代半導体研究開発やパワー半導体量産投資等", True, id="ja prefix"
        ),
        pytest.param("반도체 생태계 펀드", "반도체생태계펀드 조성", True, id="ko spacing differs"),
        pytest.param("半导体", "新能源汽车", False, id="zh unrelated"),
        pytest.param("", "anything", False, id="empty"),
    ],
)
def test_similarity(a: str, b: str, agree: bool) -> None:
    assert (similarity(a, b) >= 60) is agree


def test_cjk_needs_the_character_level_match() -> None:
    # Word-set similarity sees one unsplittable "word" on each side and fails.
    assert (
        fuzz.token_set_ratio("大基金三期", "国家集成电路产业投资基金三期股份有限公司(大基金三期)")
        < 60
    )


def test_full_match_needs_recipient_or_purpose() -> None:
    golds = [
        gold("8500000000", recipient="Intel Corporation", purpose="chip factories"),
        gold("50000000", recipient="workforce development", purpose=""),
        gold("3000000000", recipient="the government"),
    ]
    preds = [
        pred("8500000000", recipient="Intel"),  # recipient agrees
        pred("50000000", recipient="Intel", purpose="workforce development"),  # purpose agrees
        pred("3000000000", recipient="the ministry"),  # amount only
    ]
    s = score(golds, preds)
    assert s.amount == Counts(tp=3)
    assert s.full == Counts(tp=2, fp=1, fn=1)


def test_full_match_in_chinese() -> None:
    golds = [
        gold(
            "344000000000", "CNY", recipient="国家集成电路产业投资基金三期股份有限公司(大基金三期)"
        )
    ]
    assert score(golds, [pred("344000000000", "CNY", recipient="大基金三期")]).full == Counts(tp=1)
    assert score(golds, [pred("344000000000", "CNY", recipient="新能源")]).full == Counts(
        fp=1, fn=1
    )


def test_full_match_prefers_the_agreeing_partner() -> None:
    # Both predictions match both golds on amount; only the crossed pairing agrees on recipient.
    golds = [
        gold("1650000000", "EUR", "Horizon Europe"),
        gold("1650000000", "EUR", "Digital Europe"),
    ]
    preds = [
        pred("1650000000", "EUR", "Digital Europe programme"),
        pred("1650000000", "EUR", "Horizon Europe"),
    ]
    s = score(golds, preds)
    assert s.amount == Counts(tp=2) and s.full == Counts(tp=2)


# --- field accuracy -----------------------------------------------------------------------------
def test_field_accuracy_on_matched_pairs() -> None:
    golds = [
        gold("1000000", period="FY2026", approximate=True, kind="budget"),
        gold("2000000", period=None, kind="loan"),
        gold("9000000"),  # missed: no fields counted
    ]
    preds = [
        pred("1000000", period="FY 2026", approximate=True, kind="budget"),  # spacing folds
        pred("2000000", period="2025", kind=Kind.GRANT),
        pred("5000000"),  # invented: no fields counted
    ]
    s = score(golds, preds)
    assert {k: (r.hits, r.total) for k, r in s.fields.items()} == {
        "currency": (2, 2), "period": (1, 2), "kind": (1, 2), "approximate": (2, 2)
    }  # fmt: skip
    assert s.field_errors == [
        "gold[1].period: None != predicted '2025'",
        "gold[1].kind: 'loan' != predicted 'grant'",
    ]


# --- evidence grounding -------------------------------------------------------------------------
TEXT = "The ministry has earmarked 150 billion yen for Rapidus, a state-backed chip venture."


@pytest.mark.parametrize(
    ("evidence", "written", "span", "grounded"),
    [
        pytest.param(
            "earmarked 150 billion yen for Rapidus", "150 billion yen", None, True, id="exact"
        ),
        pytest.param(
            "earmarked 150 billion yen for Rapidus",
            "150 billion yen",
            Span(start=17, end=54),
            True,
            id="exact with span",
        ),
        pytest.param(
            "earmarked 150 billion yen for Rapidus",
            "150 billion yen",
            Span(start=0, end=37),
            False,
            id="span elsewhere",
        ),
        pytest.param("earmarked ¥150bn for Rapidus", "¥150bn", None, False, id="paraphrase"),
        pytest.param(
            "earmarked 150 billion yen for rapidus",
            "150 billion yen",
            None,
            False,
            id="case changed",
        ),
        pytest.param(
            "for Rapidus, a state-backed chip venture",
            "150 billion yen",
            None,
            False,
            id="amount missing",
        ),
        pytest.param(
            "earmarked 150 billion yen for Rapidus", "¥150bn", None, True, id="digits of the amount"
        ),
        pytest.param("", "150 billion yen", None, False, id="empty"),
    ],
)
def test_grounding(evidence: str, written: str, span: Span | None, grounded: bool) -> None:
    allocation = pred("150000000000", "JPY", "Rapidus", text=written, evidence=evidence, span=span)
    assert is_grounded(allocation, TEXT) is grounded


def test_grounding_rate_counts_every_prediction() -> None:
    preds = [
        pred("150000000000", "JPY", evidence="150 billion yen for Rapidus", text="150 billion yen"),
        pred("150000000000", "JPY", evidence="150 billion yen to Rapidus", text="150 billion yen"),
        pred("9", "JPY", evidence="Rapidus", text="9 yen"),
    ]
    s = score([gold("150000000000", "JPY")], preds, TEXT)
    assert (s.grounding.hits, s.grounding.total) == (1, 3)


def test_grounding_reads_cjk_amounts() -> None:
    text = "财政部安排 1.23 万亿日元支持芯片。"
    allocation = pred("1230000000000", "JPY", evidence="1.23 万亿日元支持芯片", text="1.23万亿日元")
    assert is_grounded(allocation, text)  # "1.23" carries the digits 123 of 1230000000000


# --- claims -------------------------------------------------------------------------------------
CLAIM_TEXT = (
    "The budget rose by about 50 per cent to 3.07 trillion yen. "
    "Spending on chips will nearly quadruple. Jobs rose 50 per cent too."
)
GOLD_CLAIMS = [
    GoldClaim(numbers=["about 50 per cent", "3.07 trillion yen"],
              evidence="rose by about 50 per cent to 3.07 trillion yen"),
    GoldClaim(numbers=["nearly quadruple"], evidence="Spending on chips will nearly quadruple"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("claims", "recalled"),
    [
        pytest.param(
            [
                Claim(
                    statement="",
                    numbers=["50%", "3.07 trillion yen"],
                    evidence="The budget rose by about 50 per cent",
                )
            ],
            1,
            id="overlap and numbers",
        ),
        pytest.param(
            [
                Claim(
                    statement="",
                    numbers=["50 per cent"],
                    evidence="The budget rose by about 50 per cent",
                )
            ],
            0,
            id="a number missing",
        ),
        pytest.param(
            [
                Claim(
                    statement="",
                    numbers=["50 per cent", "3.07"],
                    evidence="Jobs rose 50 per cent too",
                )
            ],
            0,
            id="same numbers elsewhere",
        ),
        pytest.param(
            [Claim(statement="", numbers=[], evidence="chips will nearly quadruple.")],
            1,
            id="word number in evidence",
        ),
        pytest.param(
            [Claim(statement="", numbers=["quadruple"], evidence="Spending on chips")],
            0,
            id="word number shortened",
        ),
        pytest.param(
            [
                Claim(
                    statement="",
                    numbers=["50", "3.07"],
                    evidence="budget grew 50% to 3.07 trillion yen",
                )
            ],
            0,
            id="paraphrased evidence",
        ),
    ],
)
def test_claim_recall(claims: list[Claim], recalled: int) -> None:
    s = score_article(article(CLAIM_TEXT, claims=GOLD_CLAIMS), Extraction(claims=claims), [])
    assert (s.claims.hits, s.claims.total) == (recalled, 2)


# --- issues -------------------------------------------------------------------------------------
ISSUE_TEXT = (
    "The fund gets 1 trillion won (about $731 million). "
    "KDB gets around 1.5 trillion won (about $1.97 billion). "
    "Spending grew 6.4 percent a year."
)
ISSUES = [
    GoldIssue(
        kind="conversion",
        evidence=["1.5 trillion won (about $1.97 billion)", "1 trillion won (about $731 million)"],
    )
]


def finding(check: Check, verdict: Verdict, *spans: tuple[int, int]) -> Finding:
    return Finding(check=check, verdict=verdict, subject="article", reason="",
                   spans=[Span(start=a, end=b) for a, b in spans])  # fmt: skip


def at(quote: str) -> tuple[int, int]:
    start = ISSUE_TEXT.index(quote)
    return start, start + len(quote)


def test_issue_recall_and_precision() -> None:
    findings = [
        finding(Check.CONVERSION, Verdict.INCONSISTENT, at("$1.97 billion")),  # overlaps: hit
        finding(Check.CONVERSION, Verdict.INCONSISTENT, at("$731 million"), (0, 3)),  # hit too
        finding(Check.PERCENTAGE, Verdict.INCONSISTENT, at("6.4 percent")),  # false alarm
        finding(Check.CONVERSION, Verdict.CONSISTENT, at("$1.97 billion")),  # not flagged
        finding(Check.NUMBER, Verdict.UNSUPPORTED, at("$1.97 billion")),  # not a cross-check
    ]
    s = score_article(article(ISSUE_TEXT, issues=ISSUES), Extraction(), findings)
    assert (s.issue_recall.hits, s.issue_recall.total) == (1, 1)
    assert (s.issue_precision.hits, s.issue_precision.total) == (2, 3)


def test_issue_touching_but_not_overlapping_is_no_match() -> None:
    start, _ = at("1.5 trillion won")
    s = score_article(
        article(ISSUE_TEXT, issues=ISSUES[:1]), Extraction(),
        [finding(Check.CONVERSION, Verdict.INCONSISTENT, (start - 5, start))],
    )  # fmt: skip
    assert s.issue_recall.value == 0.0 and s.issue_precision.value == 0.0


def test_no_issues_and_no_flags_is_none_not_zero() -> None:
    s = score_article(article(ISSUE_TEXT), Extraction(), [])
    assert s.issue_recall.value is None and s.issue_precision.value is None
    assert s.metrics()["issue_recall"] is None


# --- aggregation --------------------------------------------------------------------------------
def test_micro_aggregation_sums_counts() -> None:
    a = score([gold("10"), gold("20")], [pred("10"), pred("30")])  # tp 1, fp 1, fn 1
    b = score([gold("10")], [pred("10")])  # tp 1
    empty = score([], [])  # nothing to find, nothing said: perfect on its own
    assert empty.amount.f1 == 1.0 and empty.grounding.value is None
    flagged = score_article(
        article(ISSUE_TEXT, issues=ISSUES), Extraction(),
        [finding(Check.CONVERSION, Verdict.INCONSISTENT, at("$1.97 billion"))],
    )  # fmt: skip
    totals = aggregate([a, b, empty, flagged])
    assert totals.articles == 4
    assert totals.amount == Counts(tp=2, fp=1, fn=1)
    assert totals.amount.precision == pytest.approx(2 / 3)  # not the mean of 0.5, 1, 1, 1
    assert totals.amount.f1 == pytest.approx(4 / 6)
    assert (totals.grounding.hits, totals.grounding.total) == (0, 3)  # no source text here
    assert totals.issue_recall.value == 1.0 and totals.issue_precision.value == 1.0
    assert totals.metrics()["amount_f1"] == pytest.approx(4 / 6)


# --- dataset ------------------------------------------------------------------------------------
def _record(**kw: object) -> dict[str, object]:
    return {"id": "a1", "lang": "en", "title": None, "source_url": "", "license": "CC-BY-4.0",
            "published": None, "text": "It gets $5 million.", "notes": "ignored",
            "gold": {"allocations": [{"amount": "5000000", "currency": "usd", "recipient": "it",
                                      "kind": "grant", "evidence": "$5 million", "extra": 1}]},
            **kw}  # fmt: skip


def test_load_dataset_ignores_extra_fields(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps(_record()) + "\n\n" + json.dumps(_record(id="a2")) + "\n", "utf-8")
    articles = load_dataset(path)
    assert [a.id for a in articles] == ["a1", "a2"]
    assert articles[0].title == "" and articles[0].gold.allocations[0].currency == "USD"
    assert articles[0].gold.allocations[0].amount == Decimal("5000000")


@pytest.mark.parametrize(
    ("second_line", "message"),
    [
        pytest.param("{not json", "d.jsonl:2: invalid JSON", id="bad json"),
        pytest.param("[1, 2]", "d.jsonl:2: expected a JSON object", id="not an object"),
        pytest.param(json.dumps(_record(id="b", text=None)), "d.jsonl:2: b: text", id="bad field"),
        pytest.param(json.dumps(_record()), "d.jsonl:2: duplicate id 'a1'", id="duplicate id"),
    ],
)
def test_load_dataset_errors_name_file_and_line(
    tmp_path: Path, second_line: str, message: str
) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps(_record()) + "\n" + second_line + "\n", "utf-8")
    with pytest.raises(DatasetError, match=message):
        load_dataset(path)


def test_gold_to_extraction_finds_the_amount_as_written() -> None:
    a = Article(id="x", text="Tokyo: the ministry gets about 1.23 trillion yen (S$10.1 billion).",
                gold=Gold(allocations=[gold("1230000000000", "JPY", "ministry", approximate=True,
                                            converted=[{"amount": "10100000000", "currency": "SGD"}],
                                            evidence="about 1.23 trillion yen (S$10.1 billion)")]))  # fmt: skip
    allocation = gold_to_extraction(a).allocations[0]
    assert allocation.amount.text == "about 1.23 trillion yen"
    assert allocation.converted[0].text == "S$10.1 billion"
    assert allocation.span is not None and allocation.span.slice(a.text) == allocation.evidence


# --- the shared datasets' gold scores perfectly against itself ----------------------------------
def test_gold_against_itself_on_shared_datasets() -> None:
    paths = sorted(SHARED.glob("*.jsonl")) if SHARED.is_dir() else []
    if not paths:
        pytest.skip(f"no datasets under {SHARED}")
    scores = []
    for path in paths:
        for a in load_dataset(path):
            s = score_article(a, gold_to_extraction(a), [])
            assert (s.amount.f1, s.full.f1, s.missed, s.invented) == (1.0, 1.0, [], []), a.id
            assert s.grounding.value in (None, 1.0), a.id
            scores.append(s)
    totals = aggregate(scores)
    assert totals.amount.f1 == 1.0 and totals.full.f1 == 1.0 and totals.grounding.value == 1.0
    assert totals.claims.value == 1.0


def test_gold_relations_use_positional_ids(tmp_path: Path) -> None:
    from summarizer.evals.dataset import with_relations

    text = "The plan totals $9 billion, of which $2 billion goes to rail."
    record = {
        "id": "r1",
        "text": text,
        "gold": {
            "allocations": [
                {
                    "amount": "9000000000",
                    "currency": "USD",
                    "kind": "total",
                    "evidence": "$9 billion",
                },
                {
                    "amount": "2000000000",
                    "currency": "USD",
                    "kind": "budget",
                    "evidence": "$2 billion goes to rail",
                },
            ],
            "relations": [
                {
                    "kind": "part_of",
                    "source": "a2",
                    "target": "a1",
                    "evidence": "of which $2 billion",
                }
            ],
        },
    }
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (article,) = load_dataset(path)
    extraction = gold_to_extraction(article)
    assert [a.id for a in extraction.allocations] == ["a1", "a2"]
    (relation,) = extraction.relations
    assert (relation.source, relation.target) == ("a2", "a1")
    assert relation.span is not None and relation.span.slice(text) == "of which $2 billion"
    # An overlay gives relations to a dataset without them, its stated phrase by offsets.
    bare = {**record, "gold": {"allocations": record["gold"]["allocations"]}}
    path.write_text(json.dumps(bare) + "\n", encoding="utf-8")
    overlay = tmp_path / "overlay.jsonl"
    start = text.index("of which")
    overlay.write_text(
        json.dumps({"id": "r1", "relations": [{"kind": "part_of", "source": "a2", "target": "a1",
                                               "stated_at": [start, start + 8]}]}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    (article,) = with_relations(load_dataset(path), overlay)
    assert article.gold.relations is not None and article.gold.relations[0].stated == "of which"
    overlay.write_text(json.dumps({"id": "r1", "relations": [{"kind": "part_of", "source": "a2",
                                                              "stated_at": [0, 999]}]}) + "\n")  # fmt: skip
    with pytest.raises(DatasetError, match="outside the text"):
        with_relations(load_dataset(path), overlay)
