"""Geometry helpers of the demo generator: outline, Voronoi cells, contiguity, regions, CRS.

All coordinates are British National Grid (EPSG:27700) metres until they are written out.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import Transformer
from shapely.geometry import MultiPoint, Polygon
from shapely.strtree import STRtree

__all__ = [
    "adjacency",
    "balanced_lloyd",
    "grow_regions",
    "lloyd",
    "radial_outline",
    "to_wgs84",
    "voronoi_cells",
]

FloatArray = NDArray[np.float64]

#: OSGB36 / British National Grid -> WGS84 with the published 7-parameter Helmert transformation
#: (EPSG:1314). Spelt out so that the output never depends on whether PROJ finds the OSTN15 grid
#: on a given machine: the same seed must give the same bytes everywhere.
BNG_TO_WGS84 = (
    "+proj=pipeline "
    "+step +inv +proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 "
    "+ellps=airy "
    "+step +proj=push +v_3 "
    "+step +proj=cart +ellps=airy "
    "+step +proj=helmert +x=446.448 +y=-125.157 +z=542.06 +rx=0.15 +ry=0.247 +rz=0.842 "
    "+s=-20.489 +convention=position_vector "
    "+step +inv +proj=cart +ellps=WGS84 "
    "+step +proj=pop +v_3 "
    "+step +proj=unitconvert +xy_in=rad +xy_out=deg"
)


@lru_cache(maxsize=1)
def _transformer() -> Transformer:
    return Transformer.from_pipeline(BNG_TO_WGS84)


def to_wgs84(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Longitude and latitude (degrees) of British National Grid eastings and northings."""
    lon, lat = _transformer().transform(np.asarray(x, float), np.asarray(y, float))
    return np.asarray(lon, float), np.asarray(lat, float)


def radial_outline(
    rng: np.random.Generator, centre: tuple[float, float], area_km2: float, n_vertices: int = 360
) -> Polygon:
    """An irregular, star-shaped district outline of the given area around ``centre``.

    The radius is a sum of a few random low harmonics (the overall shape) and many small high
    ones (the wiggle of a boundary that follows rivers and field edges).
    """
    theta = np.linspace(0.0, 2.0 * np.pi, n_vertices, endpoint=False)
    r = np.ones_like(theta)
    for k in range(1, 49):
        amp = rng.uniform(0.0, 0.22 / k**0.7) if k <= 6 else rng.uniform(0.0, 0.06 / k**0.8)
        r += amp * np.cos(k * theta + rng.uniform(0.0, 2.0 * np.pi))
    r = np.clip(r, 0.45, None)
    x, y = np.cos(theta) * r, np.sin(theta) * r
    unit = Polygon(np.column_stack([x, y]))
    scale = np.sqrt(area_km2 * 1e6 / unit.area)
    return Polygon(np.column_stack([centre[0] + x * scale, centre[1] + y * scale]))


def lloyd(
    rng: np.random.Generator,
    px: FloatArray,
    py: FloatArray,
    weight: FloatArray,
    n: int,
    iterations: int = 25,
) -> FloatArray:
    """``n`` centres placed by weighted Lloyd iterations (k-means) over weighted points.

    In two dimensions k-means puts centres with a density proportional to the square root of the
    weight, so passing a squared population density gives cells of roughly equal population.
    """
    p = weight / weight.sum()
    start = rng.choice(len(px), size=n, replace=False, p=p)
    cx, cy = px[start].copy(), py[start].copy()
    for _ in range(iterations):
        label = nearest(px, py, cx, cy)
        wsum = np.bincount(label, weight, minlength=n)
        empty = wsum == 0
        wsum[empty] = 1.0
        nx = np.bincount(label, weight * px, minlength=n) / wsum
        ny = np.bincount(label, weight * py, minlength=n) / wsum
        if empty.any():
            again = rng.choice(len(px), size=int(empty.sum()), replace=False, p=p)
            nx[empty], ny[empty] = px[again], py[again]
        cx, cy = nx, ny
    return np.column_stack([cx, cy])


def balanced_lloyd(
    rng: np.random.Generator,
    px: FloatArray,
    py: FloatArray,
    mass: FloatArray,
    n: int,
    exponent: float = 1.6,
    iterations: int = 40,
    gain: float = 0.3,
) -> FloatArray:
    """``n`` centres whose Voronoi cells hold roughly equal ``mass`` (population).

    Plain Lloyd over ``mass ** exponent`` gives small cells where mass is dense; then each
    iteration raises the weight of the points in over-full cells (by ``(cell mass / mean) ** gain``,
    compounding), which pulls neighbouring centres in and shrinks those cells.
    """
    base = mass**exponent
    c = lloyd(rng, px, py, base, n)
    factor = np.ones_like(px)
    for _ in range(iterations):
        label = nearest(px, py, c[:, 0], c[:, 1])
        held = np.bincount(label, mass, minlength=n)
        factor *= (held[label] / held.mean()) ** gain
        w = base * factor
        wsum = np.bincount(label, w, minlength=n)
        if (wsum == 0).any():
            break
        c = np.column_stack([
            np.bincount(label, w * px, minlength=n) / wsum,
            np.bincount(label, w * py, minlength=n) / wsum,
        ])
    return c


