"""What the embedded engine says about each figure: its kind, and the numbers its claims carry."""

from __future__ import annotations

import pytest

from summarizer import summarize


def _amounts(text: str) -> list[str]:
    """The amounts the embedded engine takes for allocations, as written."""
    return [a.amount.text for a in summarize(text, engine="deterministic").extraction.allocations]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The bank approved a loan of $200 million for the port of Mombasa.", "loan"),
        ("La BEI accorde un prêt de 150 millions d'euros à la ville de Lyon.", "loan"),
        ("Die KfW vergibt ein Darlehen über 80 Mio. Euro an die Stadtwerke.", "loan"),
        ("El BEI concede un préstamo de 90 millones de euros a Metro de Madrid.", "loan"),
        ("The city will issue green bonds worth $500 million to fund transit.", "bond"),
        ("市财政局发行专项债券12亿元,用于轨道交通建设。", "bond"),
        ("The foundation awarded a grant of $2 million to the university.", "grant"),
        ("Le ministère verse une subvention de 3 millions d'euros à l'association.", "grant"),
        ("省财政下达补助资金500万元用于农村道路建设。", "grant"),
        ("The fund took an equity stake of $40 million in the startup.", "investment"),
        ("Acme Inc. will invest $2 billion in a new chip plant in Ohio.", "investment"),
        # "invest" said of public money names no investment: the next word decides
        ("The Government will invest $40 million in a new obesity programme.", "budget"),
        ("The Commission approved a €2.5 billion Czech aid scheme for manufacturers.", "grant"),
        ("La Comisión aprueba ayudas de 22 millones de euros para las pymes.", "grant"),
        ("The World Bank approved an IDA Credit: US$70 million for rural roads.", "loan"),
        ("Die Bank schließt ein Rahmendarlehen über 250 Millionen Euro ab.", "loan"),
        ("Regjeringen foreslår et tilskudd på 250 millioner kroner til kommunene.", "grant"),
        ("Valtioneuvosto myönsi 150 miljoonaa euroa avustuksia kunnille.", "grant"),
        ("Der Bundeshaushalt sieht für die Bahn 5 Mrd. Euro vor.", "budget"),
        ("文部科学省は大学支援に300億円を計上した。", "budget"),
    ],
)
def test_kind_named_beside_the_amount(text: str, kind: str) -> None:
    (allocation,) = summarize(text, engine="deterministic").extraction.allocations
    assert allocation.kind == kind


def test_a_development_bank_s_money_is_lent_unless_a_word_says_otherwise() -> None:
    text = (
        "EIB backs rail in Portugal\n\n"
        "The EIB signs €875 million with Infraestruturas de Portugal for the new line."
    )
    (allocation,) = summarize(text, engine="deterministic").extraction.allocations
    assert allocation.kind == "loan"
    ministry = "Ministry backs rail\n\nThe ministry gives €875 million to the new line."
    (allocation,) = summarize(ministry, engine="deterministic").extraction.allocations
    assert allocation.kind == "budget"


def test_a_sum_whose_parts_follow_is_a_total_and_its_parts_are_not() -> None:
    text = "ワクチンの確保に係る経費として計2兆4036億円(2年度7269億円、3年度1兆6767億円)を支出していた。"
    kinds = {
        a.amount.text: a.kind
        for a in summarize(text, engine="deterministic", published="2022").extraction.allocations
    }
    assert kinds["2兆4036億円"] == "total"
    assert kinds["7269億円"] != "total"


def test_a_period_beside_one_amount_is_not_its_neighbour_s() -> None:
    text = "地方公共団体への支援の総額は、5,000,000千円(R4補正)、34,999,723千円(R5当初)です。"
    periods = [
        a.period
        for a in summarize(text, engine="deterministic", published="2023").extraction.allocations
    ]
    assert periods == ["FY2022", "FY2023"]


