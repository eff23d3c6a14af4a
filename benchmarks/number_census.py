"""Number census: how many of a corpus's money, percent and multiplier figures the reader reads.

    python benchmarks/number_census.py CORPUS.jsonl [CORPUS.jsonl ...] [--misses N] [--json OUT]

Each corpus line is a JSON object with "id" and "text" (and optionally "lang"). The census walks
every text and lists each *mention*: a number (ASCII or full-width digits, a run of CJK numerals,
or a small spelled-out number before a scale word) standing next to a currency, scale, percent or
multiplier marker. It then runs `summarizer.reading.numbers.find_quantities` once per text and
counts a mention as *read* when a returned quantity overlaps the mention's number, is of the same
kind (money / percent / multiple) and carries the same significant digits (and, when the mention
has a scale word, the same magnitude). Coverage = read / mentions. No gold annotations are
needed, so unannotated texts count too.

Why the marker vocabulary comes from CLDR (via `babel`) and not from the reader: a census that
looks for the figures the reader already knows how to find can only ever report 100%. Currency
symbols, ISO 4217 codes, currency display names (singular and plural forms), the generic currency
nouns those names share ("dollars", "Dollar", "달러", "元", ...) and the scale words of CLDR's
compact decimal formats ("Mio.", "Mrd.", "mil millones", "万", "억", ...) are taken from the data
for a fixed set of locales. Only the percent and multiplier words, which CLDR does not cover (or
covers only in part), and the census's own short list of number words are written out here.

Mentions whose only marker is a scale word ("3 million people") are *scaled*: they are reported in
their own tally and enter coverage only when a money quantity covers them (then the currency sat
further away and the reader found it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import babel.numbers
from babel import Locale
from babel.core import get_global

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarizer.reading.numbers import Quantity, find_quantities  # noqa: E402

LOCALES = ("en", "de", "fr", "es", "it", "pt", "pt_PT", "nl", "zh", "zh_Hant", "ja", "ko")

MONEY, SCALED, PERCENT, MULTIPLE = "money", "scaled", "percent", "multiple"
CURRENCY, SCALE = "currency", "scale"
CLASSES = (MONEY, PERCENT, MULTIPLE)

# Percent words CLDR has no unit for (CLDR's own "{0} percent"/"Prozent"/... are added from data).
PERCENT_AFTER = (
    "%", "％", "per cent", "percent", "percentage point", "percentage points", "pp", "%p",
    "pour cent", "Prozent", "Prozentpunkt", "Prozentpunkte", "Prozentpunkten", "por ciento",
    "个百分点", "個百分點", "パーセント", "ポイント", "퍼센트", "포인트", "퍼센트포인트",
)  # fmt: skip
PERCENT_BEFORE = ("百分之",)
MULTIPLIERS = (
    "倍", "배", "times", "fold", "-fold", "fach", "-fach", "fache", "-fache", "fachen", "-fachen",
    "fois", "veces",
)  # fmt: skip

# The census's own number words (deliberately small): only counted directly before a scale word,
# as in "three billion", "drei Milliarden", "trois milliards", "tres mil millones".
NUMBER_WORDS = (
    "a one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty"
    " fifty sixty seventy eighty ninety hundred half"
    " ein eine einer zwei drei vier fünf sechs sieben acht neun zehn zwölf zwanzig hundert"
    " un une deux trois quatre cinq sept huit neuf dix douze vingt cent"
    " una dos tres cuatro cinco seis siete ocho nueve diez doce veinte cien"
).split()

# Connectors allowed between a number/scale word and the currency ("mil millones de dólares",
# "milliards d'euros"), and between a number and its marker.
GLUE = ("de", "d'", "d’", "of", "du", "des", "del", "di", "da", "em", "U.S.", "US")
# Currency nouns that are far more often ordinary words next to a number ("the 1 million mark").
NOT_CURRENCY_NOUNS = frozenset({"mark", "marks"})
# Between the two ends of a range whose second end carries the marker: "30∼50%", "2-3 billion".
RANGE = re.compile(r"\s?(?:[-–—~∼〜～]|to|bis|à|a|au)\s?[-−]?(?=[0-9０-９])")
ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th", "er", "e", "re", "o", "a", "º", "ª"})

DIGITS = "0-9０-９"
SEPARATORS = ",.'’\u00a0\u202f\u2009"
CJK_NUMERALS = "〇零一二两兩三四五六七八九十百千万萬亿億"
MAX_GAP = 16  # characters of whitespace between a number and its marker (one line break at most)
CONTEXT = 30


# --- vocabulary ----------------------------------------------------------------------------------
@dataclass
class Marker:
    """What a marker string means; `mults` is the factor of a scale word (several if ambiguous)."""

    kind: str  # currency, scale, percent, multiple
    mults: set[int] = field(default_factory=set)
    attached_only: bool = False  # single Latin letters: only directly after the digits ("5M")
    exact_case: bool = False  # ISO codes: only in capitals


@dataclass
class Vocabulary:
    """Marker tables keyed by the lower-cased marker, plus the lengths to try, longest first."""

    after: dict[str, Marker]
    before: dict[str, Marker]
    after_lengths: list[int]
    before_lengths: list[int]


def _is_latin_letter(ch: str) -> bool:
    return ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN")


def _is_cjk(text: str) -> bool:
    return any(
        "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af"
        for ch in text
    )


def _current_currencies() -> set[str]:
    """ISO codes legal tender somewhere today (CLDR territory data); drops pesetas and marks."""
    today = date.today()
    codes: set[str] = set()
    for territory in get_global("territory_currencies"):
        codes.update(babel.numbers.get_territory_currencies(territory, today, tender=True))
    return codes


def _currency_names(locale: Locale, codes: set[str]) -> dict[str, set[str]]:
    """Display names, singular and plural forms, of the given currencies in one locale."""
    plural = locale._data["currency_names_plural"]
    names: dict[str, set[str]] = defaultdict(set)
    for code in codes:
        if code in locale.currencies:
            names[code].add(locale.currencies[code])
        names[code].update(plural.get(code, {}).values())
    return names


def _head_key(name: str) -> str | None:
    """The English head noun of a currency name: its last word, parentheticals dropped."""
    words = re.sub(r"\(.*?\)", " ", name).split()
    return words[-1].lower() if words and words[-1].isalpha() else None


def _name_parts(name: str) -> set[str]:
    """Words of a name, and for unspaced CJK names their 1–3 character endings (元, 镑, ドル)."""
    parts = {w for w in re.split(r"[\s\u00a0\-]+", name) if w and not re.search(r"[\d()（）]", w)}
    if _is_cjk(name) and " " not in name:
        parts.update(name[-k:] for k in (1, 2, 3) if len(name) > k)
    return parts


def _generic_nouns(codes: set[str]) -> set[str]:
    """Currency nouns shared by a family of currencies, in every locale ("dollars", "달러", "元").

    Families are the current currencies whose English names end in the same word (dollar, franc,
    peso, won, ...); in each locale the words or endings found in >= 60% of a family's names are
    that family's noun there.
    """
    english = _currency_names(Locale("en"), codes)
    families: dict[str, set[str]] = defaultdict(set)
    for code in codes:
        key = _head_key(Locale("en").currencies.get(code, ""))
        if key:
            families[key].add(code)
    nouns: set[str] = set()
    for key, members in families.items():
        if len(members) < 2:  # a one-currency family: its English noun only ("yen", "yuan")
            nouns.update({key} | {_head_key(n) or key for c in members for n in english[c]})
            continue
        nouns.update(n.lower() for code in members for n in english[code] if len(n.split()) == 1)
        for loc in LOCALES:
            names = _currency_names(Locale.parse(loc), members)
            counts = Counter(
                p for code in members for p in set().union(*map(_name_parts, names[code]))
            )
            shared = {p for p, c in counts.items() if c >= 0.6 * len(members)}
            # of nested CJK endings (ン, ォン, ウォン) keep the longest
            nouns.update(p for p in shared if not any(o != p and o.endswith(p) for o in shared))
    return {n for n in nouns if (len(n) > 1 or _is_cjk(n)) and n not in NOT_CURRENCY_NOUNS}


def _scale_words() -> dict[str, set[int]]:
    """Scale words of CLDR compact decimal formats, with their factors ("Mrd." → 10**9)."""
    scales: dict[str, set[int]] = defaultdict(set)
    for loc in LOCALES:
        formats = Locale.parse(loc).compact_decimal_formats
        for width in formats.values():
            for by_count in width.values():
                for magnitude, pattern in by_count.items():
                    text = pattern.pattern
                    zeros = text.count("0")
                    word = text.replace("'", "").replace("0", "").replace("\u00a0", " ").strip()
                    if word and zeros:
                        scales[word].add(int(magnitude) // 10 ** (zeros - 1))
    return scales


def _add(table: dict[str, Marker], text: str, kind: str, mults: set[int] | None = None) -> None:
    text = text.replace("\u00a0", " ").strip()
    if not text:
        return
    key = text.lower()
    marker = table.setdefault(key, Marker(kind))
    if marker.kind != kind:  # keep the first kind; currency beats a clash
        return
    marker.mults.update(mults or ())
    if len(text) == 1 and _is_latin_letter(text):
        marker.attached_only = True


@lru_cache(maxsize=1)
def build_vocabulary() -> Vocabulary:
    """All markers, from CLDR plus the percent and multiplier words above; built once."""
    codes = _current_currencies()
    after: dict[str, Marker] = {}
    before: dict[str, Marker] = {}
    for loc in LOCALES:
        locale = Locale.parse(loc)
        for code, symbol in locale.currency_symbols.items():
            if code in codes and symbol != code:
                _add(after, symbol, CURRENCY)
                _add(before, symbol, CURRENCY)
        for names in _currency_names(locale, codes).values():
            for name in names:
                _add(after, name, CURRENCY)
                if _is_cjk(name):  # "人民币 100 亿", "新臺幣1500億"
                    _add(before, name, CURRENCY)
        long_percent = locale._data["unit_patterns"]["concentr-percent"]["long"]
        for pattern in long_percent.values():
            _add(after, pattern.replace("{0}", ""), PERCENT)
    for noun in _generic_nouns(codes):
        _add(after, noun, CURRENCY)
        if _is_cjk(noun) and len(noun) > 1:
            _add(before, noun, CURRENCY)
    for word, mults in _scale_words().items():
        _add(after, word, SCALE, mults)
    for word in PERCENT_AFTER:
        _add(after, word, PERCENT)
    for word in PERCENT_BEFORE:
        _add(before, word, PERCENT)
    for word in MULTIPLIERS:
        _add(after, word, MULTIPLE)
    for code in codes:  # ISO 4217, capitals only: "USD 5", "5 EUR"
        for table in (after, before):
            table.setdefault(code.lower(), Marker(CURRENCY, exact_case=True))
    return Vocabulary(
        after=after,
        before=before,
        after_lengths=sorted({len(k) for k in after}, reverse=True),
        before_lengths=sorted({len(k) for k in before}, reverse=True),
    )


# --- finding mentions ----------------------------------------------------------------------------
_NUMBER_WORDS_RE = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
# a plain or full-width comma-space joins groups only before exactly three digits ("12 500")
_DIGIT_RUN = rf"[{DIGITS}]+(?:[{SEPARATORS}][{DIGITS}]+)*(?:[ ，][{DIGITS}]{{3}}(?![{DIGITS}]))*"
_CJK_TAIL = "兆천만억조"  # CJK scale characters that may sit between digit groups: "1兆2300億"
_TOKEN = re.compile(
    rf"(?P<digits>(?<![{DIGITS}A-Za-z_]){_DIGIT_RUN}"
    rf"(?:[{CJK_NUMERALS}{_CJK_TAIL}]+(?:{_DIGIT_RUN})?)*)"
    # a run of scale characters alone ("單位:千元", "每百萬元") states a unit, not a figure
    rf"|(?P<cjk>(?<![{CJK_NUMERALS}])[{CJK_NUMERALS}]*[〇零一二两兩三四五六七八九][{CJK_NUMERALS}]*)"
    rf"|(?P<words>(?<![^\W\d_])(?i:{_NUMBER_WORDS_RE})(?=\s))"
)
_GLUE_RE = re.compile(r"(?i:" + "|".join(re.escape(g) for g in GLUE) + r")(?=[\s'’]|$)|d['’]")
_YEAR = re.compile(r"(?:19|20|１９|２０)[0-9０-９]{2}")


@dataclass
class Mention:
    """A number next to at least one marker; `start`/`end` delimit the number itself."""

    start: int
    end: int
    kind: str  # digits, cjk, words
    markers: list[tuple[str, Marker]]
    span_start: int
    span_end: int

    @property
    def cls(self) -> str:
        """money, percent, multiple or scaled."""
        kinds = [m.kind for _, m in self.markers]
        for kind in (PERCENT, MULTIPLE):
            if kind in kinds:
                return kind
        return MONEY if CURRENCY in kinds else SCALED


def _gap_end(text: str, pos: int) -> int:
    """Skip whitespace after `pos` (indentation and at most one line break)."""
    end = pos
    while end < len(text) and end - pos < MAX_GAP and text[end].isspace():
        end += 1
    return end if text.count("\n", pos, end) <= 1 else pos


def _gap_start(text: str, pos: int) -> int:
    """Skip spaces before `pos`, not a line break: a marker ending a line ("予算額 1,348,739百万円"
    then "26年度…") belongs to the figure on its own line, not the one below."""
    start = pos
    while start > 0 and pos - start < MAX_GAP and text[start - 1] in " \t\u3000\xa0":
        start -= 1
    return start


def _marker_at(text: str, pos: int, vocab: Vocabulary, attached: bool) -> tuple[str, Marker] | None:
    """The longest marker starting at `pos`, respecting word boundaries and capitals."""
    for length in vocab.after_lengths:
        piece = text[pos : pos + length]
        if len(piece) < length:
            continue
        marker = vocab.after.get(piece.lower())
        if marker is None or (marker.exact_case and not piece.isupper()):
            continue
        if marker.attached_only and not attached:
            continue
        nxt = text[pos + length : pos + length + 1]
        if _is_latin_letter(piece[-1]) and nxt and nxt.isalpha():
            continue
        return piece, marker
    return None


def _marker_before(text: str, pos: int, vocab: Vocabulary) -> tuple[str, Marker] | None:
    """The longest marker ending at `pos` ("$", "US$", "EUR", "人民币", "百分之")."""
    for length in vocab.before_lengths:
        if length > pos:
            continue
        piece = text[pos - length : pos]
        marker = vocab.before.get(piece.lower())
        if marker is None or (marker.exact_case and not piece.isupper()) or marker.attached_only:
            continue
        prev = text[pos - length - 1 : pos - length]
        if _is_latin_letter(piece[0]) and prev and prev.isalpha():
            continue
        return piece, marker
    return None


def _glued_marker(text: str, pos: int, vocab: Vocabulary, first: bool) -> tuple | None:
    """A currency behind a connector ("de dólares", "d'euros") or letters stuck to the digits
    ("5bn euros"); the latter only right after the number, and never ordinals ("5th")."""
    glue = _GLUE_RE.match(text, _gap_end(text, pos))
    if glue is None and first:
        glue = re.match(r"[A-Za-z]{1,3}(?![A-Za-z])", text[pos : pos + 4])
        if glue is not None and glue.group().lower() in ORDINAL_SUFFIXES:
            glue = None
        end = pos + glue.end() if glue else pos
    else:
        end = glue.end() if glue else pos
    if glue is None:
        return None
    gap = _gap_end(text, end)
    found = _marker_at(text, gap, vocab, attached=False)
    return (gap, found) if found and found[1].kind == CURRENCY else None


def _markers_after(text: str, pos: int, vocab: Vocabulary) -> tuple[list, int]:
    """The chain of markers after a number: "Mrd. Euro", "万亿日元", "mil millones de dólares"."""
    chain: list[tuple[str, Marker]] = []
    for _ in range(4):
        first = not chain
        at = pos
        found = _marker_at(text, pos, vocab, attached=first)
        if found is None:
            at = _gap_end(text, pos)
            found = _marker_at(text, at, vocab, attached=False)
        if found is None and (first or chain[-1][1].kind == SCALE):
            glued = _glued_marker(text, pos, vocab, first)
            if glued:
                at, found = glued
        if found is None:
            break
        chain.append(found)
        pos = at + len(found[0])
    return chain, pos


def find_mentions(text: str, vocab: Vocabulary | None = None) -> list[Mention]:
    """Every number standing next to a marker, independently of the reader under test."""
    vocab = vocab or build_vocabulary()
    mentions: list[Mention] = []
    taken = 0
    carried: dict[int, tuple[str, Marker]] = {}  # "$160–200 billion": 200 is dollars too
    for token in _TOKEN.finditer(text):
        if token.start() < taken:
            continue
        kind = token.lastgroup or "digits"
        start, end = token.span()
        if kind == "digits":
            start, end = _trim_spaced_groups(text, start, end)
        after, span_end = _markers_after(text, end, vocab)
        if kind == "words" and not (after and after[0][1].kind == SCALE):
            continue
        ranged = not after and kind == "digits" and _range_end(text, end, vocab)
        if ranged:  # "30∼50%": the first end shares the second's markers
            after, span_end, far = ranged
        before = _marker_before(text, _gap_start(text, start), vocab) or carried.get(start)
        if ranged and before and before[1].kind == CURRENCY:
            carried[far] = before
        markers = ([before] if before else []) + _inner_scales(text[start:end], vocab) + after
        if not markers:
            continue
        if kind == "digits" and _YEAR.fullmatch(text[start:end]) and _plain_year(before, after):
            continue
        span_start = start
        if before and start not in carried:
            span_start = _gap_start(text, start) - len(before[0])
        mentions.append(Mention(start, end, kind, markers, span_start, span_end))
        taken = end if ranged else span_end
    return mentions


def _range_end(text: str, pos: int, vocab: Vocabulary) -> tuple[list, int, int] | None:
    """The markers after the far end of a range starting at `pos` ("–200 billion"), if any."""
    joint = RANGE.match(text, pos)
    far = _TOKEN.match(text, joint.end()) if joint else None
    if far is None or far.lastgroup != "digits":
        return None
    after, end = _markers_after(text, far.end(), vocab)
    return (after, end, far.start()) if after else None


def _inner_scales(token: str, vocab: Vocabulary) -> list[tuple[str, Marker]]:
    """CJK scale characters inside a number ("50萬", "1兆2300億") are scale markers."""
    found = []
    for ch in token:
        marker = vocab.after.get(ch) if _is_cjk(ch) else None
        if marker is not None and marker.kind == SCALE:
            found.append((ch, marker))
    return found[:1]


def _plain_year(before: tuple | None, after: list) -> bool:
    """A year, not an amount: "2024 million" or "FY 2020 dollars" (constant dollars).

    A year-like number still counts after a currency symbol ("$2020") or before a percent or
    multiplier marker."""
    if before and before[1].kind == CURRENCY:
        return False
    return not any(m.kind in (PERCENT, MULTIPLE) for _, m in after)


def _trim_spaced_groups(text: str, start: int, end: int) -> tuple[int, int]:
    """A plain space (or "，") joins digit groups only after a group of 1–3 digits ("1 234 567")."""
    token = text[start:end]
    first_space = min((i for i in (token.find(" "), token.find("，")) if i >= 0), default=-1)
    if first_space < 0:
        return start, end
    last_group = re.split(f"[{SEPARATORS}]", token[:first_space])[-1]
    return (start, end) if len(last_group) <= 3 else (start, start + first_space)


# --- checking the reader -------------------------------------------------------------------------
_TO_ASCII = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}


def _significant(digits: str) -> str:
    """Digits without separators, decimal point and leading zeros."""
    return re.sub(r"\D", "", digits.translate(_TO_ASCII)).lstrip("0")


def _readings(token: str) -> set[Decimal]:
    """Plausible values of a digit string: all separators grouping, or the last one decimal."""
    token = token.translate(_TO_ASCII)
    plain = re.sub(r"\D", "", token)
    values = {Decimal(plain)} if plain else set()
    last = max((token.rfind(s) for s in ".,'’"), default=-1)
    if last > 0:
        whole = re.sub(r"\D", "", token[:last])
        try:
            values.add(Decimal(f"{whole or 0}.{re.sub(r'[^0-9]', '', token[last + 1 :])}"))
        except InvalidOperation:
            pass
    return values


def _class_agrees(cls: str, q: Quantity) -> bool:
    if cls in (MONEY, SCALED):
        return q.is_money
    if cls == PERCENT:
        return q.unit in ("percent", "pp")
    return q.unit == "x"


_SLACK = (Decimal("0.001"), Decimal(1), Decimal(1000))


def _value_agrees(mention: Mention, text: str, q: Quantity) -> bool:
    """Same leading significant digits and, after a scale word, the same magnitude."""
    if mention.kind != "digits":
        return True
    token = text[mention.start : mention.end]
    if re.search(f"[{CJK_NUMERALS}{_CJK_TAIL}]", token):
        token = re.split(f"[{CJK_NUMERALS}{_CJK_TAIL}]", token)[0]
    mine = _significant(token)
    values = [v for v in (q.value, q.low) if v is not None]
    theirs = [_significant(format(v, "f")) for v in values]
    # The second group of a CJK compound ("2조 5,095억원", read whole as 2509500000000) sits
    # inside the compound's digits rather than at their start.
    compound = q.start < mention.start and re.search(
        f"[{_CJK_TAIL}億亿萬万]", text[q.start : mention.start]
    )
    if not any(
        t.startswith(mine) or mine.startswith(t) or (compound and mine in t) for t in theirs
    ):
        return False
    scales = [m for _, m in mention.markers if m.kind == SCALE]
    if not scales or token != text[mention.start : mention.end]:
        return True
    # CLDR's scale words disagree by a factor of 1000 across locales ("billion", "Bn" = 10**9 or
    # 10**12), so that much is tolerated; a factor of 10 ("1,5 Mrd" as 15 Mrd) or a lost scale
    # is not.
    expected = {r * f * k for r in _readings(token) for f in scales[0].mults for k in _SLACK}
    return any(abs(v - e) <= abs(e) / 200 for v in values for e in expected)


def _is_read(mention: Mention, text: str, quantities: list[Quantity]) -> bool:
    return any(
        q.start < mention.end and q.end > mention.start
        and _class_agrees(mention.cls, q)
        and _value_agrees(mention, text, q)
        for q in quantities
    )  # fmt: skip


def _context(text: str, mention: Mention) -> str:
    left = text[max(0, mention.span_start - CONTEXT) : mention.span_start]
    right = text[mention.span_end : mention.span_end + CONTEXT]
    shown = f"{left}[{text[mention.span_start : mention.span_end]}]{right}"
    return re.sub(r"\r?\n", "⏎", shown)


def _returned(mention: Mention, quantities: list[Quantity]) -> str:
    found = [
        f"{q.text!r}={tidy_value(q.value)} {q.unit}"
        for q in quantities
        if q.start < mention.span_end and q.end > mention.span_start
    ]
    return "; ".join(found) or "nothing"


def tidy_value(value: Decimal) -> str:
    """A Decimal without exponent noise."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- the census ----------------------------------------------------------------------------------
