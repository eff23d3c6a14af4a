"""Corrections become gold: edited rows -> a FORMAT.md line `summarizer eval` reads, re-validated;
and the page's corrections section through `AppTest`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_page import summarized_page

from summarizer import summarize
from summarizer.cli import main
from summarizer.evals.corrections import (
    CorrectionError,
    correction_rows,
    gold_article,
    gold_line,
    revalidated,
)
from summarizer.evals.dataset import DatasetError, dataset_paths, load_dataset
from summarizer.highlight import allocations_table

TEXT = (
    "The fund committed $12 million to the Harbour Trust, $8 million to Alder Valley Water "
    "Authority and $3 million to the county library in 2026."
)


@pytest.fixture(scope="module")
def summary():  # type: ignore[no-untyped-def]
    return summarize(TEXT, engine="deterministic")


def test_unchanged_rows_round_trip(summary, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = correction_rows(summary)
    article = gold_article(summary, rows, article_id="harbour", lang="en")
    line = gold_line(article)
    assert line.endswith("\n") and line.count("\n") == 1
    path = tmp_path / "harbour.jsonl"
    path.write_text(line, encoding="utf-8")
    (loaded,) = load_dataset(path)
    assert loaded.text == TEXT
    assert [str(a.amount) for a in loaded.gold.allocations] == ["12000000", "8000000", "3000000"]


def test_a_correction_changes_the_verdicts(summary) -> None:  # type: ignore[no-untyped-def]
    rows = correction_rows(summary)
    rows[1]["amount"] = "9000000"  # a wrong figure: the validator flags it
    rows[2]["recipient"] = "to the"  # junk: flagged as not a name
    rows[0]["recipient"] = "Harbour Trust"
    corrected = revalidated(summary, gold_article(summary, rows, article_id="x"))
    table = allocations_table(corrected)
    assert [r["figure"] for r in table] == ["✓ confirmed", "✗ flagged", "✓ confirmed"]
    assert [r["named"] for r in table][0::2] == ["✓ in source", "✗ not a name"]


def test_rows_deleted_and_added(summary) -> None:  # type: ignore[no-untyped-def]
    rows = correction_rows(summary)[:1]  # two deleted
    rows.append(
        {"amount": "3,000,000", "currency": "usd", "recipient": "county library", "kind": "grant",
         "evidence": "$3 million to the county library", "period": "2026"}
    )  # fmt: skip
    rows.append({k: None for k in rows[0]})  # an added row left empty is skipped
    article = gold_article(summary, rows, article_id="x")
    assert [(str(a.amount), a.currency, a.kind.value) for a in article.gold.allocations] == [
        ("12000000", "USD", summary.extraction.allocations[0].kind.value),
        ("3000000", "USD", "grant"),
    ]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"amount": "twelve"}, "not a number"),
        ({"currency": "dollars"}, "currency"),
        ({"kind": "gift"}, "kind"),
        ({"evidence": "a quote the article does not have"}, "copied from the article"),
    ],
)
def test_bad_corrections_say_which_row(summary, change: dict[str, str], words: str) -> None:  # type: ignore[no-untyped-def]
    rows = correction_rows(summary)
    rows[1].update(change)
    with pytest.raises(CorrectionError, match=f"row 2: .*{words}"):
        gold_article(summary, rows, article_id="x")


def test_eval_takes_a_folder_of_gold_lines(summary, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "gold"
    folder.mkdir()
    for name in ("a", "b"):
        article = gold_article(summary, correction_rows(summary), article_id=name, lang="en")
        (folder / f"{name}.jsonl").write_text(gold_line(article), encoding="utf-8")
    assert dataset_paths([folder]) == [folder / "a.jsonl", folder / "b.jsonl"]
    out = tmp_path / "scores.json"
    code = main(["eval", str(folder), "--engine", "deterministic", "--quiet", "--json", str(out)])
    assert code == 0
    report = json.loads(out.read_text())
    assert sorted(Path(p).name for p in report["datasets"]) == ["a.jsonl", "b.jsonl"]
    with pytest.raises(DatasetError, match="no .jsonl"):
        dataset_paths([tmp_path / "scores.json", tmp_path / "gold" / ".."])


def test_page_offers_the_gold_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = summarized_page(monkeypatch, TEXT)
    line = at.code[0].value
    record = json.loads(line)
    assert record["text"] == TEXT and len(record["gold"]["allocations"]) == 3
    # the allocations table, then the re-validated one under the editor
    tables = [d.value for d in at.dataframe if "figure" in d.value.columns]
    assert len(tables) == 2
    assert list(tables[1]["figure"]) == ["✓ confirmed"] * 3
    at.text_input(key="gold_id").input("my-article").run()
    assert json.loads(at.code[0].value)["id"] == "my-article"
