"""Periods and dates in an article: when it was published and which fiscal years it names.

Hand-written because fiscal-year wording ("the fiscal year starting in April", "2024 财年",
"2030 年度までに", "FY2025-26") is specific to budget writing; date libraries read calendar
dates, not these. Pure functions over text; `published` is passed in where it matters.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

import cn2an
from text_to_num import text2num

from summarizer.reading.prefilter import Prefiltered

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))

_FRONT_MATTER_DATE = re.compile(
    r"^(?:datetime|date|published(?:_at)?|pubdate)\s*:\s*[\"']?(\d{4})-(\d{2})-(\d{2})",
    re.IGNORECASE | re.MULTILINE,
)
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})\.?\s+(\d{{4}})\b", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.IGNORECASE)
_CJK_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def published_date(text: str) -> date | None:
    """The article's own date: YAML front matter first, then a dateline near the top."""
    head = text[:1500]
    for pattern, order in (
        (_FRONT_MATTER_DATE, "ymd"),
        (_DAY_MONTH_YEAR, "dmy"),
        (_MONTH_DAY_YEAR, "mdy"),
        (_CJK_DATE, "ymd"),
    ):
        match = pattern.search(head)
        if not match:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = parts["m"]
        month_no = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
        try:
            return date(int(parts["y"]), month_no, int(parts["d"]))
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class PeriodMention:
    """A period named in the text, with its normalized form ("FY2026", "2021-2027")."""

    text: str
    start: int
    end: int
    period: str
    fiscal: bool
    # A bare calendar year ("in 2024", "2024年"): the weakest kind of mention, and a digit
    # run that may be a figure; callers drop those that overlap an amount.
    plain: bool = False


