"""Periods and dates in an article: when it was published and which fiscal years it names.

Hand-written because fiscal-year wording ("the fiscal year starting in April", "2024 财年",
"2030 年度までに", "FY2025-26") is specific to budget writing; date libraries read calendar
dates, not these. Pure functions over text; `published` is passed in where it matters.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass
from datetime import date

from summarizer.prefilter import Prefiltered

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


_FY_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\bFY\s?(?P<y>\d{4})(?:\s?[-–/]\s?(?P<y2>\d{2,4}))?\b"),
    re.compile(r"\bFY\s?(?P<yy>\d{2})\b"),
    re.compile(r"\bfiscal\s+(?:year\s+)?(?:\(FY\)\s*)?(?P<y>\d{4})\b", re.IGNORECASE),
    re.compile(r"\b(?P<y>\d{4})\s+fiscal\s+year\b", re.IGNORECASE),
    re.compile(r"(?P<y>\d{4})\s*(?:财年|財年|会计年度|會計年度|회계연도|년도)"),
    re.compile(r"(?P<y>\d{4})\s*年度(?!まで)"),
)
_FY_STARTING = re.compile(
    rf"(?:the\s+|next\s+|coming\s+)?fiscal\s+year\s+(?:starting|beginning|that\s+(?:starts|begins))"
    rf"\s+(?:in\s+|on\s+)?(?P<m>{_MONTH_RE})",
    re.IGNORECASE,
)
_BY_FY = re.compile(r"(?P<y>\d{4})\s*年度\s*まで")
_RANGE = re.compile(
    r"(?:between\s+|from\s+)?(?<!\d)(?P<a>(?:19|20)\d\d)\s*(?:-|–|—|to|and|~|〜|至)\s*(?P<b>(?:19|20)\d\d)(?!\d)"
)
_NEXT_YEARS = re.compile(
    r"(?:in|over|during|within)\s+the\s+(?:next|coming)\s+(?P<n>\d{1,2}|two|three|four|five|six|"
    r"seven|eight|nine|ten|fifteen|twenty)\s+years",
    re.IGNORECASE,
)
_WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "fifteen": 15, "twenty": 20,
}  # fmt: skip


# Each skips a text that holds none of the words it needs (`prefilter`): read over whole texts.
_FY_PATTERNS = tuple(Prefiltered(p) for p in _FY_PATTERNS)  # type: ignore[misc]
_FY_STARTING, _BY_FY, _RANGE, _NEXT_YEARS = map(  # type: ignore[assignment]
    Prefiltered, (_FY_STARTING, _BY_FY, _RANGE, _NEXT_YEARS)
)


def fiscal_year_starting(month: int, published: date) -> int:
    """The fiscal year (named by its starting calendar year) that next starts in `month`."""
    return published.year if published.month < month else published.year + 1


def find_periods(text: str, published: date | None = None) -> list[PeriodMention]:
    """Every fiscal year, year range and "next N years" in `text`, normalized."""
    found: list[PeriodMention] = []
    taken: list[tuple[int, int]] = []  # spans of `found`, sorted: each check is a bisection

    def add(match: re.Match[str], period: str, fiscal: bool) -> None:
        i = bisect_left(taken, (match.start(),))
        if i > 0 and taken[i - 1][1] > match.start():
            return  # overlaps the mention before it
        if i < len(taken) and taken[i][0] < match.end():
            return  # overlaps the one after
        insort(taken, (match.start(), match.end()))
        found.append(PeriodMention(match.group(0), match.start(), match.end(), period, fiscal))

    for m in _FY_STARTING.finditer(text):
        if published is not None:
            add(m, f"FY{fiscal_year_starting(_MONTHS[m.group('m').lower()], published)}", True)
    for m in _BY_FY.finditer(text):
        start_year = published.year if published else None
        period = f"FY{start_year}-FY{m.group('y')}" if start_year else f"FY{m.group('y')}"
        add(m, period, True)
    for pattern in _FY_PATTERNS:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            year = int(groups["y"]) if groups.get("y") else 2000 + int(groups["yy"])
            add(m, f"FY{year}", True)
    for m in _RANGE.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if a < b <= a + 30:
            add(m, f"{a}-{b}", False)
    for m in _NEXT_YEARS.finditer(text):
        if published is not None:
            raw = m.group("n").lower()
            n = int(raw) if raw.isdigit() else _WORD_NUMBERS[raw]
            add(m, f"{published.year}-{published.year + n}", False)
    return sorted(found, key=lambda p: p.start)
