"""One demo borough (the default seed) generated once and read back from its files."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest

from cspkit.demo import DemoBorough, generate_borough


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoBorough:
    """The default demo borough (seed 2024, 2018-04 to 2023-03), written to a temporary folder."""
    return generate_borough(tmp_path_factory.mktemp("demo") / "castlebridge", quiet=True)


@pytest.fixture(scope="session")
def street(demo: DemoBorough) -> pd.DataFrame:
    """Every police street file of the demo, read back as text, with a ``file_month`` column."""
    frames = []
    for path in demo.police_files:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        df["file_month"] = path.parent.name
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="session")
def lsoas(demo: DemoBorough) -> gpd.GeoDataFrame:
    """The LSOA boundaries read back from the GeoJSON."""
    return gpd.read_file(demo.lsoa_boundaries)


@pytest.fixture(scope="session")
def wards(demo: DemoBorough) -> gpd.GeoDataFrame:
    """The ward boundaries read back from the GeoJSON."""
    return gpd.read_file(demo.ward_boundaries)


@pytest.fixture(scope="session")
def population(demo: DemoBorough) -> pd.DataFrame:
    """The population file read back the way the real mySociety file must be read."""
    return pd.read_csv(demo.population_file, encoding="utf-8-sig", thousands=",")

