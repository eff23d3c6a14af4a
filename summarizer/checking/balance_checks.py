"""A stated balance against its two sides: revenue, spending, and the deficit or surplus between.

"歲入編列2兆7,191億元、歲出2兆7,191億元,歲入歲出相抵差短1,626億元": revenue equal to spending
leaves no shortfall, so one of the three figures is wrong. Where one sentence names a revenue,
a spending and a balance figure in one currency, the balance must be their difference, within
the rounding each figure's written precision allows (`bounds.precision`).

Each figure takes the concept named closest before it, with no other figure between: "revenue
of $4.4 trillion, spending of $6.1 trillion and a deficit of $1.7 trillion". The concept words
are hand-written, a few per language read, because no library lists them; they name the three
sides of a budget balance, not anything an article was seen to contain.
"""

from __future__ import annotations

import re
from decimal import Decimal

from summarizer.checking.bounds import precision
from summarizer.checking.facts import SourceFacts
from summarizer.reading.numbers import Quantity
from summarizer.reading.prefilter import Prefiltered
from summarizer.schema import Check, Finding, Span, Verdict

_REVENUE = (
    r"revenues?|receipts|recettes|Einnahmen|ingresos|entrate|receitas|inkomsten|intäkter|"
    r"inntekter|indtægter|tulot|tuloja|dochody|příjmy|歲入|岁入|歳入|세입"
)
_SPENDING = (
    r"spending|expenditures?|outlays|dépenses|Ausgaben|gastos|spese|despesas|uitgaven|utgifter|"
    r"menot|menoja|wydatki|výdaje|歲出|岁出|歳出|세출"
)
# The two balances: spending above revenue, and revenue above spending.
_DEFICIT = (
    r"deficit|shortfall|déficit|Defizit|disavanzo|tekort|underskott|underskud|underskudd|"
    r"alijäämä|deficyt|schodek|差短|短差|赤字|적자"
)
_SURPLUS = (
    r"surplus|excédent|Überschuss|superávit|avanzo|overschot|överskott|overskud|overskudd|"
    r"ylijäämä|nadwyżka|přebytek|黒字|흑자"
)
# Borrowing and debt name the means that close a gap, not the gap: "差短以舉借債務1,607億元"
# (the shortfall is met by borrowing 1,607億) gives the borrowing, so the figure is not the
# balance.
_MEANS = (
    r"debt|borrow\w*|債務|债务|舉借|举借|借入|公債|国債|국채|Schulden|emprunts?|deuda|debito|"
    r"dívida|schuld|gäld|gjeld|gæld|velka|dług|dluh"
)
_CONCEPT = re.compile(
    rf"(?P<revenue>{_REVENUE})|(?P<spending>{_SPENDING})|(?P<deficit>{_DEFICIT})|"
    rf"(?P<surplus>{_SURPLUS})|(?P<means>{_MEANS})",
    re.IGNORECASE,
)
_SIDES = tuple(
    Prefiltered(re.compile(words, re.IGNORECASE))
    for words in (_REVENUE, _SPENDING, f"{_DEFICIT}|{_SURPLUS}")
)
_REACH = 40  # characters between a concept word and its figure


def balance_findings(facts: SourceFacts) -> list[Finding]:
    """A finding for each sentence whose stated balance its revenue and spending contradict."""
    findings: list[Finding] = []
    if not all(side.search(facts.text) for side in _SIDES):
        return findings  # an article naming no revenue, spending or balance: nothing to weigh
    by_sentence: dict[int, dict[str, list[Quantity]]] = {}
    previous_end = 0
    for q in facts.money:
        side = _side(facts.text, max(previous_end, q.start - _REACH), q.start)
        previous_end = q.end
        if side is not None and side != "means":
            sides = by_sentence.setdefault(facts.sentence_index(q.start), {})
            sides.setdefault(side, []).append(q)
    for sides in by_sentence.values():
        balances = [(name, q) for name in ("deficit", "surplus") for q in sides.get(name, [])]
        if any(len(sides.get(name, [])) != 1 for name in ("revenue", "spending")):
            continue
        if len(balances) != 1:
            continue
        (revenue,), (spending,), ((kind, balance),) = sides["revenue"], sides["spending"], balances
        finding = _judge(facts, revenue, spending, balance, kind)
        if finding is not None:
            findings.append(finding)
    return findings


def _side(text: str, start: int, end: int) -> str | None:
    """The concept named last in text[start:end], if any."""
    found = None
    for match in _CONCEPT.finditer(text, start, end):
        found = match.lastgroup
    return found


def _judge(
    facts: SourceFacts, revenue: Quantity, spending: Quantity, balance: Quantity, kind: str
) -> Finding | None:
    """An inconsistency when the stated balance is not spending less revenue (a deficit) or
    revenue less spending (a surplus), within the three figures' rounding."""
    if len({revenue.unit, spending.unit, balance.unit}) != 1 or balance.value <= 0:
        return None
    if any(q.approximate or q.low is not None for q in (revenue, spending, balance)):
        return None  # "about", "over", ranges: a difference of hedged figures says little
    gap = spending.value - revenue.value if kind == "deficit" else revenue.value - spending.value
    slack = sum(
        (precision(q.text, q.value, zeros_count=True) / 2 for q in (revenue, spending, balance)),
        Decimal(0),
    )
    if abs(gap - balance.value) <= slack:
        return None
    side = "spending exceeds revenue" if kind == "deficit" else "revenue exceeds spending"
    spans = [Span(start=q.start, end=q.end) for q in (revenue, spending, balance)]
    return Finding(
        check=Check.DIFFERENCE,
        verdict=Verdict.INCONSISTENT,
        subject="article",
        text=facts.text[min(s.start for s in spans) : max(s.end for s in spans)],
        reason=(
            f"a {kind} is where {side}: revenue '{revenue.text}' and spending "
            f"'{spending.text}' make it {gap:,} {revenue.unit}, but it is stated as "
            f"'{balance.text}' ({balance.value:,}); off by {abs(gap - balance.value):,}"
        ),
        spans=spans,
    )
