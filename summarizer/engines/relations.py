"""The deterministic engine's links between figures, proposed from sentence structure.

Budget prose states how its figures relate in a few recurring shapes, in every language read:

- parts: a whole followed by ", of which", "including", 其中, うち, 이 중, "X中," and its parts;
  a parenthesis after a part lists the part's own parts; "具体的には" or "Of this" opening the
  next sentence; a share beside a part ("(占46.24%)", "accounting for 40%");
- changes: "from A to B", "up from A", "較…A…增列D,增幅P%", a sentence opening "This is …
  less than …" or "That would represent a 5.2 percent increase, or $370 million";
- restatements: a headline, a bullet or a summary in another script giving a body figure
  again;
- conversions: an amount beside its equivalent in another currency;
- totals reached by adding a part to a total said to include it already ("含…在內 … 284億元,
  若加計…3億元,則達287億元").

The proposals are links between source quantities; `relation_refs` turns them into the
schema's `Relation`s by item id. The validator judges every link; nothing here is trusted.
Hand-written: the cue words are budget prose, and the engine must run without a model.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal

from summarizer.bounds import figure_bounds
from summarizer.conversions import find_conversions
from summarizer.engines.roles import Role, RoledAmount
from summarizer.facts import SourceFacts
from summarizer.numbers import MULTIPLE, PERCENT, Quantity
from summarizer.schema import RelationKind, Span


@dataclass(frozen=True)
class Proposal:
    """A link between two source quantities (`target` None: a figure the text does not give)."""

    kind: RelationKind
    source: Quantity
    target: Quantity | None
    stated: Span | None = None  # the share, change or multiple as written
    evidence: Span | None = None


_PART_CUES = (
    r"of\s+which|including|includes|comprising|consisting\s+of|namely|among\s+(?:them|which)|"
    r"davon|darunter|dont|de\s+los\s+cuales|incluidos?|di\s+cui|waarvan|其中|包括|うち|内訳|"
    r"이\s*중|가운데"
)
# The cue right after the whole ("€43 million, of which €28 million") or right before the part
# ("$1.2 billion will be provided for new listings, including $510 million for …").
_CUE_AFTER_WHOLE = re.compile(
    rf"^[^.;。；\n]{{0,40}}?(?:,?\s*|\b)(?:{_PART_CUES})"
    rf"|^[^.;。；\n]{{0,200}}(?:[,，、:：]\s*|\s)(?:{_PART_CUES})\s*[:：]?\s*\S{{0,12}}$"
    r"|^\s*中\s*[,，、:：]"  # "預算3,668億元中," : of the 366.8 billion
    r"|^\s*[)）]?\s*중\s",  # "예산(164억 8200만원) 중 …": of it
    re.IGNORECASE,
)
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
_COUNT = re.compile(
    r"(?P<n>\d+|[一二两兩三四五六七八九十]|two|three|four|five|six|seven|eight|nine|ten|"
    r"두|세|네|다섯)\s*(?:つの|个|個|项|項|개의?|가지|大|(?:new\s+|main\s+|key\s+|separate\s+)?"
    r"(?!years|months|weeks|days|decades|times|percent)[a-z]+s\b)",
    re.IGNORECASE,
)
_COUNT_WORDS = {
    "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
    "九": 9, "十": 10, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "두": 2, "세": 3, "네": 4, "다섯": 5,
}  # fmt: skip
_SHARE_AFTER = re.compile(  # used with match(text, pos): no "^"
    r"\s*[(（]?\s*[,，、]?\s*(?:占比?|占全部|占總|占总|占整体|割合は?|비중은?|"
    r"(?:or|which\s+is|accounting\s+for|representing|equal\s+to)\s*)(?P<body>[^%％)）。;；]{0,40})"
)
_SHARE_ANYWHERE = re.compile(r"占|比率|比重|割合|비중|share|accounting\s+for|of\s+(?:the\s+)?total")
_FROM = re.compile(r"\b(?:from|de|du|von|desde|da|van)\s*$|从\s*$|從\s*$|由\s*$", re.IGNORECASE)
_TO = re.compile(
    r"\b(?:to|para|à|au|auf|a|naar)\s*$|增至\s*$|增加到\s*$|提高到\s*$|达到\s*$|達到\s*$|至\s*$",
    re.IGNORECASE,
)
_ARROW = re.compile(r"\s*[)）]?\s*(?:→|⇒|->)[^,;，；。]{0,14}$")
_ANAPHOR = re.compile(
    r"^(?:this|that|it|these|which|the\s+(?:figure|sum|amount|increase|cut)|das|dies|cela|ceci|"
    r"c['’]est|esto|eso|ciò|dit)\b|^(?:这|這|此|該|该)|^(?:これは|それは|이는|이것은)",
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
_CJK_CHANGE_BEFORE = re.compile(
    r"(?:增幅|增长|增長|增加|增|減少|减少|减|減|降|増加|増|増減|伸び|比|대비|증가|감소)\s*[了約约]?\s*$"
)
_CJK_CHANGE_AFTER = re.compile(
    r"^\s*(?:的)?(?:增长|增長|增加|增|減少|减少|下降|増加|増|減|증액|감액|증가|감소|늘|줄|인상|인하|"
    r"대폭|上升|提高)"
)
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
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")
_NEAR = 3  # sentences: how far back a share's whole is looked for
_MAX_PARTS = 40  # an enumeration longer than this is a table, not a sentence


_DUMP = 40  # figures in one sentence beyond which it is a table or a dump, not prose to read


class _Article:
    """The money of one article in text order, with each quantity's role.

    A sentence of more than `_DUMP` figures is left out: it states no links in words, and
    reading it figure by figure would cost much on hostile input for nothing.
    """

    def __init__(self, facts: SourceFacts, roles: list[RoledAmount]) -> None:
        self.facts = facts
        self.role = {id(r.quantity): r.role for r in roles}
        self.converted = {id(c.converted) for c in find_conversions(facts)}
        self.sentences: list[list[Quantity]] = []
        for s in facts.sentences:
            inside = facts.within(s.start, s.end)
            self.sentences.append(inside if len(inside) <= _DUMP else [])
        self.quantities = [q for inside in self.sentences for q in inside]
        self.money = [q for q in self.quantities if q.is_money]
        self._changes: dict[int, bool] = {}

    def in_sentence(self, i: int) -> list[Quantity]:
        return self.sentences[i]

    def money_in(self, i: int) -> list[Quantity]:
        return [q for q in self.sentences[i] if q.is_money and id(q) not in self.converted]

    def is_main(self, q: Quantity) -> bool:
        """A figure the sentence is about: not an earlier figure, a change or a conversion."""
        return self.role.get(id(q)) not in (Role.COMPARISON, Role.CONVERSION)

    def is_change(self, q: Quantity) -> bool:
        """Is the money figure itself a change (`_is_change_figure`), read once."""
        if id(q) not in self._changes:
            self._changes[id(q)] = _is_change_figure(self, q)
        return self._changes[id(q)]


def propose(facts: SourceFacts, roles: list[RoledAmount]) -> list[Proposal]:
    """Every link the article's sentence structure states, in text order of their sources."""
    if not facts.sentences:
        return []
    art = _Article(facts, roles)
    proposals: list[Proposal] = []
    parts = _parts(art) + _totals_after_parts(art)
    proposals += parts
    proposals += _shares(art, parts)
    proposals += _changes(art)
    proposals += _restatements(art)
    proposals += _conversions(art, facts)
    proposals += _added_totals(art)
    return _unique(proposals)