def test_a_table_label_above_its_figure_names_its_year() -> None:
    text = "平成27年版の白書によると\n\n27年度予算額\n317,258百万円\n26年度予算額\n363,794 \n"
    (first, *_) = summarize(text, engine="deterministic", published="2015").extraction.allocations
    assert first.period == "FY2015"


def test_the_nearest_word_wins_over_a_word_further_off() -> None:
    text = (
        "Under its budget for the year, the development bank approved a loan of "
        "$300 million to the water utility."
    )
    (allocation,) = summarize(text, engine="deterministic").extraction.allocations
    assert allocation.kind == "loan"


def test_counts_and_dates_in_cjk_and_words_become_claim_numbers() -> None:
    text = "国家集成电路产业投资基金三期于2024年5月24日成立,注册资本3440亿元,共有19家股东参与。"
    numbers = [
        n for c in summarize(text, engine="deterministic").extraction.claims for n in c.numbers
    ]
    assert "19家" in numbers and "24日" in numbers
    english = "The department announces four actions worth $17 million in total to five firms."
    numbers = [
        n for c in summarize(english, engine="deterministic").extraction.claims for n in c.numbers
    ]
    assert "four" in numbers and "five" in numbers
    assert "million" not in numbers  # the scale word of an amount is not a count


def test_claim_numbers_are_listed_once_and_all_confirmed() -> None:
    text = "第1期作整田期恰逢枯水期,惟農民偏好耕種第1期作,第2期作則無此問題,第1期作面積約10萬公頃。"
    summary = summarize(text, engine="deterministic")
    for claim in summary.extraction.claims:
        assert len(claim.numbers) == len(set(claim.numbers))
    assert summary.flagged == []


@pytest.mark.parametrize(
    "text",
    [
        "無償資金協力のための予算は1,500億円を超え,77年度(306億円)と比較すれば約5倍である。",
        "整體第2季實際執行4,490億元,仍較去年同期(4,343億元)增加147億元。",
        "全省地方一般公共预算收入4882.2亿元,省级安排教育补助资金30亿元。",
        "Der Bund stellt 5 Mrd. Euro für Schulen bereit, nachdem 60 Milliarden Euro aus der Rücklage gestrichen werden mussten.",
    ],
)
def test_comparisons_revenue_and_cuts_are_not_allocations(text: str) -> None:
    allocations = summarize(text, engine="deterministic").extraction.allocations
    assert len(allocations) == 1


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        (
            "El Gobierno destina 40 millones de euros para la modernización de regadíos.",
            "la modernización de regadíos",
        ),
        (
            "La Commission accorde 12 millions d'euros pour la rénovation des écoles.",
            "la rénovation des écoles",
        ),
        (
            "Der Bund stellt 3 Mrd. Euro für den Ausbau der Schiene bereit.",
            "den Ausbau der Schiene bereit",
        ),
        (
            "Reparto por comunidades:\nAndalucía 23.456.789 euros\nAragón 4.567.890 euros\n",
            "Andalucía",
        ),
    ],
)
def test_recipients_in_european_languages_and_table_rows(text: str, recipient: str) -> None:
    allocations = summarize(text, engine="deterministic").extraction.allocations
    assert allocations[0].recipient == recipient


@pytest.mark.parametrize(
    "text",
    [
        "The agency will award $40 million, with simpler forms for tribes requesting less than $1 million.",
        "The agency will award $40 million; programs of $5 million or more report each quarter.",
        "Der Ausschuss billigte 14 sogenannte 25-Millionen-Euro-Vorlagen; die Bundeswehr erhält 8 Mrd. Euro.",
        "行政院列管1億元以上公共建設計畫共500件,今年編列預算8億元。",
    ],
)
def test_thresholds_are_not_allocations(text: str) -> None:
    allocations = summarize(text, engine="deterministic").extraction.allocations
    assert len(allocations) == 1


def test_no_less_than_is_a_floor_not_a_threshold() -> None:
    text = "The committee recommends no less than $250 million for EPSCoR."
    (allocation,) = summarize(text, engine="deterministic").extraction.allocations
    assert allocation.amount.value == 250_000_000


