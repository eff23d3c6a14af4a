"""The eval runner (`summarizer eval`): run an engine over datasets, score, print, save, compare.

An edge module: reads datasets, calls the engine, writes JSON and HTML. The metrics are in
`scoring`, the validator's mutation benchmark in `mutations`, the HTML in `html_report`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from tqdm import tqdm

from summarizer.engine_options import engine_options
from summarizer.errors import InputError, SummarizerError
from summarizer.evals import mutations
from summarizer.evals.dataset import Article, dataset_paths, gold_to_extraction, load_dataset
from summarizer.evals.html_report import write_html
from summarizer.evals.scoring import ArticleScore, Counts, Ratio, Totals, aggregate, score_article
from summarizer.inputs.text import parse_date
from summarizer.pipeline import make_engine, run


def published_date(article: Article) -> date | None:
    """The record's publication date as `summarize` reads it ("2024-05" is its first day);
    None when the record gives none or one that is no date."""
    try:
        return parse_date(article.published)
    except InputError:
        return None


HEADLINE = ("amount_f1", "full_f1", "grounding", "claim_recall", "issue_recall", "issue_precision")


def _ratio(r: Ratio) -> float | None:
    return None if r.value is None else round(r.value, 4)


def _counts(c: Counts) -> dict[str, Any]:
    return {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": round(c.precision, 4),
            "recall": round(c.recall, 4), "f1": round(c.f1, 4)}  # fmt: skip


def summary_of(s: ArticleScore | Totals) -> dict[str, Any]:
    """JSON-ready metrics of an article or a total."""
    out: dict[str, Any] = {
        "amount": _counts(s.amount),
        "full": _counts(s.full),
        "fields": {k: _ratio(v) for k, v in s.fields.items()},
        "grounding": _ratio(s.grounding),
        "claim_recall": _ratio(s.claims),
        "issue_recall": _ratio(s.issue_recall),
        "issue_precision": _ratio(s.issue_precision),
        "relations": _counts(s.relations),
        "amount_f1": round(s.amount.f1, 4),
        "full_f1": round(s.full.f1, 4),
        "elapsed_s": round(s.elapsed_s, 4),
        "tokens": s.tokens,
        "calls": s.calls,
    }
    if isinstance(s, ArticleScore):
        out |= {"id": s.id, "missed": s.missed, "invented": s.invented}
    else:
        out["articles"] = s.articles
    return out


def evaluate_article(article: Article, engine: Any) -> tuple[ArticleScore, str | None]:
    """Run the engine on one article and score it; an engine error scores as empty output."""
    from summarizer.schema import Extraction

    started = time.perf_counter()
    try:
        summary = run(
            article.text, engine, published=published_date(article), url=article.source_url
        )
        extraction, findings, error = summary.extraction, summary.findings, None
        tokens, calls = summary.usage.total_tokens, summary.usage.calls
    except SummarizerError as exc:
        extraction, findings, error = Extraction(), [], f"{type(exc).__name__}: {exc}"
        tokens = calls = 0
    score = score_article(article, extraction, findings)
    score.elapsed_s = time.perf_counter() - started
    score.tokens, score.calls = tokens, calls
    return score, error


def _fmt(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def table(rows: list[tuple[str, dict[str, Any]]]) -> str:
    """A plain table of the headline metrics."""
    head = f"{'article':<58} {'amtP':>6} {'amtR':>6} {'amtF1':>6} {'fullF1':>6} {'ground':>6} " \
           f"{'claims':>6} {'issR':>6} {'issP':>6} {'ms':>7}"  # fmt: skip
    lines = [head, "-" * len(head)]
    for name, m in rows:
        lines.append(
            f"{name[:58]:<58} {_fmt(m['amount']['precision'])} {_fmt(m['amount']['recall'])} "
            f"{_fmt(m['amount_f1'])} {_fmt(m['full_f1'])} {_fmt(m['grounding'])} "
            f"{_fmt(m['claim_recall'])} {_fmt(m['issue_recall'])} {_fmt(m['issue_precision'])} "
            f"{m['elapsed_s'] * 1000 / max(1, m.get('articles', 1)):7.1f}"
        )
    return "\n".join(lines)


def compare(current: dict[str, Any], baseline: dict[str, Any]) -> str:
    """What got better and worse against a previous run's JSON."""
    lines = ["Compared with the baseline:"]
    now, before = current["overall"], baseline.get("overall", {})
    for key in HEADLINE:
        a, b = now.get(key), before.get(key)
        if a is None or b is None or abs(a - b) < 1e-9:
            continue
        lines.append(f"  {'better' if a > b else 'worse ':<6} {key:<16} {b:.3f} → {a:.3f}")
    old = {a["id"]: a for d in baseline.get("datasets", {}).values() for a in d["articles"]}
    for d in current["datasets"].values():
        for art in d["articles"]:
            prev = old.get(art["id"])
            if prev and abs(prev["amount_f1"] - art["amount_f1"]) > 1e-9:
                verdict = "better" if art["amount_f1"] > prev["amount_f1"] else "worse "
                lines.append(
                    f"  {verdict} {art['id'][:50]:<50} amount F1 "
                    f"{prev['amount_f1']:.3f} → {art['amount_f1']:.3f}"
                )
    if len(lines) == 1:
        lines.append("  no change")
    return "\n".join(lines)


