"""Proposed `changes_from` links: a stated change, the figure it qualifies, the earlier figure.

"from A to B" (and "A에서 B로", "AからBに", "to B from A", "A → B"), "up from A", "較…A",
"405億円(6年度304億円)", "A보다 N배인 B"; the stated change beside the figure it qualifies ("an
increase of $200 million", "(対前年度比+4.6%)", "전년대비 37.1% 증액한 5,029억원"), or opening
the next sentence ("This is over a billion dollars less than …", "That would represent a 5.2
percent increase, or $370 million"). Hand-written cue words of budget prose.
"""

from __future__ import annotations

import re

from summarizer.checking.changes import direction_of
from summarizer.checking.facts import SourceFacts
from summarizer.engines.link_text import (
    CJK,
    SHARE_WORDS,
    Article,
    Proposal,
    breakdown,
    sentence_span,
)
from summarizer.reading.numbers import MULTIPLE, PERCENT, Quantity
from summarizer.schema import RelationKind, Span

_FROM = re.compile(r"\b(?:from|de|du|von|desde|da|van)\s*$|从\s*$|從\s*$|由\s*$", re.IGNORECASE)


_TO = re.compile(
    r"\b(?:to|para|à|au|auf|a|naar)\s*$|增至\s*$|增加到\s*$|提高到\s*$|达到\s*$|達到\s*$|至\s*$",
    re.IGNORECASE,
)


# "um empréstimo de 300 milhões …, de modo a que o montante total … ascenda a 600 milhões": a
# sum reached, not a change from one to the other ("de", "von" are also "of").
_SUMMED = re.compile(
    r"\btotal|\bglobal|insgesamt|\bgesamt|\bsomme|\bsuma\b|合计|合計|共计|共計", re.I
)


_ARROW = re.compile(r"\s*[)）]?\s*(?:→|⇒|->)[^,;，；。]{0,14}$")


_ANAPHOR = re.compile(
    r"^(?:this|that|it|these|which|the\s+(?:figure|sum|amount|increase|cut)|das|dies|cela|ceci|"
    r"c['’]est|esto|eso|ciò|dit)\b|^(?:这|這|此|該|该)|^(?:これ[はを]|それ[はを]|이는|이것은|이를)",
    re.IGNORECASE,
)


_THAN_BEFORE = re.compile(
    r"(?:\bthan|\bfrom|\bover|compared\s+(?:with|to)|versus|\bvs\.?|"
    r"\b(?:increase|rise|jump|growth)\s+on|較|较|比|대비|보다)"
    r"[^.;。；\d]{0,60}$",
    re.IGNORECASE,
)


_CHANGE_WORDS = re.compile(
    r"increas\w*|decreas\w*|\bcut\b|\bless\b|\bmore\b|\bup\b|\bdown\b|rise|rose|fell|grew|"
    r"rais\w*|lift\w*|boost\w*|expand\w*|grow\w*|gain\w*|climb\w*|jump\w*|slash\w*|trim\w*|"
    r"higher|lower|reduc\w*|\bmehr\b|\bweniger\b|Anstieg|Rückgang|gestiegen|gesunken|hausse|"
    r"baisse|\bplus\b|\bmoins\b|aumento|\bmás\b|\bmenos\b|▲|△",
    re.IGNORECASE,
)
# CJK change words count only right beside the figure ("增幅5.55%", "5%增长", "14.9% 증액"): a
# "增" further off belongs to another word of the sentence ("新增债券").


# CJK change words count only right beside the figure ("增幅5.55%", "5%增长", "14.9% 증액"): a
# "增" further off belongs to another word of the sentence ("新增债券").
_CJK_CHANGE_BEFORE = re.compile(
    r"(?:增幅|增长|增長|增加|增|減少|减少|减|減|降|増加|増|増減|伸び|比|대비|증가|감소)\s*[了約约]?\s*$"
)


_CJK_CHANGE_AFTER = re.compile(
    r"^\s*(?:的|の)?(?:增长|增長|增加|增|減少|减少|下降|増加|増額|減額|増|減|증액|감액|증가|감소|늘|줄|인상|인하|"
    r"대폭|上升|提高)"
)


