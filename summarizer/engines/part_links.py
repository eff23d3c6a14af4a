"""Proposed `part_of` links: a whole and the parts its sentence lists, a share beside a part.

", of which", "including", 其中, うち, 이 중, "X中," after a whole and its parts (a parenthesis
after a part lists the part's own parts); "具体的には", "Of this", "このうち" opening the next
sentence, or a list after "includes:"; a total after its parts ("合计", "in total"); a share
beside a part, of the whole named in it, of the part's enumeration whole, or of the earlier
figure it fits; a total reached by adding a part it already includes ("含…在內 … 284億元,
若加計…3億元,則達287億元"). Hand-written cue words of budget prose.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import accumulate

from summarizer.checking.bounds import figure_bounds
from summarizer.checking.facts import SourceFacts
from summarizer.engines.link_text import (
    CJK,
    SHARE_WORDS,
    Article,
    Proposal,
    breakdown,
    closing,
    sentence_span,
)
from summarizer.engines.roles import Role
from summarizer.reading.number_words import counted
from summarizer.reading.numbers import PERCENT, Quantity
from summarizer.schema import RelationKind, Span

_PART_CUES = (
    r"of\s+which|including|includes|comprising|consisting\s+of|namely|among\s+(?:them|which)|"
    r"davon|darunter|dont|de\s+los\s+cuales|de\s+las\s+cuales|incluidos?|incluidas?|"
    r"incluyendo|incluindo|dos\s+quais|das\s+quais|y\s+compris|einschlie(?:ß|ss)lich|"
    r"di\s+cui|tra\s+cui|waarvan|waaronder|其中|包括|うち|内訳|이\s*중|가운데"
)
# The cue right after the whole ("€43 million, of which €28 million") or right before the part
# ("$1.2 billion will be provided for new listings, including $510 million for …").


# The cue right after the whole ("€43 million, of which €28 million") or right before the part
# ("$1.2 billion will be provided for new listings, including $510 million for …").
_CUE_AFTER_WHOLE = re.compile(
    rf"^[^.;。；\n]{{0,40}}?(?:,?\s*|\b)(?:{_PART_CUES})"
    rf"|^[^.;。；\n]{{0,200}}(?:[,，、:：]\s*|\s)(?:{_PART_CUES})\s*[:：]?\s*\S{{0,12}}$"
    r"|^\s*中\s*[,，、:：]"  # "預算3,668億元中," : of the 366.8 billion
    r"|^\s*[)）]?\s*중\s",  # "예산(164억 8200만원) 중 …": of it
    re.IGNORECASE,
)


# "要求額:269,573百万円\n(うち、特別枠:189,813百万円)": a parenthesis opening with the cue, on
# the whole's line or the next; its parts end where it closes.
_CUE_IN_PARENTHESIS = re.compile(rf"^[ \t]*\n?[ \t]*[(（]\s*(?:{_PART_CUES})", re.IGNORECASE)


_CUE_OPENING_NEXT = re.compile(
    r"^(?:[•·\-*]\s*)?(?:[(（]?\s*)(?:(?:of|within)\s+(?:this|that|which|these|the\s+\w+)\b|"
    r"其中|このうち|うち|内訳は?|이\s*중|이\s*가운데|具体的には|具体而言|具体来看|specifically|"
    r"namely|in\s+detail|davon|darunter|"
    r"(?:this|it|the(?:\s+[\w-]+){1,3})\s+"
    r"(?:comprises|includes|consists\s+of|covers|is\s+made\s+up\s+of|breaks\s+down))",
    re.IGNORECASE,
)


_CJK_CUE_EARLY = re.compile(r"^[^\d。;；]{0,12}?(?:其中|このうち|うち|이\s*중)\s*[:：,，]?")


_GOES_ON = re.compile(
    r"^(?:また|さらに|加えて|このほか|also|in\s+addition|additionally|further(?:more)?|"
    r"finally|此外|另外|同时|同時|또한|아울러|그리고)",
    re.IGNORECASE,
)


_SHARE_AFTER = re.compile(  # used with match(text, pos): no "^"
    r"\s*[(（]?\s*[,，、]?\s*(?:占比?|占全部|占總|占总|占整体|割合は?|비중은?|"
    r"(?:or|which\s+is|accounting\s+for|representing|equal\s+to)\s*)(?P<body>[^%％)）。;；]{0,40})"
)


_NEAR = 3  # sentences: how far back a share's whole is looked for


_MAX_PARTS = 40  # an enumeration longer than this is a table, not a sentence


_ADDING = re.compile(
    r"(?:加計|加计|加上|再加|計入|计入|plus|adding|with\s+the\s+addition\s+of|을\s*더하면|"
    r"를\s*더하면|を加えると|を加えれば)[^，,。;；]{0,30}$",
    re.IGNORECASE,
)


_REACHES = re.compile(
    r"^[^，,。;；]{0,6}[，,]?\s*(?:則達|则达|則為|则为|達|达|共計|共计|合計|合计|reaching|"
    r"brings?\s+(?:the\s+total\s+)?to|bringing\s+(?:the\s+total\s+)?to|for\s+a\s+total\s+of|"
    r"totals?|に達する|となる|로|가\s*된다)\s*$",
    re.IGNORECASE,
)


_INCLUDES = re.compile(
    r"(?:含|包含|包括)(?P<what>[^，,。;；]{2,40}?)(?:在內|在内)|"
    r"(?:including|inclusive\s+of)\s+(?P<en>[^,;.]{3,60})",
    re.IGNORECASE,
)


def parts(art: Article) -> list[Proposal]:
    facts = art.facts
    found: list[Proposal] = []
    for i in range(len(facts.sentences)):
        money = art.money_in(i)
        for k, whole in enumerate(money):
            if art.is_main(whole) and not art.is_change(whole):
                evidence = sentence_span(facts, whole)
                found += [Proposal(RelationKind.PART_OF, q, whole, evidence=evidence)
                          for q in breakdown(art, whole)]  # fmt: skip
            nxt = money[k + 1] if k + 1 < len(money) else None
            gap = facts.text[whole.end : nxt.start] if nxt else ""
            if nxt is not None and _CUE_AFTER_WHOLE.search(gap):
                found += _enumeration(art, whole, money[k + 1 :])
            elif nxt is not None and (cue := _CUE_IN_PARENTHESIS.match(gap)):
                end = closing(facts.text, whole.end + gap.index(cue.group(0).strip()[0]) + 1)
                inside = [q for q in money[k + 1 :] if end != -1 and q.end <= end]
                found += _enumeration(art, whole, inside)
        if i + 1 < len(facts.sentences) and money:
            found += _next_sentence_parts(art, i, money)
    return found


_TOTAL_BEFORE = re.compile(
    r"(?:合计|共计|总计|合計|共計|總計|小计|小計|総額|合わせて|あわせて|\b계|\b총|"
    r"\ba\s+total\s+of|\btotall?ing|\bin\s+total|\baltogether|\binsgesamt|\bau\s+total|\ben\s+total)"
    r"\s*[:：]?\s*$",
    re.IGNORECASE,
)


_TOTAL_AFTER = re.compile(
    r"\s*(?:in\s+total|altogether|all\s+told|insgesamt|au\s+total|en\s+total)\b", re.IGNORECASE
)


def totals_after_parts(art: Article) -> list[Proposal]:
    """Parts listed first, then their total: "A、B、C,合计X", "A, B and C, $X in total"."""
    facts = art.facts
    found: list[Proposal] = []
    for i in range(len(facts.sentences)):
        money = art.money_in(i)
        start = 0  # parts are looked for since the previous total
        for k, total in enumerate(money):
            before = facts.text[max(0, total.start - 14) : total.start]
            if not (_TOTAL_BEFORE.search(before) or _TOTAL_AFTER.match(facts.text, total.end)):
                continue
            parts = [
                q
                for q in money[start:k]
                if q.unit == total.unit and q.value < total.value and art.is_main(q)
                and not art.is_change(q)
            ]  # fmt: skip
            start = k + 1
            parts = _fitting_tail(art, parts, total)
            if len(parts) < 2:
                continue
            evidence = sentence_span(facts, total)
            found += [Proposal(RelationKind.PART_OF, q, total, evidence=evidence) for q in parts]
    return found


def _fitting_tail(art: Article, parts: list[Quantity], total: Quantity) -> list[Quantity]:
    """The parts a total sums: all the figures before it, unless they add up to more and the
    last few alone add up to it ("実行額は約4,936億円、回収額は約8,177億円であり、…残高は、出融資計
    約13兆3,987億円、保証約2兆2,220億円、合計約15兆6,208億円": the flows before the two balances
    are something else). Parts that add up to more with no tail that fits stay, for the
    validator to report."""
    text = art.facts.text
    bounds, _ = figure_bounds(total, text)
    if bounds.high is None or sum(q.value for q in parts) <= bounds.high:
        return parts
    # the ranges of each tail, from the last two parts back: each part's range read once
    tails = list(accumulate(figure_bounds(q, text)[0] for q in reversed(parts[1:])))
    for first in range(1, len(parts) - 1):  # the longest tail that fits wins
        sums = tails[len(parts) - 1 - first]
        if sums.low <= bounds.high and (sums.high is None or bounds.low <= sums.high):
            return parts[first:]
    return parts


def _enumeration(art: Article, whole: Quantity, rest: list[Quantity]) -> list[Proposal]:
    """The parts listed after a whole in its sentence; a parenthesis after a part lists that
    part's own parts."""
    facts = art.facts
    found: list[Proposal] = []
    parent: Quantity | None = None  # the part whose parenthesis is open
    close = -1
    previous = whole
    for q in rest[:_MAX_PARTS]:
        cued = bool(_CUE_RIGHT_BEFORE.search(facts.text[previous.end : q.start]))
        previous_end, previous = previous.end, q
        if q.unit != whole.unit or id(q) in art.converted:
            continue
        if art.role.get(id(q)) is Role.COMPARISON and not cued:
            continue  # an earlier year's figure beside a part, unless a cue makes it a part
        if q.value >= whole.value and _in_parenthesis(facts.text, whole.end, q.start):
            continue  # an aside: "このうち…の上限(43兆5,000億円程度)を踏まえつつ"
        if q.value >= whole.value or re.search(r"[;；]", facts.text[whole.end : q.start]):
            break  # a figure as large as the whole, or a new clause, starts something else
        if _TOTAL_BEFORE.search(facts.text, max(previous_end, q.start - 30), q.start):
            break  # "an additional £185 million, totalling £515 million with …": a sum, no part
        if parent is not None and q.start < close:
            if q.value < parent.value:
                found.append(Proposal(RelationKind.PART_OF, q, parent,
                                      evidence=sentence_span(facts, whole)))  # fmt: skip
            continue
        parent = None
        found.append(Proposal(RelationKind.PART_OF, q, whole,
                              evidence=sentence_span(facts, whole, q)))  # fmt: skip
        opening = re.match(r"\s*[(（]", facts.text[q.end : q.end + 3])
        if opening:
            end = closing(facts.text, q.end + opening.end())
            if end != -1:
                parent, close = q, end
    return found