def test_not_exceeding_is_a_cap_on_a_grant_not_a_threshold() -> None:
    text = (
        "That a supplementary sum not exceeding €5,000,000 be granted to the Department of Health."
    )
    (allocation,) = summarize(text, engine="deterministic").extraction.allocations
    assert allocation.amount.value == 5_000_000 and allocation.amount.approximate
    threshold = "Only projects exceeding €5,000,000 qualify for the scheme."
    assert summarize(threshold, engine="deterministic").extraction.allocations == []


def test_a_parenthesis_that_breaks_a_total_down_by_year_lists_parts() -> None:
    text = "ワクチンの確保に係る経費として計2兆4036億余円(2年度7269億余円、3年度1兆6766億余円)を計上した。"
    amounts = _amounts(text)
    assert amounts == ["2兆4036億余円", "7269億余円", "1兆6766億余円"]


def test_last_year_s_figure_in_a_parenthesis_is_still_a_comparison() -> None:
    text = "分担金・義務的拠出金を405億円(6年度304億円)計上した。"
    amounts = _amounts(text)
    assert amounts == ["405億円"]


def test_parts_take_the_kind_their_paragraph_named() -> None:
    text = (
        "The department announced $225 million in bridge grant funding for 12 projects, "
        "including $10.3 million for Arizona's US 191 bridges and $11.5 million for Alaska."
    )
    kinds = [a.kind for a in summarize(text, engine="deterministic").extraction.allocations]
    assert kinds[1:] == ["grant", "grant"]


def test_an_allocation_whose_parts_are_listed_is_a_total() -> None:
    text = "The ministry allocated $10 million to schools, of which $6 million goes to Tokyo and $4 million to Osaka."
    kinds = [a.kind for a in summarize(text, engine="deterministic").extraction.allocations]
    assert kinds[0] == "total" and "total" not in kinds[1:]


@pytest.mark.parametrize(
    ("text", "recipients"),
    [
        (  # Korean: a change "A에서 B으로" names the item before A, not the particle after it
            "정부는 반도체 재정 투자를 확대한다. 소재 투자 지원이 18조1000억원에서 21조6000억원으로, "
            "인프라 구축 지원이 3조1000억원에서 5조1000억원으로 늘어난다.",
            {"21조6000억원": "소재 투자 지원", "5조1000억원": "인프라 구축 지원"},
        ),
        (  # Japanese: "N億円がY" says the amount is Y's
            "環境省の予算は3,207億円を計上しており、うち1,268億円がエネルギー対策費、454億円が公共事業関係費となっている。",
            {"1,268億円": "エネルギー対策費", "454億円": "公共事業関係費"},
        ),
        (  # Chinese: the item listed after the previous figure, not the whole list
            "下达基本公共卫生服务补助资金334.48万元、公立医院综合改革补助资金9.04万元。",
            {"9.04万元": "公立医院综合改革补助"},
        ),
    ],
)
def test_cjk_recipients_are_the_item_the_figure_is_said_of(
    text: str, recipients: dict[str, str]
) -> None:
    found = {
        a.amount.text: a.recipient
        for a in summarize(text, engine="deterministic").extraction.allocations
    }
    for amount, recipient in recipients.items():
        assert found[amount] == recipient


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        (  # a verb-final German clause: the name is where "für" points, not "zur Verfügung"
            "Der Bund stellt im nächsten Jahr 2 Mrd. Euro zur Verfügung, für den Klimafonds.",
            "den Klimafonds",
        ),
        (  # French: the beneficiary after "à", the figure's own words naming none
            "La BEI a accordé un prêt de 110 millions d'euros à la ville de Mulhouse.",
            "la ville de Mulhouse",
        ),
    ],
)
def test_european_recipients_follow_a_preposition_of_benefit(text: str, recipient: str) -> None:
    (allocation,) = summarize(text, engine="deterministic").extraction.allocations
    assert allocation.recipient == recipient


