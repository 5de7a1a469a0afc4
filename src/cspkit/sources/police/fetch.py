"""Fetch a district's street crime from the data.police.uk API into police.uk archive files.

This joins three layers: the district's area from the stored boundaries (geography), the API
client, and the files it writes, which the ordinary loader (:mod:`.load`) then reads.
"""

from __future__ import annotations

from pathlib import Path

from shapely.geometry.base import BaseGeometry

from cspkit.calendar import month_range
from cspkit.errors import GeographyError, NotLoadedError
from cspkit.geography import boundaries
from cspkit.sources.police.api import PoliceAPI, download_street
from cspkit.store import Store

__all__ = ["district_area", "fetch_district"]


def district_area(store: Store, district: str) -> BaseGeometry:
    """The union of the district's stored ward boundaries, in WGS84 longitude/latitude."""
    wards = boundaries(store, "ward")
    mine = wards[wards["lad_code"] == district]
    if mine.empty:
        raise GeographyError(
            f"no ward boundaries of district {district} are loaded (the stored wards belong to "
            f"{', '.join(sorted(set(wards['lad_code'].dropna()))[:8]) or 'no district'}); load "
            "its wards with `cspkit load geography boundaries FILE`"
        )
    return mine.to_crs(4326).union_all()


def fetch_district(
    store: Store,
    district: str,
    force_slug: str,
    first: str,
    last: str,
    out_dir: Path,
    *,
    api: PoliceAPI | None = None,
) -> list[Path]:
    """Download every month from ``first`` to ``last`` for the district; the files written."""
    area = district_area(store, district)
    try:
        lsoas = boundaries(store, "lsoa").rename(columns={"code": "lsoa_code", "name": "lsoa_name"})
    except NotLoadedError:  # LSOA boundaries are optional: without them LSOA columns stay blank
        lsoas = None
    owned = api is None
    api = api or PoliceAPI()
    try:
        forces = api.forces()
        force_name = forces.get(force_slug)
        if force_name is None:
            raise GeographyError(
                f"data.police.uk has no force {force_slug!r}; give one of its force ids with "
                f"--force: {', '.join(sorted(forces))}"
            )
        return download_street(
            api, area, month_range(first, last), force_slug, force_name, out_dir, lsoas=lsoas
        )
    finally:
        if owned:
            api.close()
