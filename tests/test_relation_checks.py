"""The validator's checks of stated links between figures, on articles written for these tests.

Each case gives items and the links an engine might state; the validator must do the
arithmetic on the source's own figures and tell an inconsistency of the article from a link
that is simply wrong.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from summarizer.checking.facts import SourceFacts
from summarizer.checking.validate import validate
from summarizer.pipeline import ground
from summarizer.reading.numbers import find_quantities
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

PART, CHANGE, SAME, CONV = (
    RelationKind.PART_OF,
    RelationKind.CHANGES_FROM,
    RelationKind.RESTATES,
    RelationKind.CONVERTS,
)


def _item(source: str, figure: str, *, kind: Kind = Kind.BUDGET) -> Allocation:
    """An allocation whose amount is the first figure of `source` written as `figure`."""
    q = next(q for q in find_quantities(source) if figure in q.text)
    sentence_start = max(source.rfind(".", 0, q.start), source.rfind("。", 0, q.start)) + 1
    evidence = source[sentence_start : q.end].strip()
    return Allocation(
        amount=Money(value=q.value, currency=q.unit, approximate=q.approximate, text=q.text),
        recipient="a programme",
        kind=kind,
        evidence=evidence,
    )


def _claim(source: str, sentence: str) -> Claim:
    numbers = [q.text for q in find_quantities(sentence)]
    assert sentence in source
    return Claim(statement=sentence, numbers=numbers, evidence=sentence)


def _check(
    source: str,
    figures: list[str],
    links: list[tuple[RelationKind, str, str, str]],
    claims: tuple[str, ...] = (),
    *,
    every: bool = False,
) -> list[Finding]:
    facts = SourceFacts.of(source)
    extraction = Extraction(
        allocations=[_item(source, f) for f in figures],
        claims=[_claim(source, c) for c in claims],
        relations=[
            Relation(kind=kind, source=s, target=t, stated=stated) for kind, s, t, stated in links
        ],
    )
    findings = validate(ground(extraction, facts), source, facts=facts)
    return findings if every else [f for f in findings if f.subject.startswith("relations")]


def _one(findings: list[Finding], check: Check) -> Finding:
    (found,) = [f for f in findings if f.check is check]
    return found


def _spans(source: str, finding: Finding) -> set[str]:
    return {source[s.start : s.end] for s in finding.spans}


NHK_LIKE = (
    "The cabinet will add about 1.9 trillion yen to three chip funds. "
    "Specifically, {a} will go to the first fund and 640 billion yen to the second. "
    "The third fund receives 570 billion yen."
)


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        pytest.param("760 billion yen", Verdict.INCONSISTENT, id="parts-beyond-rounding"),
        pytest.param("690 billion yen", Verdict.CONSISTENT, id="parts-within-rounding"),
    ],
)
def test_parts_against_an_about_total(first: str, expected: Verdict) -> None:
    source = NHK_LIKE.format(a=first)
    figures = ["about 1.9 trillion yen", first, "640 billion yen", "570 billion yen"]
    links = [(PART, f"a{i}", "a1", "") for i in (2, 3, 4)]
    finding = _one(_check(source, figures, links), Check.PARTS_TOTAL)
    assert finding.verdict is expected
    assert _spans(source, finding) == set(figures)
    if expected is Verdict.INCONSISTENT:
        assert "add up to 1.97 tn JPY, 70 bn JPY more" in finding.reason
        assert "at most 1.95 tn JPY" in finding.reason


def test_parts_a_little_over_exceed_the_total() -> None:
    source = "予算はおよそ1兆9000億円。うち基金Aに7600億円余り、基金Bに6400億円余り、基金Cに5700億円余りを充てる。"
    figures = ["1兆9000億円", "7600億円余", "6400億円余", "5700億円余"]
    links = [(PART, f"a{i}", "a1", "") for i in (2, 3, 4)]
    finding = _one(_check(source, figures, links), Check.PARTS_TOTAL)
    assert finding.verdict is Verdict.INCONSISTENT
    assert "at least" in finding.reason


def test_parts_of_an_open_total_never_exceed_it() -> None:
    source = "It will invest more than £2 billion: £1.5 billion for compute and £0.75 billion for skills."
    figures = ["more than £2 billion", "£1.5 billion", "£0.75 billion"]
    links = [(PART, "a2", "a1", ""), (PART, "a3", "a1", "")]
    assert _one(_check(source, figures, links), Check.PARTS_TOTAL).verdict is Verdict.CONSISTENT


def test_parts_of_a_total_said_to_exceed_a_figure() -> None:
    source = "A援助費は990億円、B援助費は535億円であり、援助のための予算は1,500億円を超え、拡大している。"
    figures = ["1,500億円", "990億円", "535億円"]
    links = [(PART, "a2", "a1", ""), (PART, "a3", "a1", "")]
    # "を超え": more than 1,500, so 1,525 fits
    assert _one(_check(source, figures, links), Check.PARTS_TOTAL).verdict is Verdict.CONSISTENT


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        pytest.param("accounting for about 37.06%", Verdict.INCONSISTENT, id="share-off"),
        pytest.param("accounting for about 33.14%", Verdict.CONSISTENT, id="share-right"),
    ],
)
def test_a_stated_share(stated: str, expected: Verdict) -> None:
    source = (
        "The fund's registered capital is 344 billion yuan. "
        f"Six banks put in 114 billion yuan, {stated} of it."
    )
    figures = ["344 billion yuan", "114 billion yuan"]
    finding = _one(_check(source, figures, [(PART, "a2", "a1", stated)]), Check.PERCENTAGE)
    assert finding.verdict is expected
    assert {"344 billion yuan", "114 billion yuan"} <= _spans(source, finding)
    if expected is Verdict.INCONSISTENT:
        assert "33.14%" in finding.reason and "3.92 points" in finding.reason


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        pytest.param("over a billion dollars less", Verdict.INCONSISTENT, id="difference-off"),
        pytest.param("almost a billion dollars less", Verdict.CONSISTENT, id="difference-right"),
    ],
)
def test_a_stated_difference(said: str, expected: Verdict) -> None:
    source = f"The agency would get $9.26 billion. This is {said} than the request ($10.2 billion)."
    figures = ["$9.26 billion", "$10.2 billion"]
    finding = _one(_check(source, figures, [(CHANGE, "a1", "a2", said)]), Check.DIFFERENCE)
    assert finding.verdict is expected
    assert "940 mn USD less" in finding.reason


def test_a_change_with_its_percentage_and_amount_and_no_earlier_figure() -> None:
    source = "The account gets $7.55 billion. That is a 5.2 percent increase, or $370 million."
    finding = _one(
        _check(
            source,
            ["$7.55 billion"],
            [(CHANGE, "a1", "", "a 5.2 percent increase, or $370 million")],
        ),
        Check.PERCENTAGE,
    )
    assert finding.verdict is Verdict.CONSISTENT
    assert "7.18 bn USD" in finding.reason
    cut = "The directorate gets $1.00 billion, a $170 million cut (-14.5 percent)."
    stated = "a $170 million cut (-14.5 percent)"
    finding = _one(_check(cut, ["$1.00 billion"], [(CHANGE, "a1", "", stated)]), Check.PERCENTAGE)
    assert finding.verdict is Verdict.CONSISTENT and "1.17 bn USD" in finding.reason
    wrong = cut.replace("14.5", "17")
    stated = stated.replace("14.5", "17")
    finding = _one(_check(wrong, ["$1.00 billion"], [(CHANGE, "a1", "", stated)]), Check.PERCENTAGE)
    assert finding.verdict is Verdict.INCONSISTENT


def test_a_change_from_the_same_fiscal_year_is_flagged() -> None:
    source = (
        "The account would receive $7.55 billion for FY24. That would represent a 5.2 percent "
        "increase, or $370 million, over FY24 enacted levels."
    )
    stated = "a 5.2 percent increase, or $370 million"
    finding = _one(_check(source, ["$7.55 billion"], [(CHANGE, "a1", "", stated)]), Check.PERIOD)
    assert finding.verdict is Verdict.INCONSISTENT
    assert _spans(source, finding) >= {"$7.55 billion", "FY24"}


def test_a_table_cell_takes_no_fiscal_label_from_the_next_row() -> None:
    # Rows of label then figure: "26年度予算額" heads the next cell, not the one above it.
    source = (
        "平成27年版 白書\n\n(主な事業)\n\n27年度予算額\n500百万円\n26年度予算額\n400 \n"
        "差引増△減\n100 \n\n<1>事業A\n\n27年度予算額\n300百万円\n26年度予算額\n250 \n差引増△減\n50 "
    )
    figures = ["500百万円", "300百万円"]
    links = [(CHANGE, "a1", "a2", "")]  # a wrong link; both figures are FY27's
    assert not [f for f in _check(source, figures, links) if f.check is Check.PERIOD]


def test_a_multiple_and_a_percentage_against_the_figures() -> None:
    source = "The budget doubled from $3 billion to $6.6 billion, a rise of 120 percent."
    figures = ["$6.6 billion"]
    claims = ("The budget doubled from $3 billion to $6.6 billion, a rise of 120 percent.",)
    links = [(CHANGE, "a1", "c1#2", "doubled"), (CHANGE, "a1", "c1#2", "a rise of 120 percent")]
    # The article's own check judges "doubled from A to B" too: the link's finding is not repeated.
    findings = _check(source, figures, links, claims, every=True)
    assert _one(findings, Check.MULTIPLE).verdict is Verdict.CONSISTENT  # ×2.2, within 15%
    assert _one(findings, Check.PERCENTAGE).verdict is Verdict.CONSISTENT
    wrong = source.replace("120 percent", "20 percent")
    findings = _check(wrong, figures, [(CHANGE, "a1", "c1#2", "a rise of 20 percent")],
                      (claims[0].replace("120 percent", "20 percent"),), every=True)  # fmt: skip
    assert _one(findings, Check.PERCENTAGE).verdict is Verdict.INCONSISTENT


def test_one_pot_counted_twice() -> None:
    source = (
        "Including the special funds, the programme totals NT$28.4 billion; adding the "
        "special funds' NT$0.3 billion, it reaches NT$28.7 billion."
    )
    figures = ["NT$28.4 billion", "NT$0.3 billion", "NT$28.7 billion"]
    links = [(PART, "a1", "a3", ""), (PART, "a2", "a3", ""), (PART, "a2", "a1", "")]
    findings = _check(source, figures, links)
    twice = _one(findings, Check.DOUBLE_COUNT)
    assert twice.verdict is Verdict.INCONSISTENT
    assert _spans(source, twice) == set(figures)
    assert "counted twice" in twice.reason


@pytest.mark.parametrize(
    ("headline", "check", "expected"),
    [
        pytest.param("€14bn", Check.RESTATEMENT, Verdict.CONSISTENT, id="same"),
        pytest.param("€14 million", Check.RESTATEMENT, Verdict.INCONSISTENT, id="scale"),
        pytest.param("€13 billion", Check.RESTATEMENT, Verdict.INCONSISTENT, id="value"),
        pytest.param("$14 billion", Check.CONVERSION, Verdict.INCONSISTENT, id="currency"),
    ],
)
def test_restatements(headline: str, check: Check, expected: Verdict) -> None:
    source = (
        f"Health fund gets {headline}\n\nThe federal subsidy to the health fund is €14 billion."
    )
    findings = _check(source, [headline, "€14 billion"], [(SAME, "a1", "a2", "")])
    finding = _one(findings, check)
    assert finding.verdict is expected
    assert _spans(source, finding) == {headline, "€14 billion"}
    assert (headline in finding.reason) == (
        expected is Verdict.INCONSISTENT or check is Check.RESTATEMENT
    )


def test_restatement_hedged_both_ways() -> None:
    source = "A 200 billion yuan fund\n\nThe fund holds nearly 200 billion yuan."
    found = _check(
        source, ["200 billion yuan", "nearly 200 billion yuan"], [(SAME, "a1", "a2", "")]
    )
    assert _one(found, Check.RESTATEMENT).verdict is Verdict.CONSISTENT
    source = "Fund holds more than 200 billion yuan\n\nThe fund holds nearly 200 billion yuan."
    found = _check(
        source, ["more than 200 billion yuan", "nearly 200 billion yuan"], [(SAME, "a1", "a2", "")]
    )
    finding = _one(found, Check.RESTATEMENT)
    assert finding.verdict is Verdict.INCONSISTENT and "opposite directions" in finding.reason


def test_a_conversion_out_of_line_with_the_articles_others() -> None:
    source = (
        "It gives £36 million ($49m) to Cambridge. The plan commits £1 billion ($1.4bn) to "
        "compute and £750 million ($1bn) to Edinburgh. In all, £2 billion was pledged. "
        "That is $2.4bn."
    )
    facts = SourceFacts.of(source)
    extraction = Extraction(
        allocations=[_item(source, "£2 billion")],
        claims=[_claim(source, "That is $2.4bn.")],
        relations=[Relation(kind=CONV, source="c1#1", target="a1")],
    )
    findings = validate(ground(extraction, facts), source, facts=facts)
    (finding,) = [f for f in findings if f.subject == "relations[0]"]
    assert finding.check is Check.CONVERSION and finding.verdict is Verdict.INCONSISTENT
    assert "other GBP→USD conversions" in finding.reason


# --- links the figures cannot bear: the extraction's mistake, reported as such -----------------


@pytest.mark.parametrize(
    ("links", "verdict", "words"),
    [
        pytest.param(
            [(PART, "a9", "a1", "")], Verdict.UNSUPPORTED, "no item has the id", id="unknown-id"
        ),
        pytest.param(
            [(PART, "a1", "a2", "")], Verdict.UNSUPPORTED, "not a part", id="part-far-larger"
        ),
        pytest.param([(PART, "a1", "a1", "")], Verdict.UNSUPPORTED, "to itself", id="self-link"),
        pytest.param(
            [(CONV, "a1", "a2", "")],
            Verdict.UNSUPPORTED,
            "no conversion",
            id="conversion-same-currency",
        ),
        pytest.param(
            [(SAME, "a1", "a2", "")],
            Verdict.UNSUPPORTED,
            "not the same money",
            id="restates-other-money",
        ),
        pytest.param(
            [(PART, "a2", "", "")], Verdict.UNSUPPORTED, "needs the id", id="part-without-whole"
        ),
        pytest.param(
            [(PART, "c1#5", "a1", "")], Verdict.UNSUPPORTED, "no number 5", id="no-such-number"
        ),
    ],
)
def test_links_the_figures_cannot_bear(
    links: list[tuple[RelationKind, str, str, str]], verdict: Verdict, words: str
) -> None:
    source = "The ministry gives $9 billion to roads. It also gives $2 billion to rail."
    findings = _check(
        source, ["$9 billion", "$2 billion"], links, ("It also gives $2 billion to rail.",)
    )
    (finding,) = findings
    assert finding.check is Check.RELATION and finding.verdict is verdict
    assert words in finding.reason


def test_figures_far_apart_are_not_a_part_and_its_whole() -> None:
    filler = " ".join(
        f"Sentence {n} says nothing worth a figure at all, at length." for n in range(40)
    )
    source = f"The plan totals $9 billion. {filler} Roads get $2 billion."
    (finding,) = _check(source, ["$9 billion", "$2 billion"], [(PART, "a2", "a1", "")])
    assert finding.check is Check.RELATION and "sentences apart" in finding.reason


def test_a_figure_not_in_the_source_leaves_the_link_unchecked() -> None:
    source = "The plan totals $9 billion."
    extraction = Extraction(
        allocations=[
            _item(source, "$9 billion"),
            Allocation(
                amount=Money(value=Decimal(5 * 10**9), currency="USD", text="$5 billion"),
                recipient="x",
                kind=Kind.BUDGET,
                evidence="The plan totals $9 billion.",
            ),
        ],
        relations=[Relation(kind=PART, source="a2", target="a1")],
    )
    facts = SourceFacts.of(source)
    findings = validate(ground(extraction, facts), source, facts=facts)
    (finding,) = [f for f in findings if f.subject == "relations[0]"]
    assert finding.verdict is Verdict.UNCHECKED and not finding.wrong
