"""Partner measures from CSV and XLSX: normalised, exact errors, loaded once, atomically."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from cspkit.errors import ColumnError, FileFormatError, ValueProblem
from cspkit.sources.partner import PARTNER_COLUMNS, TABLE, load_partner, read_partner
from cspkit.store import Store

MARAC = "MARAC referrals"
OSS = "Domestic abuse one-stop-shop attendance"


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(path: Path, rows: list[list[object]], sheet: str = "Data") -> Path:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def test_csv_is_normalised(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "marac.csv", (
        "Month,Area code,Measure,Value\n"
        "2021-04,,MARAC referrals,31\n"
        "2021-05,E05005003,MARAC referrals,\"1,204\"\n"
        "Jun 2021,E05005003,MARAC referrals,7.5\n"
    ))
    out = read_partner(path)
    assert list(out.columns) == list(PARTNER_COLUMNS)
    assert out.values.tolist() == [
        ["2021-04", None, MARAC, 31.0, "marac.csv"],
        ["2021-05", "E05005003", MARAC, 1204.0, "marac.csv"],
        ["2021-06", "E05005003", MARAC, 7.5, "marac.csv"],
    ]
    assert out["value"].dtype == "float64"


def test_xlsx_with_date_cells_and_day_level_rows_summed_to_months(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "oss.xlsx", [
        ["Date", "Indicator", "Count", "Notes"],
        [datetime(2021, 4, 3), OSS, 2, "Saturday"],
        [date(2021, 4, 17), OSS, 3, None],
        ["30/05/2021", OSS, 4, None],
        [None, None, None, None],
        ["2021-06-01", OSS, 1, None],
    ])
    out = read_partner(path, source="Oasis")
    assert out.values.tolist() == [
        ["2021-04", None, OSS, 5.0, "Oasis"],
        ["2021-05", None, OSS, 4.0, "Oasis"],
        ["2021-06", None, OSS, 1.0, "Oasis"],
    ]


def test_a_bad_date_names_file_line_column_value_and_fix(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "marac.csv", (
        "month,measure,value\n2021-04,MARAC referrals,31\n2021-13,MARAC referrals,20\n"
    ))
    with pytest.raises(ValueProblem) as err:
        read_partner(path)
    assert str(err.value) == (
        f"{path}, line 3, column 'month': value '2021-13'; expected a month such as 2021-04, "
        "2021-04-30, 30/04/2021 or Apr 2021. Correct that cell (or remove the row) and load the "
        "file again."
    )


def test_a_bad_date_in_a_spreadsheet_names_the_sheet_and_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "treatment.xlsx", [
        ["Month", "Measure", "Value"],
        ["2021-04", "Substance misuse treatment starts", 12],
        ["2021-05", "Substance misuse treatment starts", 9],
        ["31/02/2021", "Substance misuse treatment starts", 11],
    ], sheet="Starts")
    with pytest.raises(ValueProblem) as err:
        read_partner(path)
    assert str(err.value) == (
        f"{path} (sheet 'Starts'), line 4, column 'Month': value '31/02/2021'; expected a month "
        "such as 2021-04, 2021-04-30, 30/04/2021 or Apr 2021. Correct that cell (or remove the "
        "row) and load the file again."
    )
    assert err.value.line == 4
    with pytest.raises(FileFormatError) as missing:
        read_partner(path, sheet="Referrals")
    assert str(missing.value) == (
        f"{path}: it has no sheet 'Referrals'; its sheets are 'Starts'. Give one of those names "
        "as the sheet to read."
    )


def test_non_numeric_and_blank_values(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "m.xlsx", [
        ["month", "measure", "value"], ["2021-04", MARAC, "twelve"],
    ])
    with pytest.raises(ValueProblem) as err:
        read_partner(path)
    assert str(err.value) == (
        f"{path} (sheet 'Data'), line 2, column 'value': value 'twelve'; expected a number (a "
        "blank is not zero: write 0 for none). Correct that cell (or remove the row) and load "
        "the file again."
    )
    blank = write_csv(tmp_path / "b.csv", "month,measure,value\n2021-04,MARAC referrals,\n")
    with pytest.raises(ValueProblem, match=r"line 2, column 'value': value ''; expected a number"):
        read_partner(blank)


def test_missing_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "m.csv", "Month,Referrals\n2021-04,12\n")
    with pytest.raises(ColumnError) as err:
        read_partner(path)
    assert str(err.value) == (
        f"{path}, line 1: missing column(s) 'measure', 'value'; the header has 'Month', "
        "'Referrals'. A partner file needs a header row with columns month (or date), measure "
        "and value, and optionally area_code, e.g. 'month,area_code,measure,value'."
    )


def test_bad_area_code_repeated_month_and_empty_file(tmp_path: Path) -> None:
    bad_area = write_csv(tmp_path / "a.csv", "month,area,measure,value\n2021-04,Shepway,x,1\n")
    with pytest.raises(ValueProblem) as err:
        read_partner(bad_area)
    assert str(err.value) == (
        f"{bad_area}, line 2, column 'area': value 'Shepway'; expected an ONS area code such as "
        "E05005003 (a ward) or E07000110 (a district), or a blank cell for the whole partnership "
        "area. Correct that cell (or remove the row) and load the file again."
    )
    repeated = write_csv(tmp_path / "r.csv",
                         "month,measure,value\n2021-04,x,1\n2021-05,x,2\nApr 2021,x,3\n")
    with pytest.raises(ValueProblem) as err:
        read_partner(repeated)
    assert str(err.value) == (
        f"{repeated}, line 4, column 'month': value '2021-04'; expected each month once per "
        "measure and area (line 2 has 'x' for 2021-04 already). Remove the repeated row, or add "
        "the two figures into one row."
    )
    empty = write_csv(tmp_path / "e.csv", "")
    with pytest.raises(FileFormatError, match=r"e.csv: the file is empty"):
        read_partner(empty)
    with pytest.raises(FileFormatError, match=r"not a readable Excel .xlsx workbook"):
        read_partner(write_csv(tmp_path / "fake.xlsx", "month,measure,value\n"))


def test_load_twice_replaces_and_records_provenance(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "marac.csv", "month,measure,value\n2021-04,MARAC referrals,31\n"
                     "2021-05,MARAC referrals,28\n")
    other = write_xlsx(tmp_path / "oss.xlsx", [["month", "measure", "value"], ["2021-04", OSS, 9]])
    assert load_partner(store, path) == TABLE
    load_partner(store, other)
    load_partner(store, path)  # the same file again: replaces, never duplicates
    con = store.connect()
    rows = con.sql(f"SELECT month, measure, value, source FROM {TABLE} ORDER BY ALL").fetchall()
    assert rows == [
        ("2021-04", OSS, 9.0, "oss.xlsx"),
        ("2021-04", MARAC, 31.0, "marac.csv"),
        ("2021-05", MARAC, 28.0, "marac.csv"),
    ]
    prov = con.sql("SELECT file, sha256, kind FROM provenance ORDER BY loaded_at").fetchall()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert (str(path.resolve()), digest, f"table:{TABLE}") in prov
    parts = store.table_entry(TABLE).meta["parts"]
    assert [(p["source"], p["measures"]) for p in parts] == [
        ("oss.xlsx", [OSS]), ("marac.csv", [MARAC]),
    ]


def test_a_bad_file_leaves_the_store_as_it_was(store: Store, tmp_path: Path) -> None:
    good = write_csv(tmp_path / "marac.csv", "month,measure,value\n2021-04,MARAC referrals,31\n")
    load_partner(store, good)
    before = store.manifest_path.read_bytes()
    bad = write_csv(tmp_path / "marac2.csv", "month,measure,value\n"
                    "2021-05,MARAC referrals,30\n2021-06,MARAC referrals,n/a\n")
    with pytest.raises(ValueProblem):
        load_partner(store, bad, source="marac.csv")
    assert store.manifest_path.read_bytes() == before
    assert store.read_table(TABLE).num_rows == 1
