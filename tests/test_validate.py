"""Tests of the validator on small hand-made articles: every verdict and every cross-check."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from summarizer.checking.validate import validate
from summarizer.schema import (
    Allocation,
    Check,
    Claim,
    Extraction,
    Finding,
    Kind,
    Money,
    Relation,
    RelationKind,
    Verdict,
)

SOURCE = (
    "TOKYO - The ministry will spend about 1.23 trillion yen (S$10.1 billion) on chips in the "
    "fiscal year starting in April. It earmarked 150 billion yen for Rapidus, bringing the "
    "cumulative government investment in the venture to 250 billion yen. Overall the budget "
    "rose by about 50 per cent from the previous year to 3.07 trillion yen. "
    "The cabinet signed off on it Dec 26."
)


def _allocation(text: str, value: str, currency: str, evidence: str, **extra: object) -> Allocation:
    approximate = bool(extra.pop("approximate", False))
    return Allocation(
        amount=Money(value=Decimal(value), currency=currency, approximate=approximate, text=text),
        recipient=str(extra.pop("recipient", "Rapidus")),
        kind=extra.pop("kind", Kind.BUDGET),  # type: ignore[arg-type]
        evidence=evidence,
        **extra,  # type: ignore[arg-type]
    )


def _verdict(allocation: Allocation, source: str = SOURCE) -> Verdict:
    findings = validate(Extraction(allocations=[allocation]), source)
    (amount,) = [f for f in findings if f.subject == "allocations[0].amount"]
    return amount.verdict


@pytest.mark.parametrize(
    ("text", "value", "currency", "evidence", "approximate", "expected"),
    [
        pytest.param("150 billion yen", "150000000000", "JPY", "earmarked 150 billion yen for Rapidus",
                     False, Verdict.VERBATIM, id="verbatim"),
        pytest.param("¥150bn", "150000000000", "JPY", "earmarked 150 billion yen for Rapidus",
                     False, Verdict.EQUIVALENT, id="equivalent-format"),
        pytest.param("1500億円", "150000000000", "JPY", "earmarked 150 billion yen for Rapidus",
                     False, Verdict.EQUIVALENT, id="equivalent-script"),
        pytest.param("250 billion yen", "150000000000", "JPY", "earmarked 150 billion yen for Rapidus",
                     False, Verdict.CONTRADICTED, id="value-not-its-text"),
        pytest.param("160 billion yen", "160000000000", "JPY", "earmarked 150 billion yen for Rapidus",
                     False, Verdict.CONTRADICTED, id="digit-changed"),
        pytest.param("150 million yen", "150000000", "JPY", "earmarked 150 billion yen for Rapidus",
                     False, Verdict.CONTRADICTED, id="scale-changed"),
        pytest.param("150 billion dollars", "150000000000", "USD",
                     "earmarked 150 billion yen for Rapidus", False, Verdict.CONTRADICTED,
                     id="currency-changed"),
        pytest.param("1.23 trillion yen", "1230000000000", "JPY",
                     "about 1.23 trillion yen (S$10.1 billion)", False, Verdict.VERBATIM,
                     id="dropped-hedge-is-a-note"),
        pytest.param("about 1.23 trillion yen", "1230000000000", "JPY",
                     "about 1.23 trillion yen (S$10.1 billion)", True, Verdict.VERBATIM,
                     id="hedge-kept"),
        pytest.param("400 billion yen", "400000000000", "JPY", "no such quote", False,
                     Verdict.DERIVED, id="derived-sum"),
        pytest.param("9 billion yen", "9000000000", "JPY", "no such quote", False,
                     Verdict.UNSUPPORTED, id="unsupported"),
    ],
)  # fmt: skip
def test_amount_verdicts(
    text: str, value: str, currency: str, evidence: str, approximate: bool, expected: Verdict
) -> None:
    allocation = _allocation(text, value, currency, evidence, approximate=approximate)
    assert _verdict(allocation) == expected


def _amount_finding(allocation: Allocation, source: str = SOURCE):  # type: ignore[no-untyped-def]
    findings = validate(Extraction(allocations=[allocation]), source)
    return next(f for f in findings if f.subject == "allocations[0].amount")


def test_a_hedge_worded_differently_is_a_note_not_a_flag() -> None:
    dropped = _amount_finding(
        _allocation("1.23 trillion yen", "1230000000000", "JPY", "about 1.23 trillion yen")
    )
    kept = _amount_finding(
        _allocation(
            "about 1.23 trillion yen",
            "1230000000000",
            "JPY",
            "about 1.23 trillion yen",
            approximate=True,
        )
    )
    assert dropped.ok and "hedges" in dropped.note
    assert kept.ok and not kept.note


UNREAD = (
    "The council approved 12 quadrillion zorkmids for the harbour and 2 million euros for parks."
)


def test_a_figure_the_reader_cannot_read_is_unchecked_not_refused() -> None:
    # "zorkmids" is no currency CLDR knows: the reader finds no amount there, so the figure a
    # model reads from it can be neither confirmed nor refuted.
    allocation = _allocation(
        "12 quadrillion zorkmids",
        "12000000000000000",
        "EUR",
        "12 quadrillion zorkmids for the harbour",
    )
    finding = _amount_finding(allocation, UNREAD)
    assert finding.verdict is Verdict.UNCHECKED and not finding.ok and not finding.wrong
    # The same quote with another figure is not in the source: that is wrong, not unchecked.
    changed = _allocation(
        "13 quadrillion zorkmids",
        "13000000000000000",
        "EUR",
        "12 quadrillion zorkmids for the harbour",
    )
    assert _amount_finding(changed, UNREAD).wrong


OPEN_DOLLAR = "The minister announced $5 billion for the new dam and $2 billion for roads."


@pytest.mark.parametrize(
    ("currency", "accepted"),
    [("USD", True), ("CAD", True), ("AUD", True), ("EUR", False), ("JPY", False)],
)
def test_a_symbol_the_article_leaves_open_accepts_what_it_can_denote(
    currency: str, accepted: bool
) -> None:
    allocation = _allocation("$5 billion", "5000000000", currency, "$5 billion for the new dam")
    finding = _amount_finding(allocation, OPEN_DOLLAR)
    assert finding.ok is accepted
    if accepted and currency != "USD":
        assert "can denote" in finding.note


def test_every_finding_has_a_reason_and_spans_inside_the_source() -> None:
    allocation = _allocation(
        "150 billion yen", "150000000000", "JPY", "earmarked 150 billion yen for Rapidus"
    )
    for finding in validate(Extraction(allocations=[allocation]), SOURCE):
        assert finding.reason
        for span in finding.spans:
            assert 0 <= span.start < span.end <= len(SOURCE)


def test_evidence_must_be_in_the_source_and_hold_the_amount() -> None:
    good = _allocation("150 billion yen", "150000000000", "JPY", "earmarked 150 billion yen")
    elsewhere = _allocation("150 billion yen", "150000000000", "JPY", "250 billion yen")
    invented = _allocation("150 billion yen", "150000000000", "JPY", "gave Rapidus 150bn")
    verdicts = []
    for allocation in (good, elsewhere, invented):
        findings = validate(Extraction(allocations=[allocation]), SOURCE)
        (evidence,) = [f for f in findings if f.check == Check.EVIDENCE]
        verdicts.append(evidence.verdict)
    assert verdicts == [Verdict.VERBATIM, Verdict.CONTRADICTED, Verdict.UNSUPPORTED]


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        pytest.param("about 50 per cent", Verdict.VERBATIM, id="percent-verbatim"),
        pytest.param("about 50%", Verdict.EQUIVALENT, id="percent-equivalent"),
        pytest.param("about 60 per cent", Verdict.CONTRADICTED, id="percent-changed"),
        pytest.param("50 per cent", Verdict.VERBATIM, id="percent-quoted-without-hedge"),
        pytest.param("3.07 trillion yen", Verdict.VERBATIM, id="money-in-claim"),
        pytest.param("Dec 26", Verdict.VERBATIM, id="date"),
        pytest.param("Dec 27", Verdict.UNSUPPORTED, id="date-changed"),
    ],
)
def test_claim_numbers(number: str, expected: Verdict) -> None:
    claim = Claim(
        statement="the budget rose",
        numbers=[number],
        evidence="rose by about 50 per cent from the previous year to 3.07 trillion yen. "
        "The cabinet signed off on it Dec 26",
    )
    findings = validate(Extraction(claims=[claim]), SOURCE)
    (finding,) = [f for f in findings if f.subject == "claims[0].numbers[0]"]
    assert finding.verdict == expected


def test_claim_number_must_come_from_its_evidence() -> None:
    claim = Claim(statement="x", numbers=["150 billion yen"], evidence="signed off on it Dec 26")
    findings = validate(Extraction(claims=[claim]), SOURCE)
    (finding,) = [f for f in findings if f.subject == "claims[0].numbers[0]"]
    assert finding.verdict == Verdict.UNSUPPORTED


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        pytest.param(
            "earmarked 150 billion yen for Rapidus",
            [Verdict.VERBATIM, Verdict.VERBATIM, Verdict.CONTRADICTED],
            id="listed-more-often-than-given",
        ),
        pytest.param(
            "150 billion yen for Rapidus, bringing ... 150 billion yen",
            [Verdict.VERBATIM, Verdict.VERBATIM, Verdict.VERBATIM],
            id="given-as-often-as-listed",
        ),
    ],
)
def test_a_number_listed_again_is_judged_per_listing(
    evidence: str, expected: list[Verdict]
) -> None:
    source = "It earmarked 150 billion yen for Rapidus, bringing ... 150 billion yen in all."
    claim = Claim(
        statement="x",
        numbers=["150 billion yen", "Rapidus", "150 billion yen"],
        evidence=evidence,
    )
    findings = [f for f in validate(Extraction(claims=[claim]), source) if f.check == Check.NUMBER]
    assert [f.subject for f in findings] == [f"claims[0].numbers[{j}]" for j in range(3)]
    assert [f.verdict for f in findings] == expected
    first, _, again = findings
    if again.verdict is Verdict.CONTRADICTED:
        assert "listed more often than its passage gives it" in again.reason
    else:  # both places in the passage, for each listing to stand for one
        assert [(s.start, s.end) for s in first.spans] == [(13, 28), (55, 70)]
        assert again.spans == first.spans


def _cross(source: str, published: date | None = None, **kw: object) -> list:
    return [
        f
        for f in validate(Extraction(**kw), source, published=published)  # type: ignore[arg-type]
        if f.subject == "article" or f.check not in (Check.NUMBER, Check.EVIDENCE)
    ]


def _conversion_findings(source: str, published: date) -> list[Finding]:
    return [f for f in _cross(source, published) if f.check == Check.CONVERSION]


def test_conversion_at_wrong_rate_and_into_wrong_currency() -> None:
    source = (
        "日本计划将预算增加至 1.23 万亿日元（约合 101 亿美元）。\n\n"
        "The ministry will spend about 1.23 trillion yen (S$10.1 billion) on chips."
    )
    findings = _conversion_findings(source, date(2025, 12, 26))
    verdicts = {f.text: f.verdict for f in findings}
    assert verdicts == {
        "1.23 万亿日元（约合 101 亿美元": Verdict.INCONSISTENT,
        "about 1.23 trillion yen (S$10.1 billion": Verdict.CONSISTENT,
    }
    flagged = next(f for f in findings if not f.ok)
    assert "SGD" in flagged.reason and "reference rate" in flagged.reason
    assert {source[s.start : s.end] for s in flagged.spans} >= {"S$10.1 billion"}


def test_conversion_out_of_line_with_the_articles_other_conversions() -> None:
    source = (
        "Seoul will invest 20 trillion won (about $14.63 billion), including 15 trillion won "
        "(about $10.97 billion) in loans and a 1 trillion won (about $731.25 million) fund. "
        "It will also put around 1.5 trillion won (about $1.97 billion) into the KDB."
    )
    findings = _conversion_findings(source, date(2024, 5, 23))
    flagged = [f.text for f in findings if not f.ok]
    assert flagged == ["around 1.5 trillion won (about $1.97 billion"]
    assert len(findings) == 4


def test_a_conversion_joined_by_or_and_an_old_article_judged_loosely() -> None:
    # "X or $Y equivalent" is a conversion; an article of 2008, before the rate table starts
    # (2015), has its rates judged loosely: the rupee was 39.5 to the dollar then, 64 in 2015
    source = (
        "The appreciation of the rupee reduced the loan's value by about Rs2.0 billion or $50.6 "
        "million equivalent. Higher prices raised costs by an estimated Rs12 billion or $31 "
        "million equivalent in Madhya Pradesh, India."
    )
    findings = _conversion_findings(source, date(2008, 5, 1))
    assert {f.text: f.ok for f in findings} == {
        "about Rs2.0 billion or $50.6 million": True,
        "an estimated Rs12 billion or $31 million": False,
    }
    # the same in 2015, inside the table, is judged as tightly as before: both flagged
    findings = _conversion_findings(source, date(2015, 5, 1))
    assert [f.ok for f in findings] == [False, False]


@pytest.mark.parametrize(
    ("source", "ok"),
    [
        (
            "The fire subsidy budget is $6.611 billion, up $40 million (+0.4%) from last year.",
            False,
        ),
        ("The fire subsidy budget is $6.611 billion, up $40 million (+0.6%) from last year.", True),
        # the year before named right before the change: "対前年度40百万円(+0.4%)"
        ("消防補助負担金は、66億11百万円であり、対前年度40百万円(+0.4%)となっている。", False),
        ("消防補助負担金は、66億11百万円であり、対前年度40百万円(+0.6%)となっている。", True),
        # "this", compared: the figure of the sentence before whose label the change repeats
        (
            "予算の総額は,現金額302億円,債務負担行為256億円である。これを前年度と対比すると,"
            "現金額で91億円(43%)の増額を示した。",
            True,
        ),
    ],
)
def test_a_change_with_its_rate_in_brackets(source: str, ok: bool) -> None:
    from summarizer import summarize

    summary = summarize(source, engine="deterministic")
    (finding,) = [f for f in summary.findings if f.check == Check.PERCENTAGE]
    assert finding.ok is ok, finding.reason


def test_growth_rate_that_the_figures_do_not_bear_out() -> None:
    source = (
        "Spending on science has increased by 6.4 percent annually on average over the past six "
        "years. From 2018 to 2023 it grew from 832.7 billion yuan to nearly 1.06 trillion yuan."
    )
    (finding,) = [f for f in _cross(source) if f.check == Check.PERCENTAGE]
    assert finding.verdict == Verdict.INCONSISTENT
    assert "a year over 5 years" in finding.reason


def test_growth_rate_that_holds() -> None:
    source = "Revenue of the fund rose 25% from $2 billion to $2.5 billion."
    (finding,) = [f for f in _cross(source) if f.check == Check.PERCENTAGE]
    assert finding.verdict == Verdict.CONSISTENT


def test_multiple_checked_against_from_to_figures() -> None:
    source = "Support will nearly quadruple from ¥300 billion to ¥1.2 trillion. Tokyo said so."
    (finding,) = [f for f in _cross(source) if f.check == Check.MULTIPLE]
    assert finding.verdict == Verdict.CONSISTENT
    wrong = "Support will double from ¥300 billion to ¥1.2 trillion. Tokyo said so."
    (finding,) = [f for f in _cross(wrong) if f.check == Check.MULTIPLE]
    assert finding.verdict == Verdict.INCONSISTENT


def test_same_amount_for_two_fiscal_years() -> None:
    source = (
        "日本将把预算增加至 1.23 万亿日元，用于 2024 财年。\n\n"
        "Japan will spend 1.23 trillion yen for the fiscal year starting in April."
    )
    (finding,) = [f for f in _cross(source, date(2025, 12, 26)) if f.check == Check.PERIOD]
    assert finding.verdict == Verdict.INCONSISTENT
    assert "FY2024" in finding.reason and "FY2026" in finding.reason


def test_the_same_conflict_said_again_is_reported_once() -> None:
    # Every FY2023 sentence against every FY2024 one would be a quadratic report of one fact.
    source = "FY2023: $1.25 million. FY2024: $1.25 million. " * 50 + "FY2025: $1.25 million."
    found = [f for f in _cross(source) if f.check == Check.PERIOD]
    years = sorted(f.reason.split("given for ")[1] for f in found)
    assert len(found) == len(set(years)) == 4  # FY2023 → FY2024, → FY2025; FY2024 → 2023, → 2025
    assert all(f.verdict == Verdict.INCONSISTENT for f in found)


def _parts_source(part_b: str) -> str:
    return (
        "The EU budget supports the initiative with a total of up to €3.3 billion, including "
        f"€1.65 billion via Horizon Europe and {part_b} via Digital Europe."
    )


@pytest.mark.parametrize(
    ("part_b", "expected"),
    [
        pytest.param("€1.65 billion", Verdict.CONSISTENT, id="parts-add-up"),
        pytest.param("€2.65 billion", Verdict.INCONSISTENT, id="parts-exceed-total"),
    ],
)
def test_parts_against_total(part_b: str, expected: Verdict) -> None:
    source = _parts_source(part_b)
    value_b = "1650000000" if part_b == "€1.65 billion" else "2650000000"
    total = _allocation("up to €3.3 billion", "3300000000", "EUR",
                        "a total of up to €3.3 billion", kind=Kind.TOTAL, approximate=True)  # fmt: skip
    part_a = _allocation("€1.65 billion", "1650000000", "EUR", "€1.65 billion via Horizon Europe")
    part = _allocation(part_b, value_b, "EUR", f"{part_b} via Digital Europe")
    from summarizer.checking.facts import SourceFacts
    from summarizer.pipeline import ground

    facts = SourceFacts.of(source)
    links = [Relation(kind=RelationKind.PART_OF, source=f"a{i}", target="a1") for i in (2, 3)]
    extraction = ground(Extraction(allocations=[total, part_a, part], relations=links), facts)
    (finding,) = [f for f in validate(extraction, source) if f.check == Check.PARTS_TOTAL]
    assert finding.verdict == expected
    assert {source[s.start : s.end] for s in finding.spans} == {
        "up to €3.3 billion",
        "€1.65 billion",
        part_b,
    }


def test_cumulative_below_its_new_part_is_flagged() -> None:
    source = "It earmarked 150 billion yen for Rapidus, bringing the total to 100 billion yen."
    from summarizer.checking.facts import SourceFacts
    from summarizer.pipeline import ground

    new = _allocation("150 billion yen", "150000000000", "JPY", "earmarked 150 billion yen")
    total = _allocation("100 billion yen", "100000000000", "JPY",
                        "bringing the total to 100 billion yen", kind=Kind.CUMULATIVE)  # fmt: skip
    extraction = ground(Extraction(allocations=[new, total]), SourceFacts.of(source))
    (finding,) = [f for f in validate(extraction, source) if f.check == Check.CUMULATIVE]
    assert finding.verdict == Verdict.INCONSISTENT


def test_summary_in_another_language_with_the_wrong_currency() -> None:
    source = (
        "シンガポール政府はAIに10億米ドル超を投じる。\n\n"
        "SINGAPORE - The Government will set aside more than S$1 billion for AI."
    )
    (finding,) = [f for f in _cross(source) if f.check == Check.CONVERSION]
    assert finding.verdict == Verdict.INCONSISTENT
    assert {source[s.start : s.end] for s in finding.spans} == {
        "10億米ドル超",
        "more than S$1 billion",
    }


def test_an_amount_for_years_within_a_span_is_no_period_conflict() -> None:
    from summarizer.checking.crosschecks import article_checks
    from summarizer.checking.facts import SourceFacts

    def conflicts(text: str) -> list:
        found = article_checks(SourceFacts.of(text))
        return [f for f in found if f.check is Check.PERIOD and f.wrong]

    # One year of a span may carry the span's amount: the years meet, no conflict.
    nested = (
        "The agency budgets $72.5 million for FY2022 road projects. Under the plan it will "
        "budget $72.5 million each year over FY2022-FY2027, $435 million in all."
    )
    assert not conflicts(nested)
    assert not conflicts(nested.replace(" each year", ""))
    # Years apart: a precise figure is one figure mislabelled, a round one an unchanged line.
    apart = "The agency budgets $72.5 million for FY2022. It budgets $72.5 million for FY2024."
    assert conflicts(apart)
    assert not conflicts(apart.replace("$72.5 million", "$70 million"))


def test_both_ends_of_a_range_are_figures_a_claim_may_list() -> None:
    source = (
        "Os juros dos créditos para o setor variam de 2,5% a 5,5% ao ano, por meio do programa."
    )
    claim = Claim(
        statement="rates range", numbers=["2,5%", "5,5%"], evidence="variam de 2,5% a 5,5% ao ano"
    )
    findings = validate(Extraction(claims=[claim]), source)
    numbers = [f for f in findings if f.subject.startswith("claims[0].numbers")]
    assert len(numbers) == 2 and all(f.ok for f in numbers)
    wrong = Claim(statement="rates", numbers=["3,5%"], evidence="variam de 2,5% a 5,5% ao ano")
    (finding,) = [
        f for f in validate(Extraction(claims=[wrong]), source) if f.subject.startswith("claims")
    ]
    assert not finding.ok


def test_a_scale_word_after_an_indefinite_article_is_unread_not_absent() -> None:
    """'ein milliard' (Nynorsk, no currency named) is a figure the reader cannot attach to
    money: a model's reading of it is unchecked, not refused."""
    source = (
        "Ny milliard til bustadbanken\n"
        "Regjeringa vil gi bustadbanken ein milliard meir å låne ut neste år. Samla "
        "låneramme blir då 14 milliardar kroner."
    )
    allocation = _allocation(
        "ein milliard",
        "1000000000",
        "NOK",
        evidence="Regjeringa vil gi bustadbanken ein milliard meir",
    )
    assert _verdict(allocation, source) == Verdict.UNCHECKED
    wrong = _allocation("to milliardar", "2000000000", "NOK", evidence="to milliardar")
    assert _verdict(wrong, source) != Verdict.UNCHECKED


