"""Tests of the data.police.uk API client against a real HTTP server on 127.0.0.1 (no internet)."""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import geopandas as gpd
import httpx
import pytest
from pytest_httpserver import HTTPServer
from shapely.geometry import Point, Polygon, box
from werkzeug import Request, Response

from cspkit.errors import GeographyError, InputError, SourceError, SourceWarning
from cspkit.sources.police import api as police_api
from cspkit.sources.police.api import (
    PoliceAPI,
    TokenBucket,
    crimes_to_rows,
    download_street,
    poly_param,
)
from cspkit.sources.police.schema import STREET, parse_police_filename

CATEGORIES = [
    {"url": "all-crime", "name": "All crime"},
    {"url": "anti-social-behaviour", "name": "Anti-social behaviour"},
    {"url": "bicycle-theft", "name": "Bicycle theft"},
    {"url": "burglary", "name": "Burglary"},
    {"url": "violent-crime", "name": "Violence and sexual offences"},
]
NAMES = {c["url"]: c["name"] for c in CATEGORIES}

# Records as the API publishes them (https://data.police.uk/docs/method/crime-street/).
ASB = {
    "category": "anti-social-behaviour", "location_type": "Force",
    "location": {"latitude": "51.272385", "longitude": "0.522045",
                 "street": {"id": 1041950, "name": "On or near Week Street"}},
    "context": "", "outcome_status": None, "persistent_id": "", "id": 91234567,
    "location_subtype": "", "month": "2024-01",
}
BURGLARY = {
    "category": "burglary", "location_type": "Force",
    "location": {"latitude": "51.2701", "street": {"id": 1041951, "name": "Parking Area"},
                 "longitude": "0.53"},
    "context": "Front door forced",
    "outcome_status": {"category": "Investigation complete; no suspect identified",
                       "date": "2024-02"},
    "persistent_id": "4ef9d6a5c8e0b6b4f1b0a7d3c2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3",
    "id": 91234568, "location_subtype": "", "month": "2024-01",
}
NO_LOCATION = {
    "category": "bicycle-theft", "location_type": None, "location": None, "context": "",
    "outcome_status": {"category": "Under investigation", "date": "2024-01"},
    "persistent_id": "b1e2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2",
    "id": 91234569, "location_subtype": "", "month": "2024-01",
}
BTP = {
    "category": "violent-crime", "location_type": "BTP",
    "location": {"latitude": "51.270000", "longitude": "0.521000",
                 "street": {"id": 1, "name": "On or near Maidstone East (Station)"}},
    "context": "", "outcome_status": None, "persistent_id": "c" * 64, "id": 91234570,
    "location_subtype": "STATION", "month": "2024-01",
}


# --------------------------------------------------------------------------------------------------
# Fixtures: a local server on 127.0.0.1 and a client pointed at it


@pytest.fixture(scope="module")
def local_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def server(local_server: HTTPServer) -> Iterator[HTTPServer]:
    local_server.clear()
    yield local_server
    local_server.check_assertions()


@pytest.fixture
def sleeps() -> list[float]:
    """The waits the client asked for; recorded, not slept, so retry tests stay fast."""
    return []


@pytest.fixture
def make_api(server: HTTPServer, sleeps: list[float]) -> Iterator[Callable[..., PoliceAPI]]:
    made: list[PoliceAPI] = []

    def make(**kwargs: Any) -> PoliceAPI:
        options: dict[str, Any] = {
            "base_url": server.url_for("/api/"), "rate": 1e6, "burst": 1000, "backoff": 0.5,
            "sleep": sleeps.append,
        }
        api = PoliceAPI(**{**options, **kwargs})
        made.append(api)
        return api

    yield make
    for api in made:
        api.close()


@pytest.fixture
def api(make_api: Callable[..., PoliceAPI]) -> PoliceAPI:
    return make_api()


def json_response(data: object, status: int = 200) -> Response:
    return Response(json.dumps(data), status=status, content_type="application/json")


def area_of(request: Request) -> Polygon:
    """The polygon of a request's ``poly`` (query string or form), back in lon/lat."""
    pairs = [tuple(map(float, p.split(","))) for p in request.values["poly"].split(":")]
    return Polygon([(lng, lat) for lat, lng in pairs])


