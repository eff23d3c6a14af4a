"""The data the summarizer produces: what an engine (LLM or deterministic) fills, and the report.

Field descriptions are prompt text: the LLM engine sends this schema's JSON form to the model,
so every description is written for a model to read. Keep them short, concrete and true to
`FORMAT.md` (the gold annotation contract).
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from summarizer.inputs.document import page_at


class Kind(StrEnum):
    """What sort of commitment an allocation is."""

    BUDGET = "budget"
    GRANT = "grant"
    LOAN = "loan"
    BOND = "bond"
    TAX_CREDIT = "tax_credit"
    INVESTMENT = "investment"
    TOTAL = "total"
    CUMULATIVE = "cumulative"
    OTHER = "other"


class Span(BaseModel):
    """A half-open character range `[start, end)` into the source text."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0, description="Offset of the first character.")
    end: int = Field(ge=0, description="Offset one past the last character.")

    def slice(self, text: str) -> str:
        """Return the text this span covers."""
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end


class Money(BaseModel):
    """An amount of money as stated in the article."""

    value: Decimal = Field(
        description=(
            "The amount in base units of the currency, as a plain number: "
            "'1.23 trillion yen' -> 1230000000000; '₹76,000 crore' -> 760000000000; "
            "'1.23万亿' -> 1230000000000. Ranges use the upper bound."
        )
    )
    currency: str = Field(
        description=(
            "ISO 4217 code: USD, EUR, GBP, JPY, CNY, KRW, INR, TWD, SGD, CAD, AUD, HKD, ... "
            "'S$' is SGD, 'NT$' is TWD, '元/人民币' is CNY, '$' follows the article's country."
        ),
        pattern=r"^[A-Z]{3}$",
    )
    approximate: bool = Field(
        default=False,
        description=(
            "True when the text hedges the figure: about, nearly, some, up to, more than, "
            "roughly, almost, 约, 近, 超过, 程度, 以上, 약."
        ),
    )
    text: str = Field(
        description="The amount exactly as written in the article, e.g. 'about 1.23 trillion yen'."
    )

    @field_validator("currency", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value


class Allocation(BaseModel):
    """Money that a government, agency, company or fund commits for a recipient or purpose.

    Not allocations: currency conversions of another amount, previous-year or comparison
    figures ('up from ¥300 billion'), revenues, market sizes, valuations, prices, salaries.
    """

    id: str = Field(
        default="",
        description="A short id other items' relations refer to: 'a1', 'a2', … in order.",
    )
    amount: Money = Field(description="The committed amount.")
    converted: list[Money] = Field(
        default_factory=list,
        description=(
            "Equivalents in other currencies that the text gives for this same money, usually "
            "in parentheses: '1.23 trillion yen (S$10.1 billion)' -> one SGD entry."
        ),
    )
    recipient: str = Field(
        description="Who or what receives the money: organisation, programme, sector or "
        "project, in the article's words, short."
    )
    purpose: str = Field(
        default="", description="What it is for, short, in the article's words; '' if none."
    )
    funder: str | None = Field(
        default=None, description="Who provides it (ministry, government, company), if stated."
    )
    period: str | None = Field(
        default=None,
        description=(
            "Normalized period: 'FY2026' (fiscal year named by the calendar year it starts in), "
            "'2025', '2025-2030'; null when the text gives or implies none."
        ),
    )
    kind: Kind = Field(
        description=(
            "budget (appropriation), grant (award, subsidy, direct funding), loan, bond, "
            "tax_credit, investment (equity or capital committed), total (a total whose parts "
            "are also listed), cumulative (running total to date), other."
        )
    )
    evidence: str = Field(
        description="A verbatim quote from the article containing the amount as written: the "
        "shortest clause that shows the amount and the recipient."
    )
    span: Span | None = Field(
        default=None, description="Where the evidence sits in the source (filled by grounding)."
    )


class Claim(BaseModel):
    """A factual statement carrying numbers other than allocations, or relating allocations."""

    id: str = Field(
        default="",
        description="A short id relations refer to: 'c1', 'c2', … in order.",
    )
    statement: str = Field(description="The claim in one short sentence.")
    numbers: list[str] = Field(
        default_factory=list,
        description="Each number in the claim exactly as written in the article "
        "('about 50 per cent', 'nearly quadruple', '3.07 trillion yen', 'Dec 26').",
    )
    evidence: str = Field(description="A verbatim quote from the article supporting the claim.")
    span: Span | None = Field(
        default=None, description="Where the evidence sits in the source (filled by grounding)."
    )


class RelationKind(StrEnum):
    """How two figures of an article are linked."""

    PART_OF = "part_of"  # source is a part of target: ", of which", "including", 其中, うち, 중
    RESTATES = (
        "restates"  # source states target's money again: a headline, a summary, a translation
    )
    CHANGES_FROM = (
        "changes_from"  # source is target changed by the stated change ("+12%", "doubled")
    )
    CONVERTS = "converts"  # source is target in another currency (the parenthetical equivalent)


class Relation(BaseModel):
    """A link the article states between two of its figures, by item id.

    An item's figure is an allocation's amount ('a2') or a claim's number ('c3#2' is the
    second number of claim c3; 'c3' alone is its first amount of money).
    """

    kind: RelationKind = Field(
        description=(
            "part_of: source is part of target (', of which', 'including', 其中, うち, 중); "
            "restates: source is target's money stated again (headline, summary, another "
            "language or currency); changes_from: source is target (an earlier or compared "
            "figure) changed as `stated` says; converts: source is target in another currency."
        )
    )
    source: str = Field(
        description="Id of the part, restatement, new figure or converted amount: 'a2', 'c3#2'."
    )
    target: str = Field(
        default="",
        description="Id of the whole, restated figure, earlier or compared figure, or original "
        "amount; '' when the text gives no figure for it ('over FY24 enacted levels').",
    )
    stated: str = Field(
        default="",
        description="The share, change, difference or multiple the text states for this link, "
        "exactly as written: '占比约37.06%', 'up 12%', 'doubled', 'over a billion dollars less'; "
        "'' if none.",
    )
    evidence: str = Field(
        default="", description="A verbatim quote holding the words that make the link."
    )
    span: Span | None = Field(
        default=None, description="Where the evidence sits in the source (filled by grounding)."
    )


class Extraction(BaseModel):
    """Everything an engine extracts from one article."""

    title: str = Field(default="", description="The article's headline, or a short title.")
    summary: str = Field(
        default="", description="Two or three sentences: who commits how much to what."
    )
    issuer: str | None = Field(
        default=None, description="The main government, agency or company committing money."
    )
    period: str | None = Field(
        default=None, description="The article's main period, normalized like allocations'."
    )
    allocations: list[Allocation] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    relations: list[Relation] = Field(
        default_factory=list,
        description="Links between the items' figures that the article states, by item id.",
    )

    @model_validator(mode="after")
    def _fill_ids(self) -> Extraction:
        """Items without an id get the first free 'aN' / 'cN' in order."""
        for prefix, items in (("a", self.allocations), ("c", self.claims)):
            taken = {item.id for item in items if item.id}
            n = 0
            for item in items:
                if item.id:
                    continue
                n += 1
                while f"{prefix}{n}" in taken:
                    n += 1
                item.id = f"{prefix}{n}"
                taken.add(item.id)
        return self


class Verdict(StrEnum):
    """How a number or a cross-check fared against the source."""

    VERBATIM = "verbatim"  # the figure is in the source as written
    EQUIVALENT = "equivalent"  # same value and currency, another format, scale or script
    DERIVED = "derived"  # follows by arithmetic from source figures
    CONSISTENT = "consistent"  # a cross-check that holds
    UNSUPPORTED = "unsupported"  # no source figure backs it
    CONTRADICTED = "contradicted"  # a source figure in the same place says otherwise
    INCONSISTENT = "inconsistent"  # figures in the article disagree with each other
    # The source has the figure where the extraction says, but the reader cannot read it (a
    # format it does not know): neither confirmed nor refuted, and never counted as confirmed.
    UNCHECKED = "unchecked"

    @property
    def ok(self) -> bool:
        """True for the verdicts that confirm a figure."""
        return self in _OK_VERDICTS


_OK_VERDICTS = frozenset(
    {Verdict.VERBATIM, Verdict.EQUIVALENT, Verdict.DERIVED, Verdict.CONSISTENT}
)


class Check(StrEnum):
    """Which check produced a finding."""

    NUMBER = "number"  # an extracted number against the source
    EVIDENCE = "evidence"  # the evidence quote is in the source and holds the amount
    CONVERSION = "conversion"  # a currency conversion at a plausible rate
    PARTS_TOTAL = "parts_total"  # parts do not exceed their total
    PERCENTAGE = "percentage"  # a stated percentage change matches the figures
    MULTIPLE = "multiple"  # a stated multiple matches the figures
    CUMULATIVE = "cumulative"  # a running total is not below its latest part
    PERIOD = "period"  # statements of the same money name the same period
    RECIPIENT = "recipient"  # the recipient is a name the source gives near the amount
    DIFFERENCE = "difference"  # a stated difference ("a billion less") or balance (a deficit) holds
    RESTATEMENT = "restatement"  # two statements of one amount agree in value, scale, hedge
    DOUBLE_COUNT = "double_count"  # no money counted twice in a total
    DIGIT_GROUPS = "digit_groups"  # a figure's digit groups are where a writer puts them
    # A link between two items that their figures cannot bear out: the extraction's mistake,
    # not the article's.
    RELATION = "relation"


class Finding(BaseModel):
    """One verdict of the validator, with its reason and the source it rests on."""

    check: Check
    verdict: Verdict
    subject: str = Field(description="Which item: 'allocations[0].amount', 'claims[2].numbers[1]'.")
    text: str = Field(default="", description="The figure or quote as the extraction gives it.")
    reason: str
    spans: list[Span] = Field(
        default_factory=list, description="Source spans that support or contradict it."
    )

    note: str = Field(
        default="",
        description="A reservation that does not refute the figure: a hedge the two sides "
        "word differently, a currency symbol the article leaves open.",
    )

    @property
    def ok(self) -> bool:
        """True when the finding confirms rather than flags."""
        return self.verdict.ok

    @property
    def wrong(self) -> bool:
        """True when the figure or quote is positively found wrong (not merely unchecked)."""
        return not self.verdict.ok and self.verdict is not Verdict.UNCHECKED


class Usage(BaseModel):
    """Tokens and calls an LLM engine spent on one article, summed across re-asks."""

    calls: int = 0
    reasks: int = 0
    # The re-asks (or their token budget) ran out with figures still failing the source checks:
    # the last answer was kept, and the validator's report flags what is wrong in it.
    reasks_exhausted: bool = False
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    cached: bool = False

    @property
    def total_tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens


class EngineInfo(BaseModel):
    """Which engine, model and prompt produced an extraction. Never holds a secret."""

    name: str = Field(description="'deterministic' or 'llm'.")
    model: str | None = None
    prompt_version: str | None = None
    endpoint: str | None = Field(default=None, description="Host of the endpoint, no key.")


class Summary(BaseModel):
    """The result of `summarize()`: the extraction, the validator's findings, and provenance."""

    source: str = Field(description="The text that was summarized; every span indexes into it.")
    extraction: Extraction
    findings: list[Finding] = Field(default_factory=list)
    engine: EngineInfo
    usage: Usage = Field(default_factory=Usage)
    elapsed_s: float = 0.0
    url: str | None = Field(default=None, description="Where the article was fetched from.")
    page_starts: list[int] = Field(
        default_factory=list,
        description="For a PDF, the offset in `source` where each page starts; else empty.",
    )

    def page_of(self, span: Span | None) -> int | None:
        """The 1-based PDF page a span starts on; None without pages or span."""
        if span is None:
            return None
        return page_at(self.page_starts, span.start)

    @property
    def flagged(self) -> list[Finding]:
        """Findings that found a figure, quote or cross-check wrong."""
        return [f for f in self.findings if f.wrong]

    @property
    def unchecked(self) -> list[Finding]:
        """Figures the validator could not read in the source: neither confirmed nor flagged."""
        return [f for f in self.findings if f.verdict is Verdict.UNCHECKED]

    @property
    def noted(self) -> list[Finding]:
        """Confirmed figures with a reservation (a hedge worded differently, an open symbol)."""
        return [f for f in self.findings if f.note]
