"""How long `summarize(text, engine="deterministic")` takes on hostile and number-dense input.

Usage: python benchmarks/hostile_inputs.py [--sizes 10,25,100,1000] [--timeout 60] [--tables]

Each pattern (a run of digits, of full-width digits, "12.12.12…", "1.5% 1.5% …", "$1$2$3…",
spelled-out numbers, CJK and Korean numerals, "1 000 1 000 …", every character class the reader
handles…) is repeated to each size in KB and summarized in a child process, so that a pattern
that hangs costs the timeout and not the run. Printed: seconds per size, and the ratio of the
largest size's time to the 100 KB time (linear: about the ratio of the sizes). `--tables` adds
budget tables of 100 to 10,000 lines (three amounts and a percentage per line) and the long real
texts of `../shared/evalsets/real.jsonl` repeated.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import time
from pathlib import Path

PATTERNS = {
    "digits": "1",
    "full-width digits": "１",
    "dotted": "12.",
    "zeros": "0.",
    "percent": "1.5% ",
    "dollars": "$1",
    "euro comma": "€1,5 Mrd. ",
    "spaced thousands": "1 000 ",
    "grouped": "1,000,",
    "words": "one hundred and twenty ",
    "german words": "drei Milliarden ",
    "cjk numerals": "一二三",
    "cjk units": "三千亿元",
    "korean": "1조 ",
    "yen table": "単位:億円\n345.4 12.0\n",
    "hedges": "about about ",
    "parentheses": "($1 (",
    "brackets": "[1]",
    "letters": "abc ",
    "newlines": "\n",
    "fiscal years": "FY2024 ",
    "mixed": "The ministry gave $1.2 billion (¥180 billion) to ACME, up 12%. ",
}


def _child(text: str, out: mp.Queue) -> None:  # type: ignore[type-arg]
    from summarizer import summarize

    # Warm up first: the process's first article pays once for the CLDR tables, the compiled
    # grammar and the language model, which is not the input's cost.
    summarize("Der Bund gibt 1,5 Mrd. € und $2 billion für 道路 3億円.", engine="deterministic")
    started = time.perf_counter()
    try:
        summarize(text, engine="deterministic")
        out.put(("ok", time.perf_counter() - started))
    except Exception as exc:  # noqa: BLE001 - reported, not raised: a clear error is fine
        out.put((type(exc).__name__, time.perf_counter() - started))


def timed(text: str, timeout: float) -> str:
    """Seconds for one summarize call in a child process, or '>timeout'."""
    queue: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    child = mp.Process(target=_child, args=(text, queue))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
        return f">{timeout:.0f}"
    status, seconds = queue.get()
    return f"{seconds:.2f}" + ("" if status == "ok" else f" ({status})")


def _seconds(cell: str) -> float | None:
    try:
        return float(cell.split()[0])
    except ValueError:
        return None


def table(rows: dict[str, str], sizes: list[int], timeout: float) -> None:
    """Print one row per input: seconds per size and the last/100 KB ratio."""
    head = f"{'input':<20}" + "".join(f"{str(s) + ' KB':>12}" for s in sizes) + f"{'ratio':>8}"
    print(head)
    for name, unit in rows.items():
        cells = []
        for size in sizes:
            text = (unit * (size * 1000 // len(unit) + 1))[: size * 1000]
            cells.append(timed(text, timeout))
        base = _seconds(cells[sizes.index(100)]) if 100 in sizes and sizes[-1] != 100 else None
        last = _seconds(cells[-1])
        ratio = f"{last / base:.1f}" if base and last else "-"
        print(f"{name:<20}" + "".join(f"{c:>12}" for c in cells) + f"{ratio:>8}", flush=True)


def budget_table(lines: int) -> str:
    """A budget table of `lines` lines: three dollar columns and a percentage each."""
    rows = ["Program                         FY2023        FY2024        FY2025    Change"]
    for i in range(lines):
        a, b = 1000 + i * 7 % 9000, 1100 + i * 13 % 9000
        rows.append(
            f"Program {i:<24}$ {a:,}.0 million  $ {b:,}.5 million  $ {a + b:,} million  "
            f"{(b - a) / a * 100:.1f}%"
        )
    return "\n".join(rows)


def main() -> None:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,25,100,1000")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--tables", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print("hostile inputs, seconds (summarize, deterministic engine):")
    table(PATTERNS, sizes, args.timeout)
    if args.tables:
        print("\nbudget tables (lines → KB, seconds):")
        for lines in (100, 400, 800, 2000, 10_000):
            text = budget_table(lines)
            print(f"{lines:>6} lines {len(text) / 1000:>7.0f} KB {timed(text, args.timeout):>10}")
        real = Path(__file__).resolve().parents[2] / "shared" / "evalsets" / "real.jsonl"
        if real.exists():
            texts = [json.loads(line)["text"] for line in real.open(encoding="utf-8")]
            joined = "\n\n".join(texts)
            print("\nreal.jsonl's texts joined, repeated:")
            for times in (1, 4, 16):
                text = "\n\n".join([joined] * times)
                print(f"{times:>3}x {len(text) / 1000:>7.0f} KB {timed(text, args.timeout):>10}")


if __name__ == "__main__":
    main()