def _unique(proposals: list[Proposal]) -> list[Proposal]:
    seen: set[tuple] = set()
    out = []
    for p in proposals:
        key = (p.kind, p.source.start, p.target.start if p.target else -1,
               p.stated.start if p.stated else -1)  # fmt: skip
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _sentence_span(facts: SourceFacts, *qs: Quantity) -> Span:
    indexes = [facts.sentence_index(q.start) for q in qs]
    first, last = facts.sentences[min(indexes)], facts.sentences[max(indexes)]
    return Span(start=first.start, end=last.end)


# --- parts ---------------------------------------------------------------------------------------


def _parts(art: _Article) -> list[Proposal]:
    facts = art.facts
    found: list[Proposal] = []
    for i in range(len(facts.sentences)):
        money = art.money_in(i)
        for k, whole in enumerate(money):
            nxt = money[k + 1] if k + 1 < len(money) else None
            gap = facts.text[whole.end : nxt.start] if nxt else ""
            if nxt is not None and _CUE_AFTER_WHOLE.search(gap):
                found += _enumeration(art, whole, money[k + 1 :])
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


def _totals_after_parts(art: _Article) -> list[Proposal]:
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
            if len(parts) < 2:
                continue
            evidence = _sentence_span(facts, total)
            found += [Proposal(RelationKind.PART_OF, q, total, evidence=evidence) for q in parts]
    return found


