"""The recipient check: an allocation's recipient must be a name the source gives near the amount.

Pure (part of the validator). A recipient is flagged when it cannot be a name: empty, a figure
("$2 million", "2026"), a piece cut out of a longer word, a phrase that starts or ends mid-way
("to replace pumping stations", "Water Board in fiscal year 2026 for"), a verb and its object
("turn its existing presence …"), or a bare generic word ("allocation", "funding"). It is
confirmed when the source gives it (as a phrase, or word by word) within a few sentences of the
amount's evidence, and left unchecked, not flagged, when the source does not give it in those
words there: annotators and models describe lists of recipients in their own words. The phrase
and generic-word rules read English function words only; the other rules hold in every
language, CJK text matched without word boundaries.
"""

from __future__ import annotations

import re
from functools import lru_cache

from summarizer.checking.facts import SourceFacts
from summarizer.reading import cldr
from summarizer.reading.language import UNSPACED
from summarizer.reading.number_words import number_words
from summarizer.reading.numbers import find_quantities
from summarizer.schema import Allocation, Check, Finding, Span, Verdict

NEAR_CHARS = 400  # "near the amount": this far either side of the evidence
# Words a name neither starts with (a verb phrase or a clause's tail) nor ends with (cut short).
_NOT_A_START = frozenset(
    "to on in at for by with from of and or but into as that which who "
    "is are was were be been will would has have had said says".split()
)
_NOT_AN_END = _NOT_A_START | frozenset(
    "over under than the a an its their his her our this these those".split()
)
_GENERIC = frozenset(
    "allocation allocations funding funds fund money amount amounts total budget budgets "
    "investment investments spending sum sums grant grants loan loans it they".split()
)
# Verbs of reporting: a recipient that holds one has run on into the sentence ("… library in
# 2026, its chair said on Thursday").
_REPORTING = frozenset("said says told announced added stated noted reported".split())
_DETERMINERS = frozenset("the a an its their this these those".split())
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+(?:[.,]\d+)*")
_CJK_LETTERS = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK = re.compile(f"[{_CJK_LETTERS}]")
# Scripts written without spaces between words: CJK and `language.UNSPACED` (Thai…).
_NO_WORD_SPACES = re.compile(f"[{_CJK_LETTERS}{UNSPACED}]")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _shape_problem(recipient: str, facts: SourceFacts, at: int = -1) -> str | None:
    """Why the recipient cannot be a name, whatever the source says; None when it may be one.
    `at`: where the source writes it as it is, if it does (its figures are read there)."""
    words = _words(recipient)
    if not words:
        return "the recipient is empty or has no words"
    if at != -1:
        money = any(q.is_money for q in facts.overlapping(at, at + len(recipient)))
    else:
        money = _may_hold_money(words, facts) and any(
            q.is_money for q in find_quantities(recipient, context=facts.context)
        )
    if money:
        return "the recipient contains an amount of money: a figure, not a name"
    if all(w[0].isdigit() for w in words):
        return "the recipient is a number, not a name"
    if _CJK.search(recipient):
        return None  # the phrase rules below read English words only
    lowered = [w.lower() for w in words]
    if lowered[0] in _NOT_A_START and not recipient[:1].isupper():
        return f"the recipient starts mid-phrase ('{words[0]} …'): a clause, not a name"
    first_two = recipient.lower().split()[:2]
    if (
        len(first_two) == 2
        and recipient[:1].islower()
        and first_two[0].isalpha()  # "states, the …" is a list, not a verb and its object
        and first_two[0] not in _DETERMINERS
        and first_two[1] in _DETERMINERS
    ):  # "turn its existing presence …", "expand the plant": a verb and its object
        return f"the recipient reads as a verb phrase ('{words[0]} {words[1]} …'), not a name"
    if lowered[-1] in _NOT_AN_END:
        return f"the recipient ends mid-phrase ('… {words[-1]}'): cut short"
    reported = [w for w in lowered[1:] if w in _REPORTING]
    if reported:
        return f"the recipient runs on into a clause ('… {reported[0]} …'), not a name"
    core = [w for w in lowered if w not in _DETERMINERS]
    if core and all(w in _GENERIC for w in core):
        return f"'{recipient.strip()}' is a generic word, not who receives the money"
    return None


def _may_hold_money(words: list[str], facts: SourceFacts) -> bool:
    """Could the words write an amount: a digit, or a number or scale word of the language
    ("two million euros")? The reader is not run on every label of a budget table."""
    if any(ch.isdigit() for word in words for ch in word) or any(_CJK.search(w) for w in words):
        return True
    known = _amount_words(facts.context.language)
    return any(word.casefold() in known for word in words)


@lru_cache(maxsize=64)
def _amount_words(language: str) -> frozenset[str]:
    """The words an amount written out may hold: number words and scale words (CLDR)."""
    return number_words(language) | frozenset(cldr.scale_words(language))


