"""What CLDR (through `babel`) says about writing money and numbers in the languages read here.

The reader's vocabulary comes from here rather than from lists of what articles were seen to
contain: every currency's display names, plural forms and symbols in each locale read (so
"Japanese Yen", "Milliarden Euro", "dólares estadounidenses", "₩" and "zł" are known without
anyone having met them), the scale words of each language's compact number formats ("Mio.",
"Mrd.", "milliards", "mil millones", "亿", "억"), and each language's decimal and grouping
symbols. Built once per process (about 0.2 s) and cached.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import combinations

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import get_group_symbol, get_territory_currencies

# The locales whose press the tool reads; their CLDR data sets the vocabulary. Adding a
# language here is all it takes for its currency names and scale words to be read.
READ_LOCALES = (
    "en", "en_IN", "de", "fr", "es", "it", "pt", "pt_PT", "nl", "sv", "da", "nb", "nn", "pl",
    "fi", "et", "cs", "ro", "hu", "tr", "id", "lt", "lv", "sk", "sl", "hr",
    "bg", "el", "ga", "mt", "is", "ru", "uk", "ca", "vi", "ms", "ar", "he", "hi", "th",
    "zh", "zh_Hant", "ja", "ko",
)  # fmt: skip

# A currency read without other help from a marker that several currencies share: the one most
# written about. Only the order matters, and only among the codes a marker can denote.
_COMMON = (
    "USD", "EUR", "JPY", "CNY", "GBP", "KRW", "INR", "TWD", "CAD", "AUD", "SEK", "CHF", "RUB",
)  # fmt: skip


# ISO codes CLDR lists as territory currencies that are not money a budget is written in:
# metals, the "no currency" code, and ISO 4217's fund codes (units of account and next-day
# dollars: "31,000 units" is no sum in Colombia's "unidad de valor real").
_NOT_MONEY = frozenset(
    {"XAU", "XAG", "XPT", "XPD", "XXX", "XTS", "COU", "CLF", "BOV", "MXV", "UYI", "UYW", "USN",
     "CHE", "CHW", "XSU", "XUA", "XBA", "XBB", "XBC", "XBD", "XRE", "XFU", "XFO"}
)  # fmt: skip


def _clean(name: str) -> str:
    """A name as matched: case-folded, one space between words, no CLDR quoting ("Mio'.'")."""
    unquoted = re.sub(r"'(.)'", r"\1", name).replace("\u2019", "'")
    return re.sub(r"\s+", " ", unquoted).strip().casefold()


@lru_cache(maxsize=1)
def current_currencies() -> frozenset[str]:
    """Codes some territory uses today (CLDR's territory data): no gold, no Deutsche Mark.

    Names of withdrawn currencies ("franc", "mark") and of metals ("or" is French for gold)
    would read ordinary words as money; their ISO codes are still read.
    """
    table = get_global("territory_currencies")
    in_use = {entry[0] for entries in table.values() for entry in entries if entry[2] is None}
    return frozenset(code for code in in_use if code not in _NOT_MONEY)


@lru_cache(maxsize=64)
def currency_names(tag: str) -> dict[str, frozenset[str]]:
    """Every name and symbol CLDR gives a currency in one locale → the codes it can mean.

    Display names ("Japanese yen"), plural forms ("US dollars", "Euro", "euros"), symbols
    ("US$", "€", "kr") and, for names of several words, their head noun when two currencies
    or more share it, or when it names the locale's own currency ("kronor" of "svenska kronor",
    "dollars" of "US dollars" and "Canadian dollars", "dólares" of "dólares estadounidenses",
    "złotych" of "złotych polskich", "lira" of "Türk lirası"): the word a writer uses once the
    country is clear. Keys are `_clean`ed; a key with several codes is a marker the article's
    country must resolve.
    """
    codes = current_currencies()
    own = _own_currency(tag)
    names: dict[str, set[str]] = {}
    heads: dict[str, set[str]] = {}
    language = tag.split("_")[0]
    noun_first = language in _NOUN_FIRST
    seconds: dict[str, set[str]] = {}  # noun-first languages: first word → the words after it

    def add(name: str, code: str) -> None:
        key = _clean(name)
        too_short = len(key) < 2 and key.isascii() and key.isalpha()  # "f", "L": letters
        if key and code in codes and not key.isdigit() and not too_short:
            names.setdefault(key, set()).add(code)
            if " " in key:
                words = key.split(" ")
                head = words[0] if noun_first else words[-1]
                heads.setdefault(head, set()).add(code)
                if noun_first:
                    seconds.setdefault(head, set()).add(words[1])
                if language == "tr":  # "lirası", "doları": the noun without its possessive
                    bare = _TURKISH_POSSESSIVE.sub("", head)
                    if bare != head:
                        heads.setdefault(bare, set()).add(code)

    locale = Locale.parse(tag)
    for code, name in locale.currencies.items():
        add(name, code)
    for code, forms in locale._data.get("currency_names_plural", {}).items():
        for form in forms.values():
            add(form, code)
    for code, symbol in locale.currency_symbols.items():
        if symbol != code:
            add(symbol, code)
    for head, shared in heads.items():
        # "nuevo dólar taiwanés": a first word followed by a currency's noun is its adjective
        if noun_first and seconds.get(head, set()) & set(heads):
            continue
        if len(head) > 2 and (len(shared) > 1 or shared == {own}):
            names.setdefault(head, set()).update(shared)
    for head, shared in heads.items():
        # "рубль", "гривня", "forint": the noun of the locale's own money (English writes "$")
        if own in shared and language != "en":
            for short in _abbreviations(head):
                names.setdefault(short, set(shared))
    for key in [k for k in names if _NUKTA_FORMS.search(k)]:
        for spelling in nukta_spellings(key):
            names.setdefault(spelling, set()).update(names[key])
    return {key: frozenset(value) for key, value in names.items()}


# Letters that are no consonant of an abbreviation: vowels (by their base letter, so "ồ" is
# "o") of the Latin, Cyrillic and Greek alphabets, and the Cyrillic soft and hard signs.
_NOT_CONSONANTS = frozenset("aeiouyıæœøаеёиіїоуыэюяєьъαεηιουω")


def _is_vowel(ch: str) -> bool:
    return unicodedata.normalize("NFD", ch.casefold())[0] in _NOT_CONSONANTS


def _abbreviations(noun: str) -> set[str]:
    """How the press shortens the noun of its own country's currency, made from the noun: its
    first letter and two of the consonants after it, in order ("грн" of "гривня", "frt" of
    "forint"), with or without a point; in Cyrillic and Greek also its opening cut after a
    consonant, with or without a point ("руб.", "руб" of "рубль").

    CLDR gives the names and a symbol ("₴"), not these; they are generated, as scale-word
    truncations are, because writers abbreviate by rule rather than from a list. Only for the
    nouns that name the locale's own currency, which its articles name most. The set holds
    some forms nobody writes ("гвн"): harmless, as none is a word of the language. Latin cuts
    are not made: "for." of "forint" is an English word in another article.
    """
    if len(noun) < 4 or not noun.isalpha() or _is_vowel(noun[0]):
        return set()
    if not all(unicodedata.name(ch, "").startswith(("LATIN", "CYRILLIC", "GREEK")) for ch in noun):
        return set()
    consonants = [ch for ch in noun[1:] if not _is_vowel(ch)]
    found: set[str] = set()
    for picked in combinations(consonants, 2):
        short = noun[0] + "".join(picked)
        found |= {short, f"{short}."}
    if not unicodedata.name(noun[0]).startswith("LATIN"):
        for cut in range(3, len(noun)):
            if not _is_vowel(noun[cut - 1]):
                found |= {noun[:cut], f"{noun[:cut]}."}
    return found


# Devanagari letters with a nukta are written two ways: precomposed ("ड़", U+095C) or as the
# letter and the nukta ("ड" + U+093C). Unicode normalization keeps them apart (the precomposed
# ones are composition exclusions), so a word is looked for in both.
_NUKTA_FORMS = re.compile("[\u0958-\u095f\u093c]")
# Each nukta letter's decomposed pair → the precomposed letter (U+0958–095F).
_PRECOMPOSED = {unicodedata.normalize("NFD", chr(cp)): chr(cp) for cp in range(0x0958, 0x0960)}


def nukta_spellings(word: str) -> set[str]:
    """`word` with its nukta letters precomposed and decomposed ("करोड़" both ways)."""
    decomposed = unicodedata.normalize("NFD", word)
    composed = decomposed
    for pair, letter in _PRECOMPOSED.items():
        composed = composed.replace(pair, letter)
    return {word, decomposed, composed}


@lru_cache(maxsize=64)
def own_currency_symbols(language: str) -> frozenset[str]:
    """The symbols CLDR's locales for `language` give their own currency ("Rp", "kr", "zł")."""
    found = set()
    for tag in locales_of(language):
        own = _own_currency(tag)
        if own and tag.split("_")[0] == language:
            found.add(Locale.parse(tag).currency_symbols.get(own, own))
    return frozenset(found - {None})


