"""Sentence and paragraph boundaries, as spans into the source text.

Hand-written because the tool needs exact character offsets into the untouched source and
sentence breaks for mixed English/CJK text in one pass; the usual splitters return strings
(losing offsets) and need a model download. Abbreviations common in budget writing ("U.S.",
"Dec.", "No.", "Mr.") do not end a sentence; neither does a decimal point.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from summarizer.reading import cldr

_ABBREVIATIONS = {
    "u.s", "u.k", "e.u", "mr", "mrs", "ms", "dr", "prof", "no", "nos", "inc", "ltd", "corp",
    "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "st", "vs", "etc", "e.g", "i.e", "approx", "gov", "dept", "fig", "rs", "p.m", "a.m",
    "u.s.a", "est", "jr", "sr", "gen", "rep", "sen",
    # the same kind in the European languages read: "ca. 5 Mrd.", "Nr. 3", "art. 14", "env."
    "ca", "bzw", "nr", "abs", "vgl", "z.b", "d.h", "art", "env", "núm", "sra", "mme", "av",
}  # fmt: skip


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """The abbreviations above and every scale word CLDR abbreviates with a point, in every
    language read ("Mrd.", "Mio.", "mill.", "bn."): "3 Mrd. Euro" goes on."""
    scales = {
        word[:-1].lower()
        for language in {tag.split("_")[0] for tag in cldr.READ_LOCALES}
        for word in cldr.scale_words(language)
        if word.endswith(".")
    }
    return frozenset(_ABBREVIATIONS | scales)


_END = re.compile(
    r"[.!?](?:[\"'”’)\]]*)(?=\s+|$)|[。！？](?:[」』”’）)]*)|\n\s*\n"
    r"|\n(?=\s*[-•*#]|\s*\(\d|[A-Za-z_]+:\s)"  # list items, headings, YAML front-matter keys
)
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


def _word_before(source: str, start: int, end: int) -> str:
    """The word ending at `end` ("U.S", "Dec"), not before `start`: what the regex
    `[A-Za-z][A-Za-z.]*$` finds in `source[start:end]`, or "" (empty when there is none).

    Read backwards from `end`, so that a sentence that runs on past many abbreviations is not
    read again from its start at each of them (the cost grew with the square of its length).
    """
    first = end
    while first > start and source[first - 1] in _WORD_CHARS:
        first -= 1
    return source[first:end].lstrip(".")


@dataclass(frozen=True)
class Segment:
    """A sentence or paragraph: its span and its text (`text == source[start:end]`)."""

    start: int
    end: int
    text: str


def _trimmed(source: str, start: int, end: int) -> Segment | None:
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    return Segment(start, end, source[start:end]) if end > start else None


MAX_SENTENCE = 1_500  # characters; real ones run to a few hundred (a Wikipedia lead: 900)
_BREAK = re.compile(r"[\s，、;；]|,(?!\d)")  # never inside "1,234"


def _bounded(source: str, segment: Segment) -> list[Segment]:
    """Cut a run-on "sentence" at word or comma breaks into pieces of at most `MAX_SENTENCE`.

    Text with no sentence ends ("…Rapidus.The ministry…", or a long list of amounts) would
    otherwise be one sentence, and every figure's clause would be read from its start: the
    cost grows with the square of the article.
    """
    pieces: list[Segment] = []
    start = segment.start
    while segment.end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        breaks = [m.end() for m in _BREAK.finditer(source, start + MAX_SENTENCE // 2, limit)]
        cut = breaks[-1] if breaks else limit
        piece = _trimmed(source, start, cut)
        if piece:
            pieces.append(piece)
        start = cut
    tail = _trimmed(source, start, segment.end)
    if tail:
        pieces.append(tail)
    return pieces


def sentences(source: str) -> list[Segment]:
    """Split `source` into sentences (also at blank lines and list bullets).

    A sentence longer than `MAX_SENTENCE` characters is cut at a word or comma break.
    """
    segments: list[Segment] = []
    start = 0
    for match in _END.finditer(source):
        if match.group(0).startswith("."):
            word = _word_before(source, start, match.start())
            if word and (word.lower() in _abbreviations() or len(word) == 1):
                continue
            following = source[match.end() : match.end() + 3].lstrip()
            if following[:1].islower() or following[:1].isdigit():
                continue  # "May. 22., the government" and "Feb. 1" keep going
        segment = _trimmed(source, start, match.end())
        if segment:
            segments.append(segment)
        start = match.end()
    tail = _trimmed(source, start, len(source))
    if tail:
        segments.append(tail)
    if any(segment.end - segment.start > MAX_SENTENCE for segment in segments):
        segments = [piece for segment in segments for piece in _bounded(source, segment)]
    return segments


def paragraphs(source: str) -> list[Segment]:
    """Split `source` at blank lines."""
    segments: list[Segment] = []
    start = 0
    for match in re.finditer(r"\n\s*\n", source):
        segment = _trimmed(source, start, match.start())
        if segment:
            segments.append(segment)
        start = match.end()
    tail = _trimmed(source, start, len(source))
    if tail:
        segments.append(tail)
    return segments


def containing(segments: list[Segment], position: int) -> int:
    """Index of the segment that holds `position` (or the nearest one before it).

    A binary search: it runs once per figure, and long articles have thousands of both.
    """
    return max(0, bisect_right(segments, position, key=lambda segment: segment.start) - 1)
