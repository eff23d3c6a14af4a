"""Time a long PDF end to end: reading its text layer page by page, then summarizing it.

A budget-like report written with reportlab (tests/pdf_fixtures.py: one chapter a page, two
allocations and a table each). Prints the seconds for each step and the figures found.

    python benchmarks/pdf_speed.py --pages 100
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from pdf_fixtures import budget_pdf  # noqa: E402

from summarizer import summarize  # noqa: E402
from summarizer.inputs.pdf import document_from_pdf  # noqa: E402


def main() -> None:
    """Print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3, help="best of N")
    args = parser.parse_args()
    data = budget_pdf(args.pages)
    summarize("Warm-up: the ministry gave $1 million to the Harbour Trust.", engine="deterministic")
    reads, runs = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        document = document_from_pdf(data)
        reads.append(time.perf_counter() - started)
        started = time.perf_counter()
        summary = summarize(document, engine="deterministic")
        runs.append(time.perf_counter() - started)
    allocations = summary.extraction.allocations
    paged = sum(summary.page_of(a.span) is not None for a in allocations)
    print(
        f"{args.pages} pages, {len(data):,} bytes of PDF, {len(document.text):,} characters of "
        f"text: read {min(reads):.2f} s ({min(reads) / args.pages * 1000:.1f} ms/page), "
        f"summarize {min(runs):.2f} s, total {min(reads) + min(runs):.2f} s (best of "
        f"{args.repeat}); {len(allocations)} allocations, {paged} with a page number"
    )


if __name__ == "__main__":
    main()
