"""Gaussian kernel density on the grid by linear binning and FFT convolution.

1. **Linear binning**: each point's weight of 1 is shared between the four lattice nodes around
   it, in proportion to its closeness along each axis (bilinear weights). The nodes are the cell
   centres, or, when the kernel is narrow for the grid, the centres of sub-cells: each cell is
   cut into s x s (s odd, so the cell's centre stays a node) until the kernel's standard
   deviation spans at least ``NODES_PER_SD`` (6) nodes.
2. **FFT convolution** (:func:`scipy.signal.fftconvolve`, zero-padded, so nothing wraps round)
   of the binned counts with the Gaussian kernel sampled at the node offsets, cut at 5
   standard deviations (where it has fallen below 4e-6 of its peak); then read at the cell
   centres.

The result at a cell centre is ``sum_i K(centre - x_i)``, the kernel density times the number of
points, per square metre; reported per square kilometre (x 1e6). The exact computation costs
points x cells kernel evaluations; this one, nodes x log(nodes). Binning moves a point's weight
by up to half a node spacing along each axis, which widens the kernel's variance by
``t(1 - t) * spacing**2`` (t the point's offset between nodes), at most 1/144 of the kernel's
variance with 6 nodes per standard deviation. Measured on Maidstone's street crimes of 2021-03 to
2021-12 (16,024 points, many on one snap point: the worst case) for cell sizes of 50-200 m and
bandwidths of 1-8 cells: at most 0.61% of the peak from the exact density (0.3% typical). The
bandwidth must be at least ``HotspotOptions.min_bandwidth_cells`` cells (default 1).

The automatic bandwidth is **Scott's rule** exactly as :class:`scipy.stats.gaussian_kde` applies it
(``bw_method="scott"``; in two dimensions Silverman's rule is the same): the kernel's covariance
is ``factor**2`` times the points' covariance (unbiased), ``factor = n ** (-1/6)``. A given
``bandwidth`` is the standard deviation, in metres, of a round (isotropic) kernel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt
from scipy.signal import fftconvolve

from cspkit.analysis.hotspots._grid import Grid, tidy_floor
from cspkit.analysis.hotspots._inputs import Points, announce
from cspkit.analysis.hotspots._options import HotspotOptions
from cspkit.errors import InputError

__all__ = ["KERNEL_CUTOFF", "NODES_PER_SD", "Bandwidth", "choose_bandwidth", "kde_on_grid"]

#: The kernel is cut this many standard deviations from its centre.
KERNEL_CUTOFF = 5.0

#: Binning nodes per kernel standard deviation (at least): cells are subdivided to reach it.
NODES_PER_SD = 6.0

#: Most binning nodes a grid may be subdivided into.
MAX_NODES = 40_000_000

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Bandwidth:
    """The kernel: its covariance in square metres, and Scott's factor when automatic."""

    covariance: FloatArray  # 2 x 2
    bw_method: float | None  # the scipy.stats.gaussian_kde bw_method giving the same kernel

    @property
    def sd(self) -> tuple[float, float]:
        """Standard deviations east-west and north-south, in metres."""
        return math.sqrt(self.covariance[0, 0]), math.sqrt(self.covariance[1, 1])

    @property
    def smallest_sd(self) -> float:
        return math.sqrt(max(float(np.linalg.eigvalsh(self.covariance)[0]), 0.0))


def choose_bandwidth(
    pts: Points,
    bandwidth: object,
    cell_size: float,
    opts: HotspotOptions,
    fn: str,
    quiet: bool,
) -> Bandwidth:
    """The kernel for ``pts``: given (metres), or by Scott's rule (announced); checked."""
    adjust = opts.bandwidth_adjust
    if bandwidth is not None:
        if (
            isinstance(bandwidth, bool)
            or not isinstance(bandwidth, int | float | np.integer | np.floating)
            or not math.isfinite(float(bandwidth))
            or float(bandwidth) <= 0
        ):
            raise InputError(
                f"{fn}(): `bandwidth` must be a positive number of metres (the kernel's "
                f"standard deviation), got {bandwidth!r}. Give e.g. bandwidth=500, or leave it "
                "out to use Scott's rule"
            )
        sd = float(bandwidth) * adjust
        bw = Bandwidth(np.eye(2) * sd**2, None)
    else:
        bw = _scott(pts, adjust, fn)
        sd_x, sd_y = bw.sd
        adjusted = f" x bandwidth_adjust {adjust:g}" if adjust != 1 else ""
        announce(
            f"Bandwidth set automatically by Scott's rule (as scipy.stats.gaussian_kde uses it; "
            f"the same as Silverman's rule in two dimensions): kernel covariance = the points' "
            f"covariance x {bw.bw_method:.4g}^2 (n^(-1/6) with n = {len(pts):,}{adjusted}), "
            f"standard deviation {sd_x:,.0f} m east-west and {sd_y:,.0f} m north-south.",
            quiet,
        )
    least = opts.min_bandwidth_cells * cell_size
    if bw.smallest_sd < least * (1 - 1e-9):
        which = "given" if bandwidth is not None else "automatic"
        raise InputError(
            f"{fn}(): the {which} bandwidth is too small for the grid: the kernel's standard "
            f"deviation is {bw.smallest_sd:,.1f} m (narrowest direction), less than "
            f"{opts.min_bandwidth_cells:g} cell(s) of {cell_size:g} m, so the grid cannot "
            f"resolve it. Give bandwidth={least:g} or more, or a smaller cell size, e.g. "
            f"cell_size={tidy_floor(bw.smallest_sd / opts.min_bandwidth_cells):g}"
        )
    return bw


