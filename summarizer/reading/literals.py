"""The literal strings one of which every match of a regular expression needs.

`required_strings(pattern)` reads the pattern's parse tree (the standard library's
`re._parser`, the parser `re` itself compiles with; `sre_parse` before 3.11) and returns strings,
in lower case, such that any text the pattern matches holds one of them: the prefilter of RE2
and Google Code Search, here for Python patterns, which no library available reads. It answers
for text whose only letters with case are ASCII (elsewhere `re`'s case folding has exceptions
such as "ſ" for "s"); `prefilter` checks that before using it. Anything in the tree this module
does not know means "nothing required", never a wrong answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

try:  # the parser `re` itself compiles with
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a Python without it gets no requirements
    _c = _p = None

_MAX_CLASS = 6  # a character class matching more characters than this is not expanded
_MAX_STRINGS = 1024  # exact strings tracked for one piece of a pattern (a trie of names)
_ASCII = [chr(i) for i in range(128)]


def cased(ch: str) -> bool:
    """Does the character have case (a lower or upper form other than itself)?"""
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
            if uncased is not None and av > 127 and not cased(chr(av)):
                uncased.add(chr(av))
        elif op is _c.RANGE:
            low, high = av
            source.append(f"{re.escape(chr(low))}-{re.escape(chr(high))}")
            first = max(low, 128)
            if uncased is not None and high >= first:
                if high - first >= _MAX_CLASS:
                    uncased = None
                else:
                    uncased |= {chr(i) for i in range(first, high + 1) if not cased(chr(i))}
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
        if av > 127 and not cased(chr(av)):
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
