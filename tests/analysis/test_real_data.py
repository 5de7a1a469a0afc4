"""Trends on the real Kent street data (../shared/data): Maidstone, 2021/22."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cspkit.analysis.rates import district_rates
from cspkit.analysis.trends import ALL_CRIME, ASB, TrendReport, district_trends
from cspkit.errors import NotLoadedError
from cspkit.geography import areas_of_district, lookup_table
from cspkit.sources import load_lookup, load_population
from cspkit.sources.police import load_police
from cspkit.store import Store

pytestmark = pytest.mark.shared_data

MAIDSTONE = "E07000110"


@pytest.fixture(scope="module")
def kent(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("kent") / "store")
    load_police(store, [shared_data / "police" / "kent" / "street"])
    load_lookup(store, shared_data / "geography" / "lookups" / "LSOA11_WD19_LAD19_EW_LU.csv")
    load_population(store, shared_data / "population" / "mysociety_lsoa_population_mid2019_uk.csv")
    return store


@pytest.fixture(scope="module")
def maidstone(kent: Store) -> TrendReport:
    return district_trends(kent, MAIDSTONE, "2021/22", quiet=True)


def test_counts_by_crime_type_equal_a_direct_duckdb_count(
    kent: Store, maidstone: TrendReport
) -> None:
    con = kent.connect()
    lsoas = list(areas_of_district(kent, MAIDSTONE).lsoa_codes)
    direct = dict(con.execute(
        "SELECT crime_type, count(*) FROM street WHERE list_contains(?, lsoa_code) "
        "AND month BETWEEN '2021-04' AND '2022-03' GROUP BY 1", [lsoas]
    ).fetchall())
    assert len(lsoas) == 95
    year = maidstone.by_year[maidstone.by_year["period"] == "2021/22"]
    ours = dict(zip(year["crime_type"], year["count"], strict=True))
    assert ours.pop(ALL_CRIME) == sum(n for t, n in direct.items() if t != ASB)
    assert ours == direct
    assert (year["months_counted"] == 12).all()
    # the published per-month table (../shared/data/README.md): 2021-04..2022-03 sum to 18,861
    assert sum(direct.values()) == 18_861
    after = maidstone.comparisons.set_index(["crime_type", "comparison"])["after"]
    assert after.loc[(ASB, "previous year")] == direct[ASB]


def test_the_kent_gaps_and_low_months_are_excluded_and_reported(maidstone: TrendReport) -> None:
    excluded = dict(maidstone.excluded.values.tolist())
    assert excluded["2018-11"] == "low" and excluded["2018-12"] == "low"
    assert all(excluded[m] == "missing" for m in ("2019-03", "2019-10", "2020-06", "2021-02"))
    assert "2021-03" not in excluded
    c = maidstone.comparisons.set_index(["crime_type", "comparison"])
    prev = c.loc[(ALL_CRIME, "previous year")]
    assert (prev["before_months"], prev["after_months"]) == (1, 12)  # only 2021-03 of 2020/21
    assert prev["not_counted_before"] == "2020-04 to 2021-02 missing"
    assert prev["before_label"] == "2020/21 (Mar 2021 only)"
    assert prev["result"] == "not comparable"
    assert prev["reason"] == "2020/21 has 1 usable month (Mar 2021); at least 6 are needed"
    avg = c.loc[(ALL_CRIME, "average of the three years before")]
    assert avg["before_months"] == 7  # 2018-10, 2019-01, 2019-02, 2019-07..09, 2021-03
    assert avg["not_counted_before"] == (
        "2018-04 to 2018-09 no data; 2018-11 to 2018-12 low; 2019-03 to 2019-06 missing; "
        "2019-10 to 2021-02 missing"
    )
    # three failing years are never pooled into a 7-month baseline that would pass
    assert avg["result"] == "not comparable"
    assert avg["reason"] == (
        "the average of 2018/19 to 2020/21 needs at least 2 regular years with 6 or more "
        "usable months each: 2018/19 has 3 usable months (Oct 2018 and Jan to Feb 2019); "
        "2019/20 has 3 usable months (Jul to Sep 2019); 2020/21 has 1 usable month (Mar 2021)"
    )
    assert not maidstone.comparisons["comparable"].any()
    assert maidstone.comparisons["p_value"].isna().all()
    assert "Excluded months: 2018-11 to 2018-12 low; 2019-03 to 2019-06 missing; " \
        "2019-10 to 2021-02 missing." in maidstone.note


def test_too_little_history_for_the_irregularity_model(maidstone: TrendReport) -> None:
    irr = maidstone.irregular
    assert irr is not None
    assert irr.years["flag"].str.startswith("not assessed: too little history").all()


def test_a_year_with_no_data_in_kent(kent: Store) -> None:
    with pytest.raises(NotLoadedError) as err:
        district_trends(kent, MAIDSTONE, "2022/23", quiet=True)
    assert str(err.value) == (
        "no street crime data in Maidstone (E07000110) for 2022/23 (April 2022 to March 2023): "
        "the data has months in 2018/19, 2019/20, 2020/21, 2021/22; load the months of 2022/23 "
        "or choose another year"
    )


def test_maidstone_rates_per_1000_name_the_mid_2019_population(
    kent: Store, maidstone: TrendReport
) -> None:
    year = maidstone.by_year[maidstone.by_year["period"] == "2021/22"]
    crimes = int(year.loc[year["crime_type"] == ALL_CRIME, "count"].iloc[0])
    district = district_rates(kent, pd.DataFrame({"area_code": [MAIDSTONE], "count": [crimes]}),
                              MAIDSTONE, level="lad", quiet=True).iloc[0]
    assert district["population"] == 171_826  # ../shared/data/README.md
    assert district["population_year"] == 2019
    assert district["rate_per_1000"] == pytest.approx(1000 * crimes / 171_826)
    # wards through the best-fit lookup: approximate, and they add up to the district
    lu = lookup_table(kent, "lsoa_ward")
    con = kent.connect()
    con.register("lu", lu[lu["lad_code"] == MAIDSTONE])
    by_ward = con.sql(
        "SELECT ward_code AS area_code, count(*) AS count FROM street JOIN lu USING (lsoa_code) "
        "WHERE month BETWEEN '2021-04' AND '2022-03' AND crime_type <> 'Anti-social behaviour' "
        "GROUP BY 1"
    ).df()
    wards = district_rates(kent, by_ward, MAIDSTONE, quiet=True)
    assert len(wards) == 26 and wards["approximate"].all()
    assert wards["count"].sum() == crimes
    assert wards["population"].sum() == 171_826
