"""Side-by-side grounding benchmark: `summarizer.checking.grounding` against langextract's aligner.

Usage: python benchmarks/grounding_vs_langextract.py DATASET.jsonl... [--json OUT] [--show N]

langextract is a benchmark-only dependency (`pip install -e ".[bench]"`); the package never
imports it. Only its aligner runs (`langextract.resolver.Resolver.align`, the step
`lx.extract` applies to a model's output): no model, no network.

Quotes: every gold evidence quote of every article (allocations, then claims), in three
variants:

- `as-is`: the quote verbatim.
- `digit`: the first digit of the amount changed (1→2, 9→8; a full-width digit stays
  full-width): the allocation's amount as written in its evidence, a claim's first number, else
  the quote's first digit. Only quotes whose changed form does not occur in the text; a quote
  without a digit ("nearly quadruple") has no such variant.
- `typography`: curly quotes made straight (or, when it has none, straight made curly), dashes
  "–—" made "-", whitespace runs made one space, full-width ASCII made ASCII. Only quotes that
  this changes.
- `dropword`: one plain word (letters only, no number, scale or currency word, not a unit right
  after a number, not the first or last) left out, the one nearest the middle; quotes of six
  or more space-separated words. What fuzzy matching is for: the figures are intact, the
  passage is still the gold one.

Per aligner and variant: `exact` (the span slices to the gold quote at one of its occurrences
in the text), `overlap` (overlaps an occurrence but is not exact), `elsewhere` (placed, no
overlap), `none` (not placed), and for `digit` `slipped` (placed at all: a wrong figure shown as
grounded) with `slip∋digit` (the span also covers the changed digit's position). Time: each
article's quotes are placed twice; the second, warm pass is timed (index or resolver built and
all quotes placed): median ms per article and the total.

Aligners:

- `summarizer`: `SourceIndex(text).ground(quote)` per quote.
- `langextract`: `Resolver().align([Extraction], text, 0, 0)`, one call per quote, defaults
  (fuzzy on, threshold 0.75, `accept_match_lesser=True`, RegexTokenizer).
- `langextract/batch`: one `align` call with all of an article's quotes, as `lx.extract` aligns
  one chunk's extractions (its exact step keeps them in output order).
- `langextract/unicode`: as `langextract` with `tokenizer_inst=UnicodeTokenizer()` (splits CJK
  into characters; the default tokenizer keeps a CJK run as one word).
- `langextract/strict`: as `langextract` with `enable_fuzzy_alignment=False,
  accept_match_lesser=False`: only whole exact token matches (its safest setting).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from summarizer.checking.grounding import SourceIndex, normalize, numeric_signature
from summarizer.evals.dataset import Article, amount_as_written, load_dataset
from summarizer.reading.currencies import CurrencyContext

try:
    from langextract.core import data as lx_data
    from langextract.core import tokenizer as lx_tokenizer
    from langextract.resolver import Resolver
except ImportError:  # pragma: no cover - a message, not a test
    sys.exit('langextract is not installed: pip install -e ".[bench]"')

VARIANTS = ("as-is", "digit", "typography", "dropword")

# A placement: (start, end) in the text, or None; and how the aligner says it matched.
Placed = tuple[tuple[int, int] | None, str]
Aligner = Callable[[str, Sequence[str]], list[Placed]]


# --- quotes and variants -----------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    """One quote to place: the variant's text, and where the gold quote sits in the article."""

    article: str
    kind: str  # "allocation" or "claim"
    gold: str
    text: str
    occurrences: tuple[int, ...]  # starts of `gold` in the article text
    digit_at: int | None = None  # offset in the quote of the changed digit (`digit` variant)


def _occurrences(text: str, quote: str) -> tuple[int, ...]:
    starts: list[int] = []
    at = text.find(quote)
    while at != -1:
        starts.append(at)
        at = text.find(quote, at + 1)
    return tuple(starts)


def _first_digit(text: str, lo: int = 0, hi: int | None = None) -> int | None:
    for k in range(lo, len(text) if hi is None else hi):
        if text[k].isdecimal():
            return k
    return None


