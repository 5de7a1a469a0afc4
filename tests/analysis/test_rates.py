"""Rates per 1,000 residents by ward, ward cluster and district."""

from __future__ import annotations

import pandas as pd
import pytest

from cspkit.analysis.rates import RATE_COLUMNS, district_rates, rates_per_1000
from cspkit.demo.load import DemoRun
from cspkit.errors import GeographyError, InputError
from cspkit.geography import assign_district_wards, population_by
from cspkit.store import Store


def ward_population() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_code": ["E05000001", "E05000002", "E05000003"],
            "area_name": ["North", "South", "East"],
            "level": "ward",
            "vintage": "2019",
            "year": 2019,
            "population": [2000, 4000, 5000],
            "source": "mysociety",
            "lsoas": [1, 2, 3],
            "approximate": True,
        }
    )


def test_ward_rates_by_hand_name_the_population_year() -> None:
    counts = pd.DataFrame({"area_code": ["E05000001", "E05000002"], "count": [10, 10]})
    out = rates_per_1000(counts, ward_population())
    assert list(out.columns) == list(RATE_COLUMNS)
    assert out[["area_code", "count", "rate_per_1000"]].values.tolist() == [
        ["E05000001", 10, 5.0], ["E05000002", 10, 2.5], ["E05000003", 0, 0.0],
    ]
    assert (out["population_year"] == 2019).all()
    assert (out["population_source"] == "mysociety").all()
    assert out["approximate"].all()


def test_cluster_rates_sum_counts_and_populations() -> None:
    counts = pd.DataFrame(
        {"area_code": ["E05000001", "E05000002", "E05000003"] * 2,
         "crime_type": ["Burglary"] * 3 + ["Robbery"] * 3,
         "count": [10, 20, 30, 1, 0, 2]}
    )
    clusters = {"E05000001": "Town", "E05000002": "Town", "E05000003": "Rural"}
    out = rates_per_1000(counts, ward_population(), level="cluster", clusters=clusters,
                         by="crime_type")
    got = out.set_index(["crime_type", "area_code"])
    assert got.loc[("Burglary", "Town"), ["count", "population"]].tolist() == [30, 6000]
    assert got.loc[("Burglary", "Town"), "rate_per_1000"] == pytest.approx(5.0)
    assert got.loc[("Robbery", "Rural"), "rate_per_1000"] == pytest.approx(0.4)
    assert (out["level"] == "cluster").all()
    table = pd.DataFrame({"ward_code": list(clusters), "cluster": list(clusters.values())})
    same = rates_per_1000(counts, ward_population(), level="cluster", clusters=table,
                          by="crime_type")
    pd.testing.assert_frame_equal(out, same)


def test_unknown_area_codes_and_unmapped_wards_say_what_to_fix() -> None:
    counts = pd.DataFrame({"area_code": ["E05999999"], "count": [1]})
    with pytest.raises(GeographyError) as err:
        rates_per_1000(counts, ward_population())
    assert str(err.value) == (
        "rates_per_1000(): counts have area code(s) 'E05999999' with no population (3 areas "
        "have one); check the codes, or count by the areas (and vintage) of the population table"
    )
    with pytest.raises(InputError) as err2:
        rates_per_1000(counts.iloc[:0], ward_population(), level="cluster",
                       clusters={"E05000001": "Town"})
    assert str(err2.value) == (
        "rates_per_1000(): clusters gives no cluster for ward(s) E05000002 (South), "
        "E05000003 (East); give every ward of the population table a cluster"
    )
    with pytest.raises(InputError, match="level='lsoa'; use one of 'ward', 'cluster', 'lad'"):
        rates_per_1000(counts, ward_population(), level="lsoa")


def test_demo_ward_and_district_rates_from_the_store(
    demo: tuple[Store, DemoRun], capsys: pytest.CaptureFixture[str]
) -> None:
    store, run = demo
    code = run.borough.district_code
    rows = assign_district_wards(store, code, months=["2021-04"])
    counts = rows.groupby("ward_code", as_index=False).size().rename(
        columns={"ward_code": "area_code", "size": "count"})
    wards = district_rates(store, counts, code)
    assert "district_rates(): population of 2019 (mysociety), the latest loaded; pass year= to " \
        "choose another" in capsys.readouterr().err
    pop = population_by(store, "ward", lad_code=code)
    assert len(wards) == len(pop) == run.borough.n_wards
    assert wards["count"].sum() == len(rows)
    assert wards["population"].sum() == run.borough.population
    district = district_rates(store, pd.DataFrame({"area_code": [code], "count": [len(rows)]}),
                              code, level="lad", year=2019, quiet=True)
    assert district["rate_per_1000"].iloc[0] == pytest.approx(
        1000 * len(rows) / run.borough.population)
    assert not district["approximate"].iloc[0]
