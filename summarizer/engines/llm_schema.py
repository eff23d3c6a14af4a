"""The schema the LLM fills, with validators that check it against the source while it answers.

Same fields as `schema.Extraction` minus the spans (grounding fills those). The model
validator reads the source through instructor's validation context (`context={"facts": …}`)
and rejects invented or mistyped figures and quotes that are not in the article; instructor
then shows the model the error and asks again. The validator's full report still runs after
the last answer: this is a filter for re-asking, not the verdict.
"""

from __future__ import annotations

from pydantic import BaseModel, Field, ValidationInfo, model_validator

from summarizer.checking.facts import SourceFacts
from summarizer.checking.grounding import MatchMethod
from summarizer.checking.validate import check_money, check_number, locate
from summarizer.schema import Allocation, Claim, Extraction, Kind, Money, Relation, RelationKind

_MAX_PROBLEMS = 8  # a re-ask message lists at most this many; it must not grow the context much


class LLMAllocation(BaseModel):
    """Money that a government, agency, company or fund commits for a recipient or purpose."""

    id: str = Allocation.model_fields["id"]  # type: ignore[assignment]
    amount: Money = Allocation.model_fields["amount"]  # type: ignore[assignment]
    converted: list[Money] = Allocation.model_fields["converted"]  # type: ignore[assignment]
    recipient: str = Allocation.model_fields["recipient"]  # type: ignore[assignment]
    purpose: str = Allocation.model_fields["purpose"]  # type: ignore[assignment]
    funder: str | None = Allocation.model_fields["funder"]  # type: ignore[assignment]
    period: str | None = Allocation.model_fields["period"]  # type: ignore[assignment]
    kind: Kind = Allocation.model_fields["kind"]  # type: ignore[assignment]
    evidence: str = Allocation.model_fields["evidence"]  # type: ignore[assignment]


class LLMClaim(BaseModel):
    """A factual statement carrying numbers other than allocations, or relating allocations."""

    id: str = Claim.model_fields["id"]  # type: ignore[assignment]
    statement: str = Claim.model_fields["statement"]  # type: ignore[assignment]
    numbers: list[str] = Claim.model_fields["numbers"]  # type: ignore[assignment]
    evidence: str = Claim.model_fields["evidence"]  # type: ignore[assignment]


class LLMRelation(BaseModel):
    """A link the article states between two of its figures, by item id."""

    kind: RelationKind = Relation.model_fields["kind"]  # type: ignore[assignment]
    source: str = Relation.model_fields["source"]  # type: ignore[assignment]
    target: str = Relation.model_fields["target"]  # type: ignore[assignment]
    stated: str = Relation.model_fields["stated"]  # type: ignore[assignment]
    evidence: str = Relation.model_fields["evidence"]  # type: ignore[assignment]


class LLMExtraction(BaseModel):
    """Everything extracted from one article: allocations and numeric claims."""

    title: str = Extraction.model_fields["title"]  # type: ignore[assignment]
    summary: str = Extraction.model_fields["summary"]  # type: ignore[assignment]
    issuer: str | None = Extraction.model_fields["issuer"]  # type: ignore[assignment]
    period: str | None = Extraction.model_fields["period"]  # type: ignore[assignment]
    allocations: list[LLMAllocation] = Field(default_factory=list)
    claims: list[LLMClaim] = Field(default_factory=list)
    relations: list[LLMRelation] = Field(
        default_factory=list, description=Extraction.model_fields["relations"].description
    )

    @model_validator(mode="after")
    def _figures_are_in_the_source(self, info: ValidationInfo) -> LLMExtraction:
        facts = (info.context or {}).get("facts")
        if not isinstance(facts, SourceFacts):
            return self  # no source given: nothing to check against
        problems = source_problems(self, facts)
        if problems:
            shown = problems[:_MAX_PROBLEMS]
            more = len(problems) - len(shown)
            raise ValueError(
                "These figures or quotes are not in the article; fix them using the CANDIDATES "
                "and exact quotes, or drop the item:\n- "
                + "\n- ".join(shown)
                + (f"\n(and {more} more)" if more else "")
            )
        return self

    def to_extraction(self) -> Extraction:
        """The project's `Extraction` (spans left for grounding)."""
        return Extraction.model_validate(self.model_dump())


def source_problems(extraction: LLMExtraction, facts: SourceFacts) -> list[str]:
    """What a re-ask must fix: figures positively found wrong, quotes not in the article.

    Not a reason to re-ask: a figure the reader cannot read (unchecked), a hedge worded
    otherwise, a currency the article's symbol leaves open (notes). Those reach the report.
    """
    problems: list[str] = []
    for i, a in enumerate(extraction.allocations):
        region, method = locate(a.evidence, None, facts)
        if region is None:
            problems.append(f"allocations[{i}].evidence {a.evidence[:80]!r} is not in the article")
        finding = check_money(a.amount, f"allocations[{i}].amount", facts, region)
        if finding.wrong:
            problems.append(f"allocations[{i}].amount {a.amount.text!r}: {finding.reason}")
        for j, c in enumerate(a.converted):
            finding = check_money(
                c, f"allocations[{i}].converted[{j}]", facts, region, hedge_matters=False
            )
            if finding.wrong:
                problems.append(f"allocations[{i}].converted[{j}] {c.text!r}: {finding.reason}")
        if region is not None and method == MatchMethod.FUZZY:
            problems.append(
                f"allocations[{i}].evidence is not verbatim; the article says: "
                f"{region.slice(facts.text)[:200]!r}"
            )
    for i, claim in enumerate(extraction.claims):
        region, _ = locate(claim.evidence, None, facts)
        for j, number in enumerate(claim.numbers):
            finding = check_number(number, f"claims[{i}].numbers[{j}]", facts, region)
            if finding.wrong:
                problems.append(f"claims[{i}].numbers[{j}] {number!r}: {finding.reason}")
    return problems
