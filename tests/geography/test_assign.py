"""Assigning crimes to wards: point in polygon on real Maidstone crimes, lookup fallback."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from cspkit.errors import InputError
from cspkit.geography import (
    GeographyWarning,
    assign_district_wards,
    assign_wards,
    boundaries,
    ward_index_of_points,
)
from cspkit.sources import load_boundaries, load_lookup
from cspkit.sources.police import load_police
from cspkit.store import Store
from tests.files import MAIDSTONE

MONTHS = ("2021-04", "2021-05", "2021-06", "2021-07")
#: Maidstone rows per month (shared data README, section 1).
MAIDSTONE_ROWS = {"2021-04": 1602, "2021-05": 1634, "2021-06": 1509, "2021-07": 1757}


def _street_csv(shared_data: Path, month: str) -> Path:
    return shared_data / "police" / "kent" / "street" / month / f"{month}-kent-street.csv"


@pytest.fixture(scope="session")
def maidstone_crimes(shared_data: Path, maidstone_lookup: pd.DataFrame) -> pd.DataFrame:
    """Real Kent street rows of four months whose LSOA is one of Maidstone's 95."""
    raw = pd.concat(
        [pd.read_csv(_street_csv(shared_data, m), encoding="utf-8-sig") for m in MONTHS],
        ignore_index=True,
    )
    raw = raw[raw["LSOA code"].isin(maidstone_lookup["lsoa_code"])]
    return pd.DataFrame(
        {
            "month": raw["Month"].to_numpy(),
            "crime_type": raw["Crime type"].to_numpy(),
            "longitude": raw["Longitude"].to_numpy(),
            "latitude": raw["Latitude"].to_numpy(),
            "lsoa_code": raw["LSOA code"].to_numpy(),
        }
    )


@pytest.fixture(scope="session")
def maidstone_wards(geo_store: Store) -> gpd.GeoDataFrame:
    return boundaries(geo_store, "ward", "2022")


def _lookup_ward(rows: pd.DataFrame, lookup: pd.DataFrame) -> pd.Series:
    return rows["lsoa_code"].map(lookup.set_index("lsoa_code")["ward_code"])


@pytest.mark.shared_data
def test_point_in_polygon_agrees_with_best_fit_lookup(
    maidstone_crimes: pd.DataFrame, maidstone_wards: gpd.GeoDataFrame,
    maidstone_lookup: pd.DataFrame,
) -> None:
    assert len(maidstone_crimes) == sum(MAIDSTONE_ROWS.values())
    got = assign_wards(maidstone_crimes, maidstone_wards, maidstone_lookup)
    assert list(got.columns) == [*maidstone_crimes.columns, "ward_code", "ward_method"]
    assert got.attrs["ward_methods"] == {"point": len(got), "lookup": 0, "none": 0}
    assert got.attrs["ward_vintage"] == "2022"
    agree = (got["ward_code"] == _lookup_ward(got, maidstone_lookup)).mean()
    print(f"\npoint-in-polygon ward agrees with the best-fit lookup ward for {agree:.1%} "
          f"of {len(got)} Maidstone rows ({MONTHS[0]}..{MONTHS[-1]})")
    assert agree >= 0.95
    assert set(got["ward_code"]) <= set(maidstone_wards["code"])


@pytest.mark.shared_data
def test_rows_without_coordinates_use_the_lookup(
    maidstone_crimes: pd.DataFrame, maidstone_wards: gpd.GeoDataFrame,
    maidstone_lookup: pd.DataFrame,
) -> None:
    rows = maidstone_crimes.head(40).copy()
    rows.loc[:19, ["longitude", "latitude"]] = np.nan
    rows.loc[30, ["longitude", "latitude"]] = (-0.1276, 51.5072)  # London: on no Maidstone ward
    rows.loc[19, "lsoa_code"] = None  # no location and no LSOA at all
    got = assign_wards(rows, maidstone_wards, maidstone_lookup)
    lookup_ward = _lookup_ward(rows, maidstone_lookup)
    fallback = got.index.isin([*range(19), 30])
    assert (got.loc[fallback, "ward_method"] == "lookup").all()
    assert (got.loc[fallback, "ward_code"] == lookup_ward[fallback]).all()
    assert got.loc[19, "ward_method"] == "none" and pd.isna(got.loc[19, "ward_code"])
    assert (got.loc[~fallback & (got.index != 19), "ward_method"] == "point").all()
    # without a lookup there is no fallback
    bare = assign_wards(rows, maidstone_wards, None)
    assert (bare.loc[fallback, "ward_method"] == "none").all()
    assert bare["ward_code"][fallback].isna().all()


