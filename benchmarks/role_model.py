"""Rules against a trained model for allocation roles: grouped cross-validation on dev, and a
held-out file when one is given.

Trains the logistic regression of `summarizer.engines.role_model` (fixed seed) on the dev
split's labelled money mentions, then scores the whole deterministic engine three ways — hand
rules, model, hybrid — on folds of whole articles it was not trained on (5 shuffled folds, and
leave one language out), with the eval scorer: amount precision, recall and F1 per language.
Needs the extra "train" (scikit-learn).

    python benchmarks/role_model.py                       # CV on dev
    python benchmarks/role_model.py --held-out FILE.jsonl # and the comparison on FILE
    python benchmarks/role_model.py --write               # and write the shipped model file

The rules were written and tuned on dev, so their dev figures are not held out; the model's
cross-validated figures are. Only a file neither looked into decides between them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from summarizer.engines.role_model import MODEL_FILE
from summarizer.evals import role_training as rt
from summarizer.evals.dataset import load_dataset

DEV = Path("evals/corpus/dev.jsonl")
MODES = ("rules", "model", "hybrid")


def table(title: str, articles, scores: rt.Scores) -> str:
    """Amount P/R/F1 per language and overall, one column group per mode."""
    totals = {mode: rt.by_language(articles, s) for mode, s in scores.items()}
    langs = list(totals["rules"])
    head = f"{'lang':<6} {'n':>4} " + " ".join(f"{m + ' P/R/F1':>22}" for m in MODES)
    lines = [title, head, "-" * len(head)]
    for lang in langs:
        cells = []
        for mode in MODES:
            a = totals[mode][lang].amount
            cells.append(f"{a.precision:6.3f} {a.recall:6.3f} {a.f1:6.3f}  ")
        n = totals["rules"][lang].articles
        lines.append(f"{lang:<6} {n:>4} " + " ".join(f"{c:>22}" for c in cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev", type=Path, default=DEV, help="annotated training set")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--c", type=float, help="skip choosing C by grouped CV; use this")
    parser.add_argument("--no-lolo", action="store_true", help="skip leave-one-language-out")
    parser.add_argument("--held-out", type=Path, help="an annotated file to compare on, once")
    parser.add_argument(
        "--write",
        action="store_true",
        help=f"write the model trained on all of dev to {MODEL_FILE}",
    )
    args = parser.parse_args(argv)

    articles = load_dataset(args.dev)
    rows = [m for a in articles for m in rt.mentions(a)]
    labelled = [r for r in rows if r.label is not None]
    positives = sum(r.label == 1 for r in labelled)
    print(
        f"{args.dev}: {len(articles)} articles, {len(rows)} money mentions scored by the model, "
        f"{positives} allocations, {len(labelled) - positives} not, "
        f"{len(rows) - len(labelled)} only optional (left out)"
    )
    groups = rt.folds([a.id for a in articles], args.folds)
    if args.c is None:
        c, by_c = rt.choose_c(rows, groups)
        print(
            "C by grouped CV (mention F1): " + ", ".join(f"{k}: {v:.3f}" for k, v in by_c.items())
        )
    else:
        c = args.c
    hybrid, by_cut = rt.choose_hybrid(rows, groups, c=c)
    best = sorted(by_cut.items(), key=lambda kv: -kv[1])[:4]
    print(
        "hybrid cut-offs (drop below, add above) by grouped CV (mention F1), best: "
        + ", ".join(f"{k}: {v:.3f}" for k, v in best)
    )
    print(f"C = {c}, hybrid = {hybrid}\n")

    scores = rt.cross_validate(articles, rows, groups, c=c, hybrid=hybrid)
    print(
        table(f"Grouped {args.folds}-fold CV by article (seed {rt.SEED}), amount", articles, scores)
    )
    if not args.no_lolo:
        by_lang: dict[str, set[str]] = {}
        for a in articles:
            by_lang.setdefault(a.lang or "?", set()).add(a.id)
        lolo = rt.cross_validate(articles, rows, list(by_lang.values()), c=c, hybrid=hybrid)
        print()
        print(table("Leave one language out, amount", articles, lolo))

    final = rt.fit(
        rows, c=c, hybrid=hybrid, meta={"name": "role-model-1", "trained_on": args.dev.name}
    )
    print(
        f"\nfinal model: {len(final.weights)} weights, trained on {final.meta['mentions']} mentions"
    )
    if args.write:
        target = Path(rt.__file__).resolve().parents[1] / "engines" / MODEL_FILE
        target.write_text(final.to_json(), encoding="utf-8")
        print(f"written to {target} ({target.stat().st_size:,} bytes)")
    if args.held_out:
        held = load_dataset(args.held_out)
        print()
        print(
            table(
                f"Held out: {args.held_out} (model trained on all of dev)",
                held,
                rt.score_with(held, final),
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
