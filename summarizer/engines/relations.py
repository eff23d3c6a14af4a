"""The deterministic engine's links between figures, proposed from sentence structure.

Budget prose states how its figures relate in a few recurring shapes, in every language read:

- parts: a whole followed by ", of which", "including", 其中, うち, 이 중, "X中," and its parts;
  a parenthesis after a part lists the part's own parts; "具体的には" or "Of this" opening the
  next sentence; a list after a colon with as many amounts as an earlier sentence counts
  ("Four new contracts worth £1.6-billion … The contracts include:"); a share beside a part
  ("(占46.24%)", "accounting for 40%");
- changes: "from A to B", "up from A", "較…A…增列D,增幅P%", a sentence opening "This is …
  less than …" or "That would represent a 5.2 percent increase, or $370 million";
- restatements: a headline, a bullet or a summary in another script giving a body figure
  again;
- conversions: an amount beside its equivalent in another currency;
- an outturn with the share of its budget it reached ("完成预算的57%", "執行率48.48%");
- totals reached by adding a part to a total said to include it already ("含…在內 … 284億元,
  若加計…3億元,則達287億元").

The proposals (`part_links`, `change_links`, `restatement_links`) are links between source
quantities; `relation_refs` turns them into the schema's `Relation`s by item id. The validator
judges every link; nothing here is trusted.
Hand-written: the cue words are budget prose, and the engine must run without a model.
"""

from __future__ import annotations

from summarizer.checking.facts import SourceFacts
from summarizer.engines.change_links import changes
from summarizer.engines.link_text import Article, Proposal
from summarizer.engines.part_links import (
    added_totals,
    additional_totals,
    completion_shares,
    counted_lists,
    listed_items,
    parts,
    shares,
    table_totals,
    totals_after_parts,
)
from summarizer.engines.restatement_links import conversions, restatements
from summarizer.engines.roles import RoledAmount

__all__ = ["Proposal", "propose"]


def propose(facts: SourceFacts, roles: list[RoledAmount]) -> list[Proposal]:
    """Every link the article's sentence structure states, in text order of their sources."""
    if not facts.sentences:
        return []
    art = Article(facts, roles)
    proposals: list[Proposal] = []
    listed = parts(art) + totals_after_parts(art) + table_totals(art) + counted_lists(art)
    proposals += listed
    proposals += shares(art, listed)
    proposals += changes(art)
    proposals += restatements(art)
    proposals += conversions(art, facts)
    proposals += added_totals(art)
    proposals += additional_totals(art)
    proposals += listed_items(art)
    proposals += completion_shares(art)
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
