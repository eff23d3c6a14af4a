"""Figures whose digit groups are out of place (`digit_groups`). Sentences written for the test."""

from __future__ import annotations

from summarizer.checking.digit_groups import digit_group_findings
from summarizer.checking.facts import SourceFacts


def _flagged(text: str) -> list[str]:
    return [
        text[s.start : s.end] for f in digit_group_findings(SourceFacts.of(text)) for s in f.spans
    ]


def test_four_digits_after_a_grouping_comma_are_flagged() -> None:
    text = "中小企業加速投資行動計畫投資金額為2,5851億元,另有根留台灣企業投資1兆1,052億元。"
    assert _flagged(text) == ["2,5851億元"]


def test_regular_groupings_are_not_flagged() -> None:
    assert (
        _flagged("The ministry gives $25,851 million and ₹1,00,000 crore, and $2,585.15 million.")
        == []
    )
    # a decimal comma article writes "2,5851 Mrd." for 2.5851 billion
    assert (
        _flagged(
            "Der Bund stellt 2,5851 Milliarden Euro für die Bahn und 1,5 Milliarden Euro bereit."
        )
        == []
    )
