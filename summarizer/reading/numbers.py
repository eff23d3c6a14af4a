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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate
from operator import and_

import cn2an
from text_to_num import text2num

from summarizer.reading import cldr
from summarizer.reading.currencies import (
    CJK_SUFFIXES,
    PREFIX_CODES,
    CurrencyContext,
    currency_markers,
    iso_codes,
    symbol_candidates,
)
from summarizer.reading.grammar import (
    CJK_NUM,
    CJK_UNITS,
    HEDGE_BEFORE,
    HEDGE_CJK_BEFORE,
    INNER_HEDGE,
    NUMBER_WORDS,
    Grammar,
    grammar,
)
from summarizer.reading.number_words import word_number
from summarizer.reading.prefilter import Prefiltered

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
    # For an ambiguous symbol: every currency it can denote (the reading in `unit` among them).
    alternatives: frozenset[str] = frozenset()

    @property
    def is_money(self) -> bool:
        """True for an amount of money."""
        return self.unit not in (PERCENT, POINTS, MULTIPLE)


# --- character-level normalization -----------------------------------------------------------
def _ascii_table() -> dict[int, int]:
    """Characters read as ASCII, one for one, so the translated text keeps every offset of the
    original (spans found in it are spans of the source): full-width ASCII (U+FF01–FF5E) and
    the ideographic space; the decimal digits of the other scripts read (Arabic-Indic and its
    Persian form, Devanagari, Thai) and Arabic's decimal and grouping marks ("٢٫٥ مليار")."""
    table = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
    table[0x3000] = 0x20
    for zero in (0x0660, 0x06F0, 0x0966, 0x0E50):
        table.update({zero + i: ord("0") + i for i in range(10)})
    table[0x066B] = ord(".")
    table[0x066C] = ord(",")
    return table


_TO_ASCII = _ascii_table()


def _narrow(text: str) -> str:
    return text.translate(_TO_ASCII)


def _alt(words: object) -> str:
    """A regex alternation of the given words, longest first so that prefixes lose."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


_PERCENT_CN = re.compile(r"百分之(?P<num>[\d.]+|[〇零一二两兩三四五六七八九十百点點]+)")
_MULTIPLE_WORDS = {
    "double": 2, "doubled": 2, "doubles": 2, "doubling": 2, "twice": 2,
    "triple": 3, "tripled": 3, "triples": 3, "tripling": 3, "treble": 3, "trebled": 3,
    "quadruple": 4, "quadrupled": 4, "quadruples": 4, "quadrupling": 4,
    "quintuple": 5, "quintupled": 5,
    # the same verbs in the other languages read
    "verdoppelt": 2, "verdoppeln": 2, "verdoppelte": 2, "verdreifacht": 3, "vervierfacht": 4,
    "doublé": 2, "doubler": 2, "triplé": 3, "tripler": 3, "quadruplé": 4,
    "duplicar": 2, "duplica": 2, "duplicó": 2, "duplicado": 2, "triplicar": 3, "triplica": 3,
    "triplicó": 3, "triplicado": 3, "cuadruplicar": 4,
    "raddoppiato": 2, "raddoppia": 2, "raddoppiare": 2, "triplicato": 3,
    "duplicou": 2, "dobrou": 2, "triplicou": 3,
    "verdubbeld": 2, "verdubbelt": 2, "verdrievoudigd": 3,
}  # fmt: skip
_MULTIPLE_RE = re.compile(
    r"(?<![A-Za-z])(?:"
    rf"(?P<word>{_alt(_MULTIPLE_WORDS)})"
    rf"|(?P<fold>{NUMBER_WORDS}|(?<![\d.,])\d+(?:\.\d+)?)[\s-]?fold"
    rf"|(?P<times>{NUMBER_WORDS}|(?<![\d.,])\d+(?:\.\d+)?)\s+times(?=\s+(?:more|larger|bigger|higher|greater|"
    r"as|the|that|what|over)\b)"
    # "das 2-fache", "3 fois plus", "dos veces más", "tre volte più", "3 vezes mais"
    r"|(?<![\d.,])(?P<fach>\d+(?:[.,]\d+)?)(?:-?fache[nsm]?|\s+(?:fois|veces|volte|vezes|keer)"
    r"(?=\s+(?:plus|más|mais|più|meer|so)\b)))(?![A-Za-z])",
    re.IGNORECASE,
)
# Each number starts where no digit or numeral stands before it: inside a run of digits every
# position would otherwise start a match that scans to the run's end (quadratic on "1111…").
_MULTIPLE_CJK = re.compile(
    r"(?:(?<![\d.〇零一二两兩三四五六七八九十百千])(?P<num>[\d.]+|[一二两兩三四五六七八九十]+)\s*倍"
    r"|(?P<fan>翻(?:一)?番)|(?<![\d.])(?P<ko>\d+|두|세|네|다섯)\s*배)"
)
# Whole-text scans: each skips an ASCII text that holds none of the words it needs (`prefilter`).
_PERCENT_CN, _MULTIPLE_RE, _MULTIPLE_CJK = (
    Prefiltered(_PERCENT_CN),
    Prefiltered(_MULTIPLE_RE),
    Prefiltered(_MULTIPLE_CJK),
)
_KO_NUMBERS = {"두": 2, "세": 3, "네": 4, "다섯": 5}
_YEAR_CONTEXT = re.compile(r"(?:FY|fiscal(?:\s+year)?|\(FY\)|in|year)\s*$", re.IGNORECASE)


def is_power_of_ten(value: Decimal | float) -> bool:
    """1, 10, 100, … (a scale, or the ratio of a figure to its digits)."""
    return value >= 1 and value == int(value) and str(int(value)).rstrip("0") == "1"


def significant_digits(value: Decimal) -> int:
    """How many significant digits a figure has: 1,230,000,000,000 has 3, 500,000,000 one."""
    digits = tidy(abs(value)).as_tuple().digits
    return len("".join(map(str, digits)).strip("0")) or 1


def tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent form: 1230000000000.00 → 1230000000000."""
    integral = value.to_integral_value()
    return integral if value == integral else value.normalize()