def test_a_headline_that_rounds_a_body_figure_restates_it() -> None:
    text = (
        "Department Invests More Than $84 Million in Drought Projects\n\n"
        "The department announced a $84.7 million investment to help 36 communities."
    )
    amounts = _amounts(text)
    assert amounts == ["$84.7 million"]


def test_cash_balances_and_differences_are_not_allocations() -> None:
    text = (
        "Treasury ended the quarter with a cash balance of $412 billion. "
        "The $177 billion difference in borrowing resulted from lower receipts."
    )
    assert summarize(text, engine="deterministic").extraction.allocations == []


def _roles_of(text: str) -> list[tuple[str, str]]:
    from summarizer.checking.facts import SourceFacts
    from summarizer.engines.roles import classify

    return [(r.quantity.text, r.role.value) for r in classify(SourceFacts.of(text))]


def test_amounts_that_add_up_are_a_total_only_when_a_list_opens_after_them() -> None:
    plain = "The ministry gives €10 million to Lyon, €6 million to Nice and €4 million to Lille."
    assert [role for _, role in _roles_of(plain)] == ["allocation"] * 3
    listed = "The ministry gives €10 million: €6 million to Nice and €4 million to Lille."
    assert [role for _, role in _roles_of(listed)][0] == "total"


@pytest.mark.parametrize(
    "text",
    [
        # a zero, income per head, a change named in Norwegian, Dutch and Finnish
        "歲入編列0元、歲出編列1,998億元。",
        "The country's GNI per capita is $2,270, and Japan grants it $12 million for a port.",
        "Bevilgningen til Enova økes med 400 millioner kroner til 3 200 millioner kroner i 2024.",
        "Het budget stijgt met 50 miljoen euro tot 400 miljoen euro voor de scholen in 2024.",
        "Määräraha kasvaa edellisvuodesta 12 miljoonalla eurolla 150 miljoonaan euroon kouluille.",
    ],
)
def test_zeros_income_per_head_and_changes_in_more_languages_are_not_allocations(text: str) -> None:
    assert len(summarize(text, engine="deterministic").extraction.allocations) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Forest industries are set to benefit from $6 million of new research funding.",
        "Farmers benefiting from $5 million in drought grants will be told this week.",
        "Kasvatukseen ja opetukseen myönnetään 20 miljoonaa euroa kunnille.",  # not "kasvaa"
        "Il decreto assegna 60 milioni di euro per l'anno 2021 ai porti italiani.",
    ],
)
def test_benefit_from_education_and_italian_per_leave_an_allocation(text: str) -> None:
    assert len(summarize(text, engine="deterministic").extraction.allocations) == 1


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Regeringen ger 300 miljoner kronor i stöd till kommunerna i Sverige.", "grant"),
        ("The Department provides $7 million in funding to school districts.", "grant"),
        ("省财政下达专项资金15920.2万元用于体育事业发展。", "grant"),
    ],
)
def test_grant_words_added_this_round(text: str, kind: str) -> None:
    (allocation,) = summarize(text, engine="deterministic").extraction.allocations
    assert allocation.kind.value == kind


