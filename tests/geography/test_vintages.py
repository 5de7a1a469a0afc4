"""Both LSOA vintages side by side, and no police row lost in silence (issue 11).

Kent street data 2018-2022 (LSOA 2011 codes) and 2024-2025 (LSOA 2021 codes) in one store, with
the 2011 lookup only, and with the 2011 and 2021 lookups. Figures checked against the shared
data's README (Maidstone: 18,861 rows in 2021/22, 16,619 in the twelve months of 2025).
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from cspkit.analysis.trends import district_monthly
from cspkit.assessment import AssessmentConfig, assess
from cspkit.cli import main
from cspkit.geography import (
    areas_of_district,
    assign_district_wards,
    boundaries,
    lookup_table,
    lsoa_coverage,
    lsoa_vintages,
    population_by,
    unmatched_lsoas,
)
from cspkit.sources import load_boundaries, load_lookup, load_police, load_population
from cspkit.store import Store
from tests.files import MAIDSTONE, write_csv

pytestmark = pytest.mark.shared_data

SWALE, TUNBRIDGE_WELLS = "E07000113", "E07000116"
LSOA11 = "LSOA11_WD19_LAD19_EW_LU.csv"
LSOA21 = "LSOA21_WD24_LAD24_EW_LU.csv"
FY2021 = [*(f"2021-{m:02d}" for m in range(4, 13)), "2022-01", "2022-02", "2022-03"]
Y2025 = [f"2025-{m:02d}" for m in range(1, 13)]


@pytest.fixture(scope="session")
def kent_2011(shared_data: Path, lookups_dir: Path, boundaries_dir: Path,
              tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Both eras of Kent street data, Maidstone's 2022 and 2025 wards, mid-2019 population and
    the 2011 LSOA lookup only. Tests must not change it."""
    store = Store(tmp_path_factory.mktemp("vintages") / "2011")
    police = shared_data / "police"
    load_police(store, [police / "kent" / "street", police / "kent_2024_2025" / "street"])
    load_lookup(store, lookups_dir / LSOA11)
    load_boundaries(store, [boundaries_dir / "maidstone_wards_WD22_E07000110.geojson",
                            boundaries_dir / "maidstone_wards_WD25_E07000110.geojson"])
    load_population(store, shared_data / "population" / "mysociety_lsoa_population_mid2019_uk.csv")
    return store


@pytest.fixture(scope="session")
def kent_both(kent_2011: Store, lookups_dir: Path) -> Store:
    """The same store (copied) with the 2021 LSOA lookup loaded beside the 2011 one."""
    store = Store(kent_2011.root.parent / "both")
    shutil.copytree(kent_2011.root, store.root)
    report = load_lookup(store, lookups_dir / LSOA21)
    assert report.replaced == []
    return store


def district_counts(store: Store, lad: str, months: list[str]) -> int:
    monthly = district_monthly(store, lad)
    return int(monthly.loc[monthly["month"].isin(months), "count"].sum())


def vintage_monthly(store: Store, lad: str, vintage: str) -> pd.Series:
    """Rows per month whose code is one of the district's LSOAs in ``vintage`` alone."""
    lu = lookup_table(store, "lsoa_ward", lsoa_vintage=vintage)
    codes = list(lu.loc[lu["lad_code"] == lad, "lsoa_code"])
    con = store.connect()
    found = con.execute(
        "SELECT month, count(*) FROM street WHERE list_contains(?, lsoa_code) GROUP BY month",
        [codes],
    ).fetchall()
    return pd.Series(dict(found), dtype="int64").sort_index()


def vintage_counts(store: Store, lad: str, vintage: str, months: list[str]) -> int:
    return int(vintage_monthly(store, lad, vintage).reindex(months, fill_value=0).sum())


