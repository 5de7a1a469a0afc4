"""Indices of Deprivation files: reading IoD2019 and IoD2025, CSV and XLSX, and loading them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cspkit.errors import ColumnError, FileFormatError, ValueProblem
from cspkit.sources import IMD_DOMAINS, deprivation_table, load_deprivation, read_imd
from cspkit.store import Store

HEADER = (
    "LSOA code (2011),LSOA name (2011),Local Authority District code (2019),"
    "Local Authority District name (2019),"
    "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived),"
    "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs),"
    "Income Rank (where 1 is most deprived),"
    "Income Decile (where 1 is most deprived 10% of LSOAs)\n"
)


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "File_2_-_IoD2019_Domains.csv"
    path.write_text("\ufeff" + header + body, encoding="utf-8")
    return path


def test_read_imd_tidy(tmp_path: Path) -> None:
    path = write(tmp_path, 'E01000001,A,E07000110,M,"1",1,32844,10\n'
                           'E01000002,B,E07000110,M,"16,422",5,2,1\n')
    imd = read_imd(path)
    assert list(imd.columns) == ["lsoa_code", "lad_code", "edition", "domain", "rank", "decile"]
    assert imd.drop(columns="edition").values.tolist() == [
        ["E01000001", "E07000110", "imd", 1, 1], ["E01000002", "E07000110", "imd", 16422, 5],
        ["E01000001", "E07000110", "income", 32844, 10], ["E01000002", "E07000110", "income", 2, 1],
    ]
    assert set(imd["edition"]) == {"2019"}


def test_read_imd_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "E01000001,A,E07000110,M,0,1,5,1\n")
    with pytest.raises(ValueProblem) as err:
        read_imd(path)
    assert str(err.value) == (
        f"{path}, line 2, column 'Index of Multiple Deprivation (IMD) Rank (where 1 is most "
        "deprived)': value '0'; expected a whole number from 1 to 32,844. Correct that row, or "
        "take the file again from the English Indices of Deprivation 2019 release."
    )
    path = write(tmp_path, "E01000001,5\n", header="lsoa,score\n")
    with pytest.raises(ColumnError) as err2:
        read_imd(path)
    assert str(err2.value) == (
        f"{path}, line 1: missing column(s) 'LSOA code (2011)', 'Index of Multiple Deprivation "
        "(IMD) Rank (where 1 is most deprived)'; the header has 'lsoa', 'score'. Give File 1 or "
        "File 2 of the English Indices of Deprivation as published (Excel) or saved as CSV "
        "(columns 'LSOA code (2011)' or 'LSOA code (2021)', 'Index of Multiple Deprivation "
        "(IMD) Rank (where 1 is most deprived)', ...)."
    )


@pytest.mark.shared_data
def test_real_file_two(imd: pd.DataFrame) -> None:
    # the session's IoD2019 File 2 (tests/analysis/places/conftest.py reads it the same way)
    assert set(imd["domain"]) == set(IMD_DOMAINS)
    assert len(imd) == 8 * 32_844
    one = imd[(imd["domain"] == "imd") & (imd["lsoa_code"] == "E01024389")]  # Maidstone 013A
    assert one["decile"].iloc[0] == 1 and one["rank"].iloc[0] == 2915


DEPRIVATION = "deprivation"
IOD2019_FILE1 = "File_1_-_IMD2019_Index_of_Multiple_Deprivation"
IOD2025_FILE1 = "File_1_IoD2025_Index_of_Multiple_Deprivation.csv"
IOD2019_FILE2 = "File_2_-_IoD2019_Domains_of_Deprivation.csv"


@pytest.mark.shared_data
def test_iod2025_ranks_lsoa_2021_codes(shared_data: Path) -> None:
    imd = read_imd(shared_data / DEPRIVATION / IOD2025_FILE1)
    assert set(imd["edition"]) == {"2025"} and set(imd["domain"]) == {"imd"}
    assert len(imd) == 33_755 and imd["rank"].max() == 33_755
    maidstone = imd[imd["lad_code"] == "E07000110"].sort_values("rank")
    assert len(maidstone) == 99
    # decile 1: Maidstone 013I (rank 343), 004H (2,882) and 013D (3,107); 8 LSOAs in decile 2
    assert maidstone["rank"].head(3).tolist() == [343, 2882, 3107]
    assert (maidstone["decile"] == 1).sum() == 3 and (maidstone["decile"] == 2).sum() == 8


@pytest.mark.shared_data
def test_the_published_workbook_reads_as_its_csv(shared_data: Path) -> None:
    xlsx = read_imd(shared_data / DEPRIVATION / f"{IOD2019_FILE1}.xlsx")
    csv = read_imd(shared_data / DEPRIVATION / f"{IOD2019_FILE1}.csv")
    assert len(xlsx) == 32_844
    pd.testing.assert_frame_equal(xlsx, csv)


def test_the_edition_is_needed_when_the_name_does_not_say(tmp_path: Path) -> None:
    path = tmp_path / "ranks.csv"
    path.write_text(HEADER + 'E01000001,A,E07000110,M,"1",1,32844,10\n', encoding="utf-8")
    with pytest.raises(FileFormatError) as err:
        read_imd(path)
    assert str(err.value) == (
        f"{path}: cannot tell which edition of the Indices of Deprivation this is (its name has "
        "no IMD2019 or IoD2025, and its column 'LSOA code (2011)' ranks LSOAs of more than one "
        "edition). Give the edition, e.g. --edition 2019 (known: 2015, 2019, 2025)."
    )
    assert set(read_imd(path, edition=2019)["edition"]) == {"2019"}


@pytest.mark.shared_data
def test_load_keeps_editions_and_domains_apart(shared_data: Path, store: Store) -> None:
    folder = shared_data / DEPRIVATION
    report = load_deprivation(store, [folder / IOD2019_FILE2, folder / IOD2025_FILE1])
    assert report.tables == {"deprivation": 8 * 32_844 + 33_755}
    assert report.periods == ["IoD2019", "IoD2025"]
    assert report.replaced == []
    assert deprivation_table(store)["edition"].unique().tolist() == ["2025"]  # the latest
    assert set(deprivation_table(store, 2019)["domain"]) == set(IMD_DOMAINS)
    # File 1 of 2019 replaces the 2019 IMD ranks only; the seven domains stay
    again = load_deprivation(store, folder / f"{IOD2019_FILE1}.csv")
    assert again.replaced == ["deprivation 2019 (imd) (32,844 rows)"]
    table = store.read_table("deprivation").to_pandas()
    assert table.groupby("edition").size().to_dict() == {"2019": 8 * 32_844, "2025": 33_755}
    parts = store.table_entry("deprivation").meta["parts"]
    assert [(p["edition"], p["domains"][:2]) for p in parts] == [
        ("2019", ["imd", "income"]), ("2025", ["imd"]), ("2019", ["imd"]),
    ]
