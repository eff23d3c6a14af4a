"""Cross-checks within one article: do its figures agree with each other?

- conversions ("1.23 trillion yen (S$10.1 billion)") at a plausible rate, into the currency
  other renderings of the same amount use, and at the rate the article's other conversions use;
- growth rates and multiples that the article's "from A to B" figures bear out;
- running totals not below their latest part;
- one amount stated for one fiscal year only;
- a deficit or surplus that the revenue and spending beside it do not bear out;
- a figure whose digit groups are out of place ("2,5851億元");
- and, through `relation_checks`, the links an engine states between figures (parts and
  totals, shares, changes, restatements, conversions).
Pure functions over `SourceFacts` and an `Extraction`; each returns `Finding`s.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal

from summarizer.checking import rates
from summarizer.checking.balance_checks import balance_findings
from summarizer.checking.conversions import (
    Conversion,
    find_conversions,
    plausible,
    rate_problems,
    route_medians,
)
from summarizer.checking.digit_groups import digit_group_findings
from summarizer.checking.facts import SourceFacts
from summarizer.checking.relation_checks import relation_checks
from summarizer.reading.numbers import MULTIPLE, PERCENT, Quantity, significant_digits
from summarizer.schema import Allocation, Check, Extraction, Finding, Kind, Span, Verdict

_OTHERS_SHOWN = 8  # renderings of one amount named in a finding: the first few say it


def _span(q: Quantity) -> Span:
    return Span(start=q.start, end=q.end)


def _conversion_findings(facts: SourceFacts) -> list[Finding]:
    pairs = find_conversions(facts)
    year = rates.rate_year(facts.published)
    allowance = rates.drift_allowance(facts.published)
    findings = []
    medians = route_medians(pairs)
    # The same amount with the same digits in other currencies, looked up instead of scanned
    # (an article of thousands of conversions would cost the square of their number); the
    # first few renderings in each currency, in text order, say it.
    by_amount: dict[tuple[str, Decimal, Decimal], dict[str, list[Conversion]]] = {}
    for pair in pairs:
        key = (pair.original.unit, pair.original.value, pair.converted.value)
        rendered = by_amount.setdefault(key, {}).setdefault(pair.converted.unit, [])
        if len(rendered) < _OTHERS_SHOWN:
            rendered.append(pair)
    for pair in pairs:
        problems = rate_problems(pair, year, medians, allowance)
        spans = [Span(start=pair.original.start, end=pair.converted.end)]
        src, dst = pair.route
        same = by_amount[(src, pair.original.value, pair.converted.value)] if problems else {}
        others = sorted(
            (other for unit, found in same.items() if unit != dst for other in found),
            key=lambda other: other.converted.start,
        )
        for other in others[:_OTHERS_SHOWN]:
            problems.append(
                f"the same amount is given elsewhere as '{other.converted.text}' "
                f"({other.converted.unit}): the figure matches but the currency is {dst}"
            )
            spans.append(_span(other.converted))
        findings.append(
            Finding(
                check=Check.CONVERSION,
                verdict=Verdict.INCONSISTENT if problems else Verdict.CONSISTENT,
                subject="article",
                text=facts.text[pair.original.start : pair.converted.end],
                reason="; ".join(problems) or plausible(src, dst, year),
                spans=spans,
            )
        )
    return findings


_FROM = re.compile(r"\bfrom\s*$", re.IGNORECASE)
_TO = re.compile(r"\bto\s*$", re.IGNORECASE)
_ANNUAL = re.compile(
    r"annual|annually|a year|per year|per annum|year[- ]on[- ]year|each year|"
    r"年均|年平均|每年|연평균",
    re.IGNORECASE,
)
_YEARS_SPAN = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*(?:-|–|to|and|至)\s*((?:19|20)\d\d)(?!\d)")
_N_YEARS = re.compile(
    r"(?:past|last|previous|over)\s+(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+years",
    re.IGNORECASE,
)
_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10}  # fmt: skip


def _from_to(
    facts: SourceFacts, first: int, last: int, marks: dict[int, tuple[bool, bool]] | None = None
) -> tuple[Quantity, Quantity] | None:
    """The 'from A … to B' money pair in sentences `first..last`, if any.

    A is the first amount after "from" that has a later amount of its currency after "to"; B
    the first such. Found in one pass with a bisection per "from": a sentence of many amounts
    must not be read once per pair of them. `marks` keeps, per amount, whether "from" and "to"
    stand before it, for windows that share sentences.
    """
    start, end = facts.sentences[first].start, facts.sentences[last].end
    money = [q for q in facts.within(start, end) if q.is_money]
    marks = {} if marks is None else marks
    after_to: dict[str, list[int]] = {}  # per currency, the indexes of amounts after "to"
    for k, q in enumerate(money):
        if q.start not in marks:
            marks[q.start] = (
                bool(_FROM.search(facts.text[max(0, q.start - 12) : q.start])),
                bool(_TO.search(facts.text[max(0, q.start - 8) : q.start])),
            )
        if marks[q.start][1]:
            after_to.setdefault(q.unit, []).append(k)
    for k, a in enumerate(money):
        later = after_to.get(a.unit)
        if not later or not marks[a.start][0]:
            continue
        nearest = bisect_right(later, k)
        for j in later[nearest : nearest + 2]:  # the next one may touch `a`
            if money[j].start > a.end:
                return a, money[j]
    return None


def _growth_findings(facts: SourceFacts) -> list[Finding]:
    findings = []
    pairs: dict[tuple[int, int], tuple[Quantity, Quantity] | None] = {}  # per sentence window
    spans_of_years: dict[tuple[int, int], set[int]] = {}
    marks: dict[int, tuple[bool, bool]] = {}  # per amount: "from" before it, "to" before it

    def from_to(first: int, last: int) -> tuple[Quantity, Quantity] | None:
        if (first, last) not in pairs:  # a sentence of many percentages is read once
            pairs[(first, last)] = _from_to(facts, first, last, marks)
        return pairs[(first, last)]

    def years_in(first: int, last: int) -> set[int]:
        if (first, last) not in spans_of_years:  # likewise
            region = facts.text[facts.sentences[first].start : facts.sentences[last].end]
            years = {int(y2) - int(y1) for y1, y2 in _YEARS_SPAN.findall(region)}
            years |= {
                int(n) if n.isdigit() else _WORDS[n.lower()] for n in _N_YEARS.findall(region)
            }
            spans_of_years[(first, last)] = {n for n in years if 0 < n <= 30}
        return spans_of_years[(first, last)]

    annual: dict[int, bool] = {}
    for q in facts.quantities:
        if q.unit not in (PERCENT, MULTIPLE) or not facts.sentences:
            continue
        i = facts.sentence_index(q.start)
        first, last = max(0, i - 1), min(len(facts.sentences) - 1, i + 1)
        same = from_to(i, i)
        pair = same or from_to(first, last)
        if pair is None:
            continue
        a, b = pair
        if i not in annual:
            annual[i] = bool(_ANNUAL.search(facts.sentences[i].text))
        ratio = b.value / a.value
        spans = [_span(q), _span(a), _span(b)]
        if q.unit == MULTIPLE:
            tolerance = 0.3 if q.approximate else 0.15
            ok = abs(float(ratio / q.value) - 1) <= tolerance
            what = f"{a.text} → {b.text} is ×{ratio:.2f}"
        elif annual[i]:
            years = years_in(first, last)
            if not years:
                continue
            rates_by_n = {n: (float(ratio) ** (1 / n) - 1) * 100 for n in sorted(years)}
            ok = any(_close(float(q.value), r, q.approximate) for r in rates_by_n.values())
            shown = ", ".join(f"{r:.1f}% a year over {n} years" for n, r in rates_by_n.items())
            what = f"{a.text} → {b.text} is {shown}"
        elif same is not None:
            change = (float(ratio) - 1) * 100
            ok = _close(float(q.value), change, q.approximate)
            what = f"{a.text} → {b.text} is a change of {change:+.1f}%"
        else:
            continue
        findings.append(
            Finding(
                check=Check.MULTIPLE if q.unit == MULTIPLE else Check.PERCENTAGE,
                verdict=Verdict.CONSISTENT if ok else Verdict.INCONSISTENT,
                subject="article",
                text=q.text,
                reason=f"{what}; the text says '{q.text}'",
                spans=spans,
            )
        )
    return findings


def _close(stated: float, computed: float, hedged: bool) -> bool:
    slack = max(0.3, abs(computed) * (0.12 if hedged else 0.08))
    return abs(stated - computed) <= slack


def _year_span(names: set[str]) -> tuple[int, int] | None:
    years = [int(y) for name in names for y in re.findall(r"(?:19|20)\d\d", name)]
    return (min(years), max(years)) if years else None


def _overlapping(names_i: set[str], names_j: set[str]) -> bool:
    """Do the years two sentences name meet: "FY2020" inside "FY2016-FY2020", "FY2017" and
    "FY2017-FY2018"? A part of a span may carry the span's amount ("每年編列70億元、為期6年":
    the year's amount over the years)."""
    a, b = _year_span(names_i), _year_span(names_j)
    return a is not None and b is not None and a[0] <= b[1] and b[0] <= a[1]