def _amount_digit(article: Article, kind: str, index: int, context: CurrencyContext) -> int | None:
    """Offset in the evidence of the first digit of the amount (allocation) or first number."""
    if kind == "allocation":
        allocation = article.gold.allocations[index]
        evidence = allocation.evidence
        written = amount_as_written(evidence, allocation, context)
        at = evidence.find(written)
        found = _first_digit(evidence, at, at + len(written)) if at >= 0 else None
        return found if found is not None else _first_digit(evidence)
    claim = article.gold.claims[index]
    evidence = claim.evidence
    for number in claim.numbers:
        at = evidence.find(number)
        found = _first_digit(evidence, at, at + len(number)) if at >= 0 else None
        if found is not None:
            return found
    return _first_digit(evidence)


def change_digit(text: str, quote: str, at: int) -> str | None:
    """`quote` with the digit at `at` changed (1→2, 9→8, then others), absent from `text`."""
    value = unicodedata.digit(quote[at])
    zero = ord(quote[at]) - value  # decimal digits are contiguous in every script
    order = [value + 1 if value < 9 else value - 1]
    order += [d for d in range(10) if d != value and d not in order]
    for digit in order:
        changed = quote[:at] + chr(zero + digit) + quote[at + 1 :]
        if changed not in text:
            return changed
    return None


_CURLY = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'})
_DASHES = str.maketrans({"–": "-", "—": "-"})
_WIDE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}


def retype(quote: str) -> str:
    """The quote as a model might retype it: quote style, dashes, spacing, full width."""
    out = quote.translate(_CURLY)
    if out == quote:  # no curly quotes: make the straight ones curly
        out = out.replace("'", "’")
        parts = out.split('"')
        out = "".join(p + ("“" if k % 2 == 0 else "”") for k, p in enumerate(parts[:-1]))
        out += parts[-1]
    out = re.sub(r"\s+", " ", out.translate(_DASHES).translate(_WIDE))
    return out


def drop_word(quote: str) -> str | None:
    """`quote` without its plain word nearest the middle, or None when it has none to spare."""
    words = quote.split(" ")
    if len(words) < 6:
        return None
    plain = [
        k
        for k in range(1, len(words) - 1)
        if words[k].isalpha()
        and not numeric_signature(words[k])
        and not any(ch.isdecimal() for ch in words[k - 1])  # a unit: "10 percent"
    ]
    if not plain:
        return None
    k = min(plain, key=lambda k: (abs(2 * k - (len(words) - 1)), k))
    return " ".join(words[:k] + words[k + 1 :])


def quotes_of(article: Article, variant: str) -> tuple[list[Quote], int]:
    """The article's quotes in `variant`, and how many gold quotes have no such variant."""
    context = CurrencyContext.of(article.text)
    items = [("allocation", k, a.evidence) for k, a in enumerate(article.gold.allocations)]
    items += [("claim", k, c.evidence) for k, c in enumerate(article.gold.claims)]
    out: list[Quote] = []
    skipped = 0
    for kind, index, gold in items:
        occurrences = _occurrences(article.text, gold)
        if not occurrences:  # not verbatim in the text: a data error, reported as skipped
            skipped += 1
            continue
        text: str | None = gold
        digit_at = None
        if variant == "digit":
            digit_at = _amount_digit(article, kind, index, context)
            text = None if digit_at is None else change_digit(article.text, gold, digit_at)
        elif variant == "typography":
            text = retype(gold)
            text = text if text != gold else None
        elif variant == "dropword":
            text = drop_word(gold)
            text = text if text is not None and text not in article.text else None
        if text is None:
            skipped += 1
            continue
        out.append(Quote(article.id, kind, gold, text, occurrences, digit_at))
    return out, skipped


# --- aligners ----------------------------------------------------------------------------------


def summarizer_aligner(text: str, quotes: Sequence[str]) -> list[Placed]:
    """`summarizer.checking.grounding`: one index per article, one `ground` call per quote."""
    index = SourceIndex(text)
    out: list[Placed] = []
    for quote in quotes:
        g = index.ground(quote)
        out.append(((g.span.start, g.span.end) if g.span else None, g.method.value))
    return out


def _placed(extraction: lx_data.Extraction) -> Placed:
    interval = extraction.char_interval
    status = extraction.alignment_status
    if interval is None or interval.start_pos is None or interval.end_pos is None:
        return None, "none"
    return (interval.start_pos, interval.end_pos), status.value if status else "none"


def _evidence(quote: str) -> lx_data.Extraction:
    return lx_data.Extraction(extraction_class="evidence", extraction_text=quote)