@pytest.mark.parametrize(
    "text",
    [
        # the figure a change is compared with, and the change itself, in Korean
        "o 2022년 본예산(97조 4,767억 원) 대비 11조 5,151억 원 증가했고 109조 원을 편성했다.",
        "물관리 예산은 6조 696억 원에서 6조 4,135억 원으로 3,439억 원, 약 5.7% 증액되었습니다.",
        # a difference in German: "(– 27,1 %) geringer", "… Euro mehr."
        "Die Steuern fielen 3,1 Mrd. € (– 27,1 %) geringer aus. Der Bund gibt 5 Mrd. Euro für Straßen.",
        "2016 sind es gut 2,5 Milliarden Euro mehr. Der Bund gibt 5 Mrd. Euro für Straßen.",
        # "mehr als" after the figure, no year: still a difference
        "Der Etat sieht 14,57 Milliarden Euro vor - gut 2,5 Milliarden mehr als in diesem Jahr.",
    ],
)
def test_compared_figures_and_differences_are_not_allocations(text: str) -> None:
    allocations = summarize(text, engine="deterministic").extraction.allocations
    assert len(allocations) == 1, [a.amount.text for a in allocations]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a parenthesis labelled with the year before holds last year's figures, all of them
        ("本年度は事業費400億円(前年度当初210億円、改訂後310億円)を計上した。", ["400億円"]),
        # a change with its sign and "の" before 増額
        (
            "消防予算は126億79百万円であり、対前年度比で1億77百万円(+1.4%)の増額となった。",
            ["126億79百万円"],
        ),
        # "more/less than" after the figure, in Swedish and Dutch; a Dutch change verb after it
        (
            "Riksdagen anslår 21,6 miljarder kronor till jordbruket, 400 miljoner kronor mindre "
            "än regeringens förslag.",
            ["21,6 miljarder kronor"],
        ),
        (
            "De overheid geeft 340 miljard euro uit. Dit is 7 miljard euro meer dan in 2018. "
            "De lonen zijn in 2019 met 4,4 miljard euro toegenomen.",
            ["340 miljard euro"],
        ),
        # an average of many payments is no commitment
        (
            "Der Bund zahlte 2,3 Milliarden Euro BAföG. Studierende bekamen durchschnittlich "
            "446 Euro im Monat.",
            ["2,3 Milliarden Euro"],
        ),
        # a cut or a freeze in Chinese, unless an increase is named nearer the figure
        (
            "区财政局调整项目资金:调减甲幼儿园项目238万元,调增乙小学项目500万元。",
            ["500万元"],
        ),
        ("社會住宅預算遭凍結41.47億元,內政部編列租金補貼300億元。", ["300億元"]),
        # a level crossed is no amount given
        (
            "文化庁予算は1,100億円を計上した。予算も平成15年度に初めて1,000億円を突破した。",
            ["1,100億円"],
        ),
        (
            "The agency's budget of $2.4 billion passed the $2 billion mark last year.",
            ["$2.4 billion"],
        ),
        # frozen assets put to use are no freeze of the money
        (
            "ロシア凍結資産を活用したウクライナ支援として4,719億円の円借款を供与する。",
            ["4,719億円"],
        ),
        # assets held, named right before the figure
        (
            "县财政安排卫生事业经费1803万元。全县国有净资产总值8232.61万元。",
            ["1803万元"],
        ),
    ],
)
def test_earlier_years_changes_averages_and_assets_are_not_allocations(
    text: str, kept: list[str]
) -> None:
    allocations = summarize(text, engine="deterministic").extraction.allocations
    assert [a.amount.text for a in allocations] == kept


def test_a_word_written_against_a_figure_outweighs_a_verb_further_off() -> None:
    listed = "部门收入预算919543.7万元,其中:财政拨款79468.4万元,事业收入752738.2万元。"
    amounts = _amounts(listed)
    assert "752738.2万元" not in amounts and "79468.4万元" in amounts
    salary = (
        "We remain committed to achieving a £30k starting salary for teachers. "
        "The Government will allocate £2 billion to schools."
    )
    amounts = _amounts(salary)
    assert amounts == ["£2 billion"]


def test_an_amount_per_company_named_before_it_is_a_cap_not_an_allocation() -> None:
    text = (
        "Kommissionen har godkendt en dansk ordning på 600 millioner kr. til virksomheder, "
        "navnlig at støtten pr. virksomhed ikke vil overstige 800 000 EUR."
    )
    amounts = _amounts(text)
    assert amounts == ["600 millioner kr."]


