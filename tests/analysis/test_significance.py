"""Significance of changes in counts: the E-test against scipy, Wheeler's Z by hand, labels."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import poisson_means_test

from cspkit.analysis.policy import ComparisonPolicy
from cspkit.analysis.significance import (
    COMPARISON_COLUMNS,
    RESULTS,
    TEST_NAME,
    compare_counts,
    e_test_p,
    wheeler_z,
)
from cspkit.errors import InputError


def test_wheeler_z_by_hand() -> None:
    # Wheeler's own example: 16 robberies a month on average, 25 this month -> Z = 2 (5 - 4)
    assert wheeler_z([16], [25]).tolist() == [2.0]
    assert wheeler_z([100], [81]).tolist() == [-2.0]
    # a year against the average of three: before scaled to 12 months (36 -> 12: 300 -> 100)
    assert wheeler_z([300], [121], 36, 12).tolist() == [2.0]


@pytest.mark.parametrize(
    ("before", "after", "tb", "ta"),
    [(16, 25, 1, 1), (120, 150, 12, 12), (57, 31, 12, 12), (300, 121, 36, 12), (40, 50, 11, 12)],
)
def test_e_test_p_values_equal_scipy(before: int, after: int, tb: float, ta: float) -> None:
    expected = poisson_means_test(after, ta, before, tb).pvalue
    assert e_test_p([before], [after], tb, ta)[0] == pytest.approx(expected, rel=1e-12)


def test_wheelers_example_is_not_significant_by_the_e_test() -> None:
    row = compare_counts([16], [25], before_months=1, after_months=1).iloc[0]
    assert round(row["p_value"], 3) == 0.165
    assert row["z"] == 2.0
    assert row["result"] == "no significant change"
    assert row["basis"] == "counts"


def test_compare_counts_row_has_every_column_and_no_bare_percentage() -> None:
    out = compare_counts([200, 200, 200], [260, 150, 210])
    assert list(out.columns) == list(COMPARISON_COLUMNS)
    assert out["result"].tolist() == [
        "statistically significant increase",
        "statistically significant decrease",
        "no significant change",
    ]
    first = out.iloc[0]
    assert (first["before"], first["after"], first["change"]) == (200, 260, 60)
    assert first["pct_change"] == pytest.approx(30.0)
    assert first["test"] == TEST_NAME == "Poisson E-test (two-sided)"
    assert first["alpha"] == 0.05
    assert set(out["result"]) <= set(RESULTS)


def test_small_numbers_are_too_small_to_compare() -> None:
    out = compare_counts([3, 9, 10, 40], [12, 30, 10, 9])
    assert out["result"].tolist() == [
        "numbers too small to compare",  # before 3 < 10
        "numbers too small to compare",  # before 9 < 10
        "no significant change",
        "numbers too small to compare",  # after 9 < 10
    ]
    custom = compare_counts([3], [12], policy=ComparisonPolicy(min_count=3))
    assert custom["result"].tolist() == ["statistically significant increase"]


def test_a_year_with_a_month_excluded_is_compared_per_month() -> None:
    # 11 months at 10 a month against 12 months at 10 a month: no change at all
    row = compare_counts([110], [120], before_months=11, after_months=12).iloc[0]
    assert row["expected_after"] == pytest.approx(120.0)
    assert row["change"] == pytest.approx(0.0)
    assert row["pct_change"] == pytest.approx(0.0)
    assert row["z"] == pytest.approx(0.0)
    assert row["p_value"] == pytest.approx(poisson_means_test(120, 12, 110, 11).pvalue)
    assert row["basis"] == "rates per month (before: 11 months, after: 12 months)"


def test_three_year_average_baseline() -> None:
    row = compare_counts([3000], [1200], before_months=36, after_months=12).iloc[0]
    assert row["expected_after"] == pytest.approx(1000.0)
    assert row["pct_change"] == pytest.approx(20.0)
    assert row["result"] == "statistically significant increase"
    assert row["z"] == pytest.approx(2 * (math.sqrt(1200) - math.sqrt(1000)))


def test_no_data_in_one_period() -> None:
    row = compare_counts([0], [50], before_months=0, after_months=12).iloc[0]
    assert row["result"] == "no data to compare"
    assert math.isnan(row["p_value"]) and math.isnan(row["pct_change"])


def test_vectorised_over_categories_keeps_the_index() -> None:
    before = pd.Series([500, 40, 7], index=["Burglary", "Robbery", "Bicycle theft"])
    after = pd.Series([400, 44, 12], index=before.index)
    out = compare_counts(before, after)
    assert list(out.index) == ["Burglary", "Robbery", "Bicycle theft"]
    assert out.loc["Burglary", "result"] == "statistically significant decrease"
    assert out.loc["Robbery", "result"] == "no significant change"
    assert out.loc["Bicycle theft", "result"] == "numbers too small to compare"
    np.testing.assert_allclose(out["z"], 2 * (np.sqrt(after) - np.sqrt(before)))


def test_alpha_is_configurable_and_checked() -> None:
    row = compare_counts([100], [125], policy=ComparisonPolicy(alpha=0.2)).iloc[0]
    assert row["alpha"] == 0.2 and row["p_value"] < 0.2
    assert row["result"] == "statistically significant increase"
    with pytest.raises(InputError) as err:
        ComparisonPolicy(alpha=5)
    assert str(err.value) == (
        "ComparisonPolicy(): alpha=5 must be a number between 0 and 1, e.g. 0.05"
    )


def test_bad_counts_say_what_is_wrong() -> None:
    with pytest.raises(InputError) as err:
        compare_counts([10, 12.5], [10, 12])
    assert str(err.value) == (
        "compare_counts(): before must be counts (whole numbers of 0 or more); value 12.5 at "
        "row 1 is not. Remove or correct it (significance tests of counts need counts, not "
        "rates or averages)"
    )
    with pytest.raises(InputError, match="before has 2 values and after 1"):
        compare_counts([1, 2], [3])
    with pytest.raises(InputError, match="after must be counts"):
        compare_counts([1], [-3])