def test_a_figure_in_a_passage_the_reader_cannot_read_is_unchecked_not_refused() -> None:
    """'77 ล้านเหรียญสหรัฐ' (a currency word CLDR does not give): the model's 77 million dollars
    is unread there, so unchecked; a figure whose digits differ is still refused."""
    source = "ADB ได้ร่วมลงนามในสัญญาเงินกู้มูลค่า 77 ล้านเหรียญสหรัฐ สำหรับโครงการขยายทางหลวง"
    evidence = "สัญญาเงินกู้มูลค่า 77 ล้านเหรียญสหรัฐ"
    right = _allocation("77 ล้านเหรียญสหรัฐ", "77000000", "USD", evidence, recipient="ADB")
    assert _verdict(right, source) is Verdict.UNCHECKED
    wrong = _allocation("78 ล้านเหรียญสหรัฐ", "78000000", "USD", evidence, recipient="ADB")
    assert _verdict(wrong, source) is Verdict.UNSUPPORTED


def test_a_passage_with_money_read_refuses_another_figure_rather_than_leaving_it_unread() -> None:
    """Where the reader read money, a figure of other digits' power of ten is a rival: 'in 12
    regions' does not make a €1.2 billion reading of '$1.2 billion' unchecked."""
    source = "The fund gives $1.2 billion in 12 regions this year."
    wrong = _allocation("€1.2 billion", "1200000000", "EUR", "gives $1.2 billion in 12 regions")
    assert _verdict(wrong, source) is Verdict.CONTRADICTED