def test_a_parenthesised_conversion_after_a_nordic_hedge_is_a_conversion() -> None:
    text = "Den nye ordning har et budget på 600 millioner kr. (ca. 80 millioner EUR) til virksomheder."
    (allocation,) = summarize(text, engine="deterministic").extraction.allocations
    assert allocation.amount.currency == "DKK"
    assert [(m.value, m.currency) for m in allocation.converted] == [(80000000, "EUR")]


def test_last_year_s_budget_figure_named_after_its_year_is_a_comparison() -> None:
    text = (
        "漁業署112年度預算案編列「漁業發展」計畫52億3,915萬元,較111年度預算數46億8,363萬1千元,"
        "增加5億5,551萬9千元。"
    )
    amounts = _amounts(text)
    assert amounts == ["52億3,915萬元"]


def test_a_ceiling_named_in_brackets_is_the_amount_a_per_case_ceiling_is_not() -> None:
    assert _amounts(
        "円借款の供与条件は以下のとおりです。\n・借款金額(上限) 50億円\n・金利 年0.01%"
    ) == ["50億円"]
    assert _amounts("每案補助上限為500萬元,總經費2億元。") == ["2億元"]


def test_a_sum_said_again_as_its_source_or_its_one_item_is_one_allocation() -> None:
    assert _amounts("(一)2022年大块镇牧场建设项目43万元(省级资金43万元),用于建设厂房。") == [
        "43万元"
    ]
    assert _amounts(
        "The region receives €10 million (€10 million from the EU budget) for ports."
    ) == ["€10 million"]
    # equal grants to two places stay two
    assert len(_amounts("The ministry gives €5 million to Lyon and €5 million to Nice.")) == 2


def test_japanese_changes_and_last_year_s_budget_label_are_not_allocations() -> None:
    assert _amounts(
        "無利子奨学金:144億円増(2,504億円→2,649億円)。奨学金事業に7,566億円を計上。"
    ) == [
        "2,649億円",
        "7,566億円",
    ]
    assert _amounts(
        "奨学金事業の充実\n(前年度予算額 6,820億円)\n奨学金事業費として7,566億円を計上した。"
    ) == ["7,566億円"]
    assert _amounts("政府は同社に100億円増資する。") == [
        "100億円"
    ]  # a capital increase is money given


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a figure per head of population divides a budget; it commits nothing
        ("国民一人当たりの警察予算額(警察庁予算と県警察予算の合計)は約2万8,000円であった。", []),
        (
            "Per capita health spending reached $5,400, and the ministry grants $30 million.",
            ["$30 million"],
        ),
        # the unit a table's cells are counted in
        (
            "Tabel 4 Subsidies (bedragen x € 1.000)\nDe minister geeft € 5 miljoen aan scholen.",
            ["€ 5 miljoen"],
        ),
        # money already spent, and final accounts beside the budget they close
        ("全市衔接资金已支出2118万元,支出率42%。", []),
        ("该计划预算数113亿元,决算数111亿元。", ["113亿元"]),
        ("2018年市级一般公共预算支出决算数480691万元,为调整预算数的92.98%。", ["480691万元"]),
        # Estonian: a change "by" a sum
        (
            "Summad on vähenenud 8,1 miljardi euro võrra, kuid toetus on 50 miljonit eurot.",
            ["50 miljonit eurot"],
        ),
    ],
)
def test_per_head_figures_table_units_outturn_and_changes_are_not_allocations(
    text: str, kept: list[str]
) -> None:
    assert _amounts(text) == kept


