"""hotspot_change: counts in two periods on one grid, and whether each cell changed."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import numpy.typing as npt
from scipy.stats import poisson_means_test

from cspkit.analysis.hotspots._gistar import adjust
from cspkit.analysis.hotspots._grid import grid_for
from cspkit.analysis.hotspots._inputs import (
    announce,
    area_polygon,
    check_cell_size,
    points_inside,
    points_xy,
)
from cspkit.analysis.hotspots._options import HotspotOptions

__all__ = ["CHANGE_CLASSES", "CHANGE_COLUMNS", "hotspot_change", "poisson_change_pvalues"]

#: Output columns, in order.
CHANGE_COLUMNS = (
    "cell_id",
    "n_before",
    "n_after",
    "change",
    "pvalue",
    "classification",
    "geometry",
)

#: The values of the ``classification`` column.
CHANGE_CLASSES = ("significant increase", "no significant change", "significant decrease")


def poisson_change_pvalues(
    before: npt.NDArray[np.int64], after: npt.NDArray[np.int64], exposure: tuple[float, float]
) -> npt.NDArray[np.float64]:
    """Two-sided p-values of the Poisson E-test that a cell's rate did not change.

    ``scipy.stats.poisson_means_test`` (Krishnamoorthy and Thomson's E-test) for each distinct
    pair of counts: a district's cells repeat few pairs, so this stays fast; a cell with no
    incident in either period has p = 1.
    """
    pairs, inverse = np.unique(np.column_stack([before, after]), axis=0, return_inverse=True)
    p = np.ones(len(pairs))
    for i, (k1, k2) in enumerate(pairs):
        if k1 or k2:
            res = poisson_means_test(int(k1), exposure[0], int(k2), exposure[1])
            p[i] = float(res.pvalue)
    return np.clip(p[inverse.ravel()], 0.0, 1.0)


def hotspot_change(
    points_before: Any,
    points_after: Any,
    area: Any = None,
    cell_size: float | None = None,
    quiet: bool = False,
    options: HotspotOptions | None = None,
) -> gpd.GeoDataFrame:
    """Counts before and after on the same grid, their change and its significance per cell.

    Args:
        points_before, points_after: the incidents of each period, as ``points`` of
            :func:`hotspot_grid`.
        area, cell_size, quiet: as :func:`hotspot_grid`; the automatic cell size and the grid
            are made from the area, or from both periods' points together.
        options: :class:`HotspotOptions`: ``exposure`` (the periods' lengths; default equal),
            ``alpha`` (0.05) and ``p_adjust`` (none).

    The test: for each cell, the two counts are taken as Poisson with rates proportional to the
    periods' lengths, and the Poisson E-test (``scipy.stats.poisson_means_test``, exact
    enumeration; no normal approximation is needed, as its cost does not grow with the counts)
    gives the two-sided p-value of "the rate did not change". Announced, with the multiple
    testing note.

    Returns:
        GeoDataFrame ``cell_id, n_before, n_after, change, pvalue, classification, geometry``:
        ``change = n_after - n_before``; ``classification`` is "significant increase" or
        "significant decrease" (p below ``alpha``, by the sign of the change in rate), else
        "no significant change". ``attrs``: ``cell_size``, ``n_points`` (before, after),
        ``options``.
    """
    fn = "hotspot_change"
    opts = options or HotspotOptions()
    size = None if cell_size is None else check_cell_size(cell_size, fn)
    before = points_xy(points_before, fn, "points_before")
    after = points_xy(points_after, fn, "points_after")
    geom = area_polygon(area, fn)
    before = points_inside(before, geom, fn, "points_before")
    after = points_inside(after, geom, fn, "points_after")
    grid, (before, after) = grid_for([before, after], geom, size, fn, quiet)
    n_before, n_after = grid.counts(before), grid.counts(after)
    t1, t2 = opts.exposure
    lengths = "of equal length" if t1 == t2 else f"of lengths {t1:g} and {t2:g}"
    adjusted = {
        "none": "not adjusted for multiple testing (up to 5% of cells with incidents could be "
        "significant at 95% by chance alone; use HotspotOptions(p_adjust='fdr') to control the "
        "false discovery rate)",
        "fdr": "adjusted by Benjamini-Hochberg (false discovery rate)",
        "bonferroni": "adjusted by Bonferroni",
    }[opts.p_adjust]
    announce(
        f"Change tested in each cell by the Poisson E-test (scipy.stats.poisson_means_test), "
        f"two-sided, for periods {lengths}; significant at p < {opts.alpha:g}, {adjusted}.",
        quiet,
    )
    p = adjust(poisson_change_pvalues(n_before, n_after, opts.exposure), opts.p_adjust)
    rate_change = n_after / t2 - n_before / t1
    label = np.full(len(p), "no significant change", dtype=object)
    sig = p < opts.alpha
    label[sig & (rate_change > 0)] = "significant increase"
    label[sig & (rate_change < 0)] = "significant decrease"
    out = grid.frame(
        {
            "n_before": n_before,
            "n_after": n_after,
            "change": n_after - n_before,
            "pvalue": p,
            "classification": label,
        }
    )
    out.attrs.update(
        {"cell_size": grid.cell_size, "n_points": (len(before), len(after)), "options": opts}
    )
    return out
