"""The deterministic engine's links between figures, read from sentence structure, and what the
validator then finds. Articles written for these tests, in the languages the engine reads."""

from __future__ import annotations

import pytest

from summarizer import summarize
from summarizer.evals.scoring import CROSS_CHECKS
from summarizer.schema import Check, Summary, Verdict


def _links(summary: Summary) -> set[tuple[str, str, str, str]]:
    """(kind, source figure, target figure, stated) as written in the source."""
    ex = summary.extraction
    figures: dict[str, str] = {}
    for a in ex.allocations:
        figures[a.id] = a.amount.text
        for j, c in enumerate(a.converted, start=1):
            figures[f"{a.id}#{j}"] = c.text
    for c in ex.claims:
        for j, n in enumerate(c.numbers, start=1):
            figures[f"{c.id}#{j}"] = n
    return {
        (r.kind.value, figures[r.source], figures.get(r.target, ""), r.stated) for r in ex.relations
    }


def _flagged(summary: Summary, check: Check) -> list[str]:
    return [f.reason for f in summary.flagged if f.check is check]


def _source_flags(summary: Summary) -> list[str]:
    """The source inconsistencies flagged (not the extraction's own doubts, such as a
    recipient)."""
    return [f.reason for f in summary.flagged if f.check in CROSS_CHECKS]


def _run(text: str) -> Summary:
    return summarize(text, engine="deterministic")


@pytest.mark.parametrize(
    ("text", "whole", "parts"),
    [
        pytest.param(
            "The ministry will spend $900 million on ports, of which $500 million goes to Busan "
            "and $300 million to Incheon.",
            "$900 million",
            {"$500 million", "$300 million"},
            id="en-of-which",
        ),
        pytest.param(
            "省财政安排资金465万元,其中:公共卫生补助334万元、医院改革补助9万元(村卫生室3万元、基层机构6万元)、"
            "人才培养补助18万元。",
            "465万元",
            {"334万元", "9万元", "18万元"},
            id="zh-qizhong-nested",
        ),
        pytest.param(
            "県は基金に120億円を積み増す。このうち研究開発に80億円、人材育成に30億円を充てる。",
            "120億円",
            {"80億円", "30億円"},
            id="ja-konouchi-next-sentence",
        ),
        pytest.param(
            "정부는 반도체에 5조원을 지원한다. 이 중 연구개발에 3조원, 인력 양성에 1조원을 쓴다.",
            "5조원",
            {"3조원", "1조원"},
            id="ko-i-jung",
        ),
        pytest.param(
            "部門預算366億元中,人員維持費169億元(占46.2%)、作業維持費99億元(占27.0%)。",
            "366億元",
            {"169億元", "99億元"},
            id="zh-tw-zhong-with-shares",
        ),
        pytest.param(
            "The Governor announced a $1.2 billion package.\n\nThe package includes:\n\n"
            "• $600 million for housing;\n• $450 million for training;\n• $100 million for broadband.",
            "$1.2 billion",
            {"$600 million", "$450 million", "$100 million"},
            id="en-list",
        ),
    ],
)
def test_parts_are_linked_to_their_whole(text: str, whole: str, parts: set[str]) -> None:
    links = _links(_run(text))
    assert {s for kind, s, t, _ in links if kind == "part_of" and t == whole} == parts


def test_a_parenthesis_lists_the_parts_of_the_part_before_it() -> None:
    text = (
        "省财政安排资金465万元,其中:公共卫生补助334万元、医院改革补助9万元(村卫生室3万元、基层机构6万元)、"
        "人才培养补助18万元。"
    )
    links = _links(_run(text))
    assert {s for kind, s, t, _ in links if kind == "part_of" and t == "9万元"} == {
        "3万元",
        "6万元",
    }
    assert not _flagged(_run(text), Check.PARTS_TOTAL)  # 334 + 9 + 18 fit within 465


def test_parts_counted_by_the_whole_run_on_into_the_next_sentences() -> None:
    text = (
        "政府は3つの基金を積み増す費用として、およそ1兆9000億円を盛り込む。\n\n"
        "具体的には、量産を支援する基金に7600億円余り、国産化を支援する基金に6400億円余りを充てる。\n\n"
        "また、安定供給を支援する基金にも5700億円余りを充てる。\n\n"
        "さらに、別の事業に300億円を充てる。"
    )
    summary = _run(text)
    parts = {s for kind, s, t, _ in _links(summary) if kind == "part_of"}
    assert parts == {"7600億円余", "6400億円余", "5700億円余"}  # three funds: not the fourth sum
    (reason,) = _flagged(summary, Check.PARTS_TOTAL)
    assert "at least 1.97 tn JPY" in reason


