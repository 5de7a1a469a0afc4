"""ONS-style names and codes of the demo district's LSOAs, MSOAs and wards."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import NDArray

from cspkit.demo.names import AreaIdentity

__all__ = ["codes_and_names"]

FloatArray = NDArray[np.float64]


def codes_and_names(
    lsoas: gpd.GeoDataFrame,
    ward_of: NDArray[np.int64],
    msoa_of: NDArray[np.int64],
    ward_names: list[str],
    xy: FloatArray,
    identity: AreaIdentity,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """ONS-style names and codes: MSOAs numbered north to south, codes in name order."""
    msoa_north = np.array([xy[msoa_of == m, 1].mean() for m in range(int(msoa_of.max()) + 1)])
    msoa_number = np.empty_like(msoa_north, dtype=np.int64)
    msoa_number[np.argsort(-msoa_north, kind="stable")] = np.arange(1, len(msoa_north) + 1)
    letters = np.zeros(len(lsoas), dtype=np.int64)
    for m in range(len(msoa_north)):
        members = np.flatnonzero(msoa_of == m)
        letters[members[np.argsort(xy[members, 0], kind="stable")]] = np.arange(len(members))
    lsoas["msoa"] = [f"{identity.district_name} {msoa_number[m]:03d}" for m in msoa_of]
    lsoas["name"] = [f"{m}{chr(65 + k)}" for m, k in zip(lsoas["msoa"], letters, strict=True)]

    ward_rank = {name: i + 1 for i, name in enumerate(sorted(ward_names))}
    ward_codes = [identity.ward_code(ward_rank[name]) for name in ward_names]
    lsoas["ward_code"] = [ward_codes[w] for w in ward_of]
    lsoas["ward_name"] = [ward_names[w] for w in ward_of]
    lsoas = lsoas.sort_values("name", kind="stable").reset_index(drop=True)
    lsoas["code"] = [identity.lsoa_code(i + 1) for i in range(len(lsoas))]

    wards = lsoas.dissolve(by="ward_code", aggfunc={"ward_name": "first", "population": "sum"})
    wards = wards.reset_index().rename(columns={"ward_code": "code", "ward_name": "name"})
    wards["geometry"] = [shapely.normalize(g) for g in wards.geometry]
    columns = ["code", "name", "msoa", "ward_code", "ward_name", "population", "area_km2",
               "ruc", "deprivation", "town_centre", "centre_core", "estate", "estate_core",
               "geometry"]
    return lsoas[columns], wards[["code", "name", "population", "geometry"]]