def test_lookups_of_both_vintages_live_side_by_side(kent_both: Store) -> None:
    assert lsoa_vintages(kent_both) == ["2011", "2021"]
    table = lookup_table(kent_both, "lsoa_ward")
    assert table.groupby("lsoa_vintage").size().to_dict() == {"2011": 34_753, "2021": 35_672}
    areas = areas_of_district(kent_both, MAIDSTONE)
    # 95 LSOAs of 2011 and 99 of 2021, 89 of them unchanged: 105 codes
    assert (len(areas.lsoa_codes), areas.lsoa_vintages) == (105, ("2011", "2021"))
    assert (areas.lsoa_vintage, areas.ward_vintage, len(areas.ward_codes)) == (
        "2011 and 2021", "2024", 22)
    assert len(areas_of_district(kent_both, MAIDSTONE, ward_vintage="2019").ward_codes) == 26


def test_a_lookup_replaces_only_its_own_vintage(store: Store, tmp_path: Path) -> None:
    header = "LSOA{v}CD,LSOA{v}NM,WD{w}CD,WD{w}NM,LAD{w}CD,LAD{w}NM\n"
    row = "E01024320,Maidstone 003A,E05004982,Allington,E07000110,Maidstone\n"
    old = write_csv(tmp_path / "a.csv", header.format(v="11", w="19") + row)
    new = write_csv(tmp_path / "b.csv", header.format(v="21", w="24") + row)
    load_lookup(store, [old, new])
    again = load_lookup(store, old)
    assert again.replaced == ["lsoa_ward (LSOA 2011, WD 2019, LAD 2019) (1 rows)"]
    assert lookup_table(store, "lsoa_ward")["lsoa_vintage"].tolist() == ["2021", "2011"]
    records = store.table_entry("lsoa_ward").meta["parts"]
    assert [r["vintages"]["lsoa_vintage"] for r in records] == ["2021", "2011"]


@pytest.mark.parametrize("lad", [MAIDSTONE, SWALE, TUNBRIDGE_WELLS])
def test_2021_22_counts_the_same_with_one_or_both_vintages(
    kent_2011: Store, kent_both: Store, lad: str
) -> None:
    one = district_counts(kent_2011, lad, FY2021)
    assert district_counts(kent_both, lad, FY2021) == one
    assert one == vintage_counts(kent_both, lad, "2011", FY2021)
    if lad == MAIDSTONE:
        assert one == 18_861


@pytest.mark.parametrize("lad", [MAIDSTONE, SWALE, TUNBRIDGE_WELLS])
def test_the_series_across_the_switch_counts_what_each_vintage_counts(
    kent_both: Store, lad: str
) -> None:
    monthly = district_monthly(kent_both, lad).groupby("month")["count"].sum()
    alone = {v: vintage_monthly(kent_both, lad, v) for v in ("2011", "2021")}
    for month, count in monthly.items():
        vintage = "2011" if month < "2023" else "2021"
        assert count == alone[vintage][month], month
    if lad == MAIDSTONE:
        assert monthly[Y2025].sum() == 16_619
        assert monthly["2024-01"] == 1_489


def test_rows_in_no_loaded_lookup_are_counted(kent_2011: Store, kent_both: Store) -> None:
    cov = lsoa_coverage(kent_2011).set_index("month")
    new = cov.index >= "2024"
    assert cov.loc[~new, "unmatched"].sum() == 0
    assert set(cov.loc[~new, "lsoa_vintage"]) == {"2011"}
    # about a tenth of each 2021-era month: codes that exist only in the 2021 set
    assert cov.loc[new, "unmatched"].between(1_265, 1_752).all()
    assert cov.loc[new, "unmatched"].sum() == 24_118
    assert set(cov.loc[new, "lsoa_vintage"]) == {""}
    both = lsoa_coverage(kent_both).set_index("month")
    assert both["unmatched"].sum() == 0
    assert set(both.loc[both.index >= "2024", "lsoa_vintage"]) == {"2021"}
    # what Maidstone loses with the 2011 lookup alone is exactly its rows named "Maidstone ..."
    lost = unmatched_lsoas(kent_2011, months=Y2025)
    named = lost[lost["lsoa_name"].str.startswith("Maidstone ")]
    assert named.iloc[0][["lsoa_code", "lsoa_name"]].tolist() == ["E01034991", "Maidstone 004H"]
    assert district_counts(kent_2011, MAIDSTONE, Y2025) + named["rows"].sum() == 16_619