_NOT_AFTER_DIGIT = r"(?<!\d)(?<!\d[.,])"
_YEAR = r"(?:19|20)\d\d"
_FY_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\bFY\s?(?P<y>{_YEAR})(?:\s?[-–/]\s?(?P<fy2>FY\s?)?(?P<y2>\d{{2,4}}))?\b"),
    re.compile(r"\bFY\s?'?(?P<yy>\d{2})\b"),
    re.compile(rf"\bfiscal\s+(?:year\s+)?(?:\(FY\)\s*)?(?P<y>{_YEAR})\b", re.IGNORECASE),
    re.compile(rf"\b(?P<y>{_YEAR})\s+fiscal\s+year\b", re.IGNORECASE),
    re.compile(
        rf"{_NOT_AFTER_DIGIT}(?P<y>{_YEAR})\s*(?:财年|財年|会计年度|會計年度|회계연도|학년도|년도)"
    ),
    re.compile(rf"{_NOT_AFTER_DIGIT}(?P<y>{_YEAR})\s*年度(?!まで)"),
    # "the 2024-25 budget", "2024/25": a fiscal year across two calendar years.
    re.compile(rf"{_NOT_AFTER_DIGIT}\b(?P<y>{_YEAR})\s?[-–/]\s?(?P<next>\d{{2}})(?![\d%])"),
)
_FY_STARTING = re.compile(
    rf"(?:the\s+|next\s+|coming\s+)?fiscal\s+year\s+(?:starting|beginning|that\s+(?:starts|begins))"
    rf"\s+(?:in\s+|on\s+)?(?P<m>{_MONTH_RE})",
    re.IGNORECASE,
)
_BY_FY = re.compile(rf"{_NOT_AFTER_DIGIT}(?P<y>{_YEAR})\s*年度\s*まで")
# Years counted from an era: Japan's 令和/平成/昭和 and the Republic of China's 民國.
_ERA_START = {
    "令和": 2018, "平成": 1988, "昭和": 1925, "中華民國": 1911, "民國": 1911, "民国": 1911
}  # fmt: skip
_ERA = re.compile(
    r"(?P<era>令和|平成|昭和|中華民國|民國|民国)\s*(?P<n>\d{1,3}|元)\s*(?P<unit>年度|年)"
    r"(?:\s*[~～〜至\-–]\s*(?:(?P<era2>令和|平成|昭和|民國|民国)\s*)?(?P<n2>\d{1,3}|元)\s*(?P=unit))?"
)
# Japanese offices abbreviate the era to its initial: "R4補正", "H27年度", "R5当初".
_ERA_INITIAL = re.compile(
    r"(?<![A-Za-z])(?P<era>[RHS])\s?(?P<n>\d{1,2}|元)(?=\s*(?:年度|補正|当初|予算|年|\)|）))"
)
# Taiwan writes the ROC year without its era name: "113年度" is FY2024.
_ROC_SHORT = re.compile(
    r"(?<!\d)(?<!\d[.,])(?P<n>[89]\d|1[0-4]\d)\s*(?:年度)?"
    r"(?:\s*[~～〜至\-–]\s*(?P<n2>[89]\d|1[0-4]\d)\s*)?年度"
)
# Korean two-digit years with an apostrophe: "’24년".
_KO_SHORT = re.compile(r"[’'‘`]\s?(?P<yy>\d{2})\s*년(?P<fy>도|\s*(?:예산|안))?")
# Japanese abbreviates the century in fiscal years: "21~23年度", "30年度までに".
_JA_SHORT = re.compile(
    r"(?<!\d)(?<!\d[.,])(?P<a>\d{2})\s*(?:年度)?\s*(?:[~～〜\-–]\s*(?P<b>\d{2})\s*)?年度(?P<by>\s*まで)?"
)
_RANGE = re.compile(
    rf"(?:between\s+|from\s+)?{_NOT_AFTER_DIGIT}(?P<a>{_YEAR})\s*(?P<fy>年度|年|년)?\s*"
    rf"(?:-|–|—|to|and|bis|à|a|al|tot|até|~|〜|～|至|到)\s*(?P<b>{_YEAR})(?!\d)"
)
# A year named beside the word "budget" is a budget year ("Budget 2014", "2021년 예산",
# "Haushalt 2024"): the fiscal year as the source names it.
_BUDGET_WORD = (
    r"(?i:budget|bundeshaushalt|haushalt(?:sjahr)?|presupuestos?(?:\s+(?:generales\s+)?"
    r"(?:del\s+estado\s+)?(?:de|para)(?:\s+el)?)?|bilancio(?:\s+(?:di|del))?|begroting|"
    r"orçamento(?:\s+(?:de|para))?|budget\s+(?:de|pour)(?:\s+l'année)?|loi\s+de\s+finances"
    r"(?:\s+pour)?)"
)
_BUDGET_YEAR = re.compile(
    rf"{_BUDGET_WORD}\s+(?P<y>{_YEAR})(?![\d.,]\d)"
    rf"|{_NOT_AFTER_DIGIT}(?P<y2>{_YEAR})\s*(?:年|년)?\s*(?:[Bb]udget|预算|預算|予算|예산)"
)
_UNTIL = re.compile(
    rf"(?:\b(?:by|until|through|bis|zum|d'ici(?:\s+à)?|jusqu'en|hasta(?:\s+el)?|entro(?:\s+il)?|"
    rf"fino\s+al|tot|até|uiterlijk\s+in)\s+(?P<y>{_YEAR})\b(?!\s*年度)"
    rf"|(?:到|至){_NOT_AFTER_DIGIT}(?P<y2>{_YEAR})\s*年(?!度)"
    rf"|{_NOT_AFTER_DIGIT}(?P<y3>{_YEAR})\s*(?:年\s*まで|년\s*까지|년까지))"
)
_PLAIN_YEAR = re.compile(
    rf"(?<![\d.,$€£¥#/:-])(?P<y>{_YEAR})(?:\s*(?:年|년))?(?![\d%]|[.,]\d|\s*年度|\s*-\s*\d)"
)
# "over the next five years" in each language read; the count in digits or words.
_NEXT_YEARS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("en", re.compile(
        r"\b(?:in|over|during|within|for)\s+(?:the\s+)?(?:next\s+|coming\s+|following\s+)?"
        r"(?P<n>\d{1,2}|[a-z]+)(?:-|\s+)years?\b", re.IGNORECASE)),
    ("de", re.compile(
        r"\b(?:über|in|innerhalb)\s+(?:von\s+)?(?:den\s+)?(?:nächsten\s+|kommenden\s+)?"
        r"(?P<n>\d{1,2}|[a-zäöü]+)\s+Jahre(?:n)?\b", re.IGNORECASE)),
    ("fr", re.compile(
        r"\b(?:sur|en|pendant)\s+(?:les\s+)?(?P<n>\d{1,2}|[a-z]+)\s+(?:prochaines\s+)?"
        r"(?:ans|années)\b", re.IGNORECASE)),
    ("es", re.compile(
        r"\b(?:en|durante)\s+(?:los\s+)?(?:próximos\s+)?(?P<n>\d{1,2}|[a-z]+)\s+años\b",
        re.IGNORECASE)),
    ("it", re.compile(
        r"\b(?:in|nei|per)\s+(?:prossimi\s+)?(?P<n>\d{1,2}|[a-z]+)\s+anni\b", re.IGNORECASE)),
    ("nl", re.compile(
        r"\b(?:in|over)\s+(?:de\s+)?(?:komende\s+|volgende\s+)?(?P<n>\d{1,2}|[a-z]+)\s+jaar\b",
        re.IGNORECASE)),
    ("pt", re.compile(
        r"\b(?:em|durante|nos)\s+(?:os\s+)?(?:próximos\s+)?(?P<n>\d{1,2}|[a-z]+)\s+anos\b",
        re.IGNORECASE)),
    ("cjk", re.compile(
        r"(?:今後|今后|未来|향후\s*)?(?<!\d)(?<!\d[.,])(?P<n>\d{1,2}|[一二三四五六七八九十两]{1,3})\s*"
        r"(?:年間|か年|カ年|ヵ年|ケ年|年内|年內|年间|년간|년\s*동안)")),
)  # fmt: skip


