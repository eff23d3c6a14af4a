"""Which language, Chinese script and decimal mark an article is written in.

The language comes from `py3langid`, a small trained model (naive Bayes over byte n-grams, 97
languages) rather than word lists; the Chinese script from OpenCC's character tables (a
character that Traditional-to-Simplified conversion changes is Traditional); the decimal mark
from the article's own unambiguous figures ("1,5" or "2.75"), then CLDR's convention for the
language. Each reads the text once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from summarizer.reading import cldr

_SAMPLE = 6000  # characters the language model reads: enough to decide, fast on long texts
_MIN_LETTERS = 40  # below this the model guesses; English conventions are then assumed
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")  # kana, Han, Hangul
_KANA = re.compile(r"[\u3040-\u30ff]")
# Comma groups of three zeros ("12,000", "1,000,000"): thousands in any language, since no one
# writes a fraction as three zeros.
ZERO_GROUPS = re.compile(r"[1-9]\d{0,2}(?:,000)+")
# Letters of the scripts none of the languages read is written in (Latin, Greek, Cyrillic,
# Hebrew, Arabic, Devanagari, Thai and CJK are read): Armenian, Syriac, Thaana, N'Ko,
# Samaritan, Bengali to Sinhala, Lao, Tibetan, Myanmar, Georgian to Cherokee, Khmer.
_OTHER_SCRIPTS = re.compile(
    "[\u0530-\u058f\u0700-\u074f\u0780-\u086f\u0980-\u0dff\u0e80-\u0fff\u1000-\u109f"
    "\u10a0-\u10ff\u1200-\u139f\u1780-\u17ff]"
)
# Scripts written without spaces between words beyond CJK (Thai, Lao, Myanmar, Khmer), as a
# regex class body: a word may end anywhere in them. The languages read among them: Thai.
UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
UNSPACED_LANGUAGES = frozenset({"th"})
# Unambiguous decimals: "1,5" / "12,75" (no third digit after the comma) and "1.234,5" say
# comma; "1.5" / "2.75" (not a date like 12.03.) and "1,234.5" say point.
_COMMA_DECIMAL = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:\.\d{3})+,\d+|\d+,\d{1,2})(?![\d,.]\d)(?!\d)")
_COMMA_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,.]\d)(?!\d)")
_POINT_DECIMAL = re.compile(
    r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+\.\d+|\d+\.\d{1,2})(?![\d.]\d)(?!\d)(?!\.\d)"
)


# The model chooses among the languages read (`cldr.READ_LOCALES`): a garbled English text
# must not come out as Ligurian, whose conventions would then be applied to its figures.
_LANGUAGES = sorted({tag.split("_")[0] for tag in cldr.READ_LOCALES} - {"nb", "nn"} | {"no"})
_CONFIDENT = 0.6  # below this probability the language is not trusted to set conventions


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    # Imported on first use: the model loads in about 0.7 s, and importing the package must
    # stay cheap for the CLI's --help. `_load_identifier` is py3langid's own loader, the one
    # its module-level `classify` uses, here with probabilities and our languages.
    from py3langid.langid import _load_identifier

    return _load_identifier(norm_probs=True, langs=_LANGUAGES)


def has_cjk(text: str) -> bool:
    """Does `text` hold a Chinese, Japanese or Korean character (kana, Han or Hangul)?"""
    return _CJK.search(text) is not None


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language; "en" when there is too little text to tell."""
    sample = text[:_SAMPLE]
    if _KANA.search(sample):
        return "ja"
    # letters, and the vowel signs Indic and Thai scripts write on them (marks, not letters)
    letters = sum(ch.isalpha() or unicodedata.category(ch) in ("Mn", "Mc") for ch in sample)
    if letters < _MIN_LETTERS:
        return "en"
    if len(_OTHER_SCRIPTS.findall(sample)) * 2 > letters:
        return "en"  # Bengali, Georgian, Lao…: no language read writes them; none is guessed
    language, probability = _identifier().classify(sample)
    return language if probability >= _CONFIDENT else "en"


@lru_cache(maxsize=1)
def _converters():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s"), opencc.OpenCC("s2t")


def chinese_script(text: str) -> str:
    """'Hant' or 'Hans' for Chinese text, by which script's own characters it uses; '' else.

    Japanese (kana) is neither: its kanji are often the Traditional forms.
    """
    if _KANA.search(text):
        return ""
    characters = "".join(sorted(set(_HAN.findall(text))))
    if not characters:
        return ""
    to_simplified, to_traditional = _converters()
    simplified = to_simplified.convert(characters)
    traditional = to_traditional.convert(characters)
    if len(simplified) != len(characters) or len(traditional) != len(characters):
        return ""  # not a character-for-character conversion: no count to take
    only_traditional = sum(a != b for a, b in zip(characters, simplified, strict=True))
    only_simplified = sum(a != b for a, b in zip(characters, traditional, strict=True))
    if only_traditional == only_simplified:
        return ""
    return "Hant" if only_traditional > only_simplified else "Hans"


def uses_decimal_comma(text: str, language: str) -> bool:
    """Does the article write decimals with a comma? Its own figures decide, then CLDR. A
    decimal point must outnumber the commas by two: "2.1" is as often a section number or a
    version as a decimal, and one must not make a Polish text's "280 740 903 EUR" English."""
    comma = len(_COMMA_DECIMAL.findall(text))
    own_comma = cldr.separators(language)[0] == ","
    # thousands grouped with commas ("1,000 billion") say the point is the decimal mark; in a
    # language that writes a decimal comma, one group of other digits than zeros ("4,526
    # Milliarden") is as likely three decimals and says nothing
    grouped = [
        g
        for g in _COMMA_THOUSANDS.findall(text)
        if not own_comma or g.count(",") > 1 or ZERO_GROUPS.fullmatch(g)
    ]
    point = len(_POINT_DECIMAL.findall(text)) + len(grouped)
    if comma > point or point - comma >= 2:
        return comma > point
    return own_comma
