"""The demo district's areas: outline, LSOAs, wards, population, deprivation and snap points.

The district is a star-shaped outline of about 390 km² in the English Midlands (British National
Grid, EPSG:27700). People live in a town (two overlapping Gaussian blobs), a handful of villages and
a thin rural spread. LSOAs are Voronoi cells whose centres were placed by population-balancing Lloyd
iterations (:func:`~cspkit.demo.geometry.balanced_lloyd`), which gives cells of roughly equal
population: small in the town, large in the countryside. Wards and MSOAs are contiguous groups of
LSOAs of similar population.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray
from shapely.geometry import Point, Polygon

from cspkit.demo.area_codes import codes_and_names
from cspkit.demo.geometry import (
    adjacency,
    balanced_lloyd,
    grow_regions,
    nearest,
    radial_outline,
    to_wgs84,
    voronoi_cells,
)
from cspkit.demo.names import (
    POI_LABELS,
    RETAIL_POIS,
    URBAN_WARD_NAMES,
    AreaIdentity,
    street_names,
    village_names,
)

__all__ = ["RURAL_TOWN", "RURAL_VILLAGE", "URBAN", "DemoAreas", "build_areas"]

FloatArray = NDArray[np.float64]

#: ONS 2011 rural-urban classes used for LSOAs (the three that a shire district has).
URBAN = "Urban city and town"
RURAL_TOWN = "Rural town and fringe"
RURAL_VILLAGE = "Rural village and dispersed"

GRID_M = 125.0
TOTAL_POPULATION = 170_000
POP_MIN, POP_MAX = 1_200, 3_000
BACKGROUND_DENSITY = 60.0
"""People per km² spread thinly over the whole district."""

#: How likely a snap point is a named place rather than a street, and which places.
_POI_SHARE = {URBAN: 0.15, RURAL_TOWN: 0.12, RURAL_VILLAGE: 0.10}
_POI_PROBS = np.array([0.24, 0.12, 0.12, 0.08, 0.12, 0.16, 0.02, 0.02, 0.05, 0.03, 0.02, 0.02])
_TOWN_CENTRE_POIS = (
    "Shopping Area", "Shopping Area", "Nightclub", "Nightclub", "Supermarket", "Parking Area",
    "Parking Area", "Theatre/Concert Hall", "Park/Open Space",
)


@dataclass(frozen=True)
class Settlement:
    """A Gaussian blob of population: a town or a village."""

    name: str
    x: float
    y: float
    people: float
    sigma: float

    def density(self, x: FloatArray, y: FloatArray) -> FloatArray:
        """People per km² this settlement adds at each point."""
        peak = self.people / (2.0 * np.pi * (self.sigma / 1000.0) ** 2)
        return peak * np.exp(-((x - self.x) ** 2 + (y - self.y) ** 2) / (2.0 * self.sigma**2))


@dataclass(frozen=True)
class DemoAreas:
    """Every area of the demo district, in British National Grid.

    ``lsoas`` columns: ``code, name, msoa, ward_code, ward_name, population, area_km2, ruc``
    (rural-urban class), ``deprivation`` (an IMD-like score, higher is more deprived),
    ``town_centre``/``estate`` (the hotspots) and ``centre_core``/``estate_core`` (the LSOA each
    is centred on), ``has_retail``, ``geometry``; ordered by code.
    ``wards`` columns: ``code, name, population, geometry``; ordered by code.
    ``snaps`` (the police.uk-style anonymisation points): ``lsoa`` (row of ``lsoas``), ``x, y``,
    ``lon, lat`` (rounded to 6 decimals), ``label`` ("On or near ..."), ``kind`` (the place label
    or ``street``), ``weight`` (how often incidents land there).
    """

    identity: AreaIdentity
    outline: Polygon
    town_centre: Point
    lsoas: gpd.GeoDataFrame
    wards: gpd.GeoDataFrame
    snaps: pd.DataFrame

    @property
    def hotspot_lsoas(self) -> list[str]:
        """Codes of the hotspot LSOAs: the town centre's core, the rest of the town centre, the
        estate's core, the rest of the estate."""
        hot = self.lsoas[self.lsoas["town_centre"] | self.lsoas["estate"]].copy()
        hot["core"] = hot["centre_core"] | hot["estate_core"]
        order = hot.sort_values(["town_centre", "core", "code"], ascending=[False, False, True])
        return list(order["code"])

    @property
    def hotspot_wards(self) -> list[str]:
        """Codes of the wards holding hotspot LSOAs, in the order of :attr:`hotspot_lsoas`."""
        ward = self.lsoas.set_index("code")["ward_code"]
        return list(dict.fromkeys(ward[c] for c in self.hotspot_lsoas))


