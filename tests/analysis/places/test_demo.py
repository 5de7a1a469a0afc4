"""Ward clusters and focus areas on the synthetic demo borough (no real data needed)."""

from __future__ import annotations

import pytest

from cspkit.analysis.places import (
    DEFAULT_FEATURES,
    ClusterParams,
    FocusAreas,
    FocusParams,
    NeedInput,
    WardClusters,
    district_wards,
    lsoa_features,
    ward_features,
)
from cspkit.demo import DemoBorough, generate_borough
from cspkit.errors import NotLoadedError
from cspkit.sources import load_boundaries, load_lookup, load_population
from cspkit.sources.police import load_police
from cspkit.store import Store

from .test_clusters_grid import assert_contiguous

NO_IMD = tuple(f for f in DEFAULT_FEATURES if not f.startswith("dep_"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoBorough, Store]:
    """A year of the demo borough, loaded through the real readers."""
    root = tmp_path_factory.mktemp("places-demo")
    borough = generate_borough(root / "files", 2024, start="2021-04", end="2022-03", quiet=True)
    store = Store(root / "store")
    for path in (borough.lsoa_ward_lookup, borough.district_lookup):
        load_lookup(store, path)
    load_boundaries(store, borough.ward_boundaries)
    load_boundaries(store, borough.lsoa_boundaries)
    load_population(store, borough.population_file, 2019)
    load_police(store, [root / "files" / "police"])
    return borough, store


def test_demo_clusters(demo: tuple[DemoBorough, Store], capsys: pytest.CaptureFixture[str]
                       ) -> None:
    borough, store = demo
    features = ward_features(store, borough.district_code)
    assert "urban_share counts LSOAs with at least 1,000 residents per km² as urban" in (
        capsys.readouterr().err)
    wards = district_wards(store, borough.district_code)
    model = WardClusters(wards, features, ClusterParams(features=NO_IMD), seed=1,
                         quiet=True).solve()
    assert model.labels_.value_counts().max() <= 4
    assert_contiguous(wards, model.labels_)
    quality = model.evaluate(200)
    assert quality.beats_random


def test_demo_hotspots_lead_the_need_index(demo: tuple[DemoBorough, Store]) -> None:
    borough, store = demo
    features = ward_features(store, borough.district_code, quiet=True)
    inputs = (NeedInput("count_anti_social_behaviour"),
              NeedInput("count_violence_and_sexual_offences"))
    ranked = FocusAreas(features, FocusParams(inputs), seed=1).rank()
    assert set(ranked.head(3)["area_code"]) >= set(borough.hotspot_wards[:1])
    lsoas = lsoa_features(store, borough.district_code)
    assert len(lsoas) == borough.n_lsoas
    assert lsoas["count_all_crime"].sum() + lsoas["count_anti_social_behaviour"].sum() == (
        borough.rows - borough.no_location_rows)
    top = FocusAreas(lsoas, FocusParams(inputs), seed=1).rank().head(5)
    assert set(top["area_code"]) & set(borough.hotspot_lsoas)


def test_demo_months_not_loaded(demo: tuple[DemoBorough, Store]) -> None:
    borough, store = demo
    with pytest.raises(NotLoadedError) as err:
        ward_features(store, borough.district_code, months=["2021-04", "2019-01"], quiet=True)
    assert str(err.value) == (
        "ward_features: month(s) 2019-01 have no street rows for district 'E07000999' (rates "
        "would be too low); load them or leave them out of months="
    )
