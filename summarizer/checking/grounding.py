"""Locating quotes in the source: exact, then normalized, then fuzzy with a digit guard.

`SourceIndex(source)` prepares one source for many quotes: a normalized form of it with maps
back to original offsets, and (on first need) an index of its tokens. `index.ground(quote)`
returns a `Grounding`: the span in the original source and how the quote matched.

- EXACT: `str.find` on the source, preferring an occurrence that does not cut a number.
- NORMALIZED: `str.find` after Unicode NFKC (full-width → ASCII), curly quotes → straight,
  dashes → "-", whitespace runs → one space, case folding; then the same with all whitespace
  removed, because CJK quotes often drop or add the spaces around numbers ("6兆\\n円程度" ↔
  "6兆円程度").
- FUZZY: `rapidfuzz` alignment inside windows around the quote's rarest tokens (never the
  whole source per quote), accepted at `FUZZY_THRESHOLD` or above and only when the matched
  passage has exactly the quote's numbers, scale words and currency markers
  (`numeric_signature`): "150 billion yen" never grounds to "250 billion yen". The guard is
  hand-written because no aligner knows which characters carry the money.

An empty or blank quote is never found (`MatchMethod.NONE`); no exception is raised for it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from summarizer.schema import Span

FUZZY_THRESHOLD = 90.0  # rapidfuzz ratio (0-100) a fuzzy match needs
MIN_FUZZY_CHARS = 12  # shorter quotes align to almost anything; they must match exactly
_MAX_ANCHORS = 3  # distinct quote tokens whose occurrences seed fuzzy windows
_MAX_OCCURRENCES = 16  # a token found more often than this is too common to anchor on
_MAX_TRIES = 8  # near-best boundaries tried when the best one fails the digit guard
_MAX_REACH = 24  # the most characters a fuzzy match's ends move from where the alignment put them
_MAX_PLACES = 64  # occurrences of a quote tried for one that cuts no number
_MAX_WINDOWS = 256  # places of an anchor token around which a fuzzy quote is sought


class MatchMethod(StrEnum):
    """How a quote was found in the source."""

    EXACT = "exact"
    NORMALIZED = "normalized"
    FUZZY = "fuzzy"
    NONE = "none"


@dataclass(frozen=True)
class Grounding:
    """Where a quote sits in the source, how it matched, and the match score (0-100)."""

    span: Span | None
    method: MatchMethod
    score: float

    @property
    def found(self) -> bool:
        """True when the quote was located."""
        return self.span is not None


_NOT_FOUND = Grounding(None, MatchMethod.NONE, 0.0)

# --- normalization ---------------------------------------------------------------------------

_PUNCT = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"',
        "«": '"', "»": '"', "「": '"', "」": '"', "『": '"', "』": '"', "‐": "-", "‑": "-",
        "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    }
)  # fmt: skip
# Zero-width spaces and BOMs separate words like whitespace does but are not `str.isspace`.
_RUNS = re.compile(r"[^\s\u200b\u2060\ufeff]+")


@lru_cache(maxsize=8192)
def _fold(cluster: str) -> str:
    return unicodedata.normalize("NFKC", cluster).translate(_PUNCT).casefold()


@dataclass(frozen=True)
class Folded:
    """A normalized text; its character `k` came from `original[starts[k]:ends[k]]`."""

    text: str
    starts: list[int]
    ends: list[int]

    def span(self, a: int, b: int) -> Span:
        """The original span behind normalized characters `[a, b)` (`a < b`)."""
        return Span(start=self.starts[a], end=self.ends[b - 1])

    def whole(self, a: int, b: int) -> bool:
        """True when `[a, b)` takes all or none of each original character's expansion ("ﬁ")."""
        return (a == 0 or self.starts[a - 1] != self.starts[a]) and (
            b == len(self.text) or self.ends[b] != self.ends[b - 1]
        )

    def without_spaces(self) -> Folded:
        """The same text with every space removed, keeping the map."""
        keep = [k for k, ch in enumerate(self.text) if ch != " "]
        return Folded(
            self.text.replace(" ", ""), [self.starts[k] for k in keep], [self.ends[k] for k in keep]
        )


