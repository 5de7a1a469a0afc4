"""A client for the data.police.uk API, and a downloader that writes police.uk-format street CSVs.

The archive (https://data.police.uk/data/) is the usual way in; the API serves the same records a
month or area at a time, for users who want one district without downloading a national zip::

    from cspkit.sources.police_api import PoliceAPI, download_street

    with PoliceAPI() as api:
        area = api.neighbourhood_boundary("kent", "MA1")
        paths = download_street(api, area, ["2024-01", "2024-02"], "kent", "Kent Police", "police")

``download_street`` writes ``police/2024-01/2024-01-kent-street.csv`` and so on, with the 12
published columns of :data:`cspkit.sources.police_schema.STREET`, so the archive reader loads them
unchanged.

What the client does for you (https://data.police.uk/docs/):

- keeps to the API's rate limit (15 requests a second, bursts of 30) with a :class:`TokenBucket`;
- retries HTTP 429 and 5xx answers and network failures with exponential back-off, honouring
  ``Retry-After``, then raises :class:`~cspkit.errors.SourceError` naming the URL, status and
  attempts;
- sends polygons by GET, or by POST with form data when the URL would pass the API's
  4,094-character limit;
- splits an area into parts when the API refuses it (HTTP 503: more than 10,000 crimes) and joins
  the answers without duplicates (see :meth:`PoliceAPI.crimes_street`).

Polygons are shapely geometries in WGS84 longitude/latitude (EPSG:4326), as GeoPandas has them after
``gdf.to_crs(4326)``; the API's own ``poly`` parameter is ``lat,lng:lat,lng:...`` and is built here.
"""

from __future__ import annotations

import csv
import email.utils
import json
import math
import os
import re
import tempfile
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import httpx
import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

from cspkit import __version__
from cspkit.errors import GeographyError, InputError, SourceError
from cspkit.sources.police_schema import STREET, parse_police_filename

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "DEFAULT_BASE_URL",
    "MAX_GET_URL_LENGTH",
    "PoliceAPI",
    "TokenBucket",
    "crimes_to_rows",
    "download_street",
    "poly_param",
    "write_street_csv",
]

#: Where the API lives.
DEFAULT_BASE_URL = "https://data.police.uk/api/"
#: The API answers HTTP 400 to GET requests longer than this; longer polygons are POSTed.
MAX_GET_URL_LENGTH = 4094

#: One crime, stop or other record exactly as the API's JSON gives it.
Record = dict[str, Any]

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_NEIGHBOURHOOD = re.compile(r"^[A-Za-z0-9_.-]+$")
_BTP_NAME = "British Transport Police"
_BTP_SLUG = "btp"


# --------------------------------------------------------------------------------------------------
# Rate limit


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
            raise InputError(f"rate={rate!r} is not a positive number of requests a second; "
                             "data.police.uk allows 15")
        if burst < 1:
            raise InputError(f"burst={burst!r} must be at least 1; data.police.uk allows 30")
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


# --------------------------------------------------------------------------------------------------
# Argument checks


def _check_month(month: str, argument: str = "month") -> str:
    if not isinstance(month, str) or not _MONTH.match(month):
        raise InputError(
            f"{argument}={month!r} is not a month of the form YYYY-MM; write it like '2024-01'"
        )
    return month


def _check_slug(value: str, argument: str, fix: str) -> str:
    if not isinstance(value, str) or not _SLUG.match(value):
        raise InputError(
            f"{argument}={value!r} is not a data.police.uk id (lower-case letters, digits and "
            f"hyphens, e.g. 'kent', 'all-crime'); {fix}"
        )
    return value


