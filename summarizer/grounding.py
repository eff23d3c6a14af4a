"""Locating quotes in the source: exact, then normalized, then fuzzy with a digit guard.

`SourceIndex(source)` prepares the source once (normalized forms with maps back to original
offsets); `index.ground(quote)` returns a `Grounding` with the span and how it matched.

- EXACT: `str.find` on the source.
- NORMALIZED: Unicode NFKC (full-width → ASCII), curly quotes → straight, dashes → "-",
  whitespace runs → one space, case folded; then the same with all whitespace removed
  (CJK quotes often drop or add the spaces around numbers: "6兆\\n円程度" ↔ "6兆円程度").
- FUZZY: `rapidfuzz`'s partial alignment inside windows around the quote's numbers (not the
  whole text per quote), accepted only when the matched passage has exactly the quote's
  numbers, scale words and currency markers: "150 billion yen" never grounds to "250 billion
  yen". The guard is hand-written because no aligner knows which tokens carry the money.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz

from summarizer.schema import Span

FUZZY_THRESHOLD = 90.0


class MatchMethod(StrEnum):
    """How a quote was found in the source."""

    EXACT = "exact"
    NORMALIZED = "normalized"
    FUZZY = "fuzzy"
    NONE = "none"


@dataclass(frozen=True)
class Grounding:
    """Where a quote sits in the source, and how sure that is."""

    span: Span | None
    method: MatchMethod
    score: float

    @property
    def found(self) -> bool:
        """True when the quote was located."""
        return self.span is not None


_NOT_FOUND = Grounding(None, MatchMethod.NONE, 0.0)
_PUNCT = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "«": '"',
        "»": '"', "「": '"', "」": '"', "『": '"', "』": '"', "‐": "-", "‑": "-", "‒": "-",
        "–": "-", "—": "-", "―": "-", "−": "-", "（": "(", "）": ")", "，": ",", "。": ".",
    }
)  # fmt: skip


def _fold(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).translate(_PUNCT).casefold()


def normalize(text: str, *, keep_spaces: bool = True) -> tuple[str, list[int]]:
    """The normalized text and, for each of its characters, the source offset it came from."""
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            pending_space = keep_spaces and bool(out)
            continue
        if pending_space:
            out.append(" ")
            offsets.append(i - 1)
            pending_space = False
        for piece in _fold(ch):
            if piece.isspace():
                continue
            out.append(piece)
            offsets.append(i)
    return "".join(out), offsets


_SCALE = (
    r"trillion|billion|million|thousand|hundred|half|bn|mn|tn|crore|lakh|万亿|萬億|亿|億|兆|万|萬|"
    r"千|조|억|만"
)
_CURRENCY = (
    r"us\$|s\$|nt\$|c\$|a\$|hk\$|\$|€|£|¥|￥|₩|₹|rs\b|usd|eur|gbp|jpy|cny|krw|inr|twd|sgd|cad|aud|"
    r"yen|won|yuan|rupees?|euros?|pounds?|dollars?|日元|美元|人民币|新台币|元|円|원"
)
_SIGNATURE = re.compile(
    rf"\d+(?:\.\d+)?|(?<![a-z])(?:{_SCALE})(?![a-z])|{_CURRENCY}|\b[mbk]\b", re.IGNORECASE
)


def numeric_signature(text: str) -> tuple[str, ...]:
    """The digits, scale words and currency markers of a text, in order, normalized."""
    folded, _ = normalize(text, keep_spaces=True)
    folded = re.sub(r"(?<=\d),(?=\d{3})", "", folded)
    return tuple(m.group(0) for m in _SIGNATURE.finditer(folded))


class SourceIndex:
    """A source text prepared for grounding many quotes."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._spaced, self._spaced_map = normalize(source, keep_spaces=True)
        self._bare, self._bare_map = normalize(source, keep_spaces=False)

    def ground(self, quote: str) -> Grounding:
        """Locate `quote`; an empty or blank quote is never found."""
        if not quote or not quote.strip():
            return _NOT_FOUND
        start = self.source.find(quote)
        if start != -1:
            return Grounding(Span(start=start, end=start + len(quote)), MatchMethod.EXACT, 100.0)
        for keep_spaces in (True, False):
            folded, _ = normalize(quote, keep_spaces=keep_spaces)
            haystack, offsets = (
                (self._spaced, self._spaced_map) if keep_spaces else (self._bare, self._bare_map)
            )
            if not folded:
                return _NOT_FOUND
            at = haystack.find(folded)
            if at != -1:
                span = Span(start=offsets[at], end=offsets[at + len(folded) - 1] + 1)
                return Grounding(span, MatchMethod.NORMALIZED, 100.0)
        return self._fuzzy(quote)

    def _windows(self, folded: str) -> list[tuple[int, int]]:
        """Stretches of the normalized source worth aligning the quote against."""
        size = len(folded)
        anchors = sorted(set(re.findall(r"\d+(?:\.\d+)?", folded)), key=len, reverse=True)
        if not anchors:
            return [(0, len(self._spaced))]
        windows = []
        for match in re.finditer(re.escape(anchors[0]), self._spaced):
            windows.append((max(0, match.start() - 2 * size), match.end() + 2 * size))
        return windows

    def _fuzzy(self, quote: str) -> Grounding:
        folded, _ = normalize(quote, keep_spaces=True)
        if len(folded) < 8:
            return _NOT_FOUND  # too short to align meaningfully
        wanted = numeric_signature(quote)
        best: Grounding = _NOT_FOUND
        for lo, hi in self._windows(folded):
            window = self._spaced[lo:hi]
            alignment = fuzz.partial_ratio_alignment(folded, window, score_cutoff=FUZZY_THRESHOLD)
            if alignment is None or alignment.score <= best.score:
                continue
            a, b = self._widen(lo + alignment.dest_start, lo + alignment.dest_end)
            start, end = self._spaced_map[a], self._spaced_map[b - 1] + 1
            if numeric_signature(self.source[start:end]) != wanted:
                continue  # the digit guard: a fuzzy match never changes a number
            best = Grounding(Span(start=start, end=end), MatchMethod.FUZZY, float(alignment.score))
        return best

    def _widen(self, a: int, b: int) -> tuple[int, int]:
        """Extend a match to whole tokens so that it never cuts a number or word in half."""
        text = self._spaced
        while a > 0 and text[a - 1].isalnum() and text[a].isalnum():
            a -= 1
        while b < len(text) and text[b - 1].isalnum() and text[b].isalnum():
            b += 1
        while a < b and text[a] == " ":
            a += 1
        while b > a and text[b - 1] == " ":
            b -= 1
        return a, max(b, a + 1)


@lru_cache(maxsize=8)
def _index(source: str) -> SourceIndex:
    return SourceIndex(source)


def ground(quote: str, source: str) -> Grounding:
    """Locate `quote` in `source` (the index of recent sources is reused)."""
    return _index(source).ground(quote)