_CUE_RIGHT_BEFORE = re.compile(rf"(?:{_PART_CUES})\S{{0,8}}$", re.IGNORECASE)


def _in_parenthesis(text: str, start: int, position: int) -> bool:
    """Is `position` inside a parenthesis opened after `start`?"""
    between = text[start:position]
    return between.count("(") + between.count("（") > between.count(")") + between.count("）")


_AS_FOLLOWS = re.compile(
    r"^[^\d。.;；]{0,12}?(?:如下|as\s+follows|次のとおり|以下のとおり|下記のとおり|다음과\s*같|"
    r"wie\s+folgt|como\s+sigue|comme\s+suit)",
    re.IGNORECASE,
)


def _detailed_parts(art: Article, i: int, money: list[Quantity]) -> list[Proposal]:
    """A whole whose sentence counts its parts ("預定發行4期公債金額1,150億元"), then
    "發行明細如下:" and one item a sentence: each item's first amount, as many as counted, or
    none."""
    facts = art.facts
    wholes = [q for q in money if art.is_main(q) and not art.is_change(q)]
    if not wholes:
        return []
    whole = max(wholes, key=lambda q: q.value)
    sentence = facts.sentences[i]
    count = counted(facts.text[sentence.start : whole.start])
    if count is None or not 2 <= count <= _MAX_PARTS:
        return []
    found: list[Proposal] = []
    for j in range(i + 1, min(len(facts.sentences), i + 1 + count)):
        items = [q for q in art.money_in(j) if q.unit == whole.unit and art.is_main(q)]
        if not items or items[0].value >= whole.value:
            return []
        evidence = Span(start=sentence.start, end=facts.sentences[j].end)
        found.append(Proposal(RelationKind.PART_OF, items[0], whole, evidence=evidence))
    return found if len(found) == count else []


