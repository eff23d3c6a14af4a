"""The kind of a commitment from the word that names it nearest the amount, in each language."""

from __future__ import annotations

import pytest

from summarizer import summarize


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The bank approved a loan of $200 million for the port of Mombasa.", "loan"),
        ("La BEI accorde un prêt de 150 millions d'euros à la ville de Lyon.", "loan"),
        ("Die KfW vergibt ein Darlehen über 80 Mio. Euro an die Stadtwerke.", "loan"),
        ("El BEI concede un préstamo de 90 millones de euros a Metro de Madrid.", "loan"),
        ("The city will issue green bonds worth $500 million to fund transit.", "bond"),
        ("市财政局发行专项债券12亿元,用于轨道交通建设。", "bond"),
        ("The foundation awarded a grant of $2 million to the university.", "grant"),
        ("Le ministère verse une subvention de 3 millions d'euros à l'association.", "grant"),
        ("省财政下达补助资金500万元用于农村道路建设。", "grant"),
        ("The fund took an equity stake of $40 million in the startup.", "investment"),
        ("Der Bundeshaushalt sieht für die Bahn 5 Mrd. Euro vor.", "budget"),
        ("文部科学省は大学支援に300億円を計上した。", "budget"),
    ],
)
def test_kind_named_beside_the_amount(text: str, kind: str) -> None:
    (allocation,) = summarize(text, engine="deterministic").extraction.allocations
    assert allocation.kind == kind


def test_the_nearest_word_wins_over_a_word_further_off() -> None:
    text = (
        "Under its budget for the year, the development bank approved a loan of "
        "$300 million to the water utility."
    )
    (allocation,) = summarize(text, engine="deterministic").extraction.allocations
    assert allocation.kind == "loan"
