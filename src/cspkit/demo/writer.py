"""Write the demo district as the files real users download, byte for byte in the same shapes.

- ONS boundaries: GeoJSON FeatureCollections in WGS84 (``CRS84``), one feature per line, with the
  ONS property names (``WD22CD``, ``LSOA11CD``, ``BNG_E``, ``LONG``, ``LADCD_ACTIVE``, ...);
- ONS lookups: comma-separated, ``FID`` first, LF line ends;
- mySociety mid-2019 population: ``lsoa,pop`` with a UTF-8 byte-order mark and the population as
  text with a thousands separator (``"1,954"``);
- data.police.uk street files: ``YYYY-MM/YYYY-MM-<force>-street.csv``, the 12 published columns,
  UTF-8 without a byte-order mark, CRLF line ends, as in the police.uk archive.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Polygon

from cspkit.demo.areas import DemoAreas
from cspkit.demo.geometry import to_wgs84
from cspkit.sources.police.schema import STREET

__all__ = [
    "GEOGRAPHY_DIR",
    "POLICE_DIR",
    "POPULATION_DIR",
    "write_boundaries",
    "write_lookups",
    "write_police",
    "write_population",
]

GEOGRAPHY_DIR = "geography"
POPULATION_DIR = "population"
POLICE_DIR = "police"

_CRS84 = '{ "type": "name", "properties": { "name": "urn:ogc:def:crs:OGC:1.3:CRS84" } }'


def _ring(coords: Any) -> list[list[float]]:
    """A BNG ring as rounded WGS84 ``[lon, lat]`` pairs, without repeated points."""
    xy = np.asarray(coords, dtype=float)
    lon, lat = to_wgs84(xy[:, 0], xy[:, 1])
    pts = np.column_stack([np.round(lon, 6), np.round(lat, 6)])
    keep = np.ones(len(pts), dtype=bool)
    keep[1:] = np.any(pts[1:] != pts[:-1], axis=1)
    return [[float(a), float(b)] for a, b in pts[keep]]


def _geometry(poly: Polygon) -> dict[str, Any]:
    rings = [_ring(poly.exterior.coords)] + [_ring(r.coords) for r in poly.interiors]
    return {"type": "Polygon", "coordinates": rings}


def _label_point(poly: Polygon) -> dict[str, Any]:
    """ONS's ``BNG_E``, ``BNG_N``, ``LONG``, ``LAT`` for an area: a point inside it."""
    p = shapely.point_on_surface(poly)
    lon, lat = to_wgs84(np.array([p.x]), np.array([p.y]))
    return {"BNG_E": round(p.x), "BNG_N": round(p.y), "LONG": round(float(lon[0]), 6),
            "LAT": round(float(lat[0]), 6)}


def _write_feature_collection(
    path: Path, name: str, features: Iterable[tuple[dict[str, Any], Polygon]]
) -> Path:
    lines = [
        json.dumps({"type": "Feature", "properties": props, "geometry": _geometry(geom)},
                   ensure_ascii=False)
        for props, geom in features
    ]
    text = (
        '{\n"type": "FeatureCollection",\n'
        f'"name": {json.dumps(name)},\n'
        f'"crs": {_CRS84},\n'
        '"features": [\n' + ",\n".join(lines) + "\n]\n}\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def write_boundaries(areas: DemoAreas, out_dir: Path) -> tuple[Path, Path]:
    """Ward (December 2022) and LSOA (2011) boundaries; returns their paths."""
    ident = areas.identity
    folder = out_dir / GEOGRAPHY_DIR
    wards = _write_feature_collection(
        folder / f"wards_WD22_{ident.district_code}.geojson",
        f"wards_WD22_{ident.district_code}",
        (
            ({"WD22CD": w.code, "WD22NM": w.name, "WD22NMW": " ", "LAD22CD": ident.district_code,
              "LAD22NM": ident.district_name, **_label_point(w.geometry), "FID": i + 1,
              "LADCD_ACTIVE": ident.district_code},
             w.geometry)
            for i, w in enumerate(areas.wards.itertuples())
        ),
    )
    lsoas = _write_feature_collection(
        folder / f"lsoa2011_{ident.district_code}.geojson",
        ident.district_code,
        (
            ({"FID": i + 1, "LSOA11CD": a.code, "LSOA11NM": a.name, "LSOA11NMW": a.name,
              **_label_point(a.geometry), "LADCD_ACTIVE": ident.district_code}, a.geometry)
            for i, a in enumerate(areas.lsoas.itertuples())
        ),
    )
    return wards, lsoas


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], *,
               newline: str = "\n", bom: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator=newline)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_lookups(areas: DemoAreas, out_dir: Path) -> tuple[Path, Path]:
    """The LSOA -> ward -> district lookup and the district -> CSP -> police force area lookup."""
    ident = areas.identity
    folder = out_dir / GEOGRAPHY_DIR
    lsoa_ward = _write_csv(
        folder / "LSOA11_WD22_LAD22_lookup.csv",
        ("FID", "LSOA11CD", "LSOA11NM", "WD22CD", "WD22NM", "LAD22CD", "LAD22NM"),
        (
            (i + 1, a.code, a.name, a.ward_code, a.ward_name, ident.district_code,
             ident.district_name)
            for i, a in enumerate(areas.lsoas.itertuples())
        ),
    )
    district = _write_csv(
        folder / "LAD22_CSP22_PFA22_lookup.csv",
        ("FID", "LAD22CD", "LAD22NM", "CSP22CD", "CSP22NM", "PFA22CD", "PFA22NM"),
        [(1, ident.district_code, ident.district_name, ident.csp_code, ident.csp_name,
          ident.pfa_code, ident.pfa_name)],
    )
    return lsoa_ward, district


def write_population(areas: DemoAreas, out_dir: Path) -> Path:
    """Mid-2019 population per LSOA in the mySociety file's shape."""
    return _write_csv(
        out_dir / POPULATION_DIR / "lsoa_population_mid2019.csv",
        ("lsoa", "pop"),
        ((code, f"{pop:,}") for code, pop in zip(areas.lsoas["code"], areas.lsoas["population"],
                                                  strict=True)),
        bom=True,
    )


def write_police(rows: pd.DataFrame, months: Sequence[str], force_slug: str,
                 out_dir: Path) -> list[Path]:
    """One street file per month (rows sorted by month); every month gets a file, even if empty."""
    if tuple(rows.columns) != STREET.published:
        raise ValueError(f"rows must have the published street columns, not {list(rows.columns)}")
    month_col = rows["Month"].to_numpy(dtype=str)
    starts = np.searchsorted(month_col, months, side="left")
    ends = np.searchsorted(month_col, months, side="right")
    values = rows.to_numpy()
    paths = []
    for month, a, b in zip(months, starts, ends, strict=True):
        path = out_dir / POLICE_DIR / month / f"{month}-{force_slug}-street.csv"
        paths.append(_write_csv(path, STREET.published, values[a:b].tolist(), newline="\r\n"))
    return paths
