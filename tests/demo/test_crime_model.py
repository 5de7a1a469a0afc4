"""The crime model, checked on the files read back: mix, hotspots, pandemic, recording, season."""

from __future__ import annotations

import pandas as pd
import pytest

from cspkit.demo import DemoBorough
from cspkit.demo.categories import ASB, CATEGORIES, shares

VIOLENCE = "Violence and sexual offences"


def financial_year(month: pd.Series) -> pd.Series:
    """``2020-04`` .. ``2021-03`` -> 2020 (the year "2020/21")."""
    year = month.str[:4].astype(int)
    return year - (month.str[5:].astype(int) < 4)


def test_category_mix_is_near_the_targets(street: pd.DataFrame) -> None:
    mix = street["Crime type"].value_counts(normalize=True)
    for category, target in zip(CATEGORIES, shares(), strict=True):
        assert mix[category.name] == pytest.approx(target, rel=0.12, abs=0.002), category.name
    assert 0.25 <= mix[ASB] <= 0.30
    crimes = street.loc[street["Crime type"] != ASB, "Crime type"].value_counts(normalize=True)
    assert 0.30 <= crimes[VIOLENCE] <= 0.40
    # the national order of the big categories
    assert list(mix.index[:4]) == [ASB, VIOLENCE, "Criminal damage and arson", "Other theft"]


def test_hotspots_have_several_times_the_median_rate(
    street: pd.DataFrame, population: pd.DataFrame, demo: DemoBorough
) -> None:
    counts = street[street["LSOA code"] != ""].groupby("LSOA code").size()
    rate = counts / population.set_index("lsoa")["pop"]
    median = rate.median()
    for code in demo.hotspot_lsoas:
        assert rate[code] >= 3 * median, code
    # the town centre tops the district, as town centres do
    assert rate.idxmax() in demo.town_centre_lsoas
    centre = street[street["LSOA code"].isin(demo.town_centre_lsoas)]
    estate = street[street["LSOA code"].isin(demo.estate_lsoas)]
    assert (centre["Crime type"] == "Shoplifting").mean() > 3 * (
        estate["Crime type"] == "Shoplifting").mean()
    assert (estate["Crime type"] == ASB).mean() > (centre["Crime type"] == ASB).mean()


def test_pandemic_year_is_lower_than_the_years_around_it(street: pd.DataFrame) -> None:
    fy = financial_year(street["Month"])
    rows = fy.value_counts()
    crimes = fy[street["Crime type"] != ASB].value_counts()
    for totals in (rows, crimes):
        assert totals[2020] < totals[2019] and totals[2020] < totals[2021]
    assert crimes[2020] < 0.85 * crimes[2019]

    def change(category: str) -> float:
        per_year = fy[street["Crime type"] == category].value_counts()
        return float(per_year[2020] / per_year[2019])

    assert change(ASB) > 1.25
    assert 0.6 <= change("Burglary") <= 0.85
    assert change("Shoplifting") < 0.65 and change("Theft from the person") < 0.65


def test_recording_change_is_visible(street: pd.DataFrame, demo: DemoBorough) -> None:
    assert demo.recording_change_month == "2022-06"
    before = street["Month"].between("2021-06", "2022-03")
    after = street["Month"].between("2022-06", "2023-03")

    def ratio(category: str) -> float:
        kind = street["Crime type"] == category
        return float((after & kind).sum() / (before & kind).sum())

    assert ratio(VIOLENCE) > 1.12 and ratio("Public order") > 1.12
    assert ratio("Other crime") > 1.25
    assert ratio("Burglary") < 1.0


def test_summer_peak_of_asb_and_violence(street: pd.DataFrame) -> None:
    normal = ~street["Month"].between("2020-04", "2021-03")
    month_of_year = street["Month"].str[5:]
    summer = normal & month_of_year.isin(["06", "07", "08"])
    winter = normal & month_of_year.isin(["12", "01", "02"])
    for category in (ASB, VIOLENCE):
        kind = street["Crime type"] == category
        assert (summer & kind).sum() > 1.1 * (winter & kind).sum(), category
