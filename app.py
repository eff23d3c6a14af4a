"""The Streamlit page: paste or upload an article, see its allocations checked against it.

A thin edge: `summarize()` does the work and `summarizer.highlight` builds everything shown
(only `render_html()`'s escaped output is ever passed to the page as HTML). The API key lives
in its password widget only: it is passed to `summarize()` at call time and is not part of the
result cache's key, the session state the page writes, the `Summary`, or any message.

Run with `summarizer app` (or `streamlit run app.py`).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

import summarizer
from summarizer.errors import (
    EndpointNotConfiguredError,
    HtmlInputError,
    InputError,
    SummarizerError,
)
from summarizer.evals.corrections import (
    CORRECTION_COLUMNS,
    CorrectionError,
    correction_rows,
    gold_article,
    gold_line,
    revalidated,
)
from summarizer.evals.selection import SelectionError, propose_row
from summarizer.highlight import (
    TABLE_COLUMNS,
    allocation_findings,
    allocation_label,
    allocations_csv,
    allocations_table,
    chart_data,
    escape_markdown,
    findings_in_order,
    render_html,
)
from summarizer.inputs.document import MAX_HTML_BYTES, MAX_PDF_BYTES, Document
from summarizer.inputs.sources import load_bytes, load_url
from summarizer.inputs.text import MAX_BYTES, html_to_text, looks_like_html
from summarizer.pipeline import EngineName, llm_configured, summarize
from summarizer.reading.language import detect_language
from summarizer.schema import Check, Finding, Kind, Summary

EXAMPLES_DIR = Path(summarizer.__file__).resolve().parent / "examples"
ALLOW_PRIVATE_ENV = "SUMMARIZER_APP_ALLOW_PRIVATE_URLS"
SHOWN_COLUMNS = [
    c for c in TABLE_COLUMNS if c not in ("check", "value", "currency", "evidence", "span")
]
# Streamlit's grid wraps a text cell only when its rows are taller than 4rem (64 px: the rule is
# in its frontend; no column option turns wrapping on), so a row of three lines does it: a long
# recipient or purpose wraps in its column instead of widening the table.
WRAPPING_ROW_HEIGHT = 72


# --- state changes (callbacks run before the script, so they may set widget values) ----------


def _load_example(path: str) -> None:
    _set_article(Document(text=Path(path).read_text(encoding="utf-8")))


def _set_article(document: Document) -> None:
    """Put a read article in the text area, and keep what its format told (title, URL, pages)."""
    st.session_state["article"] = document.text
    st.session_state["document"] = document
    st.session_state.pop("upload_error", None)


def private_urls_allowed() -> bool:
    """The operator's setting: may the page fetch loopback, private or link-local addresses?

    Off unless `SUMMARIZER_APP_ALLOW_PRIVATE_URLS` is 1/true/yes in the server's environment:
    the page runs on a server, and its users must not reach the server's own network.
    """
    return os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes")


def _load_url() -> None:
    url = (st.session_state.get("url") or "").strip()
    if not url:
        return
    try:
        with st.spinner(f"Fetching {url}…"):
            document = load_url(url, allow_private=private_urls_allowed())
    except InputError as exc:
        st.session_state["upload_error"] = f"{type(exc).__name__}: {exc}"
        return
    _set_article(document)


def _load_upload() -> None:
    file = st.session_state.get("upload")
    if file is None:
        return
    data = file.getvalue()
    if file.name.lower().endswith((".txt", ".md")) and len(data) > MAX_BYTES:
        st.session_state["upload_error"] = (
            f"{file.name} is {len(data):,} bytes; the limit is {MAX_BYTES:,}: "
            "split it into articles"
        )
        return
    try:
        document = load_bytes(data, file.name)
    except InputError as exc:
        st.session_state["upload_error"] = f"{file.name}: {exc}"
        return
    if looks_like_html(document.text) and not document.page_starts:
        document = Document(text=html_to_text(document.text))
    _set_article(document)


# --- the work, cached on everything but the key --------------------------------------------


@st.cache_data(scope="session", max_entries=32, show_spinner=False)
def _summarize_cached(
    text: str,
    html: bool,
    engine: EngineName,
    model: str | None,
    base_url: str | None,
    options: tuple[tuple[str, Any], ...],
    _api_key: str | None,  # leading underscore: Streamlit leaves it out of the cache key
    source: Document | None = None,
) -> Summary:
    return summarize(
        source if source is not None and source.text == text else text,
        engine=engine,
        model=model,
        base_url=base_url,
        api_key=_api_key,
        html=html,
        **dict(options),
    )


def _message(exc: Exception) -> str:
    """What to tell the page's user, in the page's terms (no CLI flags, no traceback)."""
    if isinstance(exc, HtmlInputError):
        return (
            "The text looks like HTML. Tick “Input is HTML” to reduce it to its visible text, "
            "or upload it as an .html file."
        )
    if isinstance(exc, EndpointNotConfiguredError):
        return (
            "The LLM engine needs an endpoint: enter an endpoint base URL in the sidebar (and an "
            "API key if the server wants one), set OPENAI_BASE_URL / OPENAI_API_KEY, or choose "
            "the deterministic engine."
        )
    if isinstance(exc, SummarizerError):
        return str(exc)
    return f"Unexpected error ({type(exc).__name__}): {exc}"


def _run(text: str, html: bool, settings: dict[str, Any], api_key: str | None) -> None:
    """Summarize and keep the outcome (a Summary or a message) in the session.

    The article read from a URL, a PDF or an HTML file keeps its title, URL and pages while
    the text area holds its text unchanged.
    """
    st.session_state.pop("result", None)
    st.session_state.pop("run_error", None)
    document = st.session_state.get("document")
    source = document if document is not None and document.text == text else None
    try:
        with st.spinner("Extracting allocations and checking every number…"):
            summary = _summarize_cached(text, html, _api_key=api_key, source=source, **settings)
    except Exception as exc:  # every failure becomes a message on the page, never a traceback
        st.session_state["run_error"] = _message(exc)
        return
    st.session_state["result"] = {"summary": summary, "text": text}


# --- page ----------------------------------------------------------------------------------


def _sidebar() -> tuple[dict[str, Any], str | None]:
    """Engine settings for the cache key, and the key kept apart."""
    with st.sidebar:
        st.header("Settings")
        engine = st.radio(
            "Engine",
            ["auto", "deterministic", "llm"],
            key="engine",
            help="auto: the LLM when an endpoint or key is set, else the deterministic engine.",
        )
        model = st.text_input("Model", key="model", placeholder="gpt-4o-mini")
        base_url = st.text_input(
            "Endpoint base URL", key="base_url", placeholder="http://127.0.0.1:8080/v1"
        )
        api_key = st.text_input("API key", key="api_key", type="password")
        resolved = engine
        if engine == "auto":
            resolved = (
                "llm" if llm_configured(base_url or None, api_key or None) else "deterministic"
            )
        st.caption(f"Will use: **{resolved}**")
        st.header("LLM options")
        llm = resolved == "llm"
        max_reasks = st.number_input(
            "Max re-asks", min_value=0, max_value=5, value=2, key="max_reasks", disabled=not llm
        )
        cache = st.toggle(
            "Cache LLM answers on disk", value=True, key="llm_cache", disabled=not llm
        )
    settings: dict[str, Any] = {
        "engine": resolved,
        "model": (model or None) if llm else None,
        "base_url": (base_url or None) if llm else None,
        "options": (("cache", bool(cache)), ("max_reasks", int(max_reasks))) if llm else (),
    }
    return settings, (api_key or None) if llm else None


def _inputs() -> bool:
    """Examples, upload, the text area, the HTML switch and Run; True when Run was clicked."""
    examples = sorted(EXAMPLES_DIR.glob("*.*"))
    upload, picks = st.columns([1, 1], vertical_alignment="bottom")
    with upload:
        st.file_uploader(
            f"Upload an article: .txt or .md up to {MAX_BYTES // 1_000_000} MB, .html up to "
            f"{MAX_HTML_BYTES // 1_000_000} MB, .pdf up to {MAX_PDF_BYTES // 1_000_000} MB "
            f"(its text up to {MAX_BYTES // 1_000_000} MB)",
            type=["txt", "md", "html", "htm", "pdf"],
            key="upload",
            on_change=_load_upload,
            max_upload_size=MAX_PDF_BYTES // 1_000_000,
        )
        with st.form("url_form", border=False, enter_to_submit=True):
            url_box, fetch = st.columns([5, 1], vertical_alignment="bottom")
            url_box.text_input("Or a link to the article", key="url", placeholder="https://…")
            fetch.form_submit_button("Fetch", key="fetch", on_click=_load_url, width="stretch")
    with picks:
        st.caption("Or load an example")
        for col, path in zip(st.columns(len(examples)), examples, strict=True):
            col.button(
                path.stem.replace("-", " "),
                key=f"example-{path.stem}",
                on_click=_load_example,
                args=(str(path),),
                width="stretch",
            )
    if "upload_error" in st.session_state:
        st.error(st.session_state["upload_error"])
    st.text_area(
        "Article",
        key="article",
        height=180,
        placeholder="Paste an article about money a government or company commits…",
    )
    run, html, size = st.columns([1, 4, 3], vertical_alignment="center")
    clicked = run.button("Run", key="run", type="primary", width="stretch")
    html.checkbox(
        "Input is HTML: reduce it to its visible text",
        key="html",
        help="Pasted HTML is refused unless this is ticked; uploaded .html files are reduced "
        "to text on upload.",
    )
    size.caption(f"{len(st.session_state.get('article') or ''):,} characters")
    return clicked


def _allocation_detail(summary: Summary, index: int) -> None:
    """The selected allocation's evidence and every finding about it."""
    a = summary.extraction.allocations[index]
    page = summary.page_of(a.span)
    where = f" (p. {page})" if page else ""
    lines = [f"**Evidence{where}:** “{escape_markdown(a.evidence)}”"]
    if a.purpose:
        lines.append(f"**Purpose:** {escape_markdown(a.purpose)}")
    if a.funder:
        lines.append(f"**Funder:** {escape_markdown(a.funder)}")
    for f in allocation_findings(summary, index):
        mark = "✓" if f.ok else "✗"
        lines.append(
            f"{mark} {f.verdict.value} · {escape_markdown(f.subject)} · {escape_markdown(f.reason)}"
        )
    with st.container(border=True):
        st.markdown("  \n".join(lines))