# A figure this precise given for two different years is one figure mislabelled; a rounder one
# (36億元, 5億円 a year) is often simply the same again: an unchanged budget line.
_DISTINCT_DIGITS = 3


def _period_findings(facts: SourceFacts) -> list[Finding]:
    """The same amount stated for two different fiscal years in different sentences: a figure
    precise enough not to recur by chance, for years that do not overlap."""
    by_sentence: dict[int, list] = {}
    for p in facts.periods:
        if p.fiscal:
            by_sentence.setdefault(facts.sentence_index(p.start), []).append(p)
    # Each sentence's amounts read once, and the later sentences stating one of them looked
    # up by amount: comparing every pair of sentences costs the square of their number.
    money: dict[int, set[tuple[str, Decimal]]] = {}
    stating: dict[tuple[str, Decimal], list[int]] = {}
    for i in by_sentence:
        s = facts.sentences[i]
        money[i] = {(q.unit, q.value) for q in facts.within(s.start, s.end) if q.is_money}
        for amount in money[i]:
            if significant_digits(amount[1]) >= _DISTINCT_DIGITS:
                stating.setdefault(amount, []).append(i)  # in text order: periods are
    findings = []
    said: set[tuple[str, Decimal, frozenset[str], frozenset[str]]] = set()
    for i, periods_i in by_sentence.items():
        names_i = {p.period for p in periods_i}
        later: set[int] = set()
        for amount in money[i]:
            others = stating.get(amount, [])
            nearest = bisect_right(others, i)
            later.update(others[nearest : nearest + _LATER_WEIGHED])
        for j in sorted(later):
            periods_j = by_sentence[j]
            shared = {a for a in money[i] & money[j] if a in stating}
            names_j = {p.period for p in periods_j}
            if names_i & names_j or _overlapping(names_i, names_j):
                continue
            unit, value = sorted(shared)[0]
            conflict = (unit, value, frozenset(names_i), frozenset(names_j))
            if conflict in said:
                continue  # the same amount for the same two years, said again: once is enough
            said.add(conflict)
            findings.append(
                Finding(
                    check=Check.PERIOD,
                    verdict=Verdict.INCONSISTENT,
                    subject="article",
                    text=f"{periods_i[0].text} / {periods_j[0].text}",
                    reason=(
                        f"the same amount ({value:,} {unit}) is given for "
                        f"{', '.join(sorted(names_i))} in one place and "
                        f"{', '.join(sorted(names_j))} in another"
                    ),
                    spans=[Span(start=p.start, end=p.end) for p in periods_i + periods_j],
                )
            )
    return findings