def _enumeration(art: _Article, whole: Quantity, rest: list[Quantity]) -> list[Proposal]:
    """The parts listed after a whole in its sentence; a parenthesis after a part lists that
    part's own parts."""
    facts = art.facts
    found: list[Proposal] = []
    parent: Quantity | None = None  # the part whose parenthesis is open
    close = -1
    previous = whole
    for q in rest[:_MAX_PARTS]:
        cued = bool(_CUE_RIGHT_BEFORE.search(facts.text[previous.end : q.start]))
        previous = q
        if q.unit != whole.unit or id(q) in art.converted:
            continue
        if art.role.get(id(q)) is Role.COMPARISON and not cued:
            continue  # an earlier year's figure beside a part, unless a cue makes it a part
        if q.value >= whole.value and _in_parenthesis(facts.text, whole.end, q.start):
            continue  # an aside: "このうち…の上限(43兆5,000億円程度)を踏まえつつ"
        if q.value >= whole.value or re.search(r"[;；]", facts.text[whole.end : q.start]):
            break  # a figure as large as the whole, or a new clause, starts something else
        if parent is not None and q.start < close:
            if q.value < parent.value:
                found.append(Proposal(RelationKind.PART_OF, q, parent,
                                      evidence=_sentence_span(facts, whole)))  # fmt: skip
            continue
        parent = None
        found.append(Proposal(RelationKind.PART_OF, q, whole,
                              evidence=_sentence_span(facts, whole, q)))  # fmt: skip
        opening = re.match(r"\s*[(（]", facts.text[q.end : q.end + 3])
        if opening:
            end = _closing(facts.text, q.end + opening.end())
            if end != -1:
                parent, close = q, end
    return found


_CUE_RIGHT_BEFORE = re.compile(rf"(?:{_PART_CUES})\S{{0,8}}$", re.IGNORECASE)


def _in_parenthesis(text: str, start: int, position: int) -> bool:
    """Is `position` inside a parenthesis opened after `start`?"""
    between = text[start:position]
    return between.count("(") + between.count("（") > between.count(")") + between.count("）")


def _closing(text: str, start: int) -> int:
    depth = 1
    for j in range(start, min(len(text), start + 400)):
        if text[j] in "(（":
            depth += 1
        elif text[j] in ")）":
            depth -= 1
            if depth == 0:
                return j
    return -1


