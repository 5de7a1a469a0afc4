"""The loader and coverage on real data.police.uk files (../shared/data)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cspkit.calendar import month_range
from cspkit.sources.police import load_police
from cspkit.store import Store
from cspkit.store.coverage import coverage

pytestmark = pytest.mark.shared_data

#: ../shared/data/README.md, "Per-month counts": Maidstone rows (crimes + ASB) per month.
MAIDSTONE_ROWS = {
    "2018-10": 1756,
    "2018-11": 1127,
    "2018-12": 786,
    "2019-01": 1588,
    "2019-02": 1463,
    "2019-07": 1805,
    "2019-08": 1673,
    "2019-09": 1652,
    "2021-03": 1629,
    "2021-04": 1602,
    "2021-05": 1634,
    "2021-06": 1509,
    "2021-07": 1757,
    "2021-08": 1748,
    "2021-09": 1568,
    "2021-10": 1624,
    "2021-11": 1485,
    "2021-12": 1469,
    "2022-01": 1475,
    "2022-02": 1311,
    "2022-03": 1679,
}


@pytest.fixture(scope="module")
def kent(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("kent") / "store")
    report = load_police(store, [shared_data / "police" / "kent" / "street"])
    assert (report.files, report.rows) == (21, 360_747)
    return store


def maidstone_lsoas(shared_data: Path) -> list[str]:
    lookup = pd.read_csv(
        shared_data / "geography/lookups/LSOA11_WD19_LAD19_EW_LU.csv", encoding="utf-8-sig"
    )
    return lookup.loc[lookup["LAD19CD"] == "E07000110", "LSOA11CD"].tolist()


def test_maidstone_rows_per_month_match_the_published_table(kent: Store, shared_data: Path) -> None:
    lsoas = maidstone_lsoas(shared_data)
    assert len(lsoas) == 95
    cov = coverage(kent, lsoa_codes=lsoas)
    present = cov[cov["flag"] != "missing"]
    assert dict(zip(present["month"], present["rows"].astype(int), strict=True)) == MAIDSTONE_ROWS
    assert int(present["rows"].sum()) == 32_340


def test_kent_incomplete_and_missing_months_are_flagged(kent: Store) -> None:
    cov = coverage(kent)
    assert cov.loc[cov["flag"] == "low", "month"].tolist() == ["2018-11", "2018-12"]
    missing = cov.loc[cov["flag"] == "missing", "month"].tolist()
    assert missing == month_range("2019-03", "2019-06") + month_range("2019-10", "2021-02")
    assert cov.loc[cov["month"] == "2018-12", "ratio"].item() == pytest.approx(0.471, abs=0.001)


def test_no_location_rows_are_kept_and_counted(kent: Store) -> None:
    con = kent.connect()
    no_loc = con.execute(
        "SELECT count(*) FROM street WHERE location = 'No Location' AND longitude IS NULL"
    ).fetchone()[0]
    assert no_loc == 4653
    asb_ids = con.execute(
        "SELECT count(*) FROM street "
        "WHERE crime_type = 'Anti-social behaviour' AND crime_id IS NOT NULL"
    ).fetchone()[0]
    assert asb_ids == 0


def test_all_forces_month_and_other_kinds(shared_data: Path, store: Store) -> None:
    police = shared_data / "police"
    report = load_police(
        store,
        [
            police / "all_forces_street",
            police / "kent/stop_and_search",
            police / "maidstone/outcomes",
        ],
    )
    assert report.tables == {"outcomes": 21_479, "stop_and_search": 2_125, "street": 390_141}
    assert report.areas["forces"] == 41
    assert len(report.details["forces"].split(", ")) == 41
    con = store.connect()
    first = con.execute("SELECT min(date) FROM stop_and_search").fetchone()[0]
    assert str(first) == "2019-06-30 23:05:00"  # 00:05 BST on 1 July, kept as published (UTC)