def _header(summary: Summary) -> None:
    """Title, source, summary, provenance and counts, across the page."""
    ex = summary.extraction
    flagged = summary.flagged
    if ex.title:
        st.subheader(escape_markdown(ex.title))
    if summary.url:
        st.caption(f"Source: {escape_markdown(summary.url)}")
    if ex.summary:
        st.markdown(escape_markdown(ex.summary))
    engine = summary.engine
    parts = [f"engine: {engine.name}"]
    if engine.model:
        parts.append(f"model: {engine.model}")
    if engine.endpoint:
        parts.append(f"endpoint: {engine.endpoint}")
    parts.append(f"{summary.elapsed_s:.2f} s to summarize")
    if summary.usage.calls:
        parts.append(f"{summary.usage.total_tokens} tokens in {summary.usage.calls} calls")
    if summary.usage.cached:
        parts.append("cached")
    st.caption(escape_markdown(" · ".join(parts)))
    m1, m2, m3 = st.columns(3)
    m1.metric("Allocations", len(ex.allocations))
    m2.metric("Claims", len(ex.claims))
    m3.metric("Flagged", len(flagged))


def _allocations_table(summary: Summary) -> None:
    """The allocations, full width: one verdict per field (figure, recipient, period)."""
    st.markdown("##### Allocations")
    with st.container(key="allocations"):
        rows = allocations_table(summary)
        if not rows:
            st.warning("No allocations found in this article.")
            return
        shown = [c for c in SHOWN_COLUMNS if c != "page" or summary.page_starts]
        st.dataframe(
            pd.DataFrame(rows, columns=list(TABLE_COLUMNS)),
            hide_index=True,
            column_order=shown,
            width="stretch",
            row_height=WRAPPING_ROW_HEIGHT,
            column_config={
                "#": st.column_config.NumberColumn("#", width=28),
                "figure": st.column_config.TextColumn(
                    "figure",
                    width=104,
                    help="The amount and its evidence against the source: ✓ confirmed, "
                    "? unchecked (written in a form the reader cannot read), ✗ flagged",
                ),
                "amount": st.column_config.TextColumn("amount", width=96),
                "recipient": st.column_config.TextColumn("recipient", width="large"),
                "named": st.column_config.TextColumn(
                    "recipient check",
                    width=118,
                    help="✓ the source names it near the amount; ? not in these words near "
                    "it; ✗ not a name (a figure, a fragment, a clause, a generic word)",
                ),
                "kind": st.column_config.TextColumn("kind", width=78),
                "period": st.column_config.TextColumn("period", width=78),
                "period check": st.column_config.TextColumn(
                    "period check",
                    width=96,
                    help="✓ its year is in the evidence; · inferred from the article's date "
                    "or context; ✗ flagged by the period cross-check",
                ),
                "page": st.column_config.TextColumn("page", width=56),
                "as written": st.column_config.TextColumn("as written", width=140),
                "purpose": st.column_config.TextColumn("purpose", width="large"),
            },
        )