def test_evidence_that_stops_before_the_hedge_still_holds_its_figure() -> None:
    """'8000万元' quoted from '8000万元以上': the hedge runs past the quote, the figure is in it."""
    source = "县本级财政专项扶贫资金8000万元以上,用于产业发展。"
    allocation = _allocation(
        "8000万元", "80000000", "CNY", "县本级财政专项扶贫资金8000万元", approximate=True
    )
    findings = validate(Extraction(allocations=[allocation]), source)
    (evidence,) = [f for f in findings if f.subject == "allocations[0].evidence"]
    assert evidence.ok


def test_a_claim_number_written_just_outside_its_quote_in_the_same_sentence_is_confirmed() -> None:
    """A quote cut shorter than its statement: the year before it is the statement's; a year
    of another sentence is not."""
    source = (
        "En 2017, les dépenses vertes éligibles atteignaient 2,6 milliards d'euros. "
        "Le programme a été relancé en 2019."
    )
    claim = Claim(
        statement="Eligible green spending reached €2.6bn in 2017.",
        numbers=["2017", "2,6 milliards"],
        evidence="les dépenses vertes éligibles atteignaient 2,6 milliards d'euros",
    )
    findings = [
        f for f in validate(Extraction(claims=[claim]), source) if f.subject.startswith("claims")
    ]
    assert all(f.ok for f in findings)
    assert findings[0].note  # said to stand beside the quote
    other = claim.model_copy(update={"numbers": ["2019", "2,6 milliards"]})
    findings = [
        f for f in validate(Extraction(claims=[other]), source) if f.subject.startswith("claims")
    ]
    assert findings[0].verdict is Verdict.UNSUPPORTED


