"""The command line: `summarizer run | batch | eval | app`.

An edge module: it reads files and prints; the work is done by the public API.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summarizer.engine_options import engine_options
from summarizer.errors import (
    InputTooLargeError,
    OptionalDependencyError,
    OptionsError,
    SummarizerError,
)
from summarizer.inputs.document import MAX_PDF_BYTES, Document
from summarizer.inputs.text import MAX_BYTES
from summarizer.report import render_text


def _read_article(path: str, *, fetch_timeout: float) -> bytes | Document:
    """A URL fetched (private addresses allowed: this is the user's own machine), a PDF read
    with its pages, or a text file's bytes for `summarize` to check; never more bytes than the
    format's limit allows (think of /dev/zero)."""
    from summarizer.inputs.sources import is_url, load_bytes, load_url

    if is_url(path):
        return load_url(path, allow_private=True, timeout=fetch_timeout)
    if path == "-":
        data = sys.stdin.buffer.read(MAX_PDF_BYTES + 1)
    else:
        with open(path, "rb") as handle:
            data = handle.read(MAX_PDF_BYTES + 1)
    if path.lower().endswith(".pdf") or data.startswith(b"%PDF-"):
        return load_bytes(data, "stdin.pdf" if path == "-" else path)
    if len(data) > MAX_BYTES + 3:  # room for a UTF-8 byte-order mark
        raise InputTooLargeError(
            f"the input is over {MAX_BYTES:,} bytes, the limit: split it into articles"
        )
    return data


def _engine_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--engine",
        choices=["auto", "deterministic", "llm"],
        default="auto",
        help="auto: the LLM when OPENAI_BASE_URL/OPENAI_API_KEY is set, else deterministic",
    )
    parser.add_argument("--model", help="LLM model name")
    parser.add_argument("--base-url", help="OpenAI-compatible endpoint (else OPENAI_BASE_URL)")
    parser.add_argument(
        "--mode", help="instructor mode for the LLM: tools, json, json_schema, md_json"
    )
    parser.add_argument("--max-reasks", type=int, help="LLM re-asks on failed number checks")
    parser.add_argument("--timeout", type=float, help="LLM request timeout, seconds")
    parser.add_argument("--no-cache", action="store_true", help="do not use the LLM cache")
    parser.add_argument(
        "--roles",
        choices=["rules", "model", "hybrid"],
        help="deterministic engine: who decides which amounts are allocations - the hand rules "
        "(default), the trained model shipped in the package, or the rules corrected where the "
        "model is sure",
    )


def _cmd_run(args: argparse.Namespace) -> int:
    from summarizer.pipeline import summarize

    article = _read_article(args.file, fetch_timeout=args.fetch_timeout)
    summary = summarize(article, html=args.html, **engine_options(args))
    if args.json:
        sys.stdout.write(
            summary.model_dump_json(indent=2, exclude={"source"} if args.no_source else None) + "\n"
        )
    else:
        sys.stdout.write(render_text(summary))
    return 1 if args.strict and summary.flagged else 0


def _cmd_batch(args: argparse.Namespace) -> int:
    from summarizer.batching.batch import run_batch

    runner, extra = _batch_runner(args)
    stats = (runner or run_batch)(
        Path(args.input),
        Path(args.output),
        concurrency=args.concurrency,
        progress=not args.quiet,
        **extra,
        **engine_options(args),
    )
    print(
        f"done: {stats.done} new, {stats.skipped} already in {args.output}, {stats.failed} failed",
        file=sys.stderr,
    )
    return 1 if stats.failed else 0


