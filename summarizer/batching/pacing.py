"""A requests-per-second limit: each request reserves the next free slot and waits for it.

`RequestPacer.reserve()` returns how long the caller must wait before sending, and moves the
next slot on by `1 / rps` (the generic cell rate algorithm); `wait()` reserves and sleeps.
The pacer only hands out delays (it never sleeps while holding its lock), so one pacer can
serve many threads, or, wrapped as a Ray actor (`summarizer.batching.batch_ray`), every worker of a
cluster: the limit is then global.

Written by hand: it is a dozen lines, and the pacing libraries on PyPI limit one process,
not a pool of processes that share one actor.
"""

from __future__ import annotations

import threading
import time


class RequestPacer:
    """At most `rps` requests per second, with bursts of up to `burst` requests."""

    def __init__(self, rps: float, *, burst: int = 1) -> None:
        if rps <= 0:
            raise ValueError("rps must be positive")
        if burst < 1:
            raise ValueError("burst must be at least 1")
        self.interval = 1.0 / rps
        self.burst = burst
        self._next = time.monotonic()
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Take the next slot; return the seconds to wait before using it."""
        with self._lock:
            # The generic cell rate algorithm: `_next` is when the next request would be due
            # at an even pace; up to `burst - 1` requests may run that far ahead of it.
            now = time.monotonic()
            due = max(self._next, now)
            self._next = due + self.interval
            return max(0.0, due - now - (self.burst - 1) * self.interval)

    def wait(self) -> None:
        """Reserve a slot and sleep until it comes."""
        delay = self.reserve()
        if delay:
            time.sleep(delay)