def _nearest_exact(recipient: str, text: str, low: int, high: int, anchor: int) -> int:
    """Where the recipient, exactly as written and as whole words, stands nearest `anchor`
    in `text[low:high]` (-1 when it does not): the one before and the one after it."""
    if not recipient:
        return -1
    size = len(recipient)
    anchor = min(max(anchor, low), high)
    before = text.rfind(recipient, low, min(high, anchor + size))
    while before != -1 and not _whole_word(text, before, before + size):
        before = text.rfind(recipient, low, before + size - 1)
    after = text.find(recipient, anchor, high)
    while after != -1 and not _whole_word(text, after, after + size):
        after = text.find(recipient, after + 1, high)
    candidates = [found for found in (before, after) if found != -1]
    return min(candidates, key=lambda found: abs(found - anchor)) if candidates else -1


def _pattern(recipient: str) -> re.Pattern[str]:
    """The recipient as written, any whitespace (or none, in CJK text) between its parts."""
    parts = [re.escape(p) for p in recipient.split()]
    return re.compile(r"\s*".join(parts), re.IGNORECASE)


def _whole_word(text: str, start: int, end: int) -> bool:
    """True unless the match starts or ends inside a word (CJK has no word boundaries)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    inner_first, inner_last = text[start], text[end - 1]
    return not (_joined(before, inner_first) or _joined(inner_last, after))


def _joined(left: str, right: str) -> bool:
    """Two letters or digits of one word: neither is CJK (which has no spaces between words)."""
    return (
        left.isalnum()
        and right.isalnum()
        and not _NO_WORD_SPACES.match(left)
        and not _NO_WORD_SPACES.match(right)
    )


def check_recipient(
    allocation: Allocation, subject: str, facts: SourceFacts, region: Span | None
) -> Finding:
    """The verdict on one allocation's recipient (`region`: where its evidence is located).

    VERBATIM when the source names it, as a whole phrase, within `NEAR_CHARS` of the evidence
    (anywhere, when the evidence was not located); EQUIVALENT when each of its words is there;
    UNSUPPORTED (flagged) when it cannot be a name: empty, a figure, a fragment, a clause, a
    generic word; UNCHECKED when the source does not give it in these words near the amount.
    """
    recipient = " ".join(allocation.recipient.split())
    text = facts.text
    low, high = (0, len(text)) if region is None else (
        max(0, region.start - NEAR_CHARS),
        min(len(text), region.end + NEAR_CHARS),
    )  # fmt: skip
    # As written, most often: found without compiling a pattern for each of a table's labels,
    # and read where it stands rather than again on its own.
    exact = _nearest_exact(recipient, text, low, high, region.start if region else 0)
    problem = _shape_problem(recipient, facts, exact)
    if problem:
        return Finding(
            check=Check.RECIPIENT,
            verdict=Verdict.UNSUPPORTED,
            subject=subject,
            text=recipient,
            reason=problem,
        )
    if exact != -1:
        return _named_near(subject, recipient, Span(start=exact, end=exact + len(recipient)))
    matches = list(_pattern(recipient).finditer(text, low, high))
    whole = [m for m in matches if _whole_word(text, m.start(), m.end())]
    if whole:
        nearest = min(whole, key=lambda m: abs(m.start() - (region.start if region else 0)))
        return _named_near(subject, recipient, Span(start=nearest.start(), end=nearest.end()))
    spread = _words_near(recipient, text, low, high)
    if spread is not None:
        return Finding(
            check=Check.RECIPIENT,
            verdict=Verdict.EQUIVALENT,
            subject=subject,
            text=recipient,
            reason="every word of the recipient is in the source near the amount (not as one "
            "phrase: a shortened list or name)",
            spans=spread,
        )
    if matches:
        return Finding(
            check=Check.RECIPIENT,
            verdict=Verdict.UNSUPPORTED,
            subject=subject,
            text=recipient,
            reason="the recipient appears only cut out of a longer word: a fragment, not a name",
            spans=[Span(start=m.start(), end=m.end()) for m in matches[:1]],
        )
    # A description in other words (annotators and models summarise lists of recipients):
    # not shown to be wrong, and not confirmed either.
    elsewhere = _pattern(recipient).search(text)
    return Finding(
        check=Check.RECIPIENT,
        verdict=Verdict.UNCHECKED,
        subject=subject,
        text=recipient,
        reason="the source names the recipient, but not near this amount"
        if elsewhere
        else "the source does not give the recipient in these words near the amount",
        spans=[Span(start=elsewhere.start(), end=elsewhere.end())] if elsewhere else [],
    )


def _named_near(subject: str, recipient: str, where: Span) -> Finding:
    return Finding(
        check=Check.RECIPIENT,
        verdict=Verdict.VERBATIM,
        subject=subject,
        text=recipient,
        reason="the source names the recipient near the amount",
        spans=[where],
    )


def _words_near(recipient: str, text: str, low: int, high: int) -> list[Span] | None:
    """Where each content word of the recipient stands, as a whole word, in `text[low:high]`;
    None when one is missing (CJK runs, which have no word boundaries, match as they are)."""
    spans = []
    for word in _words(recipient):
        if word.lower() in _NOT_AN_END and not _CJK.search(word):
            continue  # "and", "the", "of": not what names the recipient
        found = next(
            (
                m
                for m in re.finditer(re.escape(word), text[low:high], re.IGNORECASE)
                if _whole_word(text, low + m.start(), low + m.end())
            ),
            None,
        )
        if found is None:
            return None
        spans.append(Span(start=low + found.start(), end=low + found.end()))
    return spans or None
