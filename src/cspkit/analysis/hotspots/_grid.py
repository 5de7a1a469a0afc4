"""The square grid every hotspot function counts on.

The lattice is aligned to multiples of the cell size in British National Grid (so grids of the
same cell size line up across calls) and covers the area's bounding box, or the points' when
no area is given. ``cell_id`` is the lattice position ``row * ncols + col``, row 0 the
southernmost and col 0 the westernmost; with an area, only cells overlapping it (with positive
area) are kept, their geometry clipped to the area, and their ids stay those of the lattice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import cast

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from cspkit.analysis.hotspots._inputs import BNG, Points, announce
from cspkit.errors import InputError

__all__ = ["CELLS_ON_SHORTER_SIDE", "Grid", "choose_cell_size", "make_grid", "tidy_floor"]

#: The automatic cell size gives at least this many cells across the shorter side.
CELLS_ON_SHORTER_SIDE = 50

_TIDY = (1.0, 2.0, 2.5, 5.0)


def tidy_floor(value: float) -> float:
    """The largest tidy number (1, 2, 2.5 or 5 times a power of ten) not above ``value``."""
    power = 10.0 ** math.floor(math.log10(value))
    best = power
    for step in _TIDY:
        if step * power <= value * (1 + 1e-12):
            best = step * power
    return best


def _fmt(metres: float) -> str:
    return f"{metres:,.0f}" if metres >= 10 else f"{metres:g}"


def choose_cell_size(
    bounds: tuple[float, float, float, float], of: str, fn: str, quiet: bool
) -> float:
    """The automatic cell size: shorter side of the bounding box / 50, tidied down; announced."""
    xmin, ymin, xmax, ymax = bounds
    width, height = xmax - xmin, ymax - ymin
    shorter = min(width, height) if min(width, height) > 0 else max(width, height)
    if shorter <= 0:
        raise InputError(
            f"{fn}(): cannot choose a cell size automatically: all the points are at one place "
            f"({xmin:,.0f}, {ymin:,.0f}). Give the cell size in metres, e.g. cell_size=250"
        )
    size = tidy_floor(shorter / CELLS_ON_SHORTER_SIDE)
    side = "shorter side" if min(width, height) > 0 else "longer side (the points are on a line)"
    announce(
        f"Cell size set to {_fmt(size)} metres automatically: the {side} of {of} bounding box "
        f"({shorter:,.0f} m) / {CELLS_ON_SHORTER_SIDE}, rounded down to a tidy number "
        "(1, 2, 2.5 or 5 times a power of ten).",
        quiet,
    )
    return size


@dataclass(frozen=True)
class Grid:
    """A lattice of square cells and the cells of it kept (those overlapping the area)."""

    x0: float  # west edge of column 0
    y0: float  # south edge of row 0
    cell_size: float
    nrows: int
    ncols: int
    cell_id: npt.NDArray[np.int64]  # kept cells, lattice positions, ascending
    geometry: npt.NDArray[np.object_]  # kept cells' polygons, clipped to the area

    @property
    def rows(self) -> npt.NDArray[np.int64]:
        return self.cell_id // self.ncols

    @property
    def cols(self) -> npt.NDArray[np.int64]:
        return self.cell_id % self.ncols

    def centres(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Centres of the kept cells' full squares (not of their clipped shapes)."""
        cs = self.cell_size
        x = self.x0 + (self.cols + 0.5) * cs
        y = self.y0 + (self.rows + 0.5) * cs
        return x.astype(np.float64), y.astype(np.float64)

    def lattice_index(self, pts: Points) -> npt.NDArray[np.int64]:
        """The lattice position of each point (points on an inner edge go north/east)."""
        col = np.floor((pts.x - self.x0) / self.cell_size).astype(np.int64)
        row = np.floor((pts.y - self.y0) / self.cell_size).astype(np.int64)
        col = np.clip(col, 0, self.ncols - 1)
        row = np.clip(row, 0, self.nrows - 1)
        return row * self.ncols + col

    def counts(self, pts: Points) -> npt.NDArray[np.int64]:
        """Points per kept cell. Points must lie in the kept cells (see :func:`make_grid`)."""
        lattice = np.bincount(self.lattice_index(pts), minlength=self.nrows * self.ncols)
        return lattice[self.cell_id].astype(np.int64)

    def frame(self, columns: dict[str, object]) -> gpd.GeoDataFrame:
        """The tidy output: ``cell_id``, the given columns, ``geometry`` (British National Grid)."""
        data = pd.DataFrame({"cell_id": self.cell_id, **columns})
        return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(self.geometry, crs=BNG))


