"""Named queries run on a real (small) analytical store; the Django side records their values."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cspkit.errors import QueryParamError
from cspkit.indicators.models import Indicator
from cspkit.indicators.queries import REGISTRY, check_params, describe, run_query
from cspkit.indicators.services import refresh_from_store
from cspkit.sources.police import load_police
from cspkit.store import Store
from tests.police_csv import street_row, write_street
from tests.web.records.world import World

DISTRICT, NORTH, SOUTH = "E07000110", "E05005003", "E05005004"
LSOAS = {"E01000001": NORTH, "E01000002": SOUTH, "E01000003": "E05000999"}


def months(first_year: int) -> list[str]:
    return [f"{first_year + (m < 4)}-{m:02d}" for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]


@pytest.fixture
def crime_store(tmp_path: Path) -> Store:
    """2021/22 in full and 2022/23's April: per month, in North 2 burglaries and 1 ASB, in
    South 1 burglary, and 5 crimes outside the district."""
    store = Store(tmp_path / "store")
    n = 0
    for month in [*months(2021), "2022-04"]:
        rows = []
        for lsoa, count, kind in (
            ("E01000001", 2, "Burglary"), ("E01000001", 1, "Anti-social behaviour"),
            ("E01000002", 1, "Burglary"), ("E01000009", 5, "Burglary"),
        ):
            for _ in range(count):
                rows.append(street_row(month, n, **{"LSOA code": lsoa, "Crime type": kind}))
                n += 1
        write_street(tmp_path / "police", month, rows)
    load_police(store, [tmp_path / "police"])
    lookup = pd.DataFrame({
        "lsoa_code": list(LSOAS), "lsoa_name": ["a", "b", "c"], "ward_code": list(LSOAS.values()),
        "ward_name": ["North", "South", "Elsewhere"],
        "lad_code": [DISTRICT, DISTRICT, "E07000111"], "lad_name": ["M", "M", "T"],
        "lsoa_vintage": "2011", "ward_vintage": "2019", "lad_vintage": "2019",
    })
    store.write_table("lsoa_ward", lookup, source_file="lookup.csv", sha256="0" * 64)
    population = pd.DataFrame({
        "area_code": list(LSOAS), "year": [2019] * 3, "population": [1500, 500, 9000],
        "source": "test",
    })
    store.write_table("population", population, source_file="pop.csv", sha256="1" * 64)
    return store


def test_the_registry_holds_at_least_two_queries() -> None:
    assert {"police_count", "police_rate_per_1000"} <= set(REGISTRY)
    assert describe("police_count").splitlines()[0] == (
        "police_count: Police recorded crimes (crimes)"
    )


def test_police_count_per_financial_year(crime_store: Store) -> None:
    result = run_query(crime_store, "police_count",
                       {"district": DISTRICT, "period": "financial_year"})
    assert result.table.to_dict("records") == [
        {"period": "2021/22", "value": 48.0, "months": 12, "complete": True},
        {"period": "2022/23", "value": 4.0, "months": 1, "complete": False},
    ]
    prov = result.provenance
    assert (prov["query"], prov["first_month"], prov["last_month"]) == (
        "police_count", "2021-04", "2022-04"
    )
    assert prov["params"] == {"district": DISTRICT, "wards": None, "crime_type": None,
                              "period": "financial_year"}
    assert len(prov["store_loads"]) == 3


def test_police_count_by_crime_type_ward_and_quarter(crime_store: Store) -> None:
    result = run_query(crime_store, "police_count", {
        "district": DISTRICT, "wards": [NORTH], "crime_type": "Burglary", "period": "quarter",
    })
    assert result.table[["period", "value"]].values.tolist()[:2] == [
        ["2021/22 Q1", 6.0], ["2021/22 Q2", 6.0]
    ]
    assert result.table["period"].tolist()[-1] == "2022/23 Q1"


def test_police_rate_per_1000(crime_store: Store) -> None:
    result = run_query(crime_store, "police_rate_per_1000",
                       {"district": DISTRICT, "period": "month"})
    first = result.table.iloc[0]
    assert (first["period"], first["crimes"], first["population"]) == ("2021-04", 4.0, 2000.0)
    assert first["value"] == pytest.approx(2.0)


def test_query_errors_name_the_problem_and_the_fix(crime_store: Store) -> None:
    with pytest.raises(QueryParamError) as info:
        run_query(crime_store, "police_count", {"district": DISTRICT, "crime_type": "Arson"})
    assert str(info.value) == (
        "crime_type 'Arson' is not in the store's street data; use one of Anti-social behaviour, "
        "Burglary"
    )
    with pytest.raises(QueryParamError) as info:
        check_params("police_count", {"period": "week", "district": DISTRICT})
    assert str(info.value) == (
        "police_count parameter 'period': 'week' is not one of month, quarter, financial_year"
    )
    with pytest.raises(QueryParamError) as info:
        check_params("police_count", {})
    assert str(info.value) == (
        "police_count needs the parameter 'district' (ONS district code, e.g. E07000110)"
    )
    with pytest.raises(QueryParamError) as info:
        run_query(crime_store, "police_count", {"district": "E07000999"})
    assert str(info.value).startswith("no LSOAs found for district 'E07000999'")


@pytest.mark.django_db
def test_refresh_records_complete_periods_with_provenance(w: World, crime_store: Store) -> None:
    ind: Indicator = w.a.computed1  # police_count, district E07000110, financial_year
    saved = refresh_from_store(w.users["cso"], ind, crime_store)
    assert [(m.period, m.value) for m in saved] == [("2021/22", 48.0)]
    stored = ind.measurements.get(period="2021/22")
    assert stored.value == 48.0  # replaced the 300 entered before
    assert stored.provenance["query"] == "police_count"
    assert stored.provenance["months_in_period"] == 12
    with_part = refresh_from_store(w.users["cso"], ind, crime_store, include_incomplete=True)
    assert [m.period for m in with_part] == ["2021/22", "2022/23"]


@pytest.mark.django_db
def test_a_count_indicator_keeps_its_months_and_its_trend_goes_through_the_policy(
        w: World, crime_store: Store) -> None:
    ind: Indicator = w.a.computed1
    ind.target = 40
    ind.save()
    refresh_from_store(w.users["cso"], ind, crime_store)
    stored = ind.measurements.get(period="2021/22")
    assert stored.provenance["monthly"] == {m: 4.0 for m in sorted(months(2021))}
    rag = ind.rag()
    assert rag.trend == "flat"
    assert rag.basis == (
        "The count cannot be compared between Apr 2020\u2013Mar 2021 (no usable month) and Apr "
        "2021\u2013Mar 2022: Apr 2020\u2013Mar 2021 has no usable month.")
    ind.query, ind.params = "police_rate_per_1000", {"district": DISTRICT,
                                                     "period": "financial_year"}
    ind.save()
    assert ind.rag().basis.startswith("not a count, so not tested")
