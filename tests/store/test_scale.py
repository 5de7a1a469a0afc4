"""A store that stays lean and answers one district's questions from that district's forces:
the LSOA index, scoped views, coverage from the manifest, per-file garbage collection."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from cspkit.sources.police import load_police
from cspkit.store import Store
from cspkit.store.coverage import coverage
from tests.police_csv import street_row, write_street

MAIDSTONE = "E01024340"
ELSEWHERE = "E01000001"


def _rows(month: str, n: int, code: str) -> list[dict[str, str]]:
    return [street_row(month, i, **{"LSOA code": code}) for i in range(n)]


def _files(store: Store) -> list[Path]:
    return sorted(p for p in (store.root / "loads").rglob("*") if p.is_file())


def _bytes(store: Store) -> int:
    return sum(p.stat().st_size for p in _files(store))


@pytest.fixture
def two_forces(store: Store, tmp_path: Path) -> Store:
    for month in ("2021-05", "2021-06"):
        write_street(tmp_path / "in", month, _rows(month, 4, MAIDSTONE), force="kent")
        nowhere = street_row(month, 9, **{"LSOA code": "", "LSOA name": "", "Longitude": "",
                                          "Latitude": "", "Location": "No Location"})
        rows = [*_rows(month, 6, ELSEWHERE), nowhere]
        write_street(tmp_path / "in", month, rows, force="metropolitan")
    load_police(store, [tmp_path / "in"])
    return store


def test_every_partition_is_indexed_by_lsoa(two_forces: Store) -> None:
    parts = two_forces.manifest().partitions["street"]
    assert {p.index for p in parts.values()} == {
        f"loads/{next(iter(parts.values())).load_id}/street.lsoas.parquet"
    }
    counts = two_forces.partition_counts("street")
    assert counts.to_dict("records") == [
        {"force": "kent", "month": "2021-05", "rows": 4, "no_location": 0, "no_lsoa": 0},
        {"force": "kent", "month": "2021-06", "rows": 4, "no_location": 0, "no_lsoa": 0},
        {"force": "metropolitan", "month": "2021-05", "rows": 7, "no_location": 1, "no_lsoa": 1},
        {"force": "metropolitan", "month": "2021-06", "rows": 7, "no_location": 1, "no_lsoa": 1},
    ]
    assert two_forces.partition_counts("street", lsoa_codes=[ELSEWHERE])["rows"].tolist() == [6, 6]


def test_a_district_reads_only_its_forces(two_forces: Store) -> None:
    assert two_forces.forces_for([MAIDSTONE]) == ["kent"]
    assert two_forces.forces_for([MAIDSTONE, ELSEWHERE]) == ["kent", "metropolitan"]
    assert two_forces.forces_for(["W01000001"]) == []
    local = two_forces.scoped(forces=["kent"], months=["2021-06"])
    con = local.connect()
    assert con.execute("SELECT force, month, count(*) FROM street GROUP BY ALL").fetchall() == [
        ("kent", "2021-06", 4)
    ]
    assert con.execute("SELECT sum(rows) FROM street_lsoas").fetchone() == (4,)
    assert coverage(local)[["force", "month", "rows"]].values.tolist() == [["kent", "2021-06", 4]]


def test_coverage_comes_from_the_manifest_and_the_index(two_forces: Store) -> None:
    everywhere = coverage(two_forces)
    assert everywhere["rows"].tolist() == [4, 4, 7, 7]
    in_district = coverage(two_forces, lsoa_codes=[MAIDSTONE])
    assert in_district["rows"].tolist() == [4, 4, 0, 0]
    assert set(in_district["flag"]) == {"ok"}


def test_a_store_loaded_before_the_index_is_indexed_by_compact(two_forces: Store) -> None:
    man = two_forces.manifest()
    for part in man.partitions["street"].values():
        part.index = None
    man.write(two_forces.manifest_path)
    assert two_forces.partition_counts("street")["rows"].sum() == 22  # counted from the rows
    freed = two_forces.compact()
    assert freed > 0  # the first index file, no longer referenced
    parts = two_forces.manifest().partitions["street"].values()
    assert all(p.index for p in parts)
    assert two_forces.partition_counts("street")["rows"].sum() == 22


def test_rolling_reloads_keep_only_live_files(store: Store, tmp_path: Path) -> None:
    """Months 1-3, then 2-4, then 3-5: each reload replaces two months of the load before, and
    the store holds the live partitions, their index and the manifest's tables: nothing else."""
    months = ["2021-01", "2021-02", "2021-03", "2021-04", "2021-05"]
    sizes = []
    for start in range(3):
        folder = tmp_path / f"load{start}"
        for month in months[start:start + 3]:
            write_street(folder, month, 50)
        load_police(store, [folder])
        sizes.append(_bytes(store))
        man = store.manifest()
        live = {p for p in man.referenced_paths()}
        files = _files(store)
        assert {f.relative_to(store.root).as_posix() for f in files if f.name != "data.parquet"
                } == {p for p in live if p.endswith(".parquet")}
        assert len([f for f in files if f.name == "data.parquet"]) == len(
            man.partitions["street"]) == min(3 + start, 5)
    parts = store.manifest().partitions["street"]
    assert sorted(parts) == [f"testshire|{m}" for m in months]
    assert len({p.load_id for p in parts.values()}) == 3  # the first load's 2021-01 is live
    fresh = Store(tmp_path / "fresh")
    for start in range(3):
        load_police(fresh, [tmp_path / f"load{start}"])
    data = sum(f.stat().st_size for f in _files(store) if f.name == "data.parquet")
    assert data == sum(f.stat().st_size for f in _files(fresh) if f.name == "data.parquet")
    # the same data bytes (above); the manifests' text may differ by a few bytes (load times)
    assert sizes[0] < sizes[1] < sizes[2] <= _bytes(fresh) + 64


