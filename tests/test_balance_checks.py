"""A stated deficit or surplus against the revenue and spending beside it (`balance_checks`).

The sentences are written for these tests (unit fixtures, not evaluation data).
"""

from __future__ import annotations

import pytest

from summarizer.checking.balance_checks import balance_findings
from summarizer.checking.facts import SourceFacts


def _flags(text: str) -> list[str]:
    return [f.reason for f in balance_findings(SourceFacts.of(text)) if f.wrong]


@pytest.mark.parametrize(
    "text",
    [
        "The plan projects revenue of $4.4 trillion, spending of $6.1 trillion and a deficit of "
        "$1.7 trillion in the coming fiscal year.",
        "本年度歲入編列2兆5,565億元、歲出2兆7,191億元,歲入歲出相抵差短1,626億元。",
        # rounding: 4.43 - 6.14 = 1.71, written as 1.7
        "Revenue of $4.43 trillion and spending of $6.14 trillion leave a deficit of "
        "$1.7 trillion.",
    ],
)
def test_a_balance_its_sides_bear_out_is_not_flagged(text: str) -> None:
    assert _flags(text) == []


def test_a_balance_its_sides_contradict_is_flagged_with_all_three_figures() -> None:
    text = "本年度歲入編列2兆7,191億元、歲出2兆7,191億元,歲入歲出相抵差短1,626億元。"
    (finding,) = balance_findings(SourceFacts.of(text))
    assert finding.wrong
    assert [text[s.start : s.end] for s in finding.spans] == [
        "2兆7,191億元",
        "2兆7,191億元",
        "1,626億元",
    ]
    english = (
        "The plan projects revenue of $4.4 trillion, spending of $6.1 trillion and a deficit of "
        "$2.7 trillion in the coming fiscal year."
    )
    assert len(_flags(english)) == 1


def test_the_means_that_close_a_gap_are_not_the_gap() -> None:
    # the shortfall is met by borrowing 1,607億 and a surplus of 391億: no stated balance
    text = (
        "該年度特別預算歲入編列0元、歲出編列1,998億元,歲入歲出差短以舉借債務1,607億元,"
        "以及移用以前年度歲計賸餘391億元調節因應。"
    )
    assert _flags(text) == []


def test_sides_in_different_sentences_or_hedged_are_not_compared() -> None:
    assert (
        _flags(
            "Revenue was $4.4 trillion. Spending was $6.1 trillion. The deficit was $3 trillion."
        )
        == []
    )
    assert (
        _flags(
            "Revenue of about $4.4 trillion and spending of $6.1 trillion leave a deficit of $3 trillion."
        )
        == []
    )


def test_a_deficit_where_revenue_exceeds_spending_is_flagged() -> None:
    text = (
        "The plan projects revenue of $6.1 trillion, spending of $4.4 trillion and a deficit of "
        "$1.7 trillion in the coming fiscal year."
    )
    assert len(_flags(text)) == 1
    assert _flags(text.replace("deficit", "surplus")) == []


def test_sides_in_different_currencies_are_not_compared() -> None:
    text = "Revenue of $4.4 trillion and spending of €6.1 trillion leave a deficit of $3 trillion."
    assert _flags(text) == []