def _decimal(num: str) -> Decimal:
    """Read a digit string written with a decimal point (CJK figures, multiples)."""
    return grammar().decimal(num)


_SPACE_GROUPS_BEFORE = re.compile(r"(?<![\d.,])(\d{1,3}(?: \d{3})*) $")


def _european_thousands(num: str) -> bool:
    # "8.700" in an article that otherwise writes decimal points still means 8,700 when it has
    # no scale word (a writer from a comma-decimal country); "€1.650 billion" is 1.65 billion.
    return _DOTTED_THOUSANDS.fullmatch(num) is not None


_DOTTED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def _cjk_number(num: str) -> Decimal:
    """A CJK or mixed numeral's value; ValueError when it is none ("十十", "1.2.3")."""
    if (num[0].isdigit() or num[0] == ".") and not any(ch in "千百十" for ch in num):
        return _decimal(num)
    try:
        return Decimal(str(cn2an.cn2an(num, "smart")))
    except (KeyError, IndexError) as exc:  # cn2an's own lookups fail on some: "0十0"
        raise ValueError(f"not a numeral: {num!r}") from exc


_CJK_PART = re.compile(rf"({CJK_NUM})\s*({_alt(CJK_UNITS)})?")


def _cjk_value(body: str) -> Decimal:
    """Sum "1兆2300億" as 1×10¹² + 2300×10⁸; a trailing bare number counts as units."""
    total = Decimal(0)
    for match in _CJK_PART.finditer(body):
        unit = match.group(2)
        total += _cjk_number(match.group(1)) * (CJK_UNITS[" ".join(unit.split())] if unit else 1)
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
    alternatives: frozenset[str] = frozenset()


def _money_from(
    match: re.Match[str], value: Decimal, marker: str, context: CurrencyContext, **extra: object
) -> _Candidate:
    code, ambiguous = context.resolve(marker)
    if code not in iso_codes():
        raise ValueError(f"unknown currency {marker!r}")
    alternatives = _alternatives(marker, code) if ambiguous else frozenset()
    return _Candidate(
        match.start(),
        match.end(),
        value,
        code,
        False,
        ambiguous,
        alternatives=alternatives,
        **extra,
    )  # type: ignore[arg-type]