@pytest.mark.shared_data
def test_equals_a_naive_sjoin(
    maidstone_crimes: pd.DataFrame, maidstone_wards: gpd.GeoDataFrame,
) -> None:
    sample = maidstone_crimes.sample(2000, random_state=1).reset_index(drop=True)
    sample.loc[:9, "longitude"] += 0.5  # a few points outside every ward
    got = assign_wards(sample, maidstone_wards, None)
    pts = gpd.GeoDataFrame(
        sample, geometry=gpd.points_from_xy(sample["longitude"], sample["latitude"]), crs=4326
    ).to_crs(27700)
    naive = gpd.sjoin(pts, maidstone_wards[["code", "geometry"]], how="left",
                      predicate="within")
    naive = naive[~naive.index.duplicated()]
    assert naive["code"].isna().sum() == (got["ward_method"] == "none").sum() >= 10
    pd.testing.assert_series_equal(
        got["ward_code"].astype(object), naive["code"].astype(object), check_names=False
    )


@pytest.mark.shared_data
def test_wards_in_another_crs_are_reprojected(
    maidstone_crimes: pd.DataFrame, maidstone_wards: gpd.GeoDataFrame,
) -> None:
    rows = maidstone_crimes.head(300)
    with pytest.warns(GeographyWarning, match="wards are in EPSG:4326, not EPSG:27700"):
        got = assign_wards(rows, maidstone_wards.to_crs(4326), None)
    want = assign_wards(rows, maidstone_wards, None)
    assert (got["ward_code"] == want["ward_code"]).mean() > 0.99


def test_overlaps_take_the_first_polygon_and_edges_take_none() -> None:
    polys = np.array([box(0, 0, 10, 10), box(5, 0, 15, 10), box(20, 0, 30, 10)])
    x = np.array([2.0, 7.0, 12.0, 25.0, 10.0, 40.0, 20.0])
    y = np.array([5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0])
    assert ward_index_of_points(x, y, polys).tolist() == [0, 0, 1, 2, 1, -1, -1]


def test_missing_point_columns() -> None:
    wards = gpd.GeoDataFrame({"code": ["E05004982"]}, geometry=[box(0, 0, 1, 1)], crs=27700)
    rows = pd.DataFrame({"Longitude": [0.5], "Latitude": [51.2], "LSOA code": ["E01024320"]})
    with pytest.raises(InputError) as err:
        assign_wards(rows, wards)
    assert str(err.value) == (
        "assign_wards: points lack column(s) 'longitude', 'latitude', 'lsoa_code'; they have "
        "'Longitude', 'Latitude', 'LSOA code'. Give rows with longitude, latitude and lsoa_code "
        "(the store's street table has them; rename data.police.uk's 'Longitude', 'Latitude', "
        "'LSOA code')"
    )


def test_empty_points() -> None:
    wards = gpd.GeoDataFrame({"code": ["E05004982"]}, geometry=[box(0, 0, 1, 1)], crs=27700)
    rows = pd.DataFrame({"longitude": [], "latitude": [], "lsoa_code": []})
    got = assign_wards(rows, wards, pd.DataFrame({"lsoa_code": [], "ward_code": []}))
    assert got.empty and list(got.columns)[-2:] == ["ward_code", "ward_method"]


# -- over the store's street table ---------------------------------------------------------------


def _load_street_month(store: Store, csv: Path, month: str) -> None:
    """Load one real street file into the store through the police loader."""
    load_police(store, [csv])


@pytest.mark.shared_data
def test_district_wards_from_the_store(
    shared_data: Path, lookups_dir: Path, boundaries_dir: Path, store: Store,
    maidstone_crimes: pd.DataFrame, maidstone_wards: gpd.GeoDataFrame,
    maidstone_lookup: pd.DataFrame,
) -> None:
    load_lookup(store, lookups_dir / "LSOA11_WD19_LAD19_EW_LU.csv")
    load_boundaries(store, boundaries_dir / "kent_county_wards_WD22_E10000016.geojson")
    for month in MONTHS[:2]:
        _load_street_month(store, _street_csv(shared_data, month), month)

    got = assign_district_wards(store, MAIDSTONE)
    inside = got[got["in_district_lsoa"]]
    assert len(inside) == MAIDSTONE_ROWS["2021-04"] + MAIDSTONE_ROWS["2021-05"]
    # rows whose snap point is in a Maidstone ward though their LSOA is a neighbour's
    outside = got[~got["in_district_lsoa"]]
    assert (outside["ward_method"] == "point").all()
    assert set(got["ward_code"]) <= set(maidstone_wards["code"])
    assert got.attrs["lad_code"] == MAIDSTONE
    # the same wards as assign_wards on the rows read with pandas
    want = assign_wards(
        maidstone_crimes[maidstone_crimes["month"].isin(MONTHS[:2])], maidstone_wards,
        maidstone_lookup,
    )
    assert (
        inside.groupby("ward_code").size().to_dict()
        == want.groupby("ward_code").size().to_dict()
    )
    only_lsoas = assign_district_wards(
        store, MAIDSTONE, include_points_in_wards=False, months=["2021-05"]
    )
    assert len(only_lsoas) == MAIDSTONE_ROWS["2021-05"]
    assert only_lsoas["in_district_lsoa"].all()