def test_a_number_word_whose_scale_an_earlier_sentence_gave_is_unchecked_not_refused() -> None:
    """'Dei resterande to' (the remaining two, billion said before): the model's 2 billion is
    unread there; three billion is refused."""
    source = (
        "Regjeringa aukar løyvingane til Forsvaret med sju milliardar kroner. "
        "Fem går til ammunisjon. Dei resterande to vil vi bruka slik at Forsvaret kan øva meir."
    )
    evidence = "Dei resterande to vil vi bruka slik at Forsvaret kan øva meir"
    right = _allocation("to", "2000000000", "NOK", evidence, recipient="Forsvaret")
    findings = validate(Extraction(allocations=[right]), source)
    checks = [f for f in findings if f.check in (Check.NUMBER, Check.EVIDENCE)]
    assert {f.verdict for f in checks} == {Verdict.UNCHECKED}
    wrong = _allocation("tre", "3000000000", "NOK", evidence, recipient="Forsvaret")
    assert _verdict(wrong, source) is Verdict.UNSUPPORTED


@pytest.mark.parametrize(
    ("text", "value", "evidence"),
    [
        pytest.param("€12 billion", "12000000000", "On 12 March the council met", id="a-date"),
        pytest.param("€2 billion", "2000000000", "The council met 2 times", id="one-digit"),
        pytest.param("€15 billion", "15000000000", "as set out in item (15) below", id="an-item"),
    ],
)
def test_a_date_an_item_or_a_lone_digit_does_not_leave_an_invented_amount_unchecked(
    text: str, value: str, evidence: str
) -> None:
    source = f"{evidence}. Nothing else was decided."
    assert _verdict(_allocation(text, value, "EUR", evidence), source) is Verdict.UNSUPPORTED


