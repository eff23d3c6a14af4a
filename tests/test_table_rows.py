"""Allocations read from tables: which cell of a row is the amount, and what the row says of it.

The tables here are written for these tests, in the layouts budget documents use.
"""

from __future__ import annotations

from decimal import Decimal

from summarizer import summarize
from summarizer.checking.facts import SourceFacts
from summarizer.engines.table_rows import table_amounts
from summarizer.schema import Check, Kind, Verdict

# A Japanese comparison table: last year, this year, the change, the ratio; the header's
# labels broken over lines as a PDF's text gives them.
COMPARISON = """令和6年度水道関係予算について

(単位:百万円)
区分 令和5年度
予算額
令和6年度
予算額
対前年度
増△減額
対前年度
比 率(%)
水道施設整備費 95,805 73,660 △22,145 76.9
上水道 67,418 52,435 △14,984 77.8
調査費等 38 37 △     1 96.9
"""


def _picked(text: str) -> list[tuple[str, str, str | None, bool]]:
    return [(r.cell.text, r.label, r.period, r.total) for r in table_amounts(SourceFacts.of(text))]


def test_the_column_is_the_latest_year_the_header_names() -> None:
    assert _picked(COMPARISON) == [
        ("73,660", "水道施設整備費", "FY2024", False),
        ("52,435", "上水道", "FY2024", False),
        ("37", "調査費等", "FY2024", False),
    ]


def test_a_bracketed_cell_is_the_earlier_year_and_an_item_number_is_not_a_label() -> None:
    text = (
        "単位:億円\n括弧内は前年度予算額\n\n原子力関係経費4,819(4,662)\n 一般会計1,528(1,455)\n"
        "(1)安全確保と防災670( 664)\n"
    )
    assert _picked(text) == [
        ("4,819", "原子力関係経費", None, False),
        ("1,528", "一般会計", None, False),
        ("670", "安全確保と防災", None, False),
    ]


def test_without_years_in_the_header_the_first_column_and_a_total_row() -> None:
    text = (
        "2025年5月19日\n分配表\n单位:万元\n地区(单位) | 分配金额 | 已提前下达 | 本次下达 |\n"
        "合 计 | 1556 | 370 | 1186 |\n市级小计 | 910 | 144 | 766 |\n镇海区 | 55 | 5 | 50 |\n"
    )
    assert _picked(text) == [
        ("1556", "合 计", None, True),
        ("910", "市级小计", None, False),
        ("55", "镇海区", None, False),
    ]


def test_prose_revenue_and_year_rows_are_not_table_amounts() -> None:
    text = (
        "(単位:億円)\n"
        "補助率を、平成22年度新規採択事業から1/2へと改めることとし、今後の整備を進める予定である。\n"
        "平成12年度 366,024 265,704\n"
        "Einnahmen (Mrd. €) 238,9\n"
        "Bereinigung um Münzeinnahmen (Mrd. €) -0,4 0,1\n"
        "Ausgaben (Mrd. €) 319,5 81,9\n"
    )
    # the prose line, the year-labelled row and the revenue row give nothing; the row whose
    # first column is a change has no amount in it
    assert [cell for cell, *_ in _picked(text)] == ["319,5"]


def test_the_engine_gives_table_rows_as_allocations_the_validator_confirms() -> None:
    summary = summarize(COMPARISON, engine="deterministic")
    rows = {a.amount.value: a for a in summary.extraction.allocations}
    water = rows[Decimal("73660000000")]
    assert (water.amount.currency, water.recipient, water.period) == (
        "JPY",
        "水道施設整備費",
        "FY2024",
    )
    assert water.kind is Kind.BUDGET
    assert water.span is not None and water.span.slice(COMPARISON) == water.evidence
    assert Decimal("95805000000") not in rows  # last year's column
    checked = 0
    for i, allocation in enumerate(summary.extraction.allocations):
        if allocation.amount.value in (Decimal("73660000000"), Decimal("52435000000")):
            checks = {
                f.check: f for f in summary.findings if f.subject.startswith(f"allocations[{i}].")
            }
            assert all(f.ok for f in checks.values())
            assert checks[Check.RECIPIENT].verdict is Verdict.VERBATIM
            checked += 1
    assert checked == 2


