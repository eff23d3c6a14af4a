"""The API key never shows up where a user or a log collector could read it.

A distinctive key is sent to the loopback server (which does receive it), and then searched
for in: every log record at DEBUG from every logger (`openai`, `httpx`, `httpcore`,
`instructor` included), the error of a refused request (message, repr and the printed
traceback with its chain), the cache files, the Summary as JSON and as the text report, a
batch output file, and the CLI's stderr. A server that echoes the key in its refusal is the
hard case: the engine's error blanks it out. (The third-party loggers still record such a
body as received; that is the server's text, logged at ERROR by `instructor`.)
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_model import FakeModel
from llm_server import ErrorReply, ScriptedLLMServer

from summarizer import summarize
from summarizer.batching.batch import run_batch
from summarizer.errors import LLMTransportError
from summarizer.report import render_text

KEY = "sk-hygiene-5f0c2d9a8b7e6f1a"
ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "The ministry earmarked 150 billion yen for Rapidus, officials said on Friday."
ECHO = {"error": {"message": f"Incorrect API key provided: '{KEY}'.", "code": "invalid_api_key"}}


@pytest.fixture
def server() -> Iterator[ScriptedLLMServer]:
    with ScriptedLLMServer(default=FakeModel()) as running:
        yield running


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(folder))
    return folder


def _summarize(server: ScriptedLLMServer, **options: object):  # noqa: ANN202
    return summarize(ARTICLE, engine="llm", model="scripted-llm", base_url=server.base_url,
                     api_key=KEY, examples=False, timeout=2.0, **options)  # fmt: skip


def _everything(exc: BaseException) -> str:
    return str(exc) + repr(exc) + "".join(traceback.format_exception(exc))


def test_the_key_is_in_no_log_cache_summary_or_error(
    server: ScriptedLLMServer, cache_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("openai", "httpx", "httpcore", "instructor"):
        caplog.set_level(logging.DEBUG, logger=name)

    summary = _summarize(server, cache=True)
    server.enqueue(ErrorReply(401))
    with pytest.raises(LLMTransportError, match="HTTP 401") as refused:
        _summarize(server, cache=False)

    assert server.chat_requests and all(r.had_auth for r in server.chat_requests)
    assert caplog.records and any(r.name.startswith("openai") for r in caplog.records)
    assert KEY not in caplog.text
    assert all(KEY not in str(r.__dict__) for r in caplog.records)
    assert KEY not in _everything(refused.value)
    files = list(cache_dir.rglob("*"))
    assert any(f.suffix == ".json" for f in files)
    assert all(KEY not in f.read_text(encoding="utf-8") for f in files if f.is_file())
    assert KEY not in summary.model_dump_json() and KEY not in render_text(summary)


def test_a_server_that_echoes_the_key_does_not_put_it_in_the_error(
    server: ScriptedLLMServer,
) -> None:
    server.enqueue(ErrorReply(401, body=ECHO))
    with pytest.raises(LLMTransportError, match="HTTP 401") as refused:
        _summarize(server, cache=False)
    assert KEY not in _everything(refused.value)
    assert "[redacted]" in str(refused.value)


def test_the_key_is_not_in_a_batch_output(server: ScriptedLLMServer, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    records = [{"id": "ok", "text": ARTICLE}, {"id": "refused", "text": "Refused: " + ARTICLE}]
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    output = tmp_path / "out.jsonl"
    server.default = FakeModel({"Refused": [ErrorReply(401, body=ECHO)]})
    stats = run_batch(source, output, engine="llm", model="scripted-llm", base_url=server.base_url,
                      api_key=KEY, cache=False, examples=False, timeout=2.0, concurrency=1,
                      progress=False)  # fmt: skip
    assert (stats.done, stats.failed) == (1, 1)
    assert KEY not in output.read_text(encoding="utf-8")


def test_the_key_is_not_on_the_cli_stderr(server: ScriptedLLMServer, tmp_path: Path) -> None:
    server.enqueue(ErrorReply(401, body=ECHO))
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env |= {"OPENAI_API_KEY": KEY, "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-m", "summarizer", "run", "-", "--engine", "llm", "--base-url",
         server.base_url, "--model", "scripted-llm", "--no-cache"],
        input=ARTICLE, capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and "HTTP 401" in result.stderr
    assert KEY not in result.stderr + result.stdout and "Traceback" not in result.stderr