def _next_sentence_parts(art: Article, i: int, money: list[Quantity]) -> list[Proposal]:
    """A whole, then a sentence opening "Of this", "具体的には", "このうち" with its parts — or
    ending in a colon before a list whose items give them; when the whole's sentence counts its
    parts ("3つの基金", "three funds"), the sentences that go on ("また", "In addition") give
    the rest."""
    facts = art.facts
    following = facts.sentences[i + 1]
    if _AS_FOLLOWS.match(following.text):
        return _detailed_parts(art, i, money)
    if not (_CUE_OPENING_NEXT.match(following.text) or _CJK_CUE_EARLY.match(following.text)):
        return []
    wholes = [q for q in money if art.is_main(q)]
    if not wholes:
        return []
    whole = max(wholes, key=lambda q: q.value)
    sentence = facts.sentences[i]
    count = counted(facts.text[sentence.start : whole.start])
    listed = not art.money_in(i + 1) and following.text.rstrip().endswith((":", "："))
    found: list[Proposal] = []
    j = i + 2 if listed else i + 1
    while j < len(facts.sentences):
        if listed and not _BULLET.match(facts.sentences[j].text):
            break
        parts = [
            q
            for q in art.money_in(j)
            if q.unit == whole.unit
            and q.value < whole.value
            and art.is_main(q)
            and not _TOTAL_BEFORE.search(facts.text, max(0, q.start - 30), q.start)
        ]
        if listed:
            parts = parts[:1]  # a list item's first amount is the item's
        if not parts:
            break
        evidence = Span(start=sentence.start, end=facts.sentences[j].end)
        found += [Proposal(RelationKind.PART_OF, q, whole, evidence=evidence) for q in parts]
        j += 1
        if listed:
            continue
        if (
            count is None
            or len(found) >= count
            or j >= len(facts.sentences)
            or not _GOES_ON.match(facts.sentences[j].text)
        ):
            break
    if count is not None and len(found) > count:
        return []  # more figures than the parts it counts: not (only) its parts
    return found


