"""District trends on the demo borough: comparisons, irregular years, breaks, bad input."""

from __future__ import annotations

import pandas as pd
import pytest

from cspkit.analysis.comparisons import COMPARE_COLUMNS, NOT_A_COUNT, compare_years
from cspkit.analysis.significance import compare_counts
from cspkit.analysis.trends import ALL_CRIME, ASB, TrendReport, district_trends
from cspkit.calendar import month_range
from cspkit.demo.load import DemoRun
from cspkit.errors import GeographyError, NotLoadedError
from cspkit.store import Store
from tests.analysis.conftest import RECORDING_CHANGE


@pytest.fixture(scope="module")
def report_2021(demo: tuple[Store, DemoRun]) -> TrendReport:
    store, run = demo
    return district_trends(store, run.borough.district_code, "2021/22", breaks=RECORDING_CHANGE,
                           quiet=True)


def test_two_comparisons_per_crime_type_plus_all_crime(report_2021: TrendReport) -> None:
    c = report_2021.comparisons
    assert list(c.columns) == ["crime_type", *COMPARE_COLUMNS]
    assert len(c) == 2 * 15
    assert set(c["comparison"]) == {"previous year", "average of the three years before"}
    assert set(c["before_period"]) == {"2020/21", "2018/19 to 2020/21"}
    assert (c["after_period"] == "2021/22").all()
    total = c[c["crime_type"] == ALL_CRIME].set_index("comparison")
    crime = report_2021.by_year[(report_2021.by_year["crime_type"] != ASB)
                                & (report_2021.by_year["crime_type"] != ALL_CRIME)]
    assert total.loc["previous year", "after"] == crime.loc[
        crime["period"] == "2021/22", "count"].sum()


def test_comparisons_carry_the_significance_result(report_2021: TrendReport) -> None:
    c = report_2021.comparisons.set_index(["crime_type", "comparison"])
    row = c.loc[("Shoplifting", "previous year")]
    direct = compare_counts([row["before"]], [row["after"]]).iloc[0]
    assert row["p_value"] == direct["p_value"] and row["z"] == direct["z"]
    assert row["result"] == "statistically significant increase"  # back from the pandemic
    avg = c.loc[("Shoplifting", "average of the three years before")]
    assert (avg["before_months"], avg["after_months"]) == (36, 12)
    assert avg["expected_after"] == pytest.approx(avg["before"] / 3)
    assert "compared as rates per month (before: 36 months, after: 12 months)" in avg["note"]


def test_the_pandemic_year_is_flagged_in_every_comparison_that_uses_it(
    report_2021: TrendReport,
) -> None:
    c = report_2021.comparisons
    assert c["irregular"].str.contains("2020/21 irregular").all()
    assert c["note"].str.contains("irregular year in the comparison").all()
    by_type = c.set_index(["crime_type", "comparison"])["irregular"]
    assert by_type.loc[("Shoplifting", "previous year")] == "2020/21 irregular low"
    assert by_type.loc[(ASB, "previous year")] == "2020/21 irregular high"
    # a type whose own year passed still carries the all-crime flag
    assert by_type.loc[("Bicycle theft", "previous year")] == "2020/21 irregular low (all crime)"
    irr = report_2021.irregular
    assert irr is not None
    assert "Years the all-crime total flags (2020/21) are left out of every crime type's " \
        "history." in irr.note


def test_comparisons_across_the_recording_change_say_so(demo: tuple[Store, DemoRun]) -> None:
    store, run = demo
    r = district_trends(store, run.borough.district_code, "2022/23", breaks=RECORDING_CHANGE,
                        quiet=True)
    c = r.comparisons
    assert (c["across_break"] == "2022-06 (new crime recording system)").all()
    assert c["note"].str.startswith(
        "not like for like: the periods straddle 2022-06 (new crime recording system)").all()
    irr = r.irregular
    assert irr is not None
    y = irr.years.set_index(["crime_type", "financial_year"])["flag"]
    assert y.loc[("Violence and sexual offences", "2022/23")] == "ok"
    assert y.loc[("Other crime", "2022/23")] == "ok"


def test_defaults_and_exclusions_are_announced(
    demo: tuple[Store, DemoRun], capsys: pytest.CaptureFixture[str]
) -> None:
    store, run = demo
    district_trends(store, run.borough.district_code, "2021/22", check_irregular=False)
    err = capsys.readouterr().err
    assert err.startswith(
        "district_trends(): Police-recorded street crime and ASB in the LSOAs of Castlebridge "
        "(E07000999), by financial year (April to March). Excluded months: none. Changes "
        "tested with the Poisson E-test at alpha = 0.05 (counts under 10: too small to "
        "compare)."
    )


def test_a_year_with_no_data(demo: tuple[Store, DemoRun]) -> None:
    store, run = demo
    with pytest.raises(NotLoadedError) as err:
        district_trends(store, run.borough.district_code, "2024/25", quiet=True)
    assert str(err.value) == (
        "no street crime data in Castlebridge (E07000999) for 2024/25 (April 2024 to March "
        "2025): the data has months in 2018/19, 2019/20, 2020/21, 2021/22, 2022/23; load the "
        "months of 2024/25 or choose another year"
    )


def test_an_unknown_area_code(demo: tuple[Store, DemoRun]) -> None:
    store, _ = demo
    with pytest.raises(GeographyError) as err:
        district_trends(store, "E07000110", "2021/22", quiet=True)
    assert str(err.value) == (
        "district 'E07000110' is not in the lsoa_ward lookup (LAD vintage 2022, 1 districts); "
        "check the code, or load a lookup of the vintage that has it"
    )
    with pytest.raises(GeographyError, match="'Castlebridge' is not a district code"):
        district_trends(store, "Castlebridge", "2021/22", quiet=True)


def test_compare_years_without_groups_and_with_values_that_are_not_counts() -> None:
    months = month_range("2019-04", "2022-03")
    table = pd.DataFrame({"month": months, "count": [100] * 24 + [120] * 12})
    out = compare_years(table, "2021/22")
    assert out["result"].tolist() == ["statistically significant increase"] * 2
    assert out["before"].tolist() == [1200, 2400]
    assert out["not_counted_before"].tolist() == ["", "2018/19 no data"]
    rates = table.assign(count=table["count"] / 7)
    odd = compare_years(rates, "2021/22")
    assert odd["result"].tolist() == [NOT_A_COUNT] * 2
    assert odd["pct_change"].tolist() == pytest.approx([20.0, 20.0])
    assert odd["p_value"].isna().all()
