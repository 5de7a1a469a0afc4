"""Load data.police.uk files into the store: validated, typed, partitioned by force and month.

The bulk of the work is one DuckDB ``COPY`` per file: CSV in, one Parquet partition out, with
the row rules of :mod:`cspkit.sources.police.rows` checked on the way. A bad row stops the load;
the file is then read again in Python to say exactly what was wrong and where. Nothing reaches
the store unless every file of the load is sound (see :meth:`Store.transaction`).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

from cspkit.errors import InputError, StoreError
from cspkit.files import file_sha256
from cspkit.sources.loader import LoadReport, Skipped, reporting
from cspkit.sources.police.files import PoliceFile, discover
from cspkit.sources.police.rows import diagnose, row_rules_sql
from cspkit.store.manifest import Partition
from cspkit.store.store import Store, Transaction

__all__ = ["SHRINK_LIMIT", "load_police"]

Progress = Callable[[int, int], None]

#: A force-month is not replaced by a file with fewer rows than this share of those stored,
#: unless asked for.
SHRINK_LIMIT = 0.9


def load_police(
    store: Store,
    paths: Sequence[str | Path],
    *,
    kinds: Sequence[str] | None = None,
    forces: Sequence[str] | None = None,
    allow_shrink: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
) -> LoadReport:
    """Load police.uk zips, folders or CSV files into ``store``; all or nothing.

    Loading a force-month again replaces it (idempotent), but not with far fewer rows unless
    ``allow_shrink`` (module docstring). ``kinds`` and ``forces`` restrict what is read from
    archives and folders. ``progress(done_bytes, total_bytes)`` is called as files finish.
    Files are converted in parallel, ``workers`` at a time (default: one per core), each by a
    single-threaded DuckDB query: small files parallelise better across queries than within one.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    with tempfile.TemporaryDirectory(prefix="cspkit-load-") as work, reporting(
        store, "police data"
    ) as (txn, report):
        left_out: list[str] = []
        files = discover(paths, Path(work) / "extracted", kinds=kinds, forces=forces,
                         left_out=left_out)
        if not files:
            raise InputError(
                f"no police files of kind {', '.join(kinds or ['any'])} for force "
                f"{', '.join(forces or ['any'])} in {', '.join(map(str, paths))}"
            )
        report.files = len(files)
        if left_out:
            report.skipped.append(Skipped(len(left_out), "files", _left_out_why(kinds, forces)))
        con = _connection(Path(work))
        try:
            for pf, rows, digest in _converted(con, txn, files, progress, workers):
                _record(txn, pf, rows, digest, report, allow_shrink)
        finally:
            con.close()
        report.periods = sorted({pf.month for pf in files})
        report.details["forces"] = ", ".join(sorted({pf.force for pf in files}))
        report.areas = _areas(txn, files)
        _note_unmatched(store, txn, files, report)
        return report


def _note_unmatched(
    store: Store, txn: Transaction, files: list[PoliceFile], report: LoadReport
) -> None:
    """Note the rows whose LSOA code is in no loaded LSOA lookup: they count for no district."""
    located = [_partition_dir(txn, pf) / "data.parquet" for pf in files
               if pf.kind.has_month_column]
    if not located or "lsoa_ward" not in store.table_names():
        return
    listed = ", ".join(_sql_str(p.as_posix()) for p in located)
    lookup = _sql_str(store.table_file("lsoa_ward").as_posix())
    con = duckdb.connect()
    try:
        found = con.execute(
            f"SELECT lsoa_code, any_value(lsoa_name), count(*) AS n FROM read_parquet([{listed}], "
            f"union_by_name=true) WHERE lsoa_code IS NOT NULL AND lsoa_code NOT IN (SELECT "
            f"lsoa_code FROM read_parquet({lookup})) GROUP BY lsoa_code ORDER BY n DESC, 1"
        ).fetchall()
    finally:
        con.close()
    if found:
        rows = sum(int(n) for _, _, n in found)
        examples = ", ".join(f"{code} {name!r}" for code, name, _ in found[:3])
        report.warnings.append(
            f"{rows:,} rows have an LSOA code in no loaded LSOA lookup ({len(found):,} codes, "
            f"e.g. {examples}): they count for no district until the lookup of their vintage is "
            "loaded (`cspkit load geography lookup FILE`; police.uk uses 2021 LSOAs from 2023)"
        )


def _left_out_why(kinds: Sequence[str] | None, forces: Sequence[str] | None) -> str:
    asked = [f"--kind {k}" for k in kinds or ()] + [f"--force {f}" for f in forces or ()]
    return f"police files not asked for ({' '.join(asked)})"


def _converted(
    con: duckdb.DuckDBPyConnection,
    txn: Transaction,
    files: list[PoliceFile],
    progress: Progress | None,
    workers: int | None,
) -> Iterator[tuple[PoliceFile, int, str]]:
    """Each file converted to its partition, in the given order: (file, rows, sha256)."""
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
                yield pf, rows, digest
                done += pf.path.stat().st_size
                if progress:
                    progress(done, total)
        except BaseException:
            for job in jobs:
                job.cancel()
            raise


def _areas(txn: Transaction, files: list[PoliceFile]) -> dict[str, int]:
    """Distinct LSOA codes in the partitions written (and forces)."""
    located = [_partition_dir(txn, pf) / "data.parquet" for pf in files
               if pf.kind.has_month_column]
    out = {"forces": len({pf.force for pf in files})}
    if located:
        con = duckdb.connect()
        try:
            listed = ", ".join(_sql_str(p.as_posix()) for p in located)
            row = con.execute(
                f"SELECT count(DISTINCT lsoa_code) FROM read_parquet([{listed}], "
                "union_by_name=true)"
            ).fetchone()
        finally:
            con.close()
        out["LSOAs"] = int(row[0]) if row else 0
    return out


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


def _record(
    txn: Transaction,
    pf: PoliceFile,
    rows: int,
    digest: str,
    report: LoadReport,
    allow_shrink: bool,
) -> None:
    table = pf.kind.table
    old = txn.partitions(table).get(f"{pf.force}|{pf.month}")
    where = f"{pf.kind.name} {pf.force} {pf.month}"
    if old is not None:
        if rows < old.rows * SHRINK_LIMIT and not allow_shrink:
            raise InputError(
                f"{pf.display} has {rows:,} rows where the store holds {old.rows:,} for "
                f"{where}: loading it would remove {old.rows - rows:,} rows. A file with a "
                "header and no rows, or one cut short while downloading, does this: download "
                "the month again from data.police.uk, or, if the month really has fewer rows "
                "now, load it again with --allow-shrink"
            )
        report.replaced.append(f"{where} ({old.rows:,} rows before, {rows:,} now)")
    if not rows:
        report.empty.append(f"{where} (a header and no rows)")
    part = Partition(txn.rel(_partition_dir(txn, pf)), rows, txn.load_id, pf.display)
    txn.put_partition(table, pf.force, pf.month, part)
    txn.record_file(pf.display, digest, pf.kind.name, rows, [pf.month], [pf.force])
    report.rows += rows
    report.tables[table] = report.tables.get(table, 0) + rows


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
