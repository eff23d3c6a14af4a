"""summarizer: structured, validated summaries of articles about money committed.

`summarize(text)` returns a `Summary`: allocations and claims with verbatim evidence and
spans, and the validator's verdict on every number.
"""

from summarizer.checking.validate import validate
from summarizer.errors import (
    BinaryInputError,
    DateInputError,
    EmptyInputError,
    EngineError,
    HtmlInputError,
    InputError,
    InputTooLargeError,
    SummarizerError,
)
from summarizer.pipeline import summarize, summarize_many
from summarizer.schema import Allocation, Claim, Extraction, Finding, Money, Summary

__all__ = [
    "Allocation",
    "BinaryInputError",
    "Claim",
    "DateInputError",
    "EmptyInputError",
    "EngineError",
    "Extraction",
    "Finding",
    "HtmlInputError",
    "InputError",
    "InputTooLargeError",
    "Money",
    "Summary",
    "SummarizerError",
    "summarize",
    "summarize_many",
    "validate",
]