def langextract_aligner(
    tokenizer: lx_tokenizer.Tokenizer | None = None, *, strict: bool = False
) -> Aligner:
    """langextract's `Resolver.align`, one call per quote; `strict`: whole exact matches only."""
    options = {"enable_fuzzy_alignment": False, "accept_match_lesser": False} if strict else {}

    def align(text: str, quotes: Sequence[str]) -> list[Placed]:
        resolver = Resolver()
        out: list[Placed] = []
        for quote in quotes:
            extraction = _evidence(quote)
            list(resolver.align([extraction], text, 0, 0, tokenizer_inst=tokenizer, **options))
            out.append(_placed(extraction))
        return out

    return align


def langextract_batch(text: str, quotes: Sequence[str]) -> list[Placed]:
    """langextract's `Resolver.align`, one call with all the article's quotes."""
    extractions = [_evidence(q) for q in quotes]
    list(Resolver().align(extractions, text, 0, 0))
    return [_placed(e) for e in extractions]


ALIGNERS: dict[str, Aligner] = {
    "summarizer": summarizer_aligner,
    "langextract": langextract_aligner(),
    "langextract/batch": langextract_batch,
    "langextract/unicode": langextract_aligner(lx_tokenizer.UnicodeTokenizer()),
    "langextract/strict": langextract_aligner(strict=True),
}


# --- scoring -----------------------------------------------------------------------------------


def outcome(quote: Quote, span: tuple[int, int] | None) -> str:
    """ "exact", "overlap", "elsewhere" or "none" against the gold quote's occurrences."""
    if span is None:
        return "none"
    start, end = span
    if any(start == s and end == s + len(quote.gold) for s in quote.occurrences):
        return "exact"
    if any(start < s + len(quote.gold) and s < end for s in quote.occurrences):
        return "overlap"
    return "elsewhere"


def covers_digit(quote: Quote, span: tuple[int, int] | None) -> bool:
    """True when `span` covers the changed digit's position at one of the gold occurrences."""
    if span is None or quote.digit_at is None:
        return False
    return any(span[0] <= s + quote.digit_at < span[1] for s in quote.occurrences)


@dataclass
class Row:
    """One aligner on one variant, over all the datasets."""

    aligner: str
    variant: str
    quotes: int = 0
    skipped: int = 0
    exact: int = 0
    overlap: int = 0
    elsewhere: int = 0
    none: int = 0
    slipped: int = 0
    slipped_over_digit: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    article_ms: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        """Median warm time per article, in milliseconds."""
        return statistics.median(self.article_ms) if self.article_ms else 0.0

    @property
    def total_s(self) -> float:
        """Total warm time, in seconds."""
        return sum(self.article_ms) / 1000


def run(
    articles: Sequence[Article], aligners: Sequence[str]
) -> tuple[list[Row], list[dict[str, Any]]]:
    """Place every quote variant with every aligner; the rows and the per-quote results."""
    rows: list[Row] = []
    cases: list[dict[str, Any]] = []
    prepared = {v: [quotes_of(a, v) for a in articles] for v in VARIANTS}
    for name in aligners:
        align = ALIGNERS[name]
        for variant in VARIANTS:
            row = Row(name, variant)
            for article, (quotes, skipped) in zip(articles, prepared[variant], strict=True):
                row.skipped += skipped
                if not quotes:
                    continue
                texts = [q.text for q in quotes]
                align(article.text, texts)  # warm-up pass
                started = time.perf_counter()
                placed = align(article.text, texts)
                row.article_ms.append((time.perf_counter() - started) * 1000)
                for quote, (span, status) in zip(quotes, placed, strict=True):
                    result = outcome(quote, span)
                    row.quotes += 1
                    setattr(row, result, getattr(row, result) + 1)
                    row.statuses[status] += 1
                    slipped = variant == "digit" and span is not None
                    row.slipped += slipped
                    row.slipped_over_digit += slipped and covers_digit(quote, span)
                    cases.append(
                        {
                            "aligner": name,
                            "variant": variant,
                            "article": quote.article,
                            "kind": quote.kind,
                            "gold": quote.gold,
                            "quote": quote.text,
                            "span": list(span) if span else None,
                            "got": article.text[span[0] : span[1]] if span else None,
                            "status": status,
                            "outcome": result,
                        }
                    )
            rows.append(row)
    return rows, cases


