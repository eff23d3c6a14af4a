"""A cheap test that a regular expression cannot match a piece of text.

The engine reads the words around every figure with regexes of many alternatives ("revenue",
"market", "earmarked", "backed by", "予算"…). Python's `re` tries such a pattern at every
position, slowly when it ignores case, and in a budget table of thousands of figures the words
around each one are read again for each of its neighbours. `Prefiltered(pattern)` skips the regex
on text holding none of the literal strings every match needs (`literals.required_strings`). The
answer is always the pattern's own: a search is skipped only when it cannot succeed.

The literals of every filtered pattern are looked for in one pass (an Aho-Corasick automaton,
`ahocorasick_rs`) over the text in lower case, and the literals found are kept for the last texts
asked about, which the engine hands to several patterns in turn. Lower case stands for `re`'s
case-insensitive matching only where no letter outside ASCII has case ("ſ" matches "s", "İ"
lower-cases to two characters): text with such a letter always goes to the regex.
"""

from __future__ import annotations

import re
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterator
from functools import lru_cache

import ahocorasick_rs

from summarizer.reading.literals import cased, required_strings

_END = sys.maxsize
_RECENT = 64  # texts whose literals are kept
_UNSEEN = object()


class _Scanner:
    """Every filtered pattern's literals, found in one pass over a text in lower case."""

    def __init__(self) -> None:
        self._literals: set[str] = set()
        self._automaton: ahocorasick_rs.AhoCorasick | None = None
        self._lock = threading.Lock()
        # The last texts asked about and their literals, oldest first: the engine asks several
        # patterns in turn about the words before a figure, cut the same way each time.
        self._recent: OrderedDict[str, frozenset[str] | None] = OrderedDict()

        # Patterns made but not yet read: read together on first use, so that importing the
        # package stays quick and the automaton is built once for all of them.
        self._waiting: list[Prefiltered] = []

    def wait(self, pattern: Prefiltered) -> None:
        """Read `pattern`'s literals with the others, when a text is first asked about."""
        with self._lock:
            self._waiting.append(pattern)
            self._automaton = None

    def read_waiting(self) -> None:
        """Derive the literals of the patterns made since the last text, and look for them."""
        with self._lock:
            for pattern in self._waiting:
                pattern.settle()
                if pattern.required and not pattern.required <= self._literals:
                    self._literals |= pattern.required
            self._waiting = []
            self._automaton = None
            self._recent = OrderedDict()  # found without these: to be looked for again

    def _built(self) -> ahocorasick_rs.AhoCorasick:
        automaton = self._automaton
        if automaton is None:
            if self._waiting:
                self.read_waiting()
            with self._lock:
                # the letters whose presence turns the filter off are looked for too
                keys = sorted(self._literals | _lower_cased_letters())
                automaton = self._automaton = ahocorasick_rs.AhoCorasick(keys)
        return automaton

    def scan(self, text: str) -> frozenset[str] | None:
        """The registered strings in `text`, scanned afresh (`found` caches this)."""
        ascii_only = text.isascii()  # the common case: no letter that lower case could miss
        if not ascii_only and "\u0130" in text:  # "İ" lower-cases to "i" and a combining dot
            return None
        seen = frozenset(self._built().find_matches_as_strings(text.lower(), overlapping=True))
        return seen if ascii_only or seen.isdisjoint(_lower_cased_letters()) else None

    def found(self, text: str) -> frozenset[str] | None:
        """The registered strings in `text` (lower-cased), or None when lower case cannot
        stand for `re`'s case-insensitive matching there."""
        recent = self._recent
        result = recent.get(text, _UNSEEN)
        if result is not _UNSEEN:
            return result  # type: ignore[return-value]
        result = self.scan(text)
        recent[text] = result
        while len(recent) > _RECENT:
            try:
                recent.popitem(last=False)
            except KeyError:  # another thread emptied it
                break
        return result


@lru_cache(maxsize=1)
def _lower_cased_letters() -> frozenset[str]:
    """Letters outside ASCII that have case, as `str.lower` leaves them (about 1,400).

    After lowering, each is still a letter with case, except "K" (Kelvin), which becomes an
    ASCII "k" that `re` also matches it with, and "İ", checked apart.
    """
    return frozenset(
        low
        for cp in range(128, sys.maxunicode + 1)
        if cased(ch := chr(cp)) and len(low := ch.lower()) == 1 and not low.isascii()
    )


