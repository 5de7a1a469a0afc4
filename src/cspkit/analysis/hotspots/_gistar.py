"""Getis-Ord Gi* on the grid's counts, by esda.

Weights: binary, every kept cell within ``neighbours`` cells (king's moves: the default 1 is
queen contiguity, the 8 cells around a cell) plus the cell itself (``star=True``). Gi* z-scores
are esda's ``Zs`` (the analytical standardisation).

P-values (``HotspotOptions.pvalue``):

- ``"normal"`` (the default): two-sided, from the z-score under the normal approximation, as
  Getis and Ord (1992), Ord and Getis (1995), ArcGIS's Hot Spot Analysis and sfhotspot do.
- ``"permutation"``: esda's conditional permutations (``permutations``, ``seed``). This is not
  the default because conditional randomisation holds the cell's own count fixed and permutes
  only its neighbours', while Gi* includes the cell itself: a dense cell among quiet ones is then
  judged only by its quiet neighbours. In the tests' 2 km square (200 points spread evenly, 60 in
  one 100 m cell), that cell has z = 6.3 but a permutation p of 0.84, while its 8 empty
  neighbours are significant (p 0.006-0.04).

The alternative hypothesis of permutation p-values is set explicitly: ``G_Local`` itself takes
no ``alternative`` (esda 2.9 computes its historical "directed" ``p_sim`` and warns that the
default will change), so the simulations it keeps are passed to
``esda.significance.calculate_significance``. ``alternative="two-sided"`` (the default) is twice
the smaller of esda's "greater" and "lesser" p-values (``(#{permuted >= observed} + 1) /
(permutations + 1)`` and its mirror), capped at 1: the usual two-sided permutation p-value, with
ties counted in both tails. esda's own "two-sided" and "directed" are not used, because of ties:
the permuted Gi* of sparse counts tie a lot (every all-empty neighbourhood gives 0). Its
percentile-based "two-sided" counts every permuted value tied with the permutations' extreme as
"outside": on Maidstone's 2021 street crimes (250 m cells, 999 permutations) it gave p = 0.32 to
the cell of 532 incidents, whose Gi* lies far above all 999 permuted values, and left no cell
significant. Its "directed" (``p_sim``) leaves ties out of the lower tail: there it gave 3,652
empty cells p = 0.001 as cold spots, where counting the ties gives a lower-tail p of at least
0.297. ``"greater"``, ``"lesser"`` and ``"folded"`` are esda's.
"""

from __future__ import annotations

import warnings
from typing import cast

import numpy as np
import numpy.typing as npt
from esda.getisord import G_Local
from esda.significance import calculate_significance
from libpysal.graph import Graph
from scipy import sparse, stats

from cspkit.analysis.hotspots._grid import Grid
from cspkit.analysis.hotspots._inputs import announce
from cspkit.analysis.hotspots._options import HotspotOptions
from cspkit.errors import InputError

__all__ = [
    "GISTAR_CLASSES",
    "classify_gistar",
    "gistar",
    "grid_weights",
    "neighbours_rule",
    "permutation_pvalues",
    "pvalue_note",
]

#: The values of the ``classification`` column of :func:`hotspot_gistar`, hottest first.
GISTAR_CLASSES = (
    "hot spot 99%",
    "hot spot 95%",
    "hot spot 90%",
    "not significant",
    "cold spot 90%",
    "cold spot 95%",
    "cold spot 99%",
)

FloatArray = npt.NDArray[np.float64]


def neighbours_rule(neighbours: object, fn: str, quiet: bool) -> int:
    """The neighbourhood radius in cells: given, or 1 (queen contiguity), announced."""
    if neighbours is None:
        announce(
            "Neighbours set to queen contiguity automatically: the 8 cells around each cell, "
            "and the cell itself (Gi*).",
            quiet,
        )
        return 1
    if (
        isinstance(neighbours, bool)
        or not isinstance(neighbours, int | np.integer)
        or neighbours < 1
    ):
        raise InputError(
            f"{fn}(): `neighbours` must be a whole number of cells of at least 1 (1 is queen "
            f"contiguity, 2 the 24 cells within two cells), got {neighbours!r}. Give e.g. "
            "neighbours=1"
        )
    return int(neighbours)


