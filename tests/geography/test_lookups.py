"""ONS lookups: reading, storing, and the questions asked of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspkit.errors import ColumnError, FileFormatError, GeographyError, NotLoadedError, ValueProblem
from cspkit.files import file_sha256
from cspkit.geography import (
    areas_of_district,
    csps_of_district,
    districts_of_csp,
    load_lookup,
    lookup_table,
    read_lookup,
)
from cspkit.store import Store

from .conftest import MAIDSTONE, write_csv

# -- the real files ------------------------------------------------------------------------


@pytest.mark.shared_data
def test_maidstone_has_95_lsoas_and_26_wards(geo_store: Store) -> None:
    areas = areas_of_district(geo_store, MAIDSTONE)
    assert areas.lad_name == "Maidstone"
    assert len(areas.lsoa_codes) == 95
    assert len(areas.ward_codes) == 26
    assert "E05005003" in areas.ward_codes  # Shepway North
    assert "E05005004" in areas.ward_codes  # Shepway South
    assert (areas.lsoa_vintage, areas.ward_vintage) == ("2011", "2019")


@pytest.mark.shared_data
def test_maidstone_csp_and_police_force_area(geo_store: Store) -> None:
    [row] = csps_of_district(geo_store, MAIDSTONE)
    assert (row.csp_code, row.csp_name) == ("E22000142", "Maidstone")
    assert (row.pfa_code, row.pfa_name) == ("E23000032", "Kent")
    assert row.vintage == "2019"


@pytest.mark.shared_data
def test_dartford_and_gravesham_share_a_csp(geo_store: Store) -> None:
    rows = districts_of_csp(geo_store, "E22000352")
    assert [(r.lad_code, r.lad_name) for r in rows] == [
        ("E07000107", "Dartford"),
        ("E07000109", "Gravesham"),
    ]
    assert {r.csp_name for r in rows} == {"Dartford and Gravesham"}
    assert csps_of_district(geo_store, "E07000107")[0].csp_code == "E22000352"


@pytest.mark.shared_data
def test_merged_district_keeps_its_several_csps(geo_store: Store) -> None:
    rows = csps_of_district(geo_store, "E07000244")  # East Suffolk, 2019
    assert [r.csp_name for r in rows] == ["Suffolk Coastal", "Waveney"]


@pytest.mark.shared_data
def test_lookup_tables_are_tidy_with_named_vintages(geo_store: Store, lookups_dir: Path) -> None:
    lsoa_ward = lookup_table(geo_store, "lsoa_ward")
    assert list(lsoa_ward.columns) == [
        "lsoa_code", "lsoa_name", "ward_code", "ward_name", "lad_code", "lad_name",
        "lsoa_vintage", "ward_vintage", "lad_vintage",
    ]
    assert len(lsoa_ward) == 34753
    assert set(lsoa_ward["lsoa_vintage"]) == {"2011"}
    assert set(lsoa_ward["ward_vintage"]) == {"2019"}

    lad_csp = lookup_table(geo_store, "lad_csp_pfa")
    assert list(lad_csp.columns) == [
        "lad_code", "lad_name", "csp_code", "csp_name", "pfa_code", "pfa_name", "vintage",
    ]
    hierarchy = lookup_table(geo_store, "ward_hierarchy")
    maidstone = hierarchy[hierarchy["lad_code"] == MAIDSTONE]
    assert len(maidstone) == 26
    assert set(maidstone["county_code"]) == {"E10000016"}
    # a unitary authority has no county: null, not ""
    assert hierarchy.loc[hierarchy["lad_code"] == "E06000003", "county_code"].isna().all()
    assert len(lookup_table(geo_store, "csp_names")) == 314


@pytest.mark.shared_data
def test_load_records_sha256_provenance(geo_store: Store, lookups_dir: Path) -> None:
    prov = geo_store.provenance()
    row = prov[prov["kind"] == "table:lad_csp_pfa"].iloc[-1]
    path = lookups_dir / "LAD19_CSP19_PFA19_EW_LU.csv"
    assert row["file"] == str(path.resolve())
    assert row["sha256"] == file_sha256(path)
    assert row["rows"] == 342
    assert geo_store.table_entry("lsoa_ward").meta["vintages"] == {
        "lsoa_vintage": "2011", "ward_vintage": "2019", "lad_vintage": "2019",
    }


@pytest.mark.shared_data
def test_district_name_instead_of_code_suggests_the_code(geo_store: Store) -> None:
    with pytest.raises(GeographyError) as err:
        areas_of_district(geo_store, "maidstone")
    assert str(err.value) == (
        "'maidstone' is not a district code: expected an ONS GSS code such as E07000110. "
        "Did you mean E07000110 (Maidstone)?"
    )


@pytest.mark.shared_data
def test_unknown_district_and_csp(geo_store: Store) -> None:
    with pytest.raises(GeographyError) as err:
        areas_of_district(geo_store, "E07000999")
    assert str(err.value) == (
        "district 'E07000999' is not in the lsoa_ward lookup (LAD vintage 2019, 339 districts); "
        "check the code, or load a lookup of the vintage that has it"
    )
    with pytest.raises(GeographyError) as err:
        districts_of_csp(geo_store, "E22999999")
    assert str(err.value) == (
        "Community Safety Partnership 'E22999999' is not in the lad_csp_pfa lookup (vintage "
        "2019, 314 partnerships); check the code"
    )


# -- hand-made files -------------------------------------------------------------------------


def test_bom_and_any_two_digit_vintage(tmp_path: Path, store: Store) -> None:
    path = write_csv(
        tmp_path / "lu.csv",
        "LSOA21CD,LSOA21NM,WD22CD,WD22NM,LAD22CD,LAD22NM,ObjectId\n"
        "E01024320,Maidstone 003A,E05004982,Allington,E07000110,Maidstone,1\n",
        bom=True,
    )
    assert load_lookup(store, path) == "lsoa_ward"
    table = lookup_table(store, "lsoa_ward")
    assert table.iloc[0].to_dict() == {
        "lsoa_code": "E01024320", "lsoa_name": "Maidstone 003A", "ward_code": "E05004982",
        "ward_name": "Allington", "lad_code": "E07000110", "lad_name": "Maidstone",
        "lsoa_vintage": "2021", "ward_vintage": "2022", "lad_vintage": "2022",
    }


def test_lower_case_ons_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "lu.csv", "lad21cd,lad21nm,csp21cd,csp21nm,pfa21cd,pfa21nm\n"
                     "E07000110,Maidstone,E22000142,Maidstone,E23000032,Kent\n")
    kind, table = read_lookup(path)
    assert kind.name == "lad_csp_pfa"
    assert table["vintage"].tolist() == ["2021"]


def test_not_a_lookup(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "crimes.csv", "Crime ID,Month,LSOA code\n,2021-05,E01024320\n")
    with pytest.raises(FileFormatError) as err:
        read_lookup(path)
    assert str(err.value) == (
        f"{path}: not an ONS lookup: no column is named like an ONS code (LSOA11CD, WD19CD, "
        "LAD19CD, CSP19CD, ...); the header has 'Crime ID', 'Month', 'LSOA code'. Give an ONS "
        "Open Geography Portal lookup CSV, e.g. 'LSOA (2011) to Ward (2019) Lookup in England "
        "and Wales' (columns FID, LSOA11CD, LSOA11NM, WD19CD, WD19NM, LAD19CD, LAD19NM)."
    )


def test_missing_level_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "lu.csv", "FID,LSOA11CD,LSOA11NM,WD19CD,WD19NM\n"
                     "1,E01024320,Maidstone 003A,E05004982,Allington\n")
    with pytest.raises(ColumnError) as err:
        read_lookup(path)
    assert err.value.missing == ["LAD19CD", "LAD19NM"]
    assert str(err.value) == (
        f"{path}, line 1: missing column(s) 'LAD19CD', 'LAD19NM'; the header has 'FID', "
        "'LSOA11CD', 'LSOA11NM', 'WD19CD', 'WD19NM'. An ONS LSOA to ward to district lookup has "
        "a code and a name column for each level (e.g. FID, LSOA11CD, LSOA11NM, WD19CD, WD19NM, "
        "LAD19CD, LAD19NM); any two-digit vintage is read."
    )


def test_missing_name_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "lu.csv", "LAD19CD,LAD19NM,CSP19CD,PFA19CD,PFA19NM\n"
                     "E07000110,Maidstone,E22000142,E23000032,Kent\n")
    with pytest.raises(ColumnError) as err:
        read_lookup(path)
    assert err.value.missing == ["CSP19NM"]


def test_bad_code_names_line_column_and_value(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "lu.csv", "FID,LAD19CD,LAD19NM,CSP19CD,CSP19NM,PFA19CD,PFA19NM\n"
                     "1,E07000110,Maidstone,E22000142,Maidstone,E23000032,Kent\n"
                     "2,E07000111,Sevenoaks,E2200014,Sevenoaks,E23000032,Kent\n")
    with pytest.raises(ValueProblem) as err:
        read_lookup(path)
    assert str(err.value) == (
        f"{path}, line 3, column 'CSP19CD': value 'E2200014'; expected an ONS GSS code (a letter "
        "and eight digits, e.g. E07000110). Correct or remove that row; an ONS lookup has a code "
        "on every row."
    )


def test_repeated_lsoa(tmp_path: Path) -> None:
    row = "E01024320,Maidstone 003A,E05004982,Allington,E07000110,Maidstone\n"
    path = write_csv(tmp_path / "lu.csv", "LSOA11CD,LSOA11NM,WD19CD,WD19NM,LAD19CD,LAD19NM\n"
                     + row + row)
    with pytest.raises(ValueProblem) as err:
        read_lookup(path)
    assert str(err.value) == (
        f"{path}, line 3, column 'LSOA11CD': value 'E01024320'; expected each LSOA11CD once in an "
        "ONS LSOA to ward to district lookup. Remove the repeated row (or take the lookup again "
        "from the ONS Open Geography Portal)."
    )


def test_two_vintages_of_one_level(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "lu.csv", "LAD19CD,LAD20CD,LAD19NM\nE07000110,E07000110,M\n")
    with pytest.raises(FileFormatError) as err:
        read_lookup(path)
    assert str(err.value) == (
        f"{path}: it has lad columns of two vintages ('LAD19CD' and 'LAD20CD'). cspkit reads one "
        "vintage per level: remove the columns of the vintage you do not want and load the file "
        "again."
    )


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = write_csv(tmp_path / "empty.csv", "")
    with pytest.raises(FileFormatError) as err:
        read_lookup(empty)
    assert str(err.value) == (
        f"{empty}: the file is empty. Expected an ONS lookup CSV (columns like LSOA11CD, WD19CD, "
        "LAD19CD)."
    )
    with pytest.raises(FileFormatError) as err:
        read_lookup(tmp_path / "nope.csv")
    assert str(err.value) == (
        f"{tmp_path / 'nope.csv'}: no such file. Give the path of an ONS lookup CSV."
    )


def test_lookup_not_loaded(store: Store) -> None:
    with pytest.raises(NotLoadedError) as err:
        areas_of_district(store, MAIDSTONE)
    assert str(err.value) == (
        f"the store at {store.root} has no 'lsoa_ward' lookup; load an ONS lookup CSV with "
        "columns like FID, LSOA11CD, LSOA11NM, WD19CD, WD19NM, LAD19CD, LAD19NM (`cspkit load "
        "geography lookup FILE`)"
    )