def _batch_runner(args: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    """The batch to run (None: the local one) and its own options, from --ray and friends."""
    extra: dict[str, Any] = {"rps": args.rps} if args.rps else {}
    if args.provider_batch:
        if args.ray or args.ray_address:
            raise OptionsError("--provider-batch sends requests to the provider; drop --ray")
        from summarizer.batching.provider_batch import run_provider_batch

        return run_provider_batch, {"poll_seconds": args.poll}
    if args.ray or args.ray_address:
        try:
            from summarizer.batching.batch_ray import run_ray_batch
        except ImportError as exc:
            raise OptionalDependencyError(
                f'--ray needs the extra "ray": pip install -e ".[ray]" ({exc})'
            ) from exc
        return run_ray_batch, extra | {"address": args.ray_address, "workers": args.workers}
    return None, extra


def _batch_scale_args(batch: argparse.ArgumentParser) -> None:
    """Options of `summarizer batch` for runs beyond one process."""
    batch.add_argument(
        "--ray", action="store_true", help='run on Ray Data, started here (extra "ray")'
    )
    batch.add_argument(
        "--ray-address", metavar="ADDRESS", help="run on this Ray cluster (implies --ray)"
    )
    batch.add_argument("--workers", type=int, help="Ray workers (default: one per CPU)")
    batch.add_argument(
        "--rps", type=float, help="at most this many LLM requests per second, all workers"
    )
    batch.add_argument(
        "--provider-batch",
        action="store_true",
        help="send the LLM requests through the provider's Batch API (half price, slow)",
    )
    batch.add_argument(
        "--poll", type=float, default=30.0, help="seconds between provider batch polls"
    )


def _cmd_eval(args: argparse.Namespace) -> int:
    from summarizer.evals.runner import main as eval_main

    return eval_main(args)


def _cmd_app(args: argparse.Namespace) -> int:
    from summarizer.serve import run_page, streamlit_command

    command = streamlit_command(args.streamlit_options, port=args.port, headless=args.headless)
    return run_page(command)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="summarizer",
        description="Structured, validated summaries of articles about money committed.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser(
        "run", help="summarize one article: a text, Markdown, HTML or PDF file, a URL, or -"
    )
    run.add_argument("file", help="a file, an http(s) URL, or - for stdin")
    run.add_argument(
        "--fetch-timeout", type=float, default=15.0, help="seconds to fetch a URL (default 15)"
    )
    run.add_argument("--json", action="store_true", help="print the Summary as JSON")
    run.add_argument("--no-source", action="store_true", help="leave the source out of --json")
    run.add_argument("--html", action="store_true", help="reduce HTML input to text")
    run.add_argument("--strict", action="store_true", help="exit 1 when any figure is flagged")
    _engine_args(run)
    run.set_defaults(func=_cmd_run)

    batch = sub.add_parser("batch", help="summarize a JSON Lines file of articles, resumably")
    batch.add_argument(
        "input", help="JSON Lines (one object per line with 'id' and 'text') or Parquet"
    )
    batch.add_argument(
        "output", help="JSON Lines, or a *.parquet folder of parts; ids already there are skipped"
    )
    batch.add_argument("--concurrency", type=int, default=4, help="parallel LLM calls")
    batch.add_argument("--quiet", action="store_true", help="no progress bar")
    _batch_scale_args(batch)
    _engine_args(batch)
    batch.set_defaults(func=_cmd_batch)

    ev = sub.add_parser("eval", help="score engines against gold annotations")
    ev.add_argument(
        "datasets", nargs="+", help="JSON Lines datasets (FORMAT.md), or folders of them"
    )
    ev.add_argument("--json", dest="json_out", help="write the scores as JSON here")
    ev.add_argument("--html", dest="html_out", help="write an HTML report here")
    ev.add_argument("--baseline", help="a previous --json output to compare against")
    ev.add_argument("--no-mutations", action="store_true", help="skip the mutation benchmark")
    ev.add_argument("--quiet", action="store_true", help="no progress bar")
    ev.add_argument(
        "--by-lang", action="store_true", help="also total each language (scores and mutations)"
    )
    ev.add_argument("--totals", action="store_true", help="print totals only, no article rows")
    _engine_args(ev)
    ev.set_defaults(func=_cmd_eval)

    app = sub.add_parser(
        "app",
        help="start the Streamlit page; Streamlit's own options pass through "
        "(--server.port 8600 --server.headless true)",
    )
    app.add_argument("--port", type=int, help="same as --server.port (default 8501)")
    app.add_argument("--headless", action="store_true", help="same as --server.headless true")
    app.set_defaults(func=_cmd_app, passes_options=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `summarizer` command."""
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown and not getattr(args, "passes_options", False):
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    args.streamlit_options = unknown  # `app` hands them to Streamlit
    # instructor logs every failed attempt at ERROR; the CLI reports the outcome itself.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    try:
        return int(args.func(args))
    except SummarizerError as exc:
        print(f"summarizer: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"summarizer: no such file: {exc.filename}", file=sys.stderr)
        return 2
    except OSError as exc:  # a directory, no permission, a device that fails to read
        print(
            f"summarizer: cannot read {exc.filename or 'the input'}: {exc.strerror}",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        print("summarizer: interrupted", file=sys.stderr)
        return 130