@lru_cache(maxsize=1024)
def _alternatives(marker: str, code: str) -> frozenset[str]:
    """The currencies an open symbol can denote, its reading among them: one shared set per
    marker, not one per figure (a table of thousands of "$" figures)."""
    return symbol_candidates(marker) | {code}


def _english_money(text: str, context: CurrencyContext, g: Grammar) -> list[_Candidate]:
    found: list[_Candidate] = []
    for pattern in (g.money_prefix, g.money_suffix):
        for m in pattern.finditer(text):
            num, num2, scale = m.group("num"), m.group("num2"), m.group("scale")
            marker = " ".join(m.group("cur").split())
            if pattern is g.money_prefix and m.group("tail"):
                marker = "US$"  # "$117.2 billion U.S. dollars"
            is_code = marker.isupper() and len(marker) == 3 and marker.isalpha()
            if is_code and marker not in iso_codes():
                continue
            if pattern is g.money_suffix:
                before = text[max(0, m.start() - 20) : m.start()]
                if not scale and re.fullmatch(r"(19|20)\d\d", num) and _YEAR_CONTEXT.search(before):
                    continue  # "FY 2020 dollars" is a year, not an amount
            multiplier = g.scale(scale)
            start = m.start()
            if pattern is g.money_suffix and not num2 and num == "000":
                head = _SPACE_GROUPS_BEFORE.search(text, max(0, start - 16), start)
                if head is not None:
                    # "650 000 €" in an article that writes decimal points: the zeros are the
                    # last group of a number grouped by spaces, not an amount of 0
                    num, start = head.group(1).replace(" ", "") + num, head.start(1)
            if not scale and not g.decimal_comma and _european_thousands(num):
                value = Decimal(num.replace(".", ""))
            else:
                value = g.decimal(num) * multiplier
            low = None
            if num2:
                low, value = value, g.decimal(num2) * multiplier
            try:
                cand = _money_from(m, value, marker, context, low=low, priority=2)
            except ValueError:
                continue
            cand.start = start
            cand.approximate = bool(m.group("plus") or num2)
            found.append(cand)
    found += _word_money(text, context, g)
    return found


# The indefinite article and "half" before a scale word, in the languages read.
ONE_WORDS = frozenset(
    {"a", "an", "one", "ein", "eine", "einer", "un", "une", "uno", "una", "um", "uma", "een"}
)
_HALF = {"half", "halbe", "demi", "medio", "mezzo", "meio", "halve"}


def _word_value(words: list[str], language: str) -> Decimal | None:
    return _phrase_value(" ".join(words).casefold(), language)


@lru_cache(maxsize=4096)
def _phrase_value(phrase: str, language: str) -> Decimal | None:
    """A phrase's value, once per phrase: converters that fail raise, and raising is slow."""
    if phrase in ONE_WORDS:
        return Decimal(1)
    if phrase in _HALF or phrase in {"half a", "a half", "une demi", "eine halbe"}:
        return Decimal("0.5")
    # The article's language first; a short text's language is a guess, so then the others.
    for lang in dict.fromkeys((language, "en", "de", "fr", "es", "pt", "it", "nl")):
        try:
            return Decimal(text2num(phrase.replace("-", " "), lang))
        except (ValueError, KeyError, IndexError, AssertionError, NotImplementedError):
            continue
    return word_number(phrase, language)  # Finnish, Norwegian, Polish…: num2words' tables


_WORDS_BEFORE = re.compile(r"(?:(?<![^\W\d_])[^\W\d_]+[ \t-]+){1,4}$")
_LETTER = re.compile(r"[^\W\d_]")


def _words_before(text: str, end: int) -> re.Match[str] | None:
    """`_WORDS_BEFORE` in the 60 characters before `end`, tried only where a letter and a gap
    stand right before it: a table's thousands of "$1,049 million" are not searched through."""
    start = max(0, end - 60)
    if text[end - 1 : end] == "\n":  # `$` also matches before a last line break: the regex
        return _WORDS_BEFORE.search(text, start, end)
    gap = end
    while gap > start and text[gap - 1] in " \t-":
        gap -= 1
    if gap == end or gap == start or not _LETTER.match(text, gap - 1):
        return None
    return _WORDS_BEFORE.search(text, start, end)


_DIGIT_BEFORE = re.compile(r"[\d.,][ \t\u00a0]*$")


