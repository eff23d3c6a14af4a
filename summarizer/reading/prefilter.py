"""A cheap test that a regular expression cannot match a piece of text.

The engine reads the words around every figure with regexes of many alternatives ("revenue",
"market", "earmarked", "backed by", "予算"…). Python's `re` tries such a pattern at every
position, slowly when it ignores case, and in a budget table of thousands of figures the words
around each one are read again for each of its neighbours. `Prefiltered(pattern)` derives from
the pattern's parse tree the literal strings one of which every match needs (the prefilter of
RE2 and Google Code Search) and skips the regex on text holding none of them. The answer is
always the pattern's own: a search is skipped only when it cannot succeed.

The literals of every filtered pattern are looked for in one pass (an Aho-Corasick automaton,
`ahocorasick_rs`) over the text in lower case, and the literals found are kept for the last texts
asked about, which the engine hands to several patterns in turn. Lower case stands for `re`'s
case-insensitive matching only where no letter outside ASCII has case ("ſ" matches "s", "İ"
lower-cases to two characters): text with such a letter always goes to the regex.

Hand-written: no library derives prefilters from Python patterns. The parse tree is the standard
library's `re._parser` (the parser `re` itself compiles with; `sre_parse` before 3.11); anything
in it this module does not know means "no filter", never a wrong answer.
"""

from __future__ import annotations

import re
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick_rs

try:  # the parser `re` itself compiles with
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a Python without it gets no filters
    _c = _p = None

_MAX_CLASS = 6  # a character class matching more characters than this is not expanded
_MAX_STRINGS = 1024  # exact strings tracked for one piece of a pattern (a trie of names)
_ASCII = [chr(i) for i in range(128)]
_END = sys.maxsize
_RECENT = 64  # texts whose literals are kept


def _cased(ch: str) -> bool:
    return ch.lower() != ch or ch.upper() != ch


@dataclass(frozen=True)
class _Info:
    """What is known of the strings (in lower case) a piece of a pattern matches in text whose
    only letters with case are ASCII.

    `exact`: all of them, when few (an empty set: none); None when unknown.
    `required`: strings one of which every match needs; None when nothing is required.
    `prefix`: strings one of which every match starts with; None when unknown.
    """

    exact: frozenset[str] | None
    required: frozenset[str] | None = None
    prefix: frozenset[str] | None = None

    @property
    def starts(self) -> frozenset[str] | None:
        """What every match starts with: its exact strings when known, else `prefix`."""
        return self.exact if self.exact is not None else self.prefix


_UNKNOWN = _Info(None, None)
_NOTHING = frozenset({""})
_EMPTY = _Info(_NOTHING)
_NEVER = _Info(frozenset())


def _useful(strings: frozenset[str] | None) -> frozenset[str] | None:
    """`strings` as a requirement: None when one of them is empty (then nothing is required)."""
    return strings if strings is not None and "" not in strings else None


def _requirement(info: _Info) -> frozenset[str] | None:
    return _better(_better(_useful(info.exact), info.required), _useful(info.prefix))


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two requirements: longer shortest string, then fewer strings."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=lambda s: (min(map(len, s), default=99), -len(s)))


def _product(a: frozenset[str], b: frozenset[str] | None) -> frozenset[str] | None:
    if b is None or len(a) * len(b) > _MAX_STRINGS:
        return None
    return frozenset(x + y for x in a for y in b)


@lru_cache(maxsize=4096)
def _ascii_matched(one_char: str, flags: int) -> frozenset[str]:
    """The ASCII characters (lower-cased) a one-character pattern matches, asked of `re`."""
    compiled = re.compile(one_char, flags)
    return frozenset(ch.lower() for ch in _ASCII if compiled.fullmatch(ch))


def _class(items: list) -> tuple[str, frozenset[str] | None] | None:  # type: ignore[type-arg]
    """A character class written back from its parse items, and the characters outside ASCII
    without case it holds (None when there may be many: negated, categories, long ranges)."""
    categories = {
        _c.CATEGORY_DIGIT: r"\d",
        _c.CATEGORY_NOT_DIGIT: r"\D",
        _c.CATEGORY_SPACE: r"\s",
        _c.CATEGORY_NOT_SPACE: r"\S",
        _c.CATEGORY_WORD: r"\w",
        _c.CATEGORY_NOT_WORD: r"\W",
    }
    source: list[str] = []
    uncased: set[str] | None = set()
    for op, av in items:
        if op is _c.NEGATE:
            source.append("^")
            uncased = None
        elif op is _c.LITERAL:
            source.append(re.escape(chr(av)))
            if uncased is not None and av > 127 and not _cased(chr(av)):
                uncased.add(chr(av))
        elif op is _c.RANGE:
            low, high = av
            source.append(f"{re.escape(chr(low))}-{re.escape(chr(high))}")
            first = max(low, 128)
            if uncased is not None and high >= first:
                if high - first >= _MAX_CLASS:
                    uncased = None
                else:
                    uncased |= {chr(i) for i in range(first, high + 1) if not _cased(chr(i))}
        elif op is _c.CATEGORY and av in categories:
            source.append(categories[av])
            uncased = None
        else:
            return None
    return "[" + "".join(source) + "]", None if uncased is None else frozenset(uncased)


