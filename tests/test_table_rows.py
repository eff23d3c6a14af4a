"""Allocations read from tables: which cell of a row is the amount, and what the row says of it.

The tables here are written for these tests, in the layouts budget documents use.
"""

from __future__ import annotations

from decimal import Decimal

from summarizer import summarize
from summarizer.checking.facts import SourceFacts
from summarizer.engines.table_rows import table_amounts
from summarizer.schema import Kind

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
    for i, allocation in enumerate(summary.extraction.allocations):
        if allocation.amount.value in (Decimal("73660000000"), Decimal("52435000000")):
            checks = [f for f in summary.findings if f.subject.startswith(f"allocations[{i}].")]
            assert checks and all(f.ok for f in checks if f.check.value != "recipient")
