"""Numbers written in words in the languages `text_to_num` does not read ("kolme", "seks", "sju").

`text_to_num` parses spelled-out numbers in English, French, Spanish, Portuguese, German,
Italian, Dutch and Danish; Finnish, Norwegian, Swedish, Polish, Czech, Hungarian, Turkish,
Romanian and others it refuses. Two libraries write numbers out, and their output for 1–999
(the numbers that stand before a scale word: "sju milliardar", "kolme miljoonaa", "двух
миллиардов") is turned round into a table here: their data, not a list of spellings met in
articles. `num2words` covers some fifty languages; `unicode_rbnf` runs CLDR's spell-out rules
(some eighty locales), with every form CLDR gives: genders and grammatical cases (Russian
"две", "двух", "двумя"), Nynorsk beside Bokmål ("sju" where num2words writes "syv"). Built
once per language on first use (a few milliseconds; a third of a second for a language of
many cases).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from num2words import CONVERTER_CLASSES, num2words
from unicode_rbnf import RbnfEngine
from unicode_rbnf.engine import RbnfError

# The writing systems a language code can stand for in num2words ("nb" and "nn" are written
# with the Norwegian converter, Brazilian Portuguese has its own).
_CONVERTERS = {"nb": ("no",), "nn": ("no",), "no": ("no",), "pt": ("pt", "pt_BR")}
# CLDR's locales for a language code: Norwegian articles are written in Bokmål or Nynorsk.
_RBNF_LOCALES = {"nb": ("no",), "no": ("no", "nn"), "nn": ("nn", "no")}
_SEPARATORS = re.compile(r"[\s\-\u00a0]+")


def _key(phrase: str) -> str:
    """A phrase as looked up: case-folded, without the spaces or hyphens writers vary."""
    return _SEPARATORS.sub("", phrase.casefold())


@lru_cache(maxsize=64)
def _table(language: str) -> dict[str, int]:
    converters = [c for c in _CONVERTERS.get(language, (language,)) if c in CONVERTER_CLASSES]
    table: dict[str, int] = {}
    for converter in converters:
        for n in range(1, 1000):
            try:
                written = num2words(n, lang=converter)
            except (NotImplementedError, OverflowError, ValueError, TypeError):
                break  # this converter stops here; another may go on
            table.setdefault(_key(written), n)
    for n, written in _rbnf_forms(language):
        table.setdefault(_key(written), n)
    return table


def _rbnf_forms(language: str) -> list[tuple[int, str]]:
    """Every cardinal form CLDR's spell-out rules give for 1–999 in `language`."""
    forms = []
    for locale in _RBNF_LOCALES.get(language, (language,)):
        try:
            engine = RbnfEngine.for_language(locale)
        except (ValueError, FileNotFoundError, RbnfError):  # a locale CLDR has no rules for
            continue
        for n in range(1, 1000):
            try:
                result = engine.format_number(n)
            except (RbnfError, ValueError, ArithmeticError):  # rules that stop short of 999
                break
            forms += [
                (n, text)
                for ruleset, text in result.text_by_ruleset.items()
                if ruleset.startswith(("spellout-cardinal", "spellout-numbering"))
                and "year" not in ruleset
            ]
    return forms


def word_number(phrase: str, language: str) -> Decimal | None:
    """The value of a number written in words in `language`, from 1 to 999; None otherwise."""
    value = _table(language).get(_key(phrase))
    return None if value is None else Decimal(value)


@lru_cache(maxsize=64)
def number_words(language: str) -> frozenset[str]:
    """Single words that write a number in `language` ("fem", "kolme"), case-folded."""
    return frozenset(key for key in _table(language) if key.isalpha())


# How many things a phrase counts: "Four new contracts", "3つの基金", "4期", "세 가지".
# A count starts a word (or follows CJK text): "ne-two-rks" and "writ-ten" count nothing, and
# a run of digits is tried once, not from each of its digits.
_COUNT = re.compile(
    r"(?:(?<![0-9A-Za-z\u00c0-\u024f])(?P<n>\d+)|(?<![^\W\d_])(?P<w>two|three|four|five|six|seven|eight|nine|ten)\b|"
    r"(?P<c>[一二两兩三四五六七八九十]|두|세|네|다섯))\s*"
    r"(?:つの|个|個|项|項|期|笔|筆|件|개의?|가지|大|(?:new\s+|main\s+|key\s+|separate\s+)?"
    r"(?!years|months|weeks|days|decades|times|percent|quarters|phases|hours)[a-z]+s\b)",
    re.IGNORECASE,
)
_COUNT_WORDS = {
    "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
    "九": 9, "十": 10, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "두": 2, "세": 3, "네": 4, "다섯": 5,
}  # fmt: skip


def counted(text: str) -> int | None:
    """How many things `text` last counts ("Four new contracts worth" → 4); None if none."""
    last = _last_count(text)
    return None if last is None else last[0]


def counted_right_before(text: str) -> int | None:
    """The count of the things `text` ends by naming, linked to what follows by nothing but
    "worth", "valued at" and the like: "Four new contracts worth " → 4, "預定發行4期公債金額" → 4;
    "The two agencies will receive " → None (the count is the agencies', not the amount's)."""
    last = _last_count(text)
    if last is None:
        return None
    n, end = last
    rest = text[end:]
    words = re.findall(r"[A-Za-z\u00c0-\u024f]+", rest)
    if (
        len(rest) > 30
        or re.search(r"[,;:，；：。]", rest)
        or set(w.lower() for w in words) - _LINKS
    ):
        return None
    return n


# The words that may stand between counted things and their amount: "worth", "valued at".
_LINKS = frozenset({"worth", "totalling", "totaling", "valued", "at", "of", "costing", "with"})


def _last_count(text: str) -> tuple[int, int] | None:
    match = None
    for match in _COUNT.finditer(text):  # noqa: B007 - the last one is wanted
        pass
    if match is None:
        return None
    word = (match.group("n") or match.group("w") or match.group("c")).lower()
    n = int(word) if word.isdigit() else _COUNT_WORDS.get(word)
    return None if n is None else (n, match.end())
