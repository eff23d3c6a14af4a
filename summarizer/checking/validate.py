"""The validator: every number in an extraction checked against the source text.

`validate(extraction, text)` returns one `Finding` per figure (allocation amounts, converted
amounts, numbers in claims), one per allocation's evidence, and the article-level cross-checks
of `crosschecks` (conversions, parts and totals, growth rates, multiples, periods). Pure: no
I/O, no model. A figure is confirmed only when the source bears it out; everything else is
reported with the reason and the source spans it rests on.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from datetime import date
from decimal import Decimal

from summarizer.checking.crosschecks import cross_checks
from summarizer.checking.facts import SourceFacts
from summarizer.checking.grounding import MatchMethod
from summarizer.checking.recipient_check import check_recipient
from summarizer.reading import cldr
from summarizer.reading.grammar import HEDGE_CJK_AFTER
from summarizer.reading.number_words import number_words, word_number
from summarizer.reading.numbers import ONE_WORDS, Quantity, find_quantities, is_power_of_ten
from summarizer.schema import Allocation, Check, Claim, Extraction, Finding, Money, Span, Verdict

_TOLERANCE = Decimal("0.000001")  # equal values: rounding in Decimal arithmetic only
_DERIVED_TOLERANCE = Decimal("0.001")


def _equal(a: Decimal, b: Decimal, tolerance: Decimal = _TOLERANCE) -> bool:
    if b == 0:
        return a == 0
    return abs(a - b) <= abs(b) * tolerance


def _squash(text: str) -> str:
    return "".join(text.split()).casefold()  # every whitespace character out, as r"\s+" does


def _span(q: Quantity) -> Span:
    return Span(start=q.start, end=q.end)


_NEAREST = 8  # figures outside the cited passage worth weighing: the closest few


def _nearest(candidates: list[Quantity], region: Span | None) -> list[Quantity]:
    """Candidates inside `region` first, then the few closest to it.

    `candidates` come in text order, so bisection finds the region's and its neighbours: an
    amount repeated a thousand times must not cost a million comparisons per allocation.
    """
    if region is None:
        return candidates[:_NEAREST]
    first = bisect_left(candidates, region.start, key=_start_of)
    last = bisect_left(candidates, region.end, key=_start_of)
    inside = [q for q in candidates[first:last] if q.end <= region.end]
    around = candidates[max(0, first - _NEAREST) : first] + candidates[last : last + _NEAREST]
    around += [q for q in candidates[first:last] if q.end > region.end]
    around.sort(key=lambda q: abs(q.start - region.start))
    return inside + around[:_NEAREST]


def _start_of(q: Quantity) -> int:
    return q.start


def _self_check(money: Money, facts: SourceFacts) -> Finding | None:
    """The value and currency must be what the figure's own text says.

    A currency the text leaves open (a bare "$", "¥" or "元" the article does not place) may be
    any the symbol can denote: the model may know which country a named minister serves.
    """
    if not money.text.strip():
        return None
    # the first few readings of that value suffice: a table repeating it must not cost more
    if any(q.text == money.text for q in facts.same_value(money.currency, money.value)[:8]):
        return None  # the source reads these very words as this amount: no need to read again
    own = [q for q in find_quantities(money.text, context=facts.context) if q.is_money]
    if not own or any(
        (_equal(q.value, money.value) and _denotes(q, money.currency))
        or _scale_unread(q, money.value, money.text)
        for q in own
    ):
        return None
    said = ", ".join(f"{q.value:,} {q.unit}" for q in own)
    return Finding(
        check=Check.NUMBER,
        verdict=Verdict.CONTRADICTED,
        subject="",
        text=money.text,
        reason=f"the value {money.value:,} {money.currency} is not what its text says ({said})",
    )


def _denotes(q: Quantity, currency: str) -> bool:
    """Can the figure's currency marker mean `currency`? (Its reading, or an open symbol's.)"""
    return q.unit == currency or (q.ambiguous and currency in q.alternatives)


def _open_symbol_note(q: Quantity, currency: str) -> str:
    if q.unit == currency or not q.ambiguous:
        return ""
    return (
        f"'{q.text}' does not say which currency its symbol is; read here as {q.unit}, "
        f"and {currency} is one it can denote"
    )


def check_money(
    money: Money,
    subject: str,
    facts: SourceFacts,
    region: Span | None,
    *,
    in_region: bool = False,
    hedge_matters: bool = True,
) -> Finding:
    """Judge one amount of money against the source, preferring figures inside `region`.

    With `in_region`, a figure found only outside `region` does not count: a claim's numbers
    must come from its own evidence. With `hedge_matters`, an amount marked exact where the
    source hedges it is contradicted (not for quotes in claims, nor for conversions, whose
    hedge the format does not record).
    """
    mismatch = _self_check(money, facts)
    if mismatch is not None:
        return mismatch.model_copy(update={"subject": subject})
    matches = _nearest(_same_amounts(money, facts), region)
    if in_region and region is not None:
        matches = [q for q in matches if region.start <= q.start and q.end <= region.end]
    if matches:
        return _judge_match(
            money, subject, matches, region, hedge_matters=hedge_matters and not in_region
        )
    # A claim's number is a quote: "3 trillion" is not supported by "2 trillion" + "1 trillion".
    derived = None if in_region else _derived_sum(money, facts, region)
    if derived is not None:
        parts, spans = derived
        return Finding(
            check=Check.NUMBER,
            verdict=Verdict.DERIVED,
            subject=subject,
            text=money.text,
            reason=f"{money.value:,} {money.currency} is the sum of {parts}",
            spans=spans,
        )
    unread = _unread_in_source(money.text, money.value, facts, region)
    if unread is not None:
        said = f"'{unread.slice(facts.text)}' is in the source, in a form the reader cannot read"
        return _unchecked(Check.NUMBER, subject, money.text, said, unread)
    bare = _bare_digits(money.value, facts, region)
    if bare is not None:
        said = (
            f"its evidence writes '{bare.slice(facts.text)}' with no unit the reader can read "
            "(a table cell, a currency word it does not know, a scale said earlier)"
        )
        return _unchecked(Check.NUMBER, subject, money.text, said, bare)
    return _missing(money.text, f"{money.value:,} {money.currency}", subject, facts, region, True)


def _unchecked(check: Check, subject: str, text: str, said: str, span: Span) -> Finding:
    """Neither confirmed nor refuted: the source has the figure in a form the reader cannot read."""
    return Finding(
        check=check,
        verdict=Verdict.UNCHECKED,
        subject=subject,
        text=text,
        reason=f"{said}: not checked",
        spans=[span],
    )


def _same_amounts(money: Money, facts: SourceFacts) -> list[Quantity]:
    """Source figures of the same value in the same currency, or in an open symbol that can
    denote it ("$" in an article that names no country), or in a table's declared unit.

    Found by bisection on values: an article of forty thousand figures is asked this for each
    of its allocations.
    """
    spread = abs(money.value) * _TOLERANCE  # the values `_equal` accepts
    low, high = money.value - spread, money.value + spread
    found = facts.same_value(money.currency, money.value)  # in text order, no sorting
    found = found or [q for q in facts.between(money.currency, low, high) if q.is_money]
    if found:
        return found
    found = [q for q in facts.open_symbol_amounts(low, high) if money.currency in q.alternatives]
    if found:
        return found
    return facts.cells_between(money.currency, low, high)  # "345.4" under "単位:億円"


def _unread_in_source(
    text: str, value: Decimal, facts: SourceFacts, region: Span | None
) -> Span | None:
    """Where a figure quoted as written sits in the source when the reader cannot read it there.

    Two cases: the reader found no amount at that place (a currency or format it does not
    know), or it read only the digits, stopping at a word it does not know right after them
    ("€107 mlhões", a typo for milhões), so its value is the quote's over a power of ten.
    None when the quote is not in the source, or when the reader read a clearly different
    figure there (then the quote's figure is wrong, not unread).
    """
    if not text.strip() or not (any(ch.isdigit() for ch in text) or _in_words(text, facts)):
        return None
    span = _find_in(text, facts, region) or (_find_in(text, facts, None) if region else None)
    if span is None:
        return None
    read = [q for q in facts.overlapping(span.start, span.end) if q.is_money]
    read += facts.cells_within(span.start, span.end)  # a table cell read in its declared unit
    if not read or all(_scale_unread(q, value, facts.text) for q in read):
        return span
    return None


def _bare_digits(value: Decimal, facts: SourceFacts, region: Span | None) -> Span | None:
    """A number in the cited passage whose digits are the amount's at some power of ten, in a
    passage where the reader read no money at all: "4,819" in a row of a table whose unit it
    could not place, "77" before a currency word CLDR does not give, "to" (two) where an earlier
    sentence said "milliardar". Such a figure is unread, not absent; one whose digits differ
    (a changed digit) is still refused, and so is any figure of a passage that holds money
    the reader did read (then the figures disagree).
    """
    if region is None or value <= 0:
        return None
    if facts.cells_within(region.start, region.end) or any(
        q.is_money for q in facts.overlapping(region.start, region.end)
    ):
        return None  # the reader read money there: another figure is a rival, not unread
    passage = region.slice(facts.text)
    language = facts.context.language
    months = cldr.month_words(language)
    for m in _BARE_NUMBER.finditer(passage):
        start, end = region.start + m.start(), region.start + m.end()
        if facts.overlapping(start, end):
            continue  # a percentage, a multiple: read, and not this amount
        if len(m.group().translate(_MARKS).strip("0")) < 2 or _ITEM.match(passage, m.start() - 1):
            continue  # "2", "(1)", "5,000": too common in any passage to stand for an amount
        near = _LETTERS.findall(passage[max(0, m.start() - 12) : m.end() + 12].casefold())
        if months.intersection(near):
            continue  # a date: "on 12 March"
        if any(_power_of_ten(value, number) for number in _readings(m.group())):
            return Span(start=start, end=end)
    # A number in words whose scale an earlier sentence gave: "the remaining two" (billion).
    # Not one that a scale word follows ("seks milliardar"): that figure is written in full,
    # and `_in_words` weighs it against the quote.
    scales = cldr.scale_words(language)
    words = list(_LETTERS.finditer(passage))
    for k, m in enumerate(words):
        number = word_number(m.group(), language) if len(m.group()) > 1 else None
        following = words[k + 1].group().casefold() if k + 1 < len(words) else ""
        if number is not None and following not in scales and _power_of_ten(value, number):
            return Span(start=region.start + m.start(), end=region.start + m.end())
    return None


_HEDGE_AFTER = re.compile(rf"[ \t]*{HEDGE_CJK_AFTER}")  # "以上" of "8000万元以上"
_MARKS = str.maketrans("", "", ",.'\u00a0 ")  # grouping and decimal marks, dropped
_ITEM = re.compile(r"[(（]\d+[)）]")  # "(12)": an item's number


def _power_of_ten(value: Decimal, number: Decimal) -> bool:
    """Is `value` the number times a power of ten (one included)?"""
    return 0 < number <= value and is_power_of_ten(value / number)


_LETTERS = re.compile(r"[^\W\d_]+")


# Digits with their grouping and decimal marks, as a table or a foreign text writes them.
_BARE_NUMBER = re.compile(
    r"(?<![\d.,])\d{1,3}(?:[,.\u00a0' ]\d{3})+(?:[.,]\d+)?(?![\d])|\d+(?:[.,]\d+)?"
)


def _readings(digits: str) -> set[Decimal]:
    """The values a written number can have: its marks read as grouping or as decimal."""
    squashed = re.sub(r"[\u00a0' ]", "", digits)
    readings = set()
    for group, point in ((",", "."), (".", ",")):
        candidate = squashed.replace(group, "").replace(point, ".")
        if candidate.count(".") <= 1:
            try:
                readings.add(Decimal(candidate))
            except ArithmeticError:
                continue
    return readings


def _in_words(text: str, facts: SourceFacts) -> bool:
    """Does a quote without digits write a scaled number in words ("Seks milliardar")?

    A scale word (CLDR) that a number word of the article's language (`number_words`, from
    num2words) or nothing but the quote's start stands before: a figure so written that the
    reader could not attach to money is unread, not absent. A lone number word ("one
    school", Norwegian "to") is not enough: it would let any quote through unchecked.
    """
    language = facts.context.language
    known, scales = number_words(language) | _ONE_WORDS, cldr.scale_words(language)
    words = re.findall(r"[^\W\d_]+", text.casefold())
    return any(
        len(word) > 3 and word in scales and (i == 0 or words[i - 1] in known)
        for i, word in enumerate(words)
    )


# The indefinite article a scale word may stand after, meaning one: the reader's ("a billion",
# "ein milliard", "um bilhão"), and the Scandinavian ones, which the reader does not take
# ("en" is also French "in": "en millions d'euros") but which here only leave a quote unchecked.
_ONE_WORDS = ONE_WORDS | {"en", "ett", "et"}


def _scale_unread(q: Quantity, value: Decimal, source: str) -> bool:
    """Did the reader stop at a word it does not know right after the digits, where the quote
    reads a scale ("€107 mlhões" read as €107, quoted as 107 million)?"""
    if not q.text[-1:].isdigit() or q.value <= 0 or value <= q.value:
        return False
    if not is_power_of_ten(value / q.value):
        return False
    return bool(re.match(r"[ \t\u00a0-]?[^\W\d_]{2,}", source[q.end : q.end + 24]))


def _judge_match(
    money: Money,
    subject: str,
    matches: list[Quantity],
    region: Span | None,
    *,
    hedge_matters: bool = True,
) -> Finding:
    local = [q for q in matches if region and region.start <= q.start and q.end <= region.end]
    pool = (local or matches)[: _NEAREST * 2]  # a figure repeated a thousand times: the first few
    notes = []
    if hedge_matters and not money.approximate and all(q.approximate for q in pool):
        # Annotators and models word hedges differently ("高达", "as much as"): a reservation
        # to show, not a wrong figure, and never a reason to re-ask.
        notes.append(
            f"the source hedges this figure ('{pool[0].text}'); the extraction marks it exact"
        )
    open_symbol = _open_symbol_note(pool[0], money.currency)
    if open_symbol:
        notes.append(open_symbol)
    note = "; ".join(notes)
    wanted = _squash(money.text) if money.text else ""
    squashed = [(q, _squash(q.text)) for q in pool] if wanted else []
    verbatim = [q for q, text in squashed if wanted in text]
    verbatim += [q for q, text in squashed if text in wanted]
    q = verbatim[0] if verbatim else pool[0]
    # The figure it rests on first, then the other places in the passage that give it too.
    spans = [_span(q)] + [
        _span(o) for o in local[: _NEAREST * 2] if (o.start, o.end) != (q.start, q.end)
    ]
    return Finding(
        check=Check.NUMBER,
        verdict=Verdict.VERBATIM if verbatim else Verdict.EQUIVALENT,
        subject=subject,
        text=money.text,
        reason=(
            f"'{q.text}' is in the source"
            if verbatim
            else f"the source gives the same amount as '{q.text}'"
        ),
        spans=spans,
        note=note,
    )


def _derived_sum(
    money: Money, facts: SourceFacts, region: Span | None
) -> tuple[str, list[Span]] | None:
    """Is the amount the sum of two or three distinct amounts of its passage, same currency?

    Only figures inside the cited passage count (the whole text when none is cited): summing
    across an article would confirm almost any round number. A combination in which one figure
    is already the sum of the others (a total with its parts) is not a derivation.
    """
    candidates = facts.within(region.start, region.end) if region else facts.quantities
    pool = [q for q in candidates if q.is_money and q.unit == money.currency]
    if len(pool) > 40:  # keep the search small on long articles
        pool = sorted(pool, key=lambda q: q.value, reverse=True)[:40]
    for size in (2, 3):
        for combo in itertools.combinations(pool, size):
            values = [q.value for q in combo]
            if len(set(values)) < size or any(2 * v == sum(values) for v in values):
                continue
            total = sum((q.value for q in combo), Decimal(0))
            if _equal(total, money.value, _DERIVED_TOLERANCE):
                return " + ".join(f"'{q.text}'" for q in combo), [_span(q) for q in combo]
    return None


def _missing(
    text: str, shown: str, subject: str, facts: SourceFacts, region: Span | None, money: bool
) -> Finding:
    """Unsupported, or contradicted when the evidence holds another figure of the same kind."""
    if region is not None:
        rivals = [q for q in facts.within(region.start, region.end) if q.is_money == money]
        if rivals:
            said = ", ".join(f"'{q.text}'" for q in rivals)
            return Finding(
                check=Check.NUMBER,
                verdict=Verdict.CONTRADICTED,
                subject=subject,
                text=text,
                reason=f"{shown} is not in the source; its evidence says {said}",
                spans=[_span(q) for q in rivals],
            )
    return Finding(
        check=Check.NUMBER,
        verdict=Verdict.UNSUPPORTED,
        subject=subject,
        text=text,
        reason=f"no figure of {shown} in the source",
    )


def check_number(number: str, subject: str, facts: SourceFacts, region: Span | None) -> Finding:
    """Judge a number as written in a claim ('about 50 per cent', 'Dec 26', '2018-2022')."""
    own = find_quantities(number, context=facts.context)
    core = max(own, key=lambda q: q.end - q.start) if own else None
    if core is not None and (core.end - core.start) * 2 >= len(number.strip()):
        if core.low is not None and not any(
            q.low == core.low for q in facts.same_value(core.unit, core.value)
        ):
            return _missing(number, f"the range '{number}'", subject, facts, region, core.is_money)
        if core.is_money:
            money = Money(
                value=core.value, currency=core.unit, approximate=core.approximate, text=number
            )
            return check_money(money, subject, facts, region, in_region=True)
        spread = abs(core.value) * _TOLERANCE
        matches = facts.between(core.unit, core.value - spread, core.value + spread, region)
        if not matches:  # the first end of a range the source gives: "2,5% a 5,5%"
            starts = _range_starts(facts, core, spread, region)
            if starts:
                found = _judge_ratio(number, core, subject, starts)
                # the range's first end is a figure of its own: a claim may list both ends
                return found.model_copy(update={"spans": [_first_end(q) for q in starts]})
        if matches:
            return _judge_ratio(number, core, subject, matches)
        return _missing(number, f"'{number}'", subject, facts, region, False)
    located = _find_in(number, facts, region)
    if located is not None:
        return Finding(
            check=Check.NUMBER,
            verdict=Verdict.VERBATIM,
            subject=subject,
            text=number,
            reason=f"'{located.slice(facts.text)}' is in the source",
            spans=[located],
        )
    return Finding(
        check=Check.NUMBER,
        verdict=Verdict.UNSUPPORTED,
        subject=subject,
        text=number,
        reason=f"'{number}' is not in the source"
        + (" passage it cites" if region is not None else ""),
    )


def _range_starts(
    facts: SourceFacts, core: Quantity, spread: Decimal, region: Span | None
) -> list[Quantity]:
    """The ranges of the passage (the whole text without one) whose first end is the figure."""
    pool = facts.within(region.start, region.end) if region is not None else facts.quantities
    return [
        q
        for q in pool[:_RANGES_READ]
        if q.unit == core.unit and q.low is not None and abs(q.low - core.value) <= spread
    ]


def _first_end(q: Quantity) -> Span:
    """The span of a range's first end ("2,5%" of "2,5% a 5,5%")."""
    first = _FIRST_END.match(q.text)
    return Span(start=q.start, end=q.start + (first.end() if first else len(q.text)))


_FIRST_END = re.compile(r"\S+?(?=\s|–|-|~|～|$)")
_RANGES_READ = 400  # quantities of a passage looked through for a range that starts with a figure


def _find_in(number: str, facts: SourceFacts, region: Span | None) -> Span | None:
    """Where a number as written sits in the source, inside `region` when one is given."""
    if region is not None:
        local = SourceFacts.index_of(region.slice(facts.text)).ground(number)
        if local.span is not None and local.method in (MatchMethod.EXACT, MatchMethod.NORMALIZED):
            return Span(start=region.start + local.span.start, end=region.start + local.span.end)
        return None
    located = facts.index.ground(number)
    if located.span is not None and located.method in (MatchMethod.EXACT, MatchMethod.NORMALIZED):
        return located.span
    return None


def _judge_ratio(number: str, core: Quantity, subject: str, matches: list[Quantity]) -> Finding:
    # A claim's number is a quote; "50 per cent" quoted from "about 50 per cent" is not wrong.
    exact = [q for q in matches if _squash(core.text) in _squash(q.text)]
    q = (exact or matches)[0]
    return Finding(
        check=Check.NUMBER,
        verdict=Verdict.VERBATIM if exact else Verdict.EQUIVALENT,
        subject=subject,
        text=number,
        reason=f"'{q.text}' is in the source",
        spans=[_span(q)] + [_span(m) for m in matches if m is not q],
    )


def locate(quote: str, span: Span | None, facts: SourceFacts) -> tuple[Span | None, MatchMethod]:
    """Where an evidence quote sits: the given span when it slices to the quote, else grounded."""
    if span is not None and span.end <= len(facts.text) and span.slice(facts.text) == quote:
        return span, MatchMethod.EXACT
    if not quote.strip():
        return None, MatchMethod.NONE
    grounding = facts.index.ground(quote)
    return grounding.span, grounding.method


def check_evidence(allocation: Allocation, subject: str, facts: SourceFacts) -> Finding:
    """The evidence must be in the source and hold the amount."""
    span, method = locate(allocation.evidence, allocation.span, facts)
    if span is None:
        return Finding(
            check=Check.EVIDENCE,
            verdict=Verdict.UNSUPPORTED,
            subject=subject,
            text=allocation.evidence,
            reason="the evidence quote is not in the source",
        )
    # A figure that starts in the quote counts though its hedge runs past the quote's end
    # ("8000万元" quoted from "8000万元以上"): the hedge is a note, not another number.
    started = [
        q
        for q in facts.overlapping(span.start, span.end)
        if q.start >= span.start
        and (q.end <= span.end or _HEDGE_AFTER.fullmatch(facts.text, span.end, q.end))
    ]
    held = [
        q
        for q in started + facts.cells_within(span.start, span.end)
        if _denotes(q, allocation.amount.currency) and _equal(q.value, allocation.amount.value)
    ]
    if not held:
        unread = _unread_in_source(allocation.amount.text, allocation.amount.value, facts, span)
        if unread is not None:
            said = (
                f"the evidence is in the source and holds '{unread.slice(facts.text)}', "
                "a figure the reader cannot read"
            )
            return _unchecked(Check.EVIDENCE, subject, allocation.evidence, said, span)
        bare = _bare_digits(allocation.amount.value, facts, span)
        if bare is not None:
            said = (
                f"the evidence is in the source and writes '{bare.slice(facts.text)}' with no "
                "unit the reader can read"
            )
            return _unchecked(Check.EVIDENCE, subject, allocation.evidence, said, bare)
        return Finding(
            check=Check.EVIDENCE,
            verdict=Verdict.CONTRADICTED,
            subject=subject,
            text=allocation.evidence,
            reason=f"the evidence does not contain the amount {allocation.amount.text!r}",
            spans=[span],
        )
    how = {
        MatchMethod.EXACT: (Verdict.VERBATIM, "quoted verbatim"),
        MatchMethod.NORMALIZED: (Verdict.EQUIVALENT, "quoted with spacing/punctuation changes"),
        MatchMethod.FUZZY: (
            Verdict.EQUIVALENT,
            "paraphrased; the source passage has the same numbers",
        ),
    }[method]
    return Finding(
        check=Check.EVIDENCE,
        verdict=how[0],
        subject=subject,
        text=allocation.evidence,
        reason=f"{how[1]} and holds '{held[0].text}'",
        spans=[span],
    )


def _claim_findings(claim: Claim, i: int, facts: SourceFacts) -> list[Finding]:
    region, _ = locate(claim.evidence, claim.span, facts)
    # A number the claim lists again is judged against the same passage the same way: judged
    # once, its finding given to each listing under its own subject (a claim over a dense
    # passage may list one figure sixty times). `_one_figure_each` then sets them apart.
    judged: dict[str, Finding] = {}
    findings = []
    for j, number in enumerate(claim.numbers):
        subject = f"claims[{i}].numbers[{j}]"
        if number in judged:
            findings.append(judged[number].model_copy(update={"subject": subject}))
        else:
            judged[number] = _claim_number(number, subject, facts, region)
            findings.append(judged[number])
    return _one_figure_each(findings)


def _claim_number(number: str, subject: str, facts: SourceFacts, region: Span | None) -> Finding:
    """A claim's number, judged in the passage it cites, else in the sentences around it.

    A quote is often cut shorter than the statement whose numbers it lists ("… rose to 2,6
    milliards" quoted without the "in 2017" before it): a number written in the sentences the
    passage belongs to is the statement's, confirmed with a note. A number found only further
    off stays unsupported (widening to the sentences on either side confirmed changed digits
    that happened to stand there: 14 more of dev's perturbed figures).
    """
    found = check_number(number, subject, facts, region)
    if found.ok or found.verdict is not Verdict.UNSUPPORTED or region is None:
        return found
    first = facts.sentence_index(region.start)
    last = facts.sentence_index(max(region.start, region.end - 1))
    sentences = facts.sentences
    around = Span(
        start=sentences[first].start if sentences else region.start,
        end=sentences[last].end if sentences else region.end,
    )
    if around.start >= region.start and around.end <= region.end:
        return found
    wider = check_number(number, subject, facts, around)
    if not wider.ok:
        return found
    return wider.model_copy(
        update={"note": "written beside the passage the claim cites, in the same statement"}
    )


def _one_figure_each(findings: list[Finding]) -> list[Finding]:
    """Each number a claim lists must be its own figure in the passage.

    A claim that lists "50%" twice where its passage says "40% … 50% … 30% … 40%" has
    turned one figure into another that happens to be nearby. Numbers are assigned to the
    source figures they matched, one each (greedily, fewest options first); a number left
    without a figure of its own is contradicted.
    """
    options = {
        k: {(s.start, s.end) for s in f.spans}
        for k, f in enumerate(findings)
        if f.ok and f.check is Check.NUMBER and f.spans
    }
    used: set[tuple[int, int]] = set()
    result = list(findings)
    for k in sorted(options, key=lambda k: len(options[k])):
        free = sorted(options[k] - used)
        if free:
            used.add(free[0])
            continue
        f = findings[k]
        result[k] = f.model_copy(
            update={
                "verdict": Verdict.CONTRADICTED,
                "reason": f"'{f.text}' is listed more often than its passage gives it: "
                "another number of this claim already stands for that figure",
            }
        )
    return result


def validate(
    extraction: Extraction,
    text: str,
    *,
    published: date | None = None,
    facts: SourceFacts | None = None,
) -> list[Finding]:
    """Check every number of `extraction` against `text` and cross-check the article.

    Args:
        extraction: What an engine extracted.
        text: The source text exactly as given to the engine.
        published: The article's date, for fiscal years and reference rates; read from the
            text (front matter or dateline) when not given.
        facts: A precomputed `SourceFacts.of(text)`, to save re-analysing the text.
    """
    facts = facts or SourceFacts.of(text, published=published)
    findings: list[Finding] = []
    for i, allocation in enumerate(extraction.allocations):
        region, _ = locate(allocation.evidence, allocation.span, facts)
        findings.append(check_money(allocation.amount, f"allocations[{i}].amount", facts, region))
        for j, converted in enumerate(allocation.converted):
            subject = f"allocations[{i}].converted[{j}]"
            findings.append(check_money(converted, subject, facts, region, hedge_matters=False))
        findings.append(check_evidence(allocation, f"allocations[{i}].evidence", facts))
        findings.append(check_recipient(allocation, f"allocations[{i}].recipient", facts, region))
    for i, claim in enumerate(extraction.claims):
        findings.extend(_claim_findings(claim, i, facts))
    findings.extend(cross_checks(extraction, facts))
    return findings
