"""The validator's mutation benchmark: perturb gold numbers and see whether they get flagged.

Each gold allocation amount, converted amount and claim number is changed the ways a model
gets numbers wrong (a digit, the scale word, the currency, the decimal point, a dropped hedge).
Recall is the share of perturbed items the validator flags; the false-alarm rate is the share
of unperturbed gold items it flags. Pure apart from reading the dataset in `run`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from summarizer.checking.facts import SourceFacts
from summarizer.checking.validate import validate
from summarizer.pipeline import ground
from summarizer.reading.numbers import find_quantities
from summarizer.schema import Check, Extraction, Finding, Money, Verdict

KINDS = ("digit", "scale", "currency", "decimal", "hedge")
_SCALE_SWAPS = (
    ("trillion", "billion"), ("billion", "million"), ("million", "billion"), ("bn", "mn"),
    ("mn", "bn"), ("tn", "bn"), ("crore", "lakh"), ("lakh", "crore"), ("万亿", "亿"), ("亿", "万"),
    ("億", "万"), ("兆", "億"), ("조", "억"), ("억", "만"), ("万", "亿"),
)  # fmt: skip
_CURRENCY_SWAPS = {
    "JPY": ("USD", (("yen", "dollars"), ("円", "ドル"), ("¥", "$"), ("日元", "美元"))),
    "USD": ("EUR", (("$", "€"), ("dollars", "euros"), ("美元", "欧元"))),
    "EUR": ("USD", (("€", "$"), ("euros", "dollars"))),
    "GBP": ("EUR", (("£", "€"), ("pounds", "euros"))),
    "KRW": ("JPY", (("won", "yen"), ("₩", "¥"), ("원", "円"))),
    "CNY": ("JPY", (("yuan", "yen"), ("元", "円"))),
    "SGD": ("USD", (("S$", "US$"),)),
    "TWD": ("CNY", (("NT$", "¥"), ("新台币", "人民币"), ("新台幣", "人民幣"))),
    "CAD": ("USD", (("C$", "US$"),)),
    "INR": ("USD", (("₹", "$"), ("Rs", "$"), ("rupees", "dollars"))),
    "AUD": ("USD", (("A$", "US$"),)),
}
_HEDGES = re.compile(
    r"^(?:about|around|approximately|roughly|nearly|almost|some|up to|more than|over|"
    r"约合|约|約|近|超过|超過|약)\s*",
    re.IGNORECASE,
)
_HEDGE_AFTER = re.compile(r"(?:程度|以上|\+)$")


def _change_digit(text: str) -> str | None:
    """Change the first significant digit: '150 billion' → '250 billion', '1.23' → '2.23'."""
    for i, ch in enumerate(text):
        if ch.isdigit() and ch != "0":
            return text[:i] + str(int(ch) % 9 + 1) + text[i + 1 :]
    return None


def _move_decimal(text: str) -> str | None:
    match = re.search(r"(\d+)\.(\d+)", text)
    if match:
        whole, frac = match.groups()
        moved = f"{whole}{frac[0]}.{frac[1:]}" if len(frac) > 1 else f"{whole}{frac}"
        return text[: match.start()] + moved + text[match.end() :]
    match = re.search(r"\d{2,}", text.replace(",", ""))
    if match and "," not in text:
        digits = match.group(0)
        return text[: match.start()] + f"{digits[:-1]}.{digits[-1]}" + text[match.end() :]
    return None


def _swap_scale(text: str) -> str | None:
    for old, new in _SCALE_SWAPS:
        pattern = rf"(?<![A-Za-z]){re.escape(old)}(?![A-Za-z])" if old.isascii() else re.escape(old)
        if re.search(pattern, text):
            return re.sub(pattern, new, text, count=1)
    return None


def _reparse(text: str, like: Money) -> Money | None:
    money = [q for q in find_quantities(text) if q.is_money]
    if not money:
        return None
    q = max(money, key=lambda q: q.end - q.start)
    currency = q.unit if not q.ambiguous else like.currency
    return Money(value=q.value, currency=currency, approximate=q.approximate, text=text)


def mutate_money(money: Money, kind: str) -> Money | None:
    """The amount as a model might get it wrong, or None when the mutation does not apply."""
    text = money.text
    if kind == "digit":
        changed = _change_digit(text)
        return _reparse(changed, money) if changed else None
    if kind == "decimal":
        changed = _move_decimal(text)
        return _reparse(changed, money) if changed else None
    if kind == "scale":
        changed = _swap_scale(text)
        return _reparse(changed, money) if changed else None
    if kind == "currency":
        target, swaps = _CURRENCY_SWAPS.get(money.currency, ("USD", ()))
        if target == money.currency:
            target = "EUR"
        for old, new in swaps:
            if old in text:
                return money.model_copy(
                    update={"currency": target, "text": text.replace(old, new, 1)}
                )
        return money.model_copy(update={"currency": target})
    if kind == "hedge":
        stripped = _HEDGE_AFTER.sub("", _HEDGES.sub("", text)).strip()
        if not money.approximate or stripped == text:
            return None  # nothing hedged as written: dropping the flag alone is no error
        return money.model_copy(update={"approximate": False, "text": stripped})
    raise ValueError(f"unknown mutation {kind!r}")


def mutate_number(number: str, kind: str) -> str | None:
    """A claim's number as a model might get it wrong."""
    if kind == "digit":
        return _change_digit(number)
    if kind == "decimal":
        return _move_decimal(number)
    if kind == "scale":
        return _swap_scale(number)
    if kind == "hedge":
        return None  # a claim's number is a quote; a shorter quote of it is not an error
    if kind == "currency":
        for _, swaps in _CURRENCY_SWAPS.values():
            for old, new in swaps:
                if old in number:
                    return number.replace(old, new, 1)
    return None


