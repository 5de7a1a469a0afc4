"""The rate limiter of the data.police.uk client: a thread-safe token bucket.

:class:`TokenBucket` keeps :class:`~cspkit.sources.police.api.PoliceAPI` within the API's limit
(15 requests a second, bursts of 30); it is re-exported from :mod:`cspkit.sources.police.api`.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from cspkit.errors import InputError

__all__ = ["TokenBucket"]


class TokenBucket:
    """A token bucket: on average ``rate`` acquisitions a second, with bursts of up to ``burst``.

    The bucket starts full. Each :meth:`acquire` takes one token; when none is left the caller
    sleeps until one has refilled. Tokens may be owed (the count goes below zero) so the wait is
    computed once, from the clock, and never polled: an injected ``sleep`` that does not really
    sleep (tests) still yields the right waits. Thread-safe.
    """

    def __init__(
        self,
        rate: float = 15.0,
        burst: int = 30,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not (rate > 0 and math.isfinite(rate)):
            raise InputError(f"rate {rate!r} is not a positive number of requests a second; "
                             "data.police.uk allows 15")
        if burst < 1:
            raise InputError(f"burst {burst!r} must be at least 1; data.police.uk allows 30")
        self.rate = float(rate)
        self.burst = int(burst)
        self._clock = clock
        self._sleep = sleep
        self._tokens = float(burst)
        self._last = clock()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Take one token, sleeping first if the bucket is empty; return the seconds slept."""
        with self._lock:
            now = self._clock()
            self._tokens = min(float(self.burst), self._tokens + (now - self._last) * self.rate)
            self._last = now
            self._tokens -= 1.0
            wait = -self._tokens / self.rate if self._tokens < 0 else 0.0
        if wait > 0:
            self._sleep(wait)
        return wait