def _word_money(text: str, context: CurrencyContext, g: Grammar) -> list[_Candidate]:
    """Amounts written in words before a scale word: "drei Milliarden Euro", "fem millioner
    kroner"; and a singular scale word alone, "vähintään miljardi euroa" (a billion euros)."""
    found: list[_Candidate] = []
    singular = cldr.singular_scale_words(g.language)
    for m in g.word_money.finditer(text):
        lead = _words_before(text, m.start())
        cand = _word_lead(m, lead, context, g) if lead is not None else None
        scale = " ".join(m.group("scale").split()).casefold()
        # alone, a singular scale word is one of it ("miljardi euroa"); a scale of two words
        # whose first is a number is that number of the second ("mais de mil milhões de euros")
        alone = scale in singular or (
            " " in scale and _phrase_value(scale.split(" ")[0], g.language) is not None
        )
        if cand is None and alone:
            if not _DIGIT_BEFORE.search(text, max(0, m.start() - 4), m.start()):
                cand = _money_or_none(m, Decimal(g.scale(m.group("scale"))), context)
        if cand is not None:
            found.append(cand)
    return found


def _word_lead(
    m: re.Match[str], lead: re.Match[str], context: CurrencyContext, g: Grammar
) -> _Candidate | None:
    """The amount the words before a scale word give, trying the longest tail that reads as a
    number ("um die drei Milliarden Euro" → "drei Milliarden Euro")."""
    tail = _number_tail(lead, g.language)
    if tail is None:
        return None
    start, value, _ = tail
    cand = _money_or_none(m, value * g.scale(m.group("scale")), context)
    if cand is not None:
        cand.start = start
    return cand


def _number_tail(lead: re.Match[str], language: str) -> tuple[int, Decimal, str] | None:
    """The longest tail of the words before a scale word that reads as a number: where it
    starts, its value and its words ("um die drei" → "drei")."""
    words = list(re.finditer(r"[^\W\d_]+", lead.group()))
    for first in range(len(words)):
        phrase = [w.group() for w in words[first:]]
        value = _word_value(phrase, language)
        if value is not None:
            return lead.start() + words[first].start(), value, " ".join(phrase)
    return None


def _money_or_none(m: re.Match[str], value: Decimal, context: CurrencyContext) -> _Candidate | None:
    try:
        return _money_from(m, value, " ".join(m.group("cur").split()), context, priority=1)
    except ValueError:
        return None


def _cjk_money(text: str, context: CurrencyContext, g: Grammar) -> list[_Candidate]:
    found: list[_Candidate] = []
    for m in g.money_cjk.finditer(text):
        prefix, suffix = m.group("pcur"), m.group("cur")
        if not prefix and not suffix:
            continue
        marker = " ".join((suffix or prefix).split())
        if prefix and prefix in PREFIX_CODES and suffix in {None, "元", "圓"}:
            marker = prefix  # "新台币1500亿元" is TWD: the prefix names the currency
        if m.group("inner") and not suffix:
            continue  # "余" that hedges no amount
        try:
            value = _cjk_value(re.sub(INNER_HEDGE, "", m.group("body")))
        except ValueError:
            continue
        if marker in CJK_SUFFIXES and marker not in {"元", "圓"}:
            code, ambiguous = CJK_SUFFIXES[marker], False
        else:
            code, ambiguous = context.resolve(marker)
        if code not in iso_codes():
            continue
        start = m.start() if prefix else m.start("body")
        found.append(
            _Candidate(
                start,
                m.end(),
                value,
                code,
                bool(
                    m.group("after") or m.group("inner") or re.search(INNER_HEDGE, m.group("body"))
                ),
                ambiguous,
                priority=3,
                alternatives=_alternatives(marker, code) if ambiguous else frozenset(),
            )
        )
    return found