def _correction_base(summary: Summary) -> dict[str, Any]:
    """The rows the editor starts from: the extraction's, then with the rows added from
    passages. A new version (a fresh editor key) each time a row is added; new for each run."""
    of = hashlib.sha256((summary.source + summary.extraction.model_dump_json()).encode())
    base = st.session_state.get("correction_base")
    if base is None or base["of"] != of.hexdigest():
        base = {"of": of.hexdigest(), "rows": correction_rows(summary), "version": 0}
        st.session_state["correction_base"] = base
        st.session_state.pop("proposal", None)
    return base


def _propose(source: str) -> None:
    st.session_state.pop("proposal", None)
    st.session_state.pop("proposal_error", None)
    document = st.session_state.get("document")
    published = document.published if document is not None else None
    try:
        proposal = propose_row(
            source, st.session_state.get("new_evidence") or "", published=published
        )
    except SelectionError as exc:
        st.session_state["proposal_error"] = str(exc)
        return
    st.session_state["proposal"] = proposal.row
    st.session_state["proposal_figures"] = proposal.figures


def _add_proposal() -> None:
    """Append the proposed row to the rows as the user has edited them, in a fresh editor."""
    base = st.session_state["correction_base"]
    edited = st.session_state.get("correction_rows", base["rows"])
    base["rows"] = [*edited, st.session_state.pop("proposal")]
    base["version"] += 1
    st.session_state["new_evidence"] = ""


