"""A cheap test that a regular expression cannot match a piece of ASCII text.

The engine reads the words around every figure with regexes of many alternatives ("revenue",
"market", "earmarked", "backed by", "予算"…). Python's `re` tries such a pattern at every
position, slowly when it ignores case; in a budget table of thousands of figures the words
around each one are read again for its neighbours. `Prefiltered(pattern)` derives from the
pattern's parse tree the literal strings one of which every match must contain (the prefilter
of RE2 and Google Code Search) and skips the regex on ASCII text holding none of them, compared
in lower case. The answer is always the pattern's own: the filter only ever skips a search that
cannot succeed. Text that is not ASCII (where case folding has exceptions such as "ſ" for "s")
always goes to the regex.

Hand-written: no library here derives prefilters from Python patterns. The parse tree is the
standard library's `re._parser` (the parser `re` itself uses, called `sre_parse` before 3.11);
anything it returns that this module does not know means "no filter", never a wrong answer.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

try:  # the parser `re` itself compiles with
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a Python without it gets no filters
    _c = _p = None

_MAX_CLASS = 6  # a character class matching more ASCII characters than this is not expanded
_MAX_STRINGS = 64  # exact strings tracked for one piece of a pattern
_ASCII = [chr(i) for i in range(128)]
_END = sys.maxsize


@dataclass(frozen=True)
class _Info:
    """What is known of the ASCII strings (lower-cased) a piece of a pattern matches.

    `exact`: all of them, when few (an empty set: none, in ASCII text); None when unknown.
    `required`: strings one of which every match contains; None when nothing is required.
    """

    exact: frozenset[str] | None
    required: frozenset[str] | None = None


_UNKNOWN = _Info(None, None)
_EMPTY = _Info(frozenset({""}))
_NEVER = _Info(frozenset())


def _requirement(info: _Info) -> frozenset[str] | None:
    exact = info.exact if info.exact is not None and "" not in info.exact else None
    return _better(exact, info.required)


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two requirements: longer shortest string, then fewer strings."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=lambda s: (min(map(len, s), default=99), -len(s)))


@lru_cache(maxsize=4096)
def _ascii_matched(one_char: str, flags: int) -> frozenset[str]:
    """The ASCII characters (lower-cased) a one-character pattern matches, asked of `re`."""
    compiled = re.compile(one_char, flags)
    return frozenset(ch.lower() for ch in _ASCII if compiled.fullmatch(ch))


def _class_source(items: list) -> str | None:  # type: ignore[type-arg]
    """A character class written back from its parse items, or None for an unknown item."""
    categories = {
        _c.CATEGORY_DIGIT: r"\d",
        _c.CATEGORY_NOT_DIGIT: r"\D",
        _c.CATEGORY_SPACE: r"\s",
        _c.CATEGORY_NOT_SPACE: r"\S",
        _c.CATEGORY_WORD: r"\w",
        _c.CATEGORY_NOT_WORD: r"\W",
    }
    out = []
    for op, av in items:
        if op is _c.NEGATE:
            out.append("^")
        elif op is _c.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is _c.RANGE:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is _c.CATEGORY and av in categories:
            out.append(categories[av])
        else:
            return None
    return "[" + "".join(out) + "]"


def _one_char(op, av, flags: int) -> _Info:  # type: ignore[no-untyped-def]
    if op is _c.LITERAL:
        source = re.escape(chr(av))
    elif op is _c.NOT_LITERAL:
        source = f"[^{re.escape(chr(av))}]"
    elif op is _c.ANY:
        source = "."
    else:
        found = _class_source(av)
        if found is None:
            return _UNKNOWN
        source = found
    chars = _ascii_matched(source, flags & (re.IGNORECASE | re.DOTALL | re.ASCII))
    return _Info(chars) if len(chars) <= _MAX_CLASS else _UNKNOWN


def _sequence(nodes, flags: int) -> _Info:  # type: ignore[no-untyped-def]
    run: frozenset[str] = frozenset({""})  # exact strings of the current run of known pieces
    best: frozenset[str] | None = None  # the best requirement of the runs already closed
    whole = True  # is `run` the exact strings of the whole sequence?
    for node in nodes:
        info = _node(node, flags)
        if info.exact is not None and not info.exact:
            return _NEVER
        best = _better(best, info.required)  # what the piece requires, the whole requires
        if info.exact is None:  # the run ends here
            best = _better(best, _requirement(_Info(run)))
            run, whole = frozenset({""}), False
        elif len(run) * len(info.exact) > _MAX_STRINGS:  # too many: a new run starts
            best = _better(best, _requirement(_Info(run)))
            run, whole = info.exact, False
        else:
            run = frozenset(a + b for a in run for b in info.exact)
    best = _better(best, _requirement(_Info(run)))
    return _Info(run if whole else None, best)


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
    return _Info(exact, required)


def _repeat(low: int, high: int, body, flags: int) -> _Info:  # type: ignore[no-untyped-def]
    info = _sequence(body, flags)
    if low == 0:
        if info.exact is not None and high == 1:
            return _Info(info.exact | {""})
        return _EMPTY if info.exact == frozenset() else _Info(None, None)
    if info.exact == frozenset():
        return _NEVER
    if low == high == 1:
        return info
    return _Info(None, _requirement(info))


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
    if op is _c.ASSERT and av[0] == 1:  # a lookahead: its text lies in the text searched
        ahead = _sequence(av[1], flags)
        return _NEVER if ahead.exact == frozenset() else _Info(_EMPTY.exact, _requirement(ahead))
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return _EMPTY  # zero-width, or looking back before the text searched: left out
    return _UNKNOWN


def required_strings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings one of which the ASCII text searched holds wherever `pattern` matches.

    Each lies in the match, or after it where the pattern looks ahead. An empty set: the
    pattern never matches ASCII text. None: no such strings are known.
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
    needed = _requirement(info)
    if needed is None or "" in needed:
        return None
    return needed


class Prefiltered:
    """A compiled pattern that skips ASCII text holding none of its required strings.

    Offers the `re.Pattern` methods the engine uses (`search`, `match`, `finditer`, `sub`),
    with the same results.
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.required = required_strings(pattern)
        needles = sorted(self.required or (), key=len, reverse=True)
        self._scan = re.compile("|".join(map(re.escape, needles))) if needles else None

    def cannot_match(self, text: str) -> bool:
        """True when `pattern` surely finds nothing in `text`."""
        if self.required is None or not text.isascii():
            return False
        return self._scan is None or self._scan.search(text.lower()) is None

    def search(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        """`re.Pattern.search`, skipped when the text cannot hold a match."""
        if self.cannot_match(text[pos:endpos]):
            return None
        return self.pattern.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        """`re.Pattern.match`, skipped when the text cannot hold a match."""
        if self.cannot_match(text[pos:endpos]):
            return None
        return self.pattern.match(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = _END) -> Iterator[re.Match[str]]:
        """`re.Pattern.finditer`, skipped when the text cannot hold a match."""
        if self.cannot_match(text[pos:endpos]):
            return iter(())
        return self.pattern.finditer(text, pos, endpos)

    def sub(self, replacement: str, text: str, count: int = 0) -> str:
        """`re.Pattern.sub`, skipped when the text cannot hold a match."""
        if self.cannot_match(text):
            return text
        return self.pattern.sub(replacement, text, count=count)
