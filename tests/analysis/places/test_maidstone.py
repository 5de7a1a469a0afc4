"""Ward clusters and focus areas on real Maidstone data (../shared/data)."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from cspkit.analysis.places import (
    ASSIGNMENT_COLUMNS,
    DEFAULT_FEATURES,
    PROFILE_COLUMNS,
    RANK_COLUMNS,
    ClusterParams,
    ClusterSet,
    FocusAreas,
    FocusParams,
    NeedInput,
    WardClusters,
    cluster_features,
    clusters_geojson,
    plot_clusters,
    plot_focus,
)
from cspkit.errors import InputError

from .conftest import SHEPWAY_NORTH, SHEPWAY_SOUTH
from .test_clusters_grid import assert_contiguous

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def model(maidstone_wards: gpd.GeoDataFrame, maidstone_features: pd.DataFrame) -> WardClusters:
    return WardClusters(maidstone_wards, maidstone_features, seed=2024, quiet=True).solve()


def test_features_cover_every_ward(maidstone_features: pd.DataFrame) -> None:
    f = maidstone_features
    assert len(f) == 26
    assert set(DEFAULT_FEATURES) <= set(f.columns)
    assert f[list(DEFAULT_FEATURES)].notna().all().all()
    assert f.attrs["ward_vintage"] == "2022"
    assert len(f.attrs["months"]) == 12
    # the town centre has the highest violence rate; the Shepway/Park Wood estates are the most
    # income-deprived
    assert f["rate_violence_and_sexual_offences"].idxmax() == "E05004996"  # High Street
    assert set(f["dep_income"].nlargest(3).index) == {SHEPWAY_SOUTH, "E05005002", "E05004996"}


def test_clusters_are_contiguous_and_within_the_cap(
    model: WardClusters, maidstone_wards: gpd.GeoDataFrame
) -> None:
    assert model.n_clusters_ == 7
    sizes = model.labels_.value_counts()
    assert sizes.max() <= 4 and sizes.min() >= 1 and sizes.sum() == 26
    assert_contiguous(maidstone_wards, model.labels_)


def test_clusters_beat_random_partitions_and_are_reported(model: WardClusters) -> None:
    quality = model.evaluate(n_random=999)
    print("\n" + quality.summary())
    assert quality.random_draws == 999
    assert quality.random_best is not None
    assert quality.heterogeneity < quality.random_best
    assert quality.beats_random
    # unconstrained k-means is a floor the constrained clusters cannot go under
    assert quality.kmeans <= quality.heterogeneity < quality.total


def test_same_seed_same_clusters(model: WardClusters, maidstone_wards: gpd.GeoDataFrame,
                                 maidstone_features: pd.DataFrame) -> None:
    again = WardClusters(maidstone_wards, maidstone_features, seed=2024, quiet=True).solve()
    pd.testing.assert_series_equal(model.labels_, again.labels_)
    assert model.heterogeneity_ == again.heterogeneity_
    assert model.evaluate(50) == again.evaluate(50)


def test_officers_pin_wards_and_run_again(maidstone_wards: gpd.GeoDataFrame,
                                          maidstone_features: pd.DataFrame,
                                          model: WardClusters) -> None:
    params = ClusterParams(cannot_link=[(SHEPWAY_NORTH, SHEPWAY_SOUTH)],
                           must_link=[("E05004996", "E05004987")])  # High Street with Bridge
    pinned = WardClusters(maidstone_wards, maidstone_features, params, seed=2024,
                          quiet=True).solve()
    labels = pinned.labels_
    assert labels[SHEPWAY_NORTH] != labels[SHEPWAY_SOUTH]
    assert labels["E05004996"] == labels["E05004987"]
    assert labels.value_counts().max() <= 4
    assert_contiguous(maidstone_wards, labels)


def test_cluster_set_is_named_versioned_and_saved(model: WardClusters, tmp_path: Path) -> None:
    cs = model.cluster_set("Maidstone ward clusters", version=1, lad_code="E07000110",
                           names={1: "Town north"})
    assert tuple(cs.assignments.columns) == ASSIGNMENT_COLUMNS
    assert cs.ward_vintage == "2022" and cs.seed == 2024 and cs.lad_code == "E07000110"
    assert cs.params["max_size"] == 4 and cs.params["contiguity"] == "queen"
    assert cs.features == DEFAULT_FEATURES
    assert cs.inputs["months"][0] == "2021-04"
    assert cs.assignments.loc[cs.assignments["cluster_id"] == 1, "cluster_name"].iloc[0] == (
        "Town north")
    path = cs.save(tmp_path)
    assert path.name == "maidstone_ward_clusters.v1.json"
    back = ClusterSet.load(path)
    assert back.mapping == cs.mapping and back.fingerprint == cs.fingerprint
    pd.testing.assert_frame_equal(back.assignments, cs.assignments)
    assert cs.save(tmp_path) == path  # the same set again is fine
    other = model.cluster_set("Maidstone ward clusters", version=1, names={1: "Renamed"})
    other = ClusterSet.from_dict({**other.to_dict(), "fingerprint": "different"})
    with pytest.raises(InputError) as err:
        other.save(tmp_path)
    assert str(err.value) == (
        f"{path} already holds version 1 of 'Maidstone ward clusters' with other clusters or "
        "settings; save this one as version 2 (cluster_set(..., version=2)) or under another "
        "name"
    )
    data = json.loads(path.read_text())
    assert data["params"]["features"] == list(DEFAULT_FEATURES)


def test_profile_map_and_geojson(model: WardClusters, maidstone_wards: gpd.GeoDataFrame,
                                 maidstone_features: pd.DataFrame, tmp_path: Path) -> None:
    cs = model.cluster_set("Maidstone ward clusters")
    profile = cs.profile(maidstone_features)
    assert tuple(profile.columns) == PROFILE_COLUMNS
    assert len(profile) == 7 * len(DEFAULT_FEATURES)
    shepway = profile[(profile["cluster_id"] == cs.mapping[SHEPWAY_SOUTH])
                      & (profile["feature"] == "dep_income")]
    assert shepway["index"].iloc[0] > 150  # far more income-deprived than the district
    png = plot_clusters(maidstone_wards, cs, tmp_path / "clusters.png")
    svg = plot_clusters(maidstone_wards, cs, tmp_path / "clusters.svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in svg.read_bytes()[:500]
    gj = clusters_geojson(maidstone_wards, cs, tmp_path / "clusters.geojson")
    back = gpd.read_file(gj)
    assert len(back) == 26 and back.crs.to_epsg() == 4326
    assert {"ward_code", "cluster_id", "cluster_name", "version"} <= set(back.columns)
    with pytest.raises(InputError, match=r"must end in \.png or \.svg"):
        plot_clusters(maidstone_wards, cs, tmp_path / "clusters.jpg")


ASB_AND_DEPRIVATION = (
    NeedInput("count_anti_social_behaviour", weight=2.0, label="ASB"),
    NeedInput("dep_income", kind="rate", label="income deprivation"),
    NeedInput("dep_employment", kind="rate", label="employment deprivation"),
    NeedInput("dep_health", kind="rate", label="health deprivation"),
    NeedInput("dep_education", kind="rate", label="education deprivation"),
)


def test_shepway_north_and_south_rank_near_the_top(maidstone_features: pd.DataFrame,
                                                   maidstone_wards: gpd.GeoDataFrame,
                                                   tmp_path: Path) -> None:
    focus = FocusAreas(maidstone_features, FocusParams(ASB_AND_DEPRIVATION, top_n=5), seed=7)
    ranked = focus.rank()
    with pd.option_context("display.width", 200, "display.max_colwidth", 90):
        print("\n" + ranked[list(RANK_COLUMNS)].head(8).round(1).to_string(index=False))
    top5 = set(ranked.head(5)["area_code"])
    assert {SHEPWAY_NORTH, SHEPWAY_SOUTH} <= top5
    shortlist = focus.shortlist()
    assert list(shortlist["area_code"]) == list(ranked.head(5)["area_code"])
    assert (ranked["rank_low"] <= ranked["rank"]).all()
    assert (ranked["rank"] <= ranked["rank_high"]).all()
    png = plot_focus(maidstone_wards, ranked, tmp_path / "focus.png", top_n=5)
    assert png.stat().st_size > 10_000


def test_clusters_rank_as_areas_too(model: WardClusters, maidstone_features: pd.DataFrame
                                    ) -> None:
    cs = model.cluster_set("Maidstone ward clusters")
    table = cluster_features(maidstone_features, cs)
    assert len(table) == 7
    assert table["population"].sum() == maidstone_features["population"].sum()
    ranked = FocusAreas(table, FocusParams(ASB_AND_DEPRIVATION, top_n=2), seed=7).rank()
    top = ranked.iloc[0]["area_code"]
    assert str(cs.mapping[SHEPWAY_SOUTH]) == top or str(cs.mapping["E05004996"]) == top
