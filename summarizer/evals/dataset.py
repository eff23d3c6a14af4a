"""Gold evaluation records: the pydantic form of `/work/shared/evalsets/FORMAT.md`, the JSON
Lines loader, and the conversion of a gold record into the project's `Extraction`.

Models ignore unknown fields (`extra="ignore"`): other datasets in the same format may carry
annotator notes or ids we do not read, and they must still load. Known fields are validated
(amounts as `Decimal`, currencies as ISO codes, kinds as `Kind`), so a malformed record fails
loudly with its file and line rather than scoring as zero.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from summarizer.errors import SummarizerError
from summarizer.reading.currencies import CurrencyContext
from summarizer.reading.numbers import find_quantities
from summarizer.schema import (
    Allocation,
    Claim,
    Extraction,
    Kind,
    Money,
    Relation,
    RelationKind,
    Span,
)

# Same tolerance as allocation matching in `scoring`: gold amounts are in base units, while
# the parser may round the figure as written ("8.1 billion" vs a gold of 8,100,000,000 is exact,
# but "about $731.25 million" style figures can differ in the last digits).
_TOLERANCE = Decimal("0.005")


class DatasetError(SummarizerError, ValueError):
    """A dataset file cannot be read: names the file and the line at fault."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore")

    @field_validator("*", mode="before")
    @classmethod
    def _null_text(cls, value: object, info: ValidationInfo) -> object:
        # Annotators write `null` for an absent title, purpose or licence; where the field is
        # a plain string with a default, null means that default ("").
        if value is None and info.field_name is not None:
            field = cls.model_fields[info.field_name]
            if field.annotation in (str, "str") and field.default == "":
                return ""
        return value


