"""Boundaries: level and vintage detection, reprojection, validation, the store round trip."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point, Polygon, box

from cspkit.errors import ColumnError, FileFormatError, GeographyError, NotLoadedError, ValueProblem
from cspkit.geography import (
    BOUNDARY_COLUMNS,
    GeographyWarning,
    boundaries,
    boundary_vintages,
    load_boundaries,
    read_boundaries,
)
from cspkit.store import Store

WD22 = "maidstone_wards_WD22_E07000110.geojson"


def _geojson(path: Path, features: list[dict[str, object]], crs: bool = False) -> Path:
    doc: dict[str, object] = {"type": "FeatureCollection", "features": features}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _square(props: dict[str, object], x: float = 0.5, y: float = 51.25) -> dict[str, object]:
    ring = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon",
                                                                 "coordinates": [ring]}}


# -- the real files ------------------------------------------------------------------------


@pytest.mark.shared_data
def test_maidstone_wd22_wards(boundaries_dir: Path) -> None:
    wards = read_boundaries(boundaries_dir / WD22)
    assert list(wards.columns) == list(BOUNDARY_COLUMNS)
    assert len(wards) == 26
    assert wards.crs.to_epsg() == 27700
    assert set(wards["level"]) == {"ward"}
    assert set(wards["vintage"]) == {"2022"}
    assert set(wards["lad_code"]) == {"E07000110"}
    assert wards.is_valid.all()
    shepway = wards.set_index("code").loc["E05005003"]
    assert shepway["name"] == "Shepway North"
    # British National Grid metres, around Maidstone (TQ 76 55)
    x, y = shepway.geometry.centroid.coords[0]
    assert 575_000 < x < 580_000 and 152_000 < y < 156_000


@pytest.mark.shared_data
def test_maidstone_lsoa2011(boundaries_dir: Path) -> None:
    lsoas = read_boundaries(boundaries_dir / "maidstone_lsoa2011_E07000110.geojson")
    assert len(lsoas) == 95
    assert (set(lsoas["level"]), set(lsoas["vintage"])) == ({"lsoa"}, {"2011"})
    assert lsoas["code"].str.startswith("E01").all()


@pytest.mark.shared_data
def test_ward_file_of_another_era_and_district_file(boundaries_dir: Path) -> None:
    wd13 = read_boundaries(boundaries_dir / "ukgeojson_maidstone_wards_WD13_E07000110.json")
    assert (len(wd13), wd13["vintage"].iloc[0]) == (26, "2013")
    assert wd13["lad_code"].isna().all()  # that file does not say
    # the TopoJSON-decoded districts have self-touching rings: made valid, with a warning
    with pytest.warns(GeographyWarning, match="11 invalid polygon"):
        lads = read_boundaries(boundaries_dir / "kent_lad2013_from_ukgeojson_topo.geojson")
    assert lads.is_valid.all()
    assert (set(lads["level"]), set(lads["vintage"])) == ({"lad"}, {"2013"})
    assert (lads["lad_code"] == lads["code"]).all()


@pytest.mark.shared_data
def test_level_and_vintage_overrides(boundaries_dir: Path) -> None:
    wards = read_boundaries(boundaries_dir / WD22, vintage="2019")
    assert set(wards["vintage"]) == {"2019"}
    assert set(wards["level"]) == {"ward"}
    assert len(read_boundaries(boundaries_dir / WD22, level="ward", vintage=2022)) == 26


@pytest.mark.shared_data
def test_shapefile_and_geopackage_read_the_same(boundaries_dir: Path, tmp_path: Path) -> None:
    raw = gpd.read_file(boundaries_dir / WD22)
    raw = raw[["WD22CD", "WD22NM", "LAD22CD", "geometry"]]
    raw.to_file(tmp_path / "wards.shp")
    raw.to_file(tmp_path / "wards.gpkg", driver="GPKG")
    want = read_boundaries(boundaries_dir / WD22)
    for path in (tmp_path / "wards.shp", tmp_path / "wards.gpkg"):
        got = read_boundaries(path)
        assert list(got.columns) == list(BOUNDARY_COLUMNS)
        assert got.crs.to_epsg() == 27700
        assert got.drop(columns="geometry").equals(want.drop(columns="geometry"))
        assert got.geom_equals_exact(want, tolerance=0.01).all()


@pytest.mark.shared_data
def test_store_round_trip_and_latest_vintage(boundaries_dir: Path, store: Store) -> None:
    assert load_boundaries(store, boundaries_dir / WD22) == "boundaries_ward_2022"
    assert load_boundaries(
        store, boundaries_dir / "maidstone_wards_WD25_E07000110.geojson"
    ) == "boundaries_ward_2025"
    assert boundary_vintages(store, "ward") == ["2022", "2025"]
    latest = boundaries(store, "ward")
    assert (len(latest), latest["vintage"].iloc[0]) == (22, "2025")
    wd22 = boundaries(store, "ward", "2022")
    assert len(wd22) == 26 and wd22.crs.to_epsg() == 27700
    assert wd22.equals(read_boundaries(boundaries_dir / WD22))
    prov = store.provenance()
    assert prov.loc[prov["kind"] == "table:boundaries_ward_2022", "rows"].tolist() == [26]


@pytest.mark.shared_data
def test_add_to_stored_boundaries(boundaries_dir: Path, store: Store) -> None:
    load_boundaries(store, boundaries_dir / "kent_county_wards_WD22_E10000016.geojson")
    load_boundaries(store, boundaries_dir / "medway_wards_WD22_E06000035.geojson", add=True)
    wards = boundaries(store, "ward", "2022")
    assert len(wards) == 271 + 22
    assert wards["code"].is_unique
    # loading again replaces (no "add")
    load_boundaries(store, boundaries_dir / "medway_wards_WD22_E06000035.geojson")
    assert len(boundaries(store, "ward", "2022")) == 22


# -- hand-made files -------------------------------------------------------------------------


def test_geojson_without_crs_is_wgs84(tmp_path: Path) -> None:
    path = _geojson(tmp_path / "w.geojson", [_square({"WD22CD": "E05004982", "WD22NM": "A"})])
    got = read_boundaries(path)
    assert got.crs.to_epsg() == 27700
    x, y = got.geometry.iloc[0].centroid.coords[0]
    assert 570_000 < x < 575_000 and 150_000 < y < 160_000


@pytest.mark.filterwarnings("ignore:'crs' was not provided:UserWarning")
def test_shapefile_without_crs_is_guessed_with_a_warning(tmp_path: Path) -> None:
    gdf = gpd.GeoDataFrame({"LAD22CD": ["E07000110"], "LAD22NM": ["Maidstone"]},
                           geometry=[box(570_000, 150_000, 575_000, 155_000)])
    gdf.to_file(tmp_path / "lad.shp")
    with pytest.warns(GeographyWarning, match="assumed EPSG:27700 from the coordinates"):
        got = read_boundaries(tmp_path / "lad.shp")
    assert got.geometry.iloc[0].bounds == (570_000, 150_000, 575_000, 155_000)


def test_cannot_tell_the_level(tmp_path: Path) -> None:
    path = _geojson(tmp_path / "w.geojson", [_square({"id": 1, "label": "A"})])
    with pytest.raises(GeographyError) as err:
        read_boundaries(path)
    assert str(err.value) == (
        f"{path}: cannot tell the level and vintage of these boundaries: no column is named like "
        "an ONS code (WD22CD, LSOA11CD, LAD13CD, ...); the columns are 'id', 'label'. Rename "
        "the code and name columns in the ONS way (e.g. WD22CD and WD22NM), or name them 'code' "
        "and 'name' and give the level and vintage (e.g. --level ward --vintage 2022)"
    )


def test_plain_code_and_name_columns_with_explicit_level(tmp_path: Path) -> None:
    path = _geojson(tmp_path / "w.geojson", [_square({"code": "E05004982", "name": "A"})])
    got = read_boundaries(path, level="ward", vintage="2022")
    assert got[["code", "name", "level", "vintage"]].iloc[0].tolist() == [
        "E05004982", "A", "ward", "2022",
    ]


def test_bad_level_and_vintage_arguments(tmp_path: Path) -> None:
    path = _geojson(tmp_path / "w.geojson", [_square({"WD22CD": "E05004982", "WD22NM": "A"})])
    with pytest.raises(GeographyError) as err:
        read_boundaries(path, level="wards")
    assert str(err.value) == (
        "'wards' is not a level of boundaries cspkit knows; use one of 'oa', 'lsoa', 'msoa', "
        "'ward', 'lad', 'utla', 'county', 'csp', 'pfa', 'region', 'country'"
    )
    with pytest.raises(GeographyError) as err:
        read_boundaries(path, vintage="22")
    assert str(err.value) == (
        "vintage '22' is not a year; give the boundary set's four-digit year, e.g. 2022 for "
        "wards as at December 2022 (--vintage 2022)"
    )
    with pytest.raises(GeographyError) as err:
        read_boundaries(path, level="lsoa")
    assert str(err.value).startswith(
        f"{path}: cannot tell the level and vintage of these boundaries: no LSOAyyCD column "
        "for level 'lsoa'; the columns are 'WD22CD', 'WD22NM'."
    )


def test_name_column_missing(tmp_path: Path) -> None:
    path = _geojson(tmp_path / "w.geojson", [_square({"WD22CD": "E05004982"})])
    with pytest.raises(ColumnError) as err:
        read_boundaries(path)
    assert str(err.value) == (
        f"{path}, line 1: missing column(s) 'WD22NM'; the header has 'WD22CD'. Boundaries need a "
        "name column beside the code column 'WD22CD' (ONS files have WD22CD and WD22NM)."
    )


def test_repeated_codes(tmp_path: Path) -> None:
    path = _geojson(tmp_path / "w.geojson", [
        _square({"WD22CD": "E05004982", "WD22NM": "A"}),
        _square({"WD22CD": "E05004983", "WD22NM": "B"}, x=0.6),
        _square({"WD22CD": "E05004982", "WD22NM": "A"}, x=0.7),
    ])
    with pytest.raises(ValueProblem) as err:
        read_boundaries(path)
    assert str(err.value) == (
        f"{path}, column 'WD22CD': value 'E05004982'; expected each area once (features 1, 3 "
        "have this code). Dissolve the parts of each area into one (multi)polygon by 'WD22CD' "
        "(e.g. with QGIS's Dissolve tool) and save the file again."
    )


def test_no_features(tmp_path: Path) -> None:
    path = _geojson(tmp_path / "w.geojson", [], crs=True)
    with pytest.raises(FileFormatError) as err:
        read_boundaries(path)
    assert str(err.value) == (
        f"{path}: it has no features. Give a boundary file with at least one area polygon."
    )


def test_not_a_boundary_file(tmp_path: Path) -> None:
    path = tmp_path / "w.geojson"
    path.write_text("<html>rate limited</html>", encoding="utf-8")
    with pytest.raises(FileFormatError) as err:
        read_boundaries(path)
    assert str(err.value) == (
        f"{path}: not a readable boundary file (GDAL cannot open it as a vector data set). Give a "
        "GeoJSON, GeoPackage or shapefile of area polygons, e.g. ONS ward boundaries from the "
        "Open Geography Portal."
    )


def test_points_are_not_boundaries(tmp_path: Path) -> None:
    gdf = gpd.GeoDataFrame({"WD22CD": ["E05004982"], "WD22NM": ["A"]},
                           geometry=[Point(0.5, 51.25)], crs=4326)
    gdf.to_file(tmp_path / "p.gpkg", driver="GPKG")
    with pytest.raises(FileFormatError) as err:
        read_boundaries(tmp_path / "p.gpkg")
    assert str(err.value) == (
        f"{tmp_path / 'p.gpkg'}: its geometries are Point, not polygons. Give area boundaries "
        "(Polygon or MultiPolygon features), not points or lines."
    )


def test_invalid_polygon_is_made_valid_with_a_warning(tmp_path: Path) -> None:
    bowtie = Polygon([(0.5, 51.25), (0.51, 51.26), (0.51, 51.25), (0.5, 51.26), (0.5, 51.25)])
    gdf = gpd.GeoDataFrame({"WD22CD": ["E05004982"], "WD22NM": ["A"]}, geometry=[bowtie],
                           crs=4326)
    gdf.to_file(tmp_path / "w.gpkg", driver="GPKG")
    with pytest.warns(GeographyWarning) as rec:
        got = read_boundaries(tmp_path / "w.gpkg")
    assert str(rec[0].message) == (
        f"{tmp_path / 'w.gpkg'}: 1 invalid polygon(s) (E05004982) made valid with "
        "shapely.make_valid; check them, or repair the file to silence this"
    )
    assert got.is_valid.all()
    assert got.geom_type.iloc[0] == "MultiPolygon"


def test_reader_errors_say_what_is_loaded(tmp_path: Path, store: Store) -> None:
    with pytest.raises(NotLoadedError) as err:
        boundaries(store, "ward")
    assert str(err.value) == (
        f"the store at {store.root} has no ward boundaries (levels loaded: none); load some "
        "(`cspkit load geography boundaries FILE`)"
    )
    path = _geojson(tmp_path / "w.geojson", [_square({"WD22CD": "E05004982", "WD22NM": "A"})])
    load_boundaries(store, path)
    with pytest.raises(NotLoadedError) as err:
        boundaries(store, "ward", "2019")
    assert str(err.value) == (
        f"the store at {store.root} has no ward boundaries of vintage 2019 (vintages loaded: "
        "2022); load them (`cspkit load geography boundaries FILE`)"
    )
    with pytest.raises(NotLoadedError) as err:
        boundaries(store, "lsoa")
    assert str(err.value) == (
        f"the store at {store.root} has no lsoa boundaries (levels loaded: ward); load some "
        "(`cspkit load geography boundaries FILE`)"
    )