def normalize(text: str) -> Folded:
    """NFKC, straight quotes and dashes, case folded, whitespace runs → one space, stripped."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for run in _RUNS.finditer(text):
        s, e = run.span()
        if chars:  # the whitespace before this run, as one space
            chars.append(" ")
            starts.append(ends[-1])
            ends.append(s)
        word = run.group()
        if word.isascii():  # NFKC and the tables leave ASCII alone: fold it in one go
            chars.append(word.lower())
            starts.extend(range(s, e))
            ends.extend(range(s + 1, e + 1))
            continue
        i = 0
        while i < len(word):
            j = i + 1
            while j < len(word) and unicodedata.combining(word[j]):
                j += 1  # a letter with its accents, so that NFKC composes them as a whole
            for piece in _fold(word[i:j]):
                if not piece.isspace():  # NFKC spells some marks with a space ("¨" → " ̈")
                    chars.append(piece)
                    starts.append(s + i)
                    ends.append(s + j)
            i = j
    return Folded("".join(chars), starts, ends)


# --- the digit guard -------------------------------------------------------------------------

_NUMBER = r"\d+(?:,\d{3}(?!\d))*(?:\.\d+)?"  # "76,000" and "1.23"; the comma is dropped later
_NUMBER_WORDS = (
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|dozen"
)
_SCALES = r"trillion|billion|million|thousand|hundred|half|tn|bn|mn|crore|lakh"
_CJK_SCALES = r"万亿|萬億|亿|億|兆|万|萬|千|百|十|조|억|만|천"
_CJK_NUMERALS = r"〇|零|一|二|两|兩|三|四|五|六|七|八|九"
_CURRENCY_CODES = r"usd|eur|gbp|jpy|cny|rmb|krw|inr|twd|sgd|cad|aud|hkd|chf|nzd|myr|idr|thb|php"
_CURRENCY_WORDS = r"yen|won|yuan|renminbi|rupees?|euros?|pounds?|dollars?|rs"
_CJK_CURRENCIES = r"美元|日元|韩元|港元|港币|人民币|新台币|元|円|圓|원"
_WORDS = rf"(?:{_NUMBER_WORDS}|{_SCALES})s?|{_CURRENCY_CODES}|{_CURRENCY_WORDS}"
_SIGNATURE = re.compile(
    rf"(?P<number>{_NUMBER})"
    rf"|(?<![^\W\d_])(?:{_WORDS})(?![^\W\d_])"  # whole words only: "eur" is not in "Europe"
    rf"|(?:(?<=\d)|(?<=\d ))[mbk](?![^\W\d_])"  # "$50m", "5 b"
    rf"|{_CJK_SCALES}|{_CJK_NUMERALS}|{_CJK_CURRENCIES}"
    r"|(?<![^\W\d_])(?:us|s|nt|c|a|hk|nz|r)\$|[$€£¥₩₹]"
)


def _signature(folded: str) -> tuple[str, ...]:
    return tuple(
        m.group().replace(",", "") if m.lastgroup == "number" else m.group()
        for m in _SIGNATURE.finditer(folded)
    )


def numeric_signature(text: str) -> tuple[str, ...]:
    """The numbers, number words, scale words and currency markers of `text`, in order.

    Normalized like the NORMALIZED match (so "１５０" is "150"), lower case, thousands commas
    dropped: "US$76,000 million" → ("us$", "76000", "million").
    """
    return _signature(normalize(text).text)


_SEPARATORS = ".,，．"


def _inside(text: str, i: int, *, words: bool) -> bool:
    """True when position `i` (between `text[i-1]` and `text[i]`) falls inside a number.

    With `words`, inside a Latin-script word as well (CJK has no word boundaries to keep).
    """
    if i <= 0 or i >= len(text):
        return False
    left, right = text[i - 1], text[i]
    if left.isdigit() and right.isdigit():
        return True
    if words and _is_word(left) and _is_word(right):
        return True
    if right in _SEPARATORS and left.isdigit():
        return i + 1 < len(text) and text[i + 1].isdigit()
    return left in _SEPARATORS and right.isdigit() and i >= 2 and text[i - 2].isdigit()


def _is_word(ch: str) -> bool:
    return ch.isalnum() and not _CJK_CHAR.match(ch)


# --- the token index for fuzzy windows -------------------------------------------------------

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_TOKEN = re.compile(rf"{_NUMBER}|[{_CJK}]+|[^\W\d_{_CJK}]+")


def _tokens(folded: str) -> Iterator[tuple[str, int]]:
    """Numbers (commas dropped), words, and CJK character pairs, with their offsets."""
    for m in _TOKEN.finditer(folded):
        token, at = m.group(), m.start()
        if token[0].isdigit():
            yield token.replace(",", ""), at
        elif _CJK_CHAR.match(token) and len(token) > 1:
            for k in range(len(token) - 1):  # CJK writes words without spaces: index pairs
                yield token[k : k + 2], at + k
        else:
            yield token, at


# --- the index -------------------------------------------------------------------------------


class SourceIndex:
    """A source text prepared for grounding many quotes: build once, `ground` many times."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.spaced = normalize(source)
        self.bare = self.spaced.without_spaces()

    @cached_property
    def _positions(self) -> dict[str, list[int]]:
        """Where each token of the spaced form occurs; built on the first fuzzy quote."""
        positions: dict[str, list[int]] = defaultdict(list)
        for token, at in _tokens(self.spaced.text):
            positions[token].append(at)
        return dict(positions)

    def ground(self, quote: str, *, threshold: float = FUZZY_THRESHOLD) -> Grounding:
        """Locate `quote`: exact, then normalized, then fuzzy at `threshold` (0-100)."""
        if not quote.strip():
            return _NOT_FOUND
        start = self._exact(quote)
        if start != -1:
            return Grounding(Span(start=start, end=start + len(quote)), MatchMethod.EXACT, 100.0)
        folded = normalize(quote).text
        wanted = _signature(folded)
        for form, needle in ((self.spaced, folded), (self.bare, folded.replace(" ", ""))):
            span = self._normalized(form, needle, wanted)
            if span is not None:
                return Grounding(span, MatchMethod.NORMALIZED, 100.0)
        return self._fuzzy(folded, wanted, threshold)

    def _exact(self, quote: str) -> int:
        """The first occurrence that does not cut a number, else the first occurrence.

        At most `_MAX_PLACES` occurrences are tried: "1" in a page of digits cuts a number
        everywhere, and trying each of them for each quote costs the square of the page.
        """
        first = at = self.source.find(quote)
        tries = 0
        while at != -1 and (
            _inside(self.source, at, words=False)
            or _inside(self.source, at + len(quote), words=False)
        ):
            tries += 1
            at = self.source.find(quote, at + 1) if tries < _MAX_PLACES else -1
        return first if at == -1 else at

    def _normalized(self, form: Folded, needle: str, wanted: tuple[str, ...]) -> Span | None:
        """The first occurrence in `form` that cuts no character or number and keeps the numbers.

        Removing whitespace can merge numbers ("1 23" → "123"), hence the signature check.
        """
        if not needle:
            return None
        at = form.text.find(needle)
        for _ in range(_MAX_PLACES):  # likewise: the first few occurrences
            if at == -1:
                break
            end = at + len(needle)
            span = form.span(at, end)
            if (
                form.whole(at, end)
                and not _inside(self.source, span.start, words=False)
                and not _inside(self.source, span.end, words=False)
                and numeric_signature(span.slice(self.source)) == wanted
            ):
                return span
            at = form.text.find(needle, at + 1)
        return None

    def _windows(self, folded: str) -> list[tuple[int, int]]:
        """Stretches of the spaced form around the quote's rarest tokens, merged."""
        positions = self._positions
        offsets: dict[str, int] = {}
        for token, at in _tokens(folded):
            if token[0].isdigit() and token not in positions:
                return []  # a number the source never states: the guard would refuse anyway
            offsets.setdefault(token, at)
        present = sorted((len(positions[t]), t) for t in offsets if t in positions)
        if not present:
            return []
        chosen = [t for n, t in present[:_MAX_ANCHORS] if n <= _MAX_OCCURRENCES]
        chosen = chosen or [present[0][1]]
        slack = len(folded) // 4 + 8  # room for the words a fuzzy quote adds or drops
        size = len(self.spaced.text)
        spans = sorted(  # the first few places of each: a token common on a long page
            (max(0, p - offsets[t] - slack), min(size, p - offsets[t] + len(folded) + slack))
            for t in chosen
            for p in positions[t][:_MAX_WINDOWS]
        )
        merged: list[tuple[int, int]] = []
        for lo, hi in spans:
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
            else:
                merged.append((lo, hi))
        return merged

    def _fuzzy(self, folded: str, wanted: tuple[str, ...], threshold: float) -> Grounding:
        if len(folded) < MIN_FUZZY_CHARS:
            return _NOT_FOUND
        text = self.spaced.text
        # The partial alignment only finds the place: it compares the quote with stretches of
        # its own length, so a quote that leaves out k of the passage's n + k characters scores
        # about 100·(1 − k/n) there, lower than its full ratio: allow the whole leeway.
        cutoff = max(0.0, 100 - _leeway(threshold))
        best = _NOT_FOUND
        for lo, hi in self._windows(folded):
            alignment = fuzz.partial_ratio_alignment(folded, text[lo:hi], score_cutoff=cutoff)
            if alignment is None:
                continue
            candidates = self._boundaries(
                folded, lo + alignment.dest_start, lo + alignment.dest_end, threshold
            )
            for score, a, b in candidates[:_MAX_TRIES]:
                if score <= best.score:
                    break
                span = self.spaced.span(a, b)
                if numeric_signature(span.slice(self.source)) == wanted:
                    best = Grounding(span, MatchMethod.FUZZY, score)
                    break
                # else the digit guard: a fuzzy match never changes a number or currency
        return best

    def _boundaries(
        self, folded: str, a: int, b: int, threshold: float
    ) -> list[tuple[float, int, int]]:
        """Stretches of whole words and numbers near `[a, b)`, best `fuzz.ratio` first.

        Scoring what is returned (whole tokens), not the raw alignment, lets the match take
        in a word the quote dropped and never cut a number in half.
        """
        text = self.spaced.text
        reach = min(int(len(folded) * _leeway(threshold) / 100) + 4, _MAX_REACH)
        starts = [
            p
            for p in range(max(0, a - reach), min(len(text), a + reach + 1))
            if text[p] != " " and not _inside(text, p, words=True)
        ]
        ends = [
            p
            for p in range(max(1, b - reach), min(len(text), b + reach) + 1)
            if text[p - 1] != " " and not _inside(text, p, words=True)
        ]
        scored = [
            (score, s, e)
            for s in starts
            for e in ends
            if e > s and (score := fuzz.ratio(folded, text[s:e], score_cutoff=threshold))
        ]
        return sorted(scored, key=lambda c: (-c[0], c[1], c[2]))


def _leeway(threshold: float) -> float:
    """The most characters, per 100 of the quote's, that a passage may add at `threshold`.

    A passage of n + k characters holding all n of the quote's scores 200n / (2n + k) with
    `fuzz.ratio`: that is `threshold` at k = n · 2(100 − threshold) / threshold (22 at 90).
    """
    return 200 * (100 - threshold) / max(threshold, 1.0)


@lru_cache(maxsize=8)
def _index(source: str) -> SourceIndex:
    return SourceIndex(source)


def ground(quote: str, source: str, *, threshold: float = FUZZY_THRESHOLD) -> Grounding:
    """Locate `quote` in `source`; the indexes of the last few sources are reused."""
    return _index(source).ground(quote, threshold=threshold)
