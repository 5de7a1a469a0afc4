"""Fixtures for the places tests: hand-made grids of square wards, and real Maidstone data."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from cspkit.analysis.places import district_wards, ward_features
from cspkit.sources import load_boundaries, load_lookup, load_police, load_population
from cspkit.store import Store

MAIDSTONE = "E07000110"
SHEPWAY_NORTH, SHEPWAY_SOUTH = "E05005003", "E05005004"
#: Financial year 2021/22: twelve whole months of Kent street data.
MONTHS = (*(f"2021-{m:02d}" for m in range(4, 13)), "2022-01", "2022-02", "2022-03")


def grid(n: int = 4, size: float = 1000.0, x0: float = 500_000, y0: float = 150_000,
         extra: list[tuple[str, float, float]] | None = None) -> gpd.GeoDataFrame:
    """An n x n grid of square wards in British National Grid, codes ``r<row>c<col>``
    (row 0 at the bottom), plus ``extra`` squares (code, x, y of the lower-left corner)."""
    rows = [(f"r{r}c{c}", box(x0 + c * size, y0 + r * size, x0 + (c + 1) * size,
                              y0 + (r + 1) * size)) for r in range(n) for c in range(n)]
    for code, x, y in extra or []:
        rows.append((code, box(x, y, x + size, y + size)))
    return gpd.GeoDataFrame({"code": [c for c, _ in rows], "name": [c.upper() for c, _ in rows]},
                            geometry=[g for _, g in rows], crs="EPSG:27700")


def quadrant_features(wards: gpd.GeoDataFrame, noise: float = 0.05, seed: int = 1
                      ) -> pd.DataFrame:
    """Two features whose values set the four 2x2 quadrants of a 4x4 grid clearly apart."""
    rng = np.random.default_rng(seed)
    rows = []
    for code in wards["code"]:
        r, c = int(code[1]), int(code[3])
        rows.append((code, 10.0 * (r >= 2), 10.0 * (c >= 2)))
    f = pd.DataFrame(rows, columns=["code", "a", "b"]).set_index("code")
    return f + rng.normal(0, noise, size=f.shape)


@pytest.fixture
def grid4() -> gpd.GeoDataFrame:
    return grid(4)


@pytest.fixture(scope="session")
def maidstone_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Maidstone's lookups, WD22 wards, LSOA 2011 boundaries, mid-2019 population and Kent
    street data for 2021/22. Tests must not change it."""
    store = Store(tmp_path_factory.mktemp("places") / "store")
    lookups = shared_data / "geography" / "lookups"
    load_lookup(store, [lookups / name for name in ("LSOA11_WD19_LAD19_EW_LU.csv",
                                                    "LAD19_CSP19_PFA19_EW_LU.csv")])
    bounds = shared_data / "geography" / "boundaries"
    load_boundaries(store, [bounds / "maidstone_wards_WD22_E07000110.geojson",
                            bounds / "maidstone_lsoa2011_E07000110.geojson"])
    load_population(store, shared_data / "population" / "mysociety_lsoa_population_mid2019_uk.csv")
    street = shared_data / "police" / "kent" / "street"
    load_police(store, [street / m / f"{m}-kent-street.csv" for m in MONTHS])
    return store


@pytest.fixture(scope="session")
def maidstone_wards(maidstone_store: Store) -> gpd.GeoDataFrame:
    return district_wards(maidstone_store, MAIDSTONE)


@pytest.fixture(scope="session")
def maidstone_features(maidstone_store: Store, imd: pd.DataFrame) -> pd.DataFrame:
    return ward_features(maidstone_store, MAIDSTONE, imd=imd, quiet=True)