class GoldMoney(_Record):
    """An amount in base units of an ISO 4217 currency (used for `converted`)."""

    amount: Decimal
    currency: str = Field(pattern=r"^[A-Z]{3}$")

    @field_validator("currency", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value


class GoldAllocation(GoldMoney):
    """One gold allocation; `optional` ones neither reward nor punish a prediction."""

    approximate: bool = False
    converted: list[GoldMoney] = Field(default_factory=list)
    recipient: str = ""
    purpose: str = ""
    funder: str | None = None
    period: str | None = None
    kind: Kind
    evidence: str
    optional: bool = False


class GoldClaim(_Record):
    """A gold claim: its numbers verbatim, and the evidence it rests on."""

    statement: str = ""
    numbers: list[str] = Field(default_factory=list)
    evidence: str


class GoldIssue(_Record):
    """An inconsistency in the source itself, shown by one or more evidence strings."""

    kind: str = ""
    description: str = ""
    evidence: list[str] = Field(default_factory=list)


class GoldRelation(_Record):
    """A link the text states between two gold items, by position: 'a3' is the third
    allocation's amount, 'a3#1' its first converted amount, 'c2#1' the second claim's first
    number (see `evals/README.md`)."""

    kind: RelationKind
    source: str
    target: str = ""
    stated: str = ""
    evidence: str = ""


class Gold(_Record):
    """Everything annotated for one article; `relations` is optional (the project's corpus)."""

    allocations: list[GoldAllocation] = Field(default_factory=list)
    claims: list[GoldClaim] = Field(default_factory=list)
    issues: list[GoldIssue] = Field(default_factory=list)
    relations: list[GoldRelation] | None = None


class Article(_Record):
    """One dataset line: the source text exactly as the summarizer sees it, and its gold."""

    id: str
    lang: str = ""
    title: str = ""
    source_url: str = ""
    license: str = ""
    published: str | None = None
    text: str
    gold: Gold = Field(default_factory=Gold)


def _first_error(error: ValidationError) -> str:
    detail = error.errors()[0]
    where = ".".join(str(part) for part in detail["loc"]) or "record"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{where}: {detail['msg']}{more}"


def dataset_paths(paths: Sequence[str | Path]) -> list[Path]:
    """The dataset files named: a file as it is, a folder as its `*.jsonl` files, sorted (a
    folder of gold lines downloaded from the page, one file per article)."""
    found: list[Path] = []
    for given in map(Path, paths):
        if given.is_dir():
            inside = sorted(given.glob("*.jsonl"))
            if not inside:
                raise DatasetError(f"{given}: a folder with no .jsonl dataset in it")
            found += inside
        else:
            found.append(given)
    return found


def load_dataset(path: str | Path) -> list[Article]:
    """Read a JSON Lines gold dataset; blank lines are skipped.

    Raises:
        DatasetError: the file cannot be read, a line is not a valid record, or an id repeats;
            the message names the file and the 1-based line number.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"{path}: cannot read dataset: {exc}") from exc
    articles: list[Article] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(
                f"{path}:{number}: invalid JSON at column {exc.colno}: {exc.msg}"
            ) from exc
        if not isinstance(data, dict):
            kind = type(data).__name__
            raise DatasetError(f"{path}:{number}: expected a JSON object, got {kind}")
        try:
            article = Article.model_validate(data)
        except ValidationError as exc:
            label = data.get("id", "record without id")
            raise DatasetError(f"{path}:{number}: {label}: {_first_error(exc)}") from exc
        if article.id in seen:
            raise DatasetError(
                f"{path}:{number}: duplicate id {article.id!r} (first on line {seen[article.id]})"
            )
        seen[article.id] = number
        articles.append(article)
    return articles


def _close(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= _TOLERANCE * abs(b)


def amount_as_written(evidence: str, money: GoldMoney, context: CurrencyContext) -> str:
    """The amount as written inside `evidence`, or the whole evidence when it cannot be found.

    The parser finds the figure ("about 1.23 trillion yen") when it reads the same value in the
    same currency; a bare "$" it cannot place counts too. Falling back to the whole evidence
    keeps `Money.text` a verbatim substring of the evidence, which is all grounding needs.
    """
    found = [
        q
        for q in find_quantities(evidence, context=context)
        if q.is_money and _close(q.value, money.amount)
    ]
    exact = [q for q in found if q.unit == money.currency]
    loose = [q for q in found if q.ambiguous]
    best = exact or loose
    return best[0].text if best else evidence


def _span(quote: str, text: str) -> Span | None:
    start = text.find(quote) if quote else -1
    return Span(start=start, end=start + len(quote)) if start >= 0 else None


def gold_to_extraction(article: Article) -> Extraction:
    """The gold record as the `Extraction` a perfect engine would return.

    Optional allocations are included (scoring excuses a prediction that matches one). Spans
    are the first exact occurrence of each evidence string; `Money.text` is the amount as
    written, found inside the evidence (see `amount_as_written`). Items get their positional
    ids ('a1', 'c1', …), which the gold relations use.
    """
    context = CurrencyContext.of(article.text)
    allocations = [
        Allocation(
            id=f"a{i}",
            amount=Money(
                value=a.amount,
                currency=a.currency,
                approximate=a.approximate,
                text=amount_as_written(a.evidence, a, context),
            ),
            converted=[
                Money(
                    value=c.amount,
                    currency=c.currency,
                    approximate=a.approximate,
                    text=amount_as_written(a.evidence, c, context),
                )
                for c in a.converted
            ],
            recipient=a.recipient,
            purpose=a.purpose,
            funder=a.funder,
            period=a.period,
            kind=a.kind,
            evidence=a.evidence,
            span=_span(a.evidence, article.text),
        )
        for i, a in enumerate(article.gold.allocations, start=1)
    ]
    claims = [
        Claim(
            id=f"c{i}",
            statement=c.statement,
            numbers=list(c.numbers),
            evidence=c.evidence,
            span=_span(c.evidence, article.text),
        )
        for i, c in enumerate(article.gold.claims, start=1)
    ]
    relations = [
        Relation(
            kind=r.kind,
            source=r.source,
            target=r.target,
            stated=r.stated,
            evidence=r.evidence,
            span=_span(r.evidence, article.text),
        )
        for r in article.gold.relations or []
    ]
    return Extraction(
        title=article.title, allocations=allocations, claims=claims, relations=relations
    )


def with_relations(articles: list[Article], overlay: str | Path) -> list[Article]:
    """The articles with gold relations from an overlay file, for datasets whose gold has none.

    The overlay (`evals/relations/shared.jsonl`) has one line per article: its `id` and its
    `relations`, each giving `stated` as character offsets into the article's text
    (`"stated_at": [start, end]`), so that no text of the dataset is copied into it. An
    article whose gold already has relations keeps them.

    Raises:
        DatasetError: the overlay cannot be read, or an offset lies outside its article.
    """
    path = Path(overlay)
    by_id: dict[str, list[dict[str, object]]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            by_id[str(record["id"])] = list(record["relations"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise DatasetError(f"{path}:{number}: not an overlay record: {exc}") from exc
    out = []
    for article in articles:
        listed = by_id.get(article.id)
        if listed is None or article.gold.relations:
            out.append(article)
            continue
        relations = []
        for raw in listed:
            data = dict(raw)
            at = data.pop("stated_at", None)
            if at is not None:
                start, end = at  # type: ignore[misc]
                if not 0 <= start <= end <= len(article.text):
                    raise DatasetError(f"{path}: {article.id}: stated_at {at} is outside the text")
                data["stated"] = article.text[start:end]
            relations.append(GoldRelation.model_validate(data))
        gold = article.gold.model_copy(update={"relations": relations})
        out.append(article.model_copy(update={"gold": gold}))
    return out
