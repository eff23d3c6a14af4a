"""Tests of `summarizer.reading.numbers`: every figure read right, every span exact."""

from __future__ import annotations

from decimal import Decimal

import pytest

from summarizer.reading.currencies import CurrencyContext
from summarizer.reading.numbers import MULTIPLE, PERCENT, POINTS, find_quantities, parse_money

MONEY_CASES = [
    # English scale words and abbreviations
    pytest.param("about 1.23 trillion yen", "1230000000000", "JPY", True, id="trillion-yen-about"),
    pytest.param("$8.5 billion", "8500000000", "USD", False, id="dollar-billion"),
    pytest.param("US$10.1bn", "10100000000", "USD", False, id="usd-bn"),
    pytest.param("€1.65 billion", "1650000000", "EUR", False, id="euro"),
    pytest.param("£3.5billion", "3500000000", "GBP", False, id="pound-glued"),
    pytest.param("$50m", "50000000", "USD", False, id="m-abbrev"),
    pytest.param("¥1.23tn", "1230000000000", "JPY", False, id="yen-tn"),
    pytest.param("half a billion euros", "500000000", "EUR", False, id="half-a-billion"),
    pytest.param("three billion dollars", "3000000000", "USD", False, id="spelled-out"),
    pytest.param("twenty-five million pounds", "25000000", "GBP", False, id="spelled-hyphen"),
    # symbols and codes before or after
    pytest.param("S$10.1 billion", "10100000000", "SGD", False, id="sgd"),
    pytest.param("NT$300 billion", "300000000000", "TWD", False, id="twd"),
    pytest.param("C$2 billion", "2000000000", "CAD", False, id="cad"),
    pytest.param("A$1.5 billion", "1500000000", "AUD", False, id="aud"),
    pytest.param("HK$5 billion", "5000000000", "HKD", False, id="hkd"),
    pytest.param("₩26조", "26000000000000", "KRW", False, id="won-jo"),
    pytest.param("USD 5 million", "5000000", "USD", False, id="code-before"),
    pytest.param("10 billion EUR", "10000000000", "EUR", False, id="code-after"),
    pytest.param("117.2 billion U.S. dollars", "117200000000", "USD", False, id="us-dollars"),
    pytest.param("26 trillion won", "26000000000000", "KRW", False, id="won"),
    pytest.param("832.7 billion yuan", "832700000000", "CNY", False, id="yuan"),
    pytest.param("5 million euros", "5000000", "EUR", False, id="euros-word"),
    # Indian crore and lakh
    pytest.param("₹76,000 crore", "760000000000", "INR", False, id="crore"),
    pytest.param("Rs 2.5 lakh crore", "2500000000000", "INR", False, id="lakh-crore"),
    pytest.param("Rs 500 crore", "5000000000", "INR", False, id="rs-crore"),
    # CJK units, numerals and full-width digits
    pytest.param("1.23 万亿日元", "1230000000000", "JPY", False, id="wanyi-riyuan"),
    pytest.param("约合 101 亿美元", "10100000000", "USD", True, id="yue-he-meiyuan"),
    pytest.param("1兆2300億円", "1230000000000", "JPY", False, id="cho-oku"),
    pytest.param("3870億円", "387000000000", "JPY", False, id="oku-yen"),
    pytest.param("６兆円程度", "6000000000000", "JPY", True, id="fullwidth-teido"),
    pytest.param("4兆円以上", "4000000000000", "JPY", True, id="ijou"),
    pytest.param("約10億ドル", "1000000000", "USD", True, id="katakana-dollar"),
    pytest.param("50億ユーロ", "5000000000", "EUR", False, id="katakana-euro"),
    pytest.param("新台币1500亿元", "150000000000", "TWD", False, id="twd-prefix-yuan"),
    pytest.param("人民币500亿元", "50000000000", "CNY", False, id="rmb"),
    pytest.param("三千亿元", "300000000000", "CNY", False, id="chinese-numerals"),
    pytest.param("超过 2000 亿元", "200000000000", "CNY", True, id="chaoguo"),
    pytest.param("약 26조 원", "26000000000000", "KRW", True, id="korean-yak"),
    pytest.param("4,000억 원", "400000000000", "KRW", False, id="korean-eok"),
    pytest.param("1조2000억원", "1200000000000", "KRW", False, id="korean-compound"),
    # hedges and ranges
    pytest.param("nearly 1.06 trillion yuan", "1060000000000", "CNY", True, id="nearly"),
    pytest.param("Some 1.78 trillion yen", "1780000000000", "JPY", True, id="some-capital"),
    pytest.param("up to $30 million", "30000000", "USD", True, id="up-to"),
    pytest.param("more than 20 trillion won", "20000000000000", "KRW", True, id="more-than"),
    pytest.param("$36 Billion+", "36000000000", "USD", True, id="plus"),
    pytest.param("$160–200 billion", "200000000000", "USD", True, id="range-upper"),
]


