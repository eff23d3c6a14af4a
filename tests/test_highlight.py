"""The page's pure builders: segments, the escaped highlighted HTML, the table, CSV and chart."""

from __future__ import annotations

import csv
import html
import io
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer import summarize
from summarizer.highlight import (
    FINDING_STYLE,
    PALETTE,
    SELECTED_STYLE,
    TABLE_COLUMNS,
    Mark,
    MarkKind,
    _touching,
    allocations_csv,
    allocations_table,
    chart_data,
    escape_markdown,
    findings_in_order,
    render_html,
    segments,
    summary_marks,
)
from summarizer.schema import (
    Allocation,
    Check,
    Claim,
    EngineInfo,
    Extraction,
    Finding,
    Kind,
    Money,
    Span,
    Summary,
    Verdict,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "summarizer" / "examples"
A, C, F = MarkKind.ALLOCATION, MarkKind.CLAIM, MarkKind.FLAG


def _covering(source: str, marks: list[Mark], start: int, end: int) -> frozenset[Mark]:
    size = len(source)
    return frozenset(
        Mark(max(0, m.start), min(size, m.end), m.kind, m.index)
        for m in marks
        if max(0, m.start) <= start and end <= min(size, m.end) and m.start < m.end
    )


def _check_invariants(source: str, marks: list[Mark]) -> None:
    runs = segments(source, marks)
    assert "".join(r.text for r in runs) == source
    assert all(r.text for r in runs)
    assert all(source[r.start : r.end] == r.text for r in runs)
    assert all(a.end == b.start for a, b in zip(runs, runs[1:], strict=False))
    for run in runs:
        assert run.marks == _covering(source, marks, run.start, run.end)
    # Maximal: two neighbours never carry the same marks.
    assert all(a.marks != b.marks for a, b in zip(runs, runs[1:], strict=False))


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        pytest.param([], [("abcdefghij", set())], id="no-marks"),
        pytest.param(
            [Mark(2, 5, A, 0)], [("ab", set()), ("cde", {"a0"}), ("fghij", set())], id="one"
        ),
        pytest.param(
            [Mark(0, 6, A, 0), Mark(4, 10, C, 1)],
            [("abcd", {"a0"}), ("ef", {"a0", "c1"}), ("ghij", {"c1"})],
            id="overlapping",
        ),
        pytest.param(
            [Mark(0, 10, A, 0), Mark(3, 5, F, 2)],
            [("abc", {"a0"}), ("de", {"a0", "f2"}), ("fghij", {"a0"})],
            id="nested",
        ),
        pytest.param(
            [Mark(0, 3, A, 0), Mark(3, 6, A, 1)],
            [("abc", {"a0"}), ("def", {"a1"}), ("ghij", set())],
            id="adjacent",
        ),
        pytest.param(
            [Mark(2, 5, A, 0), Mark(2, 5, C, 0)],
            [("ab", set()), ("cde", {"a0", "c0"}), ("fghij", set())],
            id="same-span-two-kinds",
        ),
        pytest.param([Mark(8, 99, A, 0)], [("abcdefgh", set()), ("ij", {"a0"})], id="clipped"),
        pytest.param(
            [Mark(4, 4, A, 0), Mark(6, 2, C, 0)], [("abcdefghij", set())], id="empty-dropped"
        ),
    ],
)
def test_segments_table(marks: list[Mark], expected: list[tuple[str, set[str]]]) -> None:
    runs = segments("abcdefghij", marks)
    got = [(r.text, {f"{m.kind.value[0]}{m.index}" for m in r.marks}) for r in runs]
    assert got == expected
    _check_invariants("abcdefghij", marks)


_marks = st.lists(
    st.builds(
        Mark,
        start=st.integers(-3, 40),
        end=st.integers(-3, 40),
        kind=st.sampled_from(list(MarkKind)),
        index=st.integers(0, 4),
    ),
    max_size=8,
)


@given(source=st.text(max_size=35), marks=_marks)
def test_segments_properties(source: str, marks: list[Mark]) -> None:
    _check_invariants(source, marks)


# --- a hand-built Summary: spans, overlaps, a flag -----------------------------------------

SOURCE = (
    'Acme & Co <b>"news"</b>\n'
    "The ministry gives ¥150bn to Rapidus <script>alert(1)</script> and ¥20bn to Foo.\n"
    "Growth was 50%."
)


def _at(text: str) -> Span:
    start = SOURCE.index(text)
    return Span(start=start, end=start + len(text))