def test_a_share_of_a_whole_stated_before() -> None:
    text = "基金注册资本为3440亿元。\n\n从股东构成看,共有19家股东。六大国有银行合计出资1140亿元,占比约37.06%。"
    summary = _run(text)
    assert ("part_of", "1140亿元", "3440亿元", "占比约37.06%") in _links(summary)
    (reason,) = _flagged(summary, Check.PERCENTAGE)
    assert "33.14%" in reason


def test_a_share_whose_whole_is_named_in_it() -> None:
    text = "其中軍事投資975.88億元,一般裝備659.16億元,占軍事投資975.88億元之比率為67.55%。"
    summary = _run(text)
    assert any(k == "part_of" and s == "659.16億元" and st for k, s, _, st in _links(summary))
    assert not _flagged(summary, Check.PERCENTAGE)  # 659.16 / 975.88 is 67.55%


def test_changes_and_what_they_are_said_to_be() -> None:
    text = (
        "NSF would receive a modest increase of 2.2 percent, going from $9.06 billion in FY24 "
        "to $9.26 billion for FY25, an increase of $200 million. This is over a billion dollars "
        "less than the request ($10.2 billion) in March.\n\nThe research account would receive "
        "$7.55 billion for FY24. That would represent a 5.2 percent increase, or $370 million, "
        "over FY24 enacted levels."
    )
    summary = _run(text)
    links = _links(summary)
    assert (
        "changes_from",
        "$9.26 billion",
        "$9.06 billion",
        "an increase of $200 million",
    ) in links
    assert any(
        k == "changes_from" and s == "$9.26 billion" and t == "$10.2 billion" and "less" in st
        for k, s, t, st in links
    )
    (difference,) = _flagged(summary, Check.DIFFERENCE)
    assert "940 mn USD less" in difference
    (period,) = _flagged(summary, Check.PERIOD)
    assert "'$7.55 billion' is labelled FY24" in period
    assert not _flagged(summary, Check.PERCENTAGE)  # 2.2% and 5.2% are right


@pytest.mark.parametrize(
    ("text", "new", "old"),
    [
        pytest.param(
            "인프라 지원이 3조1000억원에서 5조1000억원으로 늘어난다.",
            "5조1000억원",
            "3조1000억원",
            id="ko-from-to",
        ),
        pytest.param(
            "该计划编列659亿元,较上年度之624亿元增列35亿元,增幅5.6%。",
            "659亿元",
            "624亿元",
            id="zh-than",
        ),
        pytest.param(
            "The budget rose by 25% to €24.5 billion from €21.1 billion last year.",
            "€24.5 billion",
            "€21.1 billion",
            id="en-to-from",
        ),
    ],
)
def test_the_earlier_figure_of_a_change(text: str, new: str, old: str) -> None:
    assert any(k == "changes_from" and s == new and t == old for k, s, t, _ in _links(_run(text)))


def test_a_change_wrong_by_its_figures_is_flagged() -> None:
    summary = _run("The budget rose by 25% to €24.5 billion from €21.1 billion last year.")
    (reason,) = _flagged(summary, Check.PERCENTAGE)
    assert "+16.1%" in reason


def test_a_total_that_adds_a_part_it_already_includes() -> None:
    text = (
        "依預算案,含中央總預算及非營業特種基金在內,五大產業合計編列284億元,若加計非營業特種基金3億元,"
        "則達287億元。"
    )
    summary = _run(text)
    links = {(k, s, t) for k, s, t, _ in _links(summary)}
    assert {("part_of", "3億元", "284億元"), ("part_of", "284億元", "287億元"),
            ("part_of", "3億元", "287億元")} <= links  # fmt: skip
    (reason,) = _flagged(summary, Check.DOUBLE_COUNT)
    assert "counted twice" in reason


def test_a_total_that_adds_a_part_not_included_is_fine() -> None:
    text = "含中央總預算在內,五大產業合計編列284億元,若加計非營業特種基金3億元,則達287億元。"
    summary = _run(text)
    assert not _flagged(summary, Check.DOUBLE_COUNT)


def test_a_headline_restating_the_body() -> None:
    text = (
        "半導体支援に約1.9兆円\n\n政府は補正予算案におよそ1兆9000億円を盛り込む方針を固めました。"
    )
    summary = _run(text)
    assert ("restates", "約1.9兆円", "およそ1兆9000億円", "") in _links(summary)  # its hedge too
    assert all(
        f.verdict is Verdict.CONSISTENT for f in summary.findings if f.check is Check.RESTATEMENT
    )


