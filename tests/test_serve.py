"""`summarizer app`: Streamlit's options pass through, and stopping it stops Streamlit.

The packaged page and prompts are found (`summarizer.resources`): the bundled copy inside the
package wins over the checkout's. The wheel itself is built and installed by `.ci/wheel_check`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from page_process import free_port

from summarizer import resources
from summarizer.cli import build_parser, main
from summarizer.prompts import load_prompts
from summarizer.serve import streamlit_command

ROOT = Path(__file__).resolve().parents[1]


def _options(command: list[str]) -> dict[str, str]:
    """The `--name value` and `--name=value` options between `run` and the script."""
    words = iter(command[command.index("run") + 1 : -1])
    options = {}
    for word in words:
        name, _, value = word.partition("=")
        options[name] = value or next(words)
    return options


def test_streamlit_options_pass_through_and_win() -> None:
    command = streamlit_command(["--server.port", "8600", "--server.headless", "true"])
    assert command[-1] == str(resources.app_path())
    options = _options(command)
    assert options["--server.port"] == "8600"
    assert options["--server.headless"] == "true"
    assert options["--server.maxUploadSize"] == "20"  # the page's default, not Streamlit's 200
    assert (
        _options(streamlit_command(["--server.maxUploadSize", "5"]))["--server.maxUploadSize"]
        == "5"
    )
    # --port/--headless are shorthands; an explicit Streamlit option overrides them.
    assert _options(streamlit_command([], port=9000, headless=True))["--server.port"] == "9000"
    assert streamlit_command(["--server.port=7"], port=9000).count("9000") == 0
    assert _options(streamlit_command(["--server.port=7"], port=9000))["--server.port"] == "7"


def test_unknown_options_refused_outside_app(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "x.txt", "--server.port", "8600"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --server.port 8600" in capsys.readouterr().err
    args, unknown = build_parser().parse_known_args(["app", "--server.port", "8600"])
    assert args.command == "app" and unknown == ["--server.port", "8600"]


def test_bundled_resources_win_over_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert resources.app_path() == ROOT / "app.py"  # a checkout: nothing bundled
    assert resources.prompts_dir() == ROOT / "prompts"
    bundled = tmp_path / "_bundled"
    (bundled / "prompts").mkdir(parents=True)
    (bundled / "app.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(resources, "BUNDLED_DIR", bundled)
    assert resources.app_path() == bundled / "app.py"
    assert resources.prompts_dir() == bundled / "prompts"
    monkeypatch.setenv("SUMMARIZER_PROMPTS_DIR", str(ROOT / "prompts"))
    assert load_prompts(resources.prompts_dir()).version


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return reply.read() == b"ok"
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "\nState:\tZ" in status.read_text()


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_the_app_stops_streamlit(tmp_path: Path, sig: signal.Signals) -> None:
    port = free_port()
    health = f"http://127.0.0.1:{port}/_stcore/health"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable, "-m", "summarizer", "app",
        "--server.port", str(port), "--server.headless", "true",
        "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with (tmp_path / "app.log").open("wb") as log:
        parent = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not _answers(health):
            assert parent.poll() is None, (tmp_path / "app.log").read_text()
            assert time.monotonic() < deadline, "the page did not answer within 60 s"
            time.sleep(0.3)
        children = _children(parent.pid)
        assert children, "summarizer app runs no Streamlit child"
        parent.send_signal(sig)
        assert parent.wait(30) in (0, 128 + sig, -sig)
        deadline = time.monotonic() + 10
        while not all(_gone(child) for child in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert all(_gone(child) for child in children), "Streamlit outlived summarizer app"
        assert not _answers(health)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
