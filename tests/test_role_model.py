"""The trained allocation model: its file, its predictions, and the engine following it."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import pytest
from cli_process import run_cli

from summarizer import summarize
from summarizer.checking.facts import SourceFacts
from summarizer.engines.deterministic import DeterministicEngine
from summarizer.engines.mention_features import words
from summarizer.engines.role_model import (
    MODEL_FILE,
    RoleModel,
    RoleModelError,
    decide,
    scored_mentions,
    shipped_model,
)
from summarizer.engines.roles import Role, classify
from summarizer.errors import OptionsError
from summarizer.pipeline import make_engine

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "evals" / "corpus" / "dev.jsonl"
# Written for this test. The rules call the $900 million "induced" (private money mobilised),
# not an allocation; the shipped model, weighing the same words, does not.
MOBILISED = (
    "The program has mobilised $900 million in private investment alongside $100 million of "
    "public grants."
)


def _amounts(text: str, **options: object) -> list[str]:
    summary = summarize(text, engine="deterministic", **options)
    return sorted(a.amount.text for a in summary.extraction.allocations)


def test_the_shipped_model_loads_small_and_without_pickle() -> None:
    raw = resources.files("summarizer.engines").joinpath(MODEL_FILE).read_bytes()
    assert len(raw) < 1_000_000
    body = json.loads(raw)
    assert body["format"] == "summarizer-role-model/1"
    model = shipped_model()
    assert len(model.weights) == body["meta"]["features"] > 100
    assert 0 < model.hybrid_low < model.threshold < model.hybrid_high < 1
    assert model.meta["trained_on"] == "dev.jsonl"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[]", id="not-an-object"),
        pytest.param('{"format": "other"}', id="wrong-format"),
        pytest.param('{"format": "summarizer-role-model/1", "bias": 0}', id="no-weights"),
        pytest.param(
            '{"format": "summarizer-role-model/1", "bias": "x", "weights": {}, "threshold": 0.5,'
            ' "hybrid_low": 0.1, "hybrid_high": 0.9}',
            id="bias-not-a-number",
        ),
    ],
)
def test_a_file_that_is_not_a_role_model_is_refused(text: str) -> None:
    with pytest.raises(RoleModelError):
        RoleModel.from_json(text)


def test_probability_is_the_logistic_of_the_weighted_sum() -> None:
    model = RoleModel(weights={"a": 1.5, "b": -2.0}, bias=-0.5)
    assert model.probability({"a": 1.0}) == pytest.approx(0.7310585786)  # logistic(1)
    assert model.probability({"a": 1.0, "b": 1.0, "unknown": 1.0}) == pytest.approx(
        1 / (1 + math.exp(1.0))
    )
    assert model.probability({"b": 1000.0}) == 0.0  # no overflow far out
    assert model.probability({"a": 1000.0}) == 1.0
    assert RoleModel.from_json(model.to_json()) == model


def test_cue_words_are_words_in_spaced_scripts_and_characters_in_cjk() -> None:
    assert words("Up from the", "b") == ["b:up", "b:from", "b:the"]
    assert words("较上年", "a") == ["ac:较", "ac:上", "ac:年", "ab:较上", "ab:上年"]
    assert words("전년 대비", "b") == ["b:전년", "b:대비"]  # Hangul is spaced


def test_predictions_do_not_depend_on_the_process() -> None:
    """The same probabilities in two processes with different hash seeds (no set order leaks
    into the sums)."""
    script = (
        "from summarizer.checking.facts import SourceFacts\n"
        "from summarizer.engines.roles import classify\n"
        "from summarizer.engines.role_model import scored_mentions, shipped_model\n"
        f"facts = SourceFacts.of({MOBILISED!r})\n"
        "m = shipped_model()\n"
        "print([repr(m.probability(f)) for _, f in scored_mentions(facts, classify(facts)) if f])\n"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
        env["PYTHONHASHSEED"] = seed
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
        )
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert _amounts(MOBILISED, roles="model") == _amounts(MOBILISED, roles="model")


def test_the_engine_follows_the_model_where_it_and_the_rules_differ() -> None:
    facts = SourceFacts.of(MOBILISED)
    model = shipped_model()
    calls = {
        r.quantity.text: (r.role, model.probability(f))
        for r, f in scored_mentions(facts, classify(facts))
        if f is not None
    }
    rule_role, p = calls["$900 million"]
    ruled = rule_role in (Role.ALLOCATION, Role.TOTAL, Role.CUMULATIVE)
    taken = p >= model.threshold
    assert ruled != taken, "the model agrees with the rules here now: pick another sentence"
    assert ("$900 million" in _amounts(MOBILISED)) == ruled
    assert ("$900 million" in _amounts(MOBILISED, roles="model")) == taken
    # hybrid overturns the rules only where the model is sure
    sure = p > model.hybrid_high if not ruled else p < model.hybrid_low
    assert ("$900 million" in _amounts(MOBILISED, roles="hybrid")) == (ruled != sure)


def test_an_injected_model_decides_in_model_mode_and_hybrid_only_where_sure() -> None:
    text = (
        "Spending rose to $50 million, up from $40 million, and the city gave $5 million to parks."
    )
    facts = SourceFacts.of(text)
    rules = {r.quantity.text: r.role for r in classify(facts)}
    assert rules["$40 million"] == Role.COMPARISON and rules["$5 million"] == Role.ALLOCATION
    # a model that takes every figure right after "from" and none right after "gave"
    model = RoleModel(weights={"b1:from": 4.0, "b1:gave": -4.0}, bias=0.0)
    decided = {r.quantity.text: r.role for r in decide(facts, classify(facts), model, "model")}
    assert decided["$40 million"] == Role.ALLOCATION
    assert decided["$5 million"] == Role.NOT_COMMITMENT
    engine = DeterministicEngine(roles="model", role_model=model)
    assert "model" in (engine.describe().model or "")
    # in hybrid, logistic(4) = 0.982 is above the cut to add, logistic(-4) = 0.018 below the cut
    # to drop; with the cuts moved out of reach the rules stand
    hybrid = {r.quantity.text: r.role for r in decide(facts, classify(facts), model, "hybrid")}
    assert hybrid["$40 million"] == Role.ALLOCATION and hybrid["$5 million"] == Role.NOT_COMMITMENT
    unsure = RoleModel(weights=model.weights, bias=0.0, hybrid_low=0.01, hybrid_high=0.99)
    kept = {r.quantity.text: r.role for r in decide(facts, classify(facts), unsure, "hybrid")}
    assert kept == rules


def test_roles_is_an_option_of_the_deterministic_engine_only() -> None:
    assert make_engine("deterministic", roles="hybrid").roles == "hybrid"  # type: ignore[attr-defined]
    assert make_engine("deterministic", roles=None).roles == "rules"  # type: ignore[attr-defined]
    with pytest.raises(OptionsError, match="unknown roles"):
        make_engine("deterministic", roles="oracle")
    with pytest.raises(OptionsError, match="deterministic engine"):
        make_engine("llm", base_url="http://127.0.0.1:9/v1", roles="model")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args)


def test_eval_with_roles_model_runs_end_to_end(tmp_path: Path) -> None:
    article = {
        "id": "m1",
        "lang": "en",
        "title": "t",
        "text": MOBILISED + " The ministry earmarked $20 million for rural clinics.",
        "gold": {
            "allocations": [
                {"amount": "100000000", "currency": "USD", "recipient": "public grants",
                 "kind": "grant", "evidence": "$100 million of public grants"},
                {"amount": "20000000", "currency": "USD", "recipient": "rural clinics",
                 "kind": "budget", "evidence": "earmarked $20 million for rural clinics"},
            ],
            "claims": [],
            "issues": [],
        },
    }  # fmt: skip
    dataset = tmp_path / "d.jsonl"
    dataset.write_text(json.dumps(article) + "\n", encoding="utf-8")
    scores = {}
    for roles in ("rules", "model"):
        out = tmp_path / f"{roles}.json"
        args = ("eval", str(dataset), "--engine", "deterministic", "--roles", roles, "--quiet",
                "--no-mutations", "--json", str(out))  # fmt: skip
        result = _cli(*args)
        assert result.returncode == 0, result.stderr
        scores[roles] = json.loads(out.read_text(encoding="utf-8"))
    assert "roles=model" in scores["model"]["engine"]["model"]
    assert scores["rules"]["engine"]["model"] is None
    # the two gold allocations found either way; the mobilised $900 million is invented by
    # whichever of the two takes it for an allocation
    facts = SourceFacts.of(article["text"])
    model = shipped_model()
    p = next(
        model.probability(f)
        for r, f in scored_mentions(facts, classify(facts))
        if r.quantity.text == "$900 million" and f is not None
    )
    assert scores["rules"]["overall"]["amount"]["tp"] == 2
    assert scores["rules"]["overall"]["amount"]["fp"] == 0
    assert scores["model"]["overall"]["amount"]["tp"] == 2
    assert scores["model"]["overall"]["amount"]["fp"] == int(p >= model.threshold)


def test_run_with_roles_model_names_the_model_in_the_report() -> None:
    result = _cli("run", "summarizer/examples/ca-clean-grid-budget.md", "--roles", "model")
    assert result.returncode == 0, result.stderr
    assert "engine: deterministic, model roles=model (role-model-1)" in result.stdout
    assert "C$4.2 billion" in result.stdout


def test_the_shipped_model_is_what_training_on_dev_makes() -> None:
    """Retraining on dev with the shipped settings gives the shipped weights: the file matches
    the features the engine computes today (after a change to the rules' cues, retrain with
    `python benchmarks/role_model.py --write`). Hand prediction matches scikit-learn's."""
    pytest.importorskip("sklearn")
    from summarizer.evals import role_training as rt
    from summarizer.evals.dataset import load_dataset

    shipped = shipped_model()
    rows = [m for a in load_dataset(DEV) for m in rt.mentions(a)]
    retrained = rt.fit(rows, c=shipped.meta["C"])
    assert set(retrained.weights) == set(shipped.weights)
    assert max(abs(retrained.weights[k] - w) for k, w in shipped.weights.items()) < 1e-3
    assert retrained.bias == pytest.approx(shipped.bias, abs=1e-3)
    labelled = [r for r in rows if r.label is not None]
    vectorizer, model = rt.fit_sklearn(labelled, c=shipped.meta["C"])
    expected = model.predict_proba(vectorizer.transform([r.features for r in labelled]))[:, 1]
    ours = [retrained.probability(r.features) for r in labelled]
    assert max(abs(a - b) for a, b in zip(ours, expected, strict=True)) < 1e-3


@pytest.mark.parametrize(
    "unit",
    [
        pytest.param("The ministry gave $5 million to schools. ", id="sentences"),
        pytest.param("and $5 million to the schools of the region, ", id="one-long-sentence"),
        pytest.param("政府安排资金3亿元用于教育，较上年2亿元增加", id="cjk-no-breaks"),
        pytest.param("Item 7 $1,007 million  $1,113.5 million  10.5%\n", id="table-rows"),
    ],
)
def test_model_roles_take_time_linear_in_the_input(unit: str) -> None:
    """10 times the text, at most 25 times the CPU time (as `test_linear_time`); the features
    of a figure are read from bounded windows and looked up by bisection."""

    def seconds(size: int) -> float:
        text = (unit * (size // len(unit.encode()) + 1)).encode()[:size].decode(errors="ignore")
        started = time.process_time()
        summarize(text, engine="deterministic", roles="model")
        return time.process_time() - started

    small = min(seconds(10_000) for _ in range(2))
    large = seconds(100_000)
    assert large < 0.3 or large < 25 * max(small, 0.01), (small, large)