def with_own_text(extraction: Extraction, source: str) -> Extraction:
    """Give each gold amount its text as written (found inside its evidence)."""
    allocations = []
    for a in extraction.allocations:
        quantities = [
            q
            for q in find_quantities(a.evidence)
            if q.is_money and q.value == a.amount.value and q.unit == a.amount.currency
        ]
        if quantities:
            a = a.model_copy(
                update={"amount": a.amount.model_copy(update={"text": quantities[0].text})}
            )
        allocations.append(a)
    return extraction.model_copy(update={"allocations": allocations})


@dataclass
class Mutant:
    """One perturbed extraction and the item that was changed."""

    kind: str
    prefix: str  # "allocations[2]" or "claims[0]"
    extraction: Extraction


def mutants(extraction: Extraction) -> Iterator[Mutant]:
    """Every applicable single-number perturbation of `extraction`."""
    for i, a in enumerate(extraction.allocations):
        for kind in KINDS:
            changed = mutate_money(a.amount, kind)
            if changed is not None and (changed.value, changed.currency, changed.approximate) != (
                a.amount.value, a.amount.currency, a.amount.approximate
            ):  # fmt: skip
                items = list(extraction.allocations)
                items[i] = a.model_copy(update={"amount": changed})
                yield Mutant(
                    kind, f"allocations[{i}]", extraction.model_copy(update={"allocations": items})
                )
        for j, c in enumerate(a.converted):
            changed = mutate_money(c, "digit")
            if changed is not None and changed.value != c.value:
                converted = list(a.converted)
                converted[j] = changed
                items = list(extraction.allocations)
                items[i] = a.model_copy(update={"converted": converted})
                yield Mutant(
                    "digit",
                    f"allocations[{i}]",
                    extraction.model_copy(update={"allocations": items}),
                )
    for i, claim in enumerate(extraction.claims):
        for j, number in enumerate(claim.numbers):
            for kind in KINDS:
                changed = mutate_number(number, kind)
                if changed is None or changed == number:
                    continue
                numbers = list(claim.numbers)
                numbers[j] = changed
                claims = list(extraction.claims)
                claims[i] = claim.model_copy(update={"numbers": numbers})
                yield Mutant(kind, f"claims[{i}]", extraction.model_copy(update={"claims": claims}))


def _unread(findings: list[Finding]) -> set[str]:
    """Items whose figure the reader could not read (a recipient left unchecked is not one)."""
    return {
        f.subject.split(".")[0]
        for f in findings
        if f.verdict is Verdict.UNCHECKED and f.check in (Check.NUMBER, Check.EVIDENCE)
    }


def flagged_items(findings: list[Finding], *, notes: bool = False) -> set[str]:
    """Items ('allocations[0]', 'claims[2]') with a number or evidence finding found wrong.

    Unchecked figures (the reader could not read them) are not flags. With `notes`, items
    whose figure carries a note (a hedge worded otherwise) count too: that is how a dropped
    hedge reaches the user.
    """
    items = set()
    for f in findings:
        if f.check in (Check.NUMBER, Check.EVIDENCE) and "[" in f.subject:
            if f.wrong or (notes and f.note):
                items.add(f.subject.split(".")[0])
    return items