FIRST = "The ministry gives ¥150bn to Rapidus <script>alert(1)</script>"


def _hand_summary() -> Summary:
    first = FIRST
    second = "¥20bn to Foo"
    claim = "Rapidus <script>alert(1)</script> and ¥20bn"  # overlaps both allocations
    return Summary(
        source=SOURCE,
        extraction=Extraction(
            allocations=[
                Allocation(
                    amount=Money(value=Decimal("150e9"), currency="JPY", text="¥150bn"),
                    recipient='Rapidus "<i>chips</i>"',
                    kind=Kind.GRANT,
                    evidence=first,
                    span=_at(first),
                ),
                Allocation(
                    amount=Money(value=Decimal("20e9"), currency="JPY", text="¥20bn"),
                    converted=[Money(value=Decimal("0.13e9"), currency="USD", text="$0.13bn")],
                    recipient="Foo",
                    kind=Kind.LOAN,
                    evidence=second,
                    span=_at(second),
                ),
                Allocation(
                    amount=Money(value=Decimal("1e6"), currency="EUR", text="€1m"),
                    recipient="Unlocated",
                    kind=Kind.OTHER,
                    evidence="not in the article",
                    span=None,
                ),
            ],
            claims=[Claim(statement="c", numbers=["¥20bn"], evidence=claim, span=_at(claim))],
        ),
        findings=[
            Finding(
                check=Check.NUMBER,
                verdict=Verdict.VERBATIM,
                subject="allocations[0].amount",
                reason="ok",
                spans=[_at("¥150bn")],
            ),
            Finding(
                check=Check.NUMBER,
                verdict=Verdict.CONTRADICTED,
                subject="allocations[1].amount",
                reason="the source says <20>",
                spans=[_at("20bn")],
            ),
            Finding(
                check=Check.CUMULATIVE,
                verdict=Verdict.INCONSISTENT,
                subject="allocations[0]",
                reason="whole-item check",
                spans=[],
            ),
            Finding(
                check=Check.PERCENTAGE,
                verdict=Verdict.INCONSISTENT,
                subject="article",
                reason="50% is not borne out",
                spans=[_at("50%")],
            ),
        ],
        engine=EngineInfo(name="test"),
    )