def test_a_quote_cut_inside_a_figure_does_not_hold_it() -> None:
    """'€2' quoted from '€2 billion' is not the figure; '8000万元' from '8000万元以上' is."""
    source = "The ministry allocated €2 billion to the ports."
    allocation = _allocation("€2 billion", "2000000000", "EUR", "The ministry allocated €2")
    findings = validate(Extraction(allocations=[allocation]), source)
    (evidence,) = [f for f in findings if f.subject == "allocations[0].evidence"]
    assert evidence.verdict is Verdict.CONTRADICTED


@pytest.mark.parametrize(
    ("before", "text", "after", "direction"),
    [
        ("eine Etaterhöhung um ", "5 Mio. Euro", "", 1),  # a German compound ends in its change
        ("die Haushaltskürzung von ", "5 Mio. Euro", "", -1),
        ("Der Bund unterstützt mit ", "5 Mio. Euro", "", 0),  # "unter" only as a word
        ("Moreover, it gives ", "$5m", "", 0),
        ("an execution rate of ", "60%", "", 0),  # no "cut" inside "execution"
        ("", "$2 billion", " less", -1),
    ],
)
def test_direction_words_are_whole_words(
    before: str, text: str, after: str, direction: int
) -> None:
    from summarizer.checking.changes import direction_of

    assert direction_of(before, text, after) == direction
