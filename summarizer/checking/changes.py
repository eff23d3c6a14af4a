"""What a stated share, change, difference or multiple says, read from its words.

A link between two figures often carries a statement of how they relate: "占比约37.06%",
"a 5.2 percent increase, or $370 million", "over a billion dollars less", "doubled",
"增列34億6,303萬元,增幅5.55%". `read_stated` finds each figure in such a phrase with the
reader (`numbers`), its range (`bounds`) and the direction the words give it (more or less), so
that a check can hold it against the two figures it relates.

Hand-written: the direction words are budget prose in the languages read, not a library's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from summarizer.checking.bounds import Bounds, Hedge, figure_bounds
from summarizer.reading.currencies import CurrencyContext
from summarizer.reading.numbers import MULTIPLE, PERCENT, Quantity, find_quantities


class ChangeKind(StrEnum):
    """What a stated figure says about two figures."""

    SHARE = "share"  # part / whole, in per cent
    PERCENT = "percent"  # (new - old) / old, in per cent
    DIFFERENCE = "difference"  # new - old, in money
    MULTIPLE = "multiple"  # new / old


@dataclass(frozen=True)
class StatedChange:
    """One figure of a stated relation: its kind, its range, and which way it goes.

    `direction` is +1 for more (an increase, "more than", 增), -1 for less (a cut, "less than",
    減, a minus sign), 0 when the words do not say.
    """

    kind: ChangeKind
    quantity: Quantity  # offsets are the source's when the phrase was read in place
    bounds: Bounds
    hedge: Hedge
    direction: int


# Words in Latin letters start a word ("cut" is no cut inside "execution") and the short ones
# end one too ("more" is not "Moreover", "unter" not "unterstützt"); German compounds end in
# their change ("Etaterhöhung", "Haushaltskürzung"); CJK words and signs stand anywhere.
_UP = re.compile(
    r"(?<![^\W\d_])(?:increas\w*|rais\w*|rise|rises|rising|rose|up|more|higher|grew|grow\w*|"
    r"gain\w*|boost\w*|added|additional|extra|exceed\w*|above|over|plus|surplus|"
    r"mehr|höher|gestiegen|über|oberhalb|hausse|augment\w*|aumento|aument\w*|más|crescita)"
    r"(?![^\W\d_])|(?:anstieg|erhöhung|steigerung|zuwachs)(?![^\W\d_])|"
    r"增|増|上升|提高|提升|多出|超出|超收|증가|늘|인상|상승|\+|＋",
    re.IGNORECASE,
)
_DOWN = re.compile(
    r"(?<![^\W\d_])(?:decreas\w*|cut\w*|reduc\w*|less|lower|fell|fall\w*|drop\w*|declin\w*|"
    r"shortfall|below|under|down|minus|short\s+of|gekürzt|weniger|niedriger|unter|unterhalb|"
    r"baisse|diminu\w*|moins|recorte|menos|riduzion\w*)(?![^\W\d_])|"
    r"(?:kürzung|rückgang|senkung|minderung)(?:en)?(?![^\W\d_])|"
    r"减|減|下降|降低|少|短收|감소|줄|삭감|인하|▲|△|−|[-–](?=\s*\d)",
    re.IGNORECASE,
)
_SHARE = re.compile(
    r"占|比率|比重|割合|シェア|비중|차지|share|accounting\s+for|account\s+for|of\s+(?:the|its|all|"
    r"total)|Anteil|part\s+de|cuota|quota",
    re.IGNORECASE,
)
_ANNUAL = re.compile(
    r"annual|a\s+year|per\s+year|per\s+annum|each\s+year|年均|年平均|每年|연평균|jährlich|par\s+an",
    re.IGNORECASE,
)


def is_annual(text: str) -> bool:
    """True when a stated rate is per year ("6.4 percent annually"): not a change between two
    figures, but a compound rate over years the phrase may not give."""
    return bool(_ANNUAL.search(text))


def read_stated(
    text: str, context: CurrencyContext, *, share: bool = False, source: str | None = None,
    offset: int = 0,
) -> list[StatedChange]:  # fmt: skip
    """Each figure of a stated relation, in order.

    Args:
        text: The phrase as written ("a 5.2 percent increase, or $370 million").
        context: The article's currency context, so that a bare "$" reads as it does there.
        share: Percentages are shares of a whole (a `part_of` link) rather than changes.
        source: The whole article when `text` sits in it at `offset`: hedges and signs just
            outside the phrase are read there, and offsets are the source's.
        offset: Where `text` starts in `source`.
    """
    found = find_quantities(text, context=context)
    full = source if source is not None else text
    out: list[StatedChange] = []
    for k, q in enumerate(found):
        placed = _shifted(q, offset) if source is not None else q
        bounds, hedge = figure_bounds(placed, full)
        lo = found[k - 1].end if k else 0
        hi = found[k + 1].start if k + 1 < len(found) else len(text)
        before, after = text[lo : q.start], text[q.end : hi]
        direction = direction_of(before, q.text, after)
        if q.unit == PERCENT:
            kind = ChangeKind.SHARE if share and not direction else ChangeKind.PERCENT
            if share and _SHARE.search(before[-12:] + q.text):
                kind = ChangeKind.SHARE
        elif q.unit == MULTIPLE:
            kind = ChangeKind.MULTIPLE
        elif q.is_money:
            kind = ChangeKind.DIFFERENCE
        else:
            continue
        out.append(StatedChange(kind, placed, bounds, hedge, direction))
    return out


def _shifted(q: Quantity, offset: int) -> Quantity:
    return Quantity(
        q.text, q.start + offset, q.end + offset, q.value, q.unit, q.approximate, q.ambiguous,
        q.implied, q.low, q.alternatives,
    )  # fmt: skip


def direction_of(before: str, text: str, after: str) -> int:
    """+1, -1 or 0: the nearest direction word after the figure ("$170 million cut", "a
    billion less"), else before it ("an increase of $200 million", "增幅5.55%", "-14.5%")."""
    head = re.sub(r"^\s*(?:more\s+than|over|above|less\s+than|under|below)\s+", "", text)
    sign = re.search(r"[+＋▲△−–-]\s*$", before[-3:] + head[: max(0, _first_digit(head))])
    if sign:
        return 1 if sign.group(0).strip() in "+＋" else -1
    near_after = after[:40]
    up, down = _UP.search(near_after), _DOWN.search(near_after)
    if up or down:
        if up and down:
            return 1 if up.start() < down.start() else -1
        return 1 if up else -1
    near_before = before[-40:]
    ups = list(_UP.finditer(near_before))
    downs = list(_DOWN.finditer(near_before))
    if ups or downs:
        last_up = ups[-1].end() if ups else -1
        last_down = downs[-1].end() if downs else -1
        return 1 if last_up > last_down else -1
    return 0


def _first_digit(text: str) -> int:
    m = re.search(r"\d", text)
    return m.start() if m else 0
