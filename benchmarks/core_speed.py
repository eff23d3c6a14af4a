"""Micro-benchmark: `find_quantities` + `validate` (and the deterministic engine) on a
2,000-word article. Prints the median time over repeated runs.

Usage: python benchmarks/core_speed.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from summarizer.checking.facts import SourceFacts
from summarizer.checking.validate import validate
from summarizer.engines.deterministic import DeterministicEngine
from summarizer.pipeline import ground
from summarizer.reading.numbers import find_quantities

EXAMPLES = Path(__file__).resolve().parent.parent / "summarizer" / "examples"


def article_of(words: int) -> str:
    """The bundled examples repeated (paragraph by paragraph) to about `words` words."""
    paragraphs = [
        p for f in sorted(EXAMPLES.iterdir()) for p in f.read_text("utf-8").split("\n\n") if p
    ]
    out: list[str] = []
    count = 0
    i = 0
    while count < words:
        paragraph = paragraphs[i % len(paragraphs)]
        out.append(paragraph)
        count += len(paragraph.split())
        i += 1
    return "\n\n".join(out)


def _median_ms(fn, runs: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    text = article_of(2000)
    facts = SourceFacts.of(text)
    engine = DeterministicEngine()
    extraction, _ = engine.extract(text, facts)
    extraction = ground(extraction, facts)
    print(f"article: {len(text.split())} words, {len(text)} characters, "
          f"{len(facts.quantities)} quantities, {len(extraction.allocations)} allocations, "
          f"{len(extraction.claims)} claims")  # fmt: skip
    print(
        f"find_quantities:           {_median_ms(lambda: find_quantities(text), args.runs):8.1f} ms"
    )
    print(
        f"SourceFacts.of:            {_median_ms(lambda: SourceFacts.of(text), args.runs):8.1f} ms"
    )
    print(
        "find_quantities+validate:  "
        f"{_median_ms(lambda: validate(extraction, text), args.runs):8.1f} ms"
    )
    print(
        "deterministic engine:      "
        f"{_median_ms(lambda: engine.extract(text, SourceFacts.of(text)), args.runs):8.1f} ms"
    )


if __name__ == "__main__":
    main()