def _next_sentence_parts(art: _Article, i: int, money: list[Quantity]) -> list[Proposal]:
    """A whole, then a sentence opening "Of this", "具体的には", "このうち" with its parts — or
    ending in a colon before a list whose items give them; when the whole's sentence counts its
    parts ("3つの基金", "three funds"), the sentences that go on ("また", "In addition") give
    the rest."""
    facts = art.facts
    following = facts.sentences[i + 1]
    if not (_CUE_OPENING_NEXT.match(following.text) or _CJK_CUE_EARLY.match(following.text)):
        return []
    wholes = [q for q in money if art.is_main(q)]
    if not wholes:
        return []
    whole = max(wholes, key=lambda q: q.value)
    sentence = facts.sentences[i]
    count = _count(facts.text[sentence.start : whole.start])
    listed = not art.money_in(i + 1) and following.text.rstrip().endswith((":", "："))
    found: list[Proposal] = []
    j = i + 2 if listed else i + 1
    while j < len(facts.sentences):
        if listed and not _BULLET.match(facts.sentences[j].text):
            break
        parts = [
            q
            for q in art.money_in(j)
            if q.unit == whole.unit and q.value < whole.value and art.is_main(q)
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


_BULLET = re.compile(
    r"^\s*(?:[•·●■◆▶○\-*–]|\(?\d{1,2}[.)）]|[(（][一二三四五六七八九十\d]+[)）]|[①-⑩])\s*"
)


def _count(text: str) -> int | None:
    matches = list(_COUNT.finditer(text))
    if not matches:
        return None
    n = matches[-1].group("n").lower()
    return int(n) if n.isdigit() else _COUNT_WORDS.get(n)


# --- shares --------------------------------------------------------------------------------------


def _shares(art: _Article, parts: list[Proposal]) -> list[Proposal]:
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
                              evidence=_sentence_span(facts, whole, q)))  # fmt: skip
    return found


def _share_after(
    art: _Article, quantities: list[Quantity], k: int
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
            if not _SHARE_ANYWHERE.search(facts.text[phrase_start : other.start + 1]):
                return None, None
            return (phrase_start, other.end, other), named
        if other.is_money and other.unit == q.unit and other.value > q.value:
            named = other
        else:
            return None, None
    return None, None


def _fitting_whole(art: _Article, part: Quantity, pct: Quantity) -> Quantity | None:
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


# --- changes -------------------------------------------------------------------------------------


def _changes(art: _Article) -> list[Proposal]:
    """Each stated change, linked from the figure it qualifies to the earlier figure the
    sentence names ("from A to B", "up from A", "較…A", "A에서 B로"), or to none."""
    facts = art.facts
    found: list[Proposal] = []
    for i in range(len(facts.sentences)):
        money = art.money_in(i)
        mains = [q for q in money if art.is_main(q) and not art.is_change(q)]
        pairs = _earlier_figures(art, money)
        for stated in _change_phrases(art, i):
            new = _qualified(facts, mains, stated)
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
                        evidence=_sentence_span(facts, new),
                    )
                )
            elif i > 0 and _ANAPHOR.match(facts.sentences[i].text):
                found += _anaphoric_change(art, i, [stated])
        for new_start, (new, old) in pairs.items():
            if not any(p.source.start == new_start for p in found):
                evidence = _sentence_span(facts, new)
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
_YEAR_LABEL = re.compile(
    r"^\s*[(（][^()（）,，]{0,10}?(?:年度|年|\bFY|(?:19|20)\d\d|前年|전년|last\s+year|previous)"
    r"[^()（）]{0,6}$",
    re.IGNORECASE,
)  # "405億円(6年度304億円)": the earlier year's figure in a parenthesis


def _earlier_figures(art: _Article, money: list[Quantity]) -> dict[int, tuple[Quantity, Quantity]]:
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
            from_to = _FROM.search(before[-12:]) and _TO.search(b_before)
            cjk_from_to = _OLD_AFTER.match(text, a.end) and _NEW_AFTER_OLD.match(text, b.end)
            arrow = _ARROW.match(text[a.end : b.start])
            than = _THAN_AFTER.match(text, a.end) and not _PUNCT.search(text[a.end : b.start])
            if from_to or cjk_from_to or arrow or than:
                pairs.setdefault(b.start, (b, a))
                continue
            to_from = _NEW_AFTER_OLD.match(text, a.end) and _OLD_AFTER.match(text, b.end)
            if to_from or _YEAR_LABEL.match(text[a.end : b.start]):
                pairs.setdefault(
                    a.start, (a, b)
                )  # "72억원으로 금년 143억원에서", "405億円(6年度304億円)"
                continue
        earlier = last_main.get(a.unit)
        if earlier is not None and _OLD_BEFORE.search(before):
            pairs.setdefault(earlier.start, (earlier, a))
        if art.is_main(a):
            last_main[a.unit] = a
    return pairs