def build_areas(rng: np.random.Generator, identity: AreaIdentity) -> DemoAreas:
    """Make the district, its LSOAs, wards and snap points, deterministically from ``rng``."""
    centre = (450_000.0 + rng.uniform(-5_000, 5_000), 300_000.0 + rng.uniform(-5_000, 5_000))
    outline = radial_outline(rng, centre, area_km2=rng.uniform(370, 420))
    town, places = _settlements(rng, outline, identity)
    gx, gy = _grid(outline)
    density = sum((s.density(gx, gy) for s in places), np.full_like(gx, BACKGROUND_DENSITY))

    n_lsoa = int(rng.integers(96, 105))
    centres = balanced_lloyd(rng, gx, gy, density, n_lsoa)
    cells = voronoi_cells(centres, outline)
    neighbours = adjacency(cells)
    owner = nearest(gx, gy, centres[:, 0], centres[:, 1])
    people = np.bincount(owner, density * (GRID_M / 1000) ** 2, minlength=n_lsoa).astype(float)

    lsoas = gpd.GeoDataFrame({"geometry": cells}, crs="EPSG:27700")
    lsoas["area_km2"] = lsoas.area / 1e6
    xy = np.column_stack([lsoas.centroid.x, lsoas.centroid.y])
    lsoas["population"] = _populations(rng, people)
    lsoas["ruc"] = _rural_urban(lsoas, xy, town)
    _mark_hotspots(rng, lsoas, xy, town, neighbours)
    lsoas["deprivation"] = _deprivation(rng, lsoas, xy, town)

    ward_of = grow_regions(rng, neighbours, xy, lsoas["population"].to_numpy(float),
                           n_regions=int(rng.integers(22, 29)))
    msoa_of = grow_regions(rng, neighbours, xy, lsoas["population"].to_numpy(float),
                           n_regions=round(n_lsoa / 5))
    ward_names = _ward_names(rng, lsoas, ward_of, xy, town, places[2:])
    lsoas, wards = codes_and_names(lsoas, ward_of, msoa_of, ward_names, xy, identity)
    snaps = _snap_points(rng, lsoas, gx, gy, density, places)
    retail = snaps.loc[snaps["kind"].isin(RETAIL_POIS), "lsoa"]
    lsoas["has_retail"] = np.isin(np.arange(len(lsoas)), retail)
    return DemoAreas(identity, outline, Point(town.x, town.y), lsoas, wards, snaps)


def _grid(outline: Polygon) -> tuple[FloatArray, FloatArray]:
    """Centres of the ``GRID_M`` grid cells inside the outline."""
    x0, y0, x1, y1 = outline.bounds
    xs = np.arange(x0 + GRID_M / 2, x1, GRID_M)
    ys = np.arange(y0 + GRID_M / 2, y1, GRID_M)
    gx, gy = (a.ravel() for a in np.meshgrid(xs, ys))
    inside = shapely.contains_xy(outline, gx, gy)
    return gx[inside], gy[inside]


def _random_inside(rng: np.random.Generator, poly: Polygon, n: int) -> FloatArray:
    """``n`` points uniformly inside ``poly``."""
    x0, y0, x1, y1 = poly.bounds
    found: list[FloatArray] = []
    count = 0
    while count < n:
        pts = rng.uniform((x0, y0), (x1, y1), size=(4 * n, 2))
        pts = pts[shapely.contains_xy(poly, pts[:, 0], pts[:, 1])]
        found.append(pts)
        count += len(pts)
    return np.concatenate(found)[:n]


def _settlements(
    rng: np.random.Generator, outline: Polygon, identity: AreaIdentity
) -> tuple[Settlement, list[Settlement]]:
    """The town (main blob first, then a suburb blob) and 7-9 villages away from it."""
    inner = shapely.buffer(outline, -0.55 * np.sqrt(outline.area / np.pi))
    tx, ty = _random_inside(rng, inner if not inner.is_empty else outline, 1)[0]
    town = Settlement(identity.district_name, tx, ty, rng.uniform(80_000, 90_000),
                      rng.uniform(1_500, 1_800))
    angle = rng.uniform(0, 2 * np.pi)
    reach = rng.uniform(2_000, 2_800)
    suburb = Settlement(f"{identity.district_name} suburbs", tx + reach * np.cos(angle),
                        ty + reach * np.sin(angle), rng.uniform(18_000, 24_000),
                        rng.uniform(1_000, 1_300))
    n_villages = int(rng.integers(7, 10))
    names = village_names(rng, n_villages)
    spots = _random_inside(rng, shapely.buffer(outline, -1_500), 400)
    villages: list[Settlement] = []
    for x, y in spots:
        far = np.hypot(x - tx, y - ty) > 6_000 and all(
            np.hypot(x - v.x, y - v.y) > 3_500 for v in villages
        )
        if far:
            villages.append(Settlement(names[len(villages)], x, y, rng.uniform(1_500, 5_000),
                                       rng.uniform(350, 650)))
        if len(villages) == n_villages:
            break
    return town, [town, suburb, *villages]


