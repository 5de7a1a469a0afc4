"""District trends on the demo borough: comparisons, irregular years, breaks, bad input."""

from __future__ import annotations

import pandas as pd
import pytest

from cspkit.analysis.comparisons import COMPARE_COLUMNS, NOT_A_COUNT, compare_years
from cspkit.analysis.dispersion import count_test
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


def test_comparisons_carry_the_policys_test(report_2021: TrendReport) -> None:
    c = report_2021.comparisons.set_index(["crime_type", "comparison"])
    row = c.loc[("Shoplifting", "previous year")]
    monthly = report_2021.monthly
    shop = monthly[monthly["crime_type"] == "Shoplifting"].set_index("month")["count"]
    direct = count_test(shop[month_range("2020-04", "2021-03")].to_numpy(),
                        shop[month_range("2021-04", "2022-03")].to_numpy())
    assert row["p_value"] == direct.p_value and row["test"] == direct.test == "quasi-Poisson"
    assert row["method"] == direct.method
    assert row["method"].startswith("quasi-Poisson model of 24 monthly counts with a "
                                    "month-of-year term (dispersion ")
    assert row["dispersion"] > 1 and row["comparable"]
    assert row["result"] == "statistically significant increase"  # back from the pandemic
    avg = c.loc[("Shoplifting", "average of the three years before")]
    # the pandemic year is no baseline year: the average is of the other two
    assert avg["baseline_years"] == "2018/19, 2019/20"
    assert (avg["before_months"], avg["after_months"]) == (24, 12)
    assert avg["expected_after"] == pytest.approx(avg["before"] / 2)
    assert "2020/21 left out of the average: irregular low" in avg["note"]


def test_the_pandemic_year_is_flagged_in_every_comparison_that_uses_it(
    report_2021: TrendReport,
) -> None:
    c = report_2021.comparisons
    assert c["irregular"].str.contains("2020/21 irregular").all()
    prev = c[c["comparison"] == "previous year"]
    assert prev["note"].str.contains("2020/21 was irregular (?:low|high)").all()
    three = c[c["comparison"] != "previous year"]
    assert three["note"].str.startswith("2020/21 left out of the average: irregular").all()
    by_type = c.set_index(["crime_type", "comparison"])["irregular"]
    assert by_type.loc[("Shoplifting", "previous year")] == "2020/21 irregular low"
    assert by_type.loc[(ASB, "previous year")] == "2020/21 irregular high"
    # a type whose own year passed still carries the all-crime flag
    assert by_type.loc[("Bicycle theft", "previous year")] == "2020/21 irregular low (all crime)"
    irr = report_2021.irregular
    assert irr is not None
    assert "Years the all-crime total flags (2020/21) are left out of every crime type's " \
        "history." in irr.note


def test_comparisons_across_the_recording_change_are_refused(demo: tuple[Store, DemoRun]
                                                             ) -> None:
    store, run = demo
    r = district_trends(store, run.borough.district_code, "2022/23", breaks=RECORDING_CHANGE,
                        quiet=True)
    c = r.comparisons
    assert (c["across_break"] == "2022-06 (new crime recording system)").all()
    assert (c["result"] == "not comparable").all() and c["p_value"].isna().all()
    assert (c.loc[c["comparison"] == "previous year", "reason"] == (
        "only 2 calendar months (Apr to May) can be compared like for like in 2021/22 and "
        "2022/23 on the same side of the break of 2022-06 (new crime recording system); at "
        "least 6 are needed")).all()
    irr = r.irregular
    assert irr is not None
    y = irr.years.set_index(["crime_type", "financial_year"])["flag"]
    assert y.loc[("Violence and sexual offences", "2022/23")] == "ok"
    assert y.loc[("Other crime", "2022/23")] == "ok"


def test_a_break_that_affects_some_crime_types_refuses_only_theirs(
    demo: tuple[Store, DemoRun],
) -> None:
    store, run = demo
    scoped = {"2022-06": {"description": "new crime recording system",
                          "crime_types": ["Violence and sexual offences", "Public order"]}}
    r = district_trends(store, run.borough.district_code, "2022/23", breaks=scoped, quiet=True)
    c = r.comparisons.set_index(["crime_type", "comparison"])
    refused = set(c.index[c["result"] == "not comparable"].get_level_values(0))
    # the all-crime total holds violence and public order: refused with them
    assert refused == {"Violence and sexual offences", "Public order", ALL_CRIME}
    assert c.loc[("Burglary", "previous year"), "across_break"] == ""
    assert c.loc[("Burglary", "previous year"), "comparable"]


def test_defaults_and_exclusions_are_announced(
    demo: tuple[Store, DemoRun], capsys: pytest.CaptureFixture[str]
) -> None:
    store, run = demo
    district_trends(store, run.borough.district_code, "2021/22", check_irregular=False)
    err = capsys.readouterr().err
    assert err.startswith(
        "district_trends(): Police-recorded street crime and ASB in the LSOAs of Castlebridge "
        "(E07000999), by financial year (April to March). Excluded months: none. A period is "
        "compared only with at least 6 usable months, and only on the calendar months usable "
        "in both periods (like for like)"
    )
    assert "Changes are tested with a quasi-Poisson model of the monthly counts with a " \
        "month-of-year term (the Poisson E-test where the months vary no more than Poisson " \
        "counts), two-sided, at the 0.05 level." in err
    # silence must never read as "no irregular months"
    assert "The irregular-month check was not run: the months of 2021/22 were not checked." \
        in err


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
    assert out["before"].tolist() == [1200, 2400]  # 2018/19 has no data: two baseline years
    assert out["baseline_years"].tolist() == ["2020/21", "2019/20, 2020/21"]
    assert out["not_counted_before"].tolist() == ["", "2018-04 to 2019-03 no data"]
    rates = table.assign(count=table["count"] / 7)
    odd = compare_years(rates, "2021/22")
    assert odd["result"].tolist() == [NOT_A_COUNT] * 2
    assert odd["pct_change"].tolist() == pytest.approx([20.0, 20.0])
    assert odd["p_value"].isna().all()
