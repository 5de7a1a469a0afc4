"""Irregular months: the demo's pandemic is found, ordinary years are not, breaks are respected."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cspkit.analysis.irregular import (
    MONTH_COLUMNS,
    YEAR_COLUMNS,
    IrregularRules,
    irregular_months,
)
from cspkit.analysis.seasonal import nb_interval
from cspkit.calendar import financial_year_months, month_range
from cspkit.demo.categories import PANDEMIC_INTENSITY, RECORDING_CHANGE_MONTH
from cspkit.errors import InputError
from tests.analysis.conftest import RECORDING_CHANGE

PANDEMIC = financial_year_months("2020/21")
CATEGORIES_HIT = [  # the categories the demo's pandemic moves by 25% or more
    "Anti-social behaviour", "Other theft", "Shoplifting", "Theft from the person",
    "Vehicle crime", "Burglary", "Robbery", "Criminal damage and arson",
]


def test_the_demo_pandemic_is_the_same_year_as_ours() -> None:
    assert sorted(PANDEMIC_INTENSITY) == PANDEMIC
    assert RECORDING_CHANGE_MONTH in RECORDING_CHANGE


@pytest.fixture(scope="module")
def all_crime(demo_monthly: pd.DataFrame) -> pd.DataFrame:
    crime = demo_monthly[demo_monthly["crime_type"] != "Anti-social behaviour"]
    return crime.groupby("month", as_index=False)["count"].sum()


def test_the_pandemic_months_of_all_crime_are_irregular_low(all_crime: pd.DataFrame) -> None:
    res = irregular_months(all_crime, breaks=RECORDING_CHANGE, quiet=True)
    months = res.months.set_index("month")
    assert list(res.months.columns) == list(MONTH_COLUMNS)
    low = months.loc[PANDEMIC, "flag"] == "irregular low"
    assert low.sum() >= 11  # August 2020, the mildest month (intensity 0.35), may pass
    assert (months.loc[PANDEMIC, "count"] < months.loc[PANDEMIC, "expected"]).all()
    years = res.years.set_index("financial_year")
    assert list(res.years.columns) == list(YEAR_COLUMNS)
    assert years.loc["2020/21", "flag"] == "irregular low"
    assert years.loc["2020/21", "irregular_months"] >= 11
    # the years after are ordinary
    assert years.loc[["2021/22", "2022/23"], "flag"].tolist() == ["ok", "ok"]
    later = months[months["financial_year"].isin(["2021/22", "2022/23"])]
    assert (later["flag"] == "ok").sum() >= 22


def test_the_first_years_are_not_assessed_for_want_of_history(all_crime: pd.DataFrame) -> None:
    res = irregular_months(all_crime, quiet=True)
    years = res.years.set_index("financial_year")
    assert years.loc["2018/19", "flag"] == (
        "not assessed: too little history (0 usable earlier months, 18 needed)"
    )
    assert years.loc["2019/20", "flag"] == (
        "not assessed: too little history (12 usable earlier months, 18 needed)"
    )
    assert res.months["expected"].iloc[:24].isna().all()


def test_the_pandemic_year_is_irregular_for_the_categories_it_hit(
    demo_monthly: pd.DataFrame,
) -> None:
    res = irregular_months(demo_monthly, by="crime_type", breaks=RECORDING_CHANGE, quiet=True)
    y = res.years.set_index(["crime_type", "financial_year"])["flag"]
    assert y.loc["Anti-social behaviour", "2020/21"] == "irregular high"  # ASB went up
    for cat in CATEGORIES_HIT[1:]:
        assert y.loc[cat, "2020/21"] == "irregular low", cat
    m = res.months.set_index(["crime_type", "month"])["flag"]
    assert (m.loc["Shoplifting", PANDEMIC] == "irregular low").sum() >= 8


def test_ordinary_years_are_mostly_not_flagged(demo_monthly: pd.DataFrame) -> None:
    res = irregular_months(demo_monthly, by="crime_type", breaks=RECORDING_CHANGE,
                           known_irregular={m: "pandemic" for m in PANDEMIC}, quiet=True)
    ordinary = res.months[res.months["financial_year"].isin(["2021/22", "2022/23"])]
    flagged = ordinary["flag"].str.startswith("irregular")
    assert flagged.mean() <= 0.03  # 14 series x 24 months at a 99% interval: ~3 by chance
    years = res.years[res.years["financial_year"].isin(["2021/22", "2022/23"])]
    assert (years["flag"] == "ok").all()
    assert "Declared irregular (assessed, never used as history): 2020-04 to 2021-03 pandemic" \
        in res.note


def test_the_declared_recording_change_is_not_an_irregularity(demo_monthly: pd.DataFrame
                                                                ) -> None:
    raised = ["Violence and sexual offences", "Other crime"]  # 15% and 35% up from 2022-06
    data = demo_monthly[demo_monthly["crime_type"].isin(raised)]
    known = {m: "pandemic" for m in PANDEMIC}
    ignored = irregular_months(data, by="crime_type", known_irregular=known, quiet=True)
    declared = irregular_months(data, by="crime_type", known_irregular=known,
                                breaks=RECORDING_CHANGE, quiet=True)
    after = month_range("2022-06", "2023-03")

    def high(res: pd.DataFrame, cat: str) -> int:
        m = res.set_index(["crime_type", "month"])["flag"]
        return int((m.loc[cat, after] == "irregular high").sum())

    for cat in raised:
        assert high(ignored.months, cat) >= 3, cat
        assert high(declared.months, cat) <= 1, cat
    y = declared.years.set_index(["crime_type", "financial_year"])["flag"]
    assert (y.loc[raised, "2022/23"] == "ok").all()
    yi = ignored.years.set_index(["crime_type", "financial_year"])["flag"]
    assert (yi.loc[raised, "2022/23"] == "irregular high").all()
    br = declared.months.set_index(["crime_type", "month"])["break_since"]
    assert br.loc[raised[0], "2022-05"] == "" and br.loc[raised[0], "2022-06"] == "2022-06"
    assert declared.breaks == RECORDING_CHANGE


def test_excluded_months_are_neither_assessed_nor_history(all_crime: pd.DataFrame) -> None:
    table = all_crime[all_crime["month"] != "2021-09"]  # as if the file were missing
    res = irregular_months(table, excluded={"2021-06": "low"}, quiet=True)
    months = res.months.set_index("month")
    assert months.loc["2021-06", "flag"] == "excluded: low"
    assert months.loc["2021-09", "flag"] == "excluded: no data"
    assert np.isnan(months.loc["2021-09", "count"])
    assert res.excluded.values.tolist() == [["2021-06", "low"], ["2021-09", "no data"]]
    assert "Excluded: 2021-06 low; 2021-09 no data." in res.note
    assert res.years.set_index("financial_year").loc["2021/22", "months_assessed"] == 10


def test_defaults_are_announced(all_crime: pd.DataFrame, capsys: pytest.CaptureFixture[str]
                                ) -> None:
    irregular_months(all_crime)
    err = capsys.readouterr().err
    assert err.startswith("irregular_months(): forecast intervals at 99% from a negative "
                          "binomial model")


def test_nb_interval_matches_scipy() -> None:
    lo, hi = nb_interval(np.array([100.0, 100.0]), np.array([0.0, 0.05]), 0.95)
    assert (lo[0], hi[0]) == (stats.poisson.ppf(0.025, 100), stats.poisson.ppf(0.975, 100))
    n, p = 1 / 0.05, 1 / (1 + 0.05 * 100)
    assert (lo[1], hi[1]) == (stats.nbinom.ppf(0.025, n, p), stats.nbinom.ppf(0.975, n, p))


def test_tiny_series_are_not_assessed() -> None:
    months = month_range("2018-04", "2021-03")
    table = pd.DataFrame({"month": months, "count": [0] * 30 + [1] * 6})
    res = irregular_months(table, quiet=True)
    assert res.years["flag"].iloc[-1] == "not assessed: counts too small"


def test_bad_arguments() -> None:
    with pytest.raises(InputError) as err:
        IrregularRules(level=95)
    assert str(err.value) == (
        "IrregularRules(): level=95 must be a number between 0 and 1, e.g. 0.05"
    )
    with pytest.raises(InputError) as err:
        irregular_months(pd.DataFrame({"month": ["2021-04"], "count": [1]}), breaks=["June 2022"])
    assert str(err.value) == (
        "break month 'June 2022' is not a month; write it as YYYY-MM, e.g. 2021-05"
    )