def nearest(px: FloatArray, py: FloatArray, cx: FloatArray, cy: FloatArray) -> NDArray[np.intp]:
    """Index of the nearest centre of every point."""
    d2 = (px[:, None] - cx[None, :]) ** 2 + (py[:, None] - cy[None, :]) ** 2
    return np.argmin(d2, axis=1)


def _polygonal(g: shapely.Geometry) -> shapely.Geometry:
    """Only the polygonal part of ``g`` (clipping can leave stray lines or points)."""
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    polys = [p for p in getattr(g, "geoms", []) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polys)


def voronoi_cells(centres: FloatArray, outline: Polygon) -> list[Polygon]:
    """The Voronoi cells of ``centres`` clipped to ``outline``, one single polygon per centre.

    A concave outline can cut a cell in two; the smaller pieces then join the neighbouring cell
    they share the longest edge with, so every cell is one polygon and the cells tile the outline.
    """
    frame = outline.envelope.buffer(outline.length)
    diagram = shapely.voronoi_polygons(MultiPoint(centres), extend_to=frame, ordered=True)
    raw = shapely.intersection(np.asarray(diagram.geoms, dtype=object), outline)
    cells: list[shapely.Geometry] = [_polygonal(g) for g in raw]
    for _ in range(10):
        split = [i for i, g in enumerate(cells) if g.geom_type == "MultiPolygon"]
        if not split:
            break
        for i in split:
            parts = sorted(cells[i].geoms, key=lambda p: -p.area)
            cells[i] = parts[0]
            for part in parts[1:]:
                shared = [
                    shapely.intersection(part.boundary, c.boundary).length if j != i else -1.0
                    for j, c in enumerate(cells)
                ]
                j = int(np.argmax(shared))
                cells[j] = _polygonal(shapely.union(cells[j], part))
    if any(g.geom_type != "Polygon" for g in cells):
        raise RuntimeError("could not make every Voronoi cell a single polygon")
    return [shapely.normalize(g) for g in cells]


def adjacency(cells: Sequence[Polygon], min_shared: float = 1.0) -> list[set[int]]:
    """Rook contiguity: for each cell, the cells it shares an edge (not just a corner) with."""
    geoms = np.asarray(cells, dtype=object)
    left, right = STRtree(geoms).query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    shared = shapely.length(
        shapely.intersection(shapely.boundary(geoms[left]), shapely.boundary(geoms[right]))
    )
    neighbours: list[set[int]] = [set() for _ in cells]
    for a, b, s in zip(left, right, shared, strict=True):
        if s > min_shared:
            neighbours[a].add(int(b))
            neighbours[b].add(int(a))
    return neighbours


def grow_regions(
    rng: np.random.Generator,
    neighbours: list[set[int]],
    xy: FloatArray,
    weight: FloatArray,
    n_regions: int,
) -> NDArray[np.int64]:
    """Group units into ``n_regions`` contiguous regions of similar total ``weight``.

    Seeds are the units nearest the centres of a k-means over the unit centroids; then the
    lightest region that still borders a free unit takes the free neighbour nearest its seed,
    until every unit is taken. Every region is contiguous by construction.
    """
    n = len(neighbours)
    centres = lloyd(rng, xy[:, 0], xy[:, 1], np.ones(n), n_regions, iterations=15)
    label = np.full(n, -1, dtype=np.int64)
    seeds: list[int] = []
    for cx, cy in centres:
        d2 = (xy[:, 0] - cx) ** 2 + (xy[:, 1] - cy) ** 2
        d2[label >= 0] = np.inf
        s = int(np.argmin(d2))
        label[s] = len(seeds)
        seeds.append(s)
    total = weight[seeds].astype(float)
    while (label < 0).any():
        grown = False
        for r in np.argsort(total, kind="stable"):
            free = sorted(
                {j for i in np.flatnonzero(label == r) for j in neighbours[i] if label[j] < 0}
            )
            if not free:
                continue
            sx, sy = xy[seeds[r]]
            pick = min(free, key=lambda j: (xy[j, 0] - sx) ** 2 + (xy[j, 1] - sy) ** 2)
            label[pick] = r
            total[r] += weight[pick]
            grown = True
            break
        if not grown:  # a unit touching others only at corners: join the nearest region
            j = int(np.flatnonzero(label < 0)[0])
            taken = np.flatnonzero(label >= 0)
            d2 = ((xy[taken] - xy[j]) ** 2).sum(axis=1)
            label[j] = label[taken[np.argmin(d2)]]
    return label
