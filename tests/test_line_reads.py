"""Lines read by bisection and once per line give the answers of reading the text itself.

The engine asks, for every figure, where its line starts and ends, what label the line gives
it and whether it ends a table row; on a page of one long line, reading the line for each
figure costs the square of their number. These properties compare the indexed answers
(`SourceFacts` line helpers, `clauses._row_label`, `clauses._ends_a_row`,
`restatement_links._in_lead`) with the plain slicing definitions they replace.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.checking.facts import SourceFacts
from summarizer.engines import clauses, restatement_links
from summarizer.reading.numbers import Quantity

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
PIECES = [
    "\n", "\n\n", " ", "   ", "\t", ": ", "：", "- ", "– ", "• ", "# ", "(3) ", "二、", "12. ",
    "Andalucía", "Cataluña ", "para la apicultura ", "The ministry gives ", ".", "。",
    "23.456.789 euros", "12 M€", "$5 million", "1 dollars ", "€1,5 Mrd. ", "4,732억 원", "15%",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join)


def _row_label(text: str, q: Quantity) -> str:  # the slicing definition
    line_start = text.rfind("\n", 0, q.start) + 1
    label = clauses._LABEL_LEAD.sub("", text[line_start : q.start]).strip(" \t:：-–")
    if 2 <= len(label) <= 80 and re.search(r"[^\W\d_]", label) and not re.search(r"\d", label):
        return label
    return ""


def _ends_a_row(text: str, end: int) -> bool:  # the slicing definition
    line_end = text.find("\n", end)
    if line_end == -1:
        return not text[end:].strip()
    if text[end:line_end].strip():
        return False
    next_end = text.find("\n", line_end + 1)
    following = text[line_end + 1 : next_end if next_end != -1 else len(text)]
    return not following.strip() or any(ch.isdigit() for ch in following)


def _in_lead(text: str, q: Quantity) -> bool:  # the slicing definition
    line_start = text.rfind("\n", 0, q.start) + 1
    if text[line_start : q.start].lstrip().startswith(restatement_links._BULLETS):
        return True
    if text[:line_start].strip():
        return False
    line_end = text.find("\n", q.start)
    whole_line = text[line_start : line_end if line_end != -1 else len(text)].strip()
    return len(whole_line) <= 160 and not whole_line.endswith((".", "。", "!", "?"))


@SETTINGS
@given(texts, st.data())
def test_line_helpers_answer_as_the_text_does(text: str, data: st.DataObject) -> None:
    facts = SourceFacts.of(text)
    for position in data.draw(st.lists(st.integers(0, len(text)), min_size=1, max_size=8)):
        assert facts.line_start(position) == text.rfind("\n", 0, position) + 1
        assert facts.line_end(position) == text.find("\n", position)
        visible = re.compile(r"\S").search(text, position)
        assert facts.visible_from(position) == (visible.start() if visible else len(text))
    assert facts.content_end == len(text.rstrip())


@SETTINGS
@given(texts)
def test_row_labels_rows_and_headlines_as_read_from_slices(text: str) -> None:
    facts = SourceFacts.of(text)
    for q in facts.quantities:
        assert clauses._row_label(facts, q) == _row_label(text, q), q.text
        assert clauses._ends_a_row(facts, q.end) == _ends_a_row(text, q.end), q.text
        assert restatement_links._in_lead(facts, q) == _in_lead(text, q), q.text


def test_a_row_label_is_found_after_a_bullet_and_before_spaces() -> None:
    text = "Grants by region\n- North Harbour Trust   $5 million\n- Cataluña:  $12 million\n"
    facts = SourceFacts.of(text)
    labels = [clauses._row_label(facts, q) for q in facts.quantities if q.is_money]
    assert labels == ["North Harbour Trust", "Cataluña"]