# Languages that write a currency's noun before its adjective ("dólares estadounidenses",
# "złoty polski", "leu românesc"): their names' head is the first word, not the last.
_NOUN_FIRST = frozenset({"es", "pt", "it", "fr", "ro", "pl", "id", "ca", "vi", "ms", "ar", "he"})
# Turkish names a currency in a possessive compound ("ABD doları", "Türk lirası"); the press
# writes the bare noun after a number ("2 milyar dolar", "5 milyar lira").
_TURKISH_POSSESSIVE = re.compile(r"(?<=[^aeıioöuü])[ıiuü]$|(?<=[aeıioöuü])s[ıiuü]$")


@lru_cache(maxsize=64)
def _own_currency(tag: str) -> str | None:
    """The currency of the country a locale's language is most likely written in (CLDR's
    likely subtags: "pl" → PL → PLN, "pt" → BR → BRL)."""
    likely = get_global("likely_subtags").get(tag) or get_global("likely_subtags").get(
        tag.split("_")[0]
    )
    territory = likely.split("_")[-1] if likely else None
    if not territory or not territory.isalpha():
        return None
    found = get_territory_currencies(territory)
    return found[0] if found else None


def all_currency_names() -> dict[str, frozenset[str]]:
    """`currency_names` of every locale read, merged."""
    merged: dict[str, set[str]] = {}
    for tag in READ_LOCALES:
        for key, codes in currency_names(tag).items():
            merged.setdefault(key, set()).update(codes)
    return {key: frozenset(value) for key, value in merged.items()}


