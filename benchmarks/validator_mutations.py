"""Validator mutation benchmark: recall on perturbed gold numbers, false alarms on unperturbed.

Usage: python benchmarks/validator_mutations.py DATASET.jsonl... [--json OUT]

Perturbs every gold amount, conversion and claim number (digit, scale word, currency, decimal
point, dropped hedge), validates each perturbed extraction against its article, and prints the
share flagged per kind; then the share of unperturbed gold items wrongly flagged.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from summarizer.evals import mutations
from summarizer.evals.dataset import Article, gold_to_extraction, load_dataset


def _published(article: Article) -> date | None:
    try:
        return date.fromisoformat(article.published) if article.published else None
    except ValueError:
        return None


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", nargs="+")
    parser.add_argument("--json", dest="json_out")
    args = parser.parse_args(argv)
    total = mutations.MutationScore()
    for path in args.datasets:
        for article in load_dataset(path):
            total.add(
                mutations.score_article(
                    article.id,
                    gold_to_extraction(article),
                    article.text,
                    _published(article),
                    article.source_url,
                )
            )
    print(mutations.mutation_table(total))
    if total.missed:
        print("\nmissed:", *total.missed[:20], sep="\n  ")
    if total.alarms:
        print("\nfalse alarms:", *total.alarms[:20], sep="\n  ")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(mutations.as_dict(total), indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
