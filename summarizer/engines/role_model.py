"""The trained allocation model: which money mentions are allocations, learnt from annotated text.

A logistic regression over the features of a mention (`mention_features`), trained on the
corpus's dev split (`summarizer.evals.role_training`, with scikit-learn) and shipped as a JSON
file of named weights beside this module. Prediction is written out here — a weighted sum and a
logistic function — so the package needs neither scikit-learn nor pickle at run time.

Three ways to decide roles (`RoleMode`):
- "rules": the hand rules alone (`roles.classify`), the default;
- "model": the model decides, for every mention the rules do not take for a conversion or a
  dump of figures, whether it is an allocation;
- "hybrid": the rules decide, except where the model is sure they are wrong (its probability
  below `hybrid_low` for a rule allocation, above `hybrid_high` for a rule non-allocation).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from summarizer.checking.facts import SourceFacts
from summarizer.engines.mention_features import Features, mention_features
from summarizer.engines.roles import Role, RoledAmount, amounts_of, in_a_dense_run

RoleMode = Literal["rules", "model", "hybrid"]
ROLE_MODES: tuple[str, ...] = ("rules", "model", "hybrid")
MODEL_FILE = "role_model.json"
_POSITIVE = (Role.ALLOCATION, Role.TOTAL, Role.CUMULATIVE)


class RoleModelError(ValueError):
    """A role model file that is not one (missing fields, wrong types)."""


@dataclass(frozen=True)
class RoleModel:
    """Named feature weights, an intercept and the probabilities the modes cut at."""

    weights: Mapping[str, float]
    bias: float
    threshold: float = 0.5
    hybrid_low: float = 0.1
    hybrid_high: float = 0.95
    meta: Mapping[str, Any] = field(default_factory=dict)

    def probability(self, features: Features) -> float:
        """P(allocation) for one mention: the logistic of the weighted sum of its features."""
        score = self.bias + sum(
            self.weights.get(name, 0.0) * value for name, value in features.items()
        )
        if score >= 0:
            return 1.0 / (1.0 + math.exp(-score))
        e = math.exp(score)  # the same value, without overflow for a large negative score
        return e / (1.0 + e)

    def to_json(self) -> str:
        """The model as the JSON this module ships and reads (weights sorted by name)."""
        body = {
            "format": "summarizer-role-model/1",
            "bias": self.bias,
            "threshold": self.threshold,
            "hybrid_low": self.hybrid_low,
            "hybrid_high": self.hybrid_high,
            "meta": dict(self.meta),
            "weights": dict(sorted(self.weights.items())),
        }
        return json.dumps(body, ensure_ascii=False, indent=0, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> RoleModel:
        """Read a model written by `to_json`; `RoleModelError` when it is not one."""
        try:
            body = json.loads(text)
            if body.get("format") != "summarizer-role-model/1":
                raise RoleModelError(f"not a role model: format {body.get('format')!r}")
            weights = {str(k): float(v) for k, v in body["weights"].items()}
            return cls(
                weights=weights,
                bias=float(body["bias"]),
                threshold=float(body["threshold"]),
                hybrid_low=float(body["hybrid_low"]),
                hybrid_high=float(body["hybrid_high"]),
                meta=dict(body.get("meta", {})),
            )
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            if isinstance(exc, RoleModelError):
                raise
            raise RoleModelError(f"not a role model: {exc}") from exc


@lru_cache(maxsize=1)
def shipped_model() -> RoleModel:
    """The model file shipped in the package, read once."""
    text = resources.files("summarizer.engines").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return RoleModel.from_json(text)


def scored_mentions(
    facts: SourceFacts, roles: list[RoledAmount]
) -> list[tuple[RoledAmount, Features | None]]:
    """Each rule-roled amount with its features, or None where the model has no say.

    Conversions keep the rules' role (they are attached to the amount they convert) and so do
    figures in a dense run (a dump of numbers whose clauses are never read: linear time).
    """
    money = amounts_of(facts)
    out: list[tuple[RoledAmount, Features | None]] = []
    for r in roles:
        if r.role == Role.CONVERSION or in_a_dense_run(facts, r.quantity, money):
            out.append((r, None))
        else:
            out.append((r, mention_features(facts, r.quantity, money)))
    return out


def decide(
    facts: SourceFacts, roles: list[RoledAmount], model: RoleModel, mode: RoleMode
) -> list[RoledAmount]:
    """The rules' roles with the model's say on which mentions are allocations.

    A mention the model takes that the rules did not becomes an allocation; one it drops
    becomes not a commitment (its sentence still yields a claim). The rules' total and
    cumulative roles stay where both agree it is an allocation.
    """
    if mode == "rules":
        return roles
    if mode not in ROLE_MODES:
        raise ValueError(f"unknown roles {mode!r}: use one of {', '.join(ROLE_MODES)}")
    decided: list[RoledAmount] = []
    for r, features in scored_mentions(facts, roles):
        if features is None:
            decided.append(r)
            continue
        p = model.probability(features)
        ruled = r.role in _POSITIVE
        if mode == "model":
            taken = p >= model.threshold
        else:
            taken = p >= model.hybrid_low if ruled else p > model.hybrid_high
        if taken == ruled:
            decided.append(r)
        else:
            decided.append(
                RoledAmount(r.quantity, Role.ALLOCATION if taken else Role.NOT_COMMITMENT)
            )
    return decided