@lru_cache(maxsize=1)
def all_currency_symbols() -> frozenset[str]:
    """Every currency symbol CLDR gives in a locale read ("kr.", "zł", "R$", "US$"), as
    `currency_names` keys them: marks, not words of a language."""
    return frozenset(
        _clean(symbol)
        for tag in READ_LOCALES
        for code, symbol in Locale.parse(tag).currency_symbols.items()
        if symbol != code
    )


def locales_of(language: str) -> list[str]:
    """The locales read for an article in `language`: its own, then English."""
    own = [tag for tag in READ_LOCALES if tag.split("_")[0] == language]
    return own + [tag for tag in ("en", "en_IN") if tag not in own]


@lru_cache(maxsize=64)
def likely_territory(language: str) -> str | None:
    """The country CLDR's likely subtags give a language ("no" → NO, "da" → DK); None for
    English, French and the others written in many countries alike, whose money names the
    article's places must settle."""
    if language in _MANY_COUNTRIES:
        return None
    likely = get_global("likely_subtags").get(language)
    territory = likely.split("_")[-1] if likely else None
    return territory if territory and territory.isalpha() and territory.isupper() else None


# Languages of several countries with different money: their language says nothing of it.
_MANY_COUNTRIES = frozenset({"en", "fr", "es", "pt", "de", "nl", "it", "ar", "ru", "zh"})


def preferred(codes: frozenset[str]) -> str:
    """The reading of a shared marker when nothing in the article decides it."""
    for code in _COMMON:
        if code in codes:
            return code
    return min(codes)


@lru_cache(maxsize=32)
def scale_words(language: str) -> dict[str, int]:
    """Scale words of every language read → their multiplier; the article's language wins.

    From CLDR's compact decimal formats: the pattern "00 Mio." under 10,000,000 gives "mio."
    → 10⁶. Where languages disagree ("billion": 10⁹ in English, 10¹² in French and German),
    the article's own language decides, then English.
    """
    words: dict[str, int] = {}
    order = [tag for tag in READ_LOCALES if tag.split("_")[0] not in (language, "en")]
    order += ["en", "en_IN"] + _tags_of(language)
    for tag in order:  # later locales overwrite earlier ones
        for word, multiplier in _locale_scales(tag).items():
            words[word] = multiplier
    own: dict[str, int] = {}
    for tag in _tags_of(language):
        own.update(_locale_scales(tag))
    words.update(_truncations(own))
    words.update({k: v for k, v in _compounds(own).items() if k not in words})
    words.update({k: v for k, v in _slips(own).items() if k not in words})
    for word in [w for w in words if _NUKTA_FORMS.search(w)]:
        words.update(dict.fromkeys(nukta_spellings(word), words[word]))
    return words


def _word(text: str) -> bool:
    """Letters and the marks written on them ("करोड़" carries a nukta), two or more."""
    return len(text) > 1 and all(unicodedata.category(ch)[0] in "LM" for ch in text)


def _compounds(own: dict[str, int]) -> dict[str, int]:
    """A small scale word before a large one multiplies it: Hindi "लाख करोड़" (10⁵ × 10⁷),
    "हज़ार करोड़", English "thousand million". CLDR lists each scale word once, alone."""
    small = {w: v for w, v in own.items() if v <= 10**5 and _word(w)}
    large = {w: v for w, v in own.items() if v >= 10**6 and _word(w)}
    return {f"{a} {b}": x * y for a, x in small.items() for b, y in large.items()}