def _add_from_passage(summary: Summary) -> None:
    """A passage pasted (or typed) from the source -> a proposed row -> added to the editor."""
    st.text_input(
        "Add a row from a passage: select it in the source, copy and paste it here",
        key="new_evidence",
        placeholder="$8 million to the Alder Valley Water Authority",
    )
    st.button("Propose a row", key="propose", on_click=_propose, args=(summary.source,))
    if "proposal_error" in st.session_state:
        st.error(st.session_state["proposal_error"])
    proposal = st.session_state.get("proposal")
    if proposal is None:
        return
    figures = st.session_state.get("proposal_figures", ())
    if len(figures) > 1:
        st.caption(
            f"The passage holds {len(figures)} amounts ({', '.join(figures)}): the first is "
            "proposed; select a shorter passage for another."
        )
    st.dataframe(
        pd.DataFrame([proposal], columns=list(CORRECTION_COLUMNS)),
        key="proposal_table",
        hide_index=True,
        width="stretch",
    )
    st.button("Add this row", key="add_proposal", type="primary", on_click=_add_proposal)


def _corrections(summary: Summary) -> None:
    """Edit the allocations, see the validator's verdicts on them, download a gold line."""
    with st.expander("Correct the allocations: a gold line for `summarizer eval`"):
        st.caption(
            "Edit amounts (in base units: 1230000000000), currencies, recipients, kinds and "
            "periods; delete rows, or add one from a passage of the article. The verdicts "
            "below follow your corrections; the download is one line of a FORMAT.md dataset "
            "(`summarizer eval FOLDER` reads a folder of them)."
        )
        base = _correction_base(summary)
        with st.container(key="corrections"):
            edited = st.data_editor(
                pd.DataFrame(base["rows"], columns=list(CORRECTION_COLUMNS)),
                key=f"corrections-{base['version']}",
                num_rows="dynamic",
                hide_index=True,
                width="stretch",
                row_height=WRAPPING_ROW_HEIGHT,
                column_config={
                    "amount": st.column_config.TextColumn("amount", required=True, width=120),
                    "currency": st.column_config.TextColumn("currency", max_chars=3, width=70),
                    "approximate": st.column_config.CheckboxColumn("approx.", width=60),
                    "kind": st.column_config.SelectboxColumn(
                        "kind", options=[k.value for k in Kind], required=True, width=100
                    ),
                    "recipient": st.column_config.TextColumn("recipient", width="medium"),
                    "purpose": st.column_config.TextColumn("purpose", width="medium"),
                    "evidence": st.column_config.TextColumn("evidence", width="large"),
                },
            )
        records = edited.to_dict("records")
        st.session_state["correction_rows"] = records
        _add_from_passage(summary)
        document = st.session_state.get("document")
        published = document.published if document is not None else None
        article_id = st.text_input("Article id", value=_article_id(summary), key="gold_id")
        try:
            article = gold_article(
                summary,
                records,
                article_id=article_id or _article_id(summary),
                lang=detect_language(summary.source),
                published=published,
            )
        except CorrectionError as exc:
            st.error(f"Correction: {exc}")
            return
        corrected = revalidated(summary, article, published=published)
        rows = allocations_table(corrected)
        if rows:
            with st.container(key="corrected"):
                st.dataframe(
                    pd.DataFrame(rows, columns=list(TABLE_COLUMNS)),
                    key="corrected_table",
                    hide_index=True,
                    width="stretch",
                    row_height=WRAPPING_ROW_HEIGHT,
                    column_order=[
                        "#", "figure", "amount", "recipient", "named", "period", "issues"
                    ],
                    column_config={"recipient": st.column_config.TextColumn(width="medium")},
                )  # fmt: skip
        line = gold_line(article)
        st.download_button(
            "Download the gold line",
            line,
            file_name=f"{article.id}.jsonl",
            mime="application/jsonl",
            key="download_gold",
            on_click="ignore",
        )
        with st.container(key="gold_line"):
            st.code(line, language="json", wrap_lines=True)


