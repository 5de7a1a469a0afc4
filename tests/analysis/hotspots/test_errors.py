"""Shared input checks: messages name the function called, the value, and the fix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from cspkit.analysis.hotspots import (
    HotspotOptions,
    HotspotWarning,
    hotspot_change,
    hotspot_gistar,
    hotspot_grid,
    hotspot_kde,
)
from cspkit.errors import InputError

from .conftest import X0, Y0, xy_frame

POINTS = xy_frame([X0 + 50, X0 + 950, X0 + 500], [Y0 + 50, Y0 + 950, Y0 + 400])


def _message(call: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(InputError) as exc:
        call(*args, **kwargs)  # type: ignore[operator]
    assert exc.value.exit_code == 2
    return str(exc.value)


def test_no_points() -> None:
    empty = pd.DataFrame({"longitude": [], "latitude": []})
    assert _message(hotspot_grid, empty) == (
        "hotspot_grid(): `points` has no rows, so there is nothing to map. Give at least one "
        "point, e.g. a month of street crimes from the store"
    )
    assert _message(hotspot_change, POINTS, empty).startswith(
        "hotspot_change(): `points_after` has no rows"
    )


def test_points_without_coordinate_columns() -> None:
    assert _message(hotspot_kde, pd.DataFrame({"lon": [0.5], "lat": [51.2]})) == (
        "hotspot_kde(): `points` has no coordinates: expected columns longitude and latitude "
        "(WGS84, as police.uk publishes them) or x and y (British National Grid metres), or a "
        "GeoDataFrame of points; its columns are 'lon', 'lat'. Rename the coordinate columns, "
        "e.g. points.rename(columns={'lon': 'longitude', 'lat': 'latitude'})"
    )


def test_points_whose_coordinates_are_all_missing() -> None:
    none = pd.DataFrame({"longitude": [np.nan, np.nan], "latitude": [np.nan, np.nan]})
    assert _message(hotspot_gistar, none, quiet=True) == (
        "hotspot_gistar(): none of the 2 rows of `points` has coordinates (all are missing, e.g. "
        "police.uk 'No Location' rows). Give points with coordinates"
    )


def test_points_outside_the_area() -> None:
    area = shapely.box(X0 + 5000, Y0 + 5000, X0 + 6000, Y0 + 6000)
    assert _message(hotspot_grid, POINTS, area=area) == (
        "hotspot_grid(): none of the 3 points of `points` lies inside `area` (area spans x "
        "505,000..506,000, y 205,000..206,000 in British National Grid metres; the points x "
        "500,050..500,950, y 200,050..200,950). Check that the points and the area are of the "
        "same place, and that the area's CRS is set"
    )
    some = shapely.box(X0, Y0, X0 + 600, Y0 + 600)
    with pytest.warns(HotspotWarning) as caught:
        out = hotspot_grid(POINTS, area=some, cell_size=100)
    assert [str(w.message) for w in caught if issubclass(w.category, HotspotWarning)] == [
        "hotspot_grid(): 1 of 3 points of `points` lie outside `area` and were left out."
    ]
    assert out["n"].sum() == 2


def test_an_area_in_degrees_is_refused() -> None:
    assert _message(hotspot_grid, POINTS, area=shapely.box(0.4, 51.1, 0.7, 51.3)) == (
        "hotspot_grid(): `area` looks like longitude/latitude (bounds (0.4, 51.1, 0.7, 51.3)), "
        "but a Shapely geometry is taken to be in British National Grid metres. Give a "
        "GeoDataFrame or GeoSeries with its CRS set, or transform the geometry to EPSG:27700"
    )


@pytest.mark.parametrize("bad", [-5, 0, float("nan"), "250", True])
def test_cell_size_must_be_positive_metres(bad: object) -> None:
    assert _message(hotspot_kde, POINTS, cell_size=bad) == (
        f"hotspot_kde(): `cell_size` must be a positive number of metres, got {bad!r}. Give the "
        "cell size in metres, e.g. cell_size=250"
    )


def test_the_example_message_of_the_brief() -> None:
    assert _message(hotspot_kde, POINTS, cell_size=-5) == (
        "hotspot_kde(): `cell_size` must be a positive number of metres, got -5. Give the cell "
        "size in metres, e.g. cell_size=250"
    )


def test_bandwidth_too_small() -> None:
    assert _message(hotspot_kde, POINTS, cell_size=100, bandwidth=50) == (
        "hotspot_kde(): the given bandwidth is too small for the grid: the kernel's standard "
        "deviation is 50.0 m (narrowest direction), less than 1 cell(s) of 100 m, so the grid "
        "cannot resolve it. Give bandwidth=100 or more, or a smaller cell size, e.g. cell_size=50"
    )
    assert _message(hotspot_kde, POINTS, cell_size=100, bandwidth=-3) == (
        "hotspot_kde(): `bandwidth` must be a positive number of metres (the kernel's standard "
        "deviation), got -3. Give e.g. bandwidth=500, or leave it out to use Scott's rule"
    )


def test_automatic_bandwidth_needs_a_spread() -> None:
    line = xy_frame([X0 + 10, X0 + 20, X0 + 30], [Y0 + 10, Y0 + 20, Y0 + 30])
    assert _message(hotspot_kde, line, cell_size=1) == (
        "hotspot_kde(): cannot choose a bandwidth automatically: the 3 points lie on one line or "
        "at one place, so their spread has no width. Give the bandwidth in metres, e.g. "
        "bandwidth=500"
    )


def test_one_place_needs_a_cell_size() -> None:
    one = xy_frame([X0 + 10, X0 + 10], [Y0 + 10, Y0 + 10])
    assert _message(hotspot_grid, one) == (
        "hotspot_grid(): cannot choose a cell size automatically: all the points are at one "
        "place (500,010, 200,010). Give the cell size in metres, e.g. cell_size=250"
    )


def test_neighbours_and_seed() -> None:
    assert _message(hotspot_gistar, POINTS, cell_size=100, neighbours=0) == (
        "hotspot_gistar(): `neighbours` must be a whole number of cells of at least 1 (1 is "
        "queen contiguity, 2 the 24 cells within two cells), got 0. Give e.g. neighbours=1"
    )
    assert _message(hotspot_gistar, POINTS, cell_size=100, seed=-1) == (
        "hotspot_gistar(): `seed` must be a whole number from 0 to 4294967295, got -1. Give e.g. "
        "seed=2024; the same seed gives the same p-values"
    )


def test_geodataframe_without_crs() -> None:
    import geopandas as gpd

    gdf = gpd.GeoDataFrame(geometry=gpd.points_from_xy([X0], [Y0]))
    assert _message(hotspot_grid, gdf, cell_size=100) == (
        "hotspot_grid(): `points` is a GeoDataFrame without a CRS, so its coordinates cannot be "
        "placed. Set it, e.g. points.set_crs('EPSG:27700') for British National Grid or "
        "points.set_crs('EPSG:4326') for longitude/latitude"
    )


def test_coordinates_that_are_not_numbers() -> None:
    bad = pd.DataFrame({"longitude": ["0.52", "east"], "latitude": ["51.2", "51.3"]})
    assert _message(hotspot_grid, bad) == (
        "hotspot_grid(): column 'longitude' of `points` must hold numbers, got 'east' (and 0 "
        "more). Clean the column, or read the file with cspkit's police loader, which types "
        "coordinates"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"permutations": 10},
            "HotspotOptions(): `permutations` must be a whole number of at least 99, got 10. "
            "Give e.g. permutations=999",
        ),
        (
            {"alpha": 1.5},
            "HotspotOptions(): `alpha` must be a number above 0 and below 1, got 1.5. "
            "Give e.g. alpha=0.05",
        ),
        (
            {"p_adjust": "holm"},
            "HotspotOptions(): `p_adjust` must be one of 'none', 'fdr', 'bonferroni', got "
            "'holm'. Give e.g. p_adjust='none'",
        ),
        (
            {"persistent_share": 0},
            "HotspotOptions(): `persistent_share` must be a number above 0 and at most 1, got 0. "
            "Give e.g. persistent_share=0.75",
        ),
        (
            {"exposure": (12, -1)},
            "HotspotOptions(): `exposure` must be two positive numbers (the lengths of the "
            "before and after periods), got (12, -1). Give e.g. exposure=(12, 6) for a year "
            "before and six months after",
        ),
    ],
)
def test_options_are_validated_once(kwargs: dict[str, object], message: str) -> None:
    assert _message(HotspotOptions, **kwargs) == message


def test_options_are_frozen() -> None:
    opts = HotspotOptions()
    with pytest.raises(AttributeError):
        opts.alpha = 0.1  # type: ignore[misc]
