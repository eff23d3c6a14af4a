"""Micro-benchmark: grounding 30 quotes (exact, normalized, fuzzy, absent) in a 2,000-word
synthetic article, index build included. Prints the median time per article.

Usage: python benchmarks/grounding_speed.py [--runs N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from summarizer.checking.grounding import MatchMethod, SourceIndex

_WORDS = (
    "the ministry government fund budget plan will earmark allocate support chips research "
    "semiconductor industry programme capital investment grant loan year fiscal cabinet "
    "approved record said officials announced for and of in to a on with by from"
).split()
_AMOUNTS = ["{} billion yen", "US${} million", "S${} billion", "₹{} crore", "{}兆円", "€{} million"]


def article(words: int, rng: random.Random) -> tuple[str, list[str]]:
    """A synthetic article of about `words` words, and its sentences (without the spacing)."""
    sentences: list[str] = []
    count = 0
    while count < words:
        body = rng.choices(_WORDS, k=rng.randint(10, 24))
        amount = rng.choice(_AMOUNTS).format(f"{rng.randint(1, 999)}.{rng.randint(1, 9)}")
        body.insert(rng.randint(2, len(body) - 2), amount)
        sentences.append(" ".join(body).capitalize() + ".")
        count += len(body) + 1
    # Spacing a normalized match must see through: NBSP, line breaks, double spaces.
    text = "".join(s + rng.choice([" ", "\n", "  ", "\n\n"]) for s in sentences)
    text = text.replace(" billion", "\u00a0billion", words // 100)
    return text, sentences


def quotes(text: str, sentences: list[str], rng: random.Random) -> list[str]:
    """30 quotes: 10 exact, 8 normalized, 8 fuzzy (a plain word dropped), 4 absent."""
    starts = [rng.randrange(len(text) - 200) for _ in range(10)]
    out = [text[i : i + rng.randint(60, 160)].strip() for i in starts]
    picked = rng.sample(sentences, 16)
    out += [s.replace(" ", "  ").upper() for s in picked[:8]]
    for s in picked[8:]:
        words = s.split(" ")
        plain = [k for k, w in enumerate(words) if k and w in _WORDS]
        del words[rng.choice(plain)]
        out.append(" ".join(words))
    out += [
        "The central bank raised interest rates sharply on Tuesday",
        "Rapidus will get 150 billion yen for 2nm chips next year",
        "officials announced a grant of 12.3 billion dollars for research",
        "予算は1.23万亿日元に達した",
    ]
    return out


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(7)
    text, sentences = article(2000, rng)
    qs = quotes(text, sentences, rng)
    methods = [SourceIndex(text).ground(q).method for q in qs]
    print(
        f"article: {len(text.split())} words, {len(text)} characters; {len(qs)} quotes: "
        + ", ".join(f"{m.value} {methods.count(m)}" for m in MatchMethod)
    )
    builds, totals = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        index = SourceIndex(text)
        built = time.perf_counter()
        for q in qs:
            index.ground(q)
        builds.append(built - started)
        totals.append(time.perf_counter() - started)
    print(
        f"median per article: {statistics.median(totals) * 1000:.1f} ms "
        f"(index build {statistics.median(builds) * 1000:.1f} ms) over {args.runs} runs"
    )


if __name__ == "__main__":
    main()
