"""The data.police.uk API's crime records as police.uk archive rows and street CSV files.

:func:`crimes_to_rows` converts the API's JSON to the 12 published street columns,
:func:`write_street_csv` writes them and :func:`download_street` does both for an area and
months; all three are re-exported from :mod:`cspkit.sources.police.api`.
"""

from __future__ import annotations

import csv
import os
import tempfile
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon

from cspkit.errors import GeographyError, InputError, SourceWarning
from cspkit.sources.police.api_areas import _check_area, _check_month, _check_slug, _lon_lat
from cspkit.sources.police.schema import STREET, parse_police_filename

if TYPE_CHECKING:
    import geopandas as gpd

    from cspkit.sources.police.api import PoliceAPI

__all__ = ["crimes_to_rows", "download_street", "write_street_csv"]

_BTP_NAME = "British Transport Police"
_BTP_SLUG = "btp"


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
            f"crime categories {sorted(unknown)} are not among the category names of the "
            "crimes' month (PoliceAPI.crime_categories); their Crime type was written from "
            "the id",
            SourceWarning,
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
            f"{', '.join(map(str, lsoas.columns))}. Rename the LSOA code and name columns "
            "(e.g. LSOA21CD and LSOA21NM) to lsoa_code and lsoa_name"
        )
    if lsoas.crs is None:
        raise GeographyError(
            "lsoas has no CRS, so its polygons cannot be matched to longitude/latitude points; "
            "set it (EPSG:27700 for British National Grid)"
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
        _check_month(month)
    _check_slug(force_slug, "force", "use the force's id (PoliceAPI.forces), e.g. 'kent'")
    if force_slug == _BTP_SLUG:
        raise InputError(
            "force 'btp' (British Transport Police) has no street files of its own: its crimes "
            "are written beside a territorial force's (include_btp); give that force's id, e.g. "
            "--force kent"
        )
    if parse_police_filename(f"2000-01-{force_slug}-street.csv") is None:
        raise InputError(f"force {force_slug!r} cannot name a police.uk file")
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
