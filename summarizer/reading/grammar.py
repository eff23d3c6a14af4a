"""The regular grammar of money, percentages and multiples, built per language and number style.

`grammar(language, decimal_comma)` compiles the patterns `numbers` reads with, once per
combination: currency markers from CLDR (every display name, plural form and symbol of every
locale read, `cldr.currency_names`) plus the colloquial spellings CLDR lacks
(`currencies`); scale words from CLDR's compact number formats of the article's language plus
English press abbreviations; digits grouped the way the article groups them (1,234.5 or
1.234,5 or 1 234,5; 1,00,000; 1'000). Markers are matched through a trie-shaped regex, so
that four thousand names cost what a few do.

Why regexes and not a parser library: see `numbers`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from summarizer.reading import cldr, hedge_words
from summarizer.reading.currencies import currency_markers
from summarizer.reading.language import UNSPACED_LANGUAGES, ZERO_GROUPS
from summarizer.reading.prefilter import Prefiltered

# English press abbreviations CLDR's English does not list (it has K, M, B, T only).
_PRESS_SCALES: dict[str, int] = {
    "k": 10**3, "thousand": 10**3, "mn": 10**6, "mln": 10**6, "m": 10**6, "millions": 10**6,
    "bn": 10**9, "bln": 10**9, "b": 10**9, "billions": 10**9, "tn": 10**12, "trn": 10**12,
    "lakh": 10**5, "lakhs": 10**5, "lac": 10**5, "crore": 10**7, "crores": 10**7,
    "cr": 10**7, "lakh crore": 10**12, "lakh crores": 10**12,
}  # fmt: skip


# CJK and Korean scale characters, composed ones included: Japanese and Korean tables state
# their unit as "百万円" or "백만원" (a numeral times a myriad scale), which CLDR does not list.
# The Han characters and their values come from Unicode's Unihan numeric data (through
# `unicodedata`), so the accounting forms tables use ("仟元", "佰萬") are read as well as
# 千 and 百; Hangul has no numeric values in Unicode, so the Korean ones are written here.
def _han_scales() -> dict[str, int]:
    powers = {}
    for cp in range(0x4E00, 0xA000):
        value = unicodedata.numeric(chr(cp), None)
        if value and value >= 10 and value == int(value) and str(int(value)).rstrip("0") == "1":
            powers[chr(cp)] = int(value)
    myriads = {c: v for c, v in powers.items() if v in (10**4, 10**8)}  # 万 萬 亿 億
    units = {c: v for c, v in powers.items() if v >= 10**3}  # 千 仟 … 兆
    for small, times in powers.items():
        for big, value in myriads.items():
            if times < value:  # "千万", "佰萬", "万亿"
                units[small + big] = times * value
    return units


CJK_UNITS: dict[str, int] = _han_scales() | {
    "조": 10**12, "천억": 10**11, "백억": 10**10, "십억": 10**9, "억": 10**8, "천만": 10**7,
    "백만": 10**6, "십만": 10**5, "만": 10**4, "천": 10**3,
}  # fmt: skip

# The hedge words written before a figure (`hedge_words`): Latin-script words need a space
# after them, CJK ones are written against the figure. "规模"/"규모" ("in size") and "worth" only
# say what a figure measures: not hedges.
HEDGE_BEFORE = rf"(?i:{hedge_words.LATIN})"
HEDGE_CJK_BEFORE = rf"(?:{hedge_words.CJK})"
INNER_HEDGE = r"(?:余|餘|多)"
# Read on the figure's own line only (the pattern joins them with spaces and tabs): a line that
# opens with "以上" or "多くの" starts a sentence ("以上资金合计…": the above funds total), it
# does not hedge the figure above it. "多く" ("many", "more") is a word, not the hedge "多".
HEDGE_CJK_AFTER = r"(?:程度|以上|を超える|超|余|餘|多(?!く)|左右|前后|前後|이상|여|가량|정도|強|弱)"
NUMBER_WORDS = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred)"
)
# Digits, numerals, or both within one 万 group: "516億7千4百24万円" writes 7,424 as 7千4百24.
CJK_NUM = (
    r"(?:\d+(?:[千百十]\d*)+(?![\d.,])|\d[\d,]*(?:\.\d+)?|[〇零一二两兩三四五六七八九十百千]+)"
)
# Between a number and its scale or currency: spaces, or one line break and the indentation
# of a hard-wrapped page ("$2.3\n    billion"). Bounded, so no pattern backtracks far.
GAP = r"(?:-|[ \t\u00a0\u202f\u2009]{0,3}(?:\n[ \t\u00a0\u202f\u2009]{0,16})?)"  # "$680.7-million"
_THIN = "\u00a0\u202f\u2009"
_GROUPING = re.compile(f"[\\s'’{_THIN}]")  # grouping marks dropped before reading digits


def trie_regex(words: list[str], *, spaces: str = r"\s+") -> str:
    """One regex matching any of `words`, shaped as a trie; the longest match wins.

    A plain alternation of thousands of names tries each at every position; the trie tries
    one branch per character. A space inside a name matches `spaces` (names wrap lines too).
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = []
        for char in sorted(k for k in node if k):
            piece = spaces if char == " " else re.escape(char)
            branches.append(piece + emit(node[char]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return emit(trie)


def _boundary(pattern: str) -> str:
    """No letter may follow an alphabetic marker ("euro" in "europe" is not a currency)."""
    return pattern + r"(?![^\W\d_])"


@dataclass(frozen=True)
class Grammar:
    """The compiled patterns of one language and number style."""

    decimal_comma: bool
    scales: dict[str, int]
    money_prefix: re.Pattern[str]
    money_suffix: re.Pattern[str]
    money_cjk: re.Pattern[str]
    percent: re.Pattern[str]
    bare_scaled: re.Pattern[str]
    bare_word_scaled: re.Pattern[str]
    word_money: re.Pattern[str]
    language: str = "en"

    def scale(self, word: str | None) -> int:
        """The multiplier of a scale word as written (1 when there is none)."""
        if not word:
            return 1
        return self.scales[" ".join(word.split()).casefold()]

    def decimal(self, num: str) -> Decimal:
        """Read a digit string with this style's decimal mark and grouping."""
        cleaned = _GROUPING.sub("", num)
        if self.decimal_comma and ZERO_GROUPS.fullmatch(cleaned):
            # "12,000 M€" in a text that writes "1,5": no one writes a fraction as three zeros,
            # so the comma groups thousands here (a writer used to decimal points)
            cleaned = cleaned.replace(",", "")
        elif self.decimal_comma:
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
        try:
            return Decimal(cleaned)
        except InvalidOperation as exc:  # the grammar only hands over digit strings
            raise ValueError(f"not a number: {num!r}") from exc


def _number(decimal_comma: bool) -> str:
    grouped = rf"[{_THIN}'’]"
    if decimal_comma:  # 1.234,5 · 1 234,5 · 1'234 · 12,75
        return rf"(?:\d{{1,3}}(?:(?:\.|{grouped}| )\d{{3}})+(?:,\d+)?(?!\d)|\d+(?:,\d+)?)"
    return (  # 1,00,000 · 1,234.5 · 1 234.5 · 1'234 · 12.75 · .5
        r"(?:\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?(?!\d)|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
        rf"|\d{{1,3}}(?:{grouped}\d{{3}})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?|\.\d+)"
    )


# Closed-class words that may follow a bare scaled amount in each language read (prepositions
# other than "of" — "5 millones de personas" counts people —, conjunctions, common verbs).
_FOLLOWERS = {
    # "50 millones adicionales irán…": "more", said after the figure, is money's too
    "es": "para|en|a|al|y|o|con|por|que|son|se|han|ha|serán|será|destinad\\w*|adicionales|más|",
    "fr": "pour|en|à|au|aux|et|ou|par|sur|sont|seront|ont|est|sera|destiné\\w*|supplémentaires|",
    "it": "per|in|a|al|alla|e|o|con|da|sono|saranno|è|sarà|destinat\\w*|aggiuntivi|",
    "pt": "para|em|a|ao|e|ou|com|por|são|serão|foram|é|será|destinad\\w*|adicionais|",
    "nl": "voor|in|aan|en|of|met|bij|uit|op|naar|zijn|worden|wordt|is|",
}


# Case endings of the languages that attach them to a number's scale word and currency
# ("547 miljoonalla eurolla", "270 515 000 euron", "10 milliárd forintból"): each language's
# inflection, so a marker CLDR gives in its base form is read in every case. A word continuing
# past these is another word ("Euroopan" is Europe's). Turkish money names are possessive
# compounds ("ABD doları", "Türk lirası"); `cldr.currency_names` gives their bare nouns.
_CASE_ENDINGS = {
    "fi": "n|a|ä|ta|tä|na|nä|ksi|ssa|ssä|sta|stä|lla|llä|lta|ltä|lle|in|ihin|illa|illä|ista"
    "|istä|issa|issä|ille|ilta|iltä|ina|inä|iksi|ineen|jen|ja|jä|t",
    "et": "t|d|de|te|ga|ks|ni|na|ta|st|s|l|lt|le|sse|des|dega",
    "hu": "t|ot|et|öt|at|ból|ből|ba|be|ban|ben|ra|re|ról|ről|tól|től|hoz|hez|höz|nak|nek|val"
    "|vel|ért|ig|ként|on|en|ön|n|os|es|ös|as|s|nyi",
    "tr": "lık|lik|luk|lük|dan|den|tan|ten|da|de|ta|te|ya|ye|yı|yi|yu|yü|ı|i|u|ü|a|e|ın|in|un"
    "|ün|nın|nin|la|le|yla|yle|lar|ler",
    # Latvian and Lithuanian cases of "miljons"/"milijonas" beyond CLDR's forms: "12 miljonus
    # eiro", "milijonų eurų", "milijonais"
    "lv": "us|iem|os|u|a|s|i|ā|am|ie",
    "lt": "ų|us|ai|ais|o|ą|ui|uose|as|ams",
}


# The letters the followers' lookahead reads (`bare_scaled`), up to four of them.
_LOWER_LATIN = re.compile(r"[a-zà-ÿ]{1,4}")


@lru_cache(maxsize=64)
def function_words(language: str) -> frozenset[str]:
    """The language's short frequent words (prepositions, conjunctions, auxiliaries: "til",
    "blir", "für", "sont"), from jusText's stoplists (the most frequent words of each
    language's Wikipedia; jusText comes with trafilatura). Only words of up to four letters are
    kept, so "millioner mennesker" still counts people; a few short nouns stay among them
    ("year", "city", "Jahr"), and a scaled figure before one of them, in an article that gave
    a currency just before, is read as money.
    """
    import justext  # only here: the stoplists load from files once per language

    names = set(justext.get_stoplists())
    tags = {"no": ["nb", "nn"], "nb": ["nb"], "nn": ["nn"]}.get(language, [language])
    words: set[str] = set()
    for tag in tags:
        try:
            english = Locale.parse(tag).english_name or ""
        except (UnknownLocaleError, ValueError):
            continue
        name = unicodedata.normalize("NFKD", english).encode("ascii", "ignore").decode()
        name = name.replace(" ", "_")
        if name in names:
            words |= {w for w in justext.get_stoplist(name) if _LOWER_LATIN.fullmatch(w)}
    return frozenset(words)


@lru_cache(maxsize=16)
def grammar(language: str = "en", decimal_comma: bool = False) -> Grammar:
    """The patterns for an article in `language` writing decimals with a comma or a point."""
    scales = {k: v for k, v in cldr.scale_words(language).items() if not _cjk(k)}
    if language == "en" or language not in {tag.split("_")[0] for tag in cldr.READ_LOCALES}:
        scales.update(_PRESS_SCALES)
    else:
        scales = {**_PRESS_SCALES, **scales}
    words = [w for w in scales if len(w) > 1 and w not in {"mi", "bi", "l"}]
    letters = sorted(w for w in scales if len(w) == 1)
    endings = _CASE_ENDINGS.get(language)
    # Where a word must end: at a non-letter, or (in a language of case endings) at an ending
    # that `case` then takes in, outside the named group so the word itself is looked up.
    if language in UNSPACED_LANGUAGES:  # (the CJK ones have patterns of their own)
        word_end = ""  # "3,000 ล้านบาท": words run together, a marker ends anywhere
    else:
        word_end = rf"(?=(?i:{endings})?(?![^\W\d_]))" if endings else r"(?![^\W\d_])"
    case = rf"(?:(?i:{endings})(?![^\W\d_]))?" if endings else ""
    scale = (
        rf"(?:(?i:{trie_regex(words)}){word_end}"
        rf"|(?<=\d)(?i:[{''.join(letters)}])(?![^\W\d_]))"
    )
    # Before a currency, a one-letter scale may stand apart too: "1 500 M€", "5 M EUR".
    scale_before_currency = scale.replace("(?<=\\d)", "(?<=[\\d ])")
    markers = currency_markers(language)
    latin = [m for m in markers if not _cjk(m)]
    # A marker of letters only stands before a number when it is a symbol: "kr.", "zł", and the
    # symbol CLDR gives the language's own currency ("Rp" in Indonesian, "Kč" in Czech).
    own_symbols = {m.casefold() for m in cldr.own_currency_symbols(language) if m.isalpha()}
    symbols = [m for m in latin if not m.isalpha() or m in {"rmb", "rs", "kr", "zł"} | own_symbols]
    prefix = (
        rf"(?:(?<![^\W\d_])(?i:{trie_regex([m for m in symbols if m[0].isalpha()])})"
        rf"(?![^\W\d_])|{trie_regex([m for m in symbols if not m[0].isalpha()])})"
    )
    prefix += (
        r"|(?<![^\W\d_])(?:" + "|".join(["人民币", "人民幣", "新台币", "新臺幣", "新台幣"]) + ")"
    )
    # A marker ending in a letter must end a word: "euro" is not in "europeans".
    suffix = rf"(?i:{trie_regex(latin)})(?:(?<![^\W\d_])|{word_end})"
    num = _number(decimal_comma)
    codes = r"(?:[A-Z]{3})"
    join = r"(?:\s+(?:de|d'|d’|di|van|of)\s*|\s*d['’]\s*)?"
    money_prefix = re.compile(
        ""
        rf"(?P<cur>{prefix}|(?<![A-Za-z]){codes}(?=\s\d))\s?"  # "COP28" is no amount
        rf"(?<!\d)(?<!\d[.,])(?P<num>{num})(?:\s?(?:-|–|—|to|bis|à|a)\s?(?:{prefix})?(?P<num2>{num}))?"
        rf"(?:{GAP}(?P<scale>{scale}){case})?(?P<plus>\+)?"
        rf"(?:\s+(?P<tail>(?:U\.S\.|US)\s+dollars))?"
    )
    money_suffix = re.compile(
        ""
        rf"(?<![\d$€£¥₩₹])(?<!\d[.,])(?P<num>{num})(?:\s?(?:-|–|—|to|bis|à|a)\s?(?P<num2>{num}))?"
        rf"(?:{GAP}(?P<scale>{scale_before_currency}){case})?{GAP}{join}"
        rf"(?P<cur>{suffix}|{codes}(?![A-Za-z])){case}(?P<plus>\+)?"
    )
    units = trie_regex(sorted(CJK_UNITS), spaces=" ")
    cjk_cur = trie_regex(sorted(m for m in markers if _cjk(m)), spaces=" ")
    cjk_prefix = (
        r"(?:人民币|人民幣|新台币|新臺幣|新台幣|台币|臺幣|台幣|港币|港幣"
        r"|US\$|NT\$|HK\$|S\$|\$|¥|₩|￦|€|£)"
    )
    money_cjk = re.compile(
        ""
        rf"(?P<pcur>{cjk_prefix})?\s*"
        rf"(?<![\d〇零一二两兩三四五六七八九十百千])(?<![\d〇零一二两兩三四五六七八九十百千][.,])"
        rf"(?P<body>(?:{CJK_NUM}\s*(?:{INNER_HEDGE})?{units}\s*)+(?:{CJK_NUM}(?=\s*{cjk_cur}))?"
        # a bare number takes 円 or 元 only written against it ("2 円借款" is a heading)
        rf"|{CJK_NUM}(?=(?:[ \t]*원|{cjk_cur})))"
        # "more than" written inside the figure: "4676億7000万余円", "300多亿元", "1亿多元"
        rf"(?P<inner>{INNER_HEDGE})?(?:\s*(?P<cur>{cjk_cur}))?"
        rf"(?P<after>[ \t]*{HEDGE_CJK_AFTER})?"
    )
    percent = re.compile(
        ""
        rf"(?<!\d)(?<!\d[.,])(?:(?P<low>{num})\s?(?:%|％)?\s?(?:-|–|—|~|∼|〜|～|to|à|a|bis)\s?-?)?"
        rf"(?P<num>{num})\s?"
        r"(?P<unit>percentage\s+points?|Prozentpunkte?|points?\s+de\s+pourcentage|puntos?\s+"
        r"porcentuales|个百分点|個百分點|%포인트|%p|pp(?![A-Za-z])|ppts?(?![A-Za-z])|%|％|per\s?cent|"
        r"pct(?![A-Za-z])|Prozent|pour\s?cent|por\s+ciento|per\s+cento|procent|パーセント|퍼센트|"
        r"포인트|ポイント)",
        re.IGNORECASE,
    )
    long_scales = [w for w in scales if len(w) > 3]  # "Mrd." too: "mit 81,9 Mrd. um"
    long_words = trie_regex([w for w in words if len(w) > 3])  # scale words numbers stand before
    short_function_words = "|".join(sorted(function_words(language), key=len, reverse=True))
    followers = (
        rf"(?:{_FOLLOWERS.get(language, '')}for|to|in|of|on|and|or|from|over|will|would|is|was|"
        r"were|are|this|next|each|per|a|an|the|into|under|with|by|via|through|as|at|in"
        rf"{'|' + short_function_words if short_function_words else ''})"
    )
    counting_not_money = (
        r"(?!\s+(?:people|jobs|users|units|tonnes|tons|barrels|doses|households|residents|workers|"
        r"shares|chips|wafers|vehicles|cars|devices|subscribers|visitors|passengers|years)\b)"
        # a scaled figure followed by a noun counts things ("7.7 crore farmers"), not money;
        # followed by a preposition, conjunction or verb it is money whose currency the text
        # gave before ("636 millones de euros: 276,7 millones para la agricultura")
        # — on its own line, or on the next when that starts in lower case: a heading's figure
        # ("Naturpakke på 25 millioner") is not counting the next paragraph's first word.
        rf"(?![ \t]+(?!{followers}\b)[a-zà-ÿ]{{3,}})"
        # "2 millions de véhicules": "of" and a noun count things (money names its currency,
        # which the other patterns read first)
        r"(?![ \t]+(?:de|d['’]|di|of|van|da|do|des|du)[ \t]*(?-i:[a-zà-ÿ]))"
        rf"(?![ \t]*\n[ \t]*(?!{followers}\b)(?-i:[a-zà-ÿ])[a-zà-ÿ]{{2,}})"
    )
    bare_scaled = re.compile(
        rf"(?<![\d$€£¥₩₹A-Za-z])(?<!\d[.,])(?P<num>{num}){GAP}"
        rf"(?P<scale>(?i:{trie_regex(long_scales + ['bn', 'mn', 'tn'])})){word_end}{case}"
        + counting_not_money,
        re.IGNORECASE,
    )
    # The same in words: "Seks milliardar blir foreslåtte til …" after "13 milliardar kroner";
    # the number words before the scale word are read as `word_money`'s are.
    bare_word_scaled = re.compile(  # not after a digit: "1,049 million" is `bare_scaled`'s
        r"(?<![^\W\d_])(?<![\d.,][ \t\u00a0])(?<![\d.,])"
        rf"(?P<scale>(?i:{long_words}))"
        rf"{word_end}{case}" + counting_not_money,
        re.IGNORECASE,
    )
    # "drei Milliarden Euro", "deux milliards d'euros": up to four words before a scale word,
    # read by text_to_num in the article's language (the reader tries the longest tail first).
    word_money = re.compile(  # anchored on the scale word; the words before it are read after
        rf"(?<![^\W\d_])(?P<scale>(?i:{long_words}))"
        rf"{word_end}{case}{GAP}{join}(?P<cur>{suffix}){case}"
    )
    return Grammar(
        language=language,
        word_money=Prefiltered(word_money),  # type: ignore[arg-type]
        decimal_comma=decimal_comma,
        scales=scales,
        money_prefix=money_prefix,
        money_suffix=money_suffix,
        # Each skips a text holding none of the words it needs (`prefilter`).
        money_cjk=Prefiltered(money_cjk),  # type: ignore[arg-type]
        percent=Prefiltered(percent),  # type: ignore[arg-type]
        bare_scaled=Prefiltered(bare_scaled),  # type: ignore[arg-type]
        bare_word_scaled=Prefiltered(bare_word_scaled),  # type: ignore[arg-type]
    )


def _cjk(word: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for ch in word)
