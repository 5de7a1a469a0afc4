"""The curated public API of cspkit.analysis.hotspots and its fixed output columns."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import cspkit.analysis.hotspots as hs

from .conftest import X0, Y0, xy_frame


def test_all_is_the_curated_api() -> None:
    assert hs.__all__ == [
        "CHANGE_CLASSES",
        "CHANGE_COLUMNS",
        "CLASSIFY_CLASSES",
        "CLASSIFY_COLUMNS",
        "DEFAULT_SEED",
        "GISTAR_CLASSES",
        "GISTAR_COLUMNS",
        "GRID_COLUMNS",
        "KDE_COLUMNS",
        "REPEAT_COLUMNS",
        "HotspotOptions",
        "HotspotWarning",
        "hotspot_change",
        "hotspot_classify",
        "hotspot_gistar",
        "hotspot_grid",
        "hotspot_kde",
        "repeat_locations",
    ]
    for name in hs.__all__:
        obj = getattr(hs, name)
        if callable(obj):
            assert obj.__doc__, f"{name} has no docstring"


def test_column_constants() -> None:
    assert hs.GRID_COLUMNS == ("cell_id", "n", "geometry")
    assert hs.KDE_COLUMNS == ("cell_id", "n", "kde", "geometry")
    assert hs.GISTAR_COLUMNS == ("cell_id", "n", "gistar", "pvalue", "classification", "geometry")
    assert hs.CHANGE_COLUMNS == (
        "cell_id",
        "n_before",
        "n_after",
        "change",
        "pvalue",
        "classification",
        "geometry",
    )
    assert hs.CLASSIFY_COLUMNS == (
        "cell_id",
        "n",
        "periods_hot",
        "pattern",
        "classification",
        "geometry",
    )
    assert hs.REPEAT_COLUMNS == ("rank", "location", "longitude", "latitude", "n", "share")


@pytest.fixture
def two_periods(cluster_points: pd.DataFrame) -> pd.DataFrame:
    points = cluster_points.copy()
    points["period"] = ["2020/21", "2021/22"] * (len(points) // 2)
    return points


def test_every_function_returns_its_columns(two_periods: pd.DataFrame) -> None:
    pts = two_periods
    kw: dict[str, Any] = {"cell_size": 100, "quiet": True}
    assert tuple(hs.hotspot_grid(pts, **kw).columns) == hs.GRID_COLUMNS
    assert tuple(hs.hotspot_kde(pts, bandwidth=200, **kw).columns) == hs.KDE_COLUMNS
    out = hs.hotspot_gistar(pts, neighbours=1, **kw)
    assert tuple(out.columns) == hs.GISTAR_COLUMNS
    assert set(out["classification"]) <= set(hs.GISTAR_CLASSES)
    with_kde = hs.hotspot_gistar(pts, neighbours=1, kde=True, bandwidth=200, **kw)
    assert list(with_kde.columns) == ["cell_id", "n", "kde", *hs.GISTAR_COLUMNS[2:]]
    half = len(pts) // 2
    change = hs.hotspot_change(pts.iloc[:half], pts.iloc[half:], **kw)
    assert tuple(change.columns) == hs.CHANGE_COLUMNS
    assert set(change["classification"]) <= set(hs.CHANGE_CLASSES)
    classes = hs.hotspot_classify(pts, neighbours=1, **kw)
    assert tuple(classes.columns) == hs.CLASSIFY_COLUMNS
    assert set(classes["classification"]) <= set(hs.CLASSIFY_CLASSES)
    assert tuple(hs.repeat_locations(pts).columns) == hs.REPEAT_COLUMNS
    for frame in (out, change, classes):
        assert frame.crs == "EPSG:27700"


def test_outputs_carry_their_settings() -> None:
    pts = xy_frame([X0 + 50, X0 + 150, X0 + 250], [Y0 + 50, Y0 + 50, Y0 + 150])
    out = hs.hotspot_gistar(pts, cell_size=100, neighbours=2, seed=5, quiet=True)
    assert out.attrs["cell_size"] == 100
    assert out.attrs["n_points"] == 3
    assert out.attrs["neighbours"] == 2
    assert out.attrs["seed"] == 5
    assert out.attrs["options"] == hs.HotspotOptions()
