"""Bad input to the ward clusters: each gets a message that says what is wrong and the fix."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from cspkit.analysis.places import ClusterParams, PlacesWarning, WardClusters, contiguity
from cspkit.errors import GeographyError, InputError

from .conftest import grid, quadrant_features


def run(wards: gpd.GeoDataFrame, table: pd.DataFrame, **params: object) -> WardClusters:
    cols: tuple[str, ...] = tuple(params.pop("features", table.columns))  # type: ignore[arg-type]
    p = ClusterParams(features=cols, **params)  # type: ignore[arg-type]
    return WardClusters(wards, table, p, seed=1, quiet=True).solve()


def test_island_is_an_error_when_islands_are_not_allowed() -> None:
    wards = grid(4, extra=[("isle", 520_000, 150_000)])
    f = quadrant_features(grid(4))
    f.loc["isle"] = [0.0, 0.0]
    with pytest.raises(GeographyError) as err:
        run(wards, f, islands="error")
    assert str(err.value) == (
        "ward(s) isle have no neighbour under queen contiguity; pass islands='singleton' to make "
        "each its own cluster or islands='nearest' to link each to its nearest ward"
    )


def test_feature_code_not_in_the_boundaries(grid4: gpd.GeoDataFrame) -> None:
    f = quadrant_features(grid4)
    f.loc["E05999999"] = [1.0, 1.0]
    with pytest.raises(GeographyError) as err:
        run(grid4, f)
    assert str(err.value) == (
        "WardClusters: the features have ward code(s) E05999999 that are not in the ward "
        "boundaries (16 wards); use features and boundaries of the same district and ward vintage"
    )


def test_missing_feature_values(grid4: gpd.GeoDataFrame) -> None:
    f = quadrant_features(grid4)
    f.loc[["r0c0", "r2c3"], "b"] = np.nan
    with pytest.raises(InputError) as err:
        run(grid4, f)
    assert str(err.value) == (
        "WardClusters: feature 'b' is missing for 2 ward(s) (r0c0, r2c3); fill it in, leave 'b' "
        "out of features, or leave those wards out of the boundaries"
    )


def test_ward_without_a_features_row(grid4: gpd.GeoDataFrame) -> None:
    f = quadrant_features(grid4).drop(index="r3c3")
    with pytest.raises(InputError) as err:
        run(grid4, f)
    assert str(err.value) == (
        "WardClusters: feature 'a' is missing for 1 ward(s) (r3c3); fill it in, leave 'a' out "
        "of features, or leave those wards out of the boundaries"
    )


def test_feature_that_is_not_a_column(grid4: gpd.GeoDataFrame) -> None:
    with pytest.raises(InputError) as err:
        run(grid4, quadrant_features(grid4), features=("a", "dep_income"))
    assert str(err.value) == (
        "WardClusters: feature(s) 'dep_income' are not columns of the features table; its "
        "columns are 'a', 'b'"
    )


def test_constant_feature_is_dropped_with_a_warning(grid4: gpd.GeoDataFrame) -> None:
    f = quadrant_features(grid4).assign(c=5.0)
    with pytest.warns(PlacesWarning) as record:
        model = run(grid4, f)
    assert str(record[0].message) == (
        "feature(s) 'c' have the same value for every ward and are left out (they cannot "
        "separate clusters)"
    )
    assert list(model.x_.columns) == ["a", "b"]


def test_too_few_clusters(grid4: gpd.GeoDataFrame) -> None:
    with pytest.raises(InputError) as err:
        run(grid4, quadrant_features(grid4), n_clusters=3)
    assert str(err.value) == (
        "WardClusters: n_clusters=3 is too few: 16 wards in 1 connected piece(s) need at least "
        "4 clusters of at most 4; raise n_clusters or max_size"
    )


def test_pin_with_an_unknown_code(grid4: gpd.GeoDataFrame) -> None:
    with pytest.raises(GeographyError) as err:
        run(grid4, quadrant_features(grid4), must_link=[("r0c0", "E05000000")])
    assert str(err.value) == (
        "must_link: ward code(s) E05000000 are not among the 16 wards being clustered; check the "
        "codes against the ward boundaries' code column"
    )


def test_must_link_in_two_pieces(grid4: gpd.GeoDataFrame) -> None:
    with pytest.raises(InputError) as err:
        run(grid4, quadrant_features(grid4), must_link=[("r0c0", "r3c3")])
    assert str(err.value) == (
        "must_link: wards r0c0, r3c3 are pinned together but do not form one piece under queen "
        "contiguity; pin wards that touch, or add the wards between them"
    )


def test_must_link_over_the_cap(grid4: gpd.GeoDataFrame) -> None:
    with pytest.raises(InputError) as err:
        run(grid4, quadrant_features(grid4), max_size=2, n_clusters=8,
            must_link=[("r0c0", "r0c1"), ("r0c1", "r0c2")])
    assert str(err.value) == (
        "must_link: wards r0c0, r0c1, r0c2 are pinned together (3 wards) but a cluster has at "
        "most max_size=2; unpin some or raise max_size"
    )


def test_pinned_together_and_apart(grid4: gpd.GeoDataFrame) -> None:
    with pytest.raises(InputError) as err:
        run(grid4, quadrant_features(grid4), must_link=[("r0c0", "r0c1")],
            cannot_link=[("r0c1", "r0c0")])
    assert str(err.value) == (
        "cannot_link: wards r0c1 and r0c0 are kept apart but also pinned together by must_link; "
        "remove one of the two pins"
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"max_size": 0}, "ClusterParams: max_size=0 must be a whole number of at least 1"),
        ({"min_size": 5}, "ClusterParams: min_size=5 is more than max_size=4; lower min_size "
                          "or raise max_size"),
        ({"contiguity": "bishop"}, "ClusterParams: contiguity='bishop' is not one of 'queen', "
                                   "'rook'; pass one of them"),
        ({"islands": "drop"}, "ClusterParams: islands='drop' is not one of 'singleton', "
                              "'nearest', 'error'; pass one of them"),
        ({"features": "dep_income"}, "ClusterParams: features='dep_income' must be a non-empty "
                                     "list of column names, e.g. features=("
                                     "'rate_anti_social_behaviour', 'dep_income')"),
    ],
)
def test_parameter_checks(params: dict[str, object], message: str) -> None:
    with pytest.raises(InputError) as err:
        ClusterParams(**params)  # type: ignore[arg-type]
    assert str(err.value) == message


def test_results_before_solve(grid4: gpd.GeoDataFrame) -> None:
    model = WardClusters(grid4, quadrant_features(grid4), ClusterParams(features=("a", "b")))
    with pytest.raises(InputError, match=r"call solve\(\) first"):
        model.evaluate()


def test_contiguity_of_a_single_ward_is_not_an_island() -> None:
    one = grid(1)
    cont = contiguity(one, islands="error")
    assert cont.islands == ("r0c0",) and cont.n_components == 1