def _truncations(own: dict[str, int]) -> dict[str, int]:
    """Scale words cut short with a point, as the press abbreviates its own language's words:
    "δισεκατ." and "εκατ." for δισεκατομμύρια and εκατομμύρια, "bil." for billion.

    Generated from the language's own scale words, because CLDR lists one abbreviation per
    scale and writers cut anywhere.
    A cut is kept only when every word of the language it could begin means one multiplier:
    Spanish "mil." could begin "millones" but "mil" is a thousand, so it is not read.
    """
    meanings: dict[str, set[int]] = {}
    for word, multiplier in own.items():
        meanings.setdefault(word.rstrip("."), set()).add(multiplier)
        if len(word) < 6 or not _word(word):
            continue
        for cut in range(3, len(word) - 1):
            meanings.setdefault(word[:cut], set()).add(multiplier)
    return {
        f"{stem}.": next(iter(values))
        for stem, values in meanings.items()
        if len(values) == 1 and f"{stem}." not in own and stem not in own
    }


def _slips(own: dict[str, int]) -> dict[str, int]:
    """The language's long scale words with one letter dropped, as typing drops it ("€107
    mlhões" for milhões, "3 millon"): generated from the words, like their truncations. The
    first letter stays, a slip never makes another scale word (those are read as written:
    Polish "bilion" stays 10¹², though an English "billion" slips to it), and one that could
    come from two scales is not read."""
    meanings: dict[str, set[int]] = {}
    for word, multiplier in own.items():
        if len(word) < 6 or not _word(word):
            continue
        for k in range(1, len(word)):
            meanings.setdefault(word[:k] + word[k + 1 :], set()).add(multiplier)
    return {slip: next(iter(v)) for slip, v in meanings.items() if len(v) == 1 and slip not in own}


def _tags_of(language: str) -> list[str]:
    """The locales read for a language code ("no" is written as Bokmål or Nynorsk)."""
    wanted = {"nb", "nn"} if language in {"no", "nb", "nn"} else {language}
    return [tag for tag in READ_LOCALES if tag.split("_")[0] in wanted]


@lru_cache(maxsize=32)
def singular_scale_words(language: str) -> frozenset[str]:
    """Scale words the language writes after "1" only ("miljardi", "Milliarde", "milliard").

    Standing alone before a currency they mean one of it: "vähintään miljardi euroa" is at
    least a billion euros. From CLDR's long compact formats, where the "one" form differs from
    the others (English "million" does not, so it is not one of these).
    """
    found: set[str] = set()
    for tag in _tags_of(language):
        long_forms = Locale.parse(tag).compact_decimal_formats.get("long", {})
        one, other = long_forms.get("one", {}), long_forms.get("other", {})
        for magnitude, pattern in one.items():
            word = _clean(pattern.suffix[0].replace("\xa0", " "))
            others = other.get(magnitude)
            if (pattern.int_prec[1] or 1) != 1 or int(magnitude) < 1000 or not word:
                continue
            if others is None or _clean(others.suffix[0].replace("\xa0", " ")) != word:
                found.add(word)
    return frozenset(found)


@lru_cache(maxsize=64)
def _locale_scales(tag: str) -> dict[str, int]:
    found: dict[str, int] = {}
    locale = Locale.parse(tag)
    for formats in locale.compact_decimal_formats.values():
        for patterns in formats.values():
            for magnitude, pattern in patterns.items():
                zeros = pattern.int_prec[1] or 1
                multiplier = int(magnitude) // 10 ** (zeros - 1)
                word = _clean(pattern.suffix[0].replace("\xa0", " "))
                if word and multiplier > 1 and not word.isdigit():
                    found.setdefault(word, multiplier)
                    # the abbreviation's point is often dropped: "250 Mio EUR", "3 Mrd Euro"
                    if word.endswith(".") and len(word) > 3:
                        found.setdefault(word.rstrip("."), multiplier)
    return found


@lru_cache(maxsize=32)
def separators(language: str) -> tuple[str, str]:
    """The (decimal, grouping) symbols CLDR gives the language: ('.', ',') for English."""
    try:
        symbols = Locale.parse(language).number_symbols["latn"]
    except (UnknownLocaleError, ValueError, LookupError):
        return ".", ","
    return symbols["decimal"], symbols["group"]


@lru_cache(maxsize=64)
def spaced_groups(language: str) -> bool:
    """Does `language` group thousands with a space ("1 234 567": CLDR's group symbol is a
    space, a no-break or a narrow no-break space)?"""
    try:
        return get_group_symbol(Locale.parse(language)) in (" ", "\u00a0", "\u202f")
    except (UnknownLocaleError, ValueError):
        return False


@lru_cache(maxsize=64)
def month_words(language: str) -> frozenset[str]:
    """Month names and their abbreviations in `language`, case-folded."""
    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return frozenset()
    names: set[str] = set()
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            names |= {n.casefold().rstrip(".") for n in locale.months[context][width].values()}
    return frozenset(names)
