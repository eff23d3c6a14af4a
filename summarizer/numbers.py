"""Finding and normalizing the quantities in a text: money, percentages and multipliers.

`find_quantities(text)` returns every such figure with its exact character span and its value
in base units; `parse_money(s)` reads one money expression.

Why a hand-written grammar: the libraries available here (price parsers, unit parsers,
number-word converters) each cover a slice and several return confidently wrong values on
the figures this tool meets ("half a billion euros" → 1.5e9, "₹76,000 crore" → 76,000,
"¥1.23tn" → 1.23, "bn" read as barn·newton, "新台币1500亿元" as CNY). The grammar below is the
project's own; libraries do the pieces they do well: `babel` (via `currencies`) for what
symbols mean, `text_to_num` for spelled-out English numbers inside a span the grammar has
already cut out, `cn2an` for Chinese numerals.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import cn2an
from text_to_num import text2num

from summarizer.currencies import (
    CJK_SUFFIXES,
    PREFIX_CODES,
    SUFFIX_WORDS,
    CurrencyContext,
    iso_codes,
)

PERCENT = "percent"
POINTS = "pp"
MULTIPLE = "x"


@dataclass(frozen=True)
class Quantity:
    """One figure found in a text. `text == source[start:end]` always holds."""

    text: str
    start: int
    end: int
    value: Decimal
    unit: str  # an ISO 4217 code for money; "percent"; "pp"; "x"
    approximate: bool = False
    ambiguous: bool = False  # the currency symbol could mean several currencies
    implied: bool = False  # currency carried over from an earlier mention
    low: Decimal | None = None  # lower bound of a range ("$160–200 billion")

    @property
    def is_money(self) -> bool:
        """True for an amount of money."""
        return self.unit not in (PERCENT, POINTS, MULTIPLE)


# --- character-level normalization -----------------------------------------------------------
# Full-width ASCII (U+FF01–FF5E) and the ideographic space map one-to-one onto ASCII, so the
# translated text keeps every offset of the original: spans found in it are spans of the source.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
_WIDTH[ord("，")] = ord(",")  # U+FF0C is in the range; kept explicit for the reader


def _narrow(text: str) -> str:
    return text.translate(_WIDTH)


# --- scale words ---------------------------------------------------------------------------------
_SCALE_WORDS: dict[str, int] = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "billions": 10**9,
    "bn": 10**9,
    "bln": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
    "trn": 10**12,
    "lakh": 10**5,
    "lakhs": 10**5,
    "lac": 10**5,
    "crore": 10**7,
    "crores": 10**7,
    "cr": 10**7,
}
_CJK_UNITS: dict[str, int] = {
    "万亿": 10**12,
    "萬億": 10**12,
    "萬亿": 10**12,
    "千亿": 10**11,
    "千億": 10**11,
    "百亿": 10**10,
    "百億": 10**10,
    "亿": 10**8,
    "億": 10**8,
    "兆": 10**12,
    "万": 10**4,
    "萬": 10**4,
    "千": 10**3,
    "조": 10**12,
    "천억": 10**11,
    "억": 10**8,
    "만": 10**4,
}


def _alt(words: object) -> str:
    """A regex alternation of the given words, longest first so that prefixes lose."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_SCALE = (
    r"(?i:lakh\s+crores?|lakhs?|lac|crores?|thousand|millions?|mln|mn|billions?|bln|bn|trillion|trn|tn"
    r"|(?<=\d)(?:m|b|k|cr))(?![A-Za-z])"
)
_HEDGE_EN = (
    r"(?i:about|around|approximately|approx\.|roughly|nearly|almost|some|up\s+to|more\s+than|"
    r"over|at\s+least|as\s+much\s+as|as\s+many\s+as|close\s+to|an\s+estimated|estimated|"
    r"upwards\s+of|in\s+excess\s+of|just\s+over|just\s+under|under|less\s+than|exceed(?:s|ing)?|"
    r"to\s+exceed|surpass(?:es|ing)?|top(?:s|ping)?)"
)
_HEDGE_CJK_BEFORE = (
    r"(?:约合|約合|大约|大約|约|約|将近|將近|接近|近|超过|超過|逾|至少|多达|高达|최대|약)"
)
_HEDGE_CJK_AFTER = r"(?:程度|以上|を超える|超|余|餘|多|左右|前后|前後|이상|여|가량|정도|규모)"
_PREFIX = (
    r"(?:(?<![A-Za-z])(?:"
    + _alt(k for k in PREFIX_CODES if k[0].isascii() and k[0].isalpha())
    + r")"
    r"|" + _alt(k for k in PREFIX_CODES if not (k[0].isascii() and k[0].isalpha())) + r")"
)
_CODES = r"(?:[A-Z]{3})"
_SUFFIX = r"(?:" + _alt(SUFFIX_WORDS) + r")(?![A-Za-z])"
_NUMBER_WORDS = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred)"
)
_WORDS = (
    r"(?:half\s+a|a\s+half|a|an|" + _NUMBER_WORDS + r"(?:[\s-]+(?:and\s+)?" + _NUMBER_WORDS + r")*)"
)
_CJK_NUM = r"(?:\d[\d,]*(?:\.\d+)?|[〇零一二两兩三四五六七八九十百千]+)"
_CJK_UNIT = r"(?:" + _alt(_CJK_UNITS) + r")"
_CJK_CUR = r"(?:" + _alt(CJK_SUFFIXES) + r")"
_CJK_PREFIX = (
    r"(?:人民币|人民幣|新台币|新臺幣|新台幣|台币|臺幣|台幣|港币|港幣"
    r"|US\$|NT\$|HK\$|S\$|\$|¥|₩|￦|€|£)"
)