def test_consistent_articles_raise_no_flag() -> None:
    text = (
        "The EU budget supports the initiative with a total of up to €3.3 billion, including "
        "€1.65 billion via Horizon Europe and €1.65 billion via Digital Europe. Funding rose "
        "from €2 billion to €3.3 billion, an increase of €1.3 billion, or 65%."
    )
    summary = _run(text)
    assert not [f for f in summary.flagged if f.subject.startswith("relations")]
    assert any(f.check is Check.PARTS_TOTAL and f.ok for f in summary.findings)


@pytest.mark.parametrize(
    ("text", "whole", "parts"),
    [
        pytest.param(
            "O banco assinou contratos no valor total de 900 milhões de EUR, incluindo 400 "
            "milhões de EUR para PME.",
            "900 milhões de EUR",
            {"400 milhões de EUR"},
            id="pt-incluindo",
        ),
        pytest.param(
            "El ministerio destina 80 millones de euros, de las cuales 50 millones de euros "
            "irán a regadío.",
            "80 millones de euros",
            {"50 millones de euros"},
            id="es-de-las-cuales",
        ),
        pytest.param(
            "Het kabinet trekt 12 miljoen euro uit, waaronder 5 miljoen euro voor dijken.",
            "12 miljoen euro",
            {"5 miljoen euro"},
            id="nl-waaronder",
        ),
    ],
)
def test_part_cues_of_more_languages(text: str, whole: str, parts: set[str]) -> None:
    links = _links(_run(text))
    assert {s for kind, s, t, _ in links if kind == "part_of" and t == whole} == parts


def test_a_parenthesis_breaking_a_total_down_by_year_lists_its_parts() -> None:
    text = "事業費として計900億円(6年度400億円、7年度500億円)が計上された。"
    summary = _run(text)
    links = _links(summary)
    assert {s for k, s, t, _ in links if k == "part_of" and t == "900億円"} == {
        "400億円",
        "500億円",
    }
    assert not any(k == "changes_from" for k, *_ in links)  # not an earlier year's figure
    assert not _source_flags(summary)
    over = _run("事業費として計900億円(6年度400億円、7年度600億円)が計上された。")
    (reason,) = _flagged(over, Check.PARTS_TOTAL)
    assert "900" in reason
    # One earlier year's figure in a parenthesis stays a change's earlier figure.
    one = _links(_run("防衛費は405億円(6年度304億円)となった。"))
    assert any(k == "changes_from" and s == "405億円" and t == "304億円" for k, s, t, _ in one)


def test_a_shortfall_and_a_growth_rate_are_two_changes() -> None:
    text = "全市收入500亿元,较年初预算短收20亿元,同口径(剔除退税影响,下同)增长6%。"
    summary = _run(text)
    changes = {st for k, s, _, st in _links(summary) if k == "changes_from" and s == "500亿元"}
    assert changes == {"较年初预算短收20亿元", "增长6%"}
    # a shortfall against the budget is no growth of 6% on the year
    assert not _source_flags(summary)


def test_an_additional_amount_and_the_total_it_makes() -> None:
    text = (
        "The EIB lends €300 million to the bank. The bank adds another €300 million, so that "
        "the total available reaches €600 million."
    )
    links = _links(_run(text))
    assert {(s, t) for k, s, t, _ in links if k == "part_of"} == {
        ("€300 million", "€600 million")
    }  # both €300 million figures: the set keeps one
    relations = _run(text).extraction.relations
    assert sum(1 for r in relations if r.kind.value == "part_of") == 2
    assert not any(k == "changes_from" for k, *_ in links)
    unequal = text.replace("€600 million", "€700 million")
    assert not any(k == "part_of" for k, *_ in _links(_run(unequal)))  # not the two together


def test_a_table_total_row_and_the_rows_above_it() -> None:
    rows = "Región | Importe |\nNorte | 10.000 euros |\nSur | 20.000 euros |\n"
    summary = _run(rows + "Total | 30.000 euros |\n")
    parts = {s for k, s, t, _ in _links(summary) if k == "part_of" and t == "30.000 euros"}
    assert parts == {"10.000 euros", "20.000 euros"}
    assert not _source_flags(summary)
    (reason,) = _flagged(_run(rows + "Total | 25.000 euros |\n"), Check.PARTS_TOTAL)
    assert "25" in reason