def test_status_and_coverage_say_how_many_rows_no_lookup_places(kent_2011: Store) -> None:
    status = CliRunner().invoke(main, ["--store", str(kent_2011.root), "status"])
    assert status.exit_code == 0, status.output
    assert status.output.splitlines()[-2:] == [
        "  LSOA lookups: 2011",
        "  street rows whose LSOA is in no loaded lookup: 24,118 (kent 2024-01 to 2025-12; see "
        "`cspkit coverage`)",
    ]
    cov = CliRunner().invoke(main, ["--store", str(kent_2011.root), "coverage"])
    assert ("LSOA lookups loaded: 2011. 24,118 rows in 16 force-month(s) have an LSOA code in no "
            "loaded lookup and count for no district.") in cov.output
    assert "  NO LOOKUP kent 2025-09: 1,265 rows" in cov.output


def test_the_police_load_report_notes_rows_no_lookup_places(
    shared_data: Path, lookups_dir: Path, store: Store
) -> None:
    load_lookup(store, lookups_dir / LSOA11)
    month = shared_data / "police/kent_2024_2025/street/2025-09/2025-09-kent-street.csv"
    report = load_police(store, [month])
    assert report.warnings == [
        "1,265 rows have an LSOA code in no loaded LSOA lookup (78 codes, e.g. E01035297 "
        "'Medway 015G', E01034991 'Maidstone 004H', E01034986 'Ashford 005G'): they count for "
        "no district until the lookup of their vintage is loaded (`cspkit load geography lookup "
        "FILE`; police.uk uses 2021 LSOAs from 2023)"
    ]


def test_population_sums_each_lsoa_once(kent_both: Store) -> None:
    district = population_by(kent_both, "lad", 2019, lad_code=MAIDSTONE)
    assert district["population"].item() == 171_826  # mid-2019, on 2011 LSOAs
    assert district["vintage"].item() == "2019"


@pytest.mark.parametrize(("vintage", "months"), [("2022", FY2021), ("2025", Y2025)])
def test_wards_are_of_the_vintage_chosen(kent_both: Store, vintage: str,
                                         months: list[str]) -> None:
    chosen = set(boundaries(kent_both, "ward", vintage).query("lad_code == @MAIDSTONE")["code"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no mixing of ward vintages to warn about
        rows = assign_district_wards(kent_both, MAIDSTONE, ward_vintage=vintage, months=months)
    placed = rows["ward_code"].dropna()
    assert set(placed) <= chosen and len(chosen) == (26 if vintage == "2022" else 22)
    methods = rows.attrs["ward_methods"]
    assert methods["point"] > 0.95 * len(rows)
    lookup = rows[rows["ward_method"] == "lookup"]
    assert len(lookup) == methods["lookup"] and lookup["ward_code"].isin(chosen).all()


def test_the_assessment_names_the_rows_it_cannot_place(
    kent_2011: Store, kent_both: Store
) -> None:
    config = AssessmentConfig(partnership="Safer Maidstone Partnership")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sa = assess(kent_2011, MAIDSTONE, "2025/26", config)
    lost = sa.quality["unmatched_lsoa"]
    assert (lost["rows"], lost["district_rows"]) == (13_614, 2_430)
    months = [f"2025-{m:02d}" for m in range(4, 13)]
    by_year = sa.trends.by_year
    ours = by_year[(by_year["period"] == "2025/26")
                   & (by_year["crime_type"] != "All crime (excluding ASB)")]["count"].sum()
    # the rows the 2011 lookup cannot place are exactly what the store with both vintages adds
    assert ours + lost["district_rows"] == district_counts(kent_both, MAIDSTONE, months)
    assert ("2,430 police rows of 2025/26 name Maidstone but have an LSOA code in no loaded "
            "lookup: they are not in these figures (see Data quality).") in sa.findings