def _article_id(summary: Summary) -> str:
    """A stable default id: the title's words, else a hash of the text."""
    words = re.findall(r"\w+", summary.extraction.title.lower())[:8]
    digest = hashlib.sha256(summary.source.encode()).hexdigest()[:8]
    return "-".join([*words, digest])


def _finding_label(f: Finding) -> str:
    label = f"{f.check.value}: {' '.join(f.text.split())}"
    return label if len(label) <= 80 else label[:79] + "…"


def _results(result: dict[str, Any]) -> None:
    summary: Summary = result["summary"]
    ex = summary.extraction
    flagged = summary.flagged
    if result["text"] != st.session_state.get("article", ""):
        st.info("The article has changed since this run: press Run to update.")
    _header(summary)
    _allocations_table(summary)
    _corrections(summary)
    left, right = st.columns([1, 1.3], gap="large")
    with right:
        options: list[int | None] = [None, *range(len(ex.allocations))]
        selected = st.selectbox(
            "Highlight allocation",
            options,
            key="selected",
            format_func=lambda i: "—" if i is None else allocation_label(summary, i, width=70),
        )
        if selected is not None:
            _allocation_detail(summary, selected)

        unchecked = summary.unchecked
        confirmed = len(summary.findings) - len(flagged) - len(unchecked)
        st.markdown(
            f"##### Findings: {confirmed} confirmed, {len(flagged)} flagged, "
            f"{len(unchecked)} unchecked"
        )
        if summary.usage.reasks_exhausted:
            st.warning("The model's re-asks ran out: its last answer is shown, flags and all.")
        if not flagged and not unchecked:
            st.success("Every number was confirmed against the source.")
        for f in findings_in_order(summary):
            if f.ok:
                continue
            line = (
                f"**{f.verdict.value}** · {f.check.value} · {escape_markdown(f.subject)}  \n"
                f"{escape_markdown(f.text)}  \n{escape_markdown(f.reason)}"
            )
            if f.wrong and f.check is Check.RECIPIENT:  # a row to correct, not a wrong figure
                st.warning("✗ " + line)
            elif f.wrong:
                st.error("✗ " + line)
            else:  # unread, so neither confirmed nor refuted
                st.info("? " + line)
        for f in summary.noted:
            st.caption(f"note · {escape_markdown(f.subject)}: {escape_markdown(f.note)}")
        spanned = [i for i, f in enumerate(summary.findings) if f.wrong and f.spans]
        if spanned:
            st.selectbox(
                "Highlight finding (all the places it rests on)",
                [None, *spanned],
                key="finding",
                format_func=lambda i: "—" if i is None else _finding_label(summary.findings[i]),
            )
        with st.expander(f"Confirmed findings ({confirmed})"):
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "verdict": f.verdict.value,
                            "check": f.check.value,
                            "subject": f.subject,
                            "text": " ".join(f.text.split()),
                            "reason": f.reason,
                        }
                        for f in summary.findings
                        if f.ok
                    ],
                    columns=["verdict", "check", "subject", "text", "reason"],
                ),
                key="confirmed_table",
                hide_index=True,
            )
        with st.expander(f"Claims ({len(ex.claims)})"):
            for c in ex.claims:
                numbers = ", ".join(" ".join(n.split()) for n in c.numbers)
                st.markdown(
                    f"- {escape_markdown(c.statement)}"
                    + (f"  \n  *numbers:* {escape_markdown(numbers)}" if numbers else "")
                )

        chart = chart_data(summary)
        if chart.rows:
            st.markdown("##### Amounts")
            st.bar_chart(
                pd.DataFrame(chart.rows),
                x="allocation",
                y="amount",
                color="#3b5b92",
                horizontal=True,
                sort=False,
                x_label="",
                y_label=chart.unit,
                height=max(180, 34 * len(chart.rows) + 60),
            )
        st.caption(escape_markdown(chart.caption()))
        d1, d2 = st.columns(2)
        d1.download_button(
            "Download JSON",
            summary.model_dump_json(indent=2),
            file_name="summary.json",
            mime="application/json",
            key="download_json",
            on_click="ignore",
        )
        d2.download_button(
            "Download CSV",
            allocations_csv(summary),
            file_name="allocations.csv",
            mime="text/csv",
            key="download_csv",
            on_click="ignore",
        )
    with left:
        st.markdown("##### Source")
        st.html(
            render_html(
                summary.source,
                summary,
                st.session_state.get("selected"),
                finding=st.session_state.get("finding"),
            )
        )


def main() -> None:
    """Lay out the page and react to the Run button."""
    st.set_page_config(page_title="summarizer · money allocations", layout="wide")
    st.title("Money allocations, checked against the article")
    st.caption(
        "Budgets, grants, loans, bonds and investments an article commits, each with its "
        "evidence and every number validated against the source."
    )
    settings, api_key = _sidebar()
    if _inputs():
        st.session_state.pop("selected", None)
        st.session_state.pop("finding", None)
        text = st.session_state.get("article") or ""
        _run(text, bool(st.session_state.get("html")), settings, api_key)
    if "run_error" in st.session_state:
        st.error(st.session_state["run_error"])
    elif "result" in st.session_state:
        st.divider()
        _results(st.session_state["result"])


main()
