"""The command line run as a user runs it: `python -m summarizer …` in a child process, from the
checkout, with no OpenAI settings leaking in from the environment (a test sets its own)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_cli(
    *args: str, stdin: str | bytes | None = None, binary: bool = False, **env: str
) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    """Run `summarizer ARGS`; bytes in and out with `binary` (or bytes on stdin), else text."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")} | env
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        input=stdin,
        capture_output=True,
        text=not (binary or isinstance(stdin, bytes)),
        env=environment,
        cwd=ROOT,
        timeout=120,
    )
