"""Features of one money mention, for the trained allocation model (`role_model`).

What a reader weighs to tell an allocation from a comparison, a total, a market figure or last
year's number: the words around the figure (tokenised per script: words for spaced scripts,
characters and character pairs for Chinese and Japanese, which write no spaces), the rule
checks that hold for it (`roles.cues`; not the role the rules settle on), the kind of money its
words name, where it stands (in parentheses, a table row, the headline, first or last of its
sentence's figures), its hedge and size. Pure: text in, a sparse map of named features out.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left

from summarizer.checking.facts import SourceFacts
from summarizer.engines.clauses import kind_near
from summarizer.engines.roles import cues
from summarizer.reading.numbers import Quantity

Features = dict[str, float]

_BEFORE = 40  # characters of the sentence read before the figure for cue words
_AFTER = 30
_CJK_BEFORE = 12  # CJK packs a word into one or two characters: a shorter reach
_CJK_AFTER = 10
_TOKEN = re.compile(r"[^\W\d_]+")
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b|年度|年|FY|회계연도|년도")
_ROW_SEPARATORS = ("|", "\t", "  ")


def words(text: str, side: str) -> list[str]:
    """Cue-word features of `text`, named by `side` ("b" before the figure, "a" after).

    Letters of spaced scripts make lower-case words; a run of Chinese or Japanese characters
    makes each character and each pair of neighbours (no dictionary is needed, and the pairs
    hold most two-character words such as 比较, 前年, 予算). Hangul is spaced, so it makes words.
    """
    found: list[str] = []
    for token in _TOKEN.findall(text):
        if not _CJK_CHAR.search(token):
            found.append(f"{side}:{token.lower()}")
            continue
        for run in re.findall(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", token):
            found += [f"{side}c:{ch}" for ch in run]
            found += [f"{side}b:{run[i : i + 2]}" for i in range(len(run) - 1)]
    return found


def _nearest_word(text: str, *, last: bool) -> str | None:
    tokens = _TOKEN.findall(text)
    if not tokens:
        return None
    token = tokens[-1] if last else tokens[0]
    if _CJK_CHAR.search(token):
        return token[-2:] if last else token[:2]
    return token.lower()


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    """The first edge `value` is at most, or the last edge followed by "+"."""
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f"{edges[-1]}+"


def mention_features(facts: SourceFacts, q: Quantity, money: list[Quantity]) -> Features:
    """The features of one money mention, given the article's amounts in text order
    (`roles.amounts_of`).

    The rules' verdict on the mention is not among them, only the checks they make: the model
    weighs the evidence on its own, so that "hybrid" roles can set it against the rules'.
    """
    text = facts.text
    lang = facts.context.language
    cjk = lang in ("zh", "ja")
    f: Features = {f"lang={lang}": 1.0}
    for name in cues(facts, q, money):
        f[f"cue={name}"] = 1.0
    kind = kind_near(facts, q)
    f[f"kind={kind or 'none'}"] = 1.0
    sentence = facts.sentence_of(q.start)
    reach_before, reach_after = (_CJK_BEFORE, _CJK_AFTER) if cjk else (_BEFORE, _AFTER)
    before = text[max(sentence.start, q.start - reach_before) : q.start]
    after = text[q.end : min(max(sentence.end, q.end), q.end + reach_after)]
    for token in words(before, "b") + words(after, "a"):
        f[token] = 1.0
    for side, near in (
        ("b1", _nearest_word(before, last=True)),
        ("a1", _nearest_word(after, last=False)),
    ):
        if near:
            f[f"{side}:{near}"] = 1.0
    _place(f, facts, q, money, sentence.start, sentence.end)
    _shape(f, facts, q, money)
    return f


def _place(
    f: Features, facts: SourceFacts, q: Quantity, money: list[Quantity], start: int, end: int
) -> None:
    """Where the figure stands: parentheses, table rows, headline, bullets, its sentence."""
    text = facts.text
    lead = text[max(start, q.start - 200) : q.start]
    if lead.count("(") + lead.count("（") > lead.count(")") + lead.count("）"):
        f["in_parentheses"] = 1.0
    # The line, read at most 200 characters either side of the figure; its start found by
    # bisection over the line breaks, so that a page with no line breaks costs no more a figure.
    line_start = facts.line_start(q.start)
    lo = max(line_start, q.start - 200)
    line = text[lo : q.end] + text[q.end : q.end + 200].split("\n", 1)[0]
    first = bisect_left(money, lo, key=_start)
    on_line = sum(1 for m in money[first : first + 8] if m.start < lo + len(line))
    f[f"figures_on_line={_bucket(on_line, (1, 2, 4))}"] = 1.0
    if any(sep in line for sep in _ROW_SEPARATORS):
        f["table_like_line"] = 1.0
    letters = sum(ch.isalpha() for ch in line)
    if letters < len(line) * 0.3:
        f["line_mostly_figures"] = 1.0
    if line_start <= _first_visible(text):
        f["first_line"] = 1.0
    if line.lstrip().startswith(("#", "•", "- ", "* ", "·", "●", "■", "・", "○", "◆")):
        f["bullet"] = 1.0
    length = max(1, end - start)
    f[f"sentence_position={min(3, 4 * (q.start - start) // length)}"] = 1.0
    first_in = bisect_left(money, start, key=_start)
    last_in = bisect_left(money, end, key=_start)
    f[f"figures_in_sentence={_bucket(last_in - first_in, (1, 2, 4))}"] = 1.0
    if first_in < last_in and money[first_in] is q:
        f["first_in_sentence"] = 1.0
    if last_in - first_in > 1 and money[last_in - 1] is q:
        f["last_in_sentence"] = 1.0
    at = bisect_left(money, q.start, key=_start)
    # its nearest few neighbours only: a sentence of thousands of figures is read in bounded time
    near = money[max(first_in, at - 6) : min(last_in, at + 7)]
    same_unit = [m for m in near if m.unit == q.unit and m is not q]
    if same_unit and all(m.value < q.value for m in same_unit):
        f["largest_in_sentence"] = 1.0
    if same_unit and all(m.value > q.value for m in same_unit):
        f["smallest_in_sentence"] = 1.0
    if _YEAR.search(text[max(start, q.start - 40) : min(end, q.end + 30)]):
        f["year_near"] = 1.0


def _shape(f: Features, facts: SourceFacts, q: Quantity, money: list[Quantity]) -> None:
    """The figure itself: hedge, range, how sure its currency is, its size, its repeats."""
    if q.approximate:
        f["approximate"] = 1.0
    if q.low is not None:
        f["range"] = 1.0
    if q.ambiguous:
        f["ambiguous_currency"] = 1.0
    if q.implied:
        f["implied_currency"] = 1.0
    if q.value > 0:
        f[f"magnitude={int(math.log10(q.value))}"] = 1.0
    repeats = len(facts.same_value(q.unit, q.value))
    f[f"repeats={_bucket(repeats, (1, 2))}"] = 1.0


def _first_visible(text: str) -> int:
    found = _VISIBLE.search(text)
    return found.start() if found else len(text)


_VISIBLE = re.compile(r"\S")


def _start(q: Quantity) -> int:
    return q.start
