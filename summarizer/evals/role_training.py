"""Training and cross-validating the allocation model (`summarizer.engines.role_model`).

An edge module for `benchmarks/role_model.py` and the tests: it labels every money mention of
annotated articles, fits a logistic regression with scikit-learn (the optional extra "train";
imported only here, when asked), exports it as the JSON the package ships, and scores the
engine with rules, model and hybrid roles on held-out folds with the eval scorer itself.

Labels follow the scorer (FORMAT.md "Scoring"): a mention is positive when its currency and
value match a required gold allocation (within 0.5%), negative when it matches none, and left
out of training when it matches only `optional` gold — the scorer counts those neither way.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from summarizer.checking.facts import SourceFacts
from summarizer.engines.deterministic import DeterministicEngine
from summarizer.engines.mention_features import Features
from summarizer.engines.role_model import RoleMode, RoleModel, scored_mentions
from summarizer.engines.roles import Role, classify
from summarizer.errors import OptionalDependencyError
from summarizer.evals.dataset import Article
from summarizer.evals.runner import evaluate_article, published_date
from summarizer.evals.scoring import AMOUNT_TOLERANCE, ArticleScore, Totals, aggregate

SEED = 12
C_VALUES = (0.03, 0.1, 0.3, 1.0)  # inverse regularisation strengths tried by grouped CV
MIN_COUNT = 3  # a feature seen on fewer training mentions than this gets no weight
CLASS_WEIGHT = None
HYBRID_LOW = (0.05, 0.1, 0.2, 0.3)  # hybrid: a rule allocation is dropped below this
HYBRID_HIGH = (0.8, 0.9, 0.95)  # hybrid: a mention the rules pass over is taken above this


@dataclass(frozen=True)
class Mention:
    """One money mention of an annotated article: its features and label (None: optional)."""

    article: str
    lang: str
    features: Features
    label: int | None
    ruled: bool  # the rules take it for an allocation (a total or running total included)


def _label(article: Article, unit: str, value: Any) -> int | None:
    required = optional = False
    for g in article.gold.allocations:
        if g.currency == unit and abs(value - g.amount) <= AMOUNT_TOLERANCE * abs(g.amount):
            if g.optional:
                optional = True
            else:
                required = True
    if required:
        return 1
    return None if optional else 0


def mentions(article: Article) -> list[Mention]:
    """Every money mention the model has a say on, with its features and label."""
    facts = SourceFacts.of(article.text, published=published_date(article), url=article.source_url)
    found = []
    for roled, features in scored_mentions(facts, classify(facts)):
        if features is None:
            continue
        q = roled.quantity
        label = _label(article, q.unit, q.value)
        ruled = roled.role in (Role.ALLOCATION, Role.TOTAL, Role.CUMULATIVE)
        found.append(Mention(article.id, article.lang or "?", features, label, ruled))
    return found


def _sklearn() -> Any:
    try:
        import sklearn.feature_extraction
        import sklearn.linear_model
    except ImportError as exc:
        raise OptionalDependencyError(
            f'training the role model needs the extra "train": pip install -e ".[train]" ({exc})'
        ) from exc
    return sklearn


def fit_sklearn(labelled: Sequence[Mention], *, c: float) -> tuple[Any, Any]:
    """The fitted `DictVectorizer` and `LogisticRegression` that `fit` exports (labelled rows)."""
    sk = _sklearn()
    counts: dict[str, int] = {}
    for r in labelled:
        for name in r.features:
            counts[name] = counts.get(name, 0) + 1
    kept = {name for name, n in counts.items() if n >= MIN_COUNT}
    vectorizer = sk.feature_extraction.DictVectorizer(sparse=False)
    x = vectorizer.fit_transform(
        [{k: v for k, v in r.features.items() if k in kept} for r in labelled]
    )
    model = sk.linear_model.LogisticRegression(
        C=c, class_weight=CLASS_WEIGHT, max_iter=5000, solver="lbfgs"
    )
    model.fit(x, [r.label for r in labelled])
    return vectorizer, model


def fit(
    rows: Sequence[Mention],
    *,
    c: float,
    hybrid: tuple[float, float] = (0.1, 0.95),
    meta: dict[str, Any] | None = None,
) -> RoleModel:
    """A logistic regression on the labelled mentions, exported as a `RoleModel`.

    Features seen on fewer than `MIN_COUNT` mentions are dropped (they would only memorise one
    article). No class weights: allocations are most of the mentions, and weighting the
    others up cost recall in grouped CV. `hybrid` is where the hybrid mode overturns the rules.
    """
    labelled = [r for r in rows if r.label is not None]
    vectorizer, model = fit_sklearn(labelled, c=c)
    names = vectorizer.get_feature_names_out()
    rounded = {str(n): round(float(w), 5) for n, w in zip(names, model.coef_[0], strict=True)}
    weights = {name: w for name, w in rounded.items() if w != 0.0}
    info = {"C": c, "mentions": len(labelled), "features": len(weights)} | (meta or {})
    return RoleModel(
        weights=weights,
        bias=round(float(model.intercept_[0]), 5),
        hybrid_low=hybrid[0],
        hybrid_high=hybrid[1],
        meta=info,
    )


def folds(ids: Sequence[str], k: int, *, seed: int = SEED) -> list[set[str]]:
    """`k` groups of article ids, shuffled with a fixed seed (grouped: an article is in one)."""
    ordered = sorted(set(ids))
    random.Random(seed).shuffle(ordered)
    return [set(ordered[i::k]) for i in range(k)]


def taken(mention: Mention, model: RoleModel, mode: RoleMode) -> bool:
    """Whether the mention is an allocation in `mode` (as `role_model.decide` rules)."""
    p = model.probability(mention.features)
    if mode == "model":
        return p >= model.threshold
    if mode == "hybrid":
        return p >= model.hybrid_low if mention.ruled else p > model.hybrid_high
    return mention.ruled


def mention_f1(rows: Sequence[Mention], model: RoleModel, mode: RoleMode = "model") -> float:
    """F1 of the calls on labelled mentions (for choosing settings, not for reporting)."""
    tp = fp = fn = 0
    for r in rows:
        if r.label is None:
            continue
        called = taken(r, model, mode)
        tp += called and r.label == 1
        fp += called and r.label == 0
        fn += (not called) and r.label == 1
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def choose_hybrid(
    rows: Sequence[Mention], groups: list[set[str]], *, c: float
) -> tuple[tuple[float, float], dict[tuple[float, float], float]]:
    """The hybrid cut-offs whose calls on held-out mentions are best (models trained without
    each group); the more cautious pair wins a tie."""
    models = [(held, fit([r for r in rows if r.article not in held], c=c)) for held in groups]
    scores: dict[tuple[float, float], float] = {}
    for low in HYBRID_LOW:
        for high in HYBRID_HIGH:
            held_scores = []
            for held, model in models:
                cut = replace(model, hybrid_low=low, hybrid_high=high)
                held_scores.append(
                    mention_f1([r for r in rows if r.article in held], cut, "hybrid")
                )
            scores[(low, high)] = sum(held_scores) / len(held_scores)
    best = max(scores, key=lambda k: (round(scores[k], 6), -k[0], k[1]))
    return best, scores


def choose_c(rows: Sequence[Mention], groups: list[set[str]]) -> tuple[float, dict[float, float]]:
    """The C whose models, each trained without one group, call the held-out mentions best."""
    scores: dict[float, float] = {}
    for c in C_VALUES:
        held_scores = []
        for held in groups:
            model = fit([r for r in rows if r.article not in held], c=c)
            held_scores.append(mention_f1([r for r in rows if r.article in held], model))
        scores[c] = sum(held_scores) / len(held_scores)
    return max(scores, key=lambda c: (scores[c], -c)), scores


Scores = dict[str, list[ArticleScore]]  # mode -> the article scores on held-out folds


def cross_validate(
    articles: Sequence[Article],
    rows: Sequence[Mention],
    groups: list[set[str]],
    *,
    c: float,
    hybrid: tuple[float, float] = (0.1, 0.95),
    on_fold: Callable[[int], None] | None = None,
) -> Scores:
    """Each group scored by the engine with rules, and with model and hybrid roles trained on
    the other groups' mentions (the whole engine, scored as `summarizer eval` scores it)."""
    scores: Scores = {"rules": [], "model": [], "hybrid": []}
    rules_engine = DeterministicEngine()
    for i, held in enumerate(groups):
        model = fit([r for r in rows if r.article not in held], c=c, hybrid=hybrid)
        engines: dict[str, DeterministicEngine] = {"rules": rules_engine}
        for mode in ("model", "hybrid"):
            engines[mode] = DeterministicEngine(roles=_mode(mode), role_model=model)
        for article in articles:
            if article.id not in held:
                continue
            for mode, engine in engines.items():
                scores[mode].append(evaluate_article(article, engine)[0])
        if on_fold:
            on_fold(i)
    return scores


def _mode(name: str) -> RoleMode:
    return "model" if name == "model" else "hybrid"


def score_with(articles: Sequence[Article], model: RoleModel) -> Scores:
    """The three modes on `articles` with one trained `model` (a held-out file)."""
    engines = {
        "rules": DeterministicEngine(),
        "model": DeterministicEngine(roles="model", role_model=model),
        "hybrid": DeterministicEngine(roles="hybrid", role_model=model),
    }
    return {
        mode: [evaluate_article(a, engine)[0] for a in articles] for mode, engine in engines.items()
    }


def by_language(articles: Sequence[Article], scores: list[ArticleScore]) -> dict[str, Totals]:
    """Totals per language and overall ("all") of article scores."""
    lang = {a.id: a.lang or "?" for a in articles}
    grouped: dict[str, list[ArticleScore]] = {}
    for s in scores:
        grouped.setdefault(lang[s.id], []).append(s)
    totals = {k: aggregate(v) for k, v in sorted(grouped.items())}
    totals["all"] = aggregate(scores)
    return totals
