"""The geography files: LSOAs nest in contiguous wards, codes, names, population, outline."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from cspkit.demo import DemoBorough, build_areas
from cspkit.demo.names import DEFAULT_IDENTITY


def test_boundary_files_have_the_ons_properties(
    lsoas: gpd.GeoDataFrame, wards: gpd.GeoDataFrame
) -> None:
    assert lsoas.crs is not None and lsoas.crs.to_epsg() == 4326
    assert wards.crs is not None and wards.crs.to_epsg() == 4326
    assert {"LSOA11CD", "LSOA11NM", "BNG_E", "BNG_N", "LONG", "LAT"} <= set(lsoas.columns)
    assert {"WD22CD", "WD22NM", "LAD22CD", "LAD22NM"} <= set(wards.columns)
    assert set(wards["LAD22CD"]) == {"E07000999"} and set(wards["LAD22NM"]) == {"Castlebridge"}
    assert set(lsoas["LADCD_ACTIVE"]) == {"E07000999"}
    for gdf in (lsoas, wards):
        assert (gdf.geom_type == "Polygon").all() and gdf.is_valid.all()
        # WGS84, somewhere inland in England
        lon0, lat0, lon1, lat1 = gdf.total_bounds
        assert -2.5 < lon0 < lon1 < 0.0 and 51.8 < lat0 < lat1 < 53.4


def test_counts_codes_and_names(
    demo: DemoBorough, lsoas: gpd.GeoDataFrame, wards: gpd.GeoDataFrame
) -> None:
    assert 90 <= len(lsoas) <= 110 and len(lsoas) == demo.n_lsoas
    assert 20 <= len(wards) <= 30 and len(wards) == demo.n_wards
    assert list(lsoas["LSOA11CD"]) == [f"E0{1990001 + i:07d}" for i in range(len(lsoas))]
    assert sorted(wards["WD22CD"]) == [f"E0{5990001 + i:07d}" for i in range(len(wards))]
    assert lsoas["LSOA11NM"].str.fullmatch(r"Castlebridge \d{3}[A-Z]").all()
    assert lsoas["LSOA11NM"].is_unique and wards["WD22NM"].is_unique
    # ward codes follow the alphabetical order of the names, as ONS issues them
    assert list(wards.sort_values("WD22CD")["WD22NM"]) == sorted(wards["WD22NM"])
    assert "High Street" in set(wards["WD22NM"])


def test_lsoas_nest_in_contiguous_wards(
    demo: DemoBorough, lsoas: gpd.GeoDataFrame, wards: gpd.GeoDataFrame
) -> None:
    lookup = pd.read_csv(demo.lsoa_ward_lookup, dtype=str)
    assert list(lookup.columns) == [
        "FID", "LSOA11CD", "LSOA11NM", "WD22CD", "WD22NM", "LAD22CD", "LAD22NM",
    ]
    assert lookup["LSOA11CD"].is_unique
    assert set(lookup["LSOA11CD"]) == set(lsoas["LSOA11CD"])
    assert set(lookup["WD22CD"]) == set(wards["WD22CD"])
    assert lookup.merge(lsoas, on=["LSOA11CD", "LSOA11NM"]).shape[0] == len(lsoas)

    geom = lsoas.to_crs(27700).set_index("LSOA11CD").geometry
    ward_geom = wards.to_crs(27700).set_index("WD22CD").geometry
    for code, members in lookup.groupby("WD22CD")["LSOA11CD"]:
        union = shapely.union_all(geom[list(members)].to_numpy())
        assert union.geom_type == "Polygon", f"ward {code} is not contiguous"
        assert union.symmetric_difference(ward_geom[code]).area < 1.0  # m²
    # every LSOA inside exactly one ward: its representative point is in one ward polygon only
    points = geom.representative_point()
    inside = np.array([[w.contains(p) for w in ward_geom] for p in points])
    assert (inside.sum(axis=1) == 1).all()


def test_lsoas_tile_the_district(lsoas: gpd.GeoDataFrame) -> None:
    bng = lsoas.to_crs(27700)
    outline = shapely.union_all(bng.geometry.to_numpy())
    assert outline.geom_type == "Polygon" and len(outline.interiors) == 0
    assert bng.area.sum() == pytest.approx(outline.area, rel=1e-6)  # no overlaps
    assert 350e6 < outline.area < 450e6  # m², like a shire district
    # small urban LSOAs, large rural ones
    assert bng.area.min() < 0.5e6 and bng.area.max() > 10e6


def test_district_lookup(demo: DemoBorough) -> None:
    lookup = pd.read_csv(demo.district_lookup, dtype=str)
    assert lookup.to_dict("records") == [{
        "FID": "1", "LAD22CD": "E07000999", "LAD22NM": "Castlebridge", "CSP22CD": "E22000999",
        "CSP22NM": "Castlebridge", "PFA22CD": "E23000999", "PFA22NM": "Castlebridgeshire",
    }]


def test_population_file(
    demo: DemoBorough, population: pd.DataFrame, lsoas: gpd.GeoDataFrame
) -> None:
    raw = demo.population_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbflsoa,pop\n")  # byte-order mark, as the mySociety file
    assert b',"1,' in raw or b',"2,' in raw  # thousands separator in quoted text
    assert list(population.columns) == ["lsoa", "pop"]
    assert set(population["lsoa"]) == set(lsoas["LSOA11CD"])
    assert population["pop"].between(1_200, 3_000).all()
    assert 160_000 <= population["pop"].sum() <= 180_000
    assert population["pop"].sum() == demo.population


def test_located_crimes_lie_in_their_lsoa(street: pd.DataFrame, lsoas: gpd.GeoDataFrame) -> None:
    located = street[street["Location"] != "No Location"]
    points = located.drop_duplicates(["Longitude", "Latitude"])
    lon = points["Longitude"].astype(float).to_numpy()
    lat = points["Latitude"].astype(float).to_numpy()
    outline = shapely.union_all(lsoas.geometry.to_numpy())
    assert shapely.contains_xy(outline, lon, lat).all()
    geom = lsoas.set_index("LSOA11CD").geometry
    own = geom[points["LSOA code"]].to_numpy()
    assert shapely.contains_xy(own, lon, lat).all()


@pytest.mark.parametrize("seed", [0, 1, 99])
def test_other_seeds_make_sound_areas(seed: int) -> None:
    areas = build_areas(np.random.default_rng(seed), DEFAULT_IDENTITY)
    assert 90 <= len(areas.lsoas) <= 110 and 20 <= len(areas.wards) <= 30
    assert 160_000 <= areas.lsoas["population"].sum() <= 180_000
    assert (areas.wards.geom_type == "Polygon").all()
    assert 3 <= len(areas.hotspot_lsoas) <= 4
    assert areas.lsoas["ward_code"].isin(areas.wards["code"]).all()
