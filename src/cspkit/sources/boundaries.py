"""Area boundaries: read ONS boundary files, normalise them, load them into the store.

:func:`read_boundaries` reads GeoJSON, GeoPackage or a shapefile (anything pyogrio reads) and
returns a GeoDataFrame in British National Grid (EPSG:27700) with the columns

    code, name, level, vintage, lad_code, geometry

``level`` (``"ward"``, ``"lsoa"``, ``"lad"``, ...) and ``vintage`` (``"2022"``) are read from the
ONS code and name columns (``WD22CD``/``WD22NM`` -> ward 2022; when a file has several, e.g.
``WD22CD`` and ``LAD22CD``, the finest level wins), or given with ``level=`` / ``vintage=``.
``lad_code`` is the district of each area where the file says it (``LAD22CD``,
``LADCD_ACTIVE``), else null. :func:`load_boundaries` stores them as GeoParquet in the table
``boundaries_<level>_<vintage>``; :func:`cspkit.geography.boundaries` reads them back.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import cast

import geopandas as gpd
import pandas as pd
import pyogrio.errors
import shapely

from cspkit.errors import ColumnError, FileFormatError, GeographyError, ValueProblem
from cspkit.geography._codes import LEVELS, GeographyWarning
from cspkit.geography.boundaries import BNG, boundary_table_name, check_level, check_vintage
from cspkit.sources._ons import LEVEL_PREFIX, OnsColumn, ons_columns
from cspkit.sources.loader import LoadReport, Part, TableLoader
from cspkit.store import Store

__all__ = ["BoundaryLoader", "load_boundaries", "read_boundaries"]

_GEOJSON_SUFFIXES = {".geojson", ".json", ".geojsonl", ".geojsons"}


def _read_any(path: Path) -> gpd.GeoDataFrame:
    if not path.exists():
        raise FileFormatError(
            path, "no such file", "Give the path of a GeoJSON, GeoPackage or shapefile."
        )
    try:
        gdf = gpd.read_file(path, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise FileFormatError(
            path,
            "not a readable boundary file (GDAL cannot open it as a vector data set)",
            "Give a GeoJSON, GeoPackage or shapefile of area polygons, e.g. ONS ward boundaries "
            "from the Open Geography Portal.",
        ) from exc
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry.name not in gdf.columns:
        raise FileFormatError(
            path,
            "it has no geometry",
            "Give a file of area polygons (GeoJSON, GeoPackage, shapefile).",
        )
    if gdf.empty:
        raise FileFormatError(
            path, "it has no features", "Give a boundary file with at least one area polygon."
        )
    return gdf


def _pick_code_column(
    path: Path, columns: list[str], level: str | None, vintage: str | None
) -> tuple[str, str, str, str]:
    """(level, vintage, code column, name column) for the file's areas."""
    found = [c for c in ons_columns(columns) if c.part == "CD" and c.level is not None]
    if level is not None:
        cands = [c for c in found if c.level == level]
    elif found:
        finest = min(found, key=lambda c: LEVELS.index(str(c.level)))
        cands = [c for c in found if c.level == finest.level]
    else:
        cands = []
    if not cands:
        plain = {c.lower(): c for c in columns}
        if level is not None and vintage is not None and "code" in plain and "name" in plain:
            return level, vintage, plain["code"], plain["name"]
        wanted = (
            f"no {LEVEL_PREFIX[level]}yyCD column for level {level!r}" if level is not None
            else "no column is named like an ONS code (WD22CD, LSOA11CD, LAD13CD, ...)"
        )
        raise GeographyError(
            f"{path}: cannot tell the level and vintage of these boundaries: {wanted}; "
            f"the columns are {', '.join(repr(c) for c in columns)}. Rename the code and name "
            "columns in the ONS way (e.g. WD22CD and WD22NM), or name them 'code' and 'name' "
            "and give the level and vintage (e.g. --level ward --vintage 2022)"
        )
    if len(cands) > 1:
        match = [c for c in cands if c.vintage == vintage]
        if len(match) != 1:
            raise GeographyError(
                f"{path}: these boundaries have {cands[0].level} codes of several vintages "
                f"({', '.join(c.column for c in cands)}); give --vintage with one of "
                f"{', '.join(repr(c.vintage) for c in cands)}"
            )
        cands = match
    col: OnsColumn = cands[0]
    name_col = _partner(columns, col)
    if name_col is None:
        raise ColumnError(
            path,
            [f"{col.column[:-2]}NM"],
            columns,
            f"Boundaries need a name column beside the code column {col.column!r} "
            f"(ONS files have {col.column[:-2]}CD and {col.column[:-2]}NM).",
        )
    return str(col.level), vintage or col.vintage, col.column, name_col