def changes(art: Article) -> list[Proposal]:
    """Each stated change, linked from the figure it qualifies to the earlier figure the
    sentence names ("from A to B", "up from A", "較…A", "A에서 B로"), or to none."""
    facts = art.facts
    found: list[Proposal] = []
    for i in range(len(facts.sentences)):
        money = art.money_in(i)
        mains = [q for q in money if art.is_main(q) and not art.is_change(q)]
        pairs = _earlier_figures(art, money)
        for stated in _change_phrases(art, i):
            new = _pair_after(facts, pairs, stated) or _qualified(facts, mains, stated)
            if new is None and len(pairs) == 1:
                new = next(iter(pairs.values()))[0]
            if new is not None:
                old = pairs.get(new.start)
                found.append(
                    Proposal(
                        RelationKind.CHANGES_FROM,
                        new,
                        old[1] if old else None,
                        stated=stated,
                        evidence=sentence_span(facts, new),
                    )
                )
            elif i > 0 and _ANAPHOR.match(facts.sentences[i].text):
                found += _anaphoric_change(art, i, [stated])
        for new_start, (new, old) in pairs.items():
            if not any(p.source.start == new_start for p in found):
                evidence = sentence_span(facts, new)
                found.append(Proposal(RelationKind.CHANGES_FROM, new, old, evidence=evidence))
    return found


_OLD_BEFORE = re.compile(
    r"(?:\b(?:up|down|increas\w*|ris\w*|rose|grew|grow\w*|fell|fall\w*|decreas\w*|declin\w*|"
    r"jump\w*|climb\w*)\s+from|compared\s+(?:with|to)|\bthan|\bversus|\bvs\.?|"
    r"(?:較|较|比)[^，,。;；]{0,14}?)\s*(?:the\s+|its\s+|a\s+)?$",
    re.IGNORECASE,
)


_OLD_AFTER = re.compile(r"\s*[)）]?\s*(?:에서|から)")


_NEW_AFTER_OLD = re.compile(r"\s*(?:으로|로|に|へ|と(?:なる|なった|なり))")


_THAN_AFTER = re.compile(r"\s*\S{0,6}?(?:보다|より)")  # "5천억원 예산보다 4배인 2조원"


# "2.6 times higher than that in the 2022 supplementary budget (1.3 trillion yen)"
_THAN_THAT = re.compile(r"\bthan\s+(?:that|those|the\s+one)\b[^.;,:()]{0,60}[(]?\s*$", re.I)


# "77年度(306億円)と比較すれば", "前年の支出額1億1,377万ドルと比較すると": the figure compared
# with, after which the sentence's own figure is the new one.
_COMPARED_AFTER = re.compile(r"\s*[)）]?\s*(?:と比較|と比べ|に比べ|에\s*비해|와\s*비교|과\s*비교)")


_YEAR_LABEL = re.compile(
    r"^\s*[(（][^()（）,，]{0,10}?(?:年度|年|\bFY|(?:19|20)\d\d|前年|전년|last\s+year|previous)"
    r"[^()（）]{0,6}$",
    re.IGNORECASE,
)  # "405億円(6年度304億円)": the earlier year's figure in a parenthesis


def _earlier_figures(art: Article, money: list[Quantity]) -> dict[int, tuple[Quantity, Quantity]]:
    """The sentence's (new, earlier) pairs, by the new figure's start: "from A to B" and
    "A에서 B으로" (A earlier), "B, up from A" and "B,較…A" (the figure before A is new)."""
    text = art.facts.text
    pairs: dict[int, tuple[Quantity, Quantity]] = {}
    plain = [q for q in money if not art.is_change(q)]
    following: dict[int, Quantity] = {}  # each figure's next one in the same currency
    last: dict[str, Quantity] = {}
    for q in reversed(plain):
        if q.unit in last:
            following[id(q)] = last[q.unit]
        last[q.unit] = q
    last_main: dict[str, Quantity] = {}
    for a in plain:
        before = text[max(0, a.start - 30) : a.start]
        b = following.get(id(a))
        if b is not None:
            b_before = text[max(0, b.start - 8) : b.start]
            if (
                _TO.search(before[-8:])
                and _FROM.search(b_before)
                and not _FROM.search(before[-12:])
            ):
                pairs.setdefault(a.start, (a, b))  # "by 25% to €24.5 billion from €21.1 billion"
                continue
            from_to = (
                _FROM.search(before[-12:])
                and _TO.search(b_before)
                and not _SUMMED.search(text[a.end : b.start])
            )
            cjk_from_to = _OLD_AFTER.match(text, a.end) and _NEW_AFTER_OLD.match(text, b.end)
            arrow = _ARROW.match(text[a.end : b.start])
            than = _THAN_AFTER.match(text, a.end) and not _PUNCT.search(text[a.end : b.start])
            if from_to or cjk_from_to or arrow or than:
                pairs.setdefault(b.start, (b, a))
                continue
            to_from = _NEW_AFTER_OLD.match(text, a.end) and _OLD_AFTER.match(text, b.end)
            year_label = _YEAR_LABEL.match(text[a.end : b.start]) and not breakdown(art, a)
            if to_from or year_label:
                pairs.setdefault(
                    a.start, (a, b)
                )  # "72억원으로 금년 143억원에서", "405億円(6年度304億円)"
                continue
        earlier = last_main.get(a.unit)
        if earlier is not None and (
            _OLD_BEFORE.search(before)
            or _COMPARED_AFTER.match(text, a.end)
            or _THAN_THAT.search(text[max(0, a.start - 70) : a.start])
        ):
            pairs.setdefault(earlier.start, (earlier, a))
        if art.is_main(a):
            last_main[a.unit] = a
    return pairs


