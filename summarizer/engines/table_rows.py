"""Allocations in tables: the cell of each row that holds the amount the table commits.

Budget documents list their programmes as rows of bare numbers under a stated unit
("水道施設整備費 95,805 73,660 △22,145 76.9" under "(単位:百万円)"): last year's figure, this
year's, the change and the ratio. The reader gives those cells their value (`reading.tables`);
which of them is an allocation is read here from the table's own layout, not from the words
around a figure as in prose:

- a row is a line that opens with a label and holds nothing after its first cell but other
  cells, changes ("△22,145"), ratios and separators; or, where a page gives a table one cell
  per line, a label's line and the lines of bare cells below it. A line of prose that happens
  to hold a number is not a row, and neither is a row labelled by a year (a time series of
  outturns), by revenue or by a balance;
- the column is the latest year its header names ("令和5年度 令和6年度", "2018 2019 증감")
  where the header names two years; every year from the budget's on where it names three or
  more (a plan); else the last where the header's last label is a total ("WRF
  NextGenerationEU OGÓŁEM"), else the first (a table of totals and their tranches, "合 计 |
  1556 | 370 | 1186");
- a cell in brackets right after another is the earlier year's ("4,819(4,662)" under
  "括弧内は平成14年度予算額"), never the amount; a signed one is a change.

A row whose label says it sums the others ("合计", "小計", "Total", "합계") is a `total`; the
header's year is the period. The same columns are read in tables whose cells are money of
their own (`money_rows`): the others are not allocations. Hand-written, like `roles`: no
library reads table layout in plain text, and the rules are the layout's, not any one
table's words.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from summarizer.checking.facts import SourceFacts
from summarizer.engines.roles import NOT_COMMITMENT_WORDS as _NOT_COMMITMENT
from summarizer.reading.numbers import Quantity
from summarizer.reading.periods import PeriodMention


@dataclass(frozen=True)
class TableAmount:
    """One cell taken as an allocation: the cell, its row's label, the period of its column,
    whether the row sums others, and the row from its label to the cell (the evidence)."""

    cell: Quantity
    label: str
    period: str | None
    total: bool
    evidence_start: int


# What may stand between and after a row's cells: separators, changes and ratios.
_BETWEEN_CELLS = re.compile(r"[\s|｜│┃:：()（）%％△▲▼+\-−‐‑–−.,0-9０-９]*")
# A cell in brackets right after another ("4,819(4,662)", "670( 664)"): the earlier year's.
_BRACKETED = re.compile(r"[(（]\s*$")
_SIGNED = re.compile(r"[△▲▼+\-−‐‑–]\s*$")
_SIGNED_NUMBER = re.compile(r"[△▲▼+\-−‐‑–]\s*\d[\d.,]*")
_LEADING_CHANGES = re.compile(r"(?:\s+[△▲▼+\-−‐‑–]\s*\d[\d.,]*)+\s*$")
# Item numbers and bullets before a label: "(1)", "1.", "・", "○", "うち".
_LABEL_MARKS = re.compile(r"^[\s|｜・○●◎■□◆\-*]*(?:[(（]?\d{1,2}[)）.．、]\s*)?(?:うち)?\s*")
_LABEL_TRIM = " \t|｜:：・"
_TOTAL_LABEL = re.compile(
    r"^(?:合\s*计|合\s*計|总\s*计|總\s*計|小\s*计|小\s*計|計|计|합\s*계|소\s*계|총\s*계|계|"
    r"total|sub-?total|totaal|gesamt|insgesamt|summe|razem|összesen|yhteensä|totalt|i\s+alt|"
    r"celkem|suma|totale|ogółem)\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_SENTENCE_ENDS = ("。", "．", ".")
_ROW_GAP = 200  # characters between two rows of one table: a line of prose at most
_YEAR = re.compile(r"(?:19|20)\d\d")
_HEADER_REACH = 600  # characters above a table's first row where its header may stand
_HEADER_LINE_MAX = 120  # characters: a longer line above a table is prose, not its header
_UNIT_DECLARED = re.compile(r"単位|單位|单位|단위")
_LABEL_MAX = 60  # characters: a longer lead-in is a sentence, not a row's label
_LEAD_MAX = 200  # characters before a row's first cell: its label, marks, changes and padding
_STACK_DEPTH = 16  # lines above a one-cell line where its label may stand
_BARE_CELL_LINE = re.compile(r"[\d.,' ]+")


def table_amounts(facts: SourceFacts, budget_year: int | None = None) -> list[TableAmount]:
    """The cells of the text's tables that are allocations, in text order. `budget_year` is
    the year the article budgets for (its fiscal year, else its date's): a table planning
    three years or more gives each year from it on."""
    picked: list[TableAmount] = []
    for line_start, label, cells, chosen in _chosen(facts, facts.table_cells, budget_year):
        total = is_total_label(label)
        for column, period in chosen:
            cell = _cell(cells, column)
            if cell is not None:
                picked.append(TableAmount(cell, label, period, total, line_start))
    return picked


@dataclass(frozen=True)
class MoneyRows:
    """The rows of tables whose cells the reader reads as money of their own ("財政融資 |
    10兆6,911億円 | 1兆8,611億円 | …"): where the amounts of the columns a table's header does
    not make the amount start (a revision, a carry-over, last year's plan: no allocations,
    whatever the words around them say), and each amount's row (its line start and label)."""

    others: frozenset[int]
    rows: dict[int, tuple[int, str]]


def is_total_label(label: str) -> bool:
    """Does a row's label say the row sums others ("合计", "小計", "Total", "합계")?"""
    return bool(_TOTAL_LABEL.match(label))


def money_rows(facts: SourceFacts, budget_year: int | None = None) -> MoneyRows:
    """The text's rows of two amounts or more, read as `table_amounts` reads cells."""
    money = [q for q in facts.quantities if q.is_money]
    others: set[int] = set()
    rows: dict[int, tuple[int, str]] = {}
    for line_start, label, cells, chosen in _chosen(facts, money, budget_year, stacking=False):
        if sum(cell is not None for cell in cells) < 2:
            continue  # one amount on its line: prose or a list, read as such
        taken = {id(_cell(cells, column)) for column, _ in chosen}
        others |= {c.start for c in cells if c is not None and id(c) not in taken}
        rows.update({c.start: (line_start, label) for c in cells if c is not None})
    return MoneyRows(frozenset(others), rows)


def _chosen(
    facts: SourceFacts, items: list[Quantity], budget_year: int | None, *, stacking: bool = True
) -> list[tuple[int, str, list[Quantity | None], list[tuple[int, str | None]]]]:
    """Each row with its columns and the columns chosen by its table's header."""
    chosen = []
    header_of: dict[int, list[tuple[int, str | None]]] = {}  # a block's first row → columns
    block_start = -1
    previous_end = -1
    for line_start, label, cells, stacked in _rows(facts, items, stacking=stacking):
        # Rows follow each other with at most a line of prose between them; a longer gap
        # starts another table, whose header is looked for afresh.
        if previous_end == -1 or line_start - previous_end > _ROW_GAP:
            block_start = line_start
        previous_end = max(cell.end for cell in cells if cell is not None)
        if block_start not in header_of:
            header_of[block_start] = _columns(facts, block_start, budget_year, stacked)
        chosen.append((line_start, label, cells, header_of[block_start]))
    return chosen


def _rows(
    facts: SourceFacts, items: list[Quantity], *, stacking: bool = True
) -> list[tuple[int, str, list[Quantity | None], bool]]:
    """Each table row: its label's line start, its label, and its columns (a cell in brackets
    after another is not one; a signed change is one, without an amount). A row whose label
    names money that is not committed ("Einnahmen (Mrd. €)", revenue) is left out.

    A row is a line, or, where a page gives a table one cell per line (an HTML table turned
    to text: "合 计 |" / "3 |" / "1.71 |"), a label's line and the lines of bare cells below it.
    """
    text = facts.text
    by_line: dict[int, list[Quantity]] = {}
    for cell in items:
        by_line.setdefault(facts.line_start(cell.start), []).append(cell)
    rows: dict[int, tuple[str, list[Quantity | None]]] = {}
    stacked_rows: set[int] = set()
    for line_start, cells in by_line.items():
        end = facts.line_end(cells[-1].end)
        end = len(text) if end == -1 else end
        # nothing but other cells, changes and ratios from the first cell to the line's end
        at = cells[0].start
        for cell in cells:
            if not _BETWEEN_CELLS.fullmatch(text, at, cell.start):
                break
            at = cell.end
        else:
            if not _BETWEEN_CELLS.fullmatch(text, at, end):
                continue
            lead = text[line_start : cells[0].start]
            if len(lead) > _LEAD_MAX:
                continue  # a label is short: a long lead-in is prose
            # a signed change before the first cell ("-0,4 0,1"; the reader takes no signed
            # cell) is a column of its own, without an amount
            changes = _LEADING_CHANGES.search(lead)
            skipped = len(_SIGNED_NUMBER.findall(changes.group())) if changes else 0
            lead = lead[: changes.start()] if changes else lead
            label = _LABEL_MARKS.sub("", lead).strip(_LABEL_TRIM)
            # a bracketed cell is a note on the one before it, not a column; a signed one
            # is a column (of changes) that holds no amount
            columns: list[Quantity | None] = [None] * skipped
            columns += [
                None if _SIGNED.search(text, max(line_start, cell.start - 3), cell.start) else cell
                for k, cell in enumerate(cells)
                if not (k and _BRACKETED.search(text, cells[k - 1].end, cell.start))
            ]
            if label:
                if _is_label(label, facts, line_start):
                    rows[line_start] = (label, columns)
                continue
            alone = stacking and len(columns) == 1
            stacked = _stacked_label(facts, line_start) if alone else None
            if stacked is not None:  # one bare cell on its line: a column of the label above
                label_start, label, column = stacked
                stacked_rows.add(label_start)
                row = rows.setdefault(label_start, (label, []))[1]
                row += [None] * (column + 1 - len(row))
                row[column] = columns[0]
    return [
        (line_start, label, columns, line_start in stacked_rows)
        for line_start, (label, columns) in sorted(rows.items())
        if any(columns) and not _NOT_COMMITMENT.search(label)
    ]


def _stacked_label(facts: SourceFacts, line_start: int) -> tuple[int, str, int] | None:
    """For a line holding one bare cell, the label above it (its line's start and text) and
    the cell's column: how many lines of one cell, or of none ("|"), stand between them."""
    text = facts.text
    column = 0
    at = line_start
    for _ in range(_STACK_DEPTH):
        if at == 0:
            return None
        at = facts.line_start(at - 1)
        end = facts.line_end(at)
        end = len(text) if end == -1 else end
        line = text[at:end].strip(_LABEL_TRIM + "\r")
        if not line:
            if text[at:end].strip():  # "|": an empty cell, a column without an amount
                column += 1
            continue
        if _BARE_CELL_LINE.fullmatch(line):
            if not facts.cells_within(at, end):
                return None  # a year or a code between them ("2023", "n.v.t"): not one row
            column += 1
            continue
        label = _LABEL_MARKS.sub("", line).strip(_LABEL_TRIM)
        if line.endswith(_SENTENCE_ENDS) or not _is_label(label, facts, at):
            return None
        if facts.overlapping(at, at + len(line)) or facts.cells_within(at, at + len(line)):
            return None  # a line that holds a figure of its own is prose or a row, not a label
        return at, label, column
    return None


def _is_label(label: str, facts: SourceFacts, line_start: int) -> bool:
    """A row's label names a programme or a body: some letters, not a sentence, not a year."""
    if not label or len(label) > _LABEL_MAX or not any(ch.isalpha() for ch in label):
        return False
    start = facts.text.find(label, line_start)
    return not any(
        p.start <= start and start + len(label) <= p.end + 2
        for p in _periods_between(facts, start, start + len(label))
    )


def _periods_between(facts: SourceFacts, start: int, end: int) -> list[PeriodMention]:
    """The periods named from `start` to `end`, by bisection (a table has thousands of rows)."""
    first = bisect_left(facts.periods, start, key=_start)
    last = bisect_left(facts.periods, end, key=_start)
    return facts.periods[first:last]


def _start(p: PeriodMention) -> int:
    return p.start


def _columns(
    facts: SourceFacts, first_row: int, budget_year: int | None, stacked: bool
) -> list[tuple[int, str | None]]:
    """The columns of a table's amounts and their periods: the latest of the years its header
    names (a comparison of last year and this); every year from the budget's on where it
    names three or more (a plan: "2022 2023 … 2028", "Planned spending for fiscal year 2022
    to 2023 …"); else the first column, with no period of its own.

    The header is the run of short lines right above the first row, up to a blank line, a
    unit's declaration ("(単位:百万円)") or a sentence: a header may break its labels over
    lines ("平成21年度\n予算額\n平成22年度\n予算額"), and a title or a date above it
    ("2025年5月19日") is not a column's. A table given one cell per line may set each off by
    a blank line ("2022\n\n2023\n\n2024"): its header runs on to two blank lines.
    """
    text = facts.text
    at = first_row
    reach = max(0, first_row - _HEADER_REACH)
    header_start = first_row
    while at > reach:
        line_start = facts.line_start(at - 1)
        line = text[line_start : at - 1].strip()
        if not line and stacked and line_start > 0 and text[line_start - 2 : line_start] != "\n\n":
            at = line_start  # a blank line between the cells of a header given one per line
            continue
        if (
            not line
            or len(line) > _HEADER_LINE_MAX
            or line.endswith(_SENTENCE_ENDS)  # a sentence
            or _UNIT_DECLARED.search(line)
        ):
            break
        header_start, at = line_start, line_start
    years: list[PeriodMention] = []
    for p in _periods_between(facts, header_start, first_row):
        if _DIGIT.search(p.text) and all(p.period != seen.period for seen in years):
            years.append(p)
    if len(years) < 2:
        return [(_total_column(text[header_start:first_row]), None)]
    # by year, not by the period's text: "FY2023" (a header's "Budget 2023") sorts after "2024"
    latest = max(range(len(years)), key=lambda k: (first_year(years[k].period) or 0, k))
    if len(years) >= 3 and budget_year is not None:
        planned = [
            (k, p.period) for k, p in enumerate(years) if (first_year(p.period) or 0) >= budget_year
        ]
        if planned:
            return planned
    return [(latest, years[latest].period)]


def _total_column(header: str) -> int:
    """The column of a table without years to take: its last, when the header's last label
    says it sums the others ("WRF NextGenerationEU OGÓŁEM", "MFF NGEU ÖSSZESEN": each row's
    total), else its first ("合 计 | 1556 | 370 | 1186": the total, then its tranches)."""
    lines = [line for line in header.splitlines() if line.strip()]
    labels = re.split(r"[\s|｜]+", lines[-1].strip()) if lines else []
    if len(labels) >= 2 and is_total_label(labels[-1]) and not is_total_label(labels[0]):
        return _LAST
    return 0


_LAST = -1  # a column counted from the row's end: a total column, whatever cells a row lacks


def _cell(cells: list[Quantity | None], column: int) -> Quantity | None:
    """A row's cell in `column`; in the last column, its last amount ("25,7 - 25,7": a dash
    for the column it lacks, the total after it)."""
    if column == _LAST:
        return next((cell for cell in reversed(cells) if cell is not None), None)
    return cells[column] if column < len(cells) else None


def first_year(period: str) -> int | None:
    """The first year a period names ("FY2024" → 2024, "2021-2027" → 2021), if any."""
    found = _YEAR.search(period)
    return int(found.group()) if found else None