# Each skips a text that holds none of the words it needs (`prefilter`): read over whole texts.
_FY_PATTERNS = tuple(Prefiltered(p) for p in _FY_PATTERNS)  # type: ignore[misc]
(  # type: ignore[assignment]
    _FY_STARTING, _BY_FY, _RANGE, _ERA, _ROC_SHORT, _KO_SHORT, _JA_SHORT, _BUDGET_YEAR, _UNTIL,
    _PLAIN_YEAR,
) = map(
    Prefiltered,
    (
        _FY_STARTING, _BY_FY, _RANGE, _ERA, _ROC_SHORT, _KO_SHORT, _JA_SHORT, _BUDGET_YEAR,
        _UNTIL, _PLAIN_YEAR,
    ),
)  # fmt: skip
_NEXT_YEARS = tuple((words, Prefiltered(p)) for words, p in _NEXT_YEARS)  # type: ignore[misc]


def fiscal_year_starting(month: int, published: date) -> int:
    """The fiscal year (named by its starting calendar year) that next starts in `month`."""
    return published.year if published.month < month else published.year + 1


def _count(raw: str, language: str) -> int | None:
    """A small count written in digits or in words of `language` (text2num, cn2an)."""
    if raw.isdigit():
        return int(raw)
    try:
        if language == "cjk":
            return int(cn2an.cn2an(raw, "smart"))
        return int(text2num(raw.lower(), language))
    except (ValueError, KeyError, TypeError):
        return None


def _reference_year(text: str, published: date | None) -> int | None:
    """The year "by 2027" and "over five years" count from: the publication date's, else the
    year the text names most."""
    if published is not None:
        return published.year
    years = Counter(m.group("y") for m in _PLAIN_YEAR.finditer(text))
    return int(years.most_common(1)[0][0]) if years else None


def _range_end(start: int, written: str | None) -> int | None:
    """The year a range "FY2022-27" or "FY2022-FY2027" ends in; None when it is no range."""
    if not written:
        return None
    end = int(written) if len(written) == 4 else start - start % 100 + int(written[-2:])
    return end if start < end <= start + 30 else None