def test_store_compact_command(two_forces: Store) -> None:
    from click.testing import CliRunner

    from cspkit.cli import main

    stray = two_forces.root / "loads" / "interrupted" / "street"
    stray.mkdir(parents=True)
    (stray / "data.parquet").write_bytes(b"x" * 2**20)
    result = CliRunner().invoke(main, ["--store", str(two_forces.root), "store", "compact"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Removed 1.0 MiB no table refers to. The store's data: ")
    assert not (two_forces.root / "loads" / "interrupted").exists()
    total = result.output.split("data: ")[1].split(" MiB")[0]
    live = result.output.split("of which ")[1].split(" MiB")[0]
    assert total == live


def test_other_tools_read_the_live_partitions_from_the_manifest(two_forces: Store) -> None:
    """The layout the README gives to Spark, Trino or DuckDB elsewhere: manifest.json lists each
    live force-month's folder; its data.parquet holds the rows (hive-style force=/month= path)."""
    import json

    import pyarrow.dataset as ds

    manifest = json.loads((two_forces.root / "manifest.json").read_text(encoding="utf-8"))
    files = [str(two_forces.root / part["path"] / "data.parquet")
             for part in manifest["partitions"]["street"].values()]
    table = ds.dataset(files, format="parquet").to_table()
    assert table.num_rows == 22
    assert sorted(set(table.column("force").to_pylist())) == ["kent", "metropolitan"]
    assert all("/street/force=" in f and "/month=" in f for f in files)


def test_connections_open_at_once_each_see_their_own_views(two_forces: Store) -> None:
    kent = two_forces.scoped(forces=["kent"]).connect()
    every = two_forces.connect()
    index_only = two_forces.connect(rows=False)
    assert kent.execute("SELECT count(*) FROM street").fetchone() == (8,)
    assert every.execute("SELECT count(*) FROM street").fetchone() == (22,)
    assert index_only.execute("SELECT sum(rows) FROM street_lsoas").fetchone() == (22,)
    with pytest.raises(duckdb.CatalogException, match="street"):
        index_only.execute("SELECT count(*) FROM street")
    every.close()
    assert kent.execute("SELECT count(*) FROM street").fetchone() == (8,)


def test_the_version_changes_with_every_load(two_forces: Store, tmp_path: Path) -> None:
    """Results kept between districts of a batch (the peer counts) are keyed on it."""
    before = two_forces.version
    assert before is not None and Store(two_forces.root).version == before
    write_street(tmp_path / "more", "2021-07", _rows("2021-07", 3, MAIDSTONE), force="kent")
    load_police(two_forces, [tmp_path / "more"])
    assert two_forces.version not in (None, before)
    assert Store(tmp_path / "nothing").version is None
