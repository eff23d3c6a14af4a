"""Run the LLM engine once against a real local model (SmolLM2-135M via llama-cpp-python).

Usage: python benchmarks/real_model.py [ARTICLE] [--max-reasks N]

Starts the model's OpenAI-compatible server on loopback, summarizes the article (the seed by
default), and prints what the model extracted, what the validator confirmed and flagged,
the tokens and calls spent, and the time taken.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from summarizer import local_model, summarize
from summarizer.errors import EngineError
from summarizer.report import render_text

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_327a45d57cf2ce1d.txt"


def main() -> None:
    """Print the run's figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("article", nargs="?", default=str(SEED))
    parser.add_argument("--max-reasks", type=int, default=1)
    parser.add_argument("--mode", default="tools")
    parser.add_argument("--unchecked", action="store_true", help="no re-ask: raw model output")
    args = parser.parse_args()
    text = Path(args.article).read_text(encoding="utf-8")
    started = time.perf_counter()
    with local_model.serve(log=Path("/tmp/llama_bench.log")) as base_url:
        print(f"server up in {time.perf_counter() - started:.1f}s at {base_url}")
        began = time.perf_counter()
        try:
            summary = summarize(
                text, engine="llm", model=local_model.MODEL_ALIAS, base_url=base_url,
                api_key="local", mode=args.mode, max_reasks=args.max_reasks, timeout=600,
                transport_retries=0, cache=False, max_output_tokens=1024,
                source_checks=not args.unchecked,
            )  # fmt: skip
        except EngineError as exc:
            print(f"engine error after {time.perf_counter() - began:.1f}s: {exc}")
            return
        print(f"summarized in {time.perf_counter() - began:.1f}s")
        print(render_text(summary))


if __name__ == "__main__":
    main()
