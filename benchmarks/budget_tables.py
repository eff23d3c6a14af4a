"""How long `summarize(text, engine="deterministic")` takes on number-dense documents.

Usage: python benchmarks/budget_tables.py [--lines 100,400,800,2000,5000,10000]
                                          [--timeout 120] [--clock cpu|wall]

Budget documents (the PDFs the PDF input brings) are tables of figures. Timed here: generated
budget tables of 100 to 10,000 lines, each line a programme with three dollar amounts and a
percentage (800 lines ≈ 52 KB, 10,000 lines ≈ 670 KB); the same tables with bare cells under a
declared unit ("(in millions of dollars)"); and the long real texts of
`../shared/evalsets/real.jsonl` (when present) joined and repeated, and the three longest each
repeated to 100 KB and 1,000 KB. Seconds are the child process's CPU time (`timing`).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from timing import cell, sized, timed

REAL = Path(__file__).resolve().parents[2] / "shared" / "evalsets" / "real.jsonl"


def budget_table(lines: int, *, declared_unit: bool = False) -> str:
    """A budget table of `lines` lines: three amounts and a percentage change each.

    With `declared_unit`, the cells are bare numbers under "(in millions of dollars)".
    """
    title = "Table 1. Programme budgets" + (" (in millions of dollars)" if declared_unit else "")
    rows = [title, "Item  FY2023  FY2024  FY2025  Change"]
    for i in range(lines):
        a, b = 1000 + i * 7 % 9000, 1100 + i * 13 % 9000
        change = (b - a) / a * 100
        if declared_unit:
            rows.append(f"Item {i} {a:,}  {b:,}.5  {a + b:,}  {change:.1f}%")
        else:
            rows.append(
                f"Item {i} ${a:,} million  ${b:,}.5 million  ${a + b:,} million  {change:.1f}%"
            )
    return "\n".join(rows) + "\n"


def main() -> None:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", default="100,400,800,2000,5000,10000")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    args = parser.parse_args()
    print(f"budget tables, {args.clock} seconds (summarize, deterministic engine):")
    print(f"{'lines':>7}{'KB':>7}{'$ cells':>10}{'KB':>7}{'bare cells':>12}")
    for lines in (int(n) for n in args.lines.split(",")):
        dollars, bare = budget_table(lines), budget_table(lines, declared_unit=True)
        print(
            f"{lines:>7}{len(dollars.encode()) / 1000:>7.0f}"
            f"{cell(timed(dollars, args.timeout, args.clock), args.timeout):>10}"
            f"{len(bare.encode()) / 1000:>7.0f}"
            f"{cell(timed(bare, args.timeout, args.clock), args.timeout):>12}",
            flush=True,
        )
    if not REAL.exists():
        return
    articles = [json.loads(line) for line in REAL.open(encoding="utf-8")]
    joined = "\n\n".join(a["text"] for a in articles)
    print(f"\nreal.jsonl's {len(articles)} texts joined, repeated:")
    for times in (1, 4, 16):
        text = "\n\n".join([joined] * times)
        seconds = cell(timed(text, args.timeout, args.clock), args.timeout)
        print(f"{times:>4}x{len(text.encode()) / 1000:>7.0f} KB{seconds:>10}", flush=True)
    print("\nthe three longest, each repeated to 100 and 1,000 KB:")
    for article in sorted(articles, key=lambda a: -len(a["text"]))[:3]:
        cells = [
            cell(timed(sized(article["text"] + "\n\n", kb), args.timeout, args.clock), args.timeout)
            for kb in (100, 1000)
        ]
        print(f"  {article['id'][:44]:<46}{cells[0]:>8}{cells[1]:>8}", flush=True)


if __name__ == "__main__":
    main()