@pytest.mark.parametrize(
    "text",
    [
        # a headline with no full stop runs into the body's first sentence
        "Bank lends €500 million to BNDES for renewable energy\n"
        "The European Investment Bank granted a loan of €500 million to BNDES.",
        # a headline below a section's name, and the body's first sentence
        "Archived Press Releases\nSecretary Announces $10.3 Million to Fund Bridge Improvements\n"
        "The Secretary today announced the recipients of grants, including $10.3 million for "
        "Arizona's US 191 bridges.",
        # a sum referred back to by a demonstrative in a later sentence
        "Plan annoncé\nLe ministère a annoncé 8 milliards d’euros pour la transition énergétique. "
        "Sur ces 8 milliards d’euros, les régions géreront une part pour leurs projets.",
        # a headline set in capitals, below the release's date line
        "For release\nAugust 26, 2004\n\nHUD GIVES $2.5 BILLION IN GRANTS TO HOUSING AUTHORITIES\n"
        "WASHINGTON - The department will give $2.5 billion to 3,100 public housing authorities.",
    ],
)
def test_one_sum_stated_twice_is_one_allocation(text: str) -> None:
    assert len(_amounts(text)) == 1


def test_equal_grants_to_named_places_stay_two() -> None:
    text = (
        "Regional grants announced\n"
        "Lyon receives €5 million for its tramway. Nice receives €5 million for its port."
    )
    assert len(_amounts(text)) == 2


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # public money mobilised for a purpose is given; investment it draws in is not
        ("L'État a mobilisé plus de 28 M€ de subvention pour les communes.", ["plus de 28 M€"]),
        (
            "The €2 billion guarantee will mobilise investment of more than €40 billion in Europe.",
            ["€2 billion"],
        ),
        ("Public debt charges are projected at $55.6 billion in 2025-26.", []),
        # an auditor's finding, a range of retained sums, unspent money, a rise from/to (Irish)
        ("検査の結果、不当と認める国庫補助金交付額は62,547,000円である。", []),
        ("各年度保留金額介於2,185萬元至5,924萬元之間。", []),
        ("本計畫可用預算數4,283萬元,未支用預算計2,207萬元。", ["4,283萬元"]),
        ("Tá méadú ar mhaoiniú do 2019 ó €250,000 go €450,000 don scéim.", ["€450,000"]),
        (
            "Keskimäärin korotusta haettiin 102 euroa asukasta kohden, ja valtio myönsi 20 miljoonaa euroa kunnille.",
            ["20 miljoonaa euroa"],
        ),
    ],
)
def test_mobilised_money_audit_findings_ranges_and_rates(text: str, kept: list[str]) -> None:
    assert _amounts(text) == kept


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # money applied for is no grant, unless the sentence grants it
        (
            "Avustuksia haettiin yhteensä 73 miljoonaa euroa, ja ministeriö myönsi 20 miljoonaa euroa.",
            ["20 miljoonaa euroa"],
        ),
        (
            "Die Länder haben Anträge über 90 Mio. Euro gestellt; der Bund fördert sie mit 40 Mio. Euro.",
            ["40 Mio. Euro"],
        ),
        # Estonian and Finnish "per …" after its noun, before or after the figure
        (
            "Toetus on 100 000 eurot ürituse kohta ja kava eelarve on 5 miljonit eurot.",
            ["5 miljonit eurot"],
        ),
        # a district's fiscal resources are revenue, not spending
        ("全区一般公共预算总财力514133万元,其中教育支出安排12000万元。", ["12000万元"]),
    ],
)
def test_applications_per_unit_postpositions_and_fiscal_resources(
    text: str, kept: list[str]
) -> None:
    assert _amounts(text) == kept


def test_a_bare_parenthesis_after_a_japanese_amount_is_the_year_before() -> None:
    text = "鉄道関係予算の概要\n整備新幹線の事業費 1,695億円( 1,634億円)を計上する。\n"
    assert _amounts(text) == ["1,695億円"]