def crime_at(crime_id: int, lon: float, lat: float, month: str = "2024-01") -> dict[str, Any]:
    return {
        "category": "burglary", "location_type": "Force",
        "location": {"latitude": f"{lat:.6f}", "longitude": f"{lon:.6f}",
                     "street": {"id": crime_id, "name": f"On or near Street {crime_id}"}},
        "context": "", "outcome_status": None, "persistent_id": f"{crime_id:064x}",
        "id": crime_id, "location_subtype": "", "month": month,
    }


def point_of(crime: dict[str, Any]) -> Point:
    return Point(float(crime["location"]["longitude"]), float(crime["location"]["latitude"]))


def fake_area_service(
    crimes: list[dict[str, Any]], max_side: float, log: list[tuple[Polygon, int]]
) -> Callable[[Request], Response]:
    """Answers like crimes-street: 503 for areas wider than ``max_side``, else crimes inside."""

    def handle(request: Request) -> Response:
        area = area_of(request)
        minx, miny, maxx, maxy = area.bounds
        if max(maxx - minx, maxy - miny) > max_side:
            log.append((area, 503))
            return Response("", status=503)
        inside = [
            c for c in crimes
            if area.covers(point_of(c)) and c["month"] == request.values["date"]
        ]
        log.append((area, len(inside)))
        return json_response(inside)

    return handle


# --------------------------------------------------------------------------------------------------
# Simple endpoints


def test_metadata_endpoints(server: HTTPServer, api: PoliceAPI) -> None:
    server.expect_request("/api/crime-categories", query_string="date=2024-01").respond_with_json(
        CATEGORIES
    )
    server.expect_request("/api/crimes-street-dates").respond_with_json(
        [{"date": "2024-02", "stop-and-search": ["kent", "essex"]},
         {"date": "2024-01", "stop-and-search": []}]
    )
    server.expect_request("/api/forces").respond_with_json(
        [{"id": "kent", "name": "Kent Police"}, {"id": "essex", "name": "Essex Police"}]
    )
    server.expect_request("/api/kent/neighbourhoods").respond_with_json(
        [{"id": "MA1", "name": "Maidstone Central"}]
    )
    server.expect_request("/api/kent/MA1/boundary").respond_with_json(
        [{"latitude": "51.27", "longitude": "0.52"}, {"latitude": "51.27", "longitude": "0.53"},
         {"latitude": "51.28", "longitude": "0.53"}]
    )

    assert api.crime_categories("2024-01") == NAMES
    assert api.crime_categories("2024-01") == NAMES  # cached: one request only
    assert api.crimes_street_dates() == {"2024-02": ["kent", "essex"], "2024-01": []}
    assert api.forces() == {"kent": "Kent Police", "essex": "Essex Police"}
    assert api.neighbourhoods("kent") == {"MA1": "Maidstone Central"}
    boundary = api.neighbourhood_boundary("kent", "MA1")
    assert isinstance(boundary, Polygon)
    assert boundary.equals(Polygon([(0.52, 51.27), (0.53, 51.27), (0.53, 51.28)]))
    assert server.get_matching_requests_count(server.create_matcher("/api/crime-categories")) == 1
    assert server.log[0][0].headers["User-Agent"].startswith("cspkit/")


def test_unknown_force_is_a_geography_error(server: HTTPServer, api: PoliceAPI) -> None:
    server.expect_request("/api/nowhere/neighbourhoods").respond_with_data("Not found", status=404)
    url = server.url_for("/api/nowhere/neighbourhoods")
    with pytest.raises(GeographyError) as caught:
        api.neighbourhoods("nowhere")
    assert str(caught.value) == (
        f"data.police.uk has no police force 'nowhere' (GET {url} answered HTTP 404); "
        "use an id from PoliceAPI.forces, e.g. 'kent'"
    )


def test_arguments_are_checked_before_any_request(server: HTTPServer, api: PoliceAPI) -> None:
    square = box(0.5, 51.2, 0.6, 51.3)
    with pytest.raises(InputError) as caught:
        api.crimes_street(square, "2024-1")
    assert str(caught.value) == (
        "'2024-1' is not a month; write it as YYYY-MM, e.g. 2021-05"
    )
    with pytest.raises(GeographyError) as geo:
        api.crimes_street(box(575000, 155000, 576000, 156000), "2024-01")
    assert str(geo.value) == (
        "polygon has bounds (575000, 155000, 576000, 156000), which are not longitude/latitude "
        "(they look like metres, e.g. British National Grid EPSG:27700); reproject it to "
        "longitude/latitude (EPSG:4326) first"
    )
    with pytest.raises(InputError, match=r"^category 'All Crime' is not a data\.police\.uk id"):
        api.crimes_street(square, "2024-01", category="All Crime")
    bowtie = Polygon([(0, 51), (1, 52), (1, 51), (0, 52)])
    with pytest.raises(GeographyError, match=r"not a valid polygon \(Self-intersection"):
        api.crimes_street(bowtie, "2024-01")
    assert server.log == []


