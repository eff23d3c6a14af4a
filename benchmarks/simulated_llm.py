"""A simulated LLM with known errors, served on loopback, to measure the LLM path's safety net.

Usage: python benchmarks/simulated_llm.py DATASET.jsonl... [--error-rate R ...] [--fix-rate P]
       [--relations OVERLAY.jsonl]

For each article the stand-in model answers with the gold extraction — its allocations, claims
and relations (gold `relations`, or those of an overlay file for datasets that have none, such
as `evals/relations/shared.jsonl`) — each allocation damaged with probability R in one of the
ways models go wrong (an invented figure, changed digits or scale, the wrong currency, a
conversion taken as an allocation, swapped recipients, paraphrased evidence), and each relation
dropped or pointed at the wrong item with probability R. When instructor re-asks, it answers
with the gold (corrected) extraction with probability P, else repeats itself. Everything goes
through the real `openai` client and `instructor` to `tests/llm_server.py`; the validator then
judges the final answer.

Reported per error rate: wrong figures shown as confirmed (goal: none), conversions shown as
allocations (their figure is real; the role is wrong), correct figures wrongly rejected
(`right✗`: a finding calls them wrong) and correct figures left unchecked (`right?`: the reader
could not read them in the source; neither confirmed nor refused), re-asks, calls and tokens
per article (tokens as the loopback server estimates them), failed
articles, the final amount F1 against gold, and the source's inconsistencies found (issue recall
and precision, `summarizer eval`'s measure): a wrong relation must be reported as a link its
figures do not bear (`wrong→link`), not taken for an inconsistency of the article
(`wrong→issue`).
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from llm_server import ScriptedLLMServer, ToolCallReply  # noqa: E402

from summarizer.errors import EngineError  # noqa: E402
from summarizer.evals.dataset import (  # noqa: E402
    Article,
    gold_to_extraction,
    load_dataset,
    with_relations,
)
from summarizer.evals.mutations import mutate_money  # noqa: E402
from summarizer.evals.scoring import CROSS_CHECKS, aggregate, score_article  # noqa: E402
from summarizer.pipeline import make_engine, run  # noqa: E402

ERRORS = ("invented", "digit", "scale", "currency", "conversion", "recipient", "paraphrase")


def _answer(article: Article) -> dict[str, Any]:
    extraction = gold_to_extraction(article)
    data = extraction.model_dump(mode="json")
    for item in data["allocations"] + data["claims"] + data["relations"]:
        item.pop("span", None)
    for a in data["allocations"]:
        a["amount"]["value"] = float(a["amount"]["value"])
        for c in a["converted"]:
            c["value"] = float(c["value"])
    return data


def _damage(answer: dict[str, Any], rate: float, rng: random.Random) -> tuple[dict, list[str]]:
    damaged = json.loads(json.dumps(answer))
    allocations = damaged["allocations"]
    done: list[str] = []
    from summarizer.schema import Money

    for i, a in enumerate(list(allocations)):
        if rng.random() >= rate:
            continue
        kind = rng.choice(ERRORS)
        money = Money.model_validate(a["amount"])
        if kind in ("digit", "scale", "currency"):
            changed = mutate_money(money, kind)
            if changed is None:
                continue
            a["amount"] = json.loads(changed.model_dump_json())
            a["amount"]["value"] = float(changed.value)
        elif kind == "invented":
            value = (money.value * Decimal("1.37")).quantize(Decimal(1))
            allocations.append(
                {**a, "amount": {**a["amount"], "value": float(value), "text": f"{value:,}"},
                 "recipient": "an invented programme"}
            )  # fmt: skip
        elif kind == "conversion":
            if not a["converted"]:
                continue
            allocations.append({**a, "amount": a["converted"][0], "converted": []})
        elif kind == "recipient":
            if len(allocations) < 2:
                continue
            j = (i + 1) % len(allocations)
            a["recipient"], allocations[j]["recipient"] = (
                allocations[j]["recipient"],
                a["recipient"],
            )
        elif kind == "paraphrase":
            words = a["evidence"].split()
            if len(words) < 4:
                continue
            del words[len(words) // 2]
            a["evidence"] = " ".join(words)
        done.append(kind)
    return damaged, done


def _damage_relations(
    answer: dict[str, Any], rate: float, rng: random.Random
) -> tuple[dict, list[int], int]:
    """Each relation dropped or re-pointed at another item with probability `rate`: the damaged
    answer, the indexes of the wrong relations in it, and how many were dropped."""
    damaged = json.loads(json.dumps(answer))
    ids = [a["id"] for a in damaged["allocations"]]
    kept, wrong, dropped = [], [], 0
    for r in damaged["relations"]:
        if rng.random() >= rate:
            kept.append(r)
            continue
        others = [i for i in ids if i not in (r["source"], r["target"])]
        if rng.random() < 0.5 or not others:
            dropped += 1
            continue
        field = "target" if r["target"] else "source"
        r[field] = rng.choice(others)
        wrong.append(len(kept))
        kept.append(r)
    damaged["relations"] = kept
    return damaged, wrong, dropped


@dataclass
class Simulator:
    """The stand-in model: knows each article's gold, damages the first answer."""

    articles: dict[str, Article]
    rate: float
    fix_rate: float
    seed: int = 7
    injected: dict[str, list[str]] = field(default_factory=dict)
    wrong_relations: dict[str, list[int]] = field(default_factory=dict)  # indexes, per article
    dropped_relations: dict[str, int] = field(default_factory=dict)

    def __call__(self, body: dict[str, Any]) -> ToolCallReply:
        messages = body["messages"]
        prompt = next(m["content"] for m in messages if m["role"] == "user")
        text = prompt.split("<<<\n", 1)[1].rsplit("\n>>>", 1)[0] if "<<<\n" in prompt else ""
        article = self.articles.get(text)
        if article is None:  # a chunk of a long article: the gold items quoted from it
            article = next((a for a in self.articles.values() if text and text in a.text), None)
        if article is None:
            return ToolCallReply({"allocations": [], "claims": []})
        answer = _answer(article)
        if text != article.text:
            answer["allocations"] = [a for a in answer["allocations"] if a["evidence"] in text]
            answer["claims"] = [c for c in answer["claims"] if c["evidence"] in text]
            here = {item["id"] for item in answer["allocations"] + answer["claims"]} | {""}
            answer["relations"] = [
                r
                for r in answer["relations"]
                if r["source"].split("#")[0] in here and r["target"].split("#")[0] in here
            ]
        reask = any(m["role"] in ("assistant", "tool") for m in messages)
        attempt = sum(1 for m in messages if m["role"] in ("assistant", "tool"))
        rng = random.Random(f"{self.seed}:{article.id}:{attempt}")
        if reask and rng.random() < self.fix_rate:
            return ToolCallReply(answer)
        damaged, kinds = _damage(answer, self.rate, random.Random(f"{self.seed}:{article.id}"))
        damaged, wrong, dropped = _damage_relations(
            damaged, self.rate, random.Random(f"{self.seed}:{article.id}:relations")
        )
        if not reask:
            self.injected[article.id] = kinds
            self.wrong_relations[article.id] = wrong
            self.dropped_relations[article.id] = dropped
        return ToolCallReply(damaged)