@dataclass
class MutationScore:
    """Recall on perturbed items and false alarms on unperturbed ones."""

    mutants: Counter[str] = field(default_factory=Counter)
    caught: Counter[str] = field(default_factory=Counter)
    items: int = 0
    false_alarms: int = 0
    unchecked: int = 0  # unperturbed items whose figure the reader could not read
    noted: int = 0  # unperturbed items confirmed with a note (hedge, open currency symbol)
    shown_confirmed: int = 0  # perturbed items neither flagged nor left unchecked
    missed: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Share of perturbed items flagged."""
        total = sum(self.mutants.values())
        return sum(self.caught.values()) / total if total else 1.0

    @property
    def false_alarm_rate(self) -> float:
        """Share of unperturbed gold items flagged."""
        return self.false_alarms / self.items if self.items else 0.0

    def add(self, other: MutationScore) -> None:
        """Fold another article's counts into this one."""
        self.mutants.update(other.mutants)
        self.caught.update(other.caught)
        self.items += other.items
        self.false_alarms += other.false_alarms
        self.unchecked += other.unchecked
        self.noted += other.noted
        self.shown_confirmed += other.shown_confirmed
        self.missed += other.missed
        self.alarms += other.alarms


def score_article(
    article_id: str,
    extraction: Extraction,
    source: str,
    published: date | None = None,
    url: str | None = None,
) -> MutationScore:
    """Run every mutant of one article's gold through the validator (`url`: the page's
    address, read as the engines read it)."""
    facts = SourceFacts.of(source, published=published, url=url)
    gold = ground(with_own_text(extraction, source), facts)
    score = MutationScore()
    score.items = len(gold.allocations) + len(gold.claims)
    findings = validate(gold, source, facts=facts)
    flagged = flagged_items(findings)
    score.false_alarms = len(flagged)
    score.noted = len(flagged_items(findings, notes=True) - flagged)
    score.alarms = [f"{article_id} {item}" for item in sorted(flagged)]
    score.unchecked = len(_unread(findings))
    for mutant in mutants(gold):
        score.mutants[mutant.kind] += 1
        found = validate(mutant.extraction, source, facts=facts)
        # A dropped hedge, or a currency an open symbol can denote, reaches the user as a note.
        if mutant.prefix in flagged_items(found, notes=mutant.kind in ("hedge", "currency")):
            score.caught[mutant.kind] += 1
        else:
            score.missed.append(f"{article_id} {mutant.prefix} {mutant.kind}")
            if mutant.prefix not in _unread(found):
                score.shown_confirmed += 1  # a wrong figure that the report confirms
    return score


def mutation_table(score: MutationScore) -> str:
    """The benchmark's figures as a plain table."""
    lines = [f"{'mutation':<10} {'mutants':>8} {'flagged':>8} {'recall':>8}"]
    for kind in KINDS:
        n, c = score.mutants[kind], score.caught[kind]
        lines.append(f"{kind:<10} {n:>8} {c:>8} {c / n if n else 1:>8.1%}")
    total, caught = sum(score.mutants.values()), sum(score.caught.values())
    lines.append(f"{'all':<10} {total:>8} {caught:>8} {score.recall:>8.1%}")
    lines.append(
        f"perturbed figures shown as confirmed (neither flagged nor unchecked): "
        f"{score.shown_confirmed}/{total}"
    )
    lines.append(
        f"false alarms on unperturbed gold: {score.false_alarms}/{score.items} "
        f"= {score.false_alarm_rate:.1%}; unchecked (unreadable): {score.unchecked}; "
        f"confirmed with a note: {score.noted}"
    )
    return "\n".join(lines)


def as_dict(score: MutationScore) -> dict[str, object]:
    """JSON-ready figures."""
    return {
        "recall": score.recall,
        "false_alarm_rate": score.false_alarm_rate,
        "mutants": dict(score.mutants),
        "caught": dict(score.caught),
        "items": score.items,
        "false_alarms": score.false_alarms,
        "unchecked": score.unchecked,
        "noted": score.noted,
        "shown_confirmed": score.shown_confirmed,
        "missed": score.missed,
        "alarms": score.alarms,
    }