def _populations(rng: np.random.Generator, people: FloatArray) -> NDArray[np.int64]:
    """Mid-2019 population of each LSOA: the modelled count, rescaled, jittered and bounded."""
    pop = people * TOTAL_POPULATION / people.sum()
    pop = 0.5 * pop + 0.5 * TOTAL_POPULATION / len(people)
    pop *= rng.lognormal(0.0, 0.12, size=len(pop))
    return np.clip(np.round(pop), POP_MIN, POP_MAX).astype(np.int64)


def _rural_urban(lsoas: gpd.GeoDataFrame, xy: FloatArray, town: Settlement) -> list[str]:
    """The rural-urban class of each LSOA, from its density and distance to the town."""
    density = lsoas["population"] / lsoas["area_km2"]
    dist = np.hypot(xy[:, 0] - town.x, xy[:, 1] - town.y)
    out = []
    for d, r in zip(density, dist, strict=True):
        if d >= 1_500 and r < 6_000:
            out.append(URBAN)
        elif d >= 250:
            out.append(RURAL_TOWN)
        else:
            out.append(RURAL_VILLAGE)
    return out


def _mark_hotspots(
    rng: np.random.Generator,
    lsoas: gpd.GeoDataFrame,
    xy: FloatArray,
    town: Settlement,
    neighbours: list[set[int]],
) -> None:
    """Flag the town-centre LSOAs (two) and the deprived estate (one or two)."""
    dist = np.hypot(xy[:, 0] - town.x, xy[:, 1] - town.y)
    core = int(np.argmin(dist))
    second = min(neighbours[core], key=lambda j: dist[j])
    centre = {core, second}
    ring = [
        i for i in np.flatnonzero((dist > 1_500) & (dist < 3_500))
        if lsoas["ruc"].iat[i] == URBAN and not (neighbours[i] & centre)
    ]
    if not ring:
        ring = [i for i in np.argsort(dist)[4:12] if not (neighbours[i] & centre)]
    estate_core = int(rng.choice(ring))
    estate = {estate_core}
    if rng.random() < 0.5:
        others = sorted(j for j in neighbours[estate_core] - centre
                        if lsoas["ruc"].iat[j] == URBAN)
        if others:
            estate.add(int(rng.choice(others)))
    lsoas["town_centre"] = [i in centre for i in range(len(lsoas))]
    lsoas["estate"] = [i in estate for i in range(len(lsoas))]
    lsoas["centre_core"] = [i == core for i in range(len(lsoas))]
    lsoas["estate_core"] = [i == estate_core for i in range(len(lsoas))]


def _deprivation(
    rng: np.random.Generator, lsoas: gpd.GeoDataFrame, xy: FloatArray, town: Settlement
) -> FloatArray:
    """An IMD-like score per LSOA (about 3-65; the estate highest, the villages lowest)."""
    estate = xy[lsoas["estate_core"].to_numpy()][0]
    d_estate = np.hypot(xy[:, 0] - estate[0], xy[:, 1] - estate[1])
    d_town = np.hypot(xy[:, 0] - town.x, xy[:, 1] - town.y)
    urban = (lsoas["ruc"] == URBAN).to_numpy(float)
    score = (
        7.0 + 8.0 * urban
        + 42.0 * np.exp(-(d_estate**2) / (2 * 900.0**2))
        + 14.0 * np.exp(-(d_town**2) / (2 * 700.0**2))
        + rng.gamma(2.0, 3.0, size=len(xy))
    )
    return np.round(np.clip(score, 2.0, 75.0), 3)


