"""The loopback chat-completions server with the stand-in model, as a process for CI.

Serves `tests/llm_server.py`'s `ScriptedLLMServer` answering with `tests/fake_model.py`'s
`FakeModel` (valid answers from the figures the prompt lists) until SIGTERM or SIGINT; writes
its base URL to the file named by the first argument once it listens. Dependency-free, so any
Python runs it. Used by `.ci/wheel_check` for an LLM run of the installed wheel.
"""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fake_model import FakeModel  # noqa: E402
from llm_server import ScriptedLLMServer  # noqa: E402


def main() -> None:
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    with ScriptedLLMServer(default=FakeModel()) as server:
        Path(sys.argv[1]).write_text(server.base_url, encoding="utf-8")
        stop.wait(600)  # never outlives a CI step by long
        print(f"loopback LLM: {len(server.chat_requests)} chat requests", file=sys.stderr)


if __name__ == "__main__":
    main()