_SCANNER = _Scanner()


def _too_short(literal: str) -> bool:
    return len(literal) == 1 and literal.isascii() and literal.isalnum()


Seen = frozenset[str] | None  # the registered strings found in a text; None: filter nothing


def seen_in(*texts: str) -> Seen:
    """The registered strings in any of `texts`, for `Prefiltered.search_in` on their parts.

    One scan of a window around a figure instead of one per slice of it that the patterns
    read: a budget table asks a dozen patterns about each of its tens of thousands of figures.
    """
    joined = "\x00".join(texts)  # no registered string holds a NUL: none spans two texts
    return _SCANNER.found(joined)  # cached: a repetitive page asks about one window again


class Prefiltered:
    """A compiled pattern that skips text holding none of its required strings.

    Offers the `re.Pattern` methods the engine uses (`search`, `match`, `finditer`, `findall`,
    `sub`), with the same results. A pattern whose required strings are too short to filter
    anything (a single letter or digit) is run as it is.
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._required: frozenset[str] | None = None
        self._settled = False
        _SCANNER.wait(self)

    def settle(self) -> None:
        """Derive the required strings from the pattern (once; the scanner does it for all)."""
        if not self._settled:
            required = required_strings(self.pattern)
            if required is not None and any(_too_short(s) for s in required):
                required = None  # a letter or digit is in nearly every text: nothing to filter
            self._required, self._settled = required, True

    @property
    def required(self) -> frozenset[str] | None:
        """Strings one of which a text must hold for the pattern to match it (`None`: no
        filter)."""
        if not self._settled:
            _SCANNER.read_waiting()
        return self._required

    def cannot_match(self, text: str) -> bool:
        """True when `pattern` surely finds nothing in `text`."""
        if not self._settled:
            _SCANNER.read_waiting()
        required = self._required
        if required is None:
            return False
        found = _SCANNER.found(text)
        return found is not None and required.isdisjoint(found)

    def search_in(self, text: str, seen: Seen) -> re.Match[str] | None:
        """`search`, where `seen` is what `seen_in` gave for texts one of which holds `text`
        (the strings there are a superset of those in `text`: nothing is skipped wrongly)."""
        required = self._required if self._settled else self.required
        if seen is not None and required is not None and required.isdisjoint(seen):
            return None
        return self.pattern.search(text)

    def match_in(self, text: str, seen: Seen) -> re.Match[str] | None:
        """`match`, with `seen` as for `search_in`."""
        required = self._required if self._settled else self.required
        if seen is not None and required is not None and required.isdisjoint(seen):
            return None
        return self.pattern.match(text)

    def finditer_in(self, text: str, seen: Seen) -> Iterator[re.Match[str]]:
        """`finditer`, with `seen` as for `search_in`."""
        required = self._required if self._settled else self.required
        if seen is not None and required is not None and required.isdisjoint(seen):
            return iter(())
        return self.pattern.finditer(text)

    def search(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        """`re.Pattern.search`, skipped when the text cannot hold a match."""
        if self.cannot_match(text if not pos and endpos >= len(text) else text[pos:endpos]):
            return None
        return self.pattern.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        """`re.Pattern.match`, skipped when the text cannot hold a match."""
        if self.cannot_match(text if not pos and endpos >= len(text) else text[pos:endpos]):
            return None
        return self.pattern.match(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = _END) -> Iterator[re.Match[str]]:
        """`re.Pattern.finditer`, skipped when the text cannot hold a match."""
        if self.cannot_match(text if not pos and endpos >= len(text) else text[pos:endpos]):
            return iter(())
        return self.pattern.finditer(text, pos, endpos)

    def findall(self, text: str) -> list:  # type: ignore[type-arg]
        """`re.Pattern.findall`, skipped when the text cannot hold a match."""
        return [] if self.cannot_match(text) else self.pattern.findall(text)

    def sub(self, replacement: str, text: str, count: int = 0) -> str:
        """`re.Pattern.sub`, skipped when the text cannot hold a match."""
        if self.cannot_match(text):
            return text
        return self.pattern.sub(replacement, text, count=count)