_ASIDE = re.compile(r"[(（][^()（）]{0,120}[)）]")  # "同口径(剔除…,下同)增长7.5%": read past it
_OPENS = re.compile(r"\s*[(（]\s*")


def _pair_after(
    facts: SourceFacts, pairs: dict[int, tuple[Quantity, Quantity]], stated: Span
) -> Quantity | None:
    """The new figure of a pair a stated change opens a parenthesis on: "602億円増(4,316億円→
    4,918億円)" is said of 4,918, whatever figure ends the line before it."""
    opens = _OPENS.match(facts.text, stated.end)
    if opens is None:
        return None
    return next((new for new, old in pairs.values() if old.start == opens.end()), None)


def _qualified(facts: SourceFacts, mains: list[Quantity], stated: Span) -> Quantity | None:
    """The figure a stated change qualifies: right before it in its clause ("$9.26 billion, an
    increase of $200 million", "9兆3,625億円(対前年度比+4.6%)"), or right after it ("전년대비
    37.1% 증액한 5,029억원")."""
    text = facts.text
    before = [
        q
        for q in mains
        if q.end <= stated.start
        and len(_ASIDE.sub("", text[q.end : stated.start])) <= 40
        and not re.search(r"[;；。]", text[q.end : stated.start])
    ]
    if before:
        return before[-1]
    after = [
        q
        for q in mains
        if q.start >= stated.end
        and q.start - stated.end <= 15
        and not re.search(r"[,;，；。]", text[stated.end : q.start])
    ]
    return after[0] if after else None


def _change_phrases(art: Article, i: int) -> list[Span]:
    """The stated changes of sentence i: runs of change figures (percentages with a change word,
    multiples, money that is itself a change, an amount joined by ", or") not interrupted by
    another amount."""
    facts = art.facts
    s = facts.sentences[i]
    quantities = art.in_sentence(i)
    runs: list[list[Quantity]] = []
    current: list[Quantity] = []
    for q in quantities:
        if id(q) in art.converted:
            continue
        gap = facts.text[current[-1].end : q.start] if current else ""
        joined = bool(current) and (
            _OR.fullmatch(gap) is not None
            or (q.unit == PERCENT and _RATE_OPENS.fullmatch(gap) is not None)
        )
        if _is_change(art, q, s.start, s.end) or (joined and (q.is_money or q.unit == PERCENT)):
            if current and _opposed(facts.text, current[-1], q, s.start, s.end):
                runs.append(current)  # "短收100.8亿元,同口径增长7.5%": two changes, not one
                current = []
            current.append(q)
            continue
        if q.is_money and current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [_phrase(facts, run, s.start, s.end) for run in runs]


def _sign(text: str, q: Quantity, lo: int, hi: int) -> int:
    """The direction the words of q's own clause give it: +1, -1 or 0."""
    before = re.split(r"[,;，；。、(（)）]", text[max(lo, q.start - 10) : q.start])[-1]
    after = re.split(r"[,;，；。、(（)）]", text[q.end : min(hi, q.end + 10)])[0]
    return direction_of(before, q.text, after)


def _opposed(text: str, a: Quantity, b: Quantity, lo: int, hi: int) -> bool:
    """Do two neighbouring change figures go opposite ways (a shortfall against the budget,
    then growth on the year)? The amount and the rate of one change go the same way."""
    return _sign(text, a, lo, hi) * _sign(text, b, lo, hi) < 0


_OR = re.compile(
    r"[^.;。\d]{0,20}?,?\s*(?:or|i\.e\.|also|soit|es\s+decir|ossia|即|或)\s+(?:a\s+|an\s+)?",
    re.IGNORECASE,
)
# A change's rate in brackets right after its amount: "up $40 million (+0.4%)", "40百万円(+0.4%)".
_RATE_OPENS = re.compile(r"\s*[(（]\s*[+＋−–-]?\s*")