@pytest.mark.parametrize(
    ("text", "new", "old"),
    [
        pytest.param(
            "76年の支出額は8,000万ドルである。これを前年の支出額1億ドルと比較すると約20%の減少となった。",
            "8,000万ドル",
            "1億ドル",
            id="ja-kore-wo-to-hikaku",
        ),
        pytest.param(
            "援助予算は1,500億円を超え、77年度(300億円)と比較すれば、5倍に拡大している。",
            "1,500億円",
            "300億円",
            id="ja-to-hikaku-sureba",
        ),
        pytest.param(
            "The chip budget for 2024 (¥3 trillion) will be 1.5 times higher than that in the "
            "2023 budget (¥2 trillion).",
            "¥3 trillion",
            "¥2 trillion",
            id="en-than-that-in",
        ),
    ],
)
def test_the_figure_compared_with_is_the_earlier_one(text: str, new: str, old: str) -> None:
    summary = _run(text)
    assert any(
        k == "changes_from" and s == new and t == old and st for k, s, t, st in _links(summary)
    )
    assert not _source_flags(summary)  # 8,000 is 20% under 1億; 1,500 is five times 300


def test_a_parenthesis_opening_with_the_cue_on_the_next_line() -> None:
    text = (
        "令和6年度要求額:120,000百万円\n(うち、特別枠要望額:45,000百万円)\n"
        "(令和5年度予算額:110,000百万円)"
    )
    parts = {(s, t) for k, s, t, _ in _links(_run(text)) if k == "part_of"}
    assert parts == {("45,000百万円", "120,000百万円")}  # the parenthesis ends the parts


def test_items_detailed_as_follows_as_many_as_counted() -> None:
    text = (
        "本季預定發行3期公債金額800億元。發行明細如下:\n7月份:發行甲1期公債300億元。\n"
        "8月份:發行甲2期公債300億元。\n9月份:發行甲3期公債200億元。"
    )
    summary = _run(text)
    parts = sorted(s for k, s, t, _ in _links(summary) if k == "part_of" and t == "800億元")
    assert parts == ["200億元", "300億元"]  # the set of three keeps 300億元 once
    assert sum(1 for r in summary.extraction.relations if r.kind.value == "part_of") == 3
    assert not _source_flags(summary)
    # Two items where the sentence counts three: not (only) its parts.
    fewer = text.replace("\n9月份:發行甲3期公債200億元。", "")
    assert not any(k == "part_of" for k, *_ in _links(_run(fewer)))


_NUMBERED = (
    "補正予算において、900億円の予算措置を講じた。\n\n"
    "(1) 施設の復旧\n○ 施設復旧費補助金(300億円)\n○ 設備復旧費補助金(100億円)\n"
    "(2) 出動経費\n○ 出動経費負担金({x}億円)\n"
)


def test_numbered_items_under_a_whole_are_its_parts() -> None:
    summary = _run(_NUMBERED.format(x=200))
    parts = {s for k, s, t, _ in _links(summary) if k == "part_of" and t == "900億円"}
    assert parts == {"300億円", "100億円", "200億円"}
    assert not _source_flags(summary)
    # Layout alone states no cue: items adding up to more than the whole are not its parts.
    over = _run(_NUMBERED.format(x=600))
    assert not any(k == "part_of" for k, *_ in _links(over))
    assert not _source_flags(over)


def test_numbered_topics_and_running_sentences_are_no_breakdown() -> None:
    # An item without an amount: the items are topics, their figures details.
    topics = (
        "予算は900億円とした。\n\n(1) 研究の強化\n研究費(300億円)\n(2) 人材の育成\n"
        "育成を進める。\n(3) 施設\n施設費(100億円)\n"
    )
    assert not any(k == "part_of" for k, *_ in _links(_run(topics)))
    # Items inside a sentence that runs on to their own total belong to that total.
    running = (
        "今後50兆円を超える投資を実現するため、政府は、\n(1)補助として6兆円程度\n"
        "(2)出資として4兆円以上\n全体として10兆円以上の支援を行う。"
    )
    assert not any(t == "50兆円" for k, s, t, _ in _links(_run(running)) if k == "part_of")


_COUNTED_LIST = (
    "Three new contracts worth £900 million have been awarded for the upkeep of army barracks.\n\n"
    "The work will support jobs across the country.\n\n"
    "The contracts include:\n\n"
    "North: £300 million for Scotland\n\n"
    "Centre: {centre} for the Midlands\n\n"
    "South: £200 million for Wessex\n\n"
    "The minister welcomed the awards."
)


def test_a_list_with_as_many_amounts_as_a_far_sentence_counts() -> None:
    summary = _run(_COUNTED_LIST.format(centre="£400 million"))
    parts = {source for kind, source, target, _ in _links(summary) if target == "£900 million"}
    assert parts == {"£300 million", "£400 million", "£200 million"}
    assert not _source_flags(summary)
    # The parts the text counts are all of the whole: falling short of it is a finding.
    short = _run(_COUNTED_LIST.format(centre="£250 million"))
    (flag,) = _flagged(short, Check.PARTS_TOTAL)
    assert "3 parts the text counts" in flag and "less than the total '£900 million'" in flag