class _Reader(HTMLParser):
    """Collects the text of the source box and, per element id, the text that follows it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_source = False
        self.depth = 0
        self.text: list[str] = []
        self.ids: dict[str, str] = {}  # id -> the first text after the element that carries it
        self.pending: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if found.get("class") == "summarizer-source":
            self.in_source = True
        if self.in_source:
            self.depth += 1
            if found.get("id"):
                self.pending.append(str(found["id"]))

    def handle_endtag(self, tag: str) -> None:
        if self.in_source:
            self.depth -= 1
            if self.depth == 0:
                self.in_source = False

    def handle_data(self, data: str) -> None:
        if self.in_source:
            self.text.append(data)
            self.ids.update(dict.fromkeys(self.pending, data))
            self.pending = []


def _read(markup: str) -> _Reader:
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    return reader


def test_render_html_escapes_and_keeps_the_source() -> None:
    summary = _hand_summary()
    markup = render_html(SOURCE, summary)
    assert "<script>" not in markup and "<b>" not in markup and "<i>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "Acme &amp; Co &lt;b&gt;" in markup
    reader = _read(markup)
    assert "".join(reader.text) == SOURCE  # every character, newlines included, once
    assert not [t for t, _ in reader.tags if t not in {"div", "span", "mark"}]
    assert "white-space:pre-wrap" in markup


def test_render_html_marks_each_allocation_where_its_span_is() -> None:
    summary = _hand_summary()
    reader = _read(render_html(SOURCE, summary))
    for i in (0, 1):
        span = summary.extraction.allocations[i].span
        assert span is not None
        assert span.slice(SOURCE).startswith(reader.ids[f"alloc-{i}"])
    assert "alloc-2" not in reader.ids  # no span: nothing to mark
    marks = [(t, a) for t, a in reader.tags if t == "mark"]
    assert {a["data-alloc"] for _, a in marks} == {"0", "1"}
    assert any(PALETTE[0] in (a["style"] or "") for _, a in marks if a["data-alloc"] == "0")
    assert any(PALETTE[1] in (a["style"] or "") for _, a in marks if a["data-alloc"] == "1")
    # The claim overlaps both allocations: those runs carry both.
    assert any("claim" in (a["class"] or "") for _, a in marks if a["data-alloc"] == "0")
    assert any("claim" in (a["class"] or "") for _, a in marks if a["data-alloc"] == "1")
    # Flagged findings' spans are red; confirmed ones are not marked.
    flagged = [a for _, a in reader.tags if "flag" in (a.get("class") or "").split()]
    assert {a["data-flag"] for a in flagged} == {"1", "3"}
    assert all("#a30000" in (a["style"] or "") for a in flagged)
    titles = " ".join(a.get("title") or "" for _, a in reader.tags)
    assert 'Rapidus "<i>chips</i>"' in titles  # attribute escaped, then read back as text
    assert "the source says <20>" in titles


@pytest.mark.parametrize("selected", [None, 0, 1, 2])
def test_selected_allocation_is_emphasised_and_only_it(selected: int | None) -> None:
    reader = _read(render_html(SOURCE, _hand_summary(), selected=selected))
    emphasised = {
        a["data-alloc"] for t, a in reader.tags if t == "mark" and SELECTED_STYLE in a["style"]
    }
    assert emphasised == ({str(selected)} if selected in (0, 1) else set())


def test_summary_marks_slice_to_the_evidence() -> None:
    summary = _hand_summary()
    marks = summary_marks(summary)
    for m in marks:
        if m.kind is A:
            assert SOURCE[m.start : m.end] == summary.extraction.allocations[m.index].evidence
        if m.kind is C:
            assert SOURCE[m.start : m.end] == summary.extraction.claims[m.index].evidence
    assert sorted(m.index for m in marks if m.kind is F) == [1, 3]


def test_table_rows_and_verdicts() -> None:
    rows = allocations_table(_hand_summary())
    assert [list(r) for r in rows] == [list(TABLE_COLUMNS)] * 3
    first, second, third = rows
    assert (first["as written"], first["amount"]) == ("¥150bn", "150 bn JPY")
    # A flag on the whole item ('allocations[0]') counts, not only '.amount' / '.evidence'.
    assert first["check"] == "✗" and first["issues"] == "cumulative inconsistent"
    assert second["check"] == "✗" and second["issues"] == "amount contradicted"
    assert second["converted"] == "130 mn USD"
    assert third["check"] == "✗"  # nothing vouches for it
    span = _at(FIRST)
    assert (first["value"], first["currency"]) == ("150000000000", "JPY")
    assert first["span"] == f"{span.start}-{span.end}" and first["evidence"] == FIRST


def test_confirmed_item_and_nearby_article_flag() -> None:
    summary = _hand_summary()
    summary.findings[2] = summary.findings[2].model_copy(update={"verdict": Verdict.CONSISTENT})
    assert allocations_table(summary)[0]["check"] == "✓"
    # An article-level flag whose span lies in the evidence is named, without changing the ✓.
    summary.findings[3] = summary.findings[3].model_copy(update={"spans": [_at("Rapidus")]})
    row = allocations_table(summary)[0]
    assert row["check"] == "✓" and row["issues"] == "article percentage inconsistent"


def test_csv_round_trips_the_table() -> None:
    summary = _hand_summary()
    text = allocations_csv(summary)
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert list(parsed[0]) == list(TABLE_COLUMNS)
    assert parsed == [{k: str(v) for k, v in row.items()} for row in allocations_table(summary)]
    assert '"Rapidus ""<i>chips</i>"""' in text  # quotes doubled by the csv module


def test_findings_flagged_first() -> None:
    ordered = findings_in_order(_hand_summary())
    assert [f.ok for f in ordered] == [False, False, False, True]


def test_chart_leaves_out_other_currencies_without_a_stated_equivalent() -> None:
    chart = chart_data(_hand_summary())
    assert chart.currency == "JPY" and chart.unit == "bn JPY"
    # Bars named by recipient (cut to fit the axis), numbered as in the table.
    assert [(r["allocation"], r["amount"]) for r in chart.rows] == [
        ('#0 Rapidus "<i>chips</i>"', 150.0),
        ("#1 Foo", 20.0),
    ]
    assert chart.left_out == ["#2 Unlocated (1 mn EUR)"]
    assert "Left out" in chart.caption() and "no rate invented" in chart.caption()


def test_chart_uses_the_articles_own_equivalent() -> None:
    summary = _hand_summary()
    allocations = summary.extraction.allocations
    allocations[2] = allocations[2].model_copy(
        update={"converted": [Money(value=Decimal("160e6"), currency="JPY", text="¥160m")]}
    )
    chart = chart_data(summary)
    assert chart.left_out == []
    assert chart.rows[2] == {"allocation": "#2 Unlocated", "amount": 0.16, "kind": "other"}
    assert chart.via_article_rate == ["#2 Unlocated"]


