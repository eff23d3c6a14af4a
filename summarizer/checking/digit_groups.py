"""Figures whose digit groups are out of place: "2,5851億元" may mean 2,585.1億 or 25,851億.

An article that writes a decimal point groups thousands by three ("25,851"), or by two before
the last three in the Indian system ("1,00,000"). A group of four or more digits after a
grouping comma is a slip of the writer's: the reader takes the digits as one number, and the
user should know the figure may be off by a power of ten. Articles that write a decimal comma
are not judged ("2,5851 Mrd." is 2.5851 billion there).
"""

from __future__ import annotations

import re

from summarizer.checking.facts import SourceFacts
from summarizer.schema import Check, Finding, Span, Verdict

# A comma-grouped number with a group of four or more digits after a comma, not followed by
# more digits or a decimal point (a complete number as written).
_MISGROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d+)*,\d{4,}(?![\d])(?!\.\d)")


def digit_group_findings(facts: SourceFacts) -> list[Finding]:
    """A finding for each money figure written with four or more digits after a comma."""
    if facts.context.decimal_comma:
        return []
    findings = []
    for q in facts.money:
        slip = _MISGROUPED.search(q.text)
        if slip is None:
            continue
        findings.append(
            Finding(
                check=Check.DIGIT_GROUPS,
                verdict=Verdict.INCONSISTENT,
                subject="article",
                text=q.text,
                reason=(
                    f"'{slip.group()}' groups its digits irregularly (four or more after a "
                    f"comma): read here as {q.value:,} {q.unit}, but the writer may have meant "
                    "a figure a power of ten smaller"
                ),
                spans=[Span(start=q.start, end=q.end)],
            )
        )
    return findings
