"""The range a figure as written stands for: its hedge, its precision, and the stated changes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from summarizer.checking.bounds import Bounds, Hedge, figure_bounds, hedge_of, precision
from summarizer.checking.changes import ChangeKind, is_annual, read_stated
from summarizer.reading.currencies import CurrencyContext
from summarizer.reading.numbers import find_quantities

D = Decimal


@pytest.mark.parametrize(
    ("source", "hedge", "low", "high"),
    [
        pytest.param(
            "およそ1兆9000億円を", Hedge.ABOUT, "1.85e12", "1.95e12", id="ja-about-before"
        ),
        pytest.param(
            "基金に7600億円余りを", Hedge.A_LITTLE_OVER, "7.6e11", "7.7e11", id="ja-yoamari"
        ),
        pytest.param("more than £2 billion", Hedge.AT_LEAST, "2e9", None, id="more-than"),
        pytest.param("over a billion dollars less", Hedge.AT_LEAST, "1e9", None, id="over-words"),
        pytest.param("up to £750 million", Hedge.AT_MOST, "0", "7.5e8", id="up-to"),
        pytest.param("nearly 1.06 trillion yuan", Hedge.NEARLY, "1.05e12", "1.06e12", id="nearly"),
        pytest.param("$9.26 billion", Hedge.EXACT, "9.255e9", "9.265e9", id="exact-rounded"),
        pytest.param("$1.00 billion", Hedge.EXACT, "0.995e9", "1.005e9", id="written-decimals"),
        pytest.param("约37.06%", Hedge.ABOUT, "37.055", "37.065", id="zh-about-percent"),
        pytest.param("US$ 3.5 billion or more", Hedge.AT_LEAST, "3.5e9", None, id="or-more"),
        pytest.param("약 5조원", Hedge.ABOUT, "4.5e12", "5.5e12", id="ko-about"),
        pytest.param("rund 3 Mrd. Euro", Hedge.ABOUT, "2.5e9", "3.5e9", id="de-rund"),
        pytest.param("高达3440亿元", Hedge.EXACT, "3.4395e11", "3.4405e11", id="zh-as-high-as"),
        pytest.param("$600 million", Hedge.EXACT, "599.5e6", "600.5e6", id="plain-zeros-count"),
        pytest.param("about $600 million", Hedge.ABOUT, "550e6", "650e6", id="about-zeros-round"),
    ],
)
def test_figure_bounds(source: str, hedge: Hedge, low: str, high: str | None) -> None:
    (q,) = [q for q in find_quantities(source) if q.is_money or q.unit == "percent"][:1]
    bounds, found = figure_bounds(q, source)
    assert found is hedge
    assert bounds == Bounds(D(low), D(high) if high is not None else None)


@pytest.mark.parametrize(
    ("text", "value", "step"),
    [
        pytest.param("$9.26 billion", "9260000000", "10000000", id="decimals"),
        pytest.param("3440亿元", "344000000000", "1000000000", id="trailing-zero-not-significant"),
        pytest.param("1兆9000億円", "1900000000000", "100000000000", id="cjk-composite"),
        pytest.param("1,695.92億元", "169592000000", "1000000", id="grouped-with-decimals"),
        pytest.param("14,57 Milliarden Euro", "14570000000", "10000000", id="decimal-comma"),
        pytest.param("1.500 Mio. €", "1500000000", "100000000", id="open-reading-takes-coarser"),
        pytest.param("0", "0", "1", id="zero"),
        pytest.param("+0.0%", "0", "0.1", id="zero-with-decimals"),
    ],
)
def test_precision(text: str, value: str, step: str) -> None:
    assert precision(text, D(value)) == D(step)


def test_hedge_of_reads_the_words_around() -> None:
    assert hedge_of("基金に", "7600億円", "余りを充て") is Hedge.A_LITTLE_OVER
    assert hedge_of("almost ", "$5 billion", "") is Hedge.NEARLY
    assert hedge_of("", "5 billion yen", " or less") is Hedge.AT_MOST
    assert hedge_of("the ", "$5 billion", " fund") is Hedge.EXACT
    # "予算は1,500億円を超え、…": the continuative form of を超える, a floor too
    assert hedge_of("予算は", "1,500億円", "を超え、5倍に") is Hedge.AT_LEAST
    assert hedge_of("予算は", "1,500億円", "を上回った") is Hedge.AT_LEAST


def test_bounds_arithmetic() -> None:
    total = Bounds(D(1), D(2)) + Bounds(D(3), None)
    assert total == Bounds(D(4), None)
    assert Bounds(D(1), D(2)).gap(D(3)) == D(1)
    assert Bounds(D(1), D(2)).gap(D("1.5")) == 0
    assert Bounds(D(1), None).contains(D(10**9))


@pytest.mark.parametrize(
    ("stated", "share", "expected"),
    [
        pytest.param("占比约37.06%", True, [(ChangeKind.SHARE, 0)], id="zh-share"),
        pytest.param(
            "a 5.2 percent increase, or $370 million",
            False,
            [(ChangeKind.PERCENT, 1), (ChangeKind.DIFFERENCE, 1)],
            id="percent-and-amount-up",
        ),
        pytest.param(
            "over a billion dollars less", False, [(ChangeKind.DIFFERENCE, -1)], id="less"
        ),
        pytest.param(
            "a $170 million cut from FY24 levels (-14.5 percent)",
            False,
            [(ChangeKind.DIFFERENCE, -1), (ChangeKind.PERCENT, -1)],
            id="cut-and-minus-sign",
        ),
        pytest.param(
            "增列34億6,303萬元,增幅5.55%",
            False,
            [(ChangeKind.DIFFERENCE, 1), (ChangeKind.PERCENT, 1)],
            id="zh-increase",
        ),
        pytest.param("nearly quadruple", False, [(ChangeKind.MULTIPLE, 0)], id="multiple"),
        pytest.param("対前年度比+4.6%", False, [(ChangeKind.PERCENT, 1)], id="ja-signed"),
    ],
)
def test_read_stated(stated: str, share: bool, expected: list[tuple[ChangeKind, int]]) -> None:
    found = read_stated(stated, CurrencyContext.of("The US budget"), share=share)
    assert [(s.kind, s.direction) for s in found] == expected


def test_annual_rates_are_told_apart() -> None:
    assert is_annual("6.4 percent annually on average")
    assert is_annual("年均增长8%")
    assert not is_annual("up 6.4 percent")


@pytest.mark.parametrize(
    ("language", "source", "hedge"),
    [
        ("fi", "noin 80 miljoonaa euroa", Hedge.ABOUT),
        ("pl", "ponad 1 mld euro", Hedge.AT_LEAST),
        ("sv", "nästan 300 miljoner kronor", Hedge.NEARLY),
        ("da", "op til 800 000 EUR", Hedge.AT_MOST),
    ],
)
def test_the_reader_s_hedge_words_bend_the_figure_the_same_way(
    language: str, source: str, hedge: Hedge
) -> None:
    context = CurrencyContext(language=language, decimal_comma=True)
    (q,) = [q for q in find_quantities(source, context=context) if q.is_money]
    assert figure_bounds(q, source)[1] is hedge