def _ratios(text: str, g: Grammar) -> list[_Candidate]:
    found: list[_Candidate] = []
    for m in g.percent.finditer(text):
        unit_text = m.group("unit").lower()
        unit = (
            POINTS
            if (
                "point" in unit_text
                or "百分" in unit_text
                or "포인트" in unit_text
                or "ポイント" in unit_text
                or "punto" in unit_text
                or "prozentpunkt" in unit_text
                or unit_text in {"pp", "ppt", "ppts", "%p"}
            )
            else PERCENT
        )
        low = g.decimal(m.group("low")) if m.group("low") else None
        found.append(
            _Candidate(
                m.start(),
                m.end(),
                g.decimal(m.group("num")),
                unit,
                False,
                low=low,
            )
        )
    for m in _PERCENT_CN.finditer(text):
        try:  # cn2an reads "三点五" itself; "百分之百" or a stray "." is not a numeral it takes
            value = _cjk_number(m.group("num"))
        except ValueError:
            continue
        found.append(_Candidate(m.start(), m.end(), value, PERCENT, False))
    for m in _MULTIPLE_RE.finditer(text):
        raw = m.group("word") or m.group("fold") or m.group("times") or m.group("fach")
        if m.group("word"):
            value = Decimal(_MULTIPLE_WORDS[raw.lower()])
        elif raw[0].isdigit():
            value = _decimal(raw.replace(",", "."))
        else:
            value = Decimal(text2num(raw.lower(), "en"))
        found.append(_Candidate(m.start(), m.end(), value, MULTIPLE, False))
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
        found.append(_Candidate(m.start(), m.end(), value, MULTIPLE, False))
    return found


# How far on a bare scaled figure takes the currency of an article that has named one only:
# paragraphs, not a whole long document ("…a population of 2.5 million" pages later).
_ONE_CURRENCY_REACH = 2000


def _bare_figures(text: str, g: Grammar) -> list[tuple[int, int, Decimal]]:
    """Scaled figures without a currency, in digits ("2.5 billion") or in words ("Seks
    milliardar"; not "a million", which says little about money), in text order."""
    found = [
        (m.start(), m.end(), g.decimal(m.group("num")) * g.scale(m.group("scale")))
        for m in g.bare_scaled.finditer(text)
    ]
    for m in g.bare_word_scaled.finditer(text):
        lead = _words_before(text, m.start())
        if lead is None or _DIGIT_BEFORE.search(text, max(0, m.start() - 4), m.start()):
            continue
        tail = _number_tail(lead, g.language)
        if tail is not None and tail[2].casefold() not in ONE_WORDS:
            start, value, _ = tail
            found.append((start, m.end(), value * g.scale(m.group("scale"))))
    return sorted(found)


def _implied_money(text: str, taken: list[_Candidate], g: Grammar) -> list[_Candidate]:
    """Bare scaled figures ("another 2.5 billion") that take the currency of the last amount,
    or of the next one close behind when none came before ("mit 81,9 Mrd. um 3,8 Mrd. €")."""
    found: list[_Candidate] = []
    # `taken` is in text order without overlaps, so ends rise with starts: binary searches
    # replace scans of every figure (long articles have thousands).
    starts = [c.start for c in taken]
    ends = [c.end for c in taken]
    money = [c for c in taken if c.unit not in (PERCENT, POINTS, MULTIPLE)]
    money_ends = [c.end for c in money]
    # True while every amount so far is in one currency (the first one's)
    single_currency = list(accumulate((c.unit == money[0].unit for c in money), and_))
    for start, end, value in _bare_figures(text, g):
        before = bisect_left(starts, end)  # the figures starting before this one ends
        if before and ends[before - 1] > start:
            continue
        i = bisect_right(money_ends, start)  # the amounts ending before this one starts
        gap = start - money[i - 1].end if i else 0
        if i and (gap < 400 or single_currency[i - 1] and gap < _ONE_CURRENCY_REACH):
            # near the last amount, or further on in an article that so far has written
            # amounts of one currency only ("Rahoituksesta 13,2 miljoonaa" paragraphs after
            # "25 miljoonan euron"): the only currency the reader could mean
            last = money[i - 1]
        elif i < len(money) and money[i].start - end < 120:
            last = money[i]
        else:
            continue
        found.append(
            _Candidate(
                start,
                end,
                value,
                last.unit,
                False,
                last.ambiguous,
                implied=True,
                alternatives=last.alternatives,
            )
        )
    return found