def test_a_list_counted_otherwise_is_no_breakdown() -> None:
    text = _COUNTED_LIST.format(centre="£250 million").replace("Three new", "Two new")
    summary = _run(text)
    assert not [t for _, _, t, _ in _links(summary) if t == "£900 million"]
    assert not _flagged(summary, Check.PARTS_TOTAL)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        pytest.param(
            "单位支出预算为30万元,支出决算为17.1万元,完成预算的57%。", False, id="zh-right"
        ),
        pytest.param(
            "单位支出预算为30万元,支出决算为17.1万元,完成预算的43%。", True, id="zh-wrong"
        ),
        pytest.param(
            "計畫可用預算數4,283萬9千元,執行數2,076萬7千元,執行率48.48%。", False, id="zh-tw"
        ),
        pytest.param(
            "The programme had a budget of $40 million and spent $30 million, an execution rate "
            "of 60%.",
            True,
            id="en-wrong",
        ),
    ],
)
def test_the_share_of_its_budget_an_outturn_reached(text: str, wrong: bool) -> None:
    summary = _run(text)
    assert bool(_flagged(summary, Check.PERCENTAGE)) is wrong
    checked = [f for f in summary.findings if f.check is Check.PERCENTAGE]
    assert checked  # judged either way


def test_an_overrun_is_no_part_of_its_budget() -> None:
    summary = _run("单位支出预算为30万元,支出决算为36万元,完成预算的120%。")
    assert not _source_flags(summary)


@pytest.mark.parametrize(
    "text",
    [
        "Forces receive an increase in grants of £624 million. This includes an additional £185 "
        "million, totalling £515 million when including funding provided in-year.",
        "Forces receive an increase in grants of £624 million, including an additional £185 "
        "million, totalling £515 million when including funding provided in-year.",
    ],
)
def test_a_sum_the_text_totals_with_other_money_is_no_part(text: str) -> None:
    summary = _run(text)
    parts = {s for kind, s, t, _ in _links(summary) if kind == "part_of" and t == "£624 million"}
    assert parts == {"£185 million"}
    assert not _flagged(summary, Check.PARTS_TOTAL)


def test_a_total_sums_the_figures_just_before_it_when_those_alone_fit() -> None:
    text = (
        "In the quarter the bank disbursed $4.9 billion and collected $8.2 billion, leaving "
        "loans of $133.9 billion and guarantees of $22.2 billion, $156.1 billion in total."
    )
    summary = _run(text)
    parts = {s for kind, s, t, _ in _links(summary) if kind == "part_of" and t == "$156.1 billion"}
    assert parts == {"$133.9 billion", "$22.2 billion"}
    assert not _flagged(summary, Check.PARTS_TOTAL)
    # parts that add up to more with no tail that fits are all kept, and reported
    over = text.replace("$22.2 billion", "$32.2 billion")
    (flag,) = _flagged(_run(over), Check.PARTS_TOTAL)
    assert "more than the total '$156.1 billion'" in flag


def test_an_outturn_written_before_its_budget() -> None:
    summary = _run(
        "The programme spent $30 million of its $40 million budget, an execution rate of 65%."
    )
    (flag,) = _flagged(summary, Check.PERCENTAGE)
    assert "'$30 million' is 75.0% of '$40 million'" in flag and "execution rate of 65%" in flag
    assert not _flagged(summary, Check.RELATION)


def test_a_count_that_is_not_the_amounts_makes_no_closed_breakdown() -> None:
    text = (
        "The two agencies will receive £900 million this year, including £300 million for roads "
        "and £200 million for rail."
    )
    assert not _flagged(_run(text), Check.PARTS_TOTAL)


def test_a_change_opening_a_parenthesis_on_its_pair_is_said_of_that_pair() -> None:
    text = (
        "(事業費)\n無利子奨学金:144億円増(2,504億円→2,648億円)\n"
        "有利子奨学金:602億円増(4,316億円→4,918億円)\n合計:746億円増(6,820億円→7,566億円)\n"
    )
    summary = _run(text)
    stated = {(s, t, st) for kind, s, t, st in _links(summary) if kind == "changes_from" and st}
    assert ("4,918億円", "4,316億円", "602億円増") in stated
    assert ("7,566億円", "6,820億円", "746億円増") in stated
    assert not _flagged(summary, Check.DIFFERENCE)
