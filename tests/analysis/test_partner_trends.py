"""Partner measures through the same machinery as crime: years, comparisons, irregular months."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cspkit.analysis.trends import partner_monthly, partner_trends
from cspkit.calendar import month_range
from cspkit.errors import GeographyError, InputError, NotLoadedError
from cspkit.sources.partner import load_partner
from cspkit.store import Store

MARAC = "MARAC referrals"
SHARE = "Repeat referral rate (%)"


@pytest.fixture
def partner_store(store: Store, tmp_path: Path) -> Store:
    rng = np.random.default_rng(3)
    months = month_range("2018-04", "2022-03")
    lines = ["month,area_code,measure,value"]
    for m in months:
        if m == "2019-08":
            continue  # not reported: no data, never zero
        lines.append(f"{m},,{MARAC},{rng.poisson(60 if m < '2021-04' else 75)}")
        lines.append(f"{m},,{SHARE},{rng.uniform(20, 30):.1f}")
        for ward in ("E05005003", "E05005004"):
            lines.append(f"{m},{ward},{MARAC},{rng.poisson(5)}")
    path = tmp_path / "marac.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load_partner(store, path, source="Kent MARAC")
    return store


def test_partner_trends_compare_years_with_the_significance_result(partner_store: Store
                                                                   ) -> None:
    r = partner_trends(partner_store, "2021/22", quiet=True)
    c = r.comparisons.set_index(["measure", "comparison"])
    marac = c.loc[(MARAC, "previous year")]
    assert marac["source"] == "Kent MARAC"
    assert marac["result"] == "statistically significant increase"  # 60 -> 75 a month
    three = c.loc[(MARAC, "average of the three years before")]
    # 2019-08 was not reported: August is left out of every year, like for like
    assert three["before_months"] == 33 and three["after_months"] == 11
    assert three["like_for_like"] == (
        "the same 11 calendar months in each year (Apr to Jul and Sep to Mar)")
    assert three["not_counted_before"] == "2019-08 no data"
    assert c.loc[(SHARE, "previous year"), "result"] == "not a count: no significance test"
    years = r.by_year.set_index(["measure", "period"])
    assert years.loc[(MARAC, "2019/20"), "months_counted"] == 11
    assert r.irregular is not None
    assert set(r.irregular.years["measure"]) == {MARAC, SHARE}


def test_whole_area_rows_are_used_unless_an_area_is_asked(partner_store: Store) -> None:
    whole = partner_monthly(partner_store, measures=[MARAC])
    ward = partner_monthly(partner_store, measures=[MARAC], area_code="E05005003")
    assert len(whole) == len(ward) == 47
    assert whole["value"].mean() > 50 > 10 > ward["value"].mean()
    with pytest.raises(GeographyError) as err:
        partner_monthly(partner_store, area_code="E05000001")
    assert str(err.value) == (
        "no partner rows for area 'E05000001'; areas present: E05005003, "
        "E05005004"
    )
    with pytest.raises(InputError, match=r"^no partner measure 'Stalking' in the store; it has"):
        partner_monthly(partner_store, measures=["Stalking"])


def test_no_partner_data_for_the_year_or_at_all(partner_store: Store, store: Store) -> None:
    with pytest.raises(NotLoadedError) as err:
        partner_trends(partner_store, "2023/24", quiet=True)
    assert str(err.value) == (
        "no partner measure has data for 2023/24; the store's partner months run from 2018-04 "
        "to 2022-03: load the partner files of that year or choose another year"
    )
    empty = Store(store.root.parent / "empty")
    with pytest.raises(NotLoadedError, match="has no partner measures; load a partner CSV"):
        partner_trends(empty, "2021/22", quiet=True)


def test_partner_measures_are_refused_where_the_policy_refuses(partner_store: Store) -> None:
    r = partner_trends(partner_store, "2018/19", quiet=True)  # the first year reported
    c = r.comparisons.set_index(["measure", "comparison"])
    prev = c.loc[(MARAC, "previous year")]
    assert prev["result"] == "no data to compare" and not prev["comparable"]
    assert prev["reason"] == "2017/18 has no usable month"
    assert pd.isna(prev["p_value"])
    three = c.loc[(MARAC, "average of the three years before")]
    assert three["result"] == "no data to compare"