# --- output ------------------------------------------------------------------------------------

_COLUMNS = (
    "aligner",
    "variant",
    "quotes",
    "exact",
    "overlap",
    "elsewhere",
    "none",
    "slipped",
    "slip∋digit",
    "ms/article",
    "total s",
    "how placed",
)


def table(rows: Sequence[Row]) -> str:
    """The rows as a plain-text table."""
    lines = []
    for r in rows:
        digit = r.variant == "digit"
        how = ", ".join(f"{s} {n}" for s, n in r.statuses.most_common())
        lines.append(
            (
                r.aligner,
                r.variant,
                str(r.quotes),
                str(r.exact),
                str(r.overlap),
                str(r.elsewhere),
                str(r.none),
                str(r.slipped) if digit else "-",
                str(r.slipped_over_digit) if digit else "-",
                f"{r.median_ms:.1f}",
                f"{r.total_s:.2f}",
                how,
            )
        )
    widths = [max(len(c), *(len(line[k]) for line in lines)) for k, c in enumerate(_COLUMNS)]
    left = {0, 1, len(_COLUMNS) - 1}

    def fmt(cells: Sequence[str]) -> str:
        return "  ".join(
            c.ljust(w) if k in left else c.rjust(w)
            for k, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(_COLUMNS), rule, *(fmt(line) for line in lines)])


def failures(cases: Sequence[dict[str, Any]], aligner: str, limit: int) -> list[str]:
    """`aligner`'s quotes not placed exactly, slipped (digit), or not placed (dropword)."""
    out = []
    for c in cases:
        if c["aligner"] != aligner:
            continue
        if c["variant"] == "digit":
            bad = c["got"] is not None
        elif c["variant"] == "dropword":
            bad = c["outcome"] not in ("exact", "overlap")
        else:
            bad = c["outcome"] != "exact"
        if bad:
            similar = fuzz.ratio(normalize(c["quote"]).text, normalize(c["gold"]).text)
            out.append(
                f"  [{c['variant']}] {c['article']} ({c['kind']}): quote {c['quote']!r}\n"
                f"      gold {c['gold']!r} (ratio to the quote {similar:.1f})\n"
                f"      got {c['got']!r} ({c['status']})"
            )
    return out[:limit]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, and write JSON with --json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", nargs="+")
    parser.add_argument("--json", dest="json_out", help="write rows and per-quote results here")
    parser.add_argument(
        "--aligners", nargs="+", choices=list(ALIGNERS), default=list(ALIGNERS), metavar="NAME"
    )
    parser.add_argument(
        "--show", type=int, default=20, help="list up to N summarizer failures (default 20)"
    )
    args = parser.parse_args(argv)
    articles: list[Article] = []
    for path in args.datasets:
        loaded = load_dataset(path)
        quotes = sum(len(a.gold.allocations) + len(a.gold.claims) for a in loaded)
        print(f"{path}: {len(loaded)} articles, {quotes} gold evidence quotes")
        articles += loaded
    lx_version = version("langextract")
    print(f"langextract {lx_version}: langextract.resolver.Resolver.align (no model, no network)\n")
    rows, cases = run(articles, args.aligners)
    print(table(rows))
    skipped = {r.variant: r.skipped for r in rows}
    print(
        "\nquotes without the variant (no digit, typography unchanged, no word to drop, or the "
        "changed form occurs in the text): " + ", ".join(f"{v} {n}" for v, n in skipped.items())
    )
    if "summarizer" in args.aligners and args.show:
        listed = failures(cases, "summarizer", args.show)
        print(
            f"\nsummarizer: {len(listed)} failure(s) (as-is, typography: not exact; digit: "
            "slipped; dropword: not placed)"
        )
        print("\n".join(listed))
    if args.json_out:
        payload = {
            "langextract_version": lx_version,
            "entry_point": "langextract.resolver.Resolver.align",
            "datasets": args.datasets,
            "rows": [
                {
                    **{k: v for k, v in asdict(r).items() if k != "article_ms"},
                    "statuses": dict(r.statuses),
                    "median_ms_per_article": round(r.median_ms, 3),
                    "total_s": round(r.total_s, 4),
                    "articles_timed": len(r.article_ms),
                }
                for r in rows
            ],
            "cases": cases,
        }
        Path(args.json_out).write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