@dataclass
class Tally:
    """Mentions and reads, overall and per class."""

    mentions: int = 0
    read: int = 0
    by_class: dict[str, list[int]] = field(default_factory=lambda: {c: [0, 0] for c in CLASSES})
    scaled: list[int] = field(default_factory=lambda: [0, 0])  # [mentions, covered by money]

    def add(self, cls: str, read: bool) -> None:
        if cls == SCALED:
            self.scaled[0] += 1
            self.scaled[1] += read
            if not read:
                return
            cls = MONEY  # a scale word the reader tied to a currency further away
        self.mentions += 1
        self.read += read
        self.by_class[cls][0] += 1
        self.by_class[cls][1] += read

    @property
    def coverage(self) -> float | None:
        return round(100 * self.read / self.mentions, 1) if self.mentions else None


@dataclass
class Miss:
    file: str
    id: str
    lang: str
    cls: str
    number: str
    context: str
    returned: str


@dataclass
class Census:
    total: Tally = field(default_factory=Tally)
    by_file: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_lang: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[Miss] = field(default_factory=list)
    texts: int = 0
    reader_errors: list[str] = field(default_factory=list)
    seconds_census: float = 0.0
    seconds_reader: float = 0.0


def census_text(census: Census, file: str, record: dict, vocab: Vocabulary) -> None:
    """Count one text's mentions and how many of them the reader read."""
    text, lang = record["text"], record.get("lang") or "?"
    clock = time.perf_counter()
    mentions = find_mentions(text, vocab)
    census.seconds_census += time.perf_counter() - clock
    clock = time.perf_counter()
    try:
        quantities = find_quantities(text)
    except Exception as error:  # noqa: BLE001 - a crashing reader reads nothing; say so
        quantities = []
        census.reader_errors.append(f"{record.get('id')}: {type(error).__name__}: {error}")
    census.seconds_reader += time.perf_counter() - clock
    census.texts += 1
    for mention in mentions:
        read = _is_read(mention, text, quantities)
        for tally in (census.total, census.by_file[file], census.by_lang[lang]):
            tally.add(mention.cls, read)
        if not read and mention.cls != SCALED:
            census.misses.append(
                Miss(
                    file=file,
                    id=str(record.get("id")),
                    lang=lang,
                    cls=mention.cls,
                    number=text[mention.start : mention.end],
                    context=_context(text, mention),
                    returned=_returned(mention, quantities),
                )
            )


