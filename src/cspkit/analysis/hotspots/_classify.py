"""hotspot_classify: each cell's hotspot history across several periods, from Gi* per period."""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd

from cspkit.analysis.hotspots._gistar import gistar, grid_weights, neighbours_rule, pvalue_note
from cspkit.analysis.hotspots._grid import grid_for
from cspkit.analysis.hotspots._hotspots import DEFAULT_SEED
from cspkit.analysis.hotspots._inputs import (
    announce,
    area_polygon,
    check_cell_size,
    check_seed,
    points_inside,
    points_xy,
    warn,
)
from cspkit.analysis.hotspots._options import HotspotOptions
from cspkit.errors import InputError

__all__ = ["CLASSIFY_CLASSES", "CLASSIFY_COLUMNS", "classify_history", "hotspot_classify"]

#: Output columns, in order.
CLASSIFY_COLUMNS = ("cell_id", "n", "periods_hot", "pattern", "classification", "geometry")

#: The values of the ``classification`` column.
CLASSIFY_CLASSES = (
    "persistent hotspot",
    "emerging hotspot",
    "intermittent hotspot",
    "former hotspot",
    "no pattern",
)


def classify_history(
    hot: npt.NDArray[np.bool_], persistent_share: float, recent_share: float
) -> npt.NDArray[np.object_]:
    """Label each row of ``hot`` (cells x periods, oldest first) by the rule of
    :func:`hotspot_classify`."""
    n_periods = hot.shape[1]
    n_recent = max(1, round(recent_share * n_periods))
    earlier, recent = hot[:, : n_periods - n_recent], hot[:, n_periods - n_recent :]
    times = hot.sum(axis=1)
    any_earlier, any_recent = earlier.any(axis=1), recent.any(axis=1)
    persistent = hot[:, -1] & (times >= math.ceil(persistent_share * n_periods - 1e-9))
    label = np.full(hot.shape[0], "no pattern", dtype=object)
    label[times > 0] = "intermittent hotspot"
    label[any_earlier & ~any_recent] = "former hotspot"
    label[any_recent & ~any_earlier] = "emerging hotspot"
    label[persistent] = "persistent hotspot"
    return label


def _periods(points: pd.DataFrame, column: str, fn: str) -> list[Any]:
    values = points[column]
    present = values.dropna()
    if isinstance(values.dtype, pd.CategoricalDtype) and values.cat.ordered:
        order = [c for c in values.cat.categories if (present == c).any()]
    else:
        order = sorted(present.unique())
    if len(order) < 2:
        raise InputError(
            f"{fn}(): column {column!r} of `points` holds {len(order)} period(s) "
            f"({', '.join(map(str, order)) or 'none'}); classifying needs at least two. Give "
            "points from several periods, e.g. a column of financial years '2019/20', '2020/21'"
        )
    return order


def hotspot_classify(
    points: Any,
    periods_column: str = "period",
    area: Any = None,
    cell_size: float | None = None,
    neighbours: int | None = None,
    seed: int = DEFAULT_SEED,
    quiet: bool = False,
    options: HotspotOptions | None = None,
) -> gpd.GeoDataFrame:
    """Classify each cell by its Gi* hotspot history over several periods.

    Args:
        points: as :func:`hotspot_grid`, with a column naming each point's period.
        periods_column: that column (e.g. financial years "2019/20"). Periods are taken in the
            order of an ordered categorical column, else sorted.
        area, cell_size, neighbours, seed, quiet: as :func:`hotspot_gistar`; one grid for all
            periods.
        options: :class:`HotspotOptions`: ``alpha`` (0.05), ``persistent_share`` (0.75),
            ``recent_share`` (0.25) and the Gi* settings.

    The rule. A cell is **hot** in a period when its Gi* z-score is positive and its p-value is
    below ``alpha`` (Gi* computed on that period's counts, as :func:`hotspot_gistar`). The
    **recent** periods are the last ``max(1, round(recent_share * P))`` of the P periods; the
    others are **earlier**. Then, first match wins:

    - "persistent hotspot": hot in the last period and in at least ``persistent_share`` of all
      periods (rounded up: 3 of 4, 4 of 5);
    - "emerging hotspot": hot in a recent period and in no earlier one;
    - "former hotspot": hot in an earlier period and in no recent one;
    - "intermittent hotspot": hot in some periods, otherwise (e.g. earlier and recently, but
      too seldom to be persistent);
    - "no pattern": never hot.

    Returns:
        GeoDataFrame ``cell_id, n, periods_hot, pattern, classification, geometry``: ``n`` is
        the points over all periods; ``periods_hot`` the number of periods the cell was hot;
        ``pattern`` one character per period, oldest first, ``H`` hot and ``.`` not (e.g.
        ``"..HH"``). ``attrs``: ``periods`` (in order), ``cell_size``, ``neighbours``,
        ``seed``, ``options``.
    """
    fn = "hotspot_classify"
    opts = options or HotspotOptions()
    check_seed(seed, fn)
    size = None if cell_size is None else check_cell_size(cell_size, fn)
    if not isinstance(points, pd.DataFrame) or periods_column not in points.columns:
        have = ", ".join(repr(c) for c in getattr(points, "columns", [])) or "none"
        raise InputError(
            f"{fn}(): `points` has no column {periods_column!r}; its columns are {have}. Give "
            "the column that holds each point's period, e.g. periods_column='financial_year'"
        )
    k = neighbours_rule(neighbours, fn, quiet)
    pts = points_xy(points, fn)
    labels = points[periods_column].to_numpy()[pts.rows]
    known = pd.notna(labels)
    if not known.all():
        warn(
            f"{fn}(): {int((~known).sum()):,} of {len(pts):,} points with coordinates have no "
            f"{periods_column!r} and were left out."
        )
        pts, labels = pts.take(known), labels[known]
    order = _periods(points, periods_column, fn)
    geom = area_polygon(area, fn)
    grid, (inside,) = grid_for([points_inside(pts, geom, fn)], geom, size, fn, quiet)
    labels = points[periods_column].to_numpy()[inside.rows]
    n_recent = max(1, round(opts.recent_share * len(order)))
    announce(
        f"Periods ({len(order)}, oldest first): {', '.join(map(str, order))}; a cell is hot in a "
        f"period when its Gi* z > 0 and p < {opts.alpha:g}; the last {n_recent} period(s) are "
        "recent.",
        quiet,
    )
    pvalue_note(opts, seed, len(grid.cell_id), quiet)
    weights = grid_weights(grid, k)
    hot = np.zeros((len(grid.cell_id), len(order)), dtype=bool)
    for j, period in enumerate(order):
        counts = grid.counts(inside.take(labels == period))
        if counts.sum() == 0:
            continue
        z, p = gistar(counts, weights, opts, seed)
        hot[:, j] = (np.nan_to_num(z) > 0) & (np.nan_to_num(p, nan=1.0) < opts.alpha)
    out = grid.frame(
        {
            "n": grid.counts(inside),
            "periods_hot": hot.sum(axis=1),
            "pattern": ["".join("H" if h else "." for h in row) for row in hot],
            "classification": classify_history(hot, opts.persistent_share, opts.recent_share),
        }
    )
    out.attrs.update(
        {
            "periods": list(order),
            "cell_size": grid.cell_size,
            "n_points": len(inside),
            "neighbours": k,
            "seed": seed,
            "options": opts,
        }
    )
    return out