_LIST_LOOKBACK = 6  # sentences: how far back a counted whole is looked for


def counted_lists(art: Article) -> list[Proposal]:
    """A list introduced by a colon ("The seven-year contracts include:") whose items give as
    many amounts as an earlier sentence counts things ("Four new contracts worth £1.6-billion
    have been awarded"): the items' amounts are that whole's parts. The count is the cue: a list
    paragraphs after a figure is otherwise anyone's."""
    facts = art.facts
    sentences = facts.sentences
    found: list[Proposal] = []
    for i, sentence in enumerate(sentences):
        if not sentence.text.rstrip().endswith((":", "：")) or art.money_in(i):
            continue
        items: list[Quantity] = []
        j = i + 1
        while j < len(sentences) and len(items) <= _MAX_PARTS:
            amounts = [q for q in art.money_in(j) if art.is_main(q) and not art.is_change(q)]
            if not amounts:
                break
            items += amounts
            j += 1
        if not 2 <= len(items) <= _MAX_PARTS:
            continue
        for k in range(i - 1, max(-1, i - 1 - _LIST_LOOKBACK), -1):
            wholes = [q for q in art.money_in(k) if art.is_main(q) and not art.is_change(q)]
            if not wholes:
                continue
            whole = max(wholes, key=lambda q: q.value)
            count = counted(facts.text[sentences[k].start : whole.start])
            if count == len(items) and all(
                q.unit == whole.unit and q.value < whole.value for q in items
            ):
                evidence = Span(start=sentences[k].start, end=sentences[j - 1].end)
                found += [
                    Proposal(RelationKind.PART_OF, q, whole, evidence=evidence) for q in items
                ]
            break  # the nearest sentence with a figure is the only candidate
    return found