def _qualified(facts: SourceFacts, mains: list[Quantity], stated: Span) -> Quantity | None:
    """The figure a stated change qualifies: right before it in its clause ("$9.26 billion, an
    increase of $200 million", "9兆3,625億円(対前年度比+4.6%)"), or right after it ("전년대비
    37.1% 증액한 5,029억원")."""
    text = facts.text
    before = [
        q
        for q in mains
        if q.end <= stated.start
        and stated.start - q.end <= 40
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


_CHANGE_FIGURE_BEFORE = re.compile(
    r"(?:increase|decrease|cut|reduction|rise|drop|decline|rose|fell|grew|up|down)s?\s+(?:of|by)"
    r"\s*$|\bum\s*$|[+＋▲△−–]\s*$|(?:增列|增加|減少|减少|増額|減額|増|減)\s*$",
    re.IGNORECASE,
)


def _is_change_figure(art: _Article, q: Quantity) -> bool:
    """A money figure that is itself a change ("an increase of $200 million", "$170 million
    cut", "over a billion dollars less", "增列34億")."""
    text = art.facts.text
    before, after = text[max(0, q.start - 30) : q.start], text[q.end : q.end + 20]
    if _CHANGE_FIGURE_BEFORE.search(before):
        return True
    return bool(re.match(r"^\s*(?:less|more|fewer|lower|higher|cut|increase|reduction)\b|"
                         r"^\s*(?:増|減|증가|감소)", after, re.IGNORECASE))  # fmt: skip


def _change_phrases(art: _Article, i: int) -> list[Span]:
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
        joined = bool(current) and _OR.fullmatch(facts.text[current[-1].end : q.start])
        if _is_change(art, q, s.start, s.end) or (joined and (q.is_money or q.unit == PERCENT)):
            current.append(q)
            continue
        if q.is_money and current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [_phrase(facts, run, s.start, s.end) for run in runs]


_OR = re.compile(
    r"[^.;。\d]{0,20}?,?\s*(?:or|i\.e\.|also|soit|es\s+decir|ossia|即|或)\s+(?:a\s+|an\s+)?",
    re.IGNORECASE,
)
_PUNCT = re.compile(r"[,;，；。]")


def _is_change(art: _Article, q: Quantity, lo: int, hi: int) -> bool:
    text = art.facts.text
    if q.unit == MULTIPLE:
        return True
    if q.unit == PERCENT:
        if _SHARE_ANYWHERE.search(text[max(lo, q.start - 12) : q.start]):
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
    cut = max(before.rfind(ch) for ch in ",;，；、(（:：")
    if cut >= 0:
        start = floor + cut + 1
    else:
        start = floor
        if start > lo and not _CJK.search(before):
            space = before.find(" ")
            start = floor + space + 1 if space >= 0 else start
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


def _anaphoric_change(art: _Article, i: int, phrases: list[Span]) -> list[Proposal]:
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
        and _THAN_BEFORE.search(facts.text[max(facts.sentences[i].start, q.start - 70) : q.start])
    ]  # fmt: skip
    old = compared[0] if compared else None
    return [Proposal(RelationKind.CHANGES_FROM, new, old, stated=s,
                     evidence=Span(start=facts.sentences[i - 1].start, end=facts.sentences[i].end))
            for s in phrases]  # fmt: skip


# --- restatements and conversions ----------------------------------------------------------------


def _in_lead(facts: SourceFacts, q: Quantity) -> bool:
    """The headline, front matter or a bullet: places that restate the body in brief.

    The first line is a headline only when it reads as one: short, with no full stop.
    """
    text = facts.text
    line_start = text.rfind("\n", 0, q.start) + 1
    line = text[line_start : q.start].lstrip()
    if line.startswith(("#", "•", "- ", "* ", "·", "●", "■", "・", "▲", "△", "▶", "○", "◆")):
        return True
    if text[:line_start].strip():
        return False
    line_end = text.find("\n", q.start)
    whole_line = text[line_start : line_end if line_end != -1 else len(text)].strip()
    return len(whole_line) <= 160 and not whole_line.endswith((".", "。", "!", "?"))


