"""repeat_locations: the snap points with the most incidents."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cspkit.analysis.hotspots._inputs import WGS84, points_xy, raw_coordinates, to_wgs84
from cspkit.errors import InputError

__all__ = ["REPEAT_COLUMNS", "repeat_locations"]

#: Output columns, in order.
REPEAT_COLUMNS = ("rank", "location", "longitude", "latitude", "n", "share")


def _location_column(points: pd.DataFrame) -> str | None:
    for col in points.columns:
        if isinstance(col, str) and col.lower() == "location":
            return col
    return None


def repeat_locations(points: Any, n: int = 10) -> pd.DataFrame:
    """The ``n`` places with the most incidents: police.uk snap points and their counts.

    police.uk moves every incident to the nearest of a fixed set of anonymised snap points
    ("On or near Week Street"), so incidents at one snap point share exact coordinates; this
    counts incidents per distinct (location text, coordinates).

    Args:
        points: as ``points`` of :func:`hotspot_grid`; the ``location`` column (any case) is
            used when present (else the location is left empty). Rows without coordinates are
            left out, with a warning.
        n: how many places to return (fewer when there are fewer places).

    Returns:
        DataFrame ``rank, location, longitude, latitude, n, share``, most incidents first (ties
        by location text, then coordinates): ``rank`` from 1 (tied places share the smaller
        rank); coordinates in WGS84 degrees (from x/y or a GeoDataFrame when the input has no
        longitude/latitude); ``n`` the incidents there; ``share`` their fraction (0-1) of all
        incidents with coordinates.
    """
    fn = "repeat_locations"
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise InputError(
            f"{fn}(): `n` must be a whole number of at least 1 (how many places to list), "
            f"got {n!r}. Give e.g. n=10"
        )
    pts = points_xy(points, fn)
    a, b, crs = raw_coordinates(points, fn)
    if crs == WGS84:
        lon, lat = a[pts.rows], b[pts.rows]
    else:
        lon, lat = to_wgs84(pts.x, pts.y)
        lon, lat = np.round(lon, 6), np.round(lat, 6)
    col = _location_column(points)
    location = (
        points[col].to_numpy(dtype=object)[pts.rows]
        if col is not None
        else np.full(len(pts), None, dtype=object)
    )
    frame = pd.DataFrame({"location": location, "longitude": lon, "latitude": lat})
    counts = (
        frame.groupby(["location", "longitude", "latitude"], dropna=False, sort=False)
        .size()
        .rename("n")
        .reset_index()
    )
    counts = counts.sort_values(
        ["n", "location", "longitude", "latitude"],
        ascending=[False, True, True, True],
        na_position="last",
        kind="stable",
    ).head(int(n))
    counts["share"] = counts["n"] / len(pts)
    counts.insert(0, "rank", counts["n"].rank(method="min", ascending=False).astype(int))
    return counts.reset_index(drop=True)[list(REPEAT_COLUMNS)]
