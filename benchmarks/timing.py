"""Timing one `summarize(text, engine="deterministic")` call in a child process, for benchmarks.

A child process per input, so that an input that hangs costs the timeout and not the run. The
child warms up first (a mixed-language article, then the input's own first 8 KB, which loads
the language model and compiles the grammar of the input's language): those are paid once per
process, not per input. Seconds are the child's CPU time by default, which other work on a
shared machine does not inflate; `clock="wall"` gives elapsed time instead.
"""

from __future__ import annotations

import multiprocessing as mp
import time

WARM_UP = (
    "The ministry will give $2 billion to ACME. Der Bund gibt 1,5 Mrd. € für Straßen. "
    "政府は道路に3億円を充てる。政府为道路安排3亿元。정부는 도로에 3억 원을 지원한다."
)


def sized(unit: str, kb: int) -> str:
    """`unit` repeated to `kb` thousand bytes of UTF-8 (the input limit counts bytes)."""
    budget = kb * 1000
    reps = budget // len(unit.encode("utf-8")) + 1
    return (unit * reps).encode("utf-8")[:budget].decode("utf-8", errors="ignore")


def _child(text: str, clock: str, out: mp.Queue) -> None:  # type: ignore[type-arg]
    from summarizer import summarize

    summarize(WARM_UP, engine="deterministic")
    try:
        summarize(text[:8000], engine="deterministic")
    except Exception:  # noqa: BLE001, S110 - a prefix that is blank or too odd: no warm-up
        pass
    now = time.process_time if clock == "cpu" else time.perf_counter
    started = now()
    try:
        summarize(text, engine="deterministic")
        out.put(("ok", now() - started))
    except Exception as exc:  # noqa: BLE001 - reported, not raised: a clear error is fine
        out.put((type(exc).__name__, now() - started))


def timed(text: str, timeout: float, clock: str = "cpu") -> tuple[float | None, str]:
    """(seconds, status) of one summarize call in a child: status "ok", an exception's name,
    or "timeout" (seconds None)."""
    queue: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    child = mp.Process(target=_child, args=(text, clock, queue))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
        return None, "timeout"
    status, seconds = queue.get()
    return seconds, status


def cell(result: tuple[float | None, str], timeout: float) -> str:
    """A table cell: '0.42', '0.00 (InputTooLargeError)' or '>60'."""
    seconds, status = result
    if seconds is None:
        return f">{timeout:.0f}"
    return f"{seconds:.2f}" + ("" if status == "ok" else f" ({status})")