def _check_area(polygon: BaseGeometry, argument: str = "polygon") -> list[Polygon]:
    """The polygon(s) of ``polygon``, checked to be valid, non-empty and in longitude/latitude."""
    if not isinstance(polygon, Polygon | MultiPolygon):
        raise GeographyError(
            f"{argument} is a {type(polygon).__name__}; expected a shapely Polygon or MultiPolygon "
            "in longitude/latitude (take one row's geometry from a GeoDataFrame in EPSG:4326)"
        )
    if polygon.is_empty:
        raise GeographyError(f"{argument} is empty; pass the area to query")
    minx, miny, maxx, maxy = polygon.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise GeographyError(
            f"{argument} has bounds ({minx:g}, {miny:g}, {maxx:g}, {maxy:g}), which are not "
            "longitude/latitude (they look like metres, e.g. British National Grid EPSG:27700); "
            "reproject it first, e.g. gdf.to_crs(4326)"
        )
    if not polygon.is_valid:
        raise GeographyError(
            f"{argument} is not a valid polygon ({shapely.is_valid_reason(polygon)}); "
            "repair it with shapely.make_valid(polygon) or polygon.buffer(0)"
        )
    return list(polygon.geoms) if isinstance(polygon, MultiPolygon) else [polygon]


# --------------------------------------------------------------------------------------------------
# Polygons


