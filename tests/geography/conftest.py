"""Fixtures for the geography tests: the real ONS files, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cspkit.geography import load_boundaries, load_lookup, load_population
from cspkit.store import Store

MAIDSTONE = "E07000110"


@pytest.fixture(scope="session")
def lookups_dir(shared_data: Path) -> Path:
    return shared_data / "geography" / "lookups"


@pytest.fixture(scope="session")
def boundaries_dir(shared_data: Path) -> Path:
    return shared_data / "geography" / "boundaries"


@pytest.fixture(scope="session")
def geo_store(
    shared_data: Path,
    lookups_dir: Path,
    boundaries_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Store:
    """A store with the four ONS lookups, Maidstone's WD22 wards and the mid-2019 population.

    Tests must not change it (use the ``store`` fixture for that).
    """
    store = Store(tmp_path_factory.mktemp("geo") / "store")
    for name in (
        "LSOA11_WD19_LAD19_EW_LU.csv",
        "WD19_LAD19_CTY19_RGN19_CTRY19_UK_LU.csv",
        "LAD19_CSP19_PFA19_EW_LU.csv",
        "CSP19_EW_NC.csv",
    ):
        load_lookup(store, lookups_dir / name)
    load_boundaries(store, boundaries_dir / "maidstone_wards_WD22_E07000110.geojson")
    load_population(store, shared_data / "population" / "mysociety_lsoa_population_mid2019_uk.csv")
    return store


@pytest.fixture(scope="session")
def maidstone_lookup(geo_store: Store) -> pd.DataFrame:
    """Maidstone's 95 rows of the best-fit LSOA -> ward lookup."""
    from cspkit.geography import lookup_table

    lu = lookup_table(geo_store, "lsoa_ward")
    return lu[lu["lad_code"] == MAIDSTONE].reset_index(drop=True)


def write_csv(path: Path, text: str, *, bom: bool = False) -> Path:
    """Write a small hand-made CSV (optionally with a UTF-8 byte-order mark)."""
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    return path
