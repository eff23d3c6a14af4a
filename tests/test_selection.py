"""A row added from a passage of the article: located, its figure read, proposed, added;
pure cases, then through the page (`AppTest`), with the grids' wrapping rows."""

from __future__ import annotations

import json

import pytest
from app_page import summarized_page
from streamlit.testing.v1 import AppTest

from summarizer.evals.selection import SelectionError, locate, propose_row

TEXT = (
    "The fund committed $12 million to the Harbour Trust, $8 million to Alder Valley Water "
    "Authority and $3 million to the county library in 2026. Separately, the council set "
    "aside about €4.5 million for the Marsh Road cycle bridge."
)
# The engine reads the review's cost as a claim, not an allocation: a row the user adds.
PAGE_TEXT = (
    "The fund committed $12 million to the Harbour Trust, $8 million to Alder Valley Water "
    "Authority and $3 million to the county library in 2026. The trust's deficit widened to "
    "$2.5 million last year, and a review said repairs at the Marsh Road cycle bridge would "
    "cost about $4.5 million."
)
PASSAGE = "repairs at the Marsh Road cycle bridge would cost about $4.5 million"


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        pytest.param(
            "$8 million to Alder Valley Water Authority",
            {"amount": "8000000", "currency": "USD", "recipient": "Alder Valley Water Authority"},
            id="one-of-a-list-read-within-the-selection",
        ),
        pytest.param(
            "about €4.5 million for the Marsh Road cycle bridge",
            {"amount": "4500000", "currency": "EUR", "approximate": True},
            id="hedged-euro",
        ),
        pytest.param(
            "The fund committed $12 million to the Harbour Trust",
            {"amount": "12000000", "recipient": "Harbour Trust", "period": "2026"},
            id="period-from-its-sentence",
        ),
    ],
)
def test_a_passage_proposes_a_row(selected: str, expected: dict[str, object]) -> None:
    proposal = propose_row(TEXT, selected)
    assert proposal.row["evidence"] == proposal.span.slice(TEXT) == selected
    assert {k: proposal.row[k] for k in expected} == expected


def test_a_passage_pasted_with_other_spacing_is_found_as_written() -> None:
    source = "The ministry earmarked\n150 billion yen for Rapidus in fiscal 2026."
    proposal = propose_row(source, "earmarked 150 billion yen for Rapidus")
    assert proposal.row["evidence"] == "earmarked\n150 billion yen for Rapidus"
    assert (proposal.row["amount"], proposal.row["currency"]) == ("150000000000", "JPY")
    assert proposal.row["recipient"] == "Rapidus"


def test_a_cjk_passage() -> None:
    source = "経済産業省は2025年度補正予算で、ラピダスに1500億円を追加支援する。"
    proposal = propose_row(source, "ラピダスに1500億円")
    wanted = ("amount", "currency", "recipient", "period")
    assert [proposal.row[k] for k in wanted] == ["150000000000", "JPY", "ラピダス", "FY2025"]


def test_several_figures_the_first_proposed() -> None:
    proposal = propose_row(TEXT, "$12 million to the Harbour Trust, $8 million")
    assert proposal.figures == ("$12 million", "$8 million")
    assert proposal.row["amount"] == "12000000"


@pytest.mark.parametrize(
    ("selected", "words"),
    [
        ("   ", "select or paste"),
        ("$9 million to the Harbour Trust", "not in the article"),
        ("Harbour Trust", "no amount of money"),
    ],
)
def test_bad_selections_are_clear(selected: str, words: str) -> None:
    with pytest.raises(SelectionError, match=words):
        propose_row(TEXT, selected)


def test_locate_prefers_the_exact_text() -> None:
    span = locate(TEXT, "  the county library ")
    assert span.slice(TEXT) == "the county library"


def _page(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    return summarized_page(monkeypatch, PAGE_TEXT)


def _gold(at: AppTest) -> dict[str, object]:
    return json.loads(at.code[0].value)


def test_page_adds_a_row_from_a_passage(monkeypatch: pytest.MonkeyPatch) -> None:
    at = _page(monkeypatch)
    before = _gold(at)["gold"]["allocations"]  # type: ignore[index]
    assert all("$4.5 million" not in a["evidence"] for a in before)
    at.text_input(key="new_evidence").input(PASSAGE)
    at.button(key="propose").click().run()
    assert not at.exception and not at.error
    (proposed,) = [
        d.value for d in at.dataframe if "approximate" in d.value.columns and d.key is None
    ]  # the proposal (the editor has a key)
    assert list(proposed["evidence"]) == [PASSAGE]
    assert list(proposed["amount"]) == ["4500000"] and list(proposed["currency"]) == ["USD"]
    assert list(proposed["approximate"]) == [True]
    # proposed, not yet added
    assert len(_gold(at)["gold"]["allocations"]) == len(before)  # type: ignore[index]
    at.button(key="add_proposal").click().run()
    assert not at.exception
    after = _gold(at)["gold"]["allocations"]  # type: ignore[index]
    assert len(after) == len(before) + 1
    added = after[-1]
    assert (added["amount"], added["currency"], added["evidence"]) == ("4500000", "USD", PASSAGE)
    assert at.text_input(key="new_evidence").value == ""
    # the validator's verdict on the added row: its figure confirmed against the source
    corrected = [d.value for d in at.dataframe if "figure" in d.value.columns][-1]
    assert len(corrected) == len(after)
    assert corrected["figure"].iloc[-1] == "✓ confirmed"


def test_page_says_when_a_passage_is_not_in_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    at = _page(monkeypatch)
    at.text_input(key="new_evidence").input("$90 million to a made-up fund")
    at.button(key="propose").click().run()
    assert not at.exception
    assert any("not in the article" in e.value for e in at.error)
    assert len(at.get("button")) and not [b for b in at.button if b.key == "add_proposal"]


def test_grids_wrap_recipients_and_purposes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streamlit's grid wraps text cells only in rows taller than 4rem (64 px): the allocations
    table, the editor and the re-validated table are given such rows."""
    at = _page(monkeypatch)
    grids = [d for d in at.dataframe if "recipient" in d.value.columns]
    assert len(grids) == 3  # the allocations, the editor, the re-validated rows
    assert all(d.proto.row_height > 64 for d in grids)
