"""Argument checks and polygon helpers of the data.police.uk client.

- the checks of months, ids and areas that every request makes before it is sent;
- :func:`poly_param`, the API's ``poly`` value of a polygon, and the splitting of a refused area
  into quadrants, the dropping of records in holes and the joining of the parts' answers.

:func:`poly_param` is re-exported from :mod:`cspkit.sources.police.api`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

from cspkit.calendar import check_month
from cspkit.errors import GeographyError, InputError

__all__ = ["Record", "poly_param"]

#: One crime, stop or other record exactly as the API's JSON gives it.
Record = dict[str, Any]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


# --------------------------------------------------------------------------------------------------
# Argument checks


def _check_month(month: str, argument: str = "month") -> str:
    return check_month(month, argument)


def _check_slug(value: str, argument: str, fix: str) -> str:
    if not isinstance(value, str) or not _SLUG.match(value):
        raise InputError(
            f"{argument} {value!r} is not a data.police.uk id (lower-case letters, digits and "
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
            "reproject it to longitude/latitude (EPSG:4326) first"
        )
    if not polygon.is_valid:
        raise GeographyError(
            f"{argument} is not a valid polygon ({shapely.is_valid_reason(polygon)}); "
            "repair it first (shapely's make_valid, or a buffer of 0)"
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