def pvalue_note(opts: HotspotOptions, seed: int, n_cells: int, quiet: bool) -> None:
    """Announce how p-values are made, with the multiple-testing note."""
    if opts.pvalue == "permutation":
        how = (
            f"from {opts.permutations:,} conditional permutations (esda, seed {seed}), "
            f"{opts.alternative}"
        )
    else:
        how = "from the z-scores (normal approximation, two-sided)"
    if opts.p_adjust == "none":
        note = (
            f"not adjusted for multiple testing: of {n_cells:,} cells about 5% would be "
            "significant at 95% by chance alone; use HotspotOptions(p_adjust='fdr') to "
            "control the false discovery rate."
        )
    elif opts.p_adjust == "fdr":
        note = f"adjusted for {n_cells:,} tests (Benjamini-Hochberg false discovery rate)."
    else:
        note = f"adjusted for {n_cells:,} tests (Bonferroni)."
    announce(f"Gi* p-values {how}, {note}", quiet)


def grid_weights(grid: Grid, k: int) -> Graph:
    """Binary weights between kept cells within ``k`` cells (Chebyshev distance), no self."""
    m = len(grid.cell_id)
    position = np.full(grid.nrows * grid.ncols, -1, dtype=np.int64)
    position[grid.cell_id] = np.arange(m)
    rows, cols = grid.rows, grid.cols
    heads, tails = [], []
    for dr in range(-k, k + 1):
        for dc in range(-k, k + 1):
            if dr == 0 and dc == 0:
                continue
            r, c = rows + dr, cols + dc
            ok = (r >= 0) & (r < grid.nrows) & (c >= 0) & (c < grid.ncols)
            nb = np.full(m, -1, dtype=np.int64)
            nb[ok] = position[r[ok] * grid.ncols + c[ok]]
            hit = nb >= 0
            heads.append(np.flatnonzero(hit))
            tails.append(nb[hit])
    i = np.concatenate(heads) if heads else np.empty(0, dtype=np.int64)
    j = np.concatenate(tails) if tails else np.empty(0, dtype=np.int64)
    adj = sparse.csr_array((np.ones(len(i)), (i, j)), shape=(m, m))
    return Graph.from_sparse(adj)


def adjust(p: FloatArray, how: str) -> FloatArray:
    if how == "fdr":
        return np.asarray(stats.false_discovery_control(p, method="bh"), dtype=float)
    if how == "bonferroni":
        return np.minimum(p * len(p), 1.0)
    return p


def gistar(
    counts: npt.NDArray[np.int64], weights: Graph, opts: HotspotOptions, seed: int
) -> tuple[FloatArray, FloatArray]:
    """Gi* z-scores and p-values (adjusted as ``opts.p_adjust`` says) of ``counts``."""
    y = counts.astype(float)
    state = np.random.get_state()  # esda seeds numpy's global generator; leave it as it was
    try:
        with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
            # z is NaN where Gi* has no variance (every count equal, or a neighbourhood holding
            # every cell); such cells are "not significant". G_Local cannot pass `alternative`
            # to esda's permutation engine, which warns that its default will change; the
            # p-values used are computed below with it explicit.
            warnings.filterwarnings(
                "ignore", message="The alternative hypothesis", category=DeprecationWarning
            )
            g = G_Local(
                y,
                weights,
                transform="B",
                star=True,
                permutations=opts.permutations if opts.pvalue == "permutation" else 0,
                keep_simulations=True,
                n_jobs=opts.n_jobs,
                seed=seed,
            )
    finally:
        np.random.set_state(state)
    z = np.asarray(g.Zs, dtype=float)
    if opts.pvalue == "permutation":
        p = permutation_pvalues(g.Gs, g.rGs, opts.alternative)
    else:
        p = 2 * stats.norm.sf(np.abs(z))
    return z, adjust(p, opts.p_adjust)


def permutation_pvalues(
    observed: FloatArray, simulated: FloatArray, alternative: str
) -> FloatArray:
    """Permutation p-values of ``observed`` (n) against ``simulated`` (n x permutations)."""
    if alternative == "two-sided":
        greater = calculate_significance(observed, simulated, alternative="greater")
        lesser = calculate_significance(observed, simulated, alternative="lesser")
        return cast("npt.NDArray[np.float64]",
                    np.minimum(2 * np.minimum(greater, lesser), 1.0).astype(float))
    return np.asarray(calculate_significance(observed, simulated, alternative=alternative), float)


def classify_gistar(z: FloatArray, p: FloatArray) -> npt.NDArray[np.object_]:
    """Labels: "hot spot 99%/95%/90%" (z > 0, p below 0.01/0.05/0.10), "cold spot ..." (z < 0),
    else "not significant"."""
    label = np.full(len(z), "not significant", dtype=object)
    for level, cut in (("90%", 0.10), ("95%", 0.05), ("99%", 0.01)):
        sig = np.nan_to_num(p, nan=1.0) < cut
        label[sig & (z > 0)] = f"hot spot {level}"
        label[sig & (z < 0)] = f"cold spot {level}"
    return label
