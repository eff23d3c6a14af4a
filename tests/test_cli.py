"""The command line as a user runs it: `python -m summarizer run | batch | eval`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from cli_process import run_cli

from summarizer.schema import Summary

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "summarizer" / "examples" / "ca-clean-grid-budget.md"


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, stdin=stdin)


def test_run_prints_a_readable_report() -> None:
    result = _cli("run", str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "engine: deterministic" in out
    assert "Allocations (" in out and "as written" in out and "C$4.2 billion" in out
    assert "Validation:" in out and "✓" in out


def test_run_json_is_a_summary() -> None:
    result = _cli("run", str(EXAMPLE), "--json")
    assert result.returncode == 0, result.stderr
    summary = Summary.model_validate_json(result.stdout)
    assert summary.engine.name == "deterministic"
    assert summary.source == EXAMPLE.read_text(encoding="utf-8")
    assert any(a.amount.text == "C$4.2 billion" for a in summary.extraction.allocations)


def test_run_reads_stdin() -> None:
    result = _cli("run", "-", stdin="Seoul will invest 5 trillion won in chips.")
    assert result.returncode == 0 and "5 tn KRW" in result.stdout


def test_strict_exits_1_when_a_figure_is_flagged() -> None:
    text = (
        "Tokyo will spend 1.23 trillion yen (about $50 billion) on chips, officials said in 2025."
    )
    result = _cli("run", "-", "--strict", stdin=text)
    assert result.returncode == 1
    assert "✗ inconsistent" in result.stdout and "reference rate" in result.stdout


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        pytest.param(("run", "no-such-file.txt"), None, "no such file", id="missing-file"),
        pytest.param(("run", "-"), "   ", "EmptyInputError", id="empty"),
        pytest.param(
            ("run", "-", "--engine", "llm"), "x 5 billion yen", "OPENAI_BASE_URL", id="no-endpoint"
        ),
    ],
)
def test_errors_are_one_clear_line(args: tuple[str, ...], stdin: str | None, message: str) -> None:
    result = _cli(*args, stdin=stdin)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_batch_is_resumable(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    records = [
        {"id": "a", "text": "Seoul will invest 5 trillion won in chips."},
        {"id": "b", "text": ""},
        {"id": "c", "text": "Berlin pledged €2 billion for hydrogen."},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    output = tmp_path / "out.jsonl"
    first = _cli("batch", str(source), str(output), "--quiet")
    assert first.returncode == 1  # one record failed
    lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert sorted((r["id"], r["ok"]) for r in lines) == [("a", True), ("b", False), ("c", True)]
    assert "EmptyInputError" in next(r["error"] for r in lines if r["id"] == "b")
    again = _cli("batch", str(source), str(output), "--quiet")
    rerun = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    succeeded = [r["id"] for r in rerun if r["ok"]]
    assert sorted(succeeded) == ["a", "c"]  # each success once: nothing redone, nothing doubled
    assert "2 already" in again.stderr


def test_eval_prints_a_table_and_writes_json(tmp_path: Path) -> None:
    article = {
        "id": "t1",
        "lang": "en",
        "title": "t",
        "text": "The ministry earmarked 150 billion yen for Rapidus. Sales rose 5%.",
        "gold": {
            "allocations": [
                {"amount": "150000000000", "currency": "JPY", "recipient": "Rapidus",
                 "kind": "budget", "evidence": "earmarked 150 billion yen for Rapidus"}
            ],
            "claims": [],
            "issues": [],
        },
    }  # fmt: skip
    dataset = tmp_path / "d.jsonl"
    dataset.write_text(json.dumps(article) + "\n", encoding="utf-8")
    out = tmp_path / "scores.json"
    html = tmp_path / "report.html"
    result = _cli("eval", str(dataset), "--engine", "deterministic", "--quiet", "--json", str(out),
                  "--html", str(html))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "amtF1" in result.stdout and "t1" in result.stdout and "mutation" in result.stdout
    scores = json.loads(out.read_text(encoding="utf-8"))
    assert scores["overall"]["amount_f1"] == 1.0
    assert "<svg" in html.read_text(encoding="utf-8")
    again = _cli(
        "eval", str(dataset), "--engine", "deterministic", "--quiet", "--baseline", str(out)
    )
    assert "Compared with the baseline" in again.stdout and "no change" in again.stdout