# The share of its budget an outturn reached: "预算为3万元,支出决算为1.71万元,完成预算的57%",
# "可用預算數4,283萬9千元,執行數2,076萬7千元,執行率48.48%", "an execution rate of 91%".
_COMPLETION = re.compile(
    r"(?:完成(?:年初|调整后?|調整後?)?(?:预算|預算)的?|为(?:年初)?预算的|為(?:年初)?預算的|"
    r"(?:预算)?执行率为?|(?:預算)?執行率為?|(?:budget\s+)?(?:execution|utili[sz]ation)\s+rate"
    r"(?:\s+(?:of|was|is|stood\s+at))?|予算(?:の)?執行率は?)\s*$",
    re.IGNORECASE,
)


def completion_shares(art: Article) -> list[Proposal]:
    """An outturn and its budget, then the share of the budget it reached: the last two amounts
    before the share, the larger the budget (a share of 100% at most is said of no overrun).
    The outturn is linked as a part of the budget with its share, which the validator
    recomputes; an overrun (a share above 100%) is no part, and is left alone."""
    facts = art.facts
    found: list[Proposal] = []
    for i in range(len(facts.sentences)):
        quantities = art.in_sentence(i)
        for k, pct in enumerate(quantities):
            if pct.unit != PERCENT or pct.value > 100:
                continue
            before = [q for q in quantities[:k] if q.is_money and art.is_main(q)]
            if len(before) < 2:
                continue
            first, last = before[-2], before[-1]
            lead = facts.text[last.end : pct.start]
            cue = _COMPLETION.search(lead) if len(lead) <= 40 else None
            if cue is None or first.unit != last.unit:
                continue
            # the larger is the budget: "spent $30 million of its $40 million budget"
            budget, outturn = (first, last) if first.value >= last.value else (last, first)
            stated = Span(start=last.end + cue.start(), end=pct.end)
            evidence = Span(start=first.start, end=pct.end)
            found.append(
                Proposal(RelationKind.PART_OF, outturn, budget, stated=stated, evidence=evidence)
            )
    return found


_BULLET = re.compile(
    r"^\s*(?:[•·●■◆▶○\-*–]|\(?\d{1,2}[.)）]|[(（][一二三四五六七八九十\d]+[)）]|[①-⑩])\s*"
)


def shares(art: Article, parts: list[Proposal]) -> list[Proposal]:
    """A share written beside a part: of the whole named in it, of the part's enumeration
    whole, or of the earlier figure it fits best."""
    facts = art.facts
    whole_of = {p.source.start: p.target for p in parts if p.target is not None}
    found: list[Proposal] = []
    quantities = art.quantities
    for k, q in enumerate(quantities):
        if not q.is_money or id(q) in art.converted:
            continue
        share, named = _share_after(art, quantities, k)
        if share is None:
            continue
        stated = Span(start=share[0], end=share[1])
        pct = share[2]
        whole = named or whole_of.get(q.start) or _fitting_whole(art, q, pct)
        if whole is None:
            continue
        found.append(Proposal(RelationKind.PART_OF, q, whole, stated=stated,
                              evidence=sentence_span(facts, whole, q)))  # fmt: skip
    return found


