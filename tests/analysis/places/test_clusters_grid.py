"""Ward clusters on hand-made grids of square wards, where the right answer is known."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from cspkit.analysis.places import (
    ClusterParams,
    PlacesWarning,
    WardClusters,
    contiguity,
    heterogeneity,
)

from .conftest import grid, quadrant_features

QUADRANTS = [
    {"r0c0", "r0c1", "r1c0", "r1c1"},
    {"r0c2", "r0c3", "r1c2", "r1c3"},
    {"r2c0", "r2c1", "r3c0", "r3c1"},
    {"r2c2", "r2c3", "r3c2", "r3c3"},
]


def groups(labels: pd.Series) -> list[set[str]]:
    return sorted(({str(c) for c in s.index} for _, s in labels.groupby(labels)), key=min)


def assert_contiguous(wards: gpd.GeoDataFrame, labels: pd.Series, kind: str = "queen") -> None:
    cont = contiguity(wards, kind)
    pos = {c: i for i, c in enumerate(cont.codes)}
    for members in groups(labels):
        ids = {pos[c] for c in members}
        seen, todo = {min(ids)}, [min(ids)]
        while todo:
            for j in cont.neighbours[todo.pop()]:
                if j in ids and j not in seen:
                    seen.add(j)
                    todo.append(j)
        assert seen == ids, f"cluster {sorted(members)} is not in one piece"


def solve(wards: gpd.GeoDataFrame, features: pd.DataFrame, seed: int = 0, **params: object
          ) -> WardClusters:
    cols = tuple(features.columns)
    return WardClusters(wards, features, ClusterParams(features=cols, **params),  # type: ignore[arg-type]
                        seed=seed, quiet=True).solve()


def test_four_quadrants_are_found(grid4: gpd.GeoDataFrame) -> None:
    model = solve(grid4, quadrant_features(grid4))
    assert model.n_clusters_ == 4
    assert sorted(groups(model.labels_), key=min) == sorted(QUADRANTS, key=min)
    assert model.labels_.name == "cluster_id"
    assert sorted(model.labels_.unique()) == [1, 2, 3, 4]


@pytest.mark.parametrize("kind", ["queen", "rook"])
def test_two_halves_never_mix(grid4: gpd.GeoDataFrame, kind: str) -> None:
    # left half low, right half high: the 4 clusters of 4 must each lie in one half
    f = pd.DataFrame({"v": [0.0 if int(c[3]) < 2 else 10.0 for c in grid4["code"]]},
                     index=grid4["code"])
    model = solve(grid4, f, contiguity=kind)
    for members in groups(model.labels_):
        assert len({int(c[3]) < 2 for c in members}) == 1
        assert len(members) <= 4
    assert model.heterogeneity_ == pytest.approx(0.0)
    assert_contiguous(grid4, model.labels_, kind)


def test_rook_and_queen_neighbours_differ(grid4: gpd.GeoDataFrame) -> None:
    rook, queen = contiguity(grid4, "rook"), contiguity(grid4, "queen")
    corner = rook.codes.index("r0c0")
    assert {rook.codes[j] for j in rook.neighbours[corner]} == {"r0c1", "r1c0"}
    assert {queen.codes[j] for j in queen.neighbours[corner]} == {"r0c1", "r1c0", "r1c1"}


def test_size_cap_and_contiguity_hold_on_noise() -> None:
    wards = grid(6)
    rng = np.random.default_rng(7)
    f = pd.DataFrame(rng.normal(size=(36, 3)), index=wards["code"], columns=["x", "y", "z"])
    for cap in (2, 3, 4):
        model = solve(wards, f, max_size=cap)
        assert model.labels_.value_counts().max() <= cap
        assert model.n_clusters_ == -(-36 // cap)
        assert_contiguous(wards, model.labels_)


def test_same_seed_same_answer_and_heterogeneity_is_recomputable() -> None:
    wards = grid(5)
    rng = np.random.default_rng(3)
    f = pd.DataFrame(rng.normal(size=(25, 2)), index=wards["code"], columns=["x", "y"])
    one, two = solve(wards, f, seed=11), solve(wards, f, seed=11)
    pd.testing.assert_series_equal(one.labels_, two.labels_)
    assert one.heterogeneity_ == heterogeneity(one.x_.to_numpy(), one.labels_.to_numpy())


def test_must_link_keeps_wards_together_across_the_obvious_split(grid4: gpd.GeoDataFrame
                                                                  ) -> None:
    f = quadrant_features(grid4)
    model = solve(grid4, f, must_link=[("r1c1", "r1c2")])
    label = model.labels_
    assert label["r1c1"] == label["r1c2"]
    assert label.value_counts().max() <= 4
    assert_contiguous(grid4, label)


def test_cannot_link_keeps_wards_apart(grid4: gpd.GeoDataFrame) -> None:
    model = solve(grid4, quadrant_features(grid4), cannot_link=[("r0c0", "r1c1")])
    assert model.labels_["r0c0"] != model.labels_["r1c1"]
    assert model.labels_.value_counts().max() <= 4
    assert_contiguous(grid4, model.labels_)


def test_more_clusters_than_the_fewest(grid4: gpd.GeoDataFrame) -> None:
    model = solve(grid4, quadrant_features(grid4), n_clusters=8)
    assert model.n_clusters_ == 8
    # splitting each quadrant in two is the best: nothing mixes quadrants
    for members in groups(model.labels_):
        assert any(members <= q for q in QUADRANTS)


def test_min_size_is_met_where_possible() -> None:
    wards = grid(4)
    rng = np.random.default_rng(5)
    f = pd.DataFrame(rng.normal(size=(16, 2)), index=wards["code"], columns=["x", "y"])
    model = solve(wards, f, max_size=4, min_size=3, n_clusters=5)
    assert model.labels_.value_counts().min() >= 3
    assert model.labels_.value_counts().max() <= 4


def test_island_becomes_its_own_cluster_with_a_warning() -> None:
    wards = grid(4, extra=[("isle", 520_000, 150_000)])
    f = quadrant_features(grid(4))
    f.loc["isle"] = [0.0, 0.0]
    with pytest.warns(PlacesWarning) as record:
        model = solve(wards, f)
    assert str(record[0].message) == (
        "ward(s) isle have no neighbour under queen contiguity; each becomes a cluster of its "
        "own. Pass islands='nearest' to link each to its nearest ward"
    )
    assert (model.labels_ == model.labels_["isle"]).sum() == 1
    assert model.n_clusters_ == 5
    assert sorted(groups(model.labels_.drop("isle")), key=min) == sorted(QUADRANTS, key=min)


def test_island_joins_its_nearest_ward_when_asked() -> None:
    wards = grid(4, extra=[("isle", 504_500, 150_000)])  # 500 m east of r0c3
    f = quadrant_features(grid(4))
    f.loc["isle"] = [0.0, 10.0]  # like the lower-right quadrant
    model = solve(wards, f, islands="nearest", n_clusters=5)
    assert model.contiguity_.attached == {"isle": "r0c3"}
    assert model.labels_.value_counts().max() <= 4
    assert model.labels_["isle"] in set(model.labels_[["r0c3", "r0c2", "r1c3", "r1c2"]])


def test_unreachable_cluster_count_warns_and_returns_the_closest() -> None:
    # a 1 x 7 strip with a cap of 2: the fewest is 4 clusters, always reachable; pin the 2nd and
    # 3rd wards apart from their neighbours so that 4 cannot be reached
    wards = grid(1, extra=[(f"s{i}", 501_000 + i * 1000, 150_000) for i in range(6)])
    f = pd.DataFrame({"v": np.arange(7.0)}, index=wards["code"])
    pins = [("r0c0", "s0"), ("s0", "s1"), ("s1", "s2")]
    with pytest.warns(PlacesWarning, match="no partition into 4 clusters"):
        model = solve(wards, f, max_size=2, cannot_link=pins)
    assert model.n_clusters_ == 5
    assert model.labels_.value_counts().max() <= 2


def test_repair_breaks_a_stalled_agglomeration() -> None:
    # a strip a-b-c-d with a cap of 2: Ward's criterion merges b and c first (10 and 10.1),
    # which boxes in a and d; the repair passes c on to d by an ejection chain
    from cspkit.analysis.places.problem import build_problem
    from cspkit.analysis.places.search import agglomerate, repair

    wards = grid(1, extra=[(code, 501_000 + i * 1000, 150_000) for i, code in
                           enumerate(["b", "c", "d"])])
    cont = contiguity(wards)
    x = np.array([[0.0], [10.0], [10.1], [30.0]])
    problem, _ = build_problem(cont, x, max_size=2, min_size=1)
    stalled = agglomerate(problem, 2)
    assert stalled.n_clusters == 3
    fixed = repair(stalled, 2)
    assert fixed.n_clusters == 2
    assert sorted(sorted(m) for m in fixed.members.values()) == [[0, 1], [2, 3]]
    model = solve(wards, pd.DataFrame({"v": x[:, 0]}, index=wards["code"]), max_size=2)
    assert groups(model.labels_) == [{"b", "r0c0"}, {"c", "d"}]
