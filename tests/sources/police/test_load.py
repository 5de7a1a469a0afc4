"""Loading police.uk files: the good path, idempotence, atomicity, and every bad input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from cspkit.errors import ColumnError, FileFormatError, InputError, StoreLockedError, ValueProblem
from cspkit.sources.police import load_police
from cspkit.store import Store
from cspkit.store.coverage import coverage
from tests.police_csv import HEADER, street_row, write_street


def count(store: Store, table: str = "street") -> int:
    return store.connect().execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_loads_a_folder_with_typed_columns(store: Store, tmp_path: Path) -> None:
    write_street(tmp_path / "in", "2021-05", 4)
    write_street(tmp_path / "in", "2021-06", 2, crlf=True)
    report = load_police(store, [tmp_path / "in"])
    assert (report.files, report.rows, report.periods) == (2, 6, ["2021-05", "2021-06"])
    assert report.lines() == [
        "Loaded 2 file(s) of police data: 6 rows.",
        "  tables: street 6",
        "  areas: 1 forces, 1 LSOAs",
        "  periods: 2021-05, 2021-06",
        "  forces: testshire",
        "  replaced: none",
        "  skipped: none",
        f"Store: {store.root} (load {report.load_id})",
    ]
    row = (
        store.connect()
        .execute(
            "SELECT crime_id, month, longitude, latitude, context, force, source_file FROM street "
            "ORDER BY month, crime_id LIMIT 1"
        )
        .fetchone()
    )
    assert row == (
        "0" * 64,
        "2021-05",
        0.521,
        51.272,
        None,
        "testshire",
        "2021-05-testshire-street.csv",
    )


def test_keeps_no_location_rows_and_blank_crime_ids(store: Store, tmp_path: Path) -> None:
    rows = [
        street_row("2021-05", 1),
        street_row("2021-05", 2, **{"Crime ID": "", "Crime type": "Anti-social behaviour"}),
        street_row(
            "2021-05",
            3,
            Longitude="",
            Latitude="",
            Location="No Location",
            **{"LSOA code": "", "LSOA name": ""},
        ),
        street_row("2021-05", 3),  # a repeated Crime ID is kept too
    ]
    write_street(tmp_path, "2021-05", rows)
    load_police(store, [tmp_path])
    con = store.connect()
    assert count(store) == 4
    assert con.execute("SELECT count(*) FROM street WHERE crime_id IS NULL").fetchone() == (1,)
    assert con.execute(
        "SELECT count(*) FROM street WHERE longitude IS NULL AND lsoa_code IS NULL"
    ).fetchone() == (1,)


def test_loading_a_month_again_replaces_it(store: Store, tmp_path: Path) -> None:
    write_street(tmp_path / "a", "2021-05", 5)
    write_street(tmp_path / "a", "2021-06", 5)
    load_police(store, [tmp_path / "a"])
    again = load_police(store, [tmp_path / "a"])
    assert count(store) == 10
    assert again.replaced == [
        "street testshire 2021-05 (5 rows before, 5 now)",
        "street testshire 2021-06 (5 rows before, 5 now)",
    ]
    write_street(tmp_path / "b", "2021-05", 2)
    load_police(store, [tmp_path / "b"], allow_shrink=True)
    assert count(store) == 7
    prov = store.provenance()
    assert list(prov.columns) == [
        "load_id",
        "file",
        "sha256",
        "kind",
        "rows",
        "months",
        "forces",
        "loaded_at",
    ]
    assert len(prov) == 5 and prov["load_id"].nunique() == 3
    assert len(list((store.root / "loads").iterdir())) == 2  # the first load's files are gone


def test_reads_a_zip_archive_and_filters_forces(store: Store, tmp_path: Path) -> None:
    src = tmp_path / "src"
    files = [write_street(src, "2021-05", 3, force=f) for f in ("kent", "essex")]
    archive = tmp_path / "archive.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in files:
            zf.write(f, f"2021-05/{f.name}")
    report = load_police(store, [archive], forces=["kent"])
    assert (report.details["forces"], report.rows) == ("kent", 3)
    assert [s.text() for s in report.skipped] == [
        "1 files: police files not asked for (--force kent)"
    ]
    assert store.provenance()["file"].tolist() == [f"{archive}!2021-05/2021-05-kent-street.csv"]


def test_provenance_hash_is_the_files_sha256(store: Store, tmp_path: Path) -> None:
    import hashlib

    path = write_street(tmp_path, "2021-05", 2)
    load_police(store, [path])
    assert store.provenance()["sha256"][0] == hashlib.sha256(path.read_bytes()).hexdigest()


# -- bad input: exact messages, and nothing of the load reaches the store ----------------------


@pytest.fixture
def loaded(store: Store, tmp_path: Path) -> Store:
    write_street(tmp_path / "good", "2021-04", 3)
    load_police(store, [tmp_path / "good"])
    return store


def assert_unchanged(store: Store, manifest_before: str) -> None:
    assert store.manifest_path.read_text() == manifest_before
    assert count(store) == 3
    assert [p.name for p in (store.root / "loads").iterdir()] == [
        json.loads(manifest_before)["partitions"]["street"]["testshire|2021-04"]["path"].split("/")[
            1
        ]
    ]


def load_bad(store: Store, paths: list[Path], error: type[Exception]) -> str:
    before = store.manifest_path.read_text()
    with pytest.raises(error) as info:
        load_police(store, paths)
    assert_unchanged(store, before)
    return str(info.value)


def test_missing_column(loaded: Store, tmp_path: Path) -> None:
    header = [c for c in HEADER if c != "Crime type"]
    path = write_street(tmp_path / "bad", "2021-05", 2, header=header)
    message = load_bad(loaded, [path], ColumnError)
    assert message == (
        f"{path}, line 1: missing column(s) 'Crime type'; the header has 'Crime ID', 'Month', "
        "'Reported by', 'Falls within', 'Longitude', 'Latitude', 'Location', 'LSOA code', "
        "'LSOA name', 'Last outcome category', 'Context'. data.police.uk street files have the "
        "columns Crime ID, Month, Reported by, Falls within, Longitude, Latitude, Location, "
        "LSOA code, LSOA name, Crime type, Last outcome category, Context; download the file "
        "again, or restore the missing column(s)"
    )


def test_not_utf8(loaded: Store, tmp_path: Path) -> None:
    path = write_street(tmp_path / "bad", "2021-05", 3)
    data = path.read_bytes().replace(b"High Street", b"Caf\xe9 Street", 2)
    path.write_bytes(data)
    good = write_street(tmp_path / "bad", "2021-06", 3)
    message = load_bad(loaded, [path, good], FileFormatError)
    assert message == (
        f"{path}: line 2, column 'Location': byte 0xe9 is not UTF-8 text. data.police.uk files "
        "are UTF-8: download the file again, or re-save it as 'CSV UTF-8'"
    )


def test_html_page_saved_as_csv(loaded: Store, tmp_path: Path) -> None:
    path = tmp_path / "2021-05-kent-street.csv"
    path.write_text("<!DOCTYPE html>\n<html><body><h1>502 Bad Gateway</h1></body></html>\n")
    message = load_bad(loaded, [path], FileFormatError)
    assert message == (
        f"{path}: is an HTML page, not a CSV file (was a web page or an error page saved as "
        ".csv?). Download the file again from data.police.uk and check that it opens as a table"
    )


def test_truncated_zip(loaded: Store, tmp_path: Path) -> None:
    src = write_street(tmp_path / "src", "2021-05", 400)
    archive = tmp_path / "police.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(src, f"2021-05/{src.name}")
    archive.write_bytes(archive.read_bytes()[:-200])
    message = load_bad(loaded, [archive], FileFormatError)
    assert message == (
        f"{archive}: is not a complete zip archive (File is not a zip file); it may have been "
        "cut off while downloading. Download the archive again from data.police.uk and load "
        "the new copy"
    )


def test_corrupt_member_of_zip(loaded: Store, tmp_path: Path) -> None:
    src = write_street(tmp_path / "src", "2021-05", 400)
    archive = tmp_path / "police.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(src, f"2021-05/{src.name}")
    data = bytearray(archive.read_bytes())
    data[200:240] = b"\x00" * 40  # damage the compressed data, keep the directory
    archive.write_bytes(bytes(data))
    message = load_bad(loaded, [archive], FileFormatError)
    assert message.startswith(f"{archive}!2021-05/{src.name}: cannot be read from the zip (")
    assert message.endswith(
        "); the archive is damaged or incomplete. Download the archive again from "
        "data.police.uk and load the new copy"
    )


def test_coordinates_outside_the_uk(loaded: Store, tmp_path: Path) -> None:
    rows = [street_row("2021-05", 1), street_row("2021-05", 2, Longitude="12.5")]
    path = write_street(tmp_path / "bad", "2021-05", rows)
    message = load_bad(loaded, [path], ValueProblem)
    assert message == (
        f"{path}, line 3, column 'Longitude': value '12.5'; expected a longitude within the "
        "United Kingdom (-8.75 to 1.95). police.uk coordinates are WGS84 longitude and latitude "
        "in decimal degrees; check that the columns were not swapped, rounded into text or "
        "converted to another grid"
    )


def test_coordinates_not_numbers(loaded: Store, tmp_path: Path) -> None:
    rows = [street_row("2021-05", 1, Latitude="51°16'N")]
    path = write_street(tmp_path / "bad", "2021-05", rows)
    message = load_bad(loaded, [path], ValueProblem)
    assert message.startswith(
        f"{path}, line 2, column 'Latitude': value \"51°16'N\"; "
        "expected a number in decimal degrees."
    )


def test_rows_of_another_month(loaded: Store, tmp_path: Path) -> None:
    rows = [street_row("2021-05", i) for i in range(5)] + [street_row("2021-06", 9)]
    path = write_street(tmp_path / "bad", "2021-05", rows)
    message = load_bad(loaded, [path], ValueProblem)
    assert message == (
        f"{path}, line 7, column 'Month': value '2021-06'; expected '2021-05', the month in the "
        "file's name. each data.police.uk file holds one month: load the file under its own "
        "month's name, or download that month again"
    )


def test_file_cut_off_mid_row(loaded: Store, tmp_path: Path) -> None:
    path = write_street(tmp_path / "bad", "2021-05", 4)
    path.write_bytes(path.read_bytes()[:-120])
    message = load_bad(loaded, [path], FileFormatError)
    assert message == (
        f"{path}: line 5 has 3 field(s) where the header has 12. A comma inside a value must be "
        "within double quotes; if the file ends early it was cut off: download it again from "
        "data.police.uk"
    )


def test_file_name_without_month(loaded: Store, tmp_path: Path) -> None:
    path = tmp_path / "crimes.csv"
    path.write_text(",".join(HEADER) + "\n")
    message = load_bad(loaded, [path], FileFormatError)
    assert message == (
        f"{path}: the file name does not say its month, force and kind. Name it as "
        "data.police.uk does, YYYY-MM-<force>-<kind>.csv with kind street, outcomes or "
        "stop-and-search (e.g. 2021-05-kent-street.csv)"
    )


def test_same_month_twice(loaded: Store, tmp_path: Path) -> None:
    a = write_street(tmp_path / "a", "2021-05", 2)
    b = write_street(tmp_path / "b", "2021-05", 2)
    message = load_bad(loaded, [a, b], InputError)
    assert message == f"{b} and {a} are both testshire street data for 2021-05; load one of them"


def test_a_second_writer_is_refused(store: Store, tmp_path: Path) -> None:
    write_street(tmp_path, "2021-05", 2)
    with store.transaction(), pytest.raises(StoreLockedError) as info:
        load_police(store, [tmp_path])
    assert str(info.value) == (
        f"the store at {store.root} is being written by another cspkit process (pid "
        f"{os.getpid()}); wait for that load to finish and run this one again"
    )


def test_a_load_killed_half_way_leaves_the_store_as_it_was(loaded: Store, tmp_path: Path) -> None:
    """Kill a real loading process while it is writing; the store must be untouched."""
    big = tmp_path / "big"
    for month in ("2021-05", "2021-06", "2021-07", "2021-08"):
        write_street(big, month, 60_000)
    before = loaded.manifest_path.read_text()
    code = (
        "import sys; from cspkit.store import Store; from cspkit.sources.police import "
        "load_police; load_police(Store(sys.argv[1]), [sys.argv[2]])"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(loaded.root), str(big)])
    loads = loaded.root / "loads"
    deadline = time.monotonic() + 60
    while len(list(loads.iterdir())) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)  # wait until it has started writing its files
    assert proc.poll() is None, "the load finished before it could be killed; make it bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert loaded.manifest_path.read_text() == before
    assert count(loaded) == 3
    report = load_police(loaded, [big])  # the next load works and cleans up the remains
    assert report.rows == 240_000
    assert count(loaded) == 240_003
    assert len(list(loads.iterdir())) == 2


# -- loads that never lose data (issue 11) ---------------------------------------------------


def test_a_far_smaller_month_is_refused_unless_asked_for(loaded: Store, tmp_path: Path) -> None:
    header_only = write_street(tmp_path / "bad", "2021-04", 0)
    message = load_bad(loaded, [header_only], InputError)
    assert message == (
        f"{header_only} has 0 rows where the store holds 3 for street testshire 2021-04: "
        "loading it would remove 3 rows. A file with a header and no rows, or one cut short "
        "while downloading, does this: download the month again from data.police.uk, or, if "
        "the month really has fewer rows now, load it again with --allow-shrink"
    )
    partial = write_street(tmp_path / "partial", "2021-04", 2)  # 2 of 3: under 90%
    assert "loading it would remove 1 rows" in load_bad(loaded, [partial], InputError)
    report = load_police(loaded, [header_only], allow_shrink=True)
    assert report.replaced == ["street testshire 2021-04 (3 rows before, 0 now)"]
    assert report.empty == ["street testshire 2021-04 (a header and no rows)"]
    assert count(loaded) == 0


def test_a_month_loaded_empty_is_empty_not_missing(store: Store, tmp_path: Path) -> None:
    for month, rows in (("2021-04", 30), ("2021-05", 0), ("2021-07", 30)):
        write_street(tmp_path, month, rows)
    report = load_police(store, [tmp_path])
    assert report.empty == ["street testshire 2021-05 (a header and no rows)"]
    assert "  empty: street testshire 2021-05 (a header and no rows)" in report.lines()
    cov = coverage(store).set_index("month")
    assert cov["flag"].to_dict() == {
        "2021-04": "ok", "2021-05": "empty", "2021-06": "missing", "2021-07": "ok",
    }
    assert cov.loc["2021-05", "rows"] == 0


def _zip(archive: Path, *files: Path) -> Path:
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in files:
            zf.write(f, f"{f.parent.name}/{f.name}")
    return archive


def test_a_zip_in_a_folder_is_read(store: Store, tmp_path: Path) -> None:
    inside = write_street(tmp_path / "src", "2021-05", 4)
    archive = _zip(tmp_path / "downloads" / "police.zip", inside)
    write_street(tmp_path / "downloads", "2021-06", 2)  # a CSV beside the zip
    (tmp_path / "downloads" / "boundaries.zip").write_bytes(
        _zip(tmp_path / "other.zip", write_csv_file(tmp_path / "x" / "wards.csv")).read_bytes()
    )
    report = load_police(store, [tmp_path / "downloads"])
    assert (report.files, report.rows, report.periods) == (2, 6, ["2021-05", "2021-06"])
    assert f"{archive}!2021-05/2021-05-testshire-street.csv" in store.provenance()["file"].tolist()


def write_csv_file(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("code,name\nE05004982,Allington\n")
    return path


def test_a_damaged_zip_in_a_folder_is_named(loaded: Store, tmp_path: Path) -> None:
    archive = _zip(tmp_path / "downloads" / "police.zip",
                   write_street(tmp_path / "src", "2021-05", 400))
    archive.write_bytes(archive.read_bytes()[:-200])
    message = load_bad(loaded, [tmp_path / "downloads"], FileFormatError)
    assert message == (
        f"{archive}: is not a complete zip archive (File is not a zip file); it may have been "
        "cut off while downloading. Download the archive again from data.police.uk and load "
        "the new copy"
    )


def test_a_folder_without_police_files(loaded: Store, tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    write_csv_file(folder / "wards.csv")
    message = load_bad(loaded, [folder], InputError)
    assert message == (
        f"{folder}: no data.police.uk files found in this folder; expected files named "
        "YYYY-MM/YYYY-MM-<force>-street.csv (or -outcomes.csv, -stop-and-search.csv), or the "
        "zip archives data.police.uk gives"
    )