def _share_after(
    art: Article, quantities: list[Quantity], k: int
) -> tuple[tuple[int, int, Quantity] | None, Quantity | None]:
    """The share phrase right after quantity k (its span and its percentage) and the whole's
    figure when the phrase names one ("占軍事投資975.88億元之比率為67.55%")."""
    facts = art.facts
    q = quantities[k]
    m = _SHARE_AFTER.match(facts.text, q.end, min(len(facts.text), q.end + 60))
    if not m:
        return None, None
    named: Quantity | None = None
    for other in quantities[k + 1 : k + 4]:
        if other.start > m.end() + 8:
            break
        if other.unit == PERCENT:
            phrase_start = m.start() + len(m.group(0)) - len(m.group(0).lstrip(" (（,，、"))
            if not SHARE_WORDS.search(facts.text[phrase_start : other.start + 1]):
                return None, None
            return (phrase_start, other.end, other), named
        if other.is_money and other.unit == q.unit and other.value > q.value:
            named = other
        else:
            return None, None
    return None, None


def _fitting_whole(art: Article, part: Quantity, pct: Quantity) -> Quantity | None:
    """The earlier figure, a few sentences back at most, of which the part is closest to the
    stated share: accepted only when that share is within a quarter of the stated one."""
    facts = art.facts
    i = facts.sentence_index(part.start)
    candidates = [
        q
        for j in range(max(0, i - _NEAR), i + 1)
        for q in art.in_sentence(j)
        if q.end <= part.start
        and q.is_money and q.unit == part.unit and q.value > part.value and art.is_main(q)
        and id(q) not in art.converted
    ]  # fmt: skip
    if not candidates or pct.value <= 0:
        return None
    best = min(candidates, key=lambda q: abs(part.value / q.value * 100 / pct.value - 1))
    fit = part.value / best.value * 100 / pct.value
    return best if Decimal("0.8") <= fit <= Decimal("1.25") else None


def added_totals(art: Article) -> list[Proposal]:
    """ "A; adding B, it reaches C" with C = A + B: A and B are parts of C; and when A's clause
    says it includes what B is ("含…非營業特種基金在內"), B is part of A too."""
    facts = art.facts
    found: list[Proposal] = []
    money = art.money
    for k, b in enumerate(money):
        if k == 0 or k + 1 >= len(money):
            continue
        adding = _ADDING.search(facts.text[max(0, b.start - 40) : b.start])
        c = money[k + 1]
        if not adding or c.unit != b.unit or not _REACHES.search(facts.text[b.end : c.start]):
            continue
        earlier = [a for a in money[max(0, k - 8) : k] if a.unit == b.unit and a.value < c.value]
        if not earlier:
            continue
        a = earlier[-1]
        if abs(a.value + b.value - c.value) > _step(art, c):  # C is not A + B
            continue
        evidence = sentence_span(facts, a, c)
        found += [Proposal(RelationKind.PART_OF, a, c, evidence=evidence),
                  Proposal(RelationKind.PART_OF, b, c, evidence=evidence)]  # fmt: skip
        named = facts.text[adding.start() + max(0, b.start - 40) : b.start]
        if _included_in(facts, a, named):
            found.append(Proposal(RelationKind.PART_OF, b, a, evidence=evidence))
    return found


def _step(art: Article, q: Quantity) -> Decimal:
    bounds, _ = figure_bounds(q, art.facts.text)
    return (bounds.high - bounds.low) if bounds.high is not None else Decimal(0)


def _included_in(facts: SourceFacts, total: Quantity, named: str) -> bool:
    """Does the total's sentence say it includes what `named` names?"""
    sentence = facts.sentence_of(total.start)
    for m in _INCLUDES.finditer(facts.text, sentence.start, total.start):
        listed = m.group("what") or m.group("en") or ""
        for item in re.split(r"[及和與与、,]|\band\b", listed):
            item = item.strip()
            if len(item) >= (2 if CJK.search(item) else 4) and item in named:
                return True
    return False


_TOTAL_WORD = re.compile(
    r"(?:\btotal\w*|\bglobal\w*|insgesamt|\bsomit|\bgesamt\w*|\bsomme|\bsuma|合计|合計|共计|共計|"
    r"総額|总额|總額|\b총)[^.;。；]{0,50}$",
    re.IGNORECASE,
)