_LATER_WEIGHED = 8  # later sentences weighed per amount: the next few that state it


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")


def _restatement_findings(facts: SourceFacts) -> list[Finding]:
    """A summary in one script giving the body's figure in another currency ("10億米ドル" for
    "S$1 billion"): same number, different money. Conversion pairs are judged elsewhere."""
    converted = {id(c.converted) for c in find_conversions(facts)}
    money = [q for q in facts.quantities if q.is_money and q.value >= 1_000_000]
    in_cjk: dict[int, bool] = {}  # per sentence, read once
    cjk = {}
    for q in money:
        i = facts.sentence_index(q.start)
        if i not in in_cjk:
            in_cjk[i] = bool(_CJK.search(facts.sentence_of(q.start).text))
        cjk[id(q)] = in_cjk[i]
    # The figures of non-CJK sentences by value, once: each CJK figure looks up its twins
    # instead of scanning every figure (an article of thousands would cost millions).
    # Per value, the first such figure in each currency: a CJK figure's twin is the first of
    # them in another currency.
    by_value: dict[Decimal, dict[str, Quantity]] = {}
    for b in money:
        if not cjk[id(b)] and id(b) not in converted:
            by_value.setdefault(b.value, {}).setdefault(b.unit, b)
    findings = []
    for a in money:
        if not cjk[id(a)] or id(a) in converted:
            continue
        twins = [b for unit, b in by_value.get(a.value, {}).items() if unit != a.unit]
        if twins:
            b = min(twins, key=lambda q: q.start)
            findings.append(
                Finding(
                    check=Check.CONVERSION,
                    verdict=Verdict.INCONSISTENT,
                    subject="article",
                    text=f"{a.text} / {b.text}",
                    reason=(
                        f"the same figure is given as '{a.text}' ({a.unit}) in one language and "
                        f"'{b.text}' ({b.unit}) in the other: one of them has the wrong currency"
                    ),
                    spans=[_span(a), _span(b)],
                )
            )
    return findings


