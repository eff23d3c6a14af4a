"""The prefilter never changes an answer: it skips a regex only where the regex finds nothing.

`Prefiltered(pattern)` is wrapped around the patterns the engine reads every figure's words
with. The property checked here, on the project's own patterns and on patterns written to
exercise the parse tree (lookaheads, classes, repeats, inline flags, text outside ASCII):
whenever the filter says a text cannot match, `re` finds no match in it either; and the
letters whose case `re` folds specially ("ſ", "K", "İ", "ı") turn the filter off.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from summarizer.engines import clauses, roles
from summarizer.reading import currencies, grammar, numbers
from summarizer.reading.literals import required_strings
from summarizer.reading.prefilter import Prefiltered, seen_in

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WRITTEN = [
    r"\bmarket\b|revenue|年収",
    r"(?i:net\s+income)|(?-i:Profit)",
    r"(?i)ab[cd]x?(?=q+z)",
    r"(?:from|to)\s+(?P<what>[^,;]{3,80}),?\s*[^,;]*$",
    r"[Kk]elvin|ſtate",
    r"(?i)kelvin|state|indigo",
    r"\d+(?:\.\d+)?\s*(?:億|万)?円",
    r"(?<![a-z])(?:double|triple)d?(?![a-z])",
    r"x{2,3}y|(?:ab)+c",
    r"(?i:[A-C]bc|é+t)",
    r"^\s*(?:to|para|→)\s*\S{0,12}\d",
]


def _project_patterns() -> list[Prefiltered]:
    found = []
    for module in (roles, clauses, numbers, grammar, currencies):
        for value in vars(module).values():
            if isinstance(value, Prefiltered):
                found.append(value)
    found += [cue for _kind, cue in clauses._KIND_CUES]  # type: ignore[misc]
    found += list(currencies._CUE_RES.values())
    found.append(currencies._territory_names()[0])
    g = grammar.grammar("en", False)
    found += [g.money_cjk, g.percent, g.bare_scaled, g.word_money]  # type: ignore[list-item]
    return found


PATTERNS = [Prefiltered(re.compile(p)) for p in WRITTEN] + _project_patterns()


def _pieces(pattern: Prefiltered) -> list[str]:
    """Strings likely to make or nearly make a match: its literals in three cases, cut."""
    literals = sorted(pattern.required or ())[:40]
    out = []
    for literal in literals:
        out += [literal, literal.upper(), literal.title(), literal[:-1], literal[1:]]
    return out + [" ", "\n", "1", "12", ",", ".", "(", ")", "$", "€", "%", "の", "é", "—"]


@pytest.mark.parametrize("index", range(len(PATTERNS)), ids=lambda i: f"pattern{i}")
@SETTINGS
@given(data=st.data())
def test_a_skipped_text_has_no_match(index: int, data: st.DataObject) -> None:
    pattern = PATTERNS[index]
    pieces = _pieces(pattern)
    text = data.draw(
        st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=4)), max_size=12).map("".join)
    )
    if pattern.cannot_match(text):
        assert pattern.pattern.search(text) is None, (pattern.pattern.pattern[:80], text)
    # whatever the filter says, the wrapper answers as the pattern does
    found, expected = pattern.search(text), pattern.pattern.search(text)
    assert (found and found.span()) == (expected and expected.span())


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(?i)state", "ſtate"),  # long s: re folds it to "s"
        (r"(?i)kelvin", "\u212aelvin"),  # the Kelvin sign folds to "k"
        (r"(?i)inc", "\u0130nc"),  # "İ" lower-cases to "i" and a combining dot
        (r"(?i)big", "bıg"),  # dotless i folds to "i"
    ],
)
def test_letters_with_special_case_folding_turn_the_filter_off(pattern: str, text: str) -> None:
    compiled = re.compile(pattern)
    assert compiled.search(text) is not None
    assert not Prefiltered(compiled).cannot_match(text)


def test_requirements_are_the_words_a_match_needs() -> None:
    assert required_strings(re.compile(r"\bmarket\b|revenue|年収")) == {"market", "revenue", "年収"}
    assert required_strings(re.compile(r"(?i)ab[cd]x?(?=q)")) == {"abc", "abd", "abcx", "abdx"}
    assert required_strings(re.compile(r"[\u4e00-\u9fff]+円")) == {"円"}
    assert required_strings(re.compile(r"\d+")) is None  # nothing to look for
    assert required_strings(re.compile(r"(?i)über")) == frozenset()  # "ü" has case: never


def test_a_budget_table_is_skipped_and_prose_is_not() -> None:
    table = "Item 12 $1,035 million  $1,165.5 million  $2,200 million  12.6%\n" * 6
    prose = "The ministry earmarked $2 billion in funding, while revenue rose."
    assert roles._NOT_COMMITMENT.cannot_match(table)  # type: ignore[attr-defined]
    assert not roles._NOT_COMMITMENT.cannot_match(prose)  # type: ignore[attr-defined]


@pytest.mark.parametrize("index", range(len(PATTERNS)), ids=lambda i: f"pattern{i}")
@SETTINGS
@given(data=st.data())
def test_a_slice_read_against_its_window_s_scan_answers_as_the_pattern(
    index: int, data: st.DataObject
) -> None:
    pattern = PATTERNS[index]
    pieces = _pieces(pattern)
    window = data.draw(
        st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=4)), max_size=12).map("".join)
    )
    other = data.draw(st.text(max_size=8))
    start = data.draw(st.integers(0, len(window)))
    end = data.draw(st.integers(start, len(window)))
    piece = window[start:end]
    seen = seen_in(window, other)
    found, expected = pattern.search_in(piece, seen), pattern.pattern.search(piece)
    assert (found and found.span()) == (expected and expected.span())
    found, expected = pattern.match_in(piece, seen), pattern.pattern.match(piece)
    assert (found and found.span()) == (expected and expected.span())
    assert [m.span() for m in pattern.finditer_in(piece, seen)] == [
        m.span() for m in pattern.pattern.finditer(piece)
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab -\t\n1é_一²,.", max_size=90),
    st.integers(min_value=0, max_value=90),
)
@example("drei bb\t\t\n", 13)  # `$` matches before a last line break
@example("x" * 70 + " zwei ", 76)
def test_words_before_a_scale_word_are_found_as_the_regex_finds_them(text: str, end: int) -> None:
    """The reader's check for a letter and a gap before a scale word skips only searches
    that `_WORDS_BEFORE` would fail (a table's "$1,049 million" are not searched through)."""
    end = min(end, len(text))
    expected = numbers._WORDS_BEFORE.search(text, max(0, end - 60), end)
    found = numbers._words_before(text, end)
    assert (found and found.span()) == (expected and expected.span())
