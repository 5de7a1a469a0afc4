"""Benchmark: cspkit's FFT kernel density against scipy.stats.gaussian_kde on the same grid.

50,000 synthetic points over a 40 km square in British National Grid (half spread evenly, half in
40 Gaussian clusters of 150-1,000 m, like a county's crime), a 100 m grid (about 160,000 cells).

- cspkit: ``hotspot_kde(points, cell_size=100)`` (Scott's rule), the whole call (grid polygons
  included) and its core (linear binning + FFT convolution), best of ``--repeat``.
- scipy: ``gaussian_kde(xy, bw_method=<the same factor>)`` evaluated at the cell centres. The
  exact evaluation costs points x cells kernel evaluations (minutes here), so by default it runs
  on a random sample of cells (plus the cell of the peak) and its time is extrapolated linearly
  to all cells (its cost is linear in the cells evaluated); ``--full`` runs all of them.

Printed: seconds for both, the speed ratio (target >= 50x) and the largest absolute difference on
the evaluated cells as a percentage of the peak density (target <= 1%). A second scenario uses a
kernel about 10x narrower (``bw_method`` 0.02, about 230 m: hotspot scale), through the internal
API, since ``hotspot_kde`` takes either Scott's rule or a round kernel in metres.

    .venv/bin/python bench/kde.py [--points 50000] [--cells-sample 2000] [--full] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy.stats import gaussian_kde

from cspkit.analysis.hotspots import hotspot_kde
from cspkit.analysis.hotspots._grid import make_grid
from cspkit.analysis.hotspots._inputs import Points
from cspkit.analysis.hotspots._kde import Bandwidth, kde_on_grid

SIDE = 40_000.0
X0, Y0 = 560_000.0, 130_000.0  # somewhere in Kent
CELL = 100.0


def synthetic_points(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n_even = n // 2
    centres = rng.uniform(2_000, SIDE - 2_000, size=(40, 2))
    sds = rng.uniform(150, 1_000, size=40)
    which = rng.integers(0, 40, size=n - n_even)
    clustered = centres[which] + rng.normal(size=(n - n_even, 2)) * sds[which, None]
    even = rng.uniform(0, SIDE, size=(n_even, 2))
    xy = np.clip(np.vstack([even, clustered]), 0, SIDE)
    return pd.DataFrame({"x": X0 + xy[:, 0], "y": Y0 + xy[:, 1]})


def best_of(repeat: int, fn: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def scipy_on_cells(
    kde: gaussian_kde, cx: np.ndarray, cy: np.ndarray, cells: np.ndarray, n: int
) -> tuple[float, np.ndarray]:
    t = time.perf_counter()
    dens = kde(np.vstack([cx[cells], cy[cells]])) * n * 1e6
    return time.perf_counter() - t, dens


def report(
    label: str,
    fft: np.ndarray,
    t_fft: float,
    kde: gaussian_kde,
    cx: np.ndarray,
    cy: np.ndarray,
    n: int,
    sample: int,
    full: bool,
    seed: int,
) -> float:
    m = len(cx)
    if full or sample >= m:
        cells = np.arange(m)
    else:
        rng = np.random.default_rng(seed)
        cells = np.union1d(rng.choice(m, size=sample, replace=False), [int(np.argmax(fft))])
    t_sub, exact = scipy_on_cells(kde, cx, cy, cells, n)
    t_scipy = t_sub * m / len(cells)
    how = (
        "all cells, measured"
        if len(cells) == m
        else f"{len(cells):,} of {m:,} cells in {t_sub:.2f} s, extrapolated x{m / len(cells):.0f}"
    )
    diff = np.abs(fft[cells] - exact).max() / exact.max() * 100
    print(f"{label}")
    print(f"  cspkit FFT KDE        {t_fft:9.3f} s")
    print(f"  scipy gaussian_kde    {t_scipy:9.1f} s   ({how})")
    print(f"  speed ratio           {t_scipy / t_fft:9.0f} x   (target >= 50)")
    print(
        f"  max |difference|      {diff:9.3f} % of the peak "
        f"({exact.max():,.1f} incidents/km2; target <= 1%, on the cells evaluated)"
    )
    return t_scipy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=50_000)
    parser.add_argument("--cells-sample", type=int, default=2_000)
    parser.add_argument("--full", action="store_true", help="evaluate scipy on every cell")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    points = synthetic_points(args.points, args.seed)
    xy = points[["x", "y"]].to_numpy().T
    n = xy.shape[1]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_call, out = best_of(args.repeat, lambda: hotspot_kde(points, cell_size=CELL, quiet=True))
    assert isinstance(out, pd.DataFrame)
    factor = out.attrs["bw_method"]
    grid = make_grid((xy[0].min(), xy[1].min(), xy[0].max(), xy[1].max()), CELL, None, "bench")
    pts = Points(xy[0], xy[1], np.arange(n))
    cx, cy = grid.centres()
    cov = np.cov(xy)
    bw = Bandwidth(cov * factor**2, factor)
    t_core, core = best_of(args.repeat, lambda: kde_on_grid(pts, grid, bw))
    assert np.allclose(np.asarray(core), out["kde"].to_numpy())
    sd = np.sqrt(np.diag(bw.covariance))
    print(
        f"{n:,} points over a {SIDE / 1000:.0f} km square, {CELL:.0f} m grid: "
        f"{grid.nrows:,} x {grid.ncols:,} = {len(cx):,} cells"
    )
    print(
        f"A. Scott's rule (hotspot_kde default): bw_method {factor:.4f}, kernel sd "
        f"{sd[0]:,.0f} x {sd[1]:,.0f} m"
    )
    print(f"  hotspot_kde whole call (grid polygons included): {t_call:.3f} s")
    kde = gaussian_kde(xy, bw_method=factor)
    t_scipy = report(
        "  core (binning + FFT) vs scipy:",
        np.asarray(core),
        t_core,
        kde,
        cx,
        cy,
        n,
        args.cells_sample,
        args.full,
        args.seed,
    )
    print(f"  speed ratio, whole hotspot_kde call vs scipy: {t_scipy / t_call:,.0f} x")

    narrow = 0.02
    bw_b = Bandwidth(cov * narrow**2, narrow)
    t_b, dens_b = best_of(args.repeat, lambda: kde_on_grid(pts, grid, bw_b))
    sd_b = np.sqrt(np.diag(bw_b.covariance))
    print(
        f"B. narrow kernel: bw_method {narrow}, kernel sd {sd_b[0]:,.0f} x {sd_b[1]:,.0f} m "
        "(internal API)"
    )
    report(
        "  core (binning + FFT) vs scipy:",
        np.asarray(dens_b),
        t_b,
        gaussian_kde(xy, bw_method=narrow),
        cx,
        cy,
        n,
        args.cells_sample,
        args.full,
        args.seed,
    )


if __name__ == "__main__":
    main()
