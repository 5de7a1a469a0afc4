"""Load data.police.uk files into the store: validated, typed, partitioned by force and month.

The bulk of the work is one DuckDB ``COPY`` per batch of files: CSV in, Parquet out, with the
row rules of :mod:`cspkit.sources.police_rows` checked on the way. A bad row stops the load;
the file is then read again in Python to say exactly what was wrong and where. Nothing reaches
the store unless every file of the load is sound (see :meth:`Store.transaction`).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

import duckdb

from cspkit.errors import InputError, StoreError
from cspkit.sources.police_files import PoliceFile, discover
from cspkit.sources.police_rows import diagnose, row_rules_sql
from cspkit.sources.police_schema import FileKind
from cspkit.store.manifest import Partition
from cspkit.store.store import Store, Transaction

__all__ = ["LoadReport", "load_police"]

#: CSV bytes per COPY statement: bounds memory while keeping each statement large enough
#: for DuckDB to parallelise.
BATCH_BYTES = 400 * 1024 * 1024
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
) -> LoadReport:
    """Load police.uk zips, folders or CSV files into ``store``; all or nothing.

    Loading a force-month again replaces it (idempotent). ``kinds`` and ``forces`` restrict
    what is read from archives and folders. ``progress(done_bytes, total_bytes)`` is called
    as batches finish.
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
        by_kind = sorted(files, key=lambda pf: pf.kind.name)
        for _, group in groupby(by_kind, key=lambda pf: pf.kind.name):
            for number, batch in enumerate(_batches(list(group))):
                _copy_batch(con, txn, batch, number, report)
                done += sum(pf.path.stat().st_size for pf in batch)
                if progress:
                    progress(done, total)
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
    con.execute("SET preserve_insertion_order = false")
    return con


def _batches(files: list[PoliceFile]) -> list[list[PoliceFile]]:
    batches: list[list[PoliceFile]] = [[]]
    size = 0
    for pf in files:
        this = pf.path.stat().st_size
        if batches[-1] and size + this > BATCH_BYTES:
            batches.append([])
            size = 0
        batches[-1].append(pf)
        size += this
    return batches


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _select(kind: FileKind, files: list[PoliceFile]) -> str:
    name = "parse_filename(filename)"
    file_month = f"regexp_extract({name}, '^(\\d{{4}}-\\d{{2}})-', 1)"
    force = f"regexp_extract({name}, '^\\d{{4}}-\\d{{2}}-(.+)-{kind.name}\\.csv$', 1)"
    paths = ", ".join(_sql_str(pf.path.as_posix()) for pf in files)
    cols = []
    for published, column, typ in zip(kind.published, kind.columns, kind.types, strict=True):
        quoted = '"' + published + '"'
        expr = quoted if typ == "VARCHAR" else f"TRY_CAST({quoted} AS {typ})"
        if typ == "TIMESTAMPTZ":  # kept in UTC, as published, without a time zone
            expr = f"timezone('UTC', {expr})"
        cols.append(f"{expr} AS {column}")
    if not kind.has_month_column:
        cols.append(f"{file_month} AS month")
    cols += [f"{name} AS source_file", f"{force} AS force"]
    bad = row_rules_sql(kind, file_month)
    return (
        f"SELECT {', '.join(cols)} FROM read_csv([{paths}], header = true, "
        f"all_varchar = true, filename = true, delim = ',', quote = '\"', "
        f"escape = '\"', encoding = 'utf-8', strict_mode = true) "
        f"WHERE CASE WHEN {bad} THEN error('cspkit bad row in ' || filename) ELSE true END"
    )


def _copy_batch(
    con: duckdb.DuckDBPyConnection,
    txn: Transaction,
    batch: list[PoliceFile],
    number: int,
    report: LoadReport,
) -> None:
    kind = batch[0].kind
    target = txn.stage_dir / kind.table / f"batch-{number}"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        con.execute(
            f"COPY ({_select(kind, batch)}) TO {_sql_str(target.as_posix())} "
            "(FORMAT parquet, PARTITION_BY (force, month), WRITE_PARTITION_COLUMNS true)"
        )
    except duckdb.Error as exc:
        _explain_failure(batch, exc)
    counts = con.execute(
        f"SELECT source_file, force, month, count(*) FROM read_parquet("
        f"{_sql_str((target / '**' / '*.parquet').as_posix())}) GROUP BY ALL"
    ).fetchall() if target.exists() else []
    rows_of = {name: rows for name, _, _, rows in counts}
    old = txn.partitions(kind.table)
    for pf in batch:
        rows = rows_of.get(pf.path.name, 0)
        key = f"{pf.force}|{pf.month}"
        if not rows and pf.path.stat().st_size > _header_bytes(pf):
            raise StoreError(
                f"{pf.display}: DuckDB read no rows from a file that has rows; the file may use "
                "an unusual layout. Please report this with the file"
            )
        if key in old:
            report.replaced.append(f"{kind.table} {pf.force} {pf.month}")
        if rows:
            part_dir = target / f"force={pf.force}" / f"month={pf.month}"
            txn.put_partition(
                kind.table, pf.force, pf.month,
                Partition(txn.rel(part_dir), rows, txn.load_id, pf.display),
            )
        else:
            old.pop(key, None)
        txn.record_file(pf.display, pf.sha256, kind.name, rows, [pf.month], [pf.force])
        report.rows += rows
        report.rows_by_kind[kind.name] = report.rows_by_kind.get(kind.name, 0) + rows


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
