"""Sending requests to data.police.uk within its rate limit, retrying what can be retried.

:class:`Requests` is the part of :class:`~cspkit.sources.police.api.PoliceAPI` that speaks
HTTP: it builds each request (POST where a GET's address would be too long), sends it within
the rate limit, retries HTTP 429, 5xx and network failures with backoff (or as ``Retry-After``
says), and turns every other answer into :class:`~cspkit.errors.SourceError` naming the request.
"""

from __future__ import annotations

import email.utils
import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

import httpx

from cspkit.errors import AreaTooLargeError, SourceError
from cspkit.sources.police.api_rate import TokenBucket

__all__ = ["Requests"]

from cspkit.sources.police.api_areas import Record


class Requests:
    """HTTP for :class:`~cspkit.sources.police.api.PoliceAPI` (which sets these attributes)."""

    base_url: str
    max_url_length: int
    max_attempts: int
    backoff: float
    max_backoff: float
    max_retry_after: float
    limiter: TokenBucket
    _client: httpx.Client
    _sleep: Callable[[float], None]

    # -- HTTP --------------------------------------------------------------------------------------

    def _build(self, path: str, params: Mapping[str, str] | None) -> httpx.Request:
        request = self._client.build_request("GET", path, params=params)
        if params and len(str(request.url)) > self.max_url_length:
            request = self._client.build_request("POST", path, data=dict(params))
        return request

    def _list(
        self,
        path: str,
        params: Mapping[str, str] | None = None,
        *,
        split_on_503: bool = False,
        not_found: Callable[[str], Exception] | None = None,
    ) -> list[Record]:
        request = self._build(path, params)
        response = self._send(request, split_on_503=split_on_503, not_found=not_found)
        try:
            answer = response.json()
        except ValueError:
            start = response.text[:60].strip()
            raise SourceError(
                f"data.police.uk answered {_describe(request)} with something other than JSON "
                f"(it starts {start!r}); check the API's address {self.base_url} (--api-url), "
                "or try again later"
            ) from None
        if not isinstance(answer, list) or not all(isinstance(r, dict) for r in answer):
            raise SourceError(
                f"data.police.uk answered {_describe(request)} with JSON that is not a list of "
                f"records (it starts {json.dumps(answer)[:60]!r}); check the API's address "
                f"{self.base_url} (--api-url), or try again later"
            )
        return answer

    def _send(
        self,
        request: httpx.Request,
        *,
        split_on_503: bool,
        not_found: Callable[[str], Exception] | None,
    ) -> httpx.Response:
        """Send ``request`` within the rate limit, retrying 429, 5xx and network failures."""
        attempt = 0
        while True:
            attempt += 1
            self.limiter.acquire()
            try:
                response = self._client.send(request)
            except httpx.TransportError as exc:
                last = f"{type(exc).__name__}: {exc}"
                wait = self._backoff(attempt)
            else:
                status = response.status_code
                reason = httpx.codes.get_reason_phrase(status) or response.reason_phrase
                if status < 400:
                    return response
                if status == 503 and split_on_503:
                    raise AreaTooLargeError(
                        f"data.police.uk refused {_describe(request)} with HTTP 503 (more than "
                        "10,000 records in the area)"
                    )
                if status == 404 and not_found is not None:
                    raise not_found(_short(str(request.url)))
                if status != 429 and status < 500:
                    raise SourceError(
                        f"data.police.uk refused {_describe(request)} with HTTP {status} "
                        f"{reason} ({response.text[:120].strip()!r}); check the "
                        "arguments against https://data.police.uk/docs/"
                    )
                last = f"HTTP {status} {reason}"
                retry_after = _retry_after(response)
                if retry_after is not None and retry_after > self.max_retry_after:
                    raise SourceError(
                        f"data.police.uk answered {_describe(request)} with {last} and asked to "
                        f"wait {retry_after:.0f} s (Retry-After), longer than cspkit waits "
                        f"({self.max_retry_after:g} s, PoliceAPI's max_retry_after); try again "
                        "after that"
                    )
                wait = retry_after if retry_after is not None else self._backoff(attempt)
            if attempt >= self.max_attempts:
                raise SourceError(
                    f"data.police.uk request {_describe(request)} failed after {attempt} "
                    f"attempt{'s' if attempt > 1 else ''} (last: {last}). The service may be down "
                    "or busy: try again later (in Python, PoliceAPI's max_attempts allows more "
                    "attempts)."
                )
            if wait > 0:
                self._sleep(wait)

    def _backoff(self, attempt: int) -> float:
        return float(min(self.backoff * 2 ** (attempt - 1), self.max_backoff))


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), if any."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _short(url: str, limit: int = 200) -> str:
    return url if len(url) <= limit else f"{url[:limit]}... ({len(url)} characters)"


def _describe(request: httpx.Request) -> str:
    return f"{request.method} {_short(str(request.url))}"