def find_periods(
    text: str, published: date | None = None, *, language: str = "en", script: str = ""
) -> list[PeriodMention]:
    """Every fiscal year, year range, "next N years" and calendar year in `text`, normalized.

    Traditional Chinese text reads a bare "113年度" as a year of the Republic of China;
    Japanese text reads "21~23年度" as FY2021-FY2023.
    """
    found: list[PeriodMention] = []
    taken: list[tuple[int, int]] = []  # spans of `found`, sorted: each check is a bisection

    def add(match: re.Match[str], period: str, fiscal: bool, plain: bool = False) -> None:
        i = bisect_left(taken, (match.start(),))
        if i > 0 and taken[i - 1][1] > match.start():
            return  # overlaps the mention before it
        if i < len(taken) and taken[i][0] < match.end():
            return  # overlaps the one after
        insort(taken, (match.start(), match.end()))
        found.append(
            PeriodMention(match.group(0), match.start(), match.end(), period, fiscal, plain)
        )

    def span(a: int, b: int | None, fiscal: bool) -> str:
        prefix = "FY" if fiscal else ""
        if b is None or b == a:
            return f"{prefix}{a}"
        return f"{prefix}{a}-{prefix}{b}"

    for m in _FY_STARTING.finditer(text):
        if published is not None:
            add(m, f"FY{fiscal_year_starting(_MONTHS[m.group('m').lower()], published)}", True)
    for m in _ERA.finditer(text):
        if _A_DATE.match(text, m.end()):
            continue  # "平成21年5月29日に成立": the day something happened, not a budget's year
        base = _ERA_START[m.group("era")]
        first = base + (1 if m.group("n") == "元" else int(m.group("n")))
        last_base = _ERA_START[m.group("era2")] if m.group("era2") else base
        n2 = m.group("n2")
        last = last_base + (1 if n2 == "元" else int(n2)) if n2 else None
        add(m, span(first, last, m.group("unit") == "年度"), m.group("unit") == "年度")
    if language == "ja":
        for m in _ERA_INITIAL.finditer(text):
            base = _ERA_START[_ERA_OF_INITIAL[m.group("era")]]
            add(m, f"FY{base + (1 if m.group('n') == '元' else int(m.group('n')))}", True)
    reference = _reference_year(text, published)
    if script == "Hant":
        for m in _ROC_SHORT.finditer(text):
            last = 1911 + int(m.group("n2")) if m.group("n2") else None
            add(m, span(1911 + int(m.group("n")), last, True), True)
    for m in _BY_FY.finditer(text):
        end = int(m.group("y"))
        add(m, span(reference, end, True) if reference and reference < end else f"FY{end}", True)
    if language == "ja":
        century = _short_year_base(text, reference)
        short = _JA_SHORT_IN_ERA if century in _ERA_START.values() else _JA_SHORT
        for m in short.finditer(text):
            first = century + int(m.group("a"))
            if m.group("by") and reference and reference < first:
                add(m, span(reference, first, True), True)
            else:
                last = century + int(m.group("b")) if m.group("b") else None
                add(m, span(first, last, True), True)
    for m in _RANGE.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if a < b <= a + 30:
            add(m, span(a, b, m.group("fy") == "年度"), m.group("fy") == "年度")
    for pattern in _FY_PATTERNS:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            if groups.get("next") is not None:
                if (int(groups["y"]) + 1) % 100 != int(groups["next"]):
                    continue  # "2024-26" is not one fiscal year
            year = int(groups["y"]) if groups.get("y") else 2000 + int(groups["yy"])
            end = _range_end(year, groups.get("y2"))
            if end is not None and (groups.get("fy2") or end > year + 1):
                add(m, span(year, end, True), True)  # "FY2022-FY2027": six fiscal years
            else:
                add(m, f"FY{year}", True)  # "FY2024-25", "FY 2024-2025": the one year
    for m in _BUDGET_YEAR.finditer(text):
        add(m, f"FY{m.group('y') or m.group('y2')}", True)
    for m in _KO_SHORT.finditer(text):
        fiscal = m.group("fy") is not None
        add(m, f"{'FY' if fiscal else ''}{2000 + int(m.group('yy'))}", fiscal)
    for m in _UNTIL.finditer(text):
        end = int(m.group("y") or m.group("y2") or m.group("y3"))
        if reference is not None and reference < end <= reference + 30:
            add(m, f"{reference}-{end}", False)
    for words, pattern in _NEXT_YEARS:
        if reference is None:
            break
        for m in pattern.finditer(text):
            n = _count(m.group("n"), words)
            if n is not None and 1 < n <= 30:
                add(m, f"{reference}-{reference + n}", False)
    if published is not None:
        for m in _RELATIVE_YEAR.finditer(text):
            fiscal = bool(m.group("fy"))
            if not fiscal and not m.group("next"):
                continue  # "今年上半年": the year's own time, said of events, not budgets
            year = published.year
            if fiscal and language == "ja" and published.month < 4:
                year -= 1  # Japan's fiscal year starts in April: "今年度" in February
            year += 1 if m.group("next") else 0
            add(m, f"{'FY' if fiscal else ''}{year}", fiscal)
    for m in _PLAIN_YEAR.finditer(text):
        add(m, m.group("y"), False, plain=True)
    if language in _CALENDAR_BUDGET_LANGUAGES or (language == "zh" and script != "Hant"):
        # Budgets here run on the calendar year and are named by it ("2022年预算",
        # "Haushalt 2024"): the year itself, not a fiscal year.
        found = [
            replace(p, period=p.period.replace("FY", ""))
            if p.fiscal and not _SAYS_FISCAL.search(p.text)
            else p
            for p in found
        ]
    return sorted(found, key=lambda p: p.start)


