"""Load data.police.uk files into the store: validated, typed, partitioned by force and month.

The bulk of the work is one DuckDB ``COPY`` per file: CSV in, one Parquet partition out, with
the row rules of :mod:`cspkit.sources.police_rows` checked on the way. A bad row stops the load;
the file is then read again in Python to say exactly what was wrong and where. Nothing reaches
the store unless every file of the load is sound (see :meth:`Store.transaction`).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from cspkit.errors import InputError, StoreError
from cspkit.files import file_sha256
from cspkit.sources.police_files import PoliceFile, discover
from cspkit.sources.police_rows import diagnose, row_rules_sql
from cspkit.store.manifest import Partition
from cspkit.store.store import Store, Transaction

__all__ = ["LoadReport", "load_police"]

Progress = Callable[[int, int], None]


@dataclass
class LoadReport:
    """What one load did."""

    load_id: str
    store: Path
    files: int = 0
    rows: int = 0
    rows_by_kind: dict[str, int] = field(default_factory=dict)
    months: list[str] = field(default_factory=list)
    forces: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    """``table force month`` partitions that were in the store before and were replaced."""


def load_police(
    store: Store,
    paths: Sequence[str | Path],
    *,
    kinds: Sequence[str] | None = None,
    forces: Sequence[str] | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> LoadReport:
    """Load police.uk zips, folders or CSV files into ``store``; all or nothing.

    Loading a force-month again replaces it (idempotent). ``kinds`` and ``forces`` restrict
    what is read from archives and folders. ``progress(done_bytes, total_bytes)`` is called
    as files finish. Files are converted in parallel, ``workers`` at a time (default: one per
    core), each by a single-threaded DuckDB query: small files parallelise better across
    queries than within one.
    """
    with tempfile.TemporaryDirectory(prefix="cspkit-load-") as work, store.transaction() as txn:
        files = discover(paths, Path(work) / "extracted", kinds=kinds, forces=forces)
        if not files:
            raise InputError(
                f"no police files of kind {', '.join(kinds or ['any'])} for force "
                f"{', '.join(forces or ['any'])} in {', '.join(map(str, paths))}"
            )
        report = LoadReport(txn.load_id, store.root, files=len(files))
        con = _connection(Path(work))
        total = sum(pf.path.stat().st_size for pf in files)
        done = 0
        with ThreadPoolExecutor(workers or os.cpu_count() or 2) as pool:
            # the largest files first, so that no worker is left with a big one at the end
            by_size = sorted(files, key=lambda pf: -pf.path.stat().st_size)
            submitted = {id(pf): pool.submit(_convert, con, txn, pf) for pf in by_size}
            jobs = [submitted[id(pf)] for pf in files]
            try:
                for pf, job in zip(files, jobs, strict=True):
                    rows, digest = job.result()
                    _record(txn, pf, rows, digest, report)
                    done += pf.path.stat().st_size
                    if progress:
                        progress(done, total)
            except BaseException:
                for job in jobs:
                    job.cancel()
                raise
        con.close()
        report.months = sorted({pf.month for pf in files})
        report.forces = sorted({pf.force for pf in files})
        return report


def _connection(work: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    spill = work / "spill"
    spill.mkdir()
    con.execute(f"SET temp_directory = '{spill.as_posix()}'")
    con.execute("SET memory_limit = '1GB'")
    con.execute("SET threads = 1")
    con.execute("SET preserve_insertion_order = false")
    return con


def _partition_dir(txn: Transaction, pf: PoliceFile) -> Path:
    return txn.stage_dir / pf.kind.table / f"force={pf.force}" / f"month={pf.month}"


def _convert(con: duckdb.DuckDBPyConnection, txn: Transaction, pf: PoliceFile) -> tuple[int, str]:
    """Hash one file and write its rows as one Parquet partition; (rows, sha256)."""
    digest = pf.sha256 or file_sha256(pf.path)
    target = _partition_dir(txn, pf)
    target.mkdir(parents=True, exist_ok=True)
    cursor = con.cursor()
    try:
        (rows,) = cursor.execute(
            f"COPY ({_select(pf)}) TO {_sql_str((target / 'data.parquet').as_posix())} "
            "(FORMAT parquet)"
        ).fetchone() or (0,)
    except duckdb.Error as exc:
        _explain_failure([pf], exc)
    finally:
        cursor.close()
    if not rows and pf.path.stat().st_size > _header_bytes(pf):
        raise StoreError(
            f"{pf.display}: DuckDB read no rows from a file that has rows; the file may use "
            "an unusual layout. Please report this with the file"
        )
    return int(rows), digest


def _record(txn: Transaction, pf: PoliceFile, rows: int, digest: str, report: LoadReport) -> None:
    table = pf.kind.table
    key = f"{pf.force}|{pf.month}"
    old = txn.partitions(table)
    if key in old:
        report.replaced.append(f"{table} {pf.force} {pf.month}")
    if rows:
        part = Partition(txn.rel(_partition_dir(txn, pf)), rows, txn.load_id, pf.display)
        txn.put_partition(table, pf.force, pf.month, part)
    else:
        old.pop(key, None)
    txn.record_file(pf.display, digest, pf.kind.name, rows, [pf.month], [pf.force])
    report.rows += rows
    report.rows_by_kind[pf.kind.name] = report.rows_by_kind.get(pf.kind.name, 0) + rows


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _select(pf: PoliceFile) -> str:
    """The query that reads, checks and types one file's rows."""
    kind = pf.kind
    cols = []
    for published, column, typ in zip(kind.published, kind.columns, kind.types, strict=True):
        quoted = '"' + published + '"'
        expr = quoted if typ == "VARCHAR" else f"TRY_CAST({quoted} AS {typ})"
        if typ == "TIMESTAMPTZ":  # kept in UTC, as published, without a time zone
            expr = f"timezone('UTC', {expr})"
        cols.append(f"{expr} AS {column}")
    if not kind.has_month_column:
        cols.append(f"{_sql_str(pf.month)} AS month")
    cols += [f"{_sql_str(pf.path.name)} AS source_file", f"{_sql_str(pf.force)} AS force"]
    bad = row_rules_sql(kind, _sql_str(pf.month))
    return (
        f"SELECT {', '.join(cols)} FROM read_csv({_sql_str(pf.path.as_posix())}, header = true, "
        "all_varchar = true, delim = ',', quote = '\"', escape = '\"', encoding = 'utf-8', "
        f"strict_mode = true) WHERE CASE WHEN {bad} THEN error('cspkit: a bad row') ELSE true END"
    )


def _header_bytes(pf: PoliceFile) -> int:
    with pf.path.open("rb") as f:
        return len(f.readline()) + 2


def _explain_failure(batch: list[PoliceFile], exc: duckdb.Error) -> None:
    """Find and raise the precise problem behind a failed bulk COPY."""
    message = str(exc)
    named = [pf for pf in batch if pf.path.as_posix() in message or pf.path.name in message]
    for pf in named + [pf for pf in batch if pf not in named]:
        diagnose(pf)
    first = re.sub(r"\s+", " ", message)[:500]
    raise StoreError(
        f"the load of {', '.join(pf.display for pf in named) or 'these files'} failed in DuckDB: "
        f"{first}. The files passed cspkit's own row checks; if the message does not say how "
        "to fix it, please report it with the file"
    ) from exc