def _without_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep the longest reading where two readings overlap (ties: the more specific grammar)."""
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    # One byte per character, set under each kept reading: a reading is kept when its own
    # characters are all still free. Each grammar's matches do not overlap one another, so a
    # character lies under a handful of candidates and the whole pass is linear (a sorted list
    # of kept spans with insertions in the middle cost the square of their number).
    taken = bytearray(max((c.end for c in candidates), default=0))
    kept: list[_Candidate] = []
    for cand in ordered:
        if taken.find(1, cand.start, cand.end) != -1:
            continue
        taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
        kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


# A hedge right before a figure ("about", "rund", "environ", "约", "약"). Looked for after the
# figures are found rather than inside each pattern: a pattern that may start with any of
# forty words is tried at every position of the text, and this is tried once per figure.
_HEDGE_BEFORE = Prefiltered(  # asked before every figure: skipped where no hedge word is
    re.compile(rf"(?:(?<![^\W\d_]){HEDGE_BEFORE}\s+|{HEDGE_CJK_BEFORE}\s*)$")
)
_HEDGE_REACH = 24


def _take_hedges(text: str, kept: list[_Candidate]) -> None:
    """Extend each figure over the hedge before it, and mark it approximate."""
    previous_end = 0
    for c in kept:
        lo = max(previous_end, c.start - _HEDGE_REACH)
        hedge = _HEDGE_BEFORE.search(text, lo, c.start)
        if hedge is not None:
            c.start = hedge.start()
            c.approximate = True
        previous_end = c.end


def find_quantities(text: str, *, context: CurrencyContext | None = None) -> list[Quantity]:
    """Return every money amount, percentage and multiplier in `text`, in order.

    Args:
        text: Any text; full-width digits and CJK units are understood.
        context: Which countries the article is about, to read "$" or "¥"; computed from
            `text` when not given.
    """
    if not text:
        return []
    if len(text) <= _SHORT:
        return list(_short_quantities(text, context))
    return _quantities(text, context)


_SHORT = 80  # characters: a figure as quoted ("about $1.2 billion"), read once per context


@lru_cache(maxsize=4096)
def _short_quantities(text: str, context: CurrencyContext | None) -> tuple[Quantity, ...]:
    """A figure's own text, read once: the validator reads each quoted figure again, and a
    table repeats its figures."""
    return tuple(_quantities(text, context))


def _quantities(text: str, context: CurrencyContext | None) -> list[Quantity]:
    narrow = _narrow(text)
    context = context or CurrencyContext.of(narrow)
    g = grammar(context.language, context.decimal_comma)
    candidates = (
        _english_money(narrow, context, g) + _cjk_money(narrow, context, g) + _ratios(narrow, g)
    )
    read = _without_overlaps(candidates)
    # a price level is no amount, but it names the currency of the figure before it
    kept = [c for c in read if not _price_level(narrow, c)]
    kept = _without_overlaps(kept + _implied_money(narrow, read, g))
    kept = _compound_sums(narrow, kept, g)
    _take_hedges(narrow, kept)
    quantities = []
    for c in kept:
        start, end = c.start, c.end
        while end > start and text[end - 1].isspace():
            end -= 1
        end = _without_full_stop(text, start, end, g)
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
                alternatives=c.alternatives,
            )
        )
    return quantities


def _scale_pairs(g: Grammar) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """A number of up to three digits and a scale word, ending where a text ends (to read a
    compound backwards) and opening a figure (to read its own scale)."""
    return _scale_pair_patterns(tuple(sorted(g.scales)))


@lru_cache(maxsize=32)
def _scale_pair_patterns(scales: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    words = sorted((w for w in scales if w[:1].isalpha()), key=len, reverse=True)
    if not words:
        return None
    scale = "|".join(re.escape(w) for w in words)
    # one space apart (a tab or a run of spaces parts a table's columns), the pair's number not
    # the end of a digit group ("1 320 млрд" is 1,320 billion, not 1 and 320)
    before = re.compile(
        rf"(?<![\d.,])(?<!\d[ \u00a0])(\d{{1,3}})[ \u00a0]({scale})[ \u00a0]$", re.I
    )
    own = re.compile(rf"(\d{{1,3}})[ \u00a0]({scale})(?![^\W\d_])", re.I)
    return before, own


_COMPOUND_REACH = 40  # characters before a figure where the next larger scale's pair may stand


def _compound_sums(text: str, kept: list[_Candidate], g: Grammar) -> list[_Candidate]:
    """A sum written scale by scale, "1 трлн 320 млрд 152 млн 623 тис. грн", "1 mld 200 mln
    zł", is one amount: the figure that names the currency takes the pairs of a number and a
    larger scale word written right before it (one space between), each larger than the next
    and what follows it below one of its scale, as CJK writes "1兆3,790億円". Read backwards
    from the figure, in a bounded window: without a currency of its own no pair is money."""
    pairs = _scale_pairs(g)
    if pairs is None:
        return kept
    before, own = pairs
    merged: list[_Candidate] = []
    i = len(kept) - 1
    while i >= 0:  # `kept` is in text order and without overlaps
        c = kept[i]
        i -= 1
        if c.implied or c.unit in (PERCENT, POINTS, MULTIPLE):
            merged.append(c)
            continue
        head = own.match(text, c.start, c.end)
        scale = g.scale(head.group(2)) if head else 0
        dotted = bool(head) and head.group(2).endswith(".")
        start, total = c.start, c.value
        while scale:
            pair = before.search(text, max(0, start - _COMPOUND_REACH), start)
            larger = g.scale(pair.group(2)) if pair else 0
            if pair is None or larger <= scale or total >= larger:
                break  # no larger scale, or what follows is not below one of it ("5 crore 150
            if pair.group(2).endswith(".") and not dotted:  # lakh"); a point a sentence may
                break  # end with ("7 трлн. 320 млрд грн …"), where the figure writes none
            start, total, scale = pair.start(), total + int(pair.group(1)) * larger, larger
        inside = i
        while inside >= 0 and kept[inside].start >= start:
            inside -= 1  # the pairs the reader read on their own ("320 млрд" as implied money)
        if start != c.start and (inside < 0 or kept[inside].end <= start):
            c = replace(c, start=start, value=total, implied=False)
            i = inside  # a figure the sum crosses ("$5 billion 300 million dollars") stops it
        merged.append(c)
    return merged[::-1]


# After a figure's final point: the next word (in lower case, the sentence goes on); the
# figure's last word with that point (its scale abbreviation).
_SENTENCE_GOES_ON = re.compile(r"[ \t]+[^\W\d_]")
_LAST_WORD = re.compile(r"[^\W\d_]+\.$")


def _without_full_stop(text: str, start: int, end: int, g: Grammar) -> int:
    """Where a figure ends whose scale or currency abbreviation's point also ends the sentence:
    "funding of €568m. The …" is "€568m" ("m." and "m" are one scale), so that the sentence
    quoted without its full stop still holds the figure. A point the sentence goes on after
    stays ("5 Mio. Euro")."""
    if text[end - 1 : end] != ".":
        return end
    going_on = _SENTENCE_GOES_ON.match(text, end)
    if going_on and not going_on.group()[-1].isupper():
        return end  # "5 Mio. euros": the sentence goes on
    word = _LAST_WORD.search(text, start, end)
    if word is None:
        return end
    dotted = word.group().casefold()
    if dotted in g.scales and g.scales.get(dotted[:-1]) == g.scales[dotted]:
        return end - 1
    markers = currency_markers(g.language)
    if dotted in markers and markers.get(dotted[:-1]) == markers[dotted]:
        return end - 1  # "… 623 тис. грн." ("грн." and "грн" are one currency)
    return end


# "2 500 millioner 2009-kroner", "in 2015-euros": a year joined to a currency name says in
# which year's prices the figure before it is given; it is no amount of that currency.
_PRICE_LEVEL = re.compile(r"(?:19|20)\d\d-[^\W\d_]")


def _price_level(text: str, c: _Candidate) -> bool:
    return c.unit not in (PERCENT, POINTS, MULTIPLE) and bool(
        _PRICE_LEVEL.fullmatch(text, c.start, c.start + 6)
    )


def parse_money(expression: str, *, context: CurrencyContext | None = None) -> Quantity:
    """Parse one money expression ("about 1.23 trillion yen", "₹76,000 crore", "1兆2300億円").

    Raises:
        ValueError: when the expression holds no amount of money.
    """
    money = [q for q in find_quantities(expression, context=context) if q.is_money]
    if not money:
        raise ValueError(f"no amount of money in {expression!r}")
    return max(money, key=lambda q: q.end - q.start)
