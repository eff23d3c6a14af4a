"""Currency markers: what a symbol, code or word can mean, and which meaning an article implies.

The regular grammar in `numbers` needs the concrete spellings that appear next to amounts
("S$", "NT$", "yen", "日元", "원"); CLDR (through `babel`) does not list spellings like
"U.S. dollars" or "新台币", so those token tables are written here by hand. What CLDR does well
is say which currencies a bare symbol can denote across locales ("$" → USD, CAD, AUD, SGD, …;
"¥" → JPY, CNY) and which currency a country uses; both are taken from `babel`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from babel import Locale
from babel.numbers import get_territory_currencies, list_currencies

from summarizer.reading import cldr
from summarizer.reading.language import (
    chinese_script,
    detect_language,
    has_cjk,
    uses_decimal_comma,
)
from summarizer.reading.prefilter import Prefiltered

# Spellings that name exactly one currency. Keys are matched case-sensitively for symbols
# and CJK, case-insensitively for English words (see `numbers`).
PREFIX_CODES: dict[str, str] = {
    "US$": "USD",
    "U.S.$": "USD",
    "S$": "SGD",
    "SG$": "SGD",
    "NT$": "TWD",
    "C$": "CAD",
    "CA$": "CAD",
    "Can$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "HK$": "HKD",
    "NZ$": "NZD",
    "R$": "BRL",
    "€": "EUR",
    "₩": "KRW",
    "￦": "KRW",
    "₹": "INR",
    "JP¥": "JPY",
    "CN¥": "CNY",
    "RMB": "CNY",
    "人民币": "CNY",
    "人民幣": "CNY",
    "新台币": "TWD",
    "新臺幣": "TWD",
    "新台幣": "TWD",
    "台币": "TWD",
    "臺幣": "TWD",
    "台幣": "TWD",
    "港币": "HKD",
    "港幣": "HKD",
    "Rs.": "INR",
    "Rs": "INR",
    "£": "GBP",
    "$": "USD",
    "¥": "JPY",
    "￥": "JPY",
}

# Bare symbols whose meaning depends on the article; the value above is only the fallback.
CONTEXT_SYMBOLS = frozenset({"$", "¥", "￥", "£", "Rs", "Rs.", "C$"})

# English currency words after a number ("1.23 trillion yen", "117.2 billion U.S. dollars").
SUFFIX_WORDS: dict[str, str] = {
    "u.s. dollars": "USD",
    "u.s. dollar": "USD",
    "us dollars": "USD",
    "us dollar": "USD",
    "american dollars": "USD",
    "singapore dollars": "SGD",
    "canadian dollars": "CAD",
    "australian dollars": "AUD",
    "hong kong dollars": "HKD",
    "new taiwan dollars": "TWD",
    "taiwan dollars": "TWD",
    "new zealand dollars": "NZD",
    "dollars": "USD",
    "dollar": "USD",
    "yen": "JPY",
    "won": "KRW",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupees": "INR",
    "rupee": "INR",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "pounds": "GBP",
    "pound": "GBP",
    "sterling": "GBP",
    "swiss francs": "CHF",
    "francs": "CHF",
    "ringgit": "MYR",
    "baht": "THB",
    "रुपये": "INR",  # CLDR spells the plural "रुपए"; the press writes both
    "rupiah": "IDR",
}

# Words whose country the text must tell ("dollars" alone): like the bare symbols.
CONTEXT_WORDS = frozenset({"dollars", "dollar", "rupees", "rupee", "pounds", "pound", "francs"})

# CJK currency words after a number ("3870億円", "101 亿美元", "26조 원").
CJK_SUFFIXES: dict[str, str] = {
    "日元": "JPY",
    "日圆": "JPY",
    "日圓": "JPY",
    "円": "JPY",
    "美元": "USD",
    "美金": "USD",
    "欧元": "EUR",
    "歐元": "EUR",
    "英镑": "GBP",
    "英鎊": "GBP",
    "韩元": "KRW",
    "韓元": "KRW",
    "港元": "HKD",
    "港币": "HKD",
    "港幣": "HKD",
    "新加坡元": "SGD",
    "新台币": "TWD",
    "新臺幣": "TWD",
    "新台幣": "TWD",
    "台币": "TWD",
    "臺幣": "TWD",
    "卢比": "INR",
    "元人民币": "CNY",
    "元人民幣": "CNY",
    "人民币": "CNY",
    "人民幣": "CNY",
    "元": "CNY",
    "圓": "CNY",
    "米ドル": "USD",
    "豪ドル": "AUD",
    "カナダドル": "CAD",
    "香港ドル": "HKD",
    "台湾ドル": "TWD",
    "シンガポールドル": "SGD",
    "ドル": "USD",
    "ユーロ": "EUR",
    "ポンド": "GBP",
    "ウォン": "KRW",
    "人民元": "CNY",
    "ルピー": "INR",
    "원": "KRW",
    "달러": "USD",
    "엔": "JPY",
    "유로": "EUR",
    "위안": "CNY",
}


# Codes a writer puts before or after a number ("USD 5 million", "10 billion EUR"). Any ISO
# code would do, but three capital letters are also acronyms ("THE", "CEO"), so only codes
# that CLDR knows are accepted, and the grammar requires a number next to them.
@lru_cache(maxsize=1)
def iso_codes() -> frozenset[str]:
    """All ISO 4217 codes CLDR knows."""
    return frozenset(list_currencies())


# Country cues: a hand-written list because no library maps article wording to countries.
# Each territory's currency then comes from CLDR.
_TERRITORY_CUES: dict[str, str] = {
    "US": r"\bU\.\s?S\.|\bUS\b|United States|\bAmerica|Washington|Biden|Trump|Congress|"
    r"\bCHIPS\b|federal|美国|美國|미국",
    "CA": r"\bCanad|Ottawa|Ontario|Quebec|Alberta|British Columbia|加拿大|캐나다",
    "AU": r"\bAustralia|Canberra|New South Wales|Victoria's|Queensland|澳大利亚|澳洲|호주",
    "NZ": r"New Zealand|Wellington|新西兰",
    "SG": r"Singapore|新加坡|싱가포르",
    "HK": r"Hong Kong|香港|홍콩",
    "TW": r"Taiwan|Taipei|台湾|臺灣|台灣|台北|臺北|대만",
    "JP": r"\bJapan|Tokyo|日本|東京|东京|일본|[\u3040-\u30ff]",
    "CN": r"\bChina\b|Chinese|Beijing|Xinhua|中国|中國|北京|新华|중국",
    "IN": r"\bIndia|New Delhi|Mumbai|印度|인도",
    "PK": r"Pakistan|Islamabad",
    "LK": r"Sri Lanka|Colombo",
    "GB": r"\bUK\b|United Kingdom|Britain|British|London|Chancellor of the Exchequer|英国",
    "EG": r"\bEgypt",
    "MX": r"\bMexic",
    "KR": r"\bKorea|Seoul|韩国|韓國|한국|[\uac00-\ud7a3]",
}
# Each skips a text that holds none of its words (`prefilter`): a budget table names no country.
_CUE_RES = {code: Prefiltered(re.compile(rx)) for code, rx in _TERRITORY_CUES.items()}


@lru_cache(maxsize=1)
def _territory_names() -> tuple[Prefiltered, dict[str, str]]:
    """Every country's name in every locale read (CLDR) → its code, and one regex for all.

    The hand-written cues above add what CLDR does not name: capitals, leaders, demonyms.
    """
    names: dict[str, str] = {}
    for tag in cldr.READ_LOCALES:
        for code, name in Locale.parse(tag).territories.items():
            if code.isalpha() and len(code) == 2 and len(name) > 2 and code != "EU":
                names.setdefault(name, code)
    from summarizer.reading.grammar import trie_regex  # grammar imports this module at load time

    pattern = re.compile(r"(?<![^\W\d_])(?:" + trie_regex(sorted(names)) + r")(?![a-z])")
    return Prefiltered(pattern), names


def _territory_counts(text: str) -> Counter[str]:
    counts = Counter({code: len(rx.findall(text)) for code, rx in _CUE_RES.items()})
    pattern, names = _territory_names()
    for match in pattern.finditer(text):
        code = names.get(" ".join(match.group().split()))
        if code is not None and code not in _TERRITORY_CUES:  # those are counted above
            counts[code] += 1
    return counts


# "C$5.2 billion ($3.6 billion)": the parenthetical bare "$" is the US dollar.
# A year of the Republic of China's calendar, as Taiwanese budget texts write it.
_ROC_YEAR = re.compile(r"(?:民國|民国)\s*\d{2,3}\s*年|(?<![\d.,])1[0-4]\d\s*年度")
_OWN_DOLLAR = re.compile(
    r"(?<![A-Za-z])(?:C|CA|Can|A|AU|S|SG|NZ|HK)\$\s?[\d.,]+(?:\s?[A-Za-z]+)?\s*"
    r"\(\s*(?:about\s+|around\s+|roughly\s+|some\s+)?\$"
)

# Locales scanned for symbol meanings: the regions whose press the tool reads. Scanning all
# CLDR locales costs close to a second; these give the same answers for the symbols above.
_SYMBOL_LOCALES = (
    "en", "en_US", "en_CA", "en_AU", "en_NZ", "en_SG", "en_HK", "en_IN", "en_GB", "fr_CA",
    "zh", "zh_Hant", "zh_Hant_HK", "ja", "ko", "es_MX", "es_AR", "ur", "si", "ar_EG", "es_CO",
)  # fmt: skip


@lru_cache(maxsize=1)
def _symbol_meanings() -> dict[str, frozenset[str]]:
    meanings: dict[str, set[str]] = {}
    for name in _SYMBOL_LOCALES:
        for code, symbol in Locale.parse(name).currency_symbols.items():
            meanings.setdefault(symbol, set()).add(code)
    return {symbol: frozenset(codes) for symbol, codes in meanings.items()}


@lru_cache(maxsize=1024)  # asked for every figure; a few markers recur
def symbol_candidates(marker: str) -> frozenset[str]:
    """The currencies a marker can denote: several for "$", one for "S$" or "yen"."""
    if marker in {"元", "圓"}:
        return _YUAN
    cldr_codes = currency_markers().get(" ".join(marker.split()).casefold(), frozenset())
    return _hand_candidates(marker) | cldr_codes


def _hand_candidates(marker: str) -> frozenset[str]:
    fallback = PREFIX_CODES.get(marker) or SUFFIX_WORDS.get(marker.lower())
    if marker in {"Rs", "Rs."}:
        return frozenset({"INR", "PKR", "LKR"})
    if marker.lower() in {"dollars", "dollar"}:
        return _symbol_meanings().get("$", frozenset()) | {"USD"}
    if marker.lower() in {"pounds", "pound"}:
        return frozenset({"GBP", "EGP"})
    found = _symbol_meanings().get(marker.replace("￥", "¥"), frozenset())
    return (found | {fallback}) if fallback else found


@lru_cache(maxsize=16)
def currency_markers(language: str | None = None) -> dict[str, frozenset[str]]:
    """Currency markers (case-folded) → the codes each can mean.

    CLDR's names and symbols (`cldr.currency_names`) in the article's language and English,
    or in every locale read when no language is given; every locale's symbols and CJK names
    (short, and written the same whatever the text's language); then the spellings above,
    which CLDR lacks or which press usage settles ("U.S. dollars", "円", "원").
    """
    everything = cldr.all_currency_names()
    if language is None:
        markers = {key: set(codes) for key, codes in everything.items()}
    else:
        # Other languages' words are left to their own articles ("eurų", "dollars", "złotych"
        # in an article in Italian would only slow its patterns, and Slovenian "von", the won,
        # is German "of"): their symbols stay, and the CJK names, which every CJK article
        # shares.
        symbols = cldr.all_currency_symbols()
        markers = {
            key: set(codes)
            for key, codes in everything.items()
            if key in symbols or has_cjk(key) or not any(ch.isalpha() for ch in key)
        }
        for tag in cldr.locales_of(language):
            for key, codes in cldr.currency_names(tag).items():
                markers.setdefault(key, set()).update(codes)
    for table in (PREFIX_CODES, SUFFIX_WORDS, CJK_SUFFIXES):
        for marker, code in table.items():
            markers.setdefault(marker.casefold(), set()).add(code)
    return {key: frozenset(codes) for key, codes in markers.items()}


@lru_cache(maxsize=4096)
def _resolved(context: CurrencyContext, marker: str) -> tuple[str, bool]:
    """`context.resolve(marker)`, once per article and marker: asked for every figure."""
    return context._resolve(marker)


def territory_of_url(url: str | None) -> str | None:
    """The country a page's address names: its country-code domain ("….gov.au" → AU, "….uk" →
    GB), or the United States for the federal ".gov" and ".mil"; None for any other."""
    if not url:
        return None
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").rstrip(".")
    last = host.rsplit(".", 1)[-1].lower()
    if last in ("gov", "mil"):
        return "US"
    if len(last) == 2 and last.isalpha() and last not in ("eu", "io"):
        return "GB" if last == "uk" else last.upper()
    return None


# What a bare 元 or 圓 can be: the renminbi, the New Taiwan, Hong Kong or Macau dollar.
_YUAN = frozenset({"CNY", "TWD", "HKD", "MOP"})
_YUAN_PLACES = {"TW": "TWD", "HK": "HKD", "MO": "MOP", "CN": "CNY"}


@dataclass(frozen=True)
class CurrencyContext:
    """Which countries an article is about, most mentioned first, to read "$" or "¥" by."""

    territories: tuple[str, ...] = ()
    # An article that converts "C$…" into "($…)" uses bare "$" for the US dollar.
    dollar_is_usd: bool = False
    language: str = "en"  # ISO 639-1, from `language.detect`
    script: str = ""  # "Hans" or "Hant" for Chinese text
    decimal_comma: bool = False  # "1,5 Mrd." rather than "1.5 billion"
    # The first of `territories` is named no more often than the second: no country leads.
    lead_tied: bool = False

    @classmethod
    def of(cls, text: str, *, place: str | None = None) -> CurrencyContext:
        """Count each country's cues in `text` and rank the countries by them; read the
        article's language, Chinese script and decimal mark. `place`, the country of the
        page's address (`territory_of_url`), counts as one more cue: a Queensland release on a
        .gov.au site that never writes "Australia" gives its "$" in Australian dollars."""
        counts = _territory_counts(text)
        if place:
            counts[place] += 1
        ranked = tuple(code for code, n in counts.most_common() if n > 0)
        tied = len(ranked) > 1 and counts[ranked[0]] == counts[ranked[1]]
        language = detect_language(text)
        script = chinese_script(text)
        if script == "Hant" and "TW" not in ranked and _ROC_YEAR.search(text):
            ranked += ("TW",)  # only Taiwan counts years from 1912: "111年度", "民國113年"
        return cls(
            territories=ranked,
            dollar_is_usd=bool(_OWN_DOLLAR.search(text)),
            language=language,
            script=script,
            decimal_comma=uses_decimal_comma(text, language),
            lead_tied=tied,
        )

    def yuan(self) -> tuple[str, bool]:
        """What a bare 元 or 圓 means here: `(code, ambiguous)`.

        The script decides first: a Traditional-script writer (Taiwan, Hong Kong, Macau)
        marks the renminbi explicitly (人民幣) and means the local dollar by a bare 元, whichever
        of the three places the article names first (the New Taiwan dollar, open, when it names
        none); a Simplified-script writer means the renminbi unless the article is about
        Taiwan, Hong Kong or Macau before the mainland (then open).
        """
        local = [t for t in self.territories if t in ("TW", "HK", "MO")]
        if self.script == "Hant":
            return (_YUAN_PLACES[local[0]], False) if local else ("TWD", True)
        places = [t for t in self.territories if t in _YUAN_PLACES]
        if places and places[0] != "CN":
            return _YUAN_PLACES[places[0]], True
        return "CNY", self.script != "Hans" and not places

    def resolve(self, marker: str) -> tuple[str, bool]:
        """Return `(code, ambiguous)` for a currency marker as written.

        Unambiguous markers map straight to their code. For a bare symbol or word, the first
        country mentioned in the article whose currency the marker can denote wins; with no
        such country the conventional reading is returned and marked ambiguous.
        """
        return _resolved(self, marker)

    def _resolve(self, marker: str) -> tuple[str, bool]:
        fallback = PREFIX_CODES.get(marker) or SUFFIX_WORDS.get(marker.lower())
        if marker in {"元", "圓"}:
            return self.yuan()
        if fallback is None:  # a CLDR name or symbol: one currency, or several to choose from
            codes = currency_markers().get(" ".join(marker.split()).casefold(), frozenset())
            if len(codes) == 1:
                return next(iter(codes)), False
            if not codes:
                return marker.upper(), False
            placed = self._placed(codes) or self._of_language(codes)
            return (placed, False) if placed else (cldr.preferred(codes), True)
        if marker not in CONTEXT_SYMBOLS and marker.lower() not in CONTEXT_WORDS:
            return fallback, False
        if self.dollar_is_usd and marker.lower() in {"$", "dollars", "dollar"}:
            return "USD", False
        placed = self._placed(symbol_candidates(marker))
        if placed:
            return placed, False
        # "£" and "C$" have one reading in practice; the others need the article's country.
        return fallback, marker not in {"£", "C$"}

    def _of_language(self, codes: frozenset[str]) -> str | None:
        """The currency among `codes` of the country whose language the article is in, by
        CLDR's likely territory for it: a Norwegian text's "kroner" are Norwegian, a Danish
        one's Danish."""
        territory = cldr.likely_territory(self.language)
        if territory is None:
            return None
        return next((c for c in get_territory_currencies(territory) if c in codes), None)

    def _agree(self, codes: frozenset[str]) -> bool:
        """Do the two countries named most read `codes` as the same currency?"""
        readings = {
            next((c for c in get_territory_currencies(territory) if c in codes), None)
            for territory in self.territories[:2]
        }
        return len(readings) == 1

    def _placed(self, codes: frozenset[str]) -> str | None:
        """The currency among `codes` of the country the article is most about, if any.

        Only the country named most counts: a development bank's release on Mongolia that
        names Australia once as a co-financier still writes "$" for the US dollar, by the
        convention of international finance (the reading then stays open).
        """
        if not self.territories:
            return None
        if self.lead_tied and not self._agree(codes):
            # "help Kiribati, Samoa, Solomon Islands, and Tonga": four countries named once
            # each, with three currencies among them; the "$" stays open
            return None
        for code in get_territory_currencies(self.territories[0]):
            if code in codes:
                return code
        return None
