"""repeat_locations: the snap points with the most incidents."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest

from cspkit.analysis.hotspots import HotspotWarning, repeat_locations
from cspkit.errors import InputError


@pytest.fixture
def crimes() -> pd.DataFrame:
    rows = (
        [("On or near Week Street", 0.522110, 51.276480)] * 5
        + [("On or near Hospital", 0.486383, 51.273404)] * 3
        + [("On or near Hospital", 0.521380, 51.277278)] * 3  # same text, another snap point
        + [("On or near Park Wood", 0.547951, 51.245926)] * 1
        + [("No Location", None, None)] * 2
    )
    return pd.DataFrame(rows, columns=["Location", "Longitude", "Latitude"])


def test_most_incidents_first(crimes: pd.DataFrame) -> None:
    with pytest.warns(HotspotWarning, match="2 of 14 rows of `points` have no coordinates"):
        out = repeat_locations(crimes, n=3)
    assert out.to_dict("records") == [
        {
            "rank": 1,
            "location": "On or near Week Street",
            "longitude": 0.52211,
            "latitude": 51.27648,
            "n": 5,
            "share": 5 / 12,
        },
        {
            "rank": 2,
            "location": "On or near Hospital",
            "longitude": 0.486383,
            "latitude": 51.273404,
            "n": 3,
            "share": 3 / 12,
        },
        {
            "rank": 2,
            "location": "On or near Hospital",
            "longitude": 0.52138,
            "latitude": 51.277278,
            "n": 3,
            "share": 3 / 12,
        },
    ]


def test_from_british_national_grid(crimes: pd.DataFrame) -> None:
    known = crimes.dropna()
    gdf = gpd.GeoDataFrame(
        known[["Location"]],
        geometry=gpd.points_from_xy(known["Longitude"], known["Latitude"]),
        crs="EPSG:4326",
    ).to_crs("EPSG:27700")
    out = repeat_locations(gdf, n=10)
    assert out["n"].tolist() == [5, 3, 3, 1]
    assert out.loc[0, "longitude"] == pytest.approx(0.52211, abs=1e-6)
    assert out["share"].sum() == pytest.approx(1)


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_n_must_be_a_whole_number(crimes: pd.DataFrame, bad: object) -> None:
    with pytest.raises(InputError) as exc:
        repeat_locations(crimes, n=bad)  # type: ignore[arg-type]
    assert str(exc.value) == (
        "repeat_locations(): `n` must be a whole number of at least 1 (how many places to list), "
        f"got {bad!r}. Give e.g. n=10"
    )
