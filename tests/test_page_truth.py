"""What the page tells: the recipient check, titles, per-field verdicts, focus on the selected
allocation inside a sentence that lists several contributions."""

from __future__ import annotations

import pytest

from summarizer import summarize
from summarizer.checking.facts import SourceFacts
from summarizer.checking.recipient_check import check_recipient
from summarizer.highlight import allocations_table, chart_data, render_html
from summarizer.reading.titles import title_of
from summarizer.schema import Allocation, Check, Kind, Money, Span, Verdict

LIST = (
    "The fund committed $12 million to the Harbour Trust, $8 million to Alder Valley Water "
    "Authority and $3 million to the county library in 2026."
)


def _allocation(recipient: str, amount: str = "$12 million") -> Allocation:
    return Allocation(
        amount=Money(value=12_000_000, currency="USD", text=amount),
        recipient=recipient,
        kind=Kind.GRANT,
        evidence=LIST,
    )


@pytest.mark.parametrize(
    ("recipient", "verdict", "words"),
    [
        pytest.param("Harbour Trust", Verdict.VERBATIM, "names the recipient", id="name"),
        pytest.param("the Harbour Trust", Verdict.VERBATIM, "names", id="with-article"),
        pytest.param("harbour  trust", Verdict.VERBATIM, "names", id="case-and-spaces"),
        pytest.param("Alder Water Authority", Verdict.EQUIVALENT, "every word", id="word-by-word"),
        pytest.param("$8 million", Verdict.UNSUPPORTED, "amount of money", id="a-figure"),
        pytest.param("2026", Verdict.UNSUPPORTED, "a number", id="a-number"),
        pytest.param(
            "arbour Trust", Verdict.UNSUPPORTED, "cut out of a longer word", id="fragment"
        ),
        pytest.param(
            "to the county library", Verdict.UNSUPPORTED, "starts mid-phrase", id="clause"
        ),
        pytest.param("Harbour Trust, $8 million to", Verdict.UNSUPPORTED, "amount", id="run-on"),
        pytest.param("county library in", Verdict.UNSUPPORTED, "ends mid-phrase", id="cut-short"),
        pytest.param("turn its existing presence", Verdict.UNSUPPORTED, "verb phrase", id="verb"),
        pytest.param("allocation", Verdict.UNSUPPORTED, "generic word", id="generic"),
        pytest.param(
            "Harbour Trust to train staff over", Verdict.UNSUPPORTED, "ends mid", id="over"
        ),
        pytest.param(
            "county library, its chair said on Thursday", Verdict.UNSUPPORTED, "clause", id="said"
        ),
        pytest.param("", Verdict.UNSUPPORTED, "empty", id="empty"),
        pytest.param("Port Authority of Lisbon", Verdict.UNCHECKED, "not give", id="absent"),
    ],
)
def test_recipient_check(recipient: str, verdict: Verdict, words: str) -> None:
    facts = SourceFacts.of(LIST)
    finding = check_recipient(_allocation(recipient), "allocations[0].recipient", facts, None)
    assert finding.check is Check.RECIPIENT
    assert (finding.verdict, words in finding.reason) == (verdict, True), finding.reason


def test_recipient_must_be_near_the_amount() -> None:
    text = "The Harbour Trust was founded in 1890. " + "Nothing else happened. " * 40 + LIST
    facts = SourceFacts.of(text)
    far_region = Span(start=0, end=38)  # evidence in the first sentence, the name 900 chars on
    allocation = _allocation("county library")
    near = check_recipient(allocation, "a", facts, Span(start=len(text) - 20, end=len(text)))
    far = check_recipient(allocation, "a", facts, far_region)
    assert near.verdict is Verdict.VERBATIM
    assert far.verdict is Verdict.UNCHECKED and "not near" in far.reason


def test_cjk_recipient_is_matched_without_word_boundaries() -> None:
    text = "政府は半導体企業ラピダスに1000億円を追加支援する。"
    facts = SourceFacts.of(text)
    allocation = Allocation(
        amount=Money(value=100_000_000_000, currency="JPY", text="1000億円"),
        recipient="ラピダス",
        kind=Kind.GRANT,
        evidence=text,
    )
    assert check_recipient(allocation, "a", facts, None).verdict is Verdict.VERBATIM


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("---\ntitle: Grid budget\nsource_url: https://x.example/a\n---\nBody.", "Grid budget"),
        (
            "---\nsource_url: https://x.example/a\ndate: 2026-03-03\n---\n# Grid budget\n\nBody.",
            "Grid budget",
        ),
        (
            "source_url: https://x.example/a\n\nOttawa commits C$4.2 billion\n\nBody text.",
            "Ottawa commits C$4.2 billion",
        ),
        (
            "新华社北京12月26日电 财政部26日发布消息称，"
            + "中央财政安排资金支持农村基础设施建设，" * 6
            + "以推动发展。\n\n第二段。",
            "",
        ),
        ("# Headline\n\nBody.", "Headline"),
        ("A" * 200 + "\n\nBody.", ""),
    ],
    ids=[
        "front-matter-title",
        "front-matter-then-heading",
        "metadata-line",
        "cjk-paragraph",
        "heading",
        "paragraph",
    ],
)
def test_titles_never_a_paragraph_or_metadata(text: str, title: str) -> None:
    assert title_of(text) == title


def test_one_verdict_per_field_and_focus_inside_the_sentence() -> None:
    summary = summarize(LIST, engine="deterministic", published="2026-01-10")
    rows = allocations_table(summary)
    assert [r["as written"] for r in rows] == ["$12 million", "$8 million", "$3 million"]
    assert all(r["figure"] == "✓ confirmed" for r in rows)
    assert {r["named"] for r in rows} <= {"✓ in source", "? not found near", "✗ not a name"}
    assert all(r["period check"] in ("✓ stated", "· inferred", "") for r in rows)
    # Selecting the second contribution marks its amount and its recipient, not the others'.
    markup = render_html(summary.source, summary, selected=1)
    focused = [part.split(">", 1)[1].split("<", 1)[0] for part in markup.split("data-focus=")[1:]]
    assert "$8 million" in focused
    assert "$12 million" not in focused and "$3 million" not in focused
    # The chart's bars are named by recipient.
    labels = [row["allocation"] for row in chart_data(summary).rows]
    assert labels[0].startswith("#0 ") and "Harbour" in labels[0]


def test_junk_recipients_are_flagged_not_confirmed() -> None:
    """The engine reads "on Thursday" as the recipient: the figure is confirmed, the row is not."""
    text = "The council approved $48 million on Thursday for movable flood barriers."
    summary = summarize(text, engine="deterministic")
    assert summary.extraction.allocations[0].recipient == "on Thursday"
    row = allocations_table(summary)[0]
    assert (row["figure"], row["named"], row["check"]) == ("✓ confirmed", "✗ not a name", "✗")
    assert [f.check for f in summary.flagged] == [Check.RECIPIENT]