@pytest.mark.parametrize(("text", "value", "currency", "approximate"), MONEY_CASES)
def test_parse_money(text: str, value: str, currency: str, approximate: bool) -> None:
    context = CurrencyContext(territories=("US",))
    q = parse_money(text, context=context)
    assert (q.value, q.unit, q.approximate) == (Decimal(value), currency, approximate)
    assert q.text == text[q.start : q.end]


RATIO_CASES = [
    pytest.param("rose by about 50 per cent", "50", PERCENT, True, id="per-cent"),
    pytest.param("up 6.4 percent", "6.4", PERCENT, False, id="percent"),
    pytest.param("25% investment tax credits", "25", PERCENT, False, id="sign"),
    pytest.param("6.4 pct", "6.4", PERCENT, False, id="pct"),
    pytest.param("增长５０％", "50", PERCENT, False, id="fullwidth-percent"),
    pytest.param("2.5 percentage points", "2.5", POINTS, False, id="points"),
    pytest.param("3.1%p", "3.1", POINTS, False, id="korean-points"),
    pytest.param("nearly quadruple its support", "4", MULTIPLE, True, id="quadruple"),
    pytest.param("a fivefold increase", "5", MULTIPLE, False, id="fivefold"),
    pytest.param("spending doubled", "2", MULTIPLE, False, id="doubled"),
    pytest.param("three times larger", "3", MULTIPLE, False, id="times"),
    pytest.param("增加四倍", "4", MULTIPLE, False, id="si-bei"),
]


@pytest.mark.parametrize(("text", "value", "unit", "approximate"), RATIO_CASES)
def test_ratios(text: str, value: str, unit: str, approximate: bool) -> None:
    (q,) = find_quantities(text)
    assert (q.value, q.unit, q.approximate) == (Decimal(value), unit, approximate)


def test_spans_slice_to_text_and_keep_order() -> None:
    text = (
        "TOKYO - the ministry set aside about 1.23 trillion yen (S$10.1 billion), up 50 per cent;\n"
        "日本计划增加至 1.23 万亿日元（约合 101 亿美元），是原来的四倍。 6兆\n円程度"
    )
    found = find_quantities(text)
    assert [q.text for q in found] == [
        "about 1.23 trillion yen",
        "S$10.1 billion",
        "50 per cent",
        "1.23 万亿日元",
        "约合 101 亿美元",
        "四倍",
        "6兆\n円程度",
    ]
    for q in found:
        assert text[q.start : q.end] == q.text
    assert [q.start for q in found] == sorted(q.start for q in found)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Around 8.700 direct jobs are expected", id="european-thousands-count"),
        pytest.param("56 companies will undertake 68 projects", id="plain-counts"),
        pytest.param("up to $10 million in FY 2020 dollars", id="fy-dollars-is-a-year"),
        pytest.param("全体として 10 兆円以上のAI1・半導体分野", id="footnote-digit"),
        pytest.param("appropriates $52.7 billion.[1][2][3]", id="citation-markers"),
        pytest.param("they met three times in May", id="times-not-multiplier"),
    ],
)
def test_traps(text: str) -> None:
    found = find_quantities(text)
    for q in found:
        assert text[q.start : q.end] == q.text
    money = [q for q in found if q.is_money]
    if "8.700" in text or "56 companies" in text or "three times" in text:
        assert found == []
    elif "FY 2020" in text:
        assert [q.value for q in money] == [Decimal("10000000")]
    elif "AI1" in text:
        assert [(q.text, q.value) for q in money] == [("10 兆円以上", Decimal("10000000000000"))]
    else:
        assert [q.text for q in money] == ["$52.7 billion"]


def test_currency_given_once_carries_over() -> None:
    text = "The plan commits $4 billion to grids and another 2.5 billion for storage."
    money = [q for q in find_quantities(text) if q.is_money]
    assert [(q.text, q.unit, q.implied) for q in money] == [
        ("$4 billion", "USD", False),
        ("2.5 billion", "USD", True),
    ]


def test_one_currency_carries_over_paragraphs_later() -> None:
    # an article that has written amounts of one currency only: a bare scaled figure far
    # below still means that currency; after a second currency, only a near one carries
    filler = " The projects cover teaching, student services and digital learning." * 8
    one = "The ministry granted €25 million to universities." + filler
    one += " Of the funding, 13.2 million will go to research universities."
    assert [(q.text, q.unit, q.implied) for q in find_quantities(one) if q.is_money] == [
        ("€25 million", "EUR", False),
        ("13.2 million", "EUR", True),
    ]
    two = "The ministry granted €25 million and $3 million." + filler
    two += " Of the funding, 13.2 million will go to research universities."
    assert [q.text for q in find_quantities(two) if q.is_money] == ["€25 million", "$3 million"]