# --------------------------------------------------------------------------------------------------
# GET or POST


def test_short_polygons_go_by_get_long_ones_by_post(
    server: HTTPServer, make_api: Callable[..., PoliceAPI]
) -> None:
    seen: list[Request] = []

    def handle(request: Request) -> Response:
        seen.append(request)
        return json_response([])

    server.expect_request("/api/crimes-street/all-crime").respond_with_handler(handle)
    square = box(0.5, 51.25, 0.75, 51.5)
    expected_poly = "51.25,0.75:51.5,0.75:51.5,0.5:51.25,0.5"
    assert poly_param(square) == expected_poly

    make_api().crimes_street(square, "2024-01")
    assert seen[-1].method == "GET"
    assert seen[-1].args.to_dict() == {"date": "2024-01", "poly": expected_poly}

    make_api(max_url_length=60).crimes_street(square, "2024-01")
    assert seen[-1].method == "POST"
    assert seen[-1].args.to_dict() == {}
    assert seen[-1].form.to_dict() == {"date": "2024-01", "poly": expected_poly}

    # A detailed boundary passes the API's 4,094 characters: POST with the default limit.
    circle = Point(0.5, 51.5).buffer(0.1, quad_segs=64)
    assert len(poly_param(circle)) > police_api.MAX_GET_URL_LENGTH
    make_api().crimes_street(circle, "2024-01")
    assert seen[-1].method == "POST"
    assert seen[-1].form["poly"] == poly_param(circle)


# --------------------------------------------------------------------------------------------------
# Retries


def test_429_waits_for_retry_after_then_succeeds(
    server: HTTPServer, api: PoliceAPI, sleeps: list[float]
) -> None:
    server.expect_ordered_request("/api/forces").respond_with_data(
        "Too many requests", status=429, headers={"Retry-After": "2"}
    )
    server.expect_ordered_request("/api/forces").respond_with_json(
        [{"id": "kent", "name": "Kent Police"}]
    )
    assert api.forces() == {"kent": "Kent Police"}
    assert sleeps == [2.0]
    assert len(server.log) == 2


def test_500_is_retried_with_backoff_then_raises(
    server: HTTPServer, make_api: Callable[..., PoliceAPI], sleeps: list[float]
) -> None:
    server.expect_request("/api/forces").respond_with_data("oops", status=500)
    api = make_api(max_attempts=3)
    with pytest.raises(SourceError) as caught:
        api.forces()
    assert str(caught.value) == (
        f"data.police.uk request GET {server.url_for('/api/forces')} failed after 3 attempts "
        "(last: HTTP 500 Internal Server Error). The service may be down or busy: try again "
        "later (in Python, PoliceAPI's max_attempts allows more attempts)."
    )
    assert sleeps == [0.5, 1.0]  # exponential back-off between the three attempts
    assert len(server.log) == 3


def test_a_retry_after_too_long_raises_at_once(
    server: HTTPServer, make_api: Callable[..., PoliceAPI], sleeps: list[float]
) -> None:
    server.expect_request("/api/forces").respond_with_data(
        "", status=503, headers={"Retry-After": "3600"}
    )
    with pytest.raises(SourceError) as caught:
        make_api(max_retry_after=60).forces()
    assert str(caught.value) == (
        f"data.police.uk answered GET {server.url_for('/api/forces')} with HTTP 503 Service "
        "Unavailable and asked to wait 3600 s (Retry-After), longer than cspkit waits (60 s, "
        "PoliceAPI's max_retry_after); try again after that"
    )
    assert sleeps == []