_ADDITIONAL = re.compile(
    r"\b(?:additional\w*|also|further|another|adicional\w*|también|também|además|outros|otros|"
    r"zusätzlich\w*|ergänz\w*|weitere\w*|complet\w*|supplémentaire\w*|aussi|ook|anche|inoltre)\b|"
    r"另外|此外|追加|さらに|추가",
    re.IGNORECASE,
)


def additional_totals(art: Article) -> list[Proposal]:
    """ "The EIB lends €300 million. The bank adds another €300 million, so that the total
    available reaches €600 million": a second amount said to be additional, then a total that is
    the two together; both are parts of it. The sum is the guard: the words alone ("total",
    "also") join figures of many kinds."""
    facts = art.facts
    found: list[Proposal] = []
    for i in range(len(facts.sentences)):
        money = [q for q in art.money_in(i) if art.is_main(q) and not art.is_change(q)]
        for k, c in enumerate(money):
            sentence = facts.sentences[i]
            if k == 0 or not _TOTAL_WORD.search(
                facts.text[max(sentence.start, c.start - 60) : c.start]
            ):
                continue
            b = money[k - 1]
            if b.unit != c.unit or not _ADDITIONAL.search(facts.text[sentence.start : b.start]):
                continue
            earlier = [
                q
                for j in range(max(0, i - 2), i + 1)
                for q in art.money_in(j)
                if q.end <= b.start and q.unit == c.unit and art.is_main(q)
                and not art.is_change(q)
            ]  # fmt: skip
            if not earlier:
                continue
            a = earlier[-1]
            if abs(a.value + b.value - c.value) > _step(art, c):
                continue
            evidence = sentence_span(facts, a, c)
            found += [Proposal(RelationKind.PART_OF, a, c, evidence=evidence),
                      Proposal(RelationKind.PART_OF, b, c, evidence=evidence)]  # fmt: skip
    return found


_TOTAL_ROW = re.compile(
    r"^[ \t]*(?:total(?:\s+general)?|totaal|totale|gesamt|summe|insgesamt|合計|合计|總計|总计|"
    r"小計|小计|計|计|합계|총계|계)[ \t]*[|:：\t]",
    re.IGNORECASE | re.MULTILINE,
)


_MAX_ROWS = 60  # a table's rows read back from its total row


def table_totals(art: Article) -> list[Proposal]:
    """A table's "Total | 354.255.600 euros" row and the rows above it, one amount each in its
    currency (blank lines between rows allowed), back to the first row that is not one: the
    rows are the total's parts."""
    facts = art.facts
    text = facts.text
    found: list[Proposal] = []
    for m in _TOTAL_ROW.finditer(text):
        end = text.find("\n", m.end())
        end = len(text) if end == -1 else end
        row = [q for q in facts.within(m.start(), end) if q.is_money]
        if len(row) != 1:
            continue
        total = row[0]
        parts: list[Quantity] = []
        line_end = m.start() - 1
        while line_end > 0 and len(parts) < _MAX_ROWS:
            line_start = text.rfind("\n", 0, line_end) + 1
            line = text[line_start:line_end]
            if line.strip():
                cells = [q for q in facts.within(line_start, line_end) if q.is_money]
                if (
                    len(cells) != 1 or cells[0].unit != total.unit
                    or cells[0].value >= total.value
                    or len(facts.within(line_start, line_end)) != 1
                ):  # fmt: skip
                    break
                parts.append(cells[0])
            line_end = line_start - 1
        if len(parts) >= 2:
            evidence = Span(start=parts[-1].start, end=total.end)
            found += [Proposal(RelationKind.PART_OF, q, total, evidence=evidence)
                      for q in reversed(parts)]  # fmt: skip
    return found