def run(paths: list[str]) -> Census:
    census = Census()
    vocab = build_vocabulary()
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    census_text(census, Path(path).name, json.loads(line), vocab)
    return census


def _row(label: str, tally: Tally) -> str:
    classes = "  ".join(f"{c} {r}/{m}" for c, (m, r) in tally.by_class.items() if m)
    coverage = "n/a" if tally.coverage is None else f"{tally.coverage:5.1f}%"
    scaled = f"  (scaled: {tally.scaled[0]}, {tally.scaled[1]} under money)"
    return f"  {label:<22} {tally.read:>5}/{tally.mentions:<5} {coverage:>7}  {classes}{scaled}"


def report(census: Census, misses: int) -> str:
    lines = ["Number census: mentions read by find_quantities", "", "by file:"]
    lines += [_row(name, tally) for name, tally in sorted(census.by_file.items())]
    lines += ["", "by lang:"]
    lines += [_row(lang, tally) for lang, tally in sorted(census.by_lang.items())]
    lines += ["", "overall:", _row(f"{census.texts} texts", census.total)]
    lines += [
        f"  time: census {census.seconds_census:.2f}s, reader {census.seconds_reader:.2f}s",
        *(f"  READER ERROR {e}" for e in census.reader_errors),
        "",
        f"misses ({min(misses, len(census.misses))} of {len(census.misses)}):",
    ]
    lines += [f"  {m.id} | {m.cls} | {m.context} | {m.returned}" for m in census.misses[:misses]]
    return "\n".join(lines)


def to_json(census: Census) -> dict:
    def tally(t: Tally) -> dict:
        return {
            "mentions": t.mentions,
            "read": t.read,
            "coverage": t.coverage,
            "by_class": {c: {"mentions": m, "read": r} for c, (m, r) in t.by_class.items()},
            "scaled": {"mentions": t.scaled[0], "under_money": t.scaled[1]},
        }

    return {
        "texts": census.texts,
        "reader_errors": census.reader_errors,
        "overall": tally(census.total),
        "by_file": {k: tally(v) for k, v in sorted(census.by_file.items())},
        "by_lang": {k: tally(v) for k, v in sorted(census.by_lang.items())},
        "misses": [asdict(m) for m in census.misses],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="+", help="JSONL files with id, text and optional lang")
    parser.add_argument("--misses", type=int, default=40, help="misses to list (default 40)")
    parser.add_argument("--json", metavar="OUT", help="write all figures and every miss here")
    args = parser.parse_args(argv)
    census = run(args.corpus)
    print(report(census, args.misses))
    if args.json:
        Path(args.json).write_text(
            json.dumps(to_json(census), ensure_ascii=False, indent=2), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