def _one_char(op, av, flags: int) -> _Info:  # type: ignore[no-untyped-def]
    uncased: frozenset[str] | None = frozenset()
    if op is _c.LITERAL:
        source = re.escape(chr(av))
        if av > 127 and not _cased(chr(av)):
            uncased = frozenset({chr(av)})  # matches itself only, whatever the flags
    elif op is _c.NOT_LITERAL or op is _c.ANY:
        return _UNKNOWN
    else:
        written = _class(av)
        if written is None:
            return _UNKNOWN
        source, uncased = written
    if uncased is None:
        return _UNKNOWN
    chars = _ascii_matched(source, flags & (re.IGNORECASE | re.DOTALL | re.ASCII)) | uncased
    return _Info(chars) if len(chars) <= _MAX_CLASS else _UNKNOWN


def _sequence(nodes, flags: int) -> _Info:  # type: ignore[no-untyped-def]
    run: frozenset[str] = _NOTHING  # exact strings of the current run of known pieces
    best: frozenset[str] | None = None  # the best requirement found so far
    prefix: frozenset[str] | None = None  # what the whole starts with, once the run first ends
    whole = True  # is `run` the exact strings of the whole sequence?
    for node in nodes:
        info = _node(node, flags)
        if info.exact is not None and not info.exact:
            return _NEVER
        best = _better(best, info.required)  # what the piece requires, the whole requires
        joined = _product(run, info.exact) if info.exact is not None else None
        if joined is not None:
            run = joined
            continue
        # The run ends here: it, followed by what the piece starts with, is in every match.
        ahead = _product(run, info.starts)
        best = _better(best, _better(_useful(run), _useful(ahead)))
        if whole:
            prefix, whole = (ahead if ahead is not None else run), False
        run = info.exact if info.exact is not None else _NOTHING
    best = _better(best, _useful(run))
    if whole:
        return _Info(run, best, run)
    return _Info(None, best, prefix)


def _branch(branches, flags: int) -> _Info:  # type: ignore[no-untyped-def]
    infos = [info for b in branches if (info := _sequence(b, flags)).exact != frozenset()]
    if not infos:
        return _NEVER
    exact: frozenset[str] | None = None
    if all(i.exact is not None for i in infos):
        union = frozenset().union(*(i.exact for i in infos))  # type: ignore[misc]
        exact = union if len(union) <= _MAX_STRINGS else None
    needed = [_requirement(i) for i in infos]
    required = None if any(n is None for n in needed) else frozenset().union(*needed)  # type: ignore[misc]
    starts = [i.starts for i in infos]
    prefix = None
    if all(p is not None for p in starts):
        union = frozenset().union(*starts)  # type: ignore[misc]
        prefix = union if len(union) <= _MAX_STRINGS else None
    return _Info(exact, required, prefix)


def _repeat(low: int, high: int, body, flags: int) -> _Info:  # type: ignore[no-untyped-def]
    info = _sequence(body, flags)
    if low == 0:
        if info.exact is not None and high == 1:
            return _Info(info.exact | _NOTHING)
        return _EMPTY if info.exact == frozenset() else _Info(None, None, _NOTHING)
    if info.exact == frozenset():
        return _NEVER
    if low == high == 1:
        return info
    return _Info(None, _requirement(info), info.starts)


def _node(node, flags: int) -> _Info:  # type: ignore[no-untyped-def]
    op, av = node
    if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN):
        return _one_char(op, av, flags)
    if op is _c.BRANCH:
        return _branch(av[1], flags)
    if op is _c.SUBPATTERN:
        _group, add, remove, body = av
        return _sequence(body, (flags | add) & ~remove)
    if op is _c.ATOMIC_GROUP:
        return _sequence(av, flags)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, high, body = av
        return _repeat(low, high, body, flags)
    if op is _c.ASSERT and av[0] == 1:  # a lookahead: what it reads lies in the text searched
        ahead = _sequence(av[1], flags)
        return _NEVER if ahead.exact == frozenset() else _Info(_NOTHING, _requirement(ahead))
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return _EMPTY  # zero-width, or looking back before the text searched: left out
    return _UNKNOWN


def required_strings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings one of which the text searched holds wherever `pattern` matches,
    for text whose only letters with case are ASCII.

    Each lies in the match, or after it where the pattern looks ahead. An empty set: the
    pattern matches no such text. None: no such strings are known.
    """
    if _p is None or not isinstance(pattern.pattern, str):
        return None
    try:
        tree = _p.parse(pattern.pattern, pattern.flags)
        info = _sequence(list(tree), tree.state.flags)
    except Exception:  # noqa: BLE001 - an unfamiliar tree: no filter, never a wrong answer
        return None
    if info.exact is not None and not info.exact:
        return frozenset()
    return _useful(_requirement(info))


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

    def found(self, text: str) -> frozenset[str] | None:
        """The registered strings in `text` (lower-cased), or None when lower case cannot
        stand for `re`'s case-insensitive matching there."""
        recent = self._recent
        if text in recent:
            return recent[text]
        result: frozenset[str] | None = None
        if "\u0130" not in text:  # "İ" lower-cases to "i" and a combining dot
            seen = frozenset(self._built().find_matches_as_strings(text.lower(), overlapping=True))
            result = seen if seen.isdisjoint(_lower_cased_letters()) else None
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
        if _cased(ch := chr(cp)) and len(low := ch.lower()) == 1 and not low.isascii()
    )


_SCANNER = _Scanner()


def _too_short(literal: str) -> bool:
    return len(literal) == 1 and literal.isascii() and literal.isalnum()


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
        required = self.required
        if required is None:
            return False
        found = _SCANNER.found(text)
        return found is not None and required.isdisjoint(found)

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