def test_client_errors_and_html_are_not_retried(server: HTTPServer, api: PoliceAPI) -> None:
    server.expect_request("/api/forces").respond_with_data("<!DOCTYPE html><html>", status=200)
    with pytest.raises(SourceError, match="with something other than JSON \\(it starts '<!DOCTYPE"):
        api.forces()
    server.clear()
    server.expect_request("/api/crime-categories").respond_with_data("bad date", status=400)
    refused = r"refused GET .* with HTTP 400 Bad Request \('bad date'\)"
    with pytest.raises(SourceError, match=refused):
        api.crime_categories("2024-01")
    assert len(server.log) == 1


def test_network_failures_are_retried_then_raise(sleeps: list[float]) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    api = PoliceAPI(transport=httpx.MockTransport(refuse), max_attempts=2, backoff=0.25,
                    sleep=sleeps.append)
    with api, pytest.raises(SourceError) as caught:
        api.forces()
    assert str(caught.value) == (
        "data.police.uk request GET https://data.police.uk/api/forces failed after 2 attempts "
        "(last: ConnectError: connection refused). The service may be down or busy: try again "
        "later (in Python, PoliceAPI's max_attempts allows more attempts)."
    )
    assert sleeps == [0.25]


# --------------------------------------------------------------------------------------------------
# Rate limit


def test_token_bucket_allows_a_burst_then_the_rate() -> None:
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    bucket = TokenBucket(15, 30, clock=lambda: now[0], sleep=sleep)
    for _ in range(60):
        bucket.acquire()
    assert waits[:1] == [pytest.approx(1 / 15)]
    assert len(waits) == 30  # the first 30 went at once
    assert now[0] == pytest.approx(30 / 15)
    now[0] += 10.0  # idle: the bucket refills to its burst, no more
    for _ in range(30):
        bucket.acquire()
    assert len(waits) == 30


def test_requests_keep_to_the_rate_limit(
    server: HTTPServer, make_api: Callable[..., PoliceAPI]
) -> None:
    server.expect_request("/api/forces").respond_with_json([])
    api = make_api(rate=200, burst=5, sleep=time.sleep)
    started = time.monotonic()
    for _ in range(25):
        api.forces()
    elapsed = time.monotonic() - started
    assert len(server.log) == 25
    assert elapsed >= (25 - 5) / 200 * 0.98


# --------------------------------------------------------------------------------------------------
# Splitting areas the API refuses


L_SHAPE = Polygon([(0, 51), (1, 51), (1, 51.5), (0.5, 51.5), (0.5, 52), (0, 52)])


def grid_crimes() -> list[dict[str, Any]]:
    """A crime every 0.125 degrees: many on the edges and corners of the split parts."""
    return [crime_at(100 * i + j, i * 0.125, 51 + j * 0.125) for i in range(9) for j in range(9)]


def test_refused_areas_are_split_and_joined_without_duplicates(
    server: HTTPServer, api: PoliceAPI
) -> None:
    crimes = grid_crimes()
    log: list[tuple[Polygon, int]] = []
    server.expect_request("/api/crimes-street/all-crime").respond_with_handler(
        fake_area_service(crimes, max_side=0.3, log=log)
    )
    result = api.crimes_street(L_SHAPE, "2024-01")

    expected = sorted(
        c["id"] for c in crimes if L_SHAPE.covers(point_of(c))
    )
    assert sorted(c["id"] for c in result) == expected
    assert len(result) == len(expected) == 65
    refused = [area for area, status in log if status == 503]
    answered = [n for _, n in log if n != 503]
    assert len(refused) == 4  # the L, then its three non-empty quarters
    assert len(answered) == 12
    assert sum(answered) > len(expected)  # edge crimes came back twice and were kept once


def test_splitting_stops_at_min_split_degrees(
    server: HTTPServer, make_api: Callable[..., PoliceAPI]
) -> None:
    server.expect_request("/api/crimes-street/all-crime").respond_with_data("", status=503)
    url = server.url_for("/api/crimes-street/all-crime")
    with pytest.raises(SourceError) as caught:
        make_api(min_split_degrees=0.3).crimes_street(box(0, 51, 1, 52), "2024-01")
    assert str(caught.value) == (
        f"data.police.uk refused GET {url}?date=2024-01&poly=51%2C0%3A51.25%2C0%3A51.25%2C0.25"
        "%3A51%2C0.25 with HTTP 503 (more than 10,000 records in the area) for an area of only "
        "0.25 x 0.25 degrees (bounds 0, 51, 0.25, 51.25), smaller than the smallest it splits "
        "(0.3, PoliceAPI's min_split_degrees), so cspkit does not split it further; the service "
        "may be failing: try again later"
    )
    assert len(server.log) == 3  # the square, its first quarter, that one's first quarter


