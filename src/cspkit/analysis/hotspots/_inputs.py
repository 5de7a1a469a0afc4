"""Shared input checks of the hotspot functions.

Each check takes ``fn``, the name of the public function the user called, so a message reads
``"hotspot_kde(): `cell_size` must be ..."`` whichever helper found the problem. Messages say
what is wrong (with the value) and how to fix it. Problems that cspkit can work around (rows
without coordinates, points outside the area) are reported as :class:`HotspotWarning`; chosen
defaults are announced on stderr by :func:`announce` unless ``quiet``.
"""

from __future__ import annotations

import functools
import math
import os
import sys
import warnings
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from cspkit.analysis._checks import announce
from cspkit.errors import HotspotWarning, InputError

__all__ = [
    "BNG",
    "Points",
    "announce",
    "area_polygon",
    "check_cell_size",
    "check_seed",
    "points_inside",
    "points_xy",
    "warn",
]

#: British National Grid: every hotspot computation is in its metres.
BNG = "EPSG:27700"
WGS84 = "EPSG:4326"

FloatArray = npt.NDArray[np.float64]


def warn(message: str) -> None:
    """Warn as from the user's line that called the public function (outside this package)."""
    here = os.path.dirname(os.path.abspath(__file__))
    frame = sys._getframe(1)
    level = 2
    while frame.f_back is not None and os.path.abspath(frame.f_code.co_filename).startswith(here):
        frame = frame.f_back
        level += 1
    warnings.warn(message, HotspotWarning, stacklevel=level)


@functools.lru_cache(maxsize=4)
def _transformer(src: str, dst: str) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)


