"""Fixtures for the analysis tests: the demo borough, generated and loaded once per module."""

from __future__ import annotations

import pandas as pd
import pytest

from cspkit.demo.load import DemoRun, run_demo
from cspkit.store import Store

#: The demo's recording-system change (cspkit.demo.categories.RECORDING_CHANGE_MONTH).
RECORDING_CHANGE = {"2022-06": "new crime recording system"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, DemoRun]:
    """The demo borough (seed 2024, 2018-04 to 2023-03) in a fresh store. Do not change it."""
    root = tmp_path_factory.mktemp("demo")
    store = Store(root / "store")
    return store, run_demo(store, root / "files", seed=2024)


@pytest.fixture(scope="module")
def demo_monthly(demo: tuple[Store, DemoRun]) -> pd.DataFrame:
    """The demo's street rows per crime type and month."""
    store, _ = demo
    con = store.connect()
    return con.sql(
        "SELECT crime_type, month, count(*) AS count FROM street GROUP BY ALL ORDER BY ALL"
    ).df()
