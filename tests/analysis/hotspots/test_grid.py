"""hotspot_grid: counts on a square grid, the automatic cell size, inputs in any form."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer

from cspkit.analysis.hotspots import HotspotWarning, hotspot_grid
from cspkit.analysis.hotspots._grid import tidy_floor

from .conftest import X0, Y0, xy_frame


def test_counts_on_known_cells() -> None:
    # cell (row 0, col 0) holds 2 points, (row 1, col 2) holds 1; grid 2 rows x 3 cols
    pts = xy_frame([X0 + 10, X0 + 90, X0 + 250], [Y0 + 10, Y0 + 20, Y0 + 150])
    out = hotspot_grid(pts, cell_size=100, quiet=True)
    assert out["cell_id"].tolist() == [0, 1, 2, 3, 4, 5]
    assert out["n"].tolist() == [2, 0, 0, 0, 0, 1]
    assert out.geometry.iloc[5].bounds == (X0 + 200, Y0 + 100, X0 + 300, Y0 + 200)
    assert out.crs == "EPSG:27700"


def test_a_cluster_is_the_fullest_cell(cluster_points: pd.DataFrame) -> None:
    out = hotspot_grid(cluster_points, cell_size=100, quiet=True)
    assert len(out) == 400  # 20 x 20 cells over the 2 km square
    top = out.loc[out["n"].idxmax()]
    assert top.geometry.bounds == (X0 + 1000, Y0 + 1000, X0 + 1100, Y0 + 1100)
    assert top["n"] >= 60
    assert out["n"].sum() == len(cluster_points)


def test_counts_sum_to_the_points_inside_the_area(cluster_points: pd.DataFrame) -> None:
    # a triangle over half of the square: the cells are clipped to it
    area = shapely.Polygon([(X0, Y0), (X0 + 2000, Y0), (X0, Y0 + 2000)])
    inside = shapely.intersects_xy(area, cluster_points["x"], cluster_points["y"])
    with pytest.warns(HotspotWarning, match="points of `points` lie outside `area`"):
        out = hotspot_grid(cluster_points, area=area, cell_size=100, quiet=True)
    assert out["n"].sum() == inside.sum()
    assert out.geometry.area.sum() == pytest.approx(area.area)
    assert len(out) == 210  # 20 on the diagonal (halves) + 190 whole cells
    assert out.geometry.within(area.buffer(1e-6)).all()


def test_cell_size_announced(
    cluster_points: pd.DataFrame, capsys: pytest.CaptureFixture[str]
) -> None:
    out = hotspot_grid(cluster_points)
    assert out.attrs["cell_size"] == 25  # 1,998 m / 50 = 39.96 -> 25
    assert capsys.readouterr().err == (
        "Cell size set to 25 metres automatically: the shorter side of the points' bounding box "
        "(1,998 m) / 50, rounded down to a tidy number (1, 2, 2.5 or 5 times a power of ten).\n"
    )
    hotspot_grid(cluster_points, quiet=True)
    hotspot_grid(cluster_points, cell_size=100)
    assert capsys.readouterr().err == ""


def test_cell_size_of_an_area_announced(capsys: pytest.CaptureFixture[str]) -> None:
    area = shapely.box(X0, Y0, X0 + 22_821, Y0 + 31_000)
    pts = xy_frame([X0 + 5_000], [Y0 + 5_000])
    out = hotspot_grid(pts, area=area)
    assert out.attrs["cell_size"] == 250
    assert capsys.readouterr().err == (
        "Cell size set to 250 metres automatically: the shorter side of the area's bounding box "
        "(22,821 m) / 50, rounded down to a tidy number (1, 2, 2.5 or 5 times a power of ten).\n"
    )


@pytest.mark.parametrize(
    ("raw", "tidy"),
    [(456.4, 250), (400, 250), (250, 250), (199.9, 100), (1000, 1000), (30, 25), (7.3, 5)],
)
def test_tidy_numbers(raw: float, tidy: float) -> None:
    assert tidy_floor(raw) == tidy


def test_grids_align_to_multiples_of_the_cell_size() -> None:
    pts = xy_frame([X0 + 123, X0 + 987], [Y0 + 456, Y0 + 789])
    out = hotspot_grid(pts, cell_size=250, quiet=True)
    xmin, ymin, xmax, ymax = out.total_bounds
    assert (xmin, ymin, xmax, ymax) == (X0, Y0 + 250, X0 + 1000, Y0 + 1000)


def test_longitude_latitude_and_geodataframes_give_the_same_counts(
    cluster_points: pd.DataFrame,
) -> None:
    lon, lat = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True).transform(
        cluster_points["x"], cluster_points["y"]
    )
    as_police = pd.DataFrame({"Longitude": lon, "Latitude": lat})  # published column names
    as_gdf = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    expected = hotspot_grid(cluster_points, cell_size=100, quiet=True)["n"]
    for pts in (as_police, as_gdf):
        got = hotspot_grid(pts, cell_size=100, quiet=True)["n"]
        assert np.array_equal(got, expected)


def test_rows_without_coordinates_are_left_out_with_a_count() -> None:
    pts = pd.DataFrame(
        {"longitude": [0.52, None, 0.53, None], "latitude": [51.27, None, 51.28, None]}
    )
    with pytest.warns(HotspotWarning) as caught:
        out = hotspot_grid(pts, cell_size=100, quiet=True)
    assert [str(w.message) for w in caught] == [
        "hotspot_grid(): 2 of 4 rows of `points` have no coordinates (e.g. police.uk "
        "'No Location' rows) and were left out."
    ]
    assert caught[0].filename == __file__  # reported at the caller's line
    assert out["n"].sum() == 2