def article_checks(facts: SourceFacts) -> list[Finding]:
    """Cross-checks of the source text alone."""
    return (
        _conversion_findings(facts)
        + _restatement_findings(facts)
        + _growth_findings(facts)
        + _period_findings(facts)
        + balance_findings(facts)
        + digit_group_findings(facts)
    )


_RUNNING_TO = re.compile(
    r"\b(?:bring|brings|bringing|take|takes|taking|rais\w+|lift\w+|push\w*)\b[^.;。]{0,80}\bto\s*$|"
    r"(?:使|让|讓)?(?:累计|累計)[^。;；\d]{0,6}?(?:达到?|達到?|增至|至)\s*$",
    re.IGNORECASE,
)


def extraction_checks(extraction: Extraction, facts: SourceFacts) -> list[Finding]:
    """Running totals against the new amount that brings them there.

    Only "X …, bringing the total to Y" (or 累计, 누적) is read: a running total beside any other
    figure of its sentence is no claim about them. Parts against their totals are checked on
    the links an engine states (`relation_checks`), not guessed here from kinds.
    """
    findings = []
    located = [(i, a) for i, a in enumerate(extraction.allocations) if a.span is not None]
    # The allocations of each sentence, in order: a total's parts are looked up in its own
    # sentence and the next, not sought among every allocation of the article.
    by_sentence: dict[int, list[tuple[int, Allocation]]] = {}
    for j, a in located:
        by_sentence.setdefault(facts.sentence_index(a.span.start), []).append((j, a))  # type: ignore[union-attr]
    for i, total in located:
        if total.kind != Kind.CUMULATIVE or not facts.sentences:
            continue
        at = _figure_in(facts, total)
        if at is None:
            continue
        k = facts.sentence_index(at.start)
        parts = []
        for j, a in located:
            if j == i or a.kind in (Kind.TOTAL, Kind.CUMULATIVE):
                continue
            q = _figure_in(facts, a)
            if (
                q is not None
                and a.amount.currency == total.amount.currency
                and facts.sentence_index(q.start) == k
                and q.end <= at.start
                and _RUNNING_TO.search(facts.text[q.end : at.start])
            ):
                parts.append((j, a, q))
        if not parts:
            continue
        spans = [_span(at)] + [_span(q) for _, _, q in parts]
        largest = max(a.amount.value for _, a, _ in parts)
        below = largest > total.amount.value
        findings.append(
            Finding(
                check=Check.CUMULATIVE,
                verdict=Verdict.INCONSISTENT if below else Verdict.CONSISTENT,
                subject=f"allocations[{i}]",
                text=total.amount.text,
                reason=(
                    f"the running total {total.amount.value:,} is "
                    f"{'below' if below else 'not below'} the new amount {largest:,} that brings "
                    "it there"
                ),
                spans=spans,
            )
        )
    return findings


def _figure_in(facts: SourceFacts, allocation: Allocation) -> Quantity | None:
    """The source figure of an allocation's amount inside its evidence."""
    span = allocation.span
    if span is None:
        return None
    for q in facts.within(span.start, span.end):
        if q.unit == allocation.amount.currency and q.value == allocation.amount.value:
            return q
    return None


def cross_checks(extraction: Extraction, facts: SourceFacts) -> list[Finding]:
    """Every cross-check: the extraction's running totals, its stated links, and the article's
    own figures; a link's finding that repeats the article's own (same check, same figures)
    is dropped."""
    own = article_checks(facts)
    seen = {(f.check, frozenset((s.start, s.end) for s in f.spans)) for f in own}
    covered = {(f.check, s.start, s.end) for f in own for s in f.spans}
    linked = []
    for f in relation_checks(extraction, facts):
        key = (f.check, frozenset((s.start, s.end) for s in f.spans))
        if key in seen or (
            f.check is not Check.RELATION
            and f.spans
            and all((f.check, s.start, s.end) in covered for s in f.spans)
            and any(o.wrong == f.wrong for o in own if o.check is f.check)
        ):
            continue
        seen.add(key)
        linked.append(f)
    return extraction_checks(extraction, facts) + linked + own
