"""Running the page: `streamlit run` on the page's script as a child process.

`summarizer app` is a thin parent: Streamlit's own options (`--server.port 8600`,
`--server.headless true`, ...) pass straight through, and a SIGTERM, SIGINT or SIGHUP sent to
the parent is forwarded to Streamlit, which is then waited for (and killed if it will not stop),
so stopping `summarizer app` never leaves a server running.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Sequence
from types import FrameType

from summarizer.resources import app_path

# What the page needs from the server whichever directory it is started in (Streamlit reads
# `.streamlit/config.toml` from the working directory only). Options the user passes win.
PAGE_DEFAULTS = {
    "--server.maxUploadSize": "20",
    "--browser.gatherUsageStats": "false",
}
_FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
_GRACE_S = 10.0


def _option_names(options: Sequence[str]) -> set[str]:
    return {o.split("=", 1)[0] for o in options if o.startswith("--")}


def streamlit_command(
    options: Sequence[str] = (), *, port: int | None = None, headless: bool = False
) -> list[str]:
    """The `streamlit run` command line: the page's defaults, then the user's options."""
    given = _option_names(options)
    chosen: dict[str, str] = dict(PAGE_DEFAULTS)
    if port is not None:
        chosen["--server.port"] = str(port)
    if headless:
        chosen["--server.headless"] = "true"
    command = [sys.executable, "-m", "streamlit", "run"]
    for name, value in chosen.items():
        if name not in given:
            command += [name, value]
    return [*command, *options, str(app_path())]


def run_page(command: Sequence[str]) -> int:
    """Run Streamlit until it exits, forwarding stop signals; return its exit code."""
    child = subprocess.Popen(list(command))

    def forward(signum: int, _frame: FrameType | None) -> None:
        if child.poll() is None:
            child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in _FORWARDED}
    try:
        code = child.wait()
        return 128 - code if code < 0 else code  # killed by a signal: the shell's convention
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if child.poll() is None:  # the parent is leaving for another reason: take Streamlit along
            child.terminate()
            try:
                child.wait(_GRACE_S)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