def to_bng(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """WGS84 longitude/latitude to British National Grid metres, transforming each place once."""
    pairs, inverse = np.unique(np.column_stack([lon, lat]), axis=0, return_inverse=True)
    x, y = _transformer(WGS84, BNG).transform(pairs[:, 0], pairs[:, 1])
    inverse = inverse.ravel()
    return np.asarray(x, dtype=float)[inverse], np.asarray(y, dtype=float)[inverse]


def to_wgs84(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    lon, lat = _transformer(BNG, WGS84).transform(x, y)
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


@dataclass(frozen=True)
class Points:
    """Points in British National Grid metres, with the input rows they came from."""

    x: FloatArray
    y: FloatArray
    rows: npt.NDArray[np.intp]  # positions in the input frame

    def __len__(self) -> int:
        return len(self.x)

    def take(self, mask: npt.NDArray[np.bool_]) -> Points:
        return Points(self.x[mask], self.y[mask], self.rows[mask])


def _column(frame: pd.DataFrame, name: str) -> str | None:
    """The column called ``name`` ignoring case (police.uk CSVs say ``Longitude``)."""
    for col in frame.columns:
        if isinstance(col, str) and col.lower() == name:
            return col
    return None


def _numbers(frame: pd.DataFrame, col: str, fn: str, arg: str) -> FloatArray:
    values = pd.to_numeric(frame[col], errors="coerce")
    bad = values.isna() & frame[col].notna()
    if bad.any():
        first = frame[col][bad].iloc[0]
        raise InputError(
            f"{fn}(): column {col!r} of `{arg}` must hold numbers, got {first!r} "
            f"(and {int(bad.sum()) - 1:,} more). Clean the column, or read the file with "
            "cspkit's police loader, which types coordinates"
        )
    return values.to_numpy(dtype=float, na_value=np.nan)


def raw_coordinates(
    points: Any, fn: str, arg: str = "points"
) -> tuple[FloatArray, FloatArray, str]:
    """The coordinate arrays of ``points`` and their CRS (``BNG`` or ``WGS84``); NaN if missing."""
    if not isinstance(points, pd.DataFrame):
        raise InputError(
            f"{fn}(): `{arg}` must be a DataFrame or GeoDataFrame of points, got "
            f"{type(points).__name__}. Give e.g. the result of "
            "store.connect().sql('SELECT * FROM street').df()"
        )
    if len(points) == 0:
        raise InputError(
            f"{fn}(): `{arg}` has no rows, so there is nothing to map. Give at least one point, "
            "e.g. a month of street crimes from the store"
        )
    if isinstance(points, gpd.GeoDataFrame) and points._geometry_column_name in points:
        geom = points.geometry
        if geom.crs is None:
            raise InputError(
                f"{fn}(): `{arg}` is a GeoDataFrame without a CRS, so its coordinates cannot be "
                "placed. Set it, e.g. points.set_crs('EPSG:27700') for British National Grid "
                "or points.set_crs('EPSG:4326') for longitude/latitude"
            )
        empty = geom.isna() | geom.is_empty
        if not (geom[~empty].geom_type == "Point").all():
            raise InputError(
                f"{fn}(): `{arg}` must hold points, but its geometry has "
                f"{', '.join(sorted(set(geom[~empty].geom_type)))}. Give one point per incident, "
                "e.g. geometry=geopandas.points_from_xy(df.longitude, df.latitude, crs='EPSG:4326')"
            )
        geom = geom.to_crs(BNG)
        x = np.full(len(geom), np.nan)
        y = np.full(len(geom), np.nan)
        x[~empty.to_numpy()] = shapely.get_x(geom[~empty].to_numpy())
        y[~empty.to_numpy()] = shapely.get_y(geom[~empty].to_numpy())
        return x, y, BNG
    lon, lat = _column(points, "longitude"), _column(points, "latitude")
    if lon is not None and lat is not None:
        return _numbers(points, lon, fn, arg), _numbers(points, lat, fn, arg), WGS84
    xc, yc = _column(points, "x"), _column(points, "y")
    if xc is not None and yc is not None:
        return _numbers(points, xc, fn, arg), _numbers(points, yc, fn, arg), BNG
    have = ", ".join(repr(c) for c in points.columns) or "none"
    raise InputError(
        f"{fn}(): `{arg}` has no coordinates: expected columns longitude and latitude (WGS84, as "
        "police.uk publishes them) or x and y (British National Grid metres), or a GeoDataFrame "
        f"of points; its columns are {have}. Rename the coordinate columns, e.g. "
        "points.rename(columns={'lon': 'longitude', 'lat': 'latitude'})"
    )


def points_xy(points: Any, fn: str, arg: str = "points") -> Points:
    """The points of ``points`` in British National Grid; rows without coordinates left out.

    Rows whose coordinates are missing (police.uk "No Location" rows) are dropped with a
    :class:`HotspotWarning` giving their count; if every row lacks them, that is an error.
    """
    a, b, crs = raw_coordinates(points, fn, arg)
    has = np.isfinite(a) & np.isfinite(b)
    n_all, n_has = len(a), int(has.sum())
    if n_has == 0:
        raise InputError(
            f"{fn}(): none of the {n_all:,} rows of `{arg}` has coordinates (all are missing, "
            "e.g. police.uk 'No Location' rows). Give points with coordinates"
        )
    if n_has < n_all:
        warn(
            f"{fn}(): {n_all - n_has:,} of {n_all:,} rows of `{arg}` have no coordinates "
            "(e.g. police.uk 'No Location' rows) and were left out."
        )
    rows = np.flatnonzero(has)
    a, b = a[has], b[has]
    if crs == WGS84:
        _check_range(a, b, fn, arg)
        x, y = to_bng(a, b)
    else:
        _check_bng(a, b, fn, arg)
        x, y = a, b
    return Points(x, y, rows)


def _check_range(lon: FloatArray, lat: FloatArray, fn: str, arg: str) -> None:
    bad = (np.abs(lon) > 180) | (np.abs(lat) > 90)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"{fn}(): `{arg}` has longitude/latitude ({lon[i]}, {lat[i]}) outside the globe. "
            "Give WGS84 degrees in longitude/latitude, or British National Grid metres in "
            "columns x and y"
        )


def _check_bng(x: FloatArray, y: FloatArray, fn: str, arg: str) -> None:
    if (np.abs(x) <= 180).all() and (np.abs(y) <= 90).all():
        raise InputError(
            f"{fn}(): the x/y coordinates of `{arg}` look like degrees (e.g. {x[0]}, {y[0]}), "
            "not British National Grid metres. Name them longitude and latitude, or give a "
            "GeoDataFrame with its CRS set"
        )


def area_polygon(area: Any, fn: str) -> BaseGeometry | None:
    """``area`` as one valid polygon (or multipolygon) in British National Grid, or None.

    Accepts a Shapely geometry (taken to be in British National Grid), a GeoSeries or a
    GeoDataFrame (turned to British National Grid; its features are unioned, so the wards of
    a district give the district).
    """
    if area is None:
        return None
    if isinstance(area, gpd.GeoDataFrame | gpd.GeoSeries):
        if len(area) == 0:
            raise InputError(
                f"{fn}(): `area` has no features. Give the area's outline, e.g. the district's "
                "wards from cspkit.geography.boundaries()"
            )
        series = area.geometry if isinstance(area, gpd.GeoDataFrame) else area
        if series.crs is None:
            raise InputError(
                f"{fn}(): `area` has no CRS, so it cannot be placed. Set it, e.g. "
                "area.set_crs('EPSG:27700')"
            )
        geom = shapely.union_all(series.to_crs(BNG).make_valid().to_numpy())
    elif isinstance(area, BaseGeometry):
        geom = shapely.make_valid(area)
        xmin, ymin, xmax, ymax = geom.bounds if not geom.is_empty else (0, 0, 0, 0)
        if max(abs(xmin), abs(xmax)) <= 180 and max(abs(ymin), abs(ymax)) <= 90:
            raise InputError(
                f"{fn}(): `area` looks like longitude/latitude (bounds {geom.bounds}), but a "
                "Shapely geometry is taken to be in British National Grid metres. Give a "
                "GeoDataFrame or GeoSeries with its CRS set, or transform the geometry to "
                "EPSG:27700"
            )
    else:
        raise InputError(
            f"{fn}(): `area` must be a GeoDataFrame, GeoSeries or Shapely polygon, got "
            f"{type(area).__name__}. Give e.g. the district's wards from "
            "cspkit.geography.boundaries()"
        )
    geom = _polygonal(geom)
    if geom.is_empty or geom.area <= 0:
        raise InputError(
            f"{fn}(): `area` has no surface (its geometry is {geom.geom_type}, empty or of zero "
            "area). Give polygons, e.g. ward boundaries"
        )
    return geom


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygon parts (make_valid may leave lines where polygons touched)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def points_inside(
    points: Points, area: BaseGeometry | None, fn: str, arg: str = "points"
) -> Points:
    """The points inside ``area`` (its boundary included); the others left out with a warning."""
    if area is None:
        return points
    shapely.prepare(area)
    pairs, inverse = np.unique(np.column_stack([points.x, points.y]), axis=0, return_inverse=True)
    inside = shapely.intersects_xy(area, pairs[:, 0], pairs[:, 1])[inverse.ravel()]
    n_in = int(inside.sum())
    if n_in == 0:
        xmin, ymin, xmax, ymax = (round(v) for v in area.bounds)
        raise InputError(
            f"{fn}(): none of the {len(points):,} points of `{arg}` lies inside `area` "
            f"(area spans x {xmin:,}..{xmax:,}, y {ymin:,}..{ymax:,} in British National Grid "
            f"metres; the points x {round(points.x.min()):,}..{round(points.x.max()):,}, "
            f"y {round(points.y.min()):,}..{round(points.y.max()):,}). Check that the points and "
            "the area are of the same place, and that the area's CRS is set"
        )
    if n_in < len(points):
        warn(
            f"{fn}(): {len(points) - n_in:,} of {len(points):,} points of `{arg}` lie outside "
            "`area` and were left out."
        )
    return points.take(inside)


def check_seed(seed: object, fn: str) -> int:
    """A permutation seed: a whole number from 0 to 2**32 - 1 (numpy's range)."""
    if (
        isinstance(seed, bool)
        or not isinstance(seed, int | np.integer)
        or not 0 <= int(seed) < 2**32
    ):
        raise InputError(
            f"{fn}(): `seed` must be a whole number from 0 to 4294967295, got {seed!r}. "
            "Give e.g. seed=2024; the same seed gives the same p-values"
        )
    return int(seed)


def check_cell_size(cell_size: object, fn: str) -> float:
    """A given cell size as float metres, or an error naming the value and an example."""
    if (
        isinstance(cell_size, bool)
        or not isinstance(cell_size, int | float | np.integer | np.floating)
        or not math.isfinite(float(cell_size))
        or float(cell_size) <= 0
    ):
        raise InputError(
            f"{fn}(): `cell_size` must be a positive number of metres, got {cell_size!r}. "
            "Give the cell size in metres, e.g. cell_size=250"
        )
    return float(cell_size)