_ERA_OF_INITIAL = {"R": "令和", "H": "平成", "S": "昭和"}
# The budget year of publication and the next, named without a number: "내년도 예산안",
# "来年度", "今年度", "明年". Counted from the publication date.
_RELATIVE_YEAR = re.compile(
    r"(?:(?P<next>내년|來年|来年|明年)|(?:금년|今年|本年))(?P<fy>\s*(?:도|度))?"
)
_ONE_DIGIT_YEAR = re.compile(r"(?<!\d)(?<!\d[.,])\d\s*年度")
# A year followed by its month: a date ("2021年5月", "平成21年5月29日"), not a period.
_A_DATE = re.compile(r"\s*\d{1,2}\s*(?:月|월)")
# Within a named era one digit is a year too: "2年度計1兆3360億円" (Reiwa 2).
_JA_SHORT_IN_ERA = re.compile(
    r"(?<!\d)(?<!\d[.,])(?P<a>\d{1,2})\s*(?:年度)?\s*(?:[~～〜\-–]\s*(?P<b>\d{1,2})\s*)?年度(?P<by>\s*まで)?"
)
# Languages whose governments' budget years are calendar years, named as such.
# (A fiscal year named as one stays one: "2024财年" is another country's, "FY2024".)
_SAYS_FISCAL = re.compile(r"财年|財年|会计年度|會計年度|FY|fiscal|Geschäftsjahr|exercice", re.I)
_CALENDAR_BUDGET_LANGUAGES = frozenset(
    {"de", "fr", "es", "it", "nl", "pt", "fi", "no", "da", "sv", "pl", "cs", "et", "ro", "hu"}
)
_ERA_NAMED = re.compile(r"(?P<era>令和|平成|昭和)")


def _short_year_base(text: str, reference: int | None) -> int:
    """What a Japanese two-digit year ("27年度") counts from: the era the text names ("平成27年版"
    makes it Heisei 27, FY2015), else the century that keeps it near the text's own time (a 1977
    white paper's "76年度" is 1976)."""
    era = _ERA_NAMED.search(text)
    if era:
        return _ERA_START[era.group("era")]
    if reference is not None and reference >= 2019 and _ONE_DIGIT_YEAR.search(text):
        return _ERA_START["令和"]  # "2年度", "3年度" in a 2021 report: Reiwa, named or not
    if reference is not None and reference < 1995:
        return 1900
    return 2000