def _ward_names(
    rng: np.random.Generator,
    lsoas: gpd.GeoDataFrame,
    ward_of: NDArray[np.int64],
    xy: FloatArray,
    town: Settlement,
    villages: list[Settlement],
) -> list[str]:
    """A name per ward: "High Street" for the town centre, town names, or village names."""
    n = int(ward_of.max()) + 1
    urban_pool = [URBAN_WARD_NAMES[i] for i in rng.permutation(len(URBAN_WARD_NAMES))]
    centre_ward = int(ward_of[np.flatnonzero(lsoas["centre_core"].to_numpy())[0]])
    names: list[str] = []
    for w in range(n):
        members = ward_of == w
        if w == centre_ward:
            names.append("High Street")
            continue
        if (lsoas.loc[members, "ruc"] == URBAN).mean() >= 0.5:
            names.append(urban_pool.pop())
            continue
        wx, wy = xy[members].mean(axis=0)
        order = np.argsort([np.hypot(v.x - wx, v.y - wy) for v in villages])
        near, other, third = (villages[j].name for j in order[:3])
        compass = _compass(wx - town.x, wy - town.y)
        candidates = (near, other, f"{near} and {other}", f"{near} Rural", f"{compass} {near}",
                      f"{third} and {near}", f"{compass} Downs", f"{urban_pool[-1]} Rural")
        names.append(next(c for c in candidates if c not in names))
    return names


def _compass(dx: float, dy: float) -> str:
    """The direction (North, North East, ...) of an offset."""
    points = ("East", "North East", "North", "North West", "West", "South West", "South",
              "South East")
    return points[round(np.arctan2(dy, dx) / (np.pi / 4)) % 8]


def _snap_points(
    rng: np.random.Generator,
    lsoas: gpd.GeoDataFrame,
    gx: FloatArray,
    gy: FloatArray,
    density: FloatArray,
    places: list[Settlement],
) -> pd.DataFrame:
    """15-40 fixed anonymisation points per LSOA, where people live, each with a name."""
    extra = tuple(p.name for p in places[2:])
    frames = []
    for i, row in enumerate(lsoas.itertuples()):
        poly = row.geometry
        hot = bool(row.town_centre)
        k = 40 if hot else int(np.clip(14 + 4 * np.sqrt(row.area_km2) + rng.integers(-2, 7),
                                       15, 40))
        xy = _points_where_people_live(rng, poly, gx, gy, density, k)
        n_poi = len(_TOWN_CENTRE_POIS) + 4 if hot else int(rng.binomial(k, _POI_SHARE[row.ruc]))
        pois = list(_TOWN_CENTRE_POIS) if hot else []
        pois += [POI_LABELS[j] for j in rng.choice(len(POI_LABELS), size=n_poi - len(pois),
                                                   p=_POI_PROBS / _POI_PROBS.sum())]
        if row.ruc == URBAN and not hot and "Nightclub" in pois and rng.random() < 0.7:
            pois[pois.index("Nightclub")] = "Parking Area"
        streets = street_names(rng, k - n_poi, extra_heads=extra)
        kinds = pois + ["street"] * len(streets)
        labels = [f"On or near {p}" for p in pois] + [f"On or near {s}" for s in streets]
        frames.append(pd.DataFrame({
            "lsoa": i, "x": xy[:, 0], "y": xy[:, 1], "label": labels, "kind": kinds,
            "weight": rng.lognormal(0.0, 1.0, size=k),
        }))
    snaps = pd.concat(frames, ignore_index=True)
    lon, lat = to_wgs84(snaps["x"].to_numpy(), snaps["y"].to_numpy())
    snaps["lon"], snaps["lat"] = np.round(lon, 6), np.round(lat, 6)
    return snaps


def _points_where_people_live(
    rng: np.random.Generator,
    poly: Polygon,
    gx: FloatArray,
    gy: FloatArray,
    density: FloatArray,
    k: int,
) -> FloatArray:
    """``k`` points inside ``poly`` (kept 15 m off its edge), drawn from the population density."""
    safe = shapely.buffer(poly, -15.0)
    if safe.is_empty:
        safe = poly
    shapely.prepare(safe)
    inside = np.flatnonzero(shapely.contains_xy(poly, gx, gy))
    found: list[FloatArray] = []
    count = 0
    while count < k:
        if len(inside):
            p = density[inside] / density[inside].sum()
            pick = inside[rng.choice(len(inside), size=2 * k, p=p)]
            pts = np.column_stack([gx[pick], gy[pick]])
            pts += rng.uniform(-GRID_M / 2, GRID_M / 2, size=pts.shape)
        else:
            pts = _random_inside(rng, safe, 2 * k)
        pts = pts[shapely.contains_xy(safe, pts[:, 0], pts[:, 1])]
        found.append(pts)
        count += len(pts)
    return np.concatenate(found)[:k]