_PUNCT = re.compile(r"[,;，；。]")


def _is_change(art: Article, q: Quantity, lo: int, hi: int) -> bool:
    text = art.facts.text
    if q.unit == MULTIPLE:
        return True
    if q.unit == PERCENT:
        if SHARE_WORDS.search(text[max(lo, q.start - 12) : q.start]):
            return False
        around = text[max(lo, q.start - 30) : min(hi, q.end + 20)]
        signed = re.search(r"[-−–+＋▲△]\s*$", text[max(lo, q.start - 2) : q.start])
        by = re.search(r"\bby\s*$", text[max(lo, q.start - 6) : q.start])  # "rose by 25%"
        cjk = _CJK_CHANGE_BEFORE.search(text[max(lo, q.start - 8) : q.start]) or (
            _CJK_CHANGE_AFTER.match(text[q.end : min(hi, q.end + 8)])
        )
        return bool(_CHANGE_WORDS.search(around) or signed or by or cjk)
    return q.is_money and art.is_change(q)


def _phrase(facts: SourceFacts, run: list[Quantity], lo: int, hi: int) -> Span:
    """A run of change figures with the words that give their direction: back to the clause's
    start (no further than the amount before it), on to the first change word after it."""
    text = facts.text
    start, end = run[0].start, run[-1].end
    earlier = [q.end for q in facts.within(max(lo, start - 30), start) if q.end <= start]
    floor = max([lo, start - 30] + earlier)
    before = text[floor:start]
    cut = max(before.rfind(ch) for ch in ",;，；、(（)）:：")
    if cut >= 0:
        start = floor + cut + 1
    else:
        start = floor
        if start > lo and not CJK.search(before):
            space = before.find(" ")
            start = floor + space + 1 if space >= 0 else start
    phrase = text[start:end]
    if phrase.count("(") + phrase.count("（") > phrase.count(")") + phrase.count("）"):
        closing_at = re.match(r"\s*[)）]", text[end : min(hi, end + 3)])
        if closing_at:  # "40百万円(+0.4%)": the bracket the rate opened closes with it
            end += closing_at.end()
    after = text[end : min(hi, end + 25)]
    stops = [after.find(ch) for ch in ",;，；。()（）" if after.find(ch) >= 0]
    stops += [q.start - end for q in facts.within(end, min(hi, end + 25)) if q.is_money]
    reach = after[: min(stops + [len(after)])]
    word = _CHANGE_WORDS.search(reach) or _CJK_CHANGE_AFTER.match(reach)
    if word:
        end += word.end()
    while start < end and text[start].isspace():
        start += 1
    return Span(start=start, end=end)


def _anaphoric_change(art: Article, i: int, phrases: list[Span]) -> list[Proposal]:
    """ "This is over a billion dollars less than the request ($10.2 billion)": the figure the
    previous sentence is about, against the compared figure named here (if any)."""
    facts = art.facts
    before = [q for q in art.money_in(i - 1) if art.is_main(q) and not art.is_change(q)]
    if not before:
        return []
    new = before[-1]
    compared = [
        q
        for q in art.money_in(i)
        if q.unit == new.unit and not art.is_change(q)
        and (
            _THAN_BEFORE.search(facts.text[max(facts.sentences[i].start, q.start - 70) : q.start])
            or _COMPARED_AFTER.match(facts.text, q.end)
        )
    ]  # fmt: skip
    old = compared[0] if compared else None
    return [Proposal(RelationKind.CHANGES_FROM, _labelled(facts, before, s) or new, old, stated=s,
                     evidence=Span(start=facts.sentences[i - 1].start, end=facts.sentences[i].end))
            for s in phrases]  # fmt: skip


_LABEL_REACH = 12  # characters before a figure that hold its label ("現金額", "債務負担行為")


def _labelled(facts: SourceFacts, candidates: list[Quantity], phrase: Span) -> Quantity | None:
    """The one figure of the sentence before whose label the change repeats: "総額は,現金額302億円,
    債務負担行為256億円である。これを…,現金額で91億円(43%)の増額" changes 302億円."""
    stated = facts.text[phrase.start : phrase.end]
    if not CJK.search(stated):
        return None  # an English label ("of") would be found in any change phrase
    named = []
    for q in candidates:
        lead = re.split(
            r"[,;，；、。:：(（]", facts.text[max(0, q.start - _LABEL_REACH) : q.start]
        )[-1]
        label = lead.strip()
        if len(label) >= 2 and label in stated:
            named.append(q)
    return named[0] if len(named) == 1 else None