def test_a_plan_of_three_years_or_more_gives_each_year_from_the_budget_s_on() -> None:
    """Cells as multiples of an amount ("x € 1.000"), one per line with blank lines between,
    under a header of planned years: every year from the budget year is an allocation."""
    text = (
        "Tabel 12 Subsidies (bedragen x € 1.000)\n\nNaam\n\n2022\n\n2023\n\n2024\n\n2025\n\n"
        "Cybersecurity\n\n966\n\n551\n\n202\n\n40\n"
    )
    picked = [
        (r.cell.text, r.cell.value, r.label, r.period)
        for r in table_amounts(SourceFacts.of(text), 2023)
    ]
    assert picked == [
        ("551", Decimal("551000"), "Cybersecurity", "2023"),
        ("202", Decimal("202000"), "Cybersecurity", "2024"),
        ("40", Decimal("40000"), "Cybersecurity", "2025"),
    ]


def test_the_latest_year_is_compared_by_year_not_by_how_it_is_written() -> None:
    text = "(in millions of dollars)\nProgramme  Budget FY2023  2024\nRoads 100 120\n"
    assert [cell for cell, *_ in _picked(text)] == ["120"]


def test_a_space_parts_two_columns_where_the_language_groups_thousands_otherwise() -> None:
    text = "(単位:百万円)\n区分 令和5年度 令和6年度\n道路 100 120\n"
    assert [(cell, period) for cell, _, period, _ in _picked(text)] == [("120", "FY2024")]


def test_a_table_of_money_cells_keeps_only_its_amount_column() -> None:
    """Each row gives its amounts as money of their own: the revision and the carry-over
    columns are not allocations; the first column is, with the row's label."""
    text = (
        "財政投融資計画の実績\n"
        "区分 | 当初計画額 | 改定額 | 繰越額 |\n"
        "財政融資 | 10兆6,911億円 | 1兆8,611億円 | 2兆2,070億円 |\n"
        "産業投資 | 3,849億円 | 350億円 | 120億円 |\n"
    )
    summary = summarize(text, engine="deterministic")
    got = {(a.amount.value, a.recipient) for a in summary.extraction.allocations}
    assert got == {(Decimal("10691100000000"), "財政融資"), (Decimal("384900000000"), "産業投資")}


def test_a_balance_outstanding_and_a_rate_per_unit_are_not_allocations() -> None:
    text = (
        "補助事業の採択基準は、資本単価90円/立方メートル以上とする。\n"
        "年度末残高は111兆円となった。\n"
        "水道施設整備費として736億円を計上した。\n"
    )
    values = {
        a.amount.value for a in summarize(text, engine="deterministic").extraction.allocations
    }
    assert values == {Decimal("73600000000")}


def test_a_currency_heading_declares_whole_grouped_amounts_glued_to_their_labels() -> None:
    """'(euros)' closing a heading: grouped whole amounts below are euros, though the page's
    text runs each label into its figure; an ungrouped number or a code is no cell."""
    text = (
        "La distribución entre las Comunidades Autónomas se ha calculado sobre la base de la "
        "dotación de la Administración General del Estado.\n\n"
        "COMUNIDAD AUTÓNOMAIMPORTE A TERRITORIALIZAR (euros)\n"
        "ANDALUCÍA28.910.512\nARAGÓN8.445.575\nCOVID19 12\n"
    )
    assert _picked(text) == [
        ("28.910.512", "ANDALUCÍA", None, False),
        ("8.445.575", "ARAGÓN", None, False),
    ]
    assert {q.value for q in SourceFacts.of(text).table_cells} == {
        Decimal("28910512"),
        Decimal("8445575"),
    }


# A table without years whose header's last label is a total: each row's total is the amount.
# Its unit puts the currency first, "(EUR billion)", as EU documents write it.
TOTAL_COLUMN = """Allocations by heading (EUR billion):

  MFF NextGenerationEU {last}
1. Research, innovation and digital 149.5 11.5 161.0
2. Cohesion, resilience and values 426.7 776.5 1,203.2
4. Migration and border management 25.7 - 25.7
"""


def test_the_column_a_header_calls_the_total_is_the_amount() -> None:
    picked = _picked(TOTAL_COLUMN.format(last="TOTAL"))
    assert [(cell, label.split(",")[0]) for cell, label, _, _ in picked] == [
        ("161.0", "Research"), ("1,203.2", "Cohesion"), ("25.7", "Migration and border management")
    ]  # fmt: skip
    (first, *_) = table_amounts(SourceFacts.of(TOTAL_COLUMN.format(last="TOTAL")))
    assert (first.cell.value, first.cell.unit) == (Decimal("161000000000"), "EUR")
    # a header that names no total keeps the first column
    first_column = [cell for cell, _, _, _ in _picked(TOTAL_COLUMN.format(last="Other"))]
    assert first_column == ["149.5", "426.7", "25.7"]