def test_one_currency_carries_over_paragraphs_but_not_a_whole_document() -> None:
    filler = " The projects cover teaching, student services and digital learning." * 40
    text = "The ministry granted €25 million to universities." + filler
    text += " The city has a population of 2.5 million."
    assert [q.text for q in find_quantities(text) if q.is_money] == ["€25 million"]


def test_bare_scaled_count_is_not_money() -> None:
    text = "The $4 billion plan will reach 2.5 million households."
    assert [q.text for q in find_quantities(text) if q.is_money] == ["$4 billion"]


def test_dollar_then_euro_in_parentheses() -> None:
    found = find_quantities("a $1.1 billion (€1 billion) grant")
    assert [(q.unit, q.value) for q in found] == [
        ("USD", Decimal("1100000000")),
        ("EUR", Decimal("1000000000")),
    ]


@pytest.mark.parametrize(
    ("text", "currency", "ambiguous"),
    [
        pytest.param(
            "Ottawa's budget gives $2 billion to Canadian farmers.", "CAD", False, id="ca"
        ),
        pytest.param("Washington pledged $2 billion for U.S. chipmakers.", "USD", False, id="us"),
        pytest.param("The fund pledged $2 billion.", "USD", True, id="unknown-dollar"),
        pytest.param("北京宣布投入¥500亿元。中国", "CNY", False, id="yen-sign-china"),
        pytest.param("東京都は¥500億を計上した。日本", "JPY", False, id="yen-sign-japan"),
        pytest.param("Sydney: the Australian government gives $1 billion.", "AUD", False, id="au"),
    ],
)
def test_symbol_resolved_from_article(text: str, currency: str, ambiguous: bool) -> None:
    (q,) = [q for q in find_quantities(text) if q.is_money]
    assert (q.unit, q.ambiguous) == (currency, ambiguous)


def test_parse_money_rejects_text_without_money() -> None:
    with pytest.raises(ValueError, match="no amount of money"):
        parse_money("up 50 per cent")


def test_a_figure_after_a_comma_used_as_a_pause_is_read_whole() -> None:
    # Japanese white papers use "," as the reading pause: "援助費は,535億5,480万円".
    (q,) = [
        q for q in find_quantities("食糧増産等援助費は,535億5,480万円(同比7.9%増)") if q.is_money
    ]
    assert (q.text, q.value, q.unit) == ("535億5,480万円", Decimal(53_554_800_000), "JPY")
    # and a digit group is still not a figure of its own: "$1,234" is one amount
    assert [q.text for q in find_quantities("it cost $1,234,567 in all")] == ["$1,234,567"]


def test_an_roc_year_places_a_traditional_chinese_text_in_taiwan() -> None:
    text = "111年度第3季預定發行4期公債金額1,150億元,以支應中央政府債務基金舉新還舊需求。"
    (q,) = [q for q in find_quantities(text) if q.is_money]
    assert (q.unit, q.ambiguous) == ("TWD", False)


def test_a_compact_scale_word_without_its_point() -> None:
    found = find_quantities("ein Darlehen in Höhe von 250 Mio EUR; insgesamt 3 Mrd Euro.")
    assert [(q.value, q.unit) for q in found] == [
        (Decimal(250_000_000), "EUR"),
        (Decimal(3_000_000_000), "EUR"),
    ]


def test_a_bare_scaled_amount_before_a_preposition_takes_the_text_s_currency() -> None:
    text = "Ayudas de 636 millones de euros: 276,7 millones para la agricultura y 5 millones para la apicultura."
    found = find_quantities(text)
    assert [(q.text, q.value, q.unit) for q in found][1:] == [
        ("276,7 millones", Decimal(276_700_000), "EUR"),
        ("5 millones", Decimal(5_000_000), "EUR"),
    ]
    # a bare scaled figure before a noun still counts things
    assert [q.text for q in find_quantities("Invest $2 billion to reach 7.7 crore farmers.")] == [
        "$2 billion"
    ]


@pytest.mark.parametrize(
    ("text", "written", "value", "unit"),
    [
        ("経費として計2兆4036億余円を支出", "2兆4036億余円", 2_403_600_000_000, "JPY"),
        ("407案件 4676億7000万余円", "4676億7000万余円", 467_670_000_000, "JPY"),
        ("投入300多亿元", "300多亿元", 30_000_000_000, "CNY"),
        ("补助1亿多元", "1亿多元", 100_000_000, "CNY"),
    ],
)
def test_more_than_written_inside_a_cjk_figure(
    text: str, written: str, value: int, unit: str
) -> None:
    (q,) = find_quantities(text)
    assert (q.text, q.value, q.unit, q.approximate) == (written, Decimal(value), unit, True)
