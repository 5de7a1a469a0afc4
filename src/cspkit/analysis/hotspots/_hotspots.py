"""hotspot_grid, hotspot_kde and hotspot_gistar: counts, density and Gi* on one square grid."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np

from cspkit.analysis.hotspots._gistar import (
    classify_gistar,
    gistar,
    grid_weights,
    neighbours_rule,
    pvalue_note,
)
from cspkit.analysis.hotspots._grid import Grid, grid_for
from cspkit.analysis.hotspots._inputs import (
    Points,
    area_polygon,
    check_cell_size,
    check_seed,
    points_inside,
    points_xy,
)
from cspkit.analysis.hotspots._kde import Bandwidth, choose_bandwidth, kde_on_grid
from cspkit.analysis.hotspots._options import HotspotOptions

__all__ = [
    "DEFAULT_SEED",
    "GISTAR_COLUMNS",
    "GRID_COLUMNS",
    "KDE_COLUMNS",
    "hotspot_gistar",
    "hotspot_grid",
    "hotspot_kde",
    "prepare",
]

#: Output columns, in order.
GRID_COLUMNS = ("cell_id", "n", "geometry")
KDE_COLUMNS = ("cell_id", "n", "kde", "geometry")
GISTAR_COLUMNS = ("cell_id", "n", "gistar", "pvalue", "classification", "geometry")

#: The permutation seed used unless another is given, so results repeat by default.
DEFAULT_SEED = 2024


def prepare(
    points: Any,
    area: Any,
    cell_size: object,
    fn: str,
    quiet: bool,
) -> tuple[Grid, Points]:
    """Shared first steps: check the inputs, keep the points in the area, build the grid."""
    size = None if cell_size is None else check_cell_size(cell_size, fn)
    pts = points_xy(points, fn)
    geom = area_polygon(area, fn)
    pts = points_inside(pts, geom, fn)
    grid, (pts,) = grid_for([pts], geom, size, fn, quiet)
    return grid, pts


def _attrs(out: gpd.GeoDataFrame, grid: Grid, n_points: int, **more: object) -> gpd.GeoDataFrame:
    out.attrs.update({"cell_size": grid.cell_size, "n_points": n_points, **more})
    return out


def hotspot_grid(
    points: Any,
    area: Any = None,
    cell_size: float | None = None,
    quiet: bool = False,
) -> gpd.GeoDataFrame:
    """Count points on a square grid.

    Args:
        points: a DataFrame with ``longitude``/``latitude`` (WGS84, e.g. police.uk rows; any
            case) or ``x``/``y`` (British National Grid metres), or a GeoDataFrame of points
            with its CRS set. Rows without coordinates are left out, with a warning.
        area: optional outline (GeoDataFrame/GeoSeries with a CRS, e.g. a district's wards,
            unioned; or a Shapely polygon in British National Grid). The grid covers its
            bounding box and keeps only cells overlapping it, clipped to it; points outside
            it are left out, with a warning.
        cell_size: cell side in metres. When None, the shorter side of the area's (or the
            points') bounding box / 50, rounded down to 1, 2, 2.5 or 5 times a power of ten,
            announced ("Cell size set to 250 metres automatically: ...").
        quiet: do not announce the defaults chosen.

    Returns:
        GeoDataFrame in British National Grid, one row per cell, columns ``cell_id`` (lattice
        position ``row * ncols + col`` from the south-west), ``n`` (points in the cell; the
        column sums to the points inside the area) and ``geometry``. ``attrs`` holds
        ``cell_size`` and ``n_points``.
    """
    fn = "hotspot_grid"
    grid, pts = prepare(points, area, cell_size, fn, quiet)
    out = grid.frame({"n": grid.counts(pts)})
    return _attrs(out, grid, len(pts))


def _kde(
    pts: Points,
    grid: Grid,
    bandwidth: object,
    opts: HotspotOptions,
    fn: str,
    quiet: bool,
) -> tuple[np.ndarray, Bandwidth]:
    bw = choose_bandwidth(pts, bandwidth, grid.cell_size, opts, fn, quiet)
    return kde_on_grid(pts, grid, bw), bw


def hotspot_kde(
    points: Any,
    area: Any = None,
    cell_size: float | None = None,
    bandwidth: float | None = None,
    quiet: bool = False,
    options: HotspotOptions | None = None,
) -> gpd.GeoDataFrame:
    """Gaussian kernel density of points on a square grid (linear binning + FFT convolution).

    Args:
        points, area, cell_size, quiet: as :func:`hotspot_grid`.
        bandwidth: the standard deviation of a round Gaussian kernel, in metres. When None,
            Scott's rule as :class:`scipy.stats.gaussian_kde` applies it (kernel covariance =
            the points' covariance x n^(-1/3)), announced. Either is multiplied by
            ``options.bandwidth_adjust``. It must be at least
            ``options.min_bandwidth_cells`` cells (default 1).
        options: tuning (:class:`HotspotOptions`).

    Returns:
        GeoDataFrame ``cell_id, n, kde, geometry``: ``kde`` is the density at the centre of the
        cell's full square in **incidents per square kilometre** (the kernel density times the
        number of points inside the area). It agrees with
        ``scipy.stats.gaussian_kde(xy, bw_method=out.attrs["bw_method"])`` times n x 1e6 within
        about 1% of the peak. ``attrs``: ``cell_size``, ``n_points``, ``bandwidth`` (kernel
        covariance, m^2, as a nested list) and ``bw_method`` (None for a given bandwidth).
    """
    fn = "hotspot_kde"
    opts = options or HotspotOptions()
    grid, pts = prepare(points, area, cell_size, fn, quiet)
    kde, bw = _kde(pts, grid, bandwidth, opts, fn, quiet)
    out = grid.frame({"n": grid.counts(pts), "kde": kde})
    return _attrs(out, grid, len(pts), bandwidth=bw.covariance.tolist(), bw_method=bw.bw_method)


def hotspot_gistar(
    points: Any,
    area: Any = None,
    cell_size: float | None = None,
    neighbours: int | None = None,
    seed: int = DEFAULT_SEED,
    kde: bool = False,
    bandwidth: float | None = None,
    quiet: bool = False,
    options: HotspotOptions | None = None,
) -> gpd.GeoDataFrame:
    """Getis-Ord Gi* hot and cold spots of the grid's counts (``esda.G_Local``, ``star=True``).

    Args:
        points, area, cell_size, quiet: as :func:`hotspot_grid`.
        neighbours: a cell's neighbours are the cells within this many cells (king's moves),
            binary weights, and the cell itself (Gi*). When None, 1: queen contiguity,
            announced.
        seed: seed of esda's permutations when ``options.pvalue="permutation"`` (default
            2024, so results repeat).
        kde: also return the ``kde`` column of :func:`hotspot_kde` (after ``n``).
        bandwidth: the KDE bandwidth when ``kde`` (see :func:`hotspot_kde`).
        options: tuning (:class:`HotspotOptions`): p-values from the z-scores (default) or
            from esda's permutations (``pvalue="permutation"``, ``permutations=999``,
            ``alternative="two-sided"``), multiple-testing adjustment (``p_adjust``, none).

    Returns:
        GeoDataFrame ``cell_id, n, [kde,] gistar, pvalue, classification, geometry``:
        ``gistar`` is esda's Gi* z-score ``Zs``; ``pvalue`` as ``options`` says (announced,
        with a note on multiple testing); ``classification`` is "hot spot 99%", "hot spot 95%",
        "hot spot 90%" (z > 0 and p below 0.01, 0.05, 0.10), "cold spot 99%/95%/90%" (z < 0),
        or "not significant". ``attrs``: ``cell_size``, ``n_points``, ``neighbours``, ``seed``,
        ``options``, and with ``kde`` the kernel's ``bandwidth`` (covariance, m^2) and
        ``bandwidth_sd`` (standard deviations east-west and north-south, metres).
    """
    fn = "hotspot_gistar"
    opts = options or HotspotOptions()
    check_seed(seed, fn)
    k = neighbours_rule(neighbours, fn, quiet)
    grid, pts = prepare(points, area, cell_size, fn, quiet)
    counts = grid.counts(pts)
    columns: dict[str, object] = {"n": counts}
    more: dict[str, object] = {}
    if kde:
        columns["kde"], bw = _kde(pts, grid, bandwidth, opts, fn, quiet)
        more = {"bandwidth": bw.covariance.tolist(), "bandwidth_sd": bw.sd}
    pvalue_note(opts, seed, len(counts), quiet)
    z, p = gistar(counts, grid_weights(grid, k), opts, seed)
    columns.update({"gistar": z, "pvalue": p, "classification": classify_gistar(z, p)})
    out = grid.frame(columns)
    return _attrs(out, grid, len(pts), neighbours=k, seed=seed, options=opts, **more)
