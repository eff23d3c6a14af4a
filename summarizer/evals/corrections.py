"""A user's corrections of an extraction, as a gold line (`FORMAT.md`) and re-validated.

Pure: the page edits `correction_rows(summary)` (amount, currency, recipient, kind, period, …;
rows deleted or added), then `gold_article` turns the article and the corrected rows into a
dataset record (validated by the same models `summarizer eval` reads), `gold_line` into one
JSON line, and `revalidated` into a `Summary` whose findings are the validator's verdicts on the
corrected extraction. A team builds an eval set of its own articles without writing JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from summarizer.checking.facts import SourceFacts
from summarizer.checking.validate import validate
from summarizer.errors import InputError
from summarizer.evals.dataset import Article, Gold, GoldAllocation, GoldClaim, gold_to_extraction
from summarizer.pipeline import ground
from summarizer.schema import Summary

CORRECTION_COLUMNS = (
    "amount",
    "currency",
    "approximate",
    "recipient",
    "purpose",
    "funder",
    "kind",
    "period",
    "evidence",
)


class CorrectionError(InputError):
    """A corrected row that does not make a gold allocation (says which row and field)."""


def correction_rows(summary: Summary) -> list[dict[str, Any]]:
    """The extraction's allocations as editable rows: the amount as a plain number."""
    return [
        {
            "amount": f"{a.amount.value.normalize():f}",
            "currency": a.amount.currency,
            "approximate": a.amount.approximate,
            "recipient": a.recipient,
            "purpose": a.purpose,
            "funder": a.funder or "",
            "kind": a.kind.value,
            "period": a.period or "",
            "evidence": a.evidence,
        }
        for a in summary.extraction.allocations
    ]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def _allocation(row: Mapping[str, Any], number: int) -> GoldAllocation:
    try:
        amount = Decimal(str(row.get("amount")).replace(",", "").replace("_", "").strip())
    except InvalidOperation as exc:
        raise CorrectionError(
            f"row {number}: amount {row.get('amount')!r} is not a number (write 1230000000000)"
        ) from exc
    fields = {k: (None if _blank(row.get(k)) else row.get(k)) for k in CORRECTION_COLUMNS}
    try:
        return GoldAllocation.model_validate(
            {
                "amount": amount,
                "currency": str(fields["currency"] or "").strip().upper(),
                "approximate": bool(fields["approximate"]),
                "recipient": str(fields["recipient"] or "").strip(),
                "purpose": str(fields["purpose"] or "").strip(),
                "funder": fields["funder"],
                "kind": fields["kind"] or "other",
                "period": fields["period"],
                "evidence": str(fields["evidence"] or ""),
            }
        )
    except ValidationError as exc:
        detail = exc.errors()[0]
        where = ".".join(str(p) for p in detail["loc"])
        raise CorrectionError(f"row {number}: {where}: {detail['msg']}") from exc


def gold_article(
    summary: Summary,
    rows: Sequence[Mapping[str, Any]],
    *,
    article_id: str,
    lang: str = "",
    published: date | None = None,
    license: str = "",  # noqa: A002 (FORMAT.md's field name)
) -> Article:
    """The article and its corrected allocations (with the summary's claims) as a gold record.

    Raises:
        CorrectionError: a row whose amount, currency, kind or evidence is not valid, or whose
            evidence is not in the article.
    """
    allocations = []
    for number, row in enumerate(rows, 1):
        if all(_blank(row.get(k)) for k in CORRECTION_COLUMNS if k != "approximate"):
            continue  # an added row left empty
        allocation = _allocation(row, number)
        if allocation.evidence not in summary.source:
            raise CorrectionError(
                f"row {number}: the evidence must be copied from the article exactly"
            )
        allocations.append(allocation)
    claims = [
        GoldClaim(statement=c.statement, numbers=c.numbers, evidence=c.evidence)
        for c in summary.extraction.claims
        if c.evidence in summary.source
    ]
    return Article(
        id=article_id,
        lang=lang,
        title=summary.extraction.title,
        source_url=summary.url or "",
        license=license,
        published=published.isoformat() if published else None,
        text=summary.source,
        gold=Gold(allocations=allocations, claims=claims),
    )


def gold_line(article: Article) -> str:
    """One JSON line of a FORMAT.md dataset (UTF-8 as written, no escapes), with its newline."""
    data = article.model_dump(mode="json", exclude_none=True)
    return json.dumps(data, ensure_ascii=False) + "\n"


def revalidated(summary: Summary, article: Article, *, published: date | None = None) -> Summary:
    """The summary with the corrected extraction and the validator's verdicts on it."""
    facts = SourceFacts.of(article.text, published=published)
    extraction = ground(gold_to_extraction(article), facts)
    extraction = extraction.model_copy(update={"title": summary.extraction.title})
    findings = validate(extraction, article.text, facts=facts)
    return summary.model_copy(update={"extraction": extraction, "findings": findings})
