"""Tests of the reader on the ways the languages read write money (CLDR-driven vocabulary).

The sentences are written for these tests (unit fixtures, not evaluation data); each pins one
way of writing a figure that real pages use: CLDR currency names and plural forms, decimal
commas and regional grouping, hard-wrapped lines, amounts in words, percentage ranges and
points, the currency of a bare 元 by script and place, "kr" by country.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from summarizer.checking.validate import validate
from summarizer.reading.currencies import CurrencyContext, territory_of_url
from summarizer.reading.language import chinese_script, detect_language, uses_decimal_comma
from summarizer.reading.numbers import MULTIPLE, PERCENT, POINTS, find_quantities
from summarizer.schema import Allocation, Extraction, Finding, Kind, Money, Verdict


def _money(text: str) -> list[tuple[str, str, str]]:
    return [(q.text, f"{q.value:f}", q.unit) for q in find_quantities(text) if q.is_money]


MONEY_CASES = [
    # CLDR display names and plural forms, any letter case, in several languages
    pytest.param("Tokyo will grant up to 900 billion Japanese Yen to the new plant in Kumamoto.",
                 "up to 900 billion Japanese Yen", "900000000000", "JPY", id="cldr-japanese-yen"),
    pytest.param("Ottawa will add 3 billion Canadian dollars for transit in the coming years.",
                 "3 billion Canadian dollars", "3000000000", "CAD", id="cldr-canadian-dollars"),
    pytest.param("Le Canada consacre 5 milliards de dollars canadiens au logement abordable.",
                 "5 milliards de dollars canadiens", "5000000000", "CAD", id="cldr-fr-dollars-canadiens"),
    pytest.param("Der Bund zahlt 50 Millionen Schweizer Franken an die Partnerstadt in Basel.",
                 "50 Millionen Schweizer Franken", "50000000", "CHF", id="cldr-de-franken"),
    pytest.param("Regeringen i Sverige anslår 300 miljoner kronor till skolorna i hela landet.",
                 "300 miljoner kronor", "300000000", "SEK", id="cldr-shared-head-kronor"),
    # decimal commas, thousands points and spaces, CLDR compact-format scale words
    pytest.param("Der Bund stellt 1,5 Milliarden Euro für die Sanierung der Bahnstrecken bereit.",
                 "1,5 Milliarden Euro", "1500000000", "EUR", id="de-decimal-comma"),
    pytest.param("Für Schulen sind im Haushalt 1.200 Mio. € vorgesehen, für Kitas 2,4 Mrd. €.",
                 "1.200 Mio. €", "1200000000", "EUR", id="de-thousands-point-mio"),
    pytest.param("Le gouvernement consacre 2,4 milliards d'euros à la santé publique cette année.",
                 "2,4 milliards d'euros", "2400000000", "EUR", id="fr-milliards-d-euros"),
    pytest.param("L'État engage 1 500 M€ pour les écoles et 2,5 M€ pour les musées de France.",
                 "1 500 M€", "1500000000", "EUR", id="fr-space-grouping-m-euro"),
    pytest.param("El Consejo de Ministros autoriza 12.826.505,16 euros para el suministro de agua.",
                 "12.826.505,16 euros", "12826505.16", "EUR", id="es-cents"),
    pytest.param("El Gobierno destina 1.000 millones de euros a la rehabilitación de viviendas.",
                 "1.000 millones de euros", "1000000000", "EUR", id="es-mil-millones-points"),
    pytest.param("O Governo de Portugal aprovou 1,2 mil milhões de euros para a ferrovia nacional.",
                 "1,2 mil milhões de euros", "1200000000", "EUR", id="pt-mil-milhoes"),
    pytest.param("The ministry will spend ₹1,00,000 crore on highways across the states of India.",
                 "₹1,00,000 crore", "1000000000000", "INR", id="indian-grouping"),
    pytest.param("The canton approved CHF 1'500'000 for the new library building in Zurich.",
                 "CHF 1'500'000", "1500000", "CHF", id="swiss-apostrophe"),
    # hard-wrapped pages and hyphenated scales
    pytest.param("The Budget provides $37.7\n    billion for DOD to maintain a strong deterrent.",
                 "$37.7\n    billion", "37700000000", "USD", id="hard-wrapped"),
    pytest.param("The program represents a $680.7-million federal investment in Ontario roads.",
                 "$680.7-million", "680700000", "USD", id="hyphenated-scale"),
    # amounts in words, in the article's language
    pytest.param("Der Bund stellt drei Milliarden Euro für die Digitalisierung der Schulen bereit.",
                 "drei Milliarden Euro", "3000000000", "EUR", id="de-words"),
    pytest.param("Le gouvernement consacre deux milliards d'euros à la rénovation des écoles.",
                 "deux milliards d'euros", "2000000000", "EUR", id="fr-words"),
    # Japanese and Korean table units
    pytest.param("令和6年度予算(単位:百万円)のうち、文部科学省は4,383百万円を計上している。",
                 "4,383百万円", "4383000000", "JPY", id="ja-hyakuman-yen"),
    pytest.param("보건복지부는 내년 예산으로 4,383백만원을 편성했다고 밝혔다.",
                 "4,383백만원", "4383000000", "KRW", id="ko-baekman-won"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "written", "value", "currency"), MONEY_CASES)
def test_money_as_real_pages_write_it(text: str, written: str, value: str, currency: str) -> None:
    assert (written, value, currency) in _money(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("It is timely to announce this funding during the opening of COP28.", id="cop28"),
        pytest.param("The scheme reached 5 million Europeans last year, the report says.", id="europeans"),
        pytest.param("단위: 千元 表1 預算 單位:新臺幣千元 年度 合計", id="unit-headers"),
    ],
)  # fmt: skip
def test_no_money_where_none_is_written(text: str) -> None:
    assert _money(text) == []


@pytest.mark.parametrize(
    ("text", "value", "unit", "low"),
    [
        pytest.param("Loans carry rates of -0.8 to -1.0%p below market.", "1.0", POINTS, "0.8", id="pp-range"),
        pytest.param("La croissance passe de 1,4 à 1 % selon le ministre des finances.", "1", PERCENT, "1.4", id="fr-range"),
        pytest.param("文部科学省は20ポイント減少し、経済産業省は増加した。", "20", POINTS, None, id="ja-points"),
        pytest.param("비중이 3.5%포인트 늘었다고 기획재정부가 밝혔다.", "3.5", POINTS, None, id="ko-points"),
        pytest.param("Die Mittel haben sich seit 2020 verdoppelt, so das Ministerium.", "2", MULTIPLE, None, id="de-verdoppelt"),
        pytest.param("Das ist das 2-fache des Vorjahres, sagte die Ministerin.", "2", MULTIPLE, None, id="de-fache"),
    ],
)  # fmt: skip
def test_ratios_and_ranges(text: str, value: str, unit: str, low: str | None) -> None:
    (q,) = [q for q in find_quantities(text) if not q.is_money]
    assert (q.value, q.unit) == (Decimal(value), unit)
    assert q.low == (Decimal(low) if low else None)


@pytest.mark.parametrize(
    ("text", "currency", "ambiguous"),
    [
        pytest.param("五大信賴產業明年度總預算案合計編列284億元,國科會則有54億元預算。", "TWD", True, id="hant-no-place"),
        pytest.param("香港特區政府宣布撥款50億元支持創新科技發展。", "HKD", False, id="hant-hong-kong"),
        pytest.param("中國大基金三期註冊資本3440億元人民幣,台灣經濟部則編列99億元。", "TWD", False, id="hant-china-named-taiwan-named"),
        pytest.param("财政部下达资金50亿元,支持地方交通基础设施建设。", "CNY", False, id="hans"),
    ],
)  # fmt: skip
def test_a_bare_yuan_by_script_and_place(text: str, currency: str, ambiguous: bool) -> None:
    bare = [q for q in find_quantities(text) if q.is_money and "人民" not in q.text]
    assert bare and all((q.unit, q.ambiguous) == (currency, ambiguous) for q in bare)
    if ambiguous:
        assert {"CNY", "TWD", "HKD"} <= bare[0].alternatives


def test_kr_is_read_from_the_country_named() -> None:
    swedish = "Regeringen i Sverige anslår 5 miljarder kr till vägar och järnvägar."
    danish = "Regeringen i Danmark afsætter 5 mia. kr. til veje og jernbaner i hele landet."
    assert _money(swedish)[0][2] == "SEK"
    assert _money(danish)[0][2] == "DKK"


def test_an_open_dollar_lists_what_it_can_denote() -> None:
    (q,) = [
        q for q in find_quantities("The minister announced $5 billion for the dam.") if q.is_money
    ]
    assert q.unit == "USD" and q.ambiguous and {"CAD", "AUD", "SGD"} <= q.alternatives


@pytest.mark.parametrize(
    "text",
    [
        "정부는 10조원 규모의 지원책을 발표했다.",
        "政府推出规模1000亿元的基金。",
        "The package is worth $5 billion.",
    ],
)
def test_words_that_only_say_size_or_worth_are_not_hedges(text: str) -> None:
    (q,) = [q for q in find_quantities(text) if q.is_money]
    assert not q.approximate


@pytest.mark.parametrize(
    ("text", "hedged"),
    [
        ("Der Bund stellt rund 1,5 Milliarden Euro bereit.", "rund 1,5 Milliarden Euro"),
        ("L'État investit environ 2 milliards d'euros dans le rail.", "environ 2 milliards d'euros"),
        ("El Gobierno destina cerca de 300 millones de euros a la sanidad.", "cerca de 300 millones de euros"),
    ],
)  # fmt: skip
def test_hedges_in_the_languages_read(text: str, hedged: str) -> None:
    (q,) = [q for q in find_quantities(text) if q.is_money]
    assert q.text == hedged and q.approximate


def test_language_script_and_decimal_mark() -> None:
    assert (
        detect_language("Der Bund stellt 1,5 Milliarden Euro für die Bahn bereit, sagte er.")
        == "de"
    )
    assert (
        detect_language("Ààntæræ. The ministry earmarked 1,000 billion yen for the programme.")
        == "en"
    )
    assert chinese_script("國科會編列預算") == "Hant" and chinese_script("国科会编列预算") == "Hans"
    assert chinese_script("令和6年度予算を計上した") == ""  # Japanese: neither
    assert uses_decimal_comma("2,4 Mrd. und 1,5 Mrd.", "de")
    assert not uses_decimal_comma("1,000 billion and 2.5 billion", "de")
    assert uses_decimal_comma("12.500 Euro", "de") and not uses_decimal_comma("12,500", "en")


def test_context_carries_the_conventions() -> None:
    context = CurrencyContext.of(
        "El Gobierno destina 1.000 millones de euros a la vivienda social."
    )
    assert (context.language, context.decimal_comma) == ("es", True)


def _amount_finding(allocation: Allocation, source: str) -> Finding:
    """The validator's verdict on the allocation's amount, against `source`."""
    findings = validate(Extraction(allocations=[allocation]), source)
    return next(f for f in findings if f.subject == "allocations[0].amount")


def test_a_scale_word_the_reader_does_not_know_leaves_the_figure_unchecked() -> None:
    # A typo the reader cannot undo ("mihlões", two letters swapped, for "milhões") stops it
    # after "€107": the model's 107 million, quoted as written, can be neither confirmed nor
    # refuted. A dropped letter ("mlhões") it reads, and confirms.
    source = "O BEI assinou um empréstimo ao Hospital Oriental no valor de €107 mihlões este ano."
    allocation = Allocation(
        amount=Money(value=Decimal("107000000"), currency="EUR", text="€107 mihlões"),
        recipient="Hospital Oriental",
        kind=Kind.LOAN,
        evidence="um empréstimo ao Hospital Oriental no valor de €107 mihlões",
    )
    assert _amount_finding(allocation, source).verdict is Verdict.UNCHECKED
    dropped = allocation.model_copy(
        update={
            "amount": Money(value=Decimal("107000000"), currency="EUR", text="€107 mlhões"),
            "evidence": "um empréstimo ao Hospital Oriental no valor de €107 mlhões",
        }
    )
    assert _amount_finding(dropped, source.replace("mihlões", "mlhões")).ok
    wrong = allocation.model_copy(
        update={"amount": Money(value=Decimal("108000000"), currency="EUR", text="€108 milhões")}
    )
    assert _amount_finding(wrong, source).wrong


TABLE = """表1 令和6年度予算の概要
(単位:億円)
区分            令和5年度   令和6年度
アジア開発銀行等拠出金  312.0   345.4
国際機関出資金          0.3
"""


def test_table_cells_are_read_in_their_declared_unit_and_kept_apart() -> None:
    from summarizer.checking.facts import SourceFacts

    facts = SourceFacts.of(TABLE)
    cells = {(q.text, q.value, q.unit) for q in facts.table_cells}
    assert ("345.4", Decimal("34540000000"), "JPY") in cells
    assert ("0.3", Decimal("30000000"), "JPY") in cells
    assert not any(q.text in {"5", "6", "1"} for q in facts.table_cells)  # headings, not cells
    assert not [q for q in facts.quantities if q.text == "345.4"]  # engines do not see them
    allocation = Allocation(
        amount=Money(value=Decimal("34540000000"), currency="JPY", text="345.4"),
        recipient="アジア開発銀行",
        kind=Kind.BUDGET,
        evidence="アジア開発銀行等拠出金  312.0   345.4",
    )
    findings = validate(Extraction(allocations=[allocation]), TABLE)
    assert all(f.ok for f in findings if f.subject.startswith("allocations[0]"))
    wrong = allocation.model_copy(
        update={"amount": Money(value=Decimal("34550000000"), currency="JPY", text="345.5")}
    )
    findings = validate(Extraction(allocations=[wrong]), TABLE)
    assert any(f.wrong for f in findings if f.subject == "allocations[0].amount")


def test_a_row_label_declares_the_unit_of_its_line() -> None:
    from summarizer.checking.facts import SourceFacts

    facts = SourceFacts.of("Ausgaben (Mrd. €) 319,5 81,9\nEinnahmen 12 Monate, siehe Tabelle 3.")
    assert [(q.text, q.value) for q in facts.table_cells] == [
        ("319,5", Decimal("319500000000")),
        ("81,9", Decimal("81900000000")),
    ]


def test_korean_table_compounds_of_jo_and_eok() -> None:
    from summarizer.checking.facts import SourceFacts

    text = "(단위: 억 원, %)\n구분 2018 2019 증감\n합계 43조 1,581 46조 6,971 3조 5,390\n"
    values = {q.value for q in SourceFacts.of(text).table_cells}
    assert Decimal("46697100000000") in values and Decimal("43158100000000") in values


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Regjeringen foreslår 2,5 milliarder kroner til forsvaret i statsbudsjettet for 2024.",
            "NOK",
        ),
        ("Regeringen afsætter 2,5 milliarder kroner til forsvaret i finansloven for 2024.", "DKK"),
        ("Vláda schválila 3,5 miliardy korun na výstavbu dálnic v příštím roce.", "CZK"),
    ],
)
def test_a_money_name_several_countries_share_is_read_by_the_article_s_language(
    text: str, code: str
) -> None:
    (q,) = [q for q in find_quantities(text, context=CurrencyContext.of(text)) if q.is_money]
    assert q.unit == code


def test_scale_words_of_languages_added_from_cldr() -> None:
    text = "Valtioneuvosto myönsi 150 miljoonaa euroa tutkimukseen ja 1,2 miljardia euroa teihin."
    assert _money(text) == [
        ("150 miljoonaa euroa", "150000000", "EUR"),
        ("1,2 miljardia euroa", "1200000000", "EUR"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(  # Finnish numerals before a scale word, from num2words' tables
            "Valtioneuvosto antaa kunnille kolme miljoonaa euroa ja kaksi miljardia euroa teille.",
            [("kolme miljoonaa euroa", "3000000"), ("kaksi miljardia euroa", "2000000000")],
            id="fi-numerals",
        ),
        pytest.param(  # Norwegian: "fem" is five; text_to_num does not read Norwegian
            "Regjeringen foreslår at fem millioner kroner skal gå til naturrestaurering i Norge.",
            [("fem millioner kroner", "5000000")],
            id="no-numerals",
        ),
        pytest.param(  # a singular scale word alone is one of it (CLDR's "one" form)
            "Hallitus esittää kuntien tukipakettia, jonka koko on vähintään miljardi euroa.",
            [("vähintään miljardi euroa", "1000000000")],  # "at least" is its hedge
            id="fi-singular-scale",
        ),
        pytest.param(  # Finnish case endings on the scale word and the currency
            "Kuntien verotulojen menetyksiä korvataan 547 miljoonalla eurolla vuonna 2020.",
            [("547 miljoonalla eurolla", "547000000")],
            id="fi-case-endings",
        ),
        pytest.param(  # a genitive after space-grouped digits
            "Vuonna 2018 saa tehdä rahoituspäätöksiä enintään 270 515 000 euron arvosta Suomessa.",
            [("enintään 270 515 000 euron", "270515000")],  # "at most" is its hedge
            id="fi-genitive",
        ),
        pytest.param(  # Hungarian accusative and elative
            "A kormány 10 milliárd forintot biztosít, és 300 millió forintból új kórház épül.",
            [("10 milliárd forintot", "10000000000"), ("300 millió forintból", "300000000")],
            id="hu-case-endings",
        ),
        pytest.param(  # Nynorsk plural scale word (CLDR nn)
            "I statsbudsjettet foreslår regjeringa å løyva 13 milliardar kroner til Forsvaret.",
            [("13 milliardar kroner", "13000000000")],
            id="nn-milliardar",
        ),
        pytest.param(  # Nynorsk "sju" (num2words writes Bokmål's "syv"): CLDR's spell-out rules
            "Regjeringa vil bruka sju milliardar kroner til auka operativ evne i Forsvaret.",
            [("sju milliardar kroner", "7000000000")],
            id="nn-numeral-from-cldr",
        ),
        pytest.param(  # a Russian numeral in the genitive, as CLDR's rules inflect it
            "Расходы составят около двух миллиардов рублей, из них пятьсот миллионов рублей.",
            [
                ("около двух миллиардов рублей", "2000000000"),
                ("пятьсот миллионов рублей", "500000000"),
            ],
            id="ru-genitive-numeral",
        ),
        pytest.param(  # digits and numerals within one 万 group
            "総額516億7千4百24万円を限度とする円借款の供与に関する書簡の交換が行われた。",
            [("516億7千4百24万円", "51674240000")],
            id="ja-mixed-numerals",
        ),
    ],
)
def test_numbers_in_words_case_endings_and_mixed_numerals(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(written, value) for written, value, _ in _money(text)] == expected


def test_a_word_in_europe_is_not_a_case_of_euro() -> None:
    text = "Euroopan unioni myöntää 5 miljoonaa euroa ja Euroopan investointipankki lainaa."
    assert [written for written, _, _ in _money(text)] == ["5 miljoonaa euroa"]


def test_a_heading_s_figure_takes_the_article_s_currency() -> None:
    text = (
        "Enova får 180 millioner kroner fra departementet.\n\n"
        "Naturpakke på 25 millioner\n\nRegjeringen foreslår mer."
    )
    assert _money(text)[-1] == ("25 millioner", "25000000", "NOK")
    counted = "India gives Rs 500 crore to the states; 7.7 crore\nfarmers benefit from it."
    assert [written for written, _, _ in _money(counted)] == ["Rs 500 crore"]


def test_a_figure_written_in_words_the_reader_cannot_place_is_unchecked_not_refused() -> None:
    source = (
        "Regjeringa foreslår å løyva 13 milliardar kroner til Forsvaret. Seks milliardar blir "
        "foreslåtte til militær støtte til Ukraina, og sju milliardar til Forsvaret."
    )
    read = Allocation(
        amount=Money(value=Decimal("6000000000"), currency="NOK", text="Seks milliardar"),
        recipient="Ukraina",
        kind=Kind.GRANT,
        evidence="Seks milliardar blir foreslåtte til militær støtte til Ukraina",
    )
    assert _amount_finding(read, source).verdict is Verdict.VERBATIM
    # with no currency anywhere in the article the reader cannot place the figure as money
    source = "Seks milliardar blir foreslåtte til militær støtte til Ukraina."
    allocation = read
    assert _amount_finding(allocation, source).verdict is Verdict.UNCHECKED
    invented = allocation.model_copy(
        update={"amount": Money(value=Decimal("6000000000"), currency="NOK", text="seks hundre")}
    )
    assert _amount_finding(invented, source).wrong


def test_space_grouped_thousands_are_one_number_even_where_decimals_take_a_point() -> None:
    # read alone (no article to say the writer groups by spaces), "000 €" is the tail of 650 000
    assert _money("650 000 €") == [("650 000 €", "650000", "EUR")]
    assert _money("Le musée reçoit 1 200 000 € cette année.") == [("1 200 000 €", "1200000", "EUR")]


def test_a_lone_number_word_is_not_a_figure_in_words() -> None:
    source = "The ministry will build one school in Oslo and give it 9 million dollars."
    allocation = Allocation(
        amount=Money(value=Decimal("8000000"), currency="USD", text="one school"),
        recipient="Oslo",
        kind=Kind.GRANT,
        evidence="build one school in Oslo",
    )
    assert _amount_finding(allocation, source).wrong


@pytest.mark.parametrize(
    ("text", "written", "value", "currency"),
    [
        # the head noun of a CLDR name written noun-first, or of a Turkish possessive compound
        ("El Gobierno aporta 120 millones de dólares al Fondo Verde para el Clima.",
         "120 millones de dólares", "120000000", "USD"),
        ("Komisja Europejska przyznała Polsce 3 mld złotych na odbudowę dróg.",
         "3 mld złotych", "3000000000", "PLN"),
        ("Hükümet köprü projesine 5 milyar lira ayırdı ve 2 milyar dolar kredi aldı.",
         "5 milyar lira", "5000000000", "TRY"),
        # the symbol CLDR gives the language's own currency, written before the number
        ("Pemerintah mengalokasikan Rp 5 triliun untuk pembangunan jalan di Papua.",
         "Rp 5 triliun", "5000000000000", "IDR"),
    ],
)  # fmt: skip
def test_currency_nouns_and_own_symbols_from_cldr(
    text: str, written: str, value: str, currency: str
) -> None:
    assert (written, value, currency) in _money(text)


def test_an_adjective_before_a_currency_noun_is_no_currency() -> None:
    from summarizer.reading import cldr

    # "nuevo dólar taiwanés", "nouveau dollar taïwanais": the first word is an adjective there
    assert "dólares" in cldr.currency_names("es") and "nuevo" not in cldr.currency_names("es")
    assert "nouveau" not in cldr.currency_names("fr")
    assert _money("Llegaron 5 nuevo modelos a la fábrica de Sevilla.") == []


def test_a_year_joined_to_a_currency_is_a_price_level_not_money() -> None:
    text = (
        "Nytt sykehus i Østfold har en øvre låneramme på 2 500 millioner 2009-kroner. "
        "Regjeringen foreslår å bevilge lånet i statsbudsjettet for neste år."
    )
    money = _money(text)
    assert [written for written, _, _ in money] == ["2 500 millioner"]
    assert money[0][1:] == ("2500000000", "NOK")


@pytest.mark.parametrize(
    ("text", "hedged"),
    [
        ("Budżet programu wynosi około 2 mln EUR dla gmin.", "około 2 mln EUR"),
        ("Hankkeille myönnetään noin 13 miljoonaa euroa tukea.", "noin 13 miljoonaa euroa"),
        ("Ordningen har et budget på ca. 80 millioner EUR i alt.", "ca. 80 millioner EUR"),
        ("Programul are peste 2 miliarde de euro pentru școli.", "peste 2 miliarde de euro"),
    ],
)  # fmt: skip
def test_hedges_of_the_nordic_and_central_european_press(text: str, hedged: str) -> None:
    (q,) = [q for q in find_quantities(text) if q.is_money]
    assert q.text == hedged and q.approximate


def test_one_comma_group_in_a_decimal_comma_language_is_as_likely_decimals() -> None:
    # German: "4,526 Milliarden" is 4.526 billion; four such figures must not outvote "8,2"
    text = (
        "Die Finanzierung beläuft sich auf 4,526 Milliarden Euro. Die Bahn rechnete mit 4,696 "
        "Milliarden Euro. Der Rahmen stieg von 4,526 auf 6,526 Milliarden Euro und später auf "
        "8,2 Milliarden Euro, dann auf 9,15 Milliarden Euro."
    )
    assert uses_decimal_comma(text, detect_language(text))
    money = [q for q in find_quantities(text, context=CurrencyContext.of(text)) if q.is_money]
    assert [str(q.value) for q in money][:2] == ["4526000000", "4696000000"]
    # two groups or more still say the point is the decimal mark
    english = "Der Haushalt umfasst 1,234,567 Euro, 2,345,678 Euro, 3,456,789 Euro und 3,5 Prozent."
    assert not uses_decimal_comma(english, "de")


def test_one_section_number_does_not_overturn_the_language_s_decimal_comma() -> None:
    text = (
        "Zgodnie z pkt 2.1 porozumienia Komisja proponuje uruchomić Fundusz Solidarności w "
        "wysokości 280 740 903 EUR w celu udzielenia pomocy Polsce i Czechom po powodziach."
    )
    assert uses_decimal_comma(text, detect_language(text))
    assert ("280 740 903 EUR", "280740903", "EUR") in _money(text)


def test_a_unit_declared_at_the_end_of_a_heading_covers_the_table_below() -> None:
    from summarizer.checking.facts import SourceFacts

    text = (
        "Przydziały środków według działu (wszystkie kwoty przedstawiono w mld euro):\n\n"
        "  WRF NextGenerationEU OGÓŁEM\n"
        "1. Jednolity rynek, innowacje i gospodarka cyfrowa 149,5 11,5 161,0\n"
        "2. Spójność, odporność i wartości 426,7 776,5 1 203,2\n"
    )
    cells = [(c.text, c.value, c.unit) for c in SourceFacts.of(text).table_cells]
    assert ("149,5", Decimal("149500000000"), "EUR") in cells
    assert ("1 203,2", Decimal("1203200000000"), "EUR") in cells
    assert all(value >= 10**9 for _, value, _ in cells)  # row numbers "1." are not cells


def test_a_declared_unit_is_read_whole_before_its_last_words() -> None:
    from summarizer.checking.facts import SourceFacts

    text = "Table 2. Outlays by agency (billions of US dollars):\n\nDefense 842.0 850.5\n"
    cells = [(c.text, c.value, c.unit) for c in SourceFacts.of(text).table_cells]
    assert ("842.0", Decimal("842000000000"), "USD") in cells


def test_a_bare_figure_followed_by_more_takes_the_currency_given_before() -> None:
    text = (
        "El Gobierno destina 600 millones de euros: 275 millones para la Policía Nacional, "
        "otros 275 millones para la Guardia Civil, y 50 millones adicionales irán a otras obras."
    )
    assert ("50 millones", "50000000", "EUR") in _money(text)


@pytest.mark.parametrize(
    ("url", "territory"),
    [
        ("https://minister.infrastructure.gov.au/media-release/bruce-highway", "AU"),
        ("https://www.gov.uk/government/news/schools", "GB"),
        ("https://www.transit.dot.gov/bus-program", "US"),
        ("https://ec.europa.eu/commission/presscorner", None),
        ("", None),
    ],
)
def test_a_page_s_address_names_its_country(url: str, territory: str | None) -> None:
    assert territory_of_url(url) == territory


def test_a_page_s_country_reads_its_bare_dollar() -> None:
    from summarizer.checking.facts import SourceFacts

    text = "The Deputy Premier said a $22.1 million package of safety upgrades is under way."
    assert [q.unit for q in SourceFacts.of(text).money] == ["USD"]
    au = SourceFacts.of(text, url="https://minister.infrastructure.gov.au/release")
    assert [q.unit for q in au.money] == ["AUD"]


def test_the_eval_reads_a_record_s_address_as_the_engines_do() -> None:
    from summarizer.evals.dataset import Article
    from summarizer.evals.runner import evaluate_article
    from summarizer.pipeline import make_engine

    article = Article.model_validate(
        {
            "id": "au",
            "source_url": "https://minister.infrastructure.gov.au/release",
            "text": "The Government will fund a $22.1 million package of safety upgrades.",
            "gold": {
                "allocations": [
                    {
                        "amount": "22100000",
                        "currency": "AUD",
                        "kind": "budget",
                        "evidence": "$22.1 million",
                    }
                ]
            },
        }
    )
    score, error = evaluate_article(article, make_engine(engine="deterministic"))
    assert error is None and score.amount.tp == 1


def test_a_dollar_stays_open_when_no_named_country_leads() -> None:
    """Countries named once each, with different dollars, decide nothing; one named more does."""
    tied = "The bank approved $38 million to help Kiribati, Samoa and Tonga respond to disasters."
    (amount,) = [q for q in find_quantities(tied, context=CurrencyContext.of(tied)) if q.is_money]
    assert amount.ambiguous and amount.unit != "AUD"
    led = tied + " Kiribati will receive an $8 million grant."
    amounts = [q for q in find_quantities(led, context=CurrencyContext.of(led)) if q.is_money]
    assert [q.unit for q in amounts] == ["AUD", "AUD"]


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        # languages new to the reader: CLDR's names and scale words, nothing listed by hand
        (
            "2021 m. ES išlaidos iš viso sudarė 181,5 milijardo eurų, rodo ataskaita.",
            "181500000000",
            "EUR",
        ),
        (
            "Η Επιτροπή διαθέτει 1,2 δισεκατομμύρια ευρώ για την Ελλάδα και την Κύπρο.",
            "1200000000",
            "EUR",
        ),
        (
            "Ministerstvo dopravy vyčlenilo 25 miliónov eur na opravy ciest a mostov.",
            "25000000",
            "EUR",
        ),
        (
            "Komisija je predlagala 927 926 981 EUR za pomoč Španiji in Franciji po poplavah.",
            "927926981",
            "EUR",
        ),
        (
            "ELi solidaarsusfondist toetatakse liikmesriike ligikaudu 530 miljoni euroga.",
            "530000000",
            "EUR",
        ),
        (  # Vietnamese: "đồng" is the head noun of CLDR's "Đồng Việt Nam", written first
            "Thủ tướng quyết định hỗ trợ 2.000 tỷ đồng cho các tỉnh bị ảnh hưởng bởi bão lũ.",
            "2000000000000",
            "VND",
        ),
        (
            "Kerajaan Persekutuan memperuntukkan 5.2 bilion ringgit untuk pendidikan luar bandar.",
            "5200000000",
            "MYR",
        ),
        (
            "El Govern de la Generalitat destinarà 250 milions d'euros a habitatge social.",
            "250000000",
            "EUR",
        ),
        # scripts beyond Latin, Greek and Cyrillic: Thai writes its words together
        ("รัฐบาลอนุมัติงบประมาณ 3,000 ล้านบาท สำหรับโครงการรถไฟฟ้าในกรุงเทพ", "3000000000", "THB"),
        ("הממשלה הקצתה 2 מיליארד שקל לתשתיות תחבורה בצפון הארץ", "2000000000", "ILS"),
        # Hindi: a compound scale (lakh crore) and "ड़" precomposed (U+095C)
        (
            "सरकार ने स्वास्थ्य के लिए 2 लाख करो\u095c रुपये का बजट रखा है।",
            "2000000000000",
            "INR",
        ),
        # Arabic-Indic digits and decimal mark
        (
            "خصصت الحكومة ٢٫٥ مليار دولار لمشاريع البنية التحتية في الولايات المتحدة",
            "2500000000",
            "USD",
        ),
    ],
)
def test_languages_read_from_cldr_alone(text: str, value: str, currency: str) -> None:
    money = [q for q in find_quantities(text, context=CurrencyContext.of(text)) if q.is_money]
    assert [(str(q.value), q.unit) for q in money] == [(value, currency)]


def test_a_script_no_read_language_uses_guesses_no_language() -> None:
    # Bengali is not read: its text must not be taken for a language whose decimal comma or
    # words would then be applied to its figures; Hindi is read
    bengali = "সরকার গ্রামীণ রাস্তার জন্য ৫,০০০ কোটি টাকা বরাদ্দ করেছে এবং স্বাস্থ্যের জন্য বাজেট রেখেছে।"
    assert detect_language(bengali) == "en"
    hindi = "सरकार ने ग्रामीण सड़कों के लिए 5,000 करोड़ रुपये आवंटित किए हैं और स्वास्थ्य के लिए बजट रखा है।"
    assert detect_language(hindi) == "hi"


def test_a_ruble_of_several_countries_is_read_open() -> None:
    text = "Правительство выделило 5 млрд рублей на ремонт дорог в регионах страны."
    (amount,) = [q for q in find_quantities(text, context=CurrencyContext.of(text)) if q.is_money]
    assert (amount.value, amount.unit, amount.ambiguous) == (Decimal("5000000000"), "RUB", True)


def test_three_zeros_after_a_comma_group_thousands_in_a_comma_decimal_text() -> None:
    text = (
        "La contribución española será de 1,5 millones de euros este año, y el presupuesto "
        "total se mantendrá igual o superior al actual (12,000 M€ aproximadamente)."
    )
    context = CurrencyContext.of(text)
    assert context.decimal_comma
    values = [q.value for q in find_quantities(text, context=context) if q.is_money]
    assert values == [Decimal("1500000"), Decimal("12000000000")]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Valdība piešķīra 12 miljonus eiro skolām un slimnīcām visā valstī.", ["12000000"]),
        ("Vyriausybė skyrė 25 milijonus eurų mokykloms ir ligoninėms visoje šalyje.", ["25000000"]),
    ],
)
def test_baltic_scale_words_in_their_cases(text: str, values: list[str]) -> None:
    money = [q for q in find_quantities(text, context=CurrencyContext.of(text)) if q.is_money]
    assert [str(q.value) for q in money] == values and all(q.unit == "EUR" for q in money)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        pytest.param(  # Greek press cuts δισεκατομμύρια and εκατομμύρια anywhere
            "Ο προϋπολογισμός της ΕΕ για το 2024 καθορίζεται σε 151 δισεκατ. ευρώ, με 20 εκατ. "
            "ευρώ για την Ουκρανία.",
            ["151000000000", "20000000"],
            id="el-cut-scales",
        ),
        pytest.param(  # English "bil." is a billion, not the Slovenian "bil." (bilijon, 10^12)
            "The city council in Chicago borrowed $2.5 bil. for its pension funds last year.",
            ["2500000000"],
            id="en-bil",
        ),
        pytest.param(  # Spanish "mil." could begin "millones", but "mil" is a thousand
            "El Gobierno de España destina 30 mil euros a la biblioteca municipal de Soria.",
            ["30000"],
            id="es-mil-stays-thousand",
        ),
    ],
)
def test_scale_words_cut_short_with_a_point(text: str, values: list[str]) -> None:
    money = [q for q in find_quantities(text, context=CurrencyContext.of(text)) if q.is_money]
    assert [str(q.value) for q in money] == values


def test_scaled_number_words_take_the_currency_given_before() -> None:
    # Nynorsk: number words before a scale word, no currency, then a function word ("blir",
    # "gå": jusText's stoplist) — money in the kroner of the sentence before; a scale word
    # followed by a noun counts people
    text = (
        "I revidert nasjonalbudsjett foreslår regjeringa å løyva 13 milliardar kroner til "
        "Forsvaret. Seks milliardar blir foreslåtte til militær støtte til Ukraina. I alt vil "
        "fem milliardar gå til å forsera ulike investeringar. Det gjeld fem millionar menneske."
    )
    money = [q for q in find_quantities(text, context=CurrencyContext.of(text)) if q.is_money]
    assert [(q.text, str(q.value), q.unit, q.implied) for q in money] == [
        ("13 milliardar kroner", "13000000000", "NOK", False),
        ("Seks milliardar", "6000000000", "NOK", True),
        ("fem milliardar", "5000000000", "NOK", True),
    ]


def test_a_scale_word_alone_is_no_amount_without_a_number_word() -> None:
    text = "The plan gives $4 billion to grids, and a billion will go to storage next year."
    money = [q for q in find_quantities(text, context=CurrencyContext.of(text)) if q.is_money]
    assert [q.text for q in money] == ["$4 billion"]


def test_a_scale_point_that_ends_the_sentence_is_the_sentence_s() -> None:
    # "€568m." at a sentence's end: the figure is "€568m", so that the sentence quoted without
    # its full stop holds it; "Mio." before a lower-case word keeps its point
    text = "This includes additional funding of €568m. The plan runs to 2021."
    assert [q.text for q in find_quantities(text) if q.is_money] == ["€568m"]
    assert [q.text for q in find_quantities("Der Bund gibt 5 Mio. euros aus.") if q.is_money] == [
        "5 Mio. euros"
    ]


def test_a_two_word_scale_starting_with_a_number_stands_alone() -> None:
    text = "O Parlamento conseguiu mais de mil milhões de euros do que na proposta da Comissão."
    money = [q for q in find_quantities(text, context=CurrencyContext.of(text)) if q.is_money]
    assert [(str(q.value), q.unit) for q in money] == [("1000000000", "EUR")]


def test_fund_codes_are_no_money_a_budget_is_written_in() -> None:
    """ISO 4217's units of account ("unidad de valor real", European composite units) share a
    head noun with plain counts: "31,000 units" is no sum."""
    text = "The contracts cover 31,000 units of service housing and £160 million of works."
    money = [q for q in find_quantities(text, context=CurrencyContext.of(text)) if q.is_money]
    assert [(q.text, q.unit) for q in money] == [("£160 million", "GBP")]


def test_a_header_line_of_units_declares_the_cells_below() -> None:
    from summarizer.checking.facts import SourceFacts

    text = (
        "鉄道関係予算の概要\n(前年度予算)\n    百万円       百万円\n"
        "・整備新幹線建設推進事業費補助 3,600 (  3,500)\n・幹線鉄道等活性化事業費補助 1,126 (  1,628)\n"
    )
    cells = [(c.text, c.value, c.unit) for c in SourceFacts.of(text).table_cells]
    assert cells == [
        ("3,600", Decimal("3600000000"), "JPY"),
        ("3,500", Decimal("3500000000"), "JPY"),
        ("1,126", Decimal("1126000000"), "JPY"),
        ("1,628", Decimal("1628000000"), "JPY"),
    ]


def test_cells_written_against_a_cjk_label_are_read_and_item_numbers_are_not() -> None:
    from summarizer.checking.facts import SourceFacts

    text = (
        "単位:億円\n括弧内は前年度予算額\n\n原子力関係経費4,819(4,662)\n 一般会計1,528(1,455)\n"
        "(1)安全確保と防災670( 664)\n"
    )
    cells = {(q.text, q.value) for q in SourceFacts.of(text).table_cells}
    assert ("4,819", Decimal("481900000000")) in cells
    assert ("1,455", Decimal("145500000000")) in cells
    assert ("670", Decimal("67000000000")) in cells
    assert not any(value == Decimal("100000000") for _, value in cells)  # "(1)" is an item
    latin = {q.text for q in SourceFacts.of("(in millions of dollars)\nCOVID19 12.5\n").table_cells}
    assert latin == {"12.5"}  # a Latin letter before digits makes a code, not a cell


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        pytest.param("新臺幣5佰萬元", "5000000", "TWD", id="accounting-hundred-myriad"),
        pytest.param("總經費新臺幣3仟元", "3000", "TWD", id="accounting-thousand"),
        pytest.param("1.2万億円", "1200000000000", "JPY", id="myriad-of-oku"),
    ],
)
def test_cjk_scales_include_the_accounting_forms_unicode_gives(
    text: str, value: str, currency: str
) -> None:
    """仟 and 佰 are the accounting forms of 千 and 百 (Unihan numeric values)."""
    (q,) = [q for q in find_quantities(text) if q.is_money]
    assert (q.value, q.unit) == (Decimal(value), currency)


def test_a_table_unit_in_accounting_form_declares_its_row() -> None:
    from summarizer.checking.facts import SourceFacts

    text = "臺灣水利署計畫\n總經費(仟元)175895\n年計畫經費(仟元)37196\n"
    cells = {(q.text, q.value, q.unit) for q in SourceFacts.of(text).table_cells}
    assert cells == {("175895", Decimal("175895000"), "TWD"), ("37196", Decimal("37196000"), "TWD")}


@pytest.mark.parametrize(
    ("text", "approximate"),
    [
        pytest.param("资金8000万元以上。", True, id="hedge-on-its-line"),
        pytest.param(
            "资金8000万元\n以上资金合计10549万元。", False, id="next-line-opens-a-sentence"
        ),
        pytest.param("拠点病院づくり  30億円\n 多くの病院で", False, id="ookuno-is-many"),
        pytest.param("300亿元 左右", True, id="spaced-hedge"),
    ],
)
def test_a_hedge_after_a_cjk_figure_stays_on_its_line(text: str, approximate: bool) -> None:
    first = [q for q in find_quantities(text) if q.is_money][0]
    assert first.approximate is approximate
    assert "\n" not in first.text


@pytest.mark.parametrize(
    ("language", "text", "value", "code"),
    [
        ("uk", "Видатки передбачені в сумі 1 трлн 320 млрд 152 млн 623 тис. грн", "1320152623000",
         "UAH"),
        ("ru", "Бюджет на оборону составит 5 млрд 300 млн рублей.", "5300000000", "RUB"),
        ("pl", "Program otrzyma 1 mld 200 mln zł na drogi.", "1200000000", "PLN"),
        ("hu", "A kormány 2 milliárd 500 millió forint összeget ad.", "2500000000", "HUF"),
    ],
)  # fmt: skip
def test_a_sum_written_scale_by_scale_is_one_amount(
    language: str, text: str, value: str, code: str
) -> None:
    context = CurrencyContext(language=language)
    (q,) = [q for q in find_quantities(text, context=context) if q.is_money]
    assert (q.value, q.unit) == (Decimal(value), code)
    first_digit = next(i for i, ch in enumerate(text) if ch.isdigit())
    assert q.start == first_digit  # the sum starts at its largest scale's number
    assert q.text.endswith(("грн", "рублей", "zł", "forint"))  # and ends at its currency


@pytest.mark.parametrize(
    ("language", "text", "values"),
    [
        ("en", "$5 billion 300 million dollars", ["5000000000", "300000000"]),  # crosses a figure
        ("uk", "5 млн 3 млрд грн", ["3000000000"]),  # rising scales
        ("uk", "Освіта\t5 млрд\t300 млн грн", ["5000000000", "300000000"]),  # table columns
        ("uk", "Борг перевищив 7 трлн. 320 млрд грн спрямують на оборону.",
         ["7000000000000", "320000000000"]),  # a sentence's end after the larger scale
        ("en", "5 crore 150 lakh rupees", ["50000000", "15000000"]),  # not below one crore
    ],
)  # fmt: skip
def test_scales_that_are_not_one_sum(language: str, text: str, values: list[str]) -> None:
    context = CurrencyContext(language=language)
    found = [q.value for q in find_quantities(text, context=context) if q.is_money]
    assert found == [Decimal(v) for v in values]


@pytest.mark.parametrize(
    ("language", "text", "code"),
    [
        ("uk", "на охорону здоров’я передбачено майже 160 млрд грн", "UAH"),  # not in CLDR: made
        ("ru", "федеральный бюджет в сумме 267 млрд руб. на 2005 год", "RUB"),  # from its noun
    ],
)
def test_the_press_abbreviation_of_a_countrys_own_currency(
    language: str, text: str, code: str
) -> None:
    context = CurrencyContext(language=language)
    (q,) = [q for q in find_quantities(text, context=context) if q.is_money]
    assert q.unit == code


def test_no_abbreviation_is_made_of_english_or_of_a_latin_cut() -> None:
    from summarizer.reading.cldr import currency_names

    assert "dlr" not in currency_names("en")
    assert "for." not in currency_names("hu") and "frt" in currency_names("hu")
    # a figure whose abbreviation's point ends the sentence is quoted without it
    text = "Видатки передбачені в сумі 267 млрд грн. Решта – на інше."
    uk = CurrencyContext(language="uk")
    (q,) = [q for q in find_quantities(text, context=uk) if q.is_money]
    assert q.text == "267 млрд грн"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Four new contracts worth ", 4),
        ("預定發行4期公債金額", 4),
        ("3つの基金に", 3),
        ("Rail networks will get ", None),  # "two" inside a word
        ("written agreements and patents ", None),  # "ten" inside words
    ],
)
def test_a_count_starts_a_word(text: str, count: int | None) -> None:
    from summarizer.reading.number_words import counted, counted_right_before

    assert counted(text) == count
    assert counted_right_before("The two agencies will receive ") is None


@pytest.mark.parametrize(
    ("language", "text", "value"),
    [
        ("pt", "um empréstimo no valor de €107 mlhões ao hospital", "107000000"),  # milhões
        ("en", "The state gives $3 millon to schools.", "3000000"),  # million
        ("en", "The state gives $3 bilion to schools.", "3000000000"),  # billion, in English
        (
            "pl",
            "Rząd przeznaczy 2 bilion zł na drogi.",
            "2000000000000",
        ),  # a Polish word as written
    ],
)
def test_a_scale_word_with_a_letter_dropped(language: str, text: str, value: str) -> None:
    context = CurrencyContext(language=language, decimal_comma=language != "en")
    (q,) = [q for q in find_quantities(text, context=context) if q.is_money]
    assert q.value == Decimal(value)