_FLAGS = re.IGNORECASE

# "$8.5 billion", "US$10.1bn", "₹76,000 crore", "USD 5 million", "$160–200 billion"
_MONEY_PREFIX = re.compile(
    rf"(?:(?P<hedge>{_HEDGE_EN})\s+)?"
    rf"(?P<cur>{_PREFIX}|(?<![A-Za-z]){_CODES}(?=\s?\d))\s?"
    rf"(?<![\d.,])(?P<num>{_NUM})(?:\s?(?:-|–|—|to)\s?(?:{_PREFIX})?(?P<num2>{_NUM}))?"
    rf"(?:\s?(?P<scale>{_SCALE}))?(?P<plus>\+)?"
    rf"(?:\s+(?P<tail>(?:U\.S\.|US)\s+dollars))?",
    0,
)
# "1.23 trillion yen", "117.2 billion U.S. dollars", "10 billion EUR", "2-3 billion euros"
_MONEY_SUFFIX = re.compile(
    rf"(?:(?P<hedge>{_HEDGE_EN})\s+)?"
    rf"(?<![\d.,$€£¥₩₹])(?P<num>{_NUM})(?:\s?(?:-|–|—|to)\s?(?P<num2>{_NUM}))?"
    rf"(?:\s?(?P<scale>{_SCALE}))?\s?"
    rf"(?P<cur>(?i:{_SUFFIX})|{_CODES}(?![A-Za-z]))(?P<plus>\+)?",
    0,
)
# "three billion dollars", "half a billion euros"
_MONEY_WORDS = re.compile(
    rf"(?:(?P<hedge>{_HEDGE_EN})\s+)?(?<![A-Za-z])(?P<words>{_WORDS})\s+"
    rf"(?P<scale>thousand|million|billion|trillion|crore|lakh)\s+(?P<cur>{_SUFFIX})",
    _FLAGS,
)
# "1.23 万亿日元", "约合 101 亿美元", "1兆2300億円", "6兆\n円程度", "新台币1500亿元", "₩26조"
_MONEY_CJK = re.compile(
    rf"(?:(?P<hedge>{_HEDGE_CJK_BEFORE})\s*)?"
    rf"(?P<pcur>{_CJK_PREFIX})?\s*"
    rf"(?<![\d.,])(?P<body>(?:{_CJK_NUM}\s*{_CJK_UNIT}\s*)+(?:{_CJK_NUM}(?=\s*{_CJK_CUR}))?"
    rf"|{_CJK_NUM}(?=\s*{_CJK_CUR}))"
    rf"(?:\s*(?P<cur>{_CJK_CUR}))?"
    rf"(?P<after>\s*{_HEDGE_CJK_AFTER})?",
    0,
)
_PERCENT_RE = re.compile(
    rf"(?:(?P<hedge>{_HEDGE_EN}|{_HEDGE_CJK_BEFORE})\s*)?"
    rf"(?<![\d.,])(?P<num>{_NUM})\s?"
    r"(?P<unit>percentage\s+points?|个百分点|個百分點|%p|pp(?![A-Za-z])|ppts?(?![A-Za-z])|%|per\s?cent"
    r"|pct(?![A-Za-z]))",
    _FLAGS,
)
_PERCENT_CN = re.compile(r"百分之(?P<num>[\d.]+|[〇零一二两兩三四五六七八九十百点點]+)")
_MULTIPLE_WORDS = {
    "double": 2, "doubled": 2, "doubles": 2, "doubling": 2, "twice": 2,
    "triple": 3, "tripled": 3, "triples": 3, "tripling": 3, "treble": 3, "trebled": 3,
    "quadruple": 4, "quadrupled": 4, "quadruples": 4, "quadrupling": 4,
    "quintuple": 5, "quintupled": 5,
}  # fmt: skip
_MULTIPLE_RE = re.compile(
    rf"(?:(?P<hedge>{_HEDGE_EN})\s+)?(?<![A-Za-z])(?:"
    rf"(?P<word>{_alt(_MULTIPLE_WORDS)})"
    rf"|(?P<fold>{_NUMBER_WORDS}|\d+(?:\.\d+)?)[\s-]?fold"
    rf"|(?P<times>{_NUMBER_WORDS}|\d+(?:\.\d+)?)\s+times(?=\s+(?:more|larger|bigger|higher|greater|"
    r"as|the|that|what|over)\b))(?![A-Za-z])",
    _FLAGS,
)
_MULTIPLE_CJK = re.compile(
    rf"(?:(?P<hedge>{_HEDGE_CJK_BEFORE})\s*)?"
    r"(?:(?P<num>[\d.]+|[一二两兩三四五六七八九十]+)\s*倍|(?P<fan>翻(?:一)?番)|(?P<ko>\d+|두|세|네|다섯)\s*배)"
)
_KO_NUMBERS = {"두": 2, "세": 3, "네": 4, "다섯": 5}
# A bare "2.5 billion" after an amount with a currency: the currency is given once.
_BARE_SCALED = re.compile(
    rf"(?:(?P<hedge>{_HEDGE_EN})\s+)?(?<![\d.,$€£¥₩₹A-Za-z])(?P<num>{_NUM})\s?"
    rf"(?P<scale>million|billion|trillion|bn|mn|tn|crore|lakh crore)(?![A-Za-z])"
    r"(?!\s+(?:people|jobs|users|units|tonnes|tons|barrels|doses|households|residents|workers|"
    r"shares|chips|wafers|vehicles|cars|devices|subscribers|visitors|passengers|years)\b)"
    # a scaled figure followed by a noun counts things ("7.7 crore farmers"), not money
    r"(?!\s+(?!(?:for|to|in|of|on|and|or|from|over|will|would|is|was|were|are|this|next|each|"
    r"per|a|an|the|into|under|with|by|via|through|as|at|in)\b)[a-z]{3,})",
    _FLAGS,
)
_YEAR_CONTEXT = re.compile(r"(?:FY|fiscal(?:\s+year)?|\(FY\)|in|year)\s*$", re.IGNORECASE)


def tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent form: 1230000000000.00 → 1230000000000."""
    integral = value.to_integral_value()
    return integral if value == integral else value.normalize()


def _decimal(num: str) -> Decimal:
    """Read a digit string, telling thousands separators from decimal points."""
    cleaned = num.replace(",", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # the grammar only hands over digit strings
        raise ValueError(f"not a number: {num!r}") from exc


def _european_thousands(num: str) -> bool:
    # "8.700" in a text from a comma-decimal country means 8,700. Only read that way when the
    # figure has no scale word: "€1.650 billion" is still 1.65 billion.
    return re.fullmatch(r"\d{1,3}(?:\.\d{3})+", num) is not None


def _scale(word: str | None) -> int:
    if not word:
        return 1
    key = re.sub(r"\s+", " ", word.lower())
    if key.startswith("lakh crore"):
        return 10**12
    return _SCALE_WORDS[key]


def _words_value(words: str) -> Decimal:
    lowered = re.sub(r"\s+", " ", words.lower().strip())
    if lowered in {"a", "an"}:
        return Decimal(1)
    if lowered in {"half a", "a half"}:
        return Decimal("0.5")
    # text_to_num reads "twenty five" but not "twenty-five"; hyphens are a spelling variant.
    return Decimal(text2num(lowered.replace("-", " ").replace(" and ", " "), "en"))


def _cjk_number(num: str) -> Decimal:
    if num[0].isdigit() or num[0] == ".":
        return _decimal(num)
    return Decimal(str(cn2an.cn2an(num, "smart")))


def _cjk_value(body: str) -> Decimal:
    """Sum "1兆2300億" as 1×10¹² + 2300×10⁸; a trailing bare number counts as units."""
    total = Decimal(0)
    pattern = re.compile(rf"({_CJK_NUM})\s*({_CJK_UNIT})?")
    for match in pattern.finditer(body):
        total += _cjk_number(match.group(1)) * (_CJK_UNITS[match.group(2)] if match.group(2) else 1)
    return total


@dataclass
class _Candidate:
    start: int
    end: int
    value: Decimal
    unit: str
    approximate: bool
    ambiguous: bool = False
    implied: bool = False
    low: Decimal | None = None
    priority: int = 0


def _money_from(
    match: re.Match[str], value: Decimal, marker: str, context: CurrencyContext, **extra: object
) -> _Candidate:
    code, ambiguous = context.resolve(marker)
    if code not in iso_codes():
        raise ValueError(f"unknown currency {marker!r}")
    return _Candidate(match.start(), match.end(), value, code, False, ambiguous, **extra)  # type: ignore[arg-type]


def _english_money(text: str, context: CurrencyContext) -> list[_Candidate]:
    found: list[_Candidate] = []
    for pattern in (_MONEY_PREFIX, _MONEY_SUFFIX):
        for m in pattern.finditer(text):
            num, num2, scale = m.group("num"), m.group("num2"), m.group("scale")
            marker = m.group("cur")
            if pattern is _MONEY_PREFIX and m.group("tail"):
                marker = "US$"  # "$117.2 billion U.S. dollars"
            if pattern is _MONEY_SUFFIX:
                marker = re.sub(r"\s+", " ", marker)
                is_code = marker.isupper() and len(marker) == 3 and marker.isalpha()
                if is_code and marker not in iso_codes():
                    continue
                before = text[max(0, m.start() - 20) : m.start()]
                if not scale and re.fullmatch(r"(19|20)\d\d", num) and _YEAR_CONTEXT.search(before):
                    continue  # "FY 2020 dollars" is a year, not an amount
            elif marker.isalpha() and marker.isupper() and len(marker) == 3:
                if marker not in iso_codes():
                    continue
            multiplier = _scale(scale)
            if not scale and _european_thousands(num):
                value = Decimal(num.replace(".", ""))
            else:
                value = _decimal(num) * multiplier
            low = None
            if num2:
                low, value = value, _decimal(num2) * multiplier
            try:
                cand = _money_from(m, value, marker, context, low=low, priority=2)
            except ValueError:
                continue
            cand.approximate = bool(m.group("hedge") or m.group("plus") or num2)
            found.append(cand)
    for m in _MONEY_WORDS.finditer(text):
        try:
            value = _words_value(m.group("words")) * _scale(m.group("scale"))
            cand = _money_from(m, value, m.group("cur"), context, priority=1)
        except ValueError:
            continue
        cand.approximate = bool(m.group("hedge"))
        found.append(cand)
    return found


def _cjk_money(text: str, context: CurrencyContext) -> list[_Candidate]:
    found: list[_Candidate] = []
    for m in _MONEY_CJK.finditer(text):
        prefix, suffix = m.group("pcur"), m.group("cur")
        if not prefix and not suffix:
            continue
        marker = suffix or prefix
        if prefix and prefix in PREFIX_CODES and suffix in {None, "元", "圓"}:
            marker = prefix  # "新台币1500亿元" is TWD: the prefix names the currency
        code = CJK_SUFFIXES.get(marker) if marker in CJK_SUFFIXES else None
        if marker == "元" and "TW" in context.territories[:1]:
            code = "TWD"
        try:
            value = _cjk_value(m.group("body"))
        except ValueError:
            continue
        if code is None:
            code, ambiguous = context.resolve(marker)
        else:
            ambiguous = False
        start = m.start() if (prefix or m.group("hedge")) else m.start("body")
        found.append(
            _Candidate(
                start,
                m.end(),
                value,
                code,
                bool(m.group("hedge") or m.group("after")),
                ambiguous,
                priority=3,
            )
        )
    return found


def _ratios(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for m in _PERCENT_RE.finditer(text):
        unit_text = m.group("unit").lower()
        unit = (
            POINTS
            if (
                "point" in unit_text
                or "百分" in unit_text
                or unit_text in {"pp", "ppt", "ppts", "%p"}
            )
            else PERCENT
        )
        found.append(
            _Candidate(m.start(), m.end(), _decimal(m.group("num")), unit, bool(m.group("hedge")))
        )
    for m in _PERCENT_CN.finditer(text):
        try:  # cn2an reads "三点五" itself; "百分之百" or a stray "." is not a numeral it takes
            value = _cjk_number(m.group("num"))
        except ValueError:
            continue
        found.append(_Candidate(m.start(), m.end(), value, PERCENT, False))
    for m in _MULTIPLE_RE.finditer(text):
        raw = m.group("word") or m.group("fold") or m.group("times")
        if m.group("word"):
            value = Decimal(_MULTIPLE_WORDS[raw.lower()])
        elif raw[0].isdigit():
            value = _decimal(raw)
        else:
            value = Decimal(text2num(raw.lower(), "en"))
        found.append(_Candidate(m.start(), m.end(), value, MULTIPLE, bool(m.group("hedge"))))
    for m in _MULTIPLE_CJK.finditer(text):
        if m.group("fan"):
            value = Decimal(2)
        elif m.group("ko"):
            ko = m.group("ko")
            value = Decimal(ko) if ko.isdigit() else Decimal(_KO_NUMBERS[ko])
        else:
            try:  # "1.2.3倍" or "十十倍" are not numbers
                value = _cjk_number(m.group("num"))
            except ValueError:
                continue
        found.append(_Candidate(m.start(), m.end(), value, MULTIPLE, bool(m.group("hedge"))))
    return found


def _implied_money(text: str, taken: list[_Candidate]) -> list[_Candidate]:
    """Bare scaled figures ("another 2.5 billion") that take the currency of the last amount."""
    found: list[_Candidate] = []
    # `taken` is in text order without overlaps, so ends rise with starts: binary searches
    # replace scans of every figure (long articles have thousands).
    starts = [c.start for c in taken]
    ends = [c.end for c in taken]
    money = [c for c in taken if c.unit not in (PERCENT, POINTS, MULTIPLE)]
    money_ends = [c.end for c in money]
    for m in _BARE_SCALED.finditer(text):
        before = bisect_left(starts, m.end())  # the figures starting before this one ends
        if before and ends[before - 1] > m.start():
            continue
        i = bisect_right(money_ends, m.start())  # the amounts ending before this one starts
        if not i or m.start() - money[i - 1].end >= 400:
            continue
        last = money[i - 1]
        value = _decimal(m.group("num")) * _scale(m.group("scale"))
        found.append(
            _Candidate(
                m.start(),
                m.end(),
                value,
                last.unit,
                bool(m.group("hedge")),
                last.ambiguous,
                implied=True,
            )
        )
    return found


def _without_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep the longest reading where two readings overlap (ties: the more specific grammar)."""
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    kept: list[_Candidate] = []
    spans: list[tuple[int, int]] = []  # of `kept`, sorted; disjoint, so ends rise with starts
    for cand in ordered:
        before = bisect_left(spans, (cand.end,))  # the kept spans starting before `cand` ends
        if before and spans[before - 1][1] > cand.start:
            continue  # the latest of them reaches into `cand`
        insort(spans, (cand.start, cand.end))
        kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


