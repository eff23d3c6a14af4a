"""Periods as budget texts name them: eras, fiscal years, budget years, envelopes."""

from __future__ import annotations

from datetime import date

import pytest

from summarizer import summarize
from summarizer.reading.periods import find_periods

MAY_2024 = date(2024, 5, 1)


@pytest.mark.parametrize(
    ("text", "language", "script", "expected"),
    [
        ("令和6年度の一般会計予算", "ja", "", "FY2024"),
        ("平成30年度補正予算", "ja", "", "FY2018"),
        ("令和元年度", "ja", "", "FY2019"),
        ("令和5年に", "ja", "", "2023"),
        ("政府は21~23年度に", "ja", "", "FY2021-FY2023"),
        ("30年度までに", "ja", "", "FY2024-FY2030"),
        ("113年度中央政府總預算", "zh", "Hant", "FY2024"),
        ("中華民國114年", "zh", "Hant", "2025"),
        ("107至109年度", "zh", "Hant", "FY2018-FY2020"),
        ("2024财年", "zh", "Hans", "FY2024"),
        ("2021년 예산(안)", "ko", "", "FY2021"),
        ("2025학년도", "ko", "", "FY2025"),
        ("’21년안", "ko", "", "FY2021"),
        ("Budget 2014 provides", "en", "", "FY2014"),
        ("the 2024-25 budget", "en", "", "FY2024"),
        ("FY2024-25", "en", "", "FY2024"),
        # Budgets that run on the calendar year are named by it: the year, not a fiscal year.
        ("Bundeshaushalt 2024", "de", "", "2024"),
        ("los Presupuestos Generales del Estado para 2023", "es", "", "2023"),
        ("2022年预算执行情况", "zh", "Hans", "2022"),
        # Japanese offices shorten the era; one digit is a Reiwa year.
        ("R5当初", "ja", "", "FY2023"),
        ("2年度計1兆3360億円", "ja", "", "FY2020"),
        ("昭和53年度~平成14年度", "ja", "", "FY1978-FY2002"),
        ("내년도 예산안", "ko", "", "FY2025"),
        ("over five years", "en", "", "2024-2029"),
        ("over the next 4 years", "en", "", "2024-2028"),
        ("über fünf Jahre", "de", "", "2024-2029"),
        ("sur trois ans", "fr", "", "2024-2027"),
        ("durante los próximos cinco años", "es", "", "2024-2029"),
        ("今後5年間で", "ja", "", "2024-2029"),
        ("未来三年内", "zh", "Hans", "2024-2027"),
        ("by 2027", "en", "", "2024-2027"),
        ("bis 2027", "de", "", "2024-2027"),
        ("d'ici 2030", "fr", "", "2024-2030"),
        ("2027년까지", "ko", "", "2024-2027"),
        ("到2027年", "zh", "Hans", "2024-2027"),
        ("from 2021 to 2027", "en", "", "2021-2027"),
        ("2021年至2027年", "zh", "Hans", "2021-2027"),
        ("in 2024", "en", "", "2024"),
    ],
)
def test_periods_as_written(text: str, language: str, script: str, expected: str) -> None:
    found = find_periods(text, MAY_2024, language=language, script=script)
    assert [p.period for p in found] == [expected]


@pytest.mark.parametrize(
    ("text", "language", "script"),
    [
        ("4783356年度予算", "ja", ""),  # digits of a table run together, not a year
        ("113年度", "ja", ""),  # an ROC year only in Traditional Chinese
        ("30年度", "zh", "Hant"),  # too early to be an ROC fiscal year in a budget text
        ("the 2024-26 plan", "en", ""),  # not one fiscal year (a range needs four digits)
        ("over many years", "en", ""),
        ("12.2024", "en", ""),
    ],
)
def test_not_periods(text: str, language: str, script: str) -> None:
    assert find_periods(text, MAY_2024, language=language, script=script) == []


def test_envelopes_count_from_the_years_the_text_names_without_a_date() -> None:
    text = "Im Haushalt 2024 stehen 2024 rund 5 Mrd. Euro bereit; bis 2027 weitere 11 Mrd. Euro."
    periods = [p.period for p in find_periods(text, None, language="de")]
    assert "2024-2027" in periods


def test_the_base_of_a_comparison_is_not_the_figure_s_period() -> None:
    text = (
        "一般会計の令和6年度の文教及び科学振興費は、5兆4,716億円"
        "(令和5年度当初予算比+558億円、+1.0%)を計上している。"
    )
    allocations = summarize(text, engine="deterministic").extraction.allocations
    assert [a.period for a in allocations] == ["FY2024"]


def test_a_bare_year_yields_to_a_named_fiscal_year_in_the_same_sentence() -> None:
    text = (
        "LONDON, 3 March 2025 - The department will invest £40 million in flood defences "
        "in the 2025-26 financial year."
    )
    (allocation,) = summarize(text, engine="deterministic").extraction.allocations
    assert allocation.period == "FY2025"


def test_a_bare_japanese_year_counts_in_the_era_the_text_names() -> None:
    found = find_periods("平成27年版 防災白書\n27年度予算額", MAY_2024, language="ja")
    assert [p.period for p in found] == ["2015", "FY2015"]


def test_a_bare_japanese_year_in_an_old_text_is_of_its_century() -> None:
    found = find_periods("(74年度429億円,75年度388億円)", date(1977, 1, 1), language="ja")
    assert [p.period for p in found] == ["FY1974", "FY1975"]


def test_a_year_with_its_month_is_a_date_not_a_period() -> None:
    assert find_periods("平成21年5月29日に成立した", MAY_2024, language="ja") == []


def test_this_year_with_a_particle_is_not_a_fiscal_year() -> None:
    # "올해도" is "this year too": 도 here is a particle, not the 度 of a budget year
    assert find_periods("올해도 지원을 이어간다", MAY_2024, language="ko") == []
    assert [p.period for p in find_periods("금년도 예산", MAY_2024, language="ko")] == ["FY2024"]


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("The plan budgets $70 million over FY2022-FY2027 for roads.", "FY2022-FY2027"),
        ("The plan budgets $70 million over FY2022-27 for roads.", "FY2022-FY2027"),
        ("The state budgets $70 million in FY2024-25 for roads.", "FY2024"),
        ("The state budgets $70 million in FY2024/25 for roads.", "FY2024"),
    ],
)
def test_fiscal_year_ranges_and_split_years(text: str, period: str) -> None:
    from summarizer.reading.periods import find_periods

    assert [p.period for p in find_periods(text, None)] == [period]