def test_crimes_in_a_hole_are_dropped(server: HTTPServer, api: PoliceAPI) -> None:
    crimes = grid_crimes()
    server.expect_request("/api/crimes-street/all-crime").respond_with_handler(
        fake_area_service(crimes, max_side=10, log=[])
    )
    ring = Polygon(box(0, 51, 1, 52).exterior.coords, [box(0.3, 51.3, 0.7, 51.7).exterior.coords])
    ids = {c["id"] for c in api.crimes_street(ring, "2024-01")}
    assert len(ids) == 81 - 9  # the 3 x 3 grid points strictly inside the hole are gone
    assert 404 not in ids and 303 not in ids and 202 in ids


# --------------------------------------------------------------------------------------------------
# JSON -> police.uk rows


def test_crimes_become_police_uk_rows() -> None:
    rows = crimes_to_rows(
        [ASB, BURGLARY, NO_LOCATION, BTP], force_name="Kent Police", category_names=NAMES
    )
    assert all(list(row) == list(STREET.published) for row in rows)
    assert rows[0] == {
        "Crime ID": "", "Month": "2024-01", "Reported by": "Kent Police",
        "Falls within": "Kent Police", "Longitude": "0.522045", "Latitude": "51.272385",
        "Location": "On or near Week Street", "LSOA code": "", "LSOA name": "",
        "Crime type": "Anti-social behaviour", "Last outcome category": "", "Context": "",
    }
    assert rows[1] == {
        "Crime ID": BURGLARY["persistent_id"], "Month": "2024-01", "Reported by": "Kent Police",
        "Falls within": "Kent Police", "Longitude": "0.530000", "Latitude": "51.270100",
        "Location": "On or near Parking Area", "LSOA code": "", "LSOA name": "",
        "Crime type": "Burglary",
        "Last outcome category": "Investigation complete; no suspect identified",
        "Context": "Front door forced",
    }
    assert rows[2] == {
        "Crime ID": NO_LOCATION["persistent_id"], "Month": "2024-01",
        "Reported by": "Kent Police", "Falls within": "Kent Police", "Longitude": "",
        "Latitude": "", "Location": "No Location", "LSOA code": "", "LSOA name": "",
        "Crime type": "Bicycle theft", "Last outcome category": "Under investigation",
        "Context": "",
    }
    assert rows[3]["Reported by"] == rows[3]["Falls within"] == "British Transport Police"
    assert rows[3]["Crime type"] == "Violence and sexual offences"


def test_unknown_categories_are_named_from_their_id_with_a_warning() -> None:
    odd = {**BURGLARY, "category": "new-thing"}
    with pytest.warns(SourceWarning, match=r"^crime categories \['new-thing'\] are not among "
                      r"the category names of the crimes' month \(PoliceAPI\.crime_categories\); "
                      r"their Crime type was written from the id$"):
        (row,) = crimes_to_rows([odd], force_name="Kent Police", category_names=NAMES)
    assert row["Crime type"] == "New thing"


def test_lsoas_are_filled_by_point_in_polygon_in_any_crs() -> None:
    lsoas = gpd.GeoDataFrame(
        {"lsoa_code": ["E01024404", "E01024405"],
         "lsoa_name": ["Maidstone 010A", "Maidstone 010B"]},
        geometry=[box(0.51, 51.26, 0.525, 51.28), box(0.525, 51.26, 0.54, 51.28)],
        crs=4326,
    ).to_crs(27700)
    far = crime_at(7, 1.5, 52.5)
    rows = crimes_to_rows(
        [ASB, BURGLARY, NO_LOCATION, ASB, far], force_name="Kent Police", category_names=NAMES,
        lsoas=lsoas,
    )
    assert [(r["LSOA code"], r["LSOA name"]) for r in rows] == [
        ("E01024404", "Maidstone 010A"), ("E01024405", "Maidstone 010B"), ("", ""),
        ("E01024404", "Maidstone 010A"), ("", ""),
    ]
    with pytest.raises(InputError, match="lsoas lacks column\\(s\\) lsoa_name; it has"):
        crimes_to_rows([ASB], force_name="K", category_names=NAMES,
                       lsoas=lsoas.drop(columns="lsoa_name"))
    with pytest.raises(GeographyError, match="lsoas has no CRS"):
        crimes_to_rows([ASB], force_name="K", category_names=NAMES,
                       lsoas=lsoas.set_crs(None, allow_override=True))


