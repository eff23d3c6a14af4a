"""Numbers written in words in the languages `text_to_num` does not read ("kolme", "seks", "sju").

`text_to_num` parses spelled-out numbers in English, French, Spanish, Portuguese, German,
Italian, Dutch and Danish; Finnish, Norwegian, Swedish, Polish, Czech, Hungarian, Turkish,
Romanian and others it refuses. `num2words` writes numbers in some fifty languages, so its
output for 1–999 (the numbers that stand before a scale word: "sju milliardar", "kolme
miljoonaa") is turned round into a table here: the library's data, not a list of spellings met
in articles. Built once per language on first use (a few milliseconds).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from num2words import CONVERTER_CLASSES, num2words

# The writing systems a language code can stand for in num2words ("nb" and "nn" are written
# with the Norwegian converter, Brazilian Portuguese has its own).
_CONVERTERS = {"nb": ("no",), "nn": ("no",), "no": ("no",), "pt": ("pt", "pt_BR")}
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
    return table


def word_number(phrase: str, language: str) -> Decimal | None:
    """The value of a number written in words in `language`, from 1 to 999; None otherwise."""
    value = _table(language).get(_key(phrase))
    return None if value is None else Decimal(value)


@lru_cache(maxsize=64)
def number_words(language: str) -> frozenset[str]:
    """Single words that write a number in `language` ("fem", "kolme"), case-folded."""
    return frozenset(key for key in _table(language) if key.isalpha())
