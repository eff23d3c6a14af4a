"""Start the Streamlit page as a child process on loopback and wait until it answers.

Shared by the browser tests (`streamlit run app.py` and `summarizer app`): the process, its
log, the health check and the shutdown are the same whichever command starts the page.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(command: list[str], env: dict[str, str], logs: Path, port: int) -> Iterator[str]:
    """Run `command` (a page server on `port`) and yield its URL once `/_stcore/health`
    answers; fail the test with the server's log if it dies or takes over a minute."""
    with (logs / "server.log").open("wb") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                        if reply.read() == b"ok":
                            break
                except OSError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    text = (logs / "server.log").read_text(errors="replace")
                    pytest.fail(f"the page did not start:\n{text}")
                time.sleep(0.2)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
