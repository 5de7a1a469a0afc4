"""Fixtures for the hotspot tests: small hand-made point sets, and Maidstone's 2021 crimes."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

#: A corner of British National Grid on multiples of 100 m, so test grids start there.
X0, Y0 = 500_000.0, 200_000.0
MAIDSTONE = "E07000110"


def xy_frame(x: np.ndarray | list[float], y: np.ndarray | list[float]) -> pd.DataFrame:
    """Points as British National Grid metres (columns x, y)."""
    return pd.DataFrame({"x": np.asarray(x, dtype=float), "y": np.asarray(y, dtype=float)})


@pytest.fixture
def cluster_points() -> pd.DataFrame:
    """200 points spread over a 2 km square (even) and 60 in the 100 m cell at (1,000, 1,000)."""
    rng = np.random.default_rng(1)
    even = rng.uniform(0, 2000, size=(200, 2))
    cluster = 1000 + rng.uniform(10, 90, size=(60, 2))
    corners = np.array([[1.0, 1.0], [1999.0, 1999.0]])  # fix the extent: 20 x 20 cells
    xy = np.vstack([corners, even, cluster])
    return xy_frame(X0 + xy[:, 0], Y0 + xy[:, 1])


@pytest.fixture(scope="session")
def maidstone(shared_data: Path) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """Maidstone's street crimes of 2021 (2021-03 to 2021-12 in the shared data) as published,
    filtered to Maidstone's LSOAs, and Maidstone's 26 wards (December 2022, WGS84)."""
    lookup = pd.read_csv(
        shared_data / "geography" / "lookups" / "LSOA11_WD19_LAD19_EW_LU.csv",
        usecols=["LSOA11CD", "LAD19CD"],
    )
    codes = set(lookup.loc[lookup["LAD19CD"] == MAIDSTONE, "LSOA11CD"])
    files = sorted((shared_data / "police" / "kent" / "street").glob("2021-*/*.csv"))
    if not files:
        pytest.skip(f"no Kent street files for 2021 under {shared_data}")
    crimes = pd.concat([pd.read_csv(f) for f in files], ignore_index=True)
    crimes = crimes[crimes["LSOA code"].isin(codes)].reset_index(drop=True)
    wards = gpd.read_file(
        shared_data / "geography" / "boundaries" / "maidstone_wards_WD22_E07000110.geojson"
    )
    return crimes, wards