def find_quantities(text: str, *, context: CurrencyContext | None = None) -> list[Quantity]:
    """Return every money amount, percentage and multiplier in `text`, in order.

    Args:
        text: Any text; full-width digits and CJK units are understood.
        context: Which countries the article is about, to read "$" or "¥"; computed from
            `text` when not given.
    """
    if not text:
        return []
    narrow = _narrow(text)
    context = context or CurrencyContext.of(narrow)
    candidates = _english_money(narrow, context) + _cjk_money(narrow, context) + _ratios(narrow)
    kept = _without_overlaps(candidates)
    kept = _without_overlaps(kept + _implied_money(narrow, kept))
    quantities = []
    for c in kept:
        start, end = c.start, c.end
        while end > start and text[end - 1].isspace():
            end -= 1
        quantities.append(
            Quantity(
                text=text[start:end],
                start=start,
                end=end,
                value=tidy(c.value),
                unit=c.unit,
                approximate=c.approximate,
                ambiguous=c.ambiguous,
                implied=c.implied,
                low=tidy(c.low) if c.low is not None else None,
            )
        )
    return quantities


def parse_money(expression: str, *, context: CurrencyContext | None = None) -> Quantity:
    """Parse one money expression ("about 1.23 trillion yen", "₹76,000 crore", "1兆2300億円").

    Raises:
        ValueError: when the expression holds no amount of money.
    """
    money = [q for q in find_quantities(expression, context=context) if q.is_money]
    if not money:
        raise ValueError(f"no amount of money in {expression!r}")
    return max(money, key=lambda q: q.end - q.start)