def test_chart_of_nothing() -> None:
    summary = _hand_summary().model_copy(update={"extraction": Extraction()})
    chart = chart_data(summary)
    assert (
        chart.rows == []
        and chart.currency is None
        and chart.caption() == "No allocations to chart."
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("![x](http://e.example/t.png)", id="image"),
        pytest.param("[click](javascript:alert(1))", id="link"),
        pytest.param(":red[alarm] :smile: $x^2$", id="streamlit-directives"),
        pytest.param("**bold** _it_ `code` <b>tag</b>", id="emphasis-html"),
        pytest.param("1. list\n# heading", id="block-syntax"),
    ],
)
def test_escape_markdown_leaves_no_syntax(text: str) -> None:
    escaped = escape_markdown(text)
    unescaped = "".join(ch for i, ch in enumerate(escaped) if ch != "\\" or escaped[i - 1] == "\\")
    assert unescaped == " ".join(text.split())
    for ch in "![]()*_`<>:$#.":
        assert all(escaped[i - 1] == "\\" for i, c in enumerate(escaped) if c == ch)


# --- a real Summary from the deterministic engine ------------------------------------------


def test_deterministic_summary_of_an_article_with_a_script_tag() -> None:
    text = (EXAMPLES / "ca-clean-grid-budget.md").read_text(encoding="utf-8")
    text += "\n\n<script>alert(1)</script> Readers: $1 million was also pledged to Ottawa Hydro.\n"
    summary = summarize(text, engine="deterministic")
    markup = render_html(summary.source, summary, selected=0)
    assert "<script>" not in markup
    assert html.escape("<script>alert(1)</script>", quote=False) in markup
    assert "".join(_read(markup).text) == summary.source
    rows = allocations_table(summary)
    assert len(rows) == len(summary.extraction.allocations) >= 4
    assert rows[0]["as written"] == "C$4.2 billion" and rows[0]["amount"] == "4.2 bn CAD"
    assert rows[0]["converted"] == "3 bn USD"
    reader = _read(markup)
    shared = [a.span for a in summary.extraction.allocations]
    assert len(set(shared)) < len(shared)  # two allocations quote one sentence: both anchored
    for i, a in enumerate(summary.extraction.allocations):
        if a.span is not None:
            assert a.span.slice(summary.source).startswith(reader.ids[f"alloc-{i}"])
    chart = chart_data(summary)
    assert chart.currency == "CAD"
    assert len(chart.rows) + len(chart.left_out) == len(rows)
    parsed = list(csv.DictReader(io.StringIO(allocations_csv(summary))))
    assert [p["value"] for p in parsed] == [r["value"] for r in rows]


def test_a_selected_finding_outlines_every_span_it_rests_on() -> None:
    summary = _hand_summary()
    spans = [_at("¥150bn"), _at("¥20bn")]
    finding = Finding(
        check=Check.PARTS_TOTAL, verdict=Verdict.INCONSISTENT, subject="relations[0,1]",
        reason="the parts exceed the total", spans=spans,
    )  # fmt: skip
    summary = summary.model_copy(update={"findings": [*summary.findings, finding]})
    index = len(summary.findings) - 1
    plain = render_html(SOURCE, summary)
    assert FINDING_STYLE not in plain
    reader = _read(render_html(SOURCE, summary, finding=index))
    outlined = [a for _, a in reader.tags if FINDING_STYLE in (a.get("style") or "")]
    assert len(outlined) >= 2  # both figures, not only the first
    assert sum(a.get("id") == f"finding-{index}" for a in outlined) == 1


span_pairs = st.tuples(st.integers(0, 6000), st.integers(0, 3000)).map(
    lambda p: Span(start=p[0], end=p[0] + p[1])
)


@given(
    flags=st.lists(st.lists(span_pairs, max_size=3), max_size=12),
    spans=st.lists(st.one_of(st.none(), span_pairs), max_size=12),
)
def test_flags_touching_an_allocation_are_those_whose_spans_overlap_it(
    flags: list[list[Span]], spans: list[Span | None]
) -> None:
    findings = [
        Finding(check=Check.CONVERSION, verdict=Verdict.INCONSISTENT, subject="article",
                text="x", reason="r", spans=found)
        for found in flags
    ]  # fmt: skip
    expected = [
        [k for k, f in enumerate(findings) if span and any(s.overlaps(span) for s in f.spans)]
        for span in spans
    ]
    assert _touching(findings, spans) == expected
