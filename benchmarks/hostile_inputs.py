"""How long `summarize(text, engine="deterministic")` takes on hostile input, by size.

Usage: python benchmarks/hostile_inputs.py [--sizes 10,25,100,1000] [--only NAME,NAME]
                                           [--timeout 120] [--clock cpu|wall]

Each pattern (a run of digits, of full-width digits, "12.12.12…", "1.5% 1.5% …", "$1$2$3…",
spelled-out numbers, CJK and Korean numerals, "1 000 1 000 …", and every other class of
character the reader handles: grouping marks, currency symbols, codes and names, scale words,
hedges, table units, signs, brackets, line breaks, front matter, fiscal years…) is repeated to
each size in thousands of UTF-8 bytes (the input limit counts bytes: 1,000 KB is the largest
input accepted) and summarized in a child process (`timing`). Printed: seconds per size
(the child's CPU time unless `--clock wall`) and the ratio of each size's time to the one
before it; linear time gives about the ratio of the sizes (2.5, 4, 10). Number-dense
documents: `benchmarks/budget_tables.py`.
"""

from __future__ import annotations

import argparse

from timing import cell, sized, timed

PATTERNS = {
    # digits, and the marks numbers are written with
    "digits": "1",
    "full-width digits": "１",
    "dotted": "12.",
    "zeros": "0.",
    "commas": "1,",
    "grouped": "1,000,",
    "spaced thousands": "1 000 ",
    "thin-space groups": "1\u202f000\u202f",
    "apostrophe groups": "1'000'",
    "indian groups": "1,00,000 ",
    "decimal comma": "1,5 ",
    "dates": "12.03.2024 ",
    # money
    "dollars": "$1",
    "dollar words": "1 dollars ",
    "currency codes": "USD 1 EUR 2 ",
    "currency names": "900 billion Japanese Yen ",
    "euro comma": "€1,5 Mrd. ",
    "european": "12.826.505,16 euros ",
    "swiss": "CHF 1'500'000 ",
    "rupees crore": "₹1,00,000 crore ",
    "ranges": "$160–200 billion ",
    "hard-wrapped": "$2.3\n    billion ",
    "US dollars tail": "$117.2 billion U.S. dollars ",
    "implied currency": "€1 billion and another 2.5 billion ",
    "words": "one hundred and twenty ",
    "german words": "drei Milliarden Euro ",
    # percentages and multiples
    "percent": "1.5% ",
    "percent ranges": "1,4 à 1 % ",
    "points": "20ポイント",
    "multiples": "doubled 2-fold 3 times more ",
    # CJK and Korean
    "cjk numerals": "一二三",
    "cjk units": "三千亿元",
    "cjk percent": "百分之三点五",
    "cjk multiple": "增长1.2倍",
    "korean": "1조 ",
    "korean won": "약 4,732억 원 ",
    "yen hedged": "約6兆円程度",
    "yen table": "単位:億円\n345.4 12.0\n",
    "latin table unit": "(Mrd. €) 1,5 ",
    "heading table unit": "(Mrd. €):\n1,5 2,5\n",
    # hedges, signs, brackets, layout
    "hedges": "about about ",
    "cjk hedges": "约超过近",
    "signed": "+558億円▲700億円",
    "arrows": "1億円⇒2億円 ",
    "parentheses": "($1 (",
    "brackets": "[1]",
    "quotes": "“10 trillion won” ",
    "letters": "abc ",
    "zero-width": "\u200b1\u200b",
    "combining marks": "e\u0301 ",
    "line breaks": "1\n",
    "bullets": "- $1 million\n",
    "front matter": "---\ntitle: x\n",
    "urls": "https://example.org/1 ",
    "fiscal years": "FY2024 ",
    "period conflicts": "FY2023: $1 million. FY2024: $1 million. ",
    "year ranges": "2021-2027 ",
    # prose, repeated
    "conversions": "$1 billion (¥1 billion) ",
    "from-to growth": "from $1 billion to $2 billion, up 100%. ",
    "totals and parts": "a total of $2 billion including $1 billion; ",
    "breakdowns": "計900億円(6年度400億円、7年度500億円)を計上。",
    "numbered items": "予算は900億円とした。\n(1) 施設\n費(300億円)\n(2) 設備\n費(100億円)\n",
    "total rows": "Norte | 10.000 euros |\nTotal | 30.000 euros |\n",
    "mixed": "The ministry gave $1.2 billion (¥180 billion) to ACME, up 12%. ",
    "prose": "The ministry earmarked $2.5 billion for the Acme Corporation to build roads. ",
}


def table(rows: dict[str, str], sizes: list[int], timeout: float, clock: str) -> None:
    """Print one row per pattern: seconds per size, then each size's time over the last's."""
    steps = [f"{b}/{a}" for a, b in zip(sizes, sizes[1:], strict=False)]
    print(
        f"{'input':<20}"
        + "".join(f"{str(s) + ' KB':>9}" for s in sizes)
        + "".join(f"{s:>10}" for s in steps)
    )
    for name, unit in rows.items():
        results = [timed(sized(unit, size), timeout, clock) for size in sizes]
        ratios = []
        for (a, _), (b, status) in zip(results, results[1:], strict=False):
            ratios.append(f"{b / a:.1f}" if a and b and status == "ok" else "-")
        print(
            f"{name:<20}"
            + "".join(f"{cell(r, timeout):>9}" for r in results)
            + "".join(f"{r:>10}" for r in ratios),
            flush=True,
        )


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,25,100,1000")
    parser.add_argument("--only", default="", help="comma-separated pattern names")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    chosen = {n: PATTERNS[n] for n in args.only.split(",")} if args.only else PATTERNS
    print(f"hostile inputs, {args.clock} seconds (summarize, deterministic engine):")
    table(chosen, sizes, args.timeout, args.clock)


if __name__ == "__main__":
    main()