def _published(article: Article) -> date | None:
    try:
        return date.fromisoformat(article.published) if article.published else None
    except ValueError:
        return None


def run_rate(articles: list[Article], rate: float, fix_rate: float) -> dict[str, Any]:
    """Run every article through the simulated model at one error rate."""
    by_text = {a.text: a for a in articles}
    simulator = Simulator(by_text, rate, fix_rate)
    wrong_confirmed = conversion_shown = right_rejected = right_unchecked = failed = 0
    wrong_as_link = wrong_as_issue = 0
    calls = reasks = tokens = 0
    scores = []
    with ScriptedLLMServer(default=simulator) as server:
        engine = make_engine(
            "llm", model="simulated", base_url=server.base_url, api_key="sk-sim",
            cache=False, examples=False, max_reasks=2, timeout=10, transport_retries=0,
        )  # fmt: skip
        for article in articles:
            gold = {(g.amount, g.currency) for g in article.gold.allocations}
            conversions = {
                (c.amount, c.currency) for g in article.gold.allocations for c in g.converted
            }
            try:
                summary = run(
                    article.text, engine, published=_published(article), url=article.source_url
                )
            except EngineError:
                failed += 1
                from summarizer.schema import Extraction

                scores.append(score_article(article, Extraction(), []))
                continue
            calls += summary.usage.calls
            reasks += summary.usage.reasks
            tokens += summary.usage.total_tokens
            for i, a in enumerate(summary.extraction.allocations):
                # the figure's checks (the recipient's own check is not measured here)
                checks = [
                    f
                    for f in summary.findings
                    if f.subject.startswith(f"allocations[{i}].") and f.check != "recipient"
                ]
                confirmed = bool(checks) and all(f.ok for f in checks)
                refused = not checks or any(f.wrong for f in checks)
                key = (a.amount.value, a.amount.currency)
                if key in gold and refused:
                    right_rejected += 1
                elif key in gold and not confirmed:
                    right_unchecked += 1
                elif key in conversions and key not in gold and confirmed:
                    conversion_shown += 1
                elif key not in gold and key not in conversions and confirmed:
                    wrong_confirmed += 1
            scores.append(score_article(article, summary.extraction, summary.findings))
            if summary.usage.reasks == 0:  # the first answer, damaged relations and all
                for k in simulator.wrong_relations.get(article.id, []):
                    about = [f for f in summary.findings if f.subject == f"relations[{k}]"
                             or f.subject.startswith(f"relations[{k},")]  # fmt: skip
                    wrong_as_link += any(f.check.value == "relation" and f.wrong for f in about)
                    wrong_as_issue += any(f.check in CROSS_CHECKS and f.wrong for f in about)
        engine.close()  # type: ignore[attr-defined]
    totals = aggregate(scores)
    n = len(articles)
    injected = [k for kinds in simulator.injected.values() for k in kinds]
    served = sum(len(a.gold.relations or []) for a in articles)
    return {
        "error_rate": rate,
        "articles": n,
        "errors_injected": len(injected),
        "wrong_figures_confirmed": wrong_confirmed,
        "conversions_shown_as_allocations": conversion_shown,
        "correct_figures_rejected": right_rejected,
        "correct_figures_unchecked": right_unchecked,
        "failed_articles": failed,
        "calls_per_article": calls / n,
        "reasks_per_article": reasks / n,
        "tokens_per_article": tokens / n,
        "amount_f1": totals.amount.f1,
        "relations_served": served,
        "relations_dropped": sum(simulator.dropped_relations.values()),
        "relations_wrong": sum(len(v) for v in simulator.wrong_relations.values()),
        "wrong_relations_reported_as_links": wrong_as_link,
        "wrong_relations_taken_for_issues": wrong_as_issue,
        "issue_recall": totals.issue_recall.value,
        "issue_hits": totals.issue_recall.hits,
        "issues": totals.issue_recall.total,
        "issue_precision": totals.issue_precision.value,
        "issues_flagged": totals.issue_precision.total,
    }


