"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from cspkit.store import Store

#: ``../shared/data`` beside the checkout, or ``$CSPKIT_SHARED_DATA``.
SHARED_DATA = Path(
    os.environ.get(
        "CSPKIT_SHARED_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"
    )
)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real public data folder; tests that need it skip with the reason where it is absent."""
    if not (SHARED_DATA / "README.md").exists():
        pytest.skip(f"real data not found at {SHARED_DATA} (set CSPKIT_SHARED_DATA to its folder)")
    return SHARED_DATA


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """An empty store in a temporary folder."""
    return Store(tmp_path / "store")


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
    """A store with the four 2019 ONS lookups, Maidstone's WD22 wards and the mid-2019
    population, loaded once per session. Tests must not change it (use ``store`` for that)."""
    from cspkit.sources import load_boundaries, load_lookup, load_population

    store = Store(tmp_path_factory.mktemp("geo") / "store")
    load_lookup(store, [
        lookups_dir / "LSOA11_WD19_LAD19_EW_LU.csv",
        lookups_dir / "WD19_LAD19_CTY19_RGN19_CTRY19_UK_LU.csv",
        lookups_dir / "LAD19_CSP19_PFA19_EW_LU.csv",
        lookups_dir / "CSP19_EW_NC.csv",
    ])
    load_boundaries(store, boundaries_dir / "maidstone_wards_WD22_E07000110.geojson")
    load_population(store, shared_data / "population" / "mysociety_lsoa_population_mid2019_uk.csv")
    return store


@pytest.fixture(scope="session")
def maidstone_lookup(geo_store: Store) -> pd.DataFrame:
    """Maidstone's 95 rows of the best-fit LSOA -> ward lookup."""
    from cspkit.geography import lookup_table

    lu = lookup_table(geo_store, "lsoa_ward")
    return lu[lu["lad_code"] == "E07000110"].reset_index(drop=True)


# -- the PostgreSQL pass of scripts/test runs with CSPKIT_FORBID_SKIPS=1: a skip there is a failure


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not os.environ.get("CSPKIT_FORBID_SKIPS"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(
            f"FAILED: {len(skipped)} test(s) skipped where none may be (CSPKIT_FORBID_SKIPS)"
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def imd(shared_data: Path) -> pd.DataFrame:
    """IoD2019 File 2 (IMD and the seven domains), read once per session."""
    from cspkit.sources import read_imd

    return read_imd(shared_data / "deprivation" / "File_2_-_IoD2019_Domains_of_Deprivation.csv")


@pytest.fixture(autouse=True)
def _fresh_django_cache() -> Iterator[None]:
    """Each test starts with an empty Django cache (kept pages, documents, sign-in counts and
    document rate limits of one test never reach another, whose users may share ids)."""
    yield
    from django.conf import settings

    if settings.configured:
        from django.core.cache import cache

        cache.clear()
