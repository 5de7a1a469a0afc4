"""A client for the data.police.uk API, and a downloader that writes police.uk-format street CSVs.

The archive (https://data.police.uk/data/) is the usual way in; the API serves the same records a
month or area at a time, for users who want one district without downloading a national zip::

    from cspkit.sources.police.api import PoliceAPI, download_street

    with PoliceAPI() as api:
        area = api.neighbourhood_boundary("kent", "MA1")
        paths = download_street(api, area, ["2024-01", "2024-02"], "kent", "Kent Police", "police")

``download_street`` writes ``police/2024-01/2024-01-kent-street.csv`` and so on, with the 12
published columns of :data:`cspkit.sources.police.schema.STREET`, so the archive reader loads them
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

The client lives here; its parts live beside it and are re-exported, so import everything from
this module: :class:`TokenBucket` in :mod:`~cspkit.sources.police.api_rate`, the argument checks
and :func:`poly_param` in :mod:`~cspkit.sources.police.api_areas`, and :func:`crimes_to_rows`,
:func:`write_street_csv` and :func:`download_street` in :mod:`~cspkit.sources.police.api_rows`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from types import TracebackType

import httpx
from shapely.geometry import MultiPolygon, Polygon

from cspkit import __version__
from cspkit.errors import AreaTooLargeError, GeographyError, InputError, SourceError
from cspkit.sources.police.api_areas import (
    Record,
    _check_area,
    _check_month,
    _check_slug,
    _crime_key,
    _in_polygon,
    _merge,
    _quadrants,
    _record_key,
    poly_param,
)
from cspkit.sources.police.api_http import Requests
from cspkit.sources.police.api_rate import TokenBucket
from cspkit.sources.police.api_rows import crimes_to_rows, download_street, write_street_csv

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

_NEIGHBOURHOOD = re.compile(r"^[A-Za-z0-9_.-]+$")


# --------------------------------------------------------------------------------------------------
# The client


class PoliceAPI(Requests):
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
            raise InputError(f"max_attempts must be at least 1, not {max_attempts!r}")
        if backoff < 0 or max_backoff < 0 or max_retry_after < 0:
            raise InputError("backoff, max_backoff and max_retry_after must not be negative")
        if not min_split_degrees > 0:
            raise InputError(f"min_split_degrees must be over 0, not {min_split_degrees}")
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
        _check_slug(force, "force", "see PoliceAPI.forces for the ids")
        answer = self._list(
            f"{force}/neighbourhoods",
            not_found=lambda url: GeographyError(
                f"data.police.uk has no police force {force!r} (GET {url} answered HTTP 404); "
                "use an id from PoliceAPI.forces, e.g. 'kent'"
            ),
        )
        return {str(n["id"]): str(n["name"]) for n in answer}

    def neighbourhood_boundary(self, force: str, nbhd: str) -> Polygon:
        """The boundary of neighbourhood ``nbhd`` of ``force``, as a Polygon in longitude/latitude.

        The ring is as published; if it crosses itself the polygon is invalid and the area
        methods refuse it: repair it with ``shapely.make_valid``.
        """
        _check_slug(force, "force", "see PoliceAPI.forces for the ids")
        if not isinstance(nbhd, str) or not _NEIGHBOURHOOD.match(nbhd):
            raise InputError(
                f"{nbhd!r} is not a neighbourhood id; see PoliceAPI.neighbourhoods for the "
                f"ids of force {force!r}"
            )
        answer = self._list(
            f"{force}/{nbhd}/boundary",
            not_found=lambda url: GeographyError(
                f"data.police.uk has no neighbourhood {nbhd!r} in force {force!r} (GET {url} "
                f"answered HTTP 404); use an id from PoliceAPI.neighbourhoods for {force!r}"
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
        _check_slug(category, "category", "see PoliceAPI.crime_categories for the ids")
        return self._area(f"crimes-street/{category}", parts, {"date": month}, _crime_key)

    def crimes_no_location(
        self, force: str, month: str, category: str = "all-crime"
    ) -> list[Record]:
        """The crimes of ``force`` in ``month`` that could not be mapped (``location`` is null)."""
        _check_slug(force, "force", "see PoliceAPI.forces for the ids")
        _check_month(month)
        _check_slug(category, "category", "see PoliceAPI.crime_categories for the ids")
        return self._list(
            "crimes-no-location",
            {"category": category, "force": force, "date": month},
            not_found=lambda url: InputError(
                f"data.police.uk has no crimes without location for force {force!r}, month "
                f"{month!r}, category {category!r} (GET {url} answered HTTP 404); check the force "
                "against PoliceAPI.forces and the month against PoliceAPI.crimes_street_dates"
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
                "again later (in Python, PoliceAPI's max_split_requests allows more)"
            )
        budget[0] -= 1
        try:
            records = self._list(path, {**params, "poly": poly_param(polygon)}, split_on_503=True)
        except AreaTooLargeError as refused:
            minx, miny, maxx, maxy = polygon.bounds
            if max(maxx - minx, maxy - miny) < self.min_split_degrees:
                raise SourceError(
                    f"{refused} for an area of only {maxx - minx:.6g} x {maxy - miny:.6g} degrees "
                    f"(bounds {minx:.6g}, {miny:.6g}, {maxx:.6g}, {maxy:.6g}), smaller than "
                    f"the smallest it splits ({self.min_split_degrees:g}, PoliceAPI's "
                    "min_split_degrees), so cspkit does not split it "
                    "further; the service may be failing: try again later"
                ) from None
            return _merge(
                (self._area_part(path, q, params, key, budget) for q in _quadrants(polygon)), key
            )
        return _in_polygon(records, polygon)