def main(args: argparse.Namespace) -> int:
    """Entry point of `summarizer eval`."""
    engine = make_engine(**engine_options(args))  # type: ignore[arg-type]
    info = engine.describe()
    report: dict[str, Any] = {"engine": info.model_dump(), "datasets": {}}
    all_scores: list[ArticleScore] = []
    languages: dict[str, list[ArticleScore]] = {}
    mutation_total = mutations.MutationScore()
    mutation_by_lang: dict[str, mutations.MutationScore] = {}
    rows: list[tuple[str, dict[str, Any]]] = []
    for path in dataset_paths(args.datasets):
        articles = load_dataset(path)
        scores, errors = [], {}
        progress = tqdm(articles, desc=Path(path).name, disable=args.quiet, unit="article")
        for article in progress:
            score, error = evaluate_article(article, engine)
            scores.append(score)
            languages.setdefault(article.lang or "?", []).append(score)
            if error:
                errors[article.id] = error
            if not args.no_mutations:
                gold = gold_to_extraction(article)
                mutated = mutations.score_article(
                    article.id, gold, article.text, published_date(article), article.source_url
                )
                mutation_total.add(mutated)
                mutation_by_lang.setdefault(article.lang or "?", mutations.MutationScore()).add(
                    mutated
                )
        totals = aggregate(scores)
        all_scores += scores
        per_article = [summary_of(s) for s in scores]
        report["datasets"][str(path)] = {
            "totals": summary_of(totals),
            "articles": per_article,
            "errors": errors,
        }
        if not getattr(args, "totals", False):
            rows += [(f"  {s['id']}", s) for s in per_article]
        rows.append((f"= {Path(path).name} ({totals.articles} articles)", summary_of(totals)))
    if getattr(args, "by_lang", False):
        report["languages"] = {}
        for lang, lang_scores in sorted(languages.items()):
            totals = aggregate(lang_scores)
            report["languages"][lang] = summary_of(totals)
            rows.append((f"= lang {lang} ({totals.articles} articles)", summary_of(totals)))
    overall = aggregate(all_scores)
    report["overall"] = summary_of(overall)
    rows.append((f"= ALL ({overall.articles} articles)", report["overall"]))
    print(f"engine: {info.name}" + (f", model {info.model}" if info.model else ""))
    print(table(rows))
    fields = report["overall"]["fields"]
    print("field accuracy on matched allocations: " + ", ".join(
        f"{k} {v:.3f}" for k, v in fields.items() if v is not None))  # fmt: skip
    links = overall.relations
    if links.tp or links.fp or links.fn:
        print(f"stated links against the annotated ones (articles with gold relations): "
              f"P {links.precision:.3f} R {links.recall:.3f} ({links.tp} matched, "
              f"{links.fp} not annotated, {links.fn} missed)")  # fmt: skip
    if overall.tokens:
        print(f"tokens per article: {overall.tokens / max(1, overall.articles):.0f}, "
              f"calls per article: {overall.calls / max(1, overall.articles):.2f}")  # fmt: skip
    if not args.no_mutations:
        report["mutations"] = mutations.as_dict(mutation_total)
        print("\nValidator mutation benchmark (gold numbers perturbed):")
        print(mutations.mutation_table(mutation_total))
        if getattr(args, "by_lang", False):
            report["mutations_by_lang"] = {}
            for lang, score in sorted(mutation_by_lang.items()):
                report["mutations_by_lang"][lang] = mutations.as_dict(score)
                print(
                    f"  {lang}: {sum(score.caught.values())}/{sum(score.mutants.values())} "
                    f"flagged ({score.recall:.1%}), false alarms {score.false_alarms}/"
                    f"{score.items} ({score.false_alarm_rate:.1%}), unchecked {score.unchecked}"
                )
    if args.baseline:
        print()
        print(compare(report, json.loads(Path(args.baseline).read_text(encoding="utf-8"))))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")
        print(f"\nJSON written to {args.json_out}", file=sys.stderr)
    if args.html_out:
        write_html(report, Path(args.html_out))
        print(f"HTML report written to {args.html_out}", file=sys.stderr)
    return 0