# Item markers at a line's start, by family: "<1>", "(1)", "1.", "①", "○".
_MARKERS = (
    ("angle", re.compile(r"[ \t]*[<＜](\d{1,2})[>＞]")),
    ("paren", re.compile(r"[ \t]*[(（](\d{1,2})[)）]")),
    ("dot", re.compile(r"[ \t]*(\d{1,2})[.)．][ \t]*(?!\d)")),
    ("circled", re.compile(r"[ \t]*([①-⑳])")),
)
_LINE = re.compile(r"^.*$", re.MULTILINE)
_ITEM_START = re.compile(r"\n[ \t]*(?:[<＜(（]\d|\d{1,2}[.)．]|[①-⑳])")
_MAX_ITEMS = 30
_ITEMS_REACH = 400  # characters from the whole to its first item
_ITEM_LENGTH = 1_500  # characters an item may run


def listed_items(art: Article) -> list[Proposal]:
    """A whole, then numbered items under it ("(主な事業) 1,348,739百万円 … <1>… 317,258百万円
    <2>… 579,425百万円 …", "622億円の予算措置を講じた。(1) … (208億円) … (2) …"), numbered
    1, 2, 3 … in one style up to the first line in another: the amounts in its currency under
    the items are its parts, when every item has one (else the items are topics, their figures
    details). Layout alone states no cue, so the parts must fit in the whole (a list that adds
    up to more is something else: a table of programmes, say)."""
    facts = art.facts
    text = facts.text
    found: list[Proposal] = []
    used: set[int] = set()
    for whole in art.money:
        if id(whole) in used or not art.is_main(whole) or art.is_change(whole):
            continue
        items = _items_after(text, whole.end)
        if len(items) < 2 or text[: items[0][0]].rstrip().endswith(("、", ",", "，")):
            continue  # items inside a running sentence ("2030年度までに、(1)…(2)…全体として…")
        per_item = [
            [
                q
                for q in facts.within(start, end)
                if q.is_money
                and q.unit == whole.unit
                and id(q) not in art.converted
                and art.is_main(q)
                and not art.is_change(q)
            ]  # fmt: skip
            for start, end in items
        ]
        if not all(per_item):
            continue  # a breakdown gives each item its amount: these are topics
        parts = [q for amounts in per_item for q in amounts]
        between = [q for q in facts.within(whole.end, items[0][0]) if q.is_money]
        if between or any(q.value >= whole.value for q in parts):
            continue
        bounds, _ = figure_bounds(whole, text)
        if bounds.high is not None and sum(q.value for q in parts) > bounds.high:
            continue
        used.update(id(q) for q in parts)
        evidence = Span(start=whole.start, end=parts[-1].end)
        found += [Proposal(RelationKind.PART_OF, q, whole, evidence=evidence) for q in parts]
    return found


def _items_after(text: str, position: int) -> list[tuple[int, int]]:
    """The numbered items starting within reach after `position`, as (start, end) spans: one
    style, numbered from 1 without a gap, up to the next line in another style."""
    # Bounded searches: a page of figures on one line must not be read to its end per figure.
    first = _ITEM_START.search(text, position, min(len(text), position + _ITEMS_REACH))
    if first is None:
        return []
    family: str | None = None
    expected = 1
    items: list[tuple[int, int]] = []
    reach = min(len(text), first.start() + 1 + (_MAX_ITEMS + 1) * _ITEM_LENGTH)
    for m in _LINE.finditer(text, first.start() + 1, reach):
        line = m.group(0)
        if family is None and m.start() - position > _ITEMS_REACH:
            return []
        marked = [(name, n) for name, rx in _MARKERS if (n := rx.match(line))]
        if marked:
            name, n = marked[0]
            number = n.group(1)
            number = ord(number) - ord("①") + 1 if name == "circled" else int(number)
            if family is None and number == 1:
                family = name
            elif name != family or number != expected:
                break
            if items:
                items[-1] = (items[-1][0], m.start())
            items.append((m.start(), m.end()))
            expected = number + 1
            if len(items) > _MAX_ITEMS:
                return []
        elif items:
            if m.end() - items[-1][0] > _ITEM_LENGTH:
                break  # an item is a few lines: the text has moved on
            items[-1] = (items[-1][0], m.end())
    if len(items) >= 2:  # the last item runs no longer than the longest before it
        longest = max(end - start for start, end in items[:-1])
        items[-1] = (items[-1][0], min(items[-1][1], items[-1][0] + longest))
    return items if family is not None else []
