"""Figures in tables whose unit is stated once: "(単位:億円)", "單位:新臺幣千元", "(Mrd. €)".

Budget documents print a unit in a table's header or a row's label and bare numbers in its
cells ("アジア開発銀行等拠出金  345.4" under "単位:億円" is 34,540,000,000 yen). `table_cells`
reads those cells as amounts in the declared unit. They are kept apart from the quantities
`numbers.find_quantities` returns: the validator may confirm a figure with them, but the
engines and cross-checks do not take a column of last year's figures for commitments.

Declarations come from the same data as the rest of the reader: the unit's scale from the CJK
scale table and CLDR's compact-format words (`grammar`), its currency from the currency markers
and the article's country (`currencies`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from decimal import Decimal

from summarizer.reading.cldr import spaced_groups
from summarizer.reading.currencies import CurrencyContext
from summarizer.reading.grammar import CJK_UNITS, grammar
from summarizer.reading.numbers import Quantity, find_quantities, is_power_of_ten, tidy

# "単位:億円", "單位：新臺幣千元", "단위: 억 원, %": a unit for the cells below.
_CJK_DECLARATION = re.compile(
    r"(?:単位|單位|单位|단위)\s*[:：]\s*(?P<unit>[^\n)）;；,，、%]{1,14})"
)
# "(Mrd. €)", "(in millions of dollars)", "(en millions d'euros)", "($ millions)": a unit for the
# rest of the line (a row label) or, closing a heading's line, the lines below.
_LATIN_DECLARATION = re.compile(
    r"[(（]\s*(?:in\s+|en\s+|em\s+|in\s+Mio\.\s*)?(?P<unit>[^()（）\n\d]{1,40}?)\s*[)）]"
)
# "(bedragen x € 1.000)", "(x €1,000)", "(× 1 000 €)": cells are multiples of an amount.
_TIMES = re.compile(
    r"[(（][^()（）\n]{0,30}?(?<![^\W\d_])[x×]\s*(?P<unit>[^()（）\n]{1,20}?)\s*[)）]"
)


def _cell_pattern(groups: str) -> re.Pattern[str]:
    """A cell's number, its thousands grouped by one of `groups` throughout ("514,999 361,014"
    is two cells, not one number). It may follow a CJK label with no space ("一般会計1,528
    (1,455)"), where a Latin letter before it makes a code ("A1", "COVID19"), not a cell,
    unless its thousands are grouped."""
    return re.compile(
        r"(?<![\d.,'’\-−‐‑–▲△+])"
        # not after a Latin letter, unless grouped: "ANDALUCÍA28.910.512", a table's columns
        # run together by the page's text
        rf"(?:(?<![^\W\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF])|(?=\d{{1,3}}[{groups}]\d{{3}}\b))"
        rf"(?P<num>\d{{1,3}}(?P<group>[{groups}])\d{{3}}(?:(?P=group)\d{{3}})*(?:[.,]\d+)?"
        r"|\d+(?:[.,]\d+)?)"
        r"(?![\w%％.,]|[ \t]*(?:年|年度|년|월|月|日|号|號|条|條|%|％))"
    )


# A space groups thousands only where the language writes them so (CLDR's group symbol is a
# space: French, Swedish, Polish…); elsewhere it parts two columns ("道路 100 120").
_CELL_SPACED = _cell_pattern(",.' ")
_CELL = _cell_pattern(",.'")
_KO_COMPOUND = re.compile(
    r"(?<![\w.,])(?P<jo>\d+)\s*조\s*(?P<rest>\d{1,3}(?:,\d{3})*|\d+)(?![\w.,%])"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
# "(注1)", "※2)": a note's mark, digits between a letter and a closing bracket
_NOTE_MARK = re.compile(r"[^\W\d_]\d{1,2}[)）]")
# "(1)安全確保と防災": an item's number before its label, not a cell
_LIST_MARKER = re.compile(r"[(（]\d{1,2}[)）](?=[^\d\s(（])")
# A line of one unit repeated over its columns, nothing else: "百万円   百万円", "億円".
_UNIT_HEADER = re.compile(
    r"^[ \t]*(?P<unit>[^\s\d()（）:：,，.。]{1,6})(?:[ \t]+(?P=unit))*[ \t]*$", re.MULTILINE
)
# A declaration's tables end within this many characters (a heading's and a unit header's also
# where prose resumes; a CJK declaration's run past prose to the next declaration).
_REACH = 3000
_REST_OF_LINE_BLANK = re.compile(r"[ \t:：.]*(?:\n|\Z)")
_PROSE = re.compile(r"\n[^\n\d]{60,}[。.]\s*\n")
_SENTENCE_MIN = 30  # characters: a shorter line ending in a full stop is a heading or a row
_SENTENCE_ENDS = ("。", "．", ".")


def _unit_of(declaration: str, context: CurrencyContext) -> tuple[int, str] | None:
    """(scale, currency) of a declared unit, when it names money ("億円" → 10⁸ JPY, "EUR
    billion" → 10⁹ EUR), whole or as the last words of a sentence that declares it ("wszystkie
    kwoty przedstawiono w mld euro", "minden összeg milliárd euróban")."""
    words = declaration.split()
    for first in range(len(words)):  # the whole first: "billions of US dollars", not "US dollars"
        tail = " ".join(words[first:])
        # "1億円" and "1 Mrd. €" are how the reader knows them; "EUR billion", "$ millions"
        # put the currency first, as "EUR 1 billion" does
        rest = tail.split(" ", 1)
        forms = ["1" + tail, "1 " + tail]
        if len(rest) == 2:
            forms.append(f"{rest[0]} 1 {rest[1]}")
        for form in forms:
            money = [q for q in find_quantities(form, context=context) if q.is_money]
            if money and money[0].start == 0 and money[0].end >= len(tail):
                return int(money[0].value), money[0].unit
    return None


def table_cells(text: str, quantities: list[Quantity], context: CurrencyContext) -> list[Quantity]:
    """Bare numbers under a declared unit, read as amounts in it (not overlapping `quantities`)."""
    g = grammar(context.language, context.decimal_comma)
    cells: list[Quantity] = []
    spaced = spaced_groups(context.language)
    scopes = sorted(_scopes(text, context))
    for k, (start, end, scale, currency) in enumerate(scopes):
        # a scope ends where the next declaration begins: each cell is read once
        end = min(end, scopes[k + 1][0]) if k + 1 < len(scopes) else end
        cells += [
            cell
            for cell in _read_cells(text, start, end, scale, currency, g.decimal, spaced)
            if not _in_sentence(text, cell)
        ]
    starts = [q.start for q in quantities]  # in text order, without overlaps
    return [c for c in cells if not _overlaps(c, quantities, starts)]


def _in_sentence(text: str, cell: Quantity) -> bool:
    """Is the cell on a line of prose (a long line that ends a sentence), not a table's row?

    Read within `_LINE_READ` characters either side: a line longer than that (a megabyte of
    one line is not read to its ends once per cell) is prose when that stretch holds many
    letters, and a row padded with spaces (a PDF's layout) when it does not.
    """
    before = text.rfind("\n", max(0, cell.start - _LINE_READ), cell.start)
    after = text.find("\n", cell.end, cell.end + _LINE_READ)
    if (before == -1 and cell.start > _LINE_READ) or (
        after == -1 and len(text) - cell.end > _LINE_READ
    ):
        stretch = text[max(0, cell.start - _LINE_READ) : cell.end + _LINE_READ]
        return len(_LETTER.findall(stretch)) >= _PROSE_LETTERS
    line = text[before + 1 : after if after != -1 else len(text)].rstrip()
    return len(line) >= _SENTENCE_MIN and line.endswith(_SENTENCE_ENDS)


_LINE_READ = 400  # characters either side of a cell read for its line: a row is short
_LETTER = re.compile(r"[^\W\d_]")
_PROSE_LETTERS = 100  # letters near a cell on an overlong line: a paragraph, not a row


def _overlaps(cell: Quantity, quantities: list[Quantity], starts: list[int]) -> bool:
    i = bisect_left(starts, cell.end)  # the quantities starting before the cell ends
    return i > 0 and quantities[i - 1].end > cell.start


def _scopes(text: str, context: CurrencyContext) -> list[tuple[int, int, int, str]]:
    scopes = []
    units: dict[str, tuple[int, str] | None] = {}  # each declaration read once: a page may
    # repeat "(Mrd. €)" on every row, or hold thousands of parentheses

    def unit_of(declaration: str) -> tuple[int, str] | None:
        if declaration not in units:
            units[declaration] = _unit_of(declaration, context)
        return units[declaration]

    def until_prose(start: int) -> int:
        prose = _PROSE.search(text, start, start + _REACH)
        return prose.start() if prose else min(len(text), start + _REACH)

    # A CJK document states its unit once for all its tables, which prose paragraphs may
    # interleave ("単位:億円" … "国は、…を行う。" … "・安全確保の取組499( 497)"): its scope runs
    # past prose, whose sentences hold no cells (`_in_sentence`), to the next declaration
    # (and `_REACH` characters at most).
    for m in _CJK_DECLARATION.finditer(text):
        unit = unit_of(m.group("unit"))
        if unit is not None:
            scopes.append((m.end(), min(len(text), m.end() + _REACH), *unit))
    # A header line of units alone, one per column ("    百万円       百万円"): the lines below,
    # until prose resumes, as a CJK declaration.
    for m in _UNIT_HEADER.finditer(text):
        unit = unit_of(m.group("unit"))
        if unit is not None and unit[0] >= 1000:
            scopes.append((m.end(), until_prose(m.end()), *unit))
    # Line ends by bisection: `str.find` from each of a page's declarations would read the rest
    # of a long line once per declaration.
    breaks = [m.start() for m in re.finditer("\n", text)]
    # "(EUR)" alone is no table unit, "(Mrd. €)" is; "(投資勘定)" is no unit at all
    declared = [(m, unit_of(m.group("unit"))) for m in _LATIN_DECLARATION.finditer(text)]
    declared += [(m, _times_unit(m.group("unit"), context)) for m in _TIMES.finditer(text)]
    # A currency alone heads a table of whole amounts only as a heading ("IMPORTE (euros)" at
    # its line's end), and then only for grouped cells ("28.910.512"): `_read_cells`.
    declarations = sorted(
        (
            (m, unit)
            for m, unit in declared
            if unit is not None
            and (unit[0] >= 1000 or (unit[0] == 1 and _REST_OF_LINE_BLANK.match(text, m.end())))
        ),
        key=lambda found: found[0].start(),
    )
    for k, (m, unit) in enumerate(declarations):
        following = bisect_left(breaks, m.end())
        line_end = breaks[following] if following < len(breaks) else len(text)
        if _REST_OF_LINE_BLANK.match(text, m.end()):  # matched, not sliced: one line may be long
            # A heading's unit ("(wszystkie kwoty przedstawiono w mld euro):"), as a CJK one:
            # the lines below, until prose resumes, and no further than the next declaration,
            # where this scope ends anyway.
            reach = line_end + _REACH
            if k + 1 < len(declarations):
                reach = min(reach, declarations[k + 1][0].start())
            prose = _PROSE.search(text, line_end, reach)
            line_end = prose.start() if prose else min(len(text), reach)
        scopes.append((m.end(), line_end, *unit))
    return scopes


def _times_unit(declaration: str, context: CurrencyContext) -> tuple[int, str] | None:
    """(scale, currency) of cells declared as multiples of an amount ("x € 1.000" → 10³ EUR)."""
    money = [q for q in find_quantities(declaration, context=context) if q.is_money]
    if len(money) != 1 or money[0].end - money[0].start < len(declaration.strip()) - 1:
        return None
    value = money[0].value
    if not is_power_of_ten(value):
        return None  # not a thousand, a million: no unit
    return int(value), money[0].unit


def _read_cells(
    text: str,
    start: int,
    end: int,
    scale: int,
    currency: str,
    decimal: Callable[[str], Decimal],
    spaced: bool,
) -> list[Quantity]:
    cells: list[Quantity] = []
    compounds = []
    if CJK_UNITS.get("억") == scale:  # "43조 1,581" in a table of 억원: 43조 and 1,581억
        for m in _KO_COMPOUND.finditer(text, start, end):
            value = (
                Decimal(m.group("jo")) * 10**12 + Decimal(m.group("rest").replace(",", "")) * scale
            )
            cells.append(_cell(text, m.start(), m.end(), value, currency))
            compounds.append((m.start(), m.end()))
    for m in (_CELL_SPACED if spaced else _CELL).finditer(text, start, end):
        if any(s <= m.start() < e for s, e in compounds):
            continue
        num = m.group("num")
        if scale == 1 and not m.group("group"):
            continue  # under a currency alone, only a grouped whole amount is a cell
        if (
            _YEAR.fullmatch(num)
            or _LIST_MARKER.match(text, max(0, m.start() - 1))
            or _NOTE_MARK.match(text, max(0, m.start() - 1))
        ):
            continue  # a column heading, an item's "(1)" or a note's "(注1)", not a cell
        try:
            value = decimal(num) * scale
        except ValueError:
            continue
        if value > 0:
            cells.append(_cell(text, m.start(), m.end(), value, currency))
    return sorted(cells, key=lambda q: q.start)


def _cell(text: str, start: int, end: int, value: Decimal, currency: str) -> Quantity:
    return Quantity(
        text=text[start:end], start=start, end=end, value=tidy(value), unit=currency, implied=True
    )