def _scott(pts: Points, adjust: float, fn: str) -> Bandwidth:
    n = len(pts)
    if n < 3:
        raise InputError(
            f"{fn}(): cannot choose a bandwidth automatically from {n} point(s): Scott's rule "
            "needs the points' spread. Give the bandwidth in metres, e.g. bandwidth=500"
        )
    cov = np.cov(np.vstack([pts.x, pts.y]), bias=False)
    if np.linalg.eigvalsh(cov)[0] <= 1e-9 * max(float(np.trace(cov)), 1e-300):
        raise InputError(
            f"{fn}(): cannot choose a bandwidth automatically: the {n:,} points lie on one line "
            "or at one place, so their spread has no width. Give the bandwidth in metres, "
            "e.g. bandwidth=500"
        )
    factor = n ** (-1.0 / 6.0) * adjust
    return Bandwidth(cov * factor**2, factor)


def _kernel(bw: Bandwidth, cell_size: float, max_reach: tuple[int, int]) -> FloatArray:
    """The Gaussian kernel (per square metre) at node offsets, cut at KERNEL_CUTOFF sds."""
    sd_x, sd_y = bw.sd
    rx = min(math.ceil(KERNEL_CUTOFF * sd_x / cell_size), max_reach[0])
    ry = min(math.ceil(KERNEL_CUTOFF * sd_y / cell_size), max_reach[1])
    dx = np.arange(-rx, rx + 1) * cell_size
    dy = np.arange(-ry, ry + 1) * cell_size
    gx, gy = np.meshgrid(dx, dy)  # rows: y offsets, columns: x offsets
    inv = np.linalg.inv(bw.covariance)
    q = inv[0, 0] * gx**2 + 2 * inv[0, 1] * gx * gy + inv[1, 1] * gy**2
    norm = 2 * math.pi * math.sqrt(float(np.linalg.det(bw.covariance)))
    return cast("npt.NDArray[np.float64]", np.exp(-0.5 * q) / norm)


def oversampling(bw: Bandwidth, cell_size: float, n_cells: int) -> int:
    """Nodes per cell side for binning: the smallest odd number giving NODES_PER_SD nodes per
    kernel standard deviation (so cell centres stay nodes), within the MAX_NODES budget."""
    s = max(1, math.ceil(NODES_PER_SD * cell_size / bw.smallest_sd))
    s += 1 - s % 2
    while s > 1 and n_cells * s * s > MAX_NODES:
        s -= 2
    return s


def linear_binning(
    x: FloatArray, y: FloatArray, x0: float, y0: float, step: float, shape: tuple[int, int]
) -> FloatArray:
    """Point weights shared bilinearly to the nodes of a lattice, with one node of margin.

    Node ``(r, c)`` sits at ``(x0 + (c + 0.5) * step, y0 + (r + 0.5) * step)``, the centre of a
    square of side ``step``. Returns an array of ``shape`` plus 2 in each direction: entry
    ``[r + 1, c + 1]`` is node ``(r, c)``; the outer ring catches points in the outer half of
    the edge squares.
    """
    u = (x - x0) / step - 0.5  # node coordinates: node c is at u == c
    v = (y - y0) / step - 0.5
    c0 = np.floor(u).astype(np.int64)
    r0 = np.floor(v).astype(np.int64)
    tu, tv = u - c0, v - r0
    height, width = shape[0] + 2, shape[1] + 2
    c0 = np.clip(c0 + 1, 0, width - 2)  # shift into the margin-padded array
    r0 = np.clip(r0 + 1, 0, height - 2)
    flat = np.zeros(width * height)
    for dr, dc, w in (
        (0, 0, (1 - tu) * (1 - tv)),
        (0, 1, tu * (1 - tv)),
        (1, 0, (1 - tu) * tv),
        (1, 1, tu * tv),
    ):
        flat += np.bincount((r0 + dr) * width + (c0 + dc), weights=w, minlength=width * height)
    return flat.reshape(height, width)


def kde_on_grid(pts: Points, grid: Grid, bw: Bandwidth) -> FloatArray:
    """Kernel density at the kept cells' centres, in incidents per square kilometre."""
    s = oversampling(bw, grid.cell_size, grid.nrows * grid.ncols)
    step = grid.cell_size / s
    shape = (grid.nrows * s, grid.ncols * s)
    binned = linear_binning(pts.x, pts.y, grid.x0, grid.y0, step, shape)
    kernel = _kernel(bw, step, (shape[1] + 1, shape[0] + 1))
    dens = fftconvolve(binned, kernel, mode="same")[1:-1, 1:-1]
    # the node at the centre of cell (r, c) is (r * s + s // 2, c * s + s // 2)
    centre = dens[s // 2 :: s, s // 2 :: s]
    centre = np.clip(centre, 0.0, None).ravel()  # FFT round-off leaves tiny negatives far out
    return cast("npt.NDArray[np.float64]", centre[grid.cell_id] * 1e6)