def _restatements(art: _Article) -> list[Proposal]:
    """A headline's, a bullet's or another script's figure, and the body figure it restates."""
    facts = art.facts
    money = [q for q in art.money if id(q) not in art.converted]
    in_cjk: dict[int, bool] = {}  # per sentence, read once
    script = {}
    for q in money:
        i = facts.sentence_index(q.start)
        if i not in in_cjk:
            in_cjk[i] = bool(_CJK.search(facts.sentence_of(q.start).text))
        script[id(q)] = in_cjk[i]
    body_script = sum(script.values()) * 2 > len(money)
    lead = {id(q) for q in money if _in_lead(facts, q) or script[id(q)] != body_script}
    body = _Body([q for q in money if id(q) not in lead])
    found = []
    for q in money:
        if id(q) not in lead or art.role.get(id(q)) is Role.COMPARISON:
            continue
        twin = body.twin(facts, q)
        if twin is not None:
            found.append(
                Proposal(RelationKind.RESTATES, q, twin, evidence=_sentence_span(facts, q))
            )
    return found


class _Body:
    """The body's figures, looked up by value: a headline's figure asks for its twin."""

    def __init__(self, figures: list[Quantity]) -> None:
        self.by_amount: dict[tuple[str, Decimal], list[Quantity]] = {}
        self.by_value: dict[Decimal, list[Quantity]] = {}
        self.ranked: dict[str, list[Quantity]] = {}  # per currency, sorted by value
        for q in figures:
            self.by_amount.setdefault((q.unit, q.value), []).append(q)
            self.by_value.setdefault(q.value, []).append(q)
        for q in sorted(figures, key=_value):
            self.ranked.setdefault(q.unit, []).append(q)

    def twin(self, facts: SourceFacts, q: Quantity) -> Quantity | None:
        """The body figure `q` restates: the same amount, then the same rounded, then the same
        figure in another currency (a mix-up to report)."""
        same = self.by_amount.get((q.unit, q.value))
        if same:
            return same[0]
        bounds, _ = figure_bounds(q, facts.text)
        ranked = self.ranked.get(q.unit, [])
        if bounds.high is not None and ranked:
            first = bisect_left(ranked, bounds.low, key=_value)
            last = bisect_right(ranked, bounds.high, key=_value)
            if last - first == 1:
                return ranked[first]
        other = [b for b in self.by_value.get(q.value, [])[:3] if b.unit != q.unit]
        return other[0] if len(other) == 1 and q.value >= 10**6 else None


def _value(q: Quantity) -> Decimal:
    return q.value


def _conversions(art: _Article, facts: SourceFacts) -> list[Proposal]:
    return [
        Proposal(RelationKind.CONVERTS, c.converted, c.original,
                 evidence=Span(start=c.original.start, end=c.converted.end))
        for c in find_conversions(facts)
    ]  # fmt: skip


# --- totals that add a part again ----------------------------------------------------------------


def _added_totals(art: _Article) -> list[Proposal]:
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
        evidence = _sentence_span(facts, a, c)
        found += [Proposal(RelationKind.PART_OF, a, c, evidence=evidence),
                  Proposal(RelationKind.PART_OF, b, c, evidence=evidence)]  # fmt: skip
        named = facts.text[adding.start() + max(0, b.start - 40) : b.start]
        if _included_in(facts, a, named):
            found.append(Proposal(RelationKind.PART_OF, b, a, evidence=evidence))
    return found


def _step(art: _Article, q: Quantity) -> Decimal:
    bounds, _ = figure_bounds(q, art.facts.text)
    return (bounds.high - bounds.low) if bounds.high is not None else Decimal(0)


def _included_in(facts: SourceFacts, total: Quantity, named: str) -> bool:
    """Does the total's sentence say it includes what `named` names?"""
    sentence = facts.sentence_of(total.start)
    for m in _INCLUDES.finditer(facts.text, sentence.start, total.start):
        listed = m.group("what") or m.group("en") or ""
        for item in re.split(r"[及和與与、,]|\band\b", listed):
            item = item.strip()
            if len(item) >= (2 if _CJK.search(item) else 4) and item in named:
                return True
    return False