# --------------------------------------------------------------------------------------------------
# download_street


def test_download_street_writes_police_uk_files(
    server: HTTPServer, api: PoliceAPI, tmp_path: Path
) -> None:
    area = box(0.5, 51.25, 0.55, 51.3)
    violence = {**crime_at(5, 0.52, 51.27, "2024-02"), "category": "violent-crime"}
    street: list[dict[str, Any]] = [ASB, BURGLARY, BTP, violence]

    def crimes_street(request: Request) -> Response:
        assert area_of(request).equals(area)
        return json_response([c for c in street if c["month"] == request.values["date"]])

    def no_location(request: Request) -> Response:
        assert request.args["force"] == "kent"
        month = request.args["date"]
        return json_response([NO_LOCATION] if month == "2024-01" else [])

    server.expect_request("/api/crime-categories").respond_with_json(CATEGORIES)
    server.expect_request("/api/crimes-street/all-crime").respond_with_handler(crimes_street)
    server.expect_request("/api/crimes-no-location").respond_with_handler(no_location)

    stale = tmp_path / "2024-01" / "2024-01-kent-street.csv"
    stale.parent.mkdir()
    stale.write_text("old,file\n1,2\n", encoding="utf-8")

    paths = download_street(api, area, ["2024-02", "2024-01"], "kent", "Kent Police", tmp_path)
    assert paths == [stale, tmp_path / "2024-02" / "2024-02-kent-street.csv"]
    for path in paths:
        assert parse_police_filename(path.name) == (path.parent.name, "kent", STREET)
        with path.open(encoding="utf-8", newline="") as f:
            assert next(csv.reader(f)) == list(STREET.published)

    # The files parse with the store's column types, as the archive reader reads them.
    columns = dict(zip(STREET.published, STREET.types, strict=True))
    january = duckdb.read_csv(str(paths[0]), header=True, columns=columns).fetchall()
    assert [(r[0], r[4], r[6], r[9]) for r in january] == [
        (None, 0.522045, "On or near Week Street", "Anti-social behaviour"),
        (BURGLARY["persistent_id"], 0.53, "On or near Parking Area", "Burglary"),
        (NO_LOCATION["persistent_id"], None, "No Location", "Bicycle theft"),
    ]
    february = duckdb.read_csv(str(paths[1]), header=True, columns=columns).fetchall()
    assert [(r[1], r[2], r[9]) for r in february] == [
        ("2024-02", "Kent Police", "Violence and sexual offences")
    ]

    # British Transport Police crimes go to their own file only when asked for.
    paths = download_street(api, area, "2024-01", "kent", "Kent Police", tmp_path / "b",
                            include_no_location=False, include_btp=True)
    assert [p.name for p in paths] == ["2024-01-kent-street.csv", "2024-01-btp-street.csv"]
    with paths[1].open(encoding="utf-8", newline="") as f:
        (btp_row,) = list(csv.DictReader(f))
    assert btp_row["Reported by"] == "British Transport Police"
    with paths[0].open(encoding="utf-8", newline="") as f:
        assert len(list(csv.DictReader(f))) == 2


def test_download_street_checks_its_arguments(api: PoliceAPI, tmp_path: Path) -> None:
    area = box(0.5, 51.25, 0.55, 51.3)
    with pytest.raises(InputError) as caught:
        download_street(api, area, [], "kent", "Kent Police", tmp_path)
    assert str(caught.value) == "months is empty; pass the months to download, e.g. ['2024-01']"
    with pytest.raises(InputError, match=r"^force 'Kent' is not a data\.police\.uk id"):
        download_street(api, area, ["2024-01"], "Kent", "Kent Police", tmp_path)
    with pytest.raises(InputError, match=r"^'2024-13' is not a month; write it as YYYY-MM"):
        download_street(api, area, ["2024-01", "2024-13"], "kent", "Kent Police", tmp_path)


def test_public_api() -> None:
    assert sorted(police_api.__all__) == police_api.__all__
    for name in police_api.__all__:
        assert hasattr(police_api, name), name