def make_grid(
    bounds: tuple[float, float, float, float],
    cell_size: float,
    area: BaseGeometry | None,
    fn: str = "make_grid",
) -> Grid:
    """The lattice over ``bounds`` (aligned to multiples of ``cell_size``), clipped to ``area``."""
    xmin, ymin, xmax, ymax = bounds
    cs = cell_size
    x0 = math.floor(xmin / cs) * cs
    y0 = math.floor(ymin / cs) * cs
    ncols = math.floor((xmax - x0) / cs) + 1
    nrows = math.floor((ymax - y0) / cs) + 1
    if nrows * ncols > 25_000_000:
        raise InputError(
            f"{fn}(): cell_size={cs:g} makes a grid of {nrows:,} x {ncols:,} cells, too many to "
            "compute. Give a larger cell size, e.g. cell_size=" + _fmt(tidy_floor(cs * 10))
        )
    if area is None:
        ids = np.arange(nrows * ncols, dtype=np.int64)
        return Grid(x0, y0, cs, nrows, ncols, ids, _boxes(ids, x0, y0, cs, ncols))
    ids, geometry = _clipped(x0, y0, cs, nrows, ncols, area)
    return Grid(x0, y0, cs, nrows, ncols, ids, geometry)


def _boxes(ids: npt.NDArray[np.int64], x0: float, y0: float, cs: float, ncols: int
           ) -> npt.NDArray[np.object_]:
    rows, cols = ids // ncols, ids % ncols
    boxes = shapely.box(x0 + cols * cs, y0 + rows * cs, x0 + (cols + 1) * cs,
                        y0 + (rows + 1) * cs)
    return cast("npt.NDArray[np.object_]", boxes)


_BLOCK = 16


def _clipped(x0: float, y0: float, cs: float, nrows: int, ncols: int, area: BaseGeometry
             ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.object_]]:
    """The lattice cells overlapping ``area`` and their shapes clipped to it, polygons made only
    for those: blocks of 16 x 16 cells are sorted first into outside (dropped whole), inside
    (every cell kept as its square) and on the boundary (cells tested and clipped one by one)."""
    shapely.prepare(area)
    brows, bcols = -(-nrows // _BLOCK), -(-ncols // _BLOCK)
    blocks = _boxes(np.arange(brows * bcols, dtype=np.int64), x0, y0, cs * _BLOCK, bcols)
    inside = shapely.contains_properly(area, blocks)
    edge = shapely.intersects(area, blocks) & ~inside
    cells = np.arange(_BLOCK * _BLOCK)
    local_r, local_c = cells // _BLOCK, cells % _BLOCK

    def members(which: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        b = np.flatnonzero(which)
        r = ((b // bcols)[:, None] * _BLOCK + local_r[None, :]).ravel()
        c = ((b % bcols)[:, None] * _BLOCK + local_c[None, :]).ravel()
        ok = (r < nrows) & (c < ncols)
        return (r[ok] * ncols + c[ok]).astype(np.int64)

    whole = members(inside)
    near = members(edge)
    boxes = _boxes(near, x0, y0, cs, ncols)
    hit = shapely.intersects(area, boxes)
    crossing = hit & ~shapely.contains_properly(area, boxes)
    shapes = boxes.copy()
    shapes[crossing] = shapely.intersection(boxes[crossing], area)
    keep = hit & (shapely.area(shapes) > 0)
    ids = np.concatenate([whole, near[keep]])
    geometry = np.concatenate([_boxes(whole, x0, y0, cs, ncols), shapes[keep]])
    order = np.argsort(ids, kind="stable")
    return ids[order], geometry[order]


def grid_for(
    points: list[Points],
    area: BaseGeometry | None,
    cell_size: float | None,
    fn: str,
    quiet: bool,
) -> tuple[Grid, list[Points]]:
    """The grid for these (already area-filtered) points and the points that fall in its cells.

    A point inside the area but on the edge of a cell that only touches the area is moved to no
    cell; such points (rare: exactly on a boundary) are left out with the others outside.
    """
    if area is not None:
        bounds = area.bounds
        of = "the area's"
    else:
        x = np.concatenate([p.x for p in points])
        y = np.concatenate([p.y for p in points])
        bounds = (float(x.min()), float(y.min()), float(x.max()), float(y.max()))
        of = "the points'"
    size = cell_size if cell_size is not None else choose_cell_size(bounds, of, fn, quiet)
    grid = make_grid(bounds, size, area, fn)
    if area is None:
        return grid, points
    kept = np.zeros(grid.nrows * grid.ncols, dtype=bool)
    kept[grid.cell_id] = True
    return grid, [p.take(kept[grid.lattice_index(p)]) for p in points]