def main() -> None:
    """Print the table."""
    logging.getLogger("instructor").setLevel(logging.CRITICAL)  # re-asks are expected here
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", nargs="+")
    parser.add_argument("--error-rate", type=float, action="append", dest="rates")
    parser.add_argument("--fix-rate", type=float, default=0.8)
    parser.add_argument("--json", dest="json_out")
    parser.add_argument(
        "--relations", help="overlay of gold relations by article id (evals/relations/*.jsonl)"
    )
    args = parser.parse_args()
    articles = [a for path in args.datasets for a in load_dataset(path)]
    if args.relations:
        articles = with_relations(articles, args.relations)
    rows = [run_rate(articles, rate, args.fix_rate) for rate in (args.rates or [0.0, 0.1, 0.3])]
    head = (f"{'R':>5} {'injected':>8} {'wrong✓':>7} {'conv✓':>6} {'right✗':>7} {'right?':>6} "
            f"{'failed':>6} "
            f"{'calls/a':>8} {'reasks/a':>8} {'tokens/a':>9} {'amtF1':>6}")  # fmt: skip
    print(head)
    for r in rows:
        print(
            f"{r['error_rate']:>5.2f} {r['errors_injected']:>8} {r['wrong_figures_confirmed']:>7} "
            f"{r['conversions_shown_as_allocations']:>6} {r['correct_figures_rejected']:>7} "
            f"{r['correct_figures_unchecked']:>6} {r['failed_articles']:>6} "
            f"{r['calls_per_article']:>8.2f} "
            f"{r['reasks_per_article']:>8.2f} {r['tokens_per_article']:>9.0f} "
            f"{r['amount_f1']:>6.3f}"
        )
    print(
        f"\n{'R':>5} {'relations':>9} {'dropped':>7} {'wrong':>5} {'wrong→link':>10} "
        f"{'wrong→issue':>11} {'issues found':>12} {'issue P':>8}"
    )
    for r in rows:
        recall = f"{r['issue_hits']}/{r['issues']}"
        precision = "-" if r["issue_precision"] is None else f"{r['issue_precision']:.3f}"
        print(
            f"{r['error_rate']:>5.2f} {r['relations_served']:>9} {r['relations_dropped']:>7} "
            f"{r['relations_wrong']:>5} {r['wrong_relations_reported_as_links']:>10} "
            f"{r['wrong_relations_taken_for_issues']:>11} {recall:>12} {precision:>8}"
        )
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