@pytest.mark.parametrize(
    ("text", "recipients"),
    [
        # what follows an amount reaches the next one when a conjunction starts it …
        (
            "The government gave $5 billion to roads and $300 million to schools.",
            ["roads", "schools"],
        ),
        # … in Thai too, whose words run together (no fragment of a longer word)
        (
            "รัฐบาลอนุมัติงบประมาณ 3,000 ล้านบาท สำหรับโครงการรถไฟฟ้า และอีก 1.5 พันล้านบาท "
            "สำหรับโรงพยาบาลในจังหวัดเชียงใหม่",
            ["โครงการรถไฟฟ้า", "โรงพยาบาลในจังหวัดเชียงใหม่"],
        ),
        (
            "Правительство выделило 5 млрд рублей на ремонт дорог и 300 млн рублей на школы.",
            ["ремонт дорог", "школы"],
        ),
    ],
)
def test_each_amount_s_recipient_stops_at_the_next_amount(text: str, recipients: list[str]) -> None:
    summary = summarize(text, engine="deterministic")
    assert [a.recipient for a in summary.extraction.allocations] == recipients
    assert not [f for f in summary.findings if f.subject.endswith("recipient") and not f.ok]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a bill passing money is an allocation, not a level crossed
        ("The Senate passed $95 billion in aid for Ukraine on Tuesday.", ["$95 billion"]),
        # "mehr als je zuvor" set off by a comma describes the figure, it is no difference
        (
            "Der Bund gibt 3 Milliarden Euro, mehr als je zuvor, für Schulen aus.",
            ["3 Milliarden Euro"],
        ),
        # an average named far from the figure leaves it an allocation
        (
            "To raise average teacher pay, the ministry set aside $2 billion for schools.",
            ["$2 billion"],
        ),
    ],
)
def test_words_near_a_figure_that_do_not_make_it_something_else(text: str, kept: list[str]) -> None:
    allocations = summarize(text, engine="deterministic").extraction.allocations
    assert [a.amount.text for a in allocations] == kept


def test_a_one_letter_name_ending_is_no_conjunction() -> None:
    (allocation,) = summarize(
        "NASA will spend $5 billion for the Artemis Phase I.", engine="deterministic"
    ).extraction.allocations
    assert allocation.recipient.endswith("Phase I")


@pytest.mark.parametrize(
    ("text", "earlier"),
    [
        ("项目资金规模进行调整,由598.73万元调整为559.5万元,用于道路建设。", "598.73万元"),
        ("Stödet till kommunerna höjs från 300 miljoner kronor till 450 miljoner kronor.", "300"),
        ("Programos biudžetas padidintas nuo 36 mln. EUR iki 135 mln. EUR.", "36 mln. EUR"),
    ],
)
def test_the_earlier_figure_of_a_from_to_pair_in_more_languages(text: str, earlier: str) -> None:
    roles = dict(_roles_of(text))
    (figure,) = [t for t in roles if t.startswith(earlier) or earlier in t]
    assert roles[figure] == "comparison"
    assert [role for t, role in _roles_of(text) if t != figure] == ["allocation"]


def test_last_years_budget_line_under_this_years_is_a_comparison() -> None:
    page = (
        "災害派遣に必要な経費を計上している。\n\n  {a}予算額 (48百万円)\n\n  {b}予算額 (78百万円)\n"
    )
    falling = dict(_roles_of(page.format(a="平成13年度", b="平成12年度")))
    assert (falling["48百万円"], falling["78百万円"]) == ("allocation", "comparison")
    # years rising down the page are a history: each year's figure its own
    rising = dict(_roles_of(page.format(a="平成12年度", b="平成13年度")))
    assert rising["78百万円"] == "allocation"


@pytest.mark.parametrize(
    "text",
    [
        "O município recebe um financiamento de 25 milhões de euros do PT2030 para escolas.",
        "Правительство выделит с 5 млрд рублей до 2025 года на дороги.",
    ],
)
def test_a_to_that_names_no_amount_makes_no_from_to_pair(text: str) -> None:
    assert [role for _, role in _roles_of(text)] == ["allocation"]


def test_a_history_of_budget_lines_falling_down_the_page_is_no_comparison() -> None:
    page = "研究開発費の推移\n令和5年度予算額 (120百万円)\n令和4年度予算額 (110百万円)\n令和3年度予算額 (100百万円)\n"
    assert [role for _, role in _roles_of(page)] == ["allocation"] * 3
