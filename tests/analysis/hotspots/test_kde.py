"""hotspot_kde: linear binning + FFT against scipy's exact gaussian_kde, units, announcements."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer
from scipy.stats import gaussian_kde

from cspkit.analysis.hotspots import HotspotOptions, HotspotWarning, hotspot_kde

from .conftest import X0, Y0, xy_frame


def _bng(lon: pd.Series, lat: pd.Series) -> np.ndarray:
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True).transform(lon, lat)
    return np.vstack([x, y])


def _centres(out: gpd.GeoDataFrame, cell_size: float) -> np.ndarray:
    """Centres of the cells' full squares (a clipped cell's bounds may be smaller)."""
    bounds = out.geometry.bounds
    col = np.floor(bounds["minx"] / cell_size)
    row = np.floor(bounds["miny"] / cell_size)
    return np.vstack([(col + 0.5) * cell_size, (row + 0.5) * cell_size])


@pytest.mark.shared_data
def test_agrees_with_scipy_gaussian_kde_on_maidstone(
    maidstone: tuple[pd.DataFrame, gpd.GeoDataFrame],
) -> None:
    crimes, wards = maidstone
    with pytest.warns(HotspotWarning, match="lie outside `area`"):
        out = hotspot_kde(crimes, area=wards, quiet=True)
    # the same points, found independently: projected, and inside the union of the wards
    xy = _bng(crimes["Longitude"], crimes["Latitude"])
    xy = xy[:, np.isfinite(xy).all(axis=0)]
    outline = shapely.union_all(wards.to_crs("EPSG:27700").geometry.to_numpy())
    xy = xy[:, shapely.intersects_xy(outline, xy[0], xy[1])]
    assert out.attrs["n_points"] == xy.shape[1] > 15_000
    assert out["n"].sum() == xy.shape[1]
    assert out.attrs["bw_method"] == pytest.approx(xy.shape[1] ** (-1 / 6))
    exact = gaussian_kde(xy, bw_method=out.attrs["bw_method"])
    expected = exact(_centres(out, out.attrs["cell_size"])) * xy.shape[1] * 1e6
    diff = np.abs(out["kde"].to_numpy() - expected).max()
    assert diff <= 0.01 * expected.max()
    assert out["kde"].max() == pytest.approx(expected.max(), rel=0.01)


@pytest.mark.shared_data
def test_a_round_kernel_in_metres_agrees_with_scipy(
    maidstone: tuple[pd.DataFrame, gpd.GeoDataFrame],
) -> None:
    """A given bandwidth is a round kernel; gaussian_kde's kernel has the shape of the data's
    covariance, so the sample is made round: the points plus their copy turned by 90 degrees
    about the mean have a covariance of sigma^2 times the identity, exactly."""
    crimes, _ = maidstone
    xy = _bng(crimes["Longitude"], crimes["Latitude"])
    xy = xy[:, np.isfinite(xy).all(axis=0)][:, ::4]
    mean = xy.mean(axis=1, keepdims=True)
    d = xy - mean
    sym = np.hstack([xy, mean + np.vstack([-d[1], d[0]])])
    sigma = np.sqrt(np.cov(sym)[0, 0])
    assert np.cov(sym)[0, 1] == pytest.approx(0, abs=1e-6 * sigma**2)
    out = hotspot_kde(xy_frame(sym[0], sym[1]), cell_size=200, bandwidth=400, quiet=True)
    rng = np.random.default_rng(0)
    cells = np.union1d(rng.choice(len(out), 3000, replace=False), [out["kde"].idxmax()])
    centres = _centres(out.iloc[cells], 200)
    expected = gaussian_kde(sym, bw_method=400 / sigma)(centres) * sym.shape[1] * 1e6
    diff = np.abs(out["kde"].to_numpy()[cells] - expected).max()
    assert diff <= 0.01 * expected.max()


def _exact_round(points: pd.DataFrame, centres: np.ndarray, sd: float) -> np.ndarray:
    dx = centres[0][:, None] - points["x"].to_numpy()[None, :]
    dy = centres[1][:, None] - points["y"].to_numpy()[None, :]
    return np.exp(-(dx**2 + dy**2) / (2 * sd**2)).sum(axis=1) / (2 * np.pi * sd**2) * 1e6


@pytest.mark.parametrize("bandwidth", [100, 150, 300])
def test_narrow_kernels_on_coarse_cells_stay_within_one_percent(
    cluster_points: pd.DataFrame, bandwidth: float
) -> None:
    out = hotspot_kde(cluster_points, cell_size=100, bandwidth=bandwidth, quiet=True)
    expected = _exact_round(cluster_points, _centres(out, 100), bandwidth)
    assert np.abs(out["kde"] - expected).max() <= 0.01 * expected.max()


def test_kde_is_incidents_per_square_km(cluster_points: pd.DataFrame) -> None:
    # density x cell area (km2), summed near the cluster, gives its 60 points; the two points
    # that set the grid's extent are 20 kernel widths away
    pts = cluster_points.iloc[-60:]  # the cluster only
    corners = xy_frame([X0 - 2000, X0 + 4000], [Y0 - 2000, Y0 + 4000])
    out = hotspot_kde(pd.concat([pts, corners]), cell_size=50, bandwidth=150, quiet=True)
    near = out.geometry.intersects(shapely.box(X0, Y0, X0 + 2000, Y0 + 2000))
    assert (out.loc[near, "kde"] * 0.05**2).sum() == pytest.approx(60, rel=1e-4)
    top = out.loc[out["kde"].idxmax()].geometry.centroid
    assert (X0 + 1000 < top.x < X0 + 1100) and (Y0 + 1000 < top.y < Y0 + 1100)


def test_bandwidth_announced(capsys: pytest.CaptureFixture[str]) -> None:
    rng = np.random.default_rng(3)
    pts = xy_frame(X0 + rng.normal(5000, 1000, 64), Y0 + rng.normal(5000, 500, 64))
    out = hotspot_kde(pts, cell_size=50)
    cov = np.cov(pts[["x", "y"]].to_numpy().T)
    sd = np.sqrt(np.diag(cov)) * 0.5  # 64 ** (-1/6) = 0.5
    assert out.attrs["bw_method"] == pytest.approx(0.5)
    assert capsys.readouterr().err == (
        "Bandwidth set automatically by Scott's rule (as scipy.stats.gaussian_kde uses it; the "
        "same as Silverman's rule in two dimensions): kernel covariance = the points' covariance "
        f"x 0.5^2 (n^(-1/6) with n = 64), standard deviation {sd[0]:,.0f} m east-west and "
        f"{sd[1]:,.0f} m north-south.\n"
    )
    hotspot_kde(pts, cell_size=50, options=HotspotOptions(bandwidth_adjust=0.5))
    assert "x 0.25^2 (n^(-1/6) with n = 64 x bandwidth_adjust 0.5)" in capsys.readouterr().err
    hotspot_kde(pts, cell_size=50, bandwidth=300)
    hotspot_kde(pts, cell_size=50, quiet=True)
    assert capsys.readouterr().err == ""