def _partner(columns: list[str], code: OnsColumn) -> str | None:
    for c in ons_columns(columns):
        if c.part == "NM" and c.prefix == code.prefix and c.vintage == code.vintage:
            return c.column
    return None


def _lad_column(columns: list[str], level: str) -> str | None:
    if LEVELS.index(level) >= LEVELS.index("lad"):
        return None
    lads = [c.column for c in ons_columns(columns) if c.level == "lad" and c.part == "CD"]
    if lads:
        return lads[-1]
    active = [c for c in columns if c.upper() == "LADCD_ACTIVE"]
    return active[0] if active else None


def _to_bng(path: Path, gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if gdf.crs is None:
        if path.suffix.lower() in _GEOJSON_SUFFIXES:
            gdf = gdf.set_crs("EPSG:4326")  # RFC 7946: GeoJSON is WGS84 longitude/latitude
        else:
            minx, miny, maxx, maxy = gdf.total_bounds
            if minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90:
                guess = "EPSG:4326"
            elif minx >= 0 and maxx <= 700_000 and miny >= 0 and maxy <= 1_300_000:
                guess = BNG
            else:
                raise GeographyError(
                    f"{path}: the file has no coordinate reference system and its coordinates "
                    f"(bounds {minx:.0f}, {miny:.0f}, {maxx:.0f}, {maxy:.0f}) are neither "
                    "longitude/latitude nor British National Grid; add a .prj file or save it "
                    "with its CRS"
                )
            warnings.warn(
                f"{path}: no coordinate reference system in the file; assumed {guess} from the "
                "coordinates. Save the file with its CRS (e.g. a .prj beside a shapefile) to "
                "silence this",
                GeographyWarning,
                stacklevel=3,
            )
            gdf = gdf.set_crs(guess)
    return gdf.to_crs(BNG)


def _check_geometry(path: Path, gdf: gpd.GeoDataFrame, code_col: str) -> gpd.GeoSeries:
    geoms = gdf.geometry
    missing = (geoms.isna() | geoms.is_empty).to_numpy().nonzero()[0]
    if len(missing):
        i = int(missing[0])
        raise ValueProblem(
            path, None, "geometry", None,
            f"a polygon for every area (feature {i + 1}, {code_col} {gdf[code_col].iloc[i]!r}, "
            "has none)",
            "Remove that feature or give it its boundary.",
        )
    kinds = set(geoms.geom_type)
    if not kinds <= {"Polygon", "MultiPolygon"}:
        raise FileFormatError(
            path,
            f"its geometries are {', '.join(sorted(kinds))}, not polygons",
            "Give area boundaries (Polygon or MultiPolygon features), not points or lines.",
        )
    invalid = ~geoms.is_valid
    if invalid.any():
        codes = ", ".join(gdf.loc[invalid, code_col].astype(str).head(5))
        more = "" if invalid.sum() <= 5 else ", ..."
        warnings.warn(
            f"{path}: {int(invalid.sum())} invalid polygon(s) ({codes}{more}) made valid with "
            "shapely.make_valid; check them, or repair the file to silence this",
            GeographyWarning,
            stacklevel=3,
        )
        fixed = shapely.make_valid(geoms[invalid].to_numpy(), method="structure",
                                   keep_collapsed=False)
        geoms = geoms.copy()
        geoms[invalid] = fixed
    return geoms


def _check_codes(path: Path, codes: pd.Series, code_col: str) -> None:
    blank = (codes.isna() | (codes.astype(str).str.strip() == "")).to_numpy().nonzero()[0]
    if len(blank):
        i = int(blank[0])
        raise ValueProblem(
            path, None, code_col, codes.iloc[i],
            f"a code on every area (feature {i + 1} has none)",
            "Give that feature its code or remove it.",
        )
    dup = codes.duplicated(keep=False)
    if dup.any():
        first = codes[dup].iloc[0]
        where = [str(i + 1) for i in (codes == first).to_numpy().nonzero()[0]]
        raise ValueProblem(
            path, None, code_col, first,
            f"each area once (features {', '.join(where)} have this code)",
            f"Dissolve the parts of each area into one (multi)polygon by {code_col} (e.g. in "
            "QGIS: Vector > Geoprocessing Tools > Dissolve) and save the file again.",
        )


def read_boundaries(
    path: str | Path, level: str | None = None, vintage: str | int | None = None
) -> gpd.GeoDataFrame:
    """Read a boundary file into the normalised form (see the module doc), in EPSG:27700.

    ``level`` and ``vintage`` override what the ONS column names say. Invalid polygons are made
    valid with a :class:`GeographyWarning`; empty files, missing geometries, blank or repeated
    codes raise.
    """
    path = Path(path)
    if level is not None:
        check_level(level)
    vint = check_vintage(vintage) if vintage is not None else None
    raw = _read_any(path)
    columns = [c for c in raw.columns if c != raw.geometry.name]
    lv, vt, code_col, name_col = _pick_code_column(path, columns, level, vint)
    codes = raw[code_col].astype("str").str.strip()
    _check_codes(path, raw[code_col], code_col)
    raw = _to_bng(path, raw)
    geoms = _check_geometry(path, raw, code_col)
    lad_col = _lad_column(columns, lv)
    if lv == "lad":
        lad = codes
    elif lad_col is not None:
        lad = raw[lad_col].astype("str").str.strip()
    else:
        lad = pd.Series(None, index=raw.index, dtype="str")
    out = gpd.GeoDataFrame(
        {
            "code": codes.to_numpy(),
            "name": raw[name_col].astype("str").str.strip().to_numpy(),
            "level": lv,
            "vintage": vt,
            "lad_code": lad.to_numpy(),
        },
        geometry=geoms.to_numpy(),
        crs=BNG,
    )
    return out


class BoundaryLoader(TableLoader):
    """Boundary files, each into ``boundaries_<level>_<vintage>``.

    The first file of a table replaces what the store holds (unless ``add``); the next files of
    the same table add their areas to it (an area whose code is already there is replaced), e.g.
    Medway's wards after Kent county's.
    """

    what = "boundaries"

    def __init__(
        self, level: str | None = None, vintage: str | int | None = None, *, add: bool = False
    ) -> None:
        self.level = level
        self.vintage = vintage
        self.add = add
        self._started: set[str] = set()

    def read_part(self, path: Path) -> Part:
        gdf = read_boundaries(path, level=self.level, vintage=self.vintage)
        lv, vt = str(gdf["level"].iloc[0]), str(gdf["vintage"].iloc[0])
        return Part(path, boundary_table_name(lv, vt), gdf, label=f"{lv} boundaries {vt}",
                    record={"level": lv, "vintage": vt, "areas": len(gdf)},
                    meta={"level": lv, "vintage": vt, "crs": BNG})

    def stored(self, store: Store, table: str) -> pd.DataFrame | None:
        if table not in store.table_names():
            return None
        return cast("pd.DataFrame | None", gpd.read_parquet(store.table_file(table)))

    def merge(self, current: pd.DataFrame | None, part: Part) -> tuple[pd.DataFrame, int]:
        first = part.table not in self._started
        self._started.add(part.table)
        new = part.frame
        if current is None or current.empty:
            return new, 0
        if first and not self.add:
            return new, len(current)
        gone = current["code"].isin(new["code"])
        merged = pd.concat([current[~gone], new], ignore_index=True)
        return gpd.GeoDataFrame(merged, geometry="geometry", crs=BNG), int(gone.sum())

    def describe(self, part: Part, report: LoadReport) -> None:
        level = str(part.frame["level"].iloc[0])
        name = {"lsoa": "LSOAs", "msoa": "MSOAs", "ward": "wards", "lad": "districts"}.get(
            level, level)
        report.areas[name] = report.areas.get(name, 0) + len(part.frame)
        text = f"{level} {part.frame['vintage'].iloc[0]}"
        if text not in report.periods:
            report.periods.append(text)


def load_boundaries(
    store: Store,
    paths: str | Path | Sequence[str | Path],
    level: str | None = None,
    vintage: str | int | None = None,
    *,
    add: bool = False,
) -> LoadReport:
    """Read boundary files and store them as GeoParquet; all of them or none.

    Each file goes to the table ``boundaries_<level>_<vintage>``, e.g. ``boundaries_ward_2022``.
    By default the first file of a table replaces it; with ``add=True`` its areas are added to
    those already stored (an area whose code is already there is replaced). Later files of the
    same table are always added.
    """
    files = [paths] if isinstance(paths, str | Path) else paths
    return BoundaryLoader(level, vintage, add=add).load(store, files)