def _coordinate(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def poly_param(polygon: Polygon) -> str:
    """The API's ``poly`` value for ``polygon``: its outer ring as ``lat,lng:lat,lng:...``.

    Coordinates are rounded to 6 decimals (about 0.1 m) and the closing point is left out (the API
    joins the last point to the first). Holes cannot be sent; see :meth:`PoliceAPI.crimes_street`.

    >>> poly_param(Polygon([(0.5, 51.25), (0.75, 51.25), (0.75, 51.5)]))
    '51.25,0.5:51.25,0.75:51.5,0.75'
    """
    coords = list(polygon.exterior.coords)[:-1]
    return ":".join(f"{_coordinate(lat)},{_coordinate(lon)}" for lon, lat in coords)


def _polygons_of(geometry: BaseGeometry) -> list[Polygon]:
    """The polygons with area in ``geometry`` (an intersection may add lines and points)."""
    if isinstance(geometry, Polygon):
        return [geometry] if geometry.area > 0 else []
    if hasattr(geometry, "geoms"):
        return [p for g in geometry.geoms for p in _polygons_of(g)]
    return []


def _quadrants(polygon: Polygon) -> list[Polygon]:
    """The parts of ``polygon`` in each quarter of its bounding box."""
    minx, miny, maxx, maxy = polygon.bounds
    midx, midy = (minx + maxx) / 2, (miny + maxy) / 2
    boxes = [box(minx, miny, midx, midy), box(midx, miny, maxx, midy),
             box(minx, midy, midx, maxy), box(midx, midy, maxx, maxy)]
    return [part for b in boxes for part in _polygons_of(polygon.intersection(b))]


def _in_polygon(records: list[Record], polygon: Polygon) -> list[Record]:
    """``records`` without those located in a hole of ``polygon`` (the API only sees the ring)."""
    if not polygon.interiors:
        return records
    located = [(i, _lon_lat(r)) for i, r in enumerate(records)]
    points = [(i, xy) for i, xy in located if xy is not None]
    if not points:
        return records
    inside = shapely.covers(polygon, shapely.points([xy for _, xy in points]))
    dropped = {i for (i, _), keep in zip(points, inside, strict=True) if not keep}
    return [r for i, r in enumerate(records) if i not in dropped]


def _lon_lat(record: Mapping[str, Any]) -> tuple[float, float] | None:
    """A record's (longitude, latitude): crimes carry ``location``, stops carry it too or not."""
    location = record.get("location")
    if not isinstance(location, Mapping):
        return None
    try:
        return float(location["longitude"]), float(location["latitude"])
    except (KeyError, TypeError, ValueError):
        return None


def _merge(groups: Iterable[list[Record]], key: Callable[[Record], str]) -> list[Record]:
    """Join the answers for neighbouring parts, keeping each key as often as its most frequent part.

    A record on a shared edge comes back from both parts: it is kept once. Records that are
    genuinely repeated within one part (two identical stops at one snap point) are all kept.
    """
    kept: Counter[str] = Counter()
    out: list[Record] = []
    for group in groups:
        seen: Counter[str] = Counter()
        for record in group:
            k = key(record)
            seen[k] += 1
            if seen[k] > kept[k]:
                kept[k] = seen[k]
                out.append(record)
    return out


def _crime_key(record: Record) -> str:
    crime_id = record.get("id")
    return f"id:{crime_id}" if crime_id not in (None, "") else _record_key(record)


def _record_key(record: Record) -> str:
    return json.dumps(record, sort_keys=True, separators=(",", ":"))


# --------------------------------------------------------------------------------------------------
# The client


class _TooManyRecords(SourceError):
    """HTTP 503 from an area endpoint: the area holds more than 10,000 records."""


class PoliceAPI:
    """A client of https://data.police.uk/api/, built on :class:`httpx.Client`.

    Arguments (all keyword-only):

    - ``base_url``, ``transport``, ``timeout``: passed to ``httpx.Client``; tests give a local
      server's URL or an ``httpx.MockTransport``.
    - ``rate``, ``burst``: the request rate limit (the API's is 15 a second, bursts of 30).
    - ``max_url_length``: GET URLs longer than this are sent as POST with form data instead.
    - ``max_attempts``: tries per request (HTTP 429, 5xx and network failures are retried).
    - ``backoff``, ``max_backoff``: the first retry waits ``backoff`` seconds, then twice as long
      each time, at most ``max_backoff``; a ``Retry-After`` header overrides this.
    - ``max_retry_after``: a ``Retry-After`` longer than this raises at once rather than waiting.
    - ``min_split_degrees``, ``max_split_requests``: bounds on splitting refused areas
      (see :meth:`crimes_street`).
    - ``clock``, ``sleep``: the time source and sleep, for tests.

    Use it as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        *,
        base_url: str = DEFAULT_BASE_URL,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 60.0,
        rate: float = 15.0,
        burst: int = 30,
        max_url_length: int = MAX_GET_URL_LENGTH,
        max_attempts: int = 5,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        max_retry_after: float = 300.0,
        min_split_degrees: float = 0.002,
        max_split_requests: int = 1024,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_attempts < 1:
            raise InputError(f"max_attempts={max_attempts!r} must be at least 1")
        if backoff < 0 or max_backoff < 0 or max_retry_after < 0:
            raise InputError("backoff, max_backoff and max_retry_after must not be negative")
        if not min_split_degrees > 0:
            raise InputError(f"min_split_degrees={min_split_degrees!r} must be positive")
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.max_url_length = max_url_length
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.min_split_degrees = min_split_degrees
        self.max_split_requests = max_split_requests
        self.limiter = TokenBucket(rate, burst, clock=clock, sleep=sleep)
        self._sleep = sleep
        self._categories: dict[str | None, dict[str, str]] = {}
        self._client = httpx.Client(
            base_url=self.base_url,
            transport=transport,
            timeout=timeout,
            headers={"User-Agent": f"cspkit/{__version__}", "Accept": "application/json"},
        )

    # -- lifetime ----------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def __enter__(self) -> PoliceAPI:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- endpoints ---------------------------------------------------------------------------------

    def crime_categories(self, date: str | None = None) -> dict[str, str]:
        """Crime categories of ``date`` (``YYYY-MM``; latest if None): url -> display name.

        For example ``{"all-crime": "All crime", "anti-social-behaviour": "Anti-social
        behaviour", "violent-crime": "Violence and sexual offences", ...}``. Cached per date.
        """
        if date is not None:
            _check_month(date, "date")
        if date not in self._categories:
            params = {"date": date} if date else None
            answer = self._list("crime-categories", params)
            self._categories[date] = {str(c["url"]): str(c["name"]) for c in answer}
        return dict(self._categories[date])

    def crimes_street_dates(self) -> dict[str, list[str]]:
        """The months the API holds, newest first: month -> ids of forces with stop and search."""
        answer = self._list("crimes-street-dates")
        return {str(m["date"]): [str(f) for f in m.get("stop-and-search", [])] for m in answer}

    def forces(self) -> dict[str, str]:
        """The police forces: id -> name (``"kent"`` -> ``"Kent Police"``)."""
        return {str(f["id"]): str(f["name"]) for f in self._list("forces")}

    def neighbourhoods(self, force: str) -> dict[str, str]:
        """The policing neighbourhoods of ``force``: id -> name."""
        _check_slug(force, "force", "see PoliceAPI.forces() for the ids")
        answer = self._list(
            f"{force}/neighbourhoods",
            not_found=lambda url: GeographyError(
                f"data.police.uk has no police force {force!r} (GET {url} answered HTTP 404); "
                "use an id from PoliceAPI.forces(), e.g. 'kent'"
            ),
        )
        return {str(n["id"]): str(n["name"]) for n in answer}

    def neighbourhood_boundary(self, force: str, nbhd: str) -> Polygon:
        """The boundary of neighbourhood ``nbhd`` of ``force``, as a Polygon in longitude/latitude.

        The ring is as published; if it crosses itself the polygon is invalid and the area
        methods refuse it: repair it with ``shapely.make_valid``.
        """
        _check_slug(force, "force", "see PoliceAPI.forces() for the ids")
        if not isinstance(nbhd, str) or not _NEIGHBOURHOOD.match(nbhd):
            raise InputError(
                f"nbhd={nbhd!r} is not a neighbourhood id; see PoliceAPI.neighbourhoods({force!r})"
            )
        answer = self._list(
            f"{force}/{nbhd}/boundary",
            not_found=lambda url: GeographyError(
                f"data.police.uk has no neighbourhood {nbhd!r} in force {force!r} (GET {url} "
                f"answered HTTP 404); use an id from PoliceAPI.neighbourhoods({force!r})"
            ),
        )
        try:
            points = [(float(p["longitude"]), float(p["latitude"])) for p in answer]
        except (KeyError, TypeError, ValueError) as exc:
            raise SourceError(
                f"data.police.uk sent a boundary for {force}/{nbhd} that cspkit cannot read "
                f"({type(exc).__name__}: {exc}); try again later"
            ) from None
        if len(points) < 3:
            raise SourceError(
                f"data.police.uk sent a boundary of {len(points)} point(s) for {force}/{nbhd}; "
                "a polygon needs at least 3: the neighbourhood has no usable boundary"
            )
        return Polygon(points)

    def crimes_street(
        self, polygon: Polygon | MultiPolygon, month: str, category: str = "all-crime"
    ) -> list[Record]:
        """Street-level crimes (and ASB) of ``month`` inside ``polygon``, as the API's JSON records.

        The API refuses (HTTP 503) an area holding more than 10,000 crimes. cspkit then splits the
        area into the parts of it lying in each quarter of its bounding box (shapely
        intersections; slivers that are only lines or points are dropped, since the neighbouring
        parts cover them), queries each part, splitting again where refused, and joins the
        answers. A crime on an edge shared by two parts is returned by both: it is kept once, by
        its API ``id``. Splitting stops at parts whose bounding box is smaller than
        ``min_split_degrees`` on its longer side (0.002 degrees, about 150-220 m: no such area
        holds 10,000 crimes a month, so a 503 there means the service is failing) and after
        ``max_split_requests`` requests; either raises :class:`SourceError`.

        The API only takes the outer ring of a polygon: crimes in holes are dropped here. A
        MultiPolygon is queried part by part. The answer holds every force's crimes in the area,
        British Transport Police ones included (``location_type`` ``"BTP"``).
        """
        parts = _check_area(polygon)
        _check_month(month)
        _check_slug(category, "category", "see PoliceAPI.crime_categories(month) for the ids")
        return self._area(f"crimes-street/{category}", parts, {"date": month}, _crime_key)

    def crimes_no_location(
        self, force: str, month: str, category: str = "all-crime"
    ) -> list[Record]:
        """The crimes of ``force`` in ``month`` that could not be mapped (``location`` is null)."""
        _check_slug(force, "force", "see PoliceAPI.forces() for the ids")
        _check_month(month)
        _check_slug(category, "category", "see PoliceAPI.crime_categories(month) for the ids")
        return self._list(
            "crimes-no-location",
            {"category": category, "force": force, "date": month},
            not_found=lambda url: InputError(
                f"data.police.uk has no crimes without location for force {force!r}, month "
                f"{month!r}, category {category!r} (GET {url} answered HTTP 404); check the force "
                "against PoliceAPI.forces() and the month against PoliceAPI.crimes_street_dates()"
            ),
        )

    def stops_street(self, polygon: Polygon | MultiPolygon, month: str) -> list[Record]:
        """Stop and searches of ``month`` inside ``polygon``, as the API's JSON records.

        Refused areas are split as in :meth:`crimes_street`; stops have no id, so a stop returned
        by two neighbouring parts is recognised by its whole record.
        """
        parts = _check_area(polygon)
        _check_month(month)
        return self._area("stops-street", parts, {"date": month}, _record_key)

    # -- areas and splitting -----------------------------------------------------------------------

    def _area(
        self,
        path: str,
        parts: list[Polygon],
        params: dict[str, str],
        key: Callable[[Record], str],
    ) -> list[Record]:
        budget = [self.max_split_requests]
        return _merge((self._area_part(path, p, params, key, budget) for p in parts), key)

    def _area_part(
        self,
        path: str,
        polygon: Polygon,
        params: dict[str, str],
        key: Callable[[Record], str],
        budget: list[int],
    ) -> list[Record]:
        if budget[0] <= 0:
            raise SourceError(
                f"data.police.uk kept refusing parts of the area for {path} {params} with HTTP 503 "
                f"after {self.max_split_requests} requests; the service may be failing: try "
                "again later, or allow more with PoliceAPI(max_split_requests=...)"
            )
        budget[0] -= 1
        try:
            records = self._list(path, {**params, "poly": poly_param(polygon)}, split_on_503=True)
        except _TooManyRecords as refused:
            minx, miny, maxx, maxy = polygon.bounds
            if max(maxx - minx, maxy - miny) < self.min_split_degrees:
                raise SourceError(
                    f"{refused} for an area of only {maxx - minx:.6g} x {maxy - miny:.6g} degrees "
                    f"(bounds {minx:.6g}, {miny:.6g}, {maxx:.6g}, {maxy:.6g}), smaller than "
                    f"min_split_degrees={self.min_split_degrees:g}, so cspkit does not split it "
                    "further; the service may be failing: try again later"
                ) from None
            return _merge(
                (self._area_part(path, q, params, key, budget) for q in _quadrants(polygon)), key
            )
        return _in_polygon(records, polygon)

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
                f"(it starts {start!r}); check base_url={self.base_url!r}, or try again later"
            ) from None
        if not isinstance(answer, list) or not all(isinstance(r, dict) for r in answer):
            raise SourceError(
                f"data.police.uk answered {_describe(request)} with JSON that is not a list of "
                f"records (it starts {json.dumps(answer)[:60]!r}); check base_url="
                f"{self.base_url!r}, or try again later"
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
                    raise _TooManyRecords(
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
                        f"wait {retry_after:.0f} s (Retry-After), longer than max_retry_after="
                        f"{self.max_retry_after:g} s; try again after that"
                    )
                wait = retry_after if retry_after is not None else self._backoff(attempt)
            if attempt >= self.max_attempts:
                raise SourceError(
                    f"data.police.uk request {_describe(request)} failed after {attempt} "
                    f"attempt{'s' if attempt > 1 else ''} (last: {last}). The service may be down "
                    "or busy: try again later, or allow more attempts with "
                    "PoliceAPI(max_attempts=...)."
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


# --------------------------------------------------------------------------------------------------
# JSON -> police.uk rows


def _display_name(category: str, names: Mapping[str, str], unknown: set[str]) -> str:
    if category in names:
        return names[category]
    unknown.add(category)
    return category.replace("-", " ").capitalize()


def _location_name(location: Mapping[str, Any]) -> str:
    street = location.get("street")
    name = str(street.get("name") or "").strip() if isinstance(street, Mapping) else ""
    return name if name.startswith("On or near") else f"On or near {name}".rstrip()


def crimes_to_rows(
    crimes: Iterable[Mapping[str, Any]],
    *,
    force_name: str,
    category_names: Mapping[str, str],
    lsoas: gpd.GeoDataFrame | None = None,
) -> list[dict[str, str]]:
    """The API's crime records as police.uk street rows: dicts keyed by ``STREET.published``.

    - ``Crime ID`` is the ``persistent_id`` (blank for anti-social behaviour, as in the archive).
    - ``Reported by`` and ``Falls within`` are ``force_name``; British Transport Police crimes
      (``location_type`` ``"BTP"``) get ``"British Transport Police"``, as in the archive.
    - ``Longitude``/``Latitude`` to 6 decimals, ``Location`` "On or near <street>"; a crime with no
      location has them blank and ``"No Location"``.
    - ``LSOA code``/``LSOA name``: the API has none. Given ``lsoas`` (a GeoDataFrame with columns
      ``lsoa_code``, ``lsoa_name`` and polygons in any CRS with a CRS set), each point gets the
      LSOA containing it (on a boundary, the first one listed); otherwise blank.
    - ``Crime type``: the category's display name from ``category_names``
      (``PoliceAPI.crime_categories(month)``); an unknown category is written from its id
      (``"new-thing"`` -> ``"New thing"``) with a warning.
    - ``Last outcome category``: ``outcome_status.category``, or blank. ``Context``: ``context``.
    """
    crimes = list(crimes)
    points = [_lon_lat(c) for c in crimes]
    codes = _lsoas_of(points, lsoas) if lsoas is not None else [("", "")] * len(crimes)
    unknown: set[str] = set()
    rows = []
    for crime, point, (code, name) in zip(crimes, points, codes, strict=True):
        location = crime.get("location")
        outcome = crime.get("outcome_status")
        reporter = _BTP_NAME if crime.get("location_type") == "BTP" else force_name
        rows.append({
            "Crime ID": str(crime.get("persistent_id") or ""),
            "Month": str(crime.get("month") or ""),
            "Reported by": reporter,
            "Falls within": reporter,
            "Longitude": f"{point[0]:.6f}" if point else "",
            "Latitude": f"{point[1]:.6f}" if point else "",
            "Location": _location_name(location) if isinstance(location, Mapping) and point
            else "No Location",
            "LSOA code": code,
            "LSOA name": name,
            "Crime type": _display_name(str(crime.get("category") or ""), category_names, unknown),
            "Last outcome category": str(outcome.get("category") or "")
            if isinstance(outcome, Mapping) else "",
            "Context": str(crime.get("context") or ""),
        })
    if unknown:
        warnings.warn(
            f"crime categories {sorted(unknown)} are not in category_names; their Crime type was "
            "written from the id. Pass PoliceAPI.crime_categories(month) for the crimes' month",
            stacklevel=2,
        )
    return rows


def _lsoas_of(
    points: Sequence[tuple[float, float] | None], lsoas: gpd.GeoDataFrame
) -> list[tuple[str, str]]:
    """(code, name) of the LSOA holding each point; ("", "") for no point or outside all LSOAs."""
    import geopandas as gpd

    missing = [c for c in ("lsoa_code", "lsoa_name") if c not in lsoas.columns]
    if missing:
        raise InputError(
            f"lsoas lacks column(s) {', '.join(missing)}; it has "
            f"{', '.join(map(str, lsoas.columns))}. Rename the LSOA code and name columns, "
            "e.g. lsoas.rename(columns={'LSOA21CD': 'lsoa_code', 'LSOA21NM': 'lsoa_name'})"
        )
    if lsoas.crs is None:
        raise GeographyError(
            "lsoas has no CRS, so its polygons cannot be matched to longitude/latitude points; "
            "set it, e.g. lsoas.set_crs(27700) for British National Grid"
        )
    out = [("", "")] * len(points)
    located = [(i, p) for i, p in enumerate(points) if p is not None]
    if not located or lsoas.empty:
        return out
    # Many crimes share a snap point: look each distinct point up once.
    unique, inverse = np.unique(np.array([p for _, p in located]), axis=0, return_inverse=True)
    query = gpd.GeoSeries(shapely.points(unique), crs=4326).to_crs(lsoas.crs)
    tree = shapely.STRtree(lsoas.geometry.values)
    point_idx, lsoa_idx = tree.query(query.values, predicate="intersects")
    order = np.lexsort((lsoa_idx, point_idx))
    point_idx, lsoa_idx = point_idx[order], lsoa_idx[order]
    first_points, first = np.unique(point_idx, return_index=True)
    code = lsoas["lsoa_code"].astype(str).to_numpy()
    name = lsoas["lsoa_name"].astype(str).to_numpy()
    found: dict[int, tuple[str, str]] = {
        int(p): (str(code[lsoa_idx[f]]), str(name[lsoa_idx[f]]))
        for p, f in zip(first_points, first, strict=True)
    }
    for (i, _), u in zip(located, np.ravel(inverse), strict=True):
        out[i] = found.get(int(u), ("", ""))
    return out


# --------------------------------------------------------------------------------------------------
# Files


def write_street_csv(rows: Iterable[Mapping[str, str]], path: str | Path) -> Path:
    """Write police.uk street rows to ``path`` (UTF-8, header ``STREET.published``), replacing it.

    The file is written beside its destination and moved over it, so a reader never sees half a
    file and an interrupted download leaves the old one in place.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=STREET.published, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def download_street(
    api: PoliceAPI,
    polygon: Polygon | MultiPolygon,
    months: Iterable[str] | str,
    force_slug: str,
    force_name: str,
    out_dir: str | Path,
    *,
    lsoas: gpd.GeoDataFrame | None = None,
    include_no_location: bool = True,
    include_btp: bool = False,
) -> list[Path]:
    """Download street-level crime for ``polygon`` and write it as police.uk archive files.

    For each month, writes ``out_dir/YYYY-MM/YYYY-MM-<force_slug>-street.csv`` (replacing any
    file there) holding the crimes and ASB inside ``polygon`` plus, if ``include_no_location``,
    the force's crimes that have no location, labelled ``force_name`` (e.g. ``"Kent Police"``).
    British Transport Police crimes in the area are left out, as the force's archive file leaves
    them out; with ``include_btp`` they go to ``YYYY-MM-btp-street.csv`` beside it. The API does
    not say which force recorded a crime: a polygon reaching over a force boundary brings the
    neighbouring force's crimes under ``force_name``. LSOA columns are filled from ``lsoas``
    when given (see :func:`crimes_to_rows`). Returns the paths written, in month order.
    """
    month_list = [months] if isinstance(months, str) else list(months)
    if not month_list:
        raise InputError("months is empty; pass the months to download, e.g. ['2024-01']")
    for month in month_list:
        _check_month(month, "months")
    _check_slug(force_slug, "force_slug", "use the force's id from PoliceAPI.forces(), e.g. 'kent'")
    if force_slug == _BTP_SLUG:
        raise InputError(
            "force_slug='btp': British Transport Police crimes are written with include_btp=True "
            "beside a territorial force's file; pass that force's id as force_slug"
        )
    if parse_police_filename(f"2000-01-{force_slug}-street.csv") is None:
        raise InputError(f"force_slug={force_slug!r} cannot name a police.uk file")
    _check_area(polygon)
    out = Path(out_dir)
    paths: list[Path] = []
    for month in sorted(set(month_list)):
        names = api.crime_categories(month)
        street = api.crimes_street(polygon, month)
        btp = [c for c in street if c.get("location_type") == "BTP"]
        crimes = [c for c in street if c.get("location_type") != "BTP"]
        if include_no_location:
            crimes += api.crimes_no_location(force_slug, month)
        folder = out / month
        rows = crimes_to_rows(crimes, force_name=force_name, category_names=names, lsoas=lsoas)
        paths.append(write_street_csv(rows, folder / f"{month}-{force_slug}-street.csv"))
        if include_btp:
            rows = crimes_to_rows(btp, force_name=_BTP_NAME, category_names=names, lsoas=lsoas)
            paths.append(write_street_csv(rows, folder / f"{month}-{_BTP_SLUG}-street.csv"))
    return paths
