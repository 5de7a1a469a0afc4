"""The analytical store: Parquet files listed by a manifest, queried with DuckDB.

Layout under the store folder::

    manifest.json                       which files are current, and the provenance of every load
    loads/<load_id>/<table>/force=<f>/month=<m>/*.parquet    police partitions
    loads/<load_id>/tables/<name>.parquet                    whole tables (lookups, boundaries, ...)
    .lock                               held (flock) by the one process writing

Police tables (``street``, ``outcomes``, ``stop_and_search``) are partitioned by force and month;
loading a force-month again replaces it. Every change goes through :meth:`Store.transaction`,
which commits by replacing the manifest in one atomic rename.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import threading
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from cspkit.errors import NotLoadedError, StoreError, StoreLockedError
from cspkit.store.gc import collect_garbage, disk_usage
from cspkit.store.index import INDEXED_TABLES, index_select, write_index
from cspkit.store.manifest import FileRecord, Manifest, Partition, TableEntry
from cspkit.store.tables import POLICE_TABLES

__all__ = ["Store", "Transaction"]

MANIFEST = "manifest.json"


_SHARED: tuple[int, duckdb.DuckDBPyConnection] | None = None
_SHARED_LOCK = threading.Lock()


def _in_memory() -> duckdb.DuckDBPyConnection:
    """A new connection to the process's one in-memory DuckDB database (opening a database
    costs about 0.1 s; a connection to an open one, a millisecond). The store's views are
    TEMP views: each connection sees its own. A forked process opens its own database."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None or _SHARED[0] != os.getpid():
            _SHARED = (os.getpid(), duckdb.connect())
        return _SHARED[1].cursor()


class Store:
    """An analytical store in a folder. Cheap to create; opens nothing until asked.

    ``forces`` and ``months`` scope the store: its police views then hold only those forces'
    and months' partitions (see :meth:`scoped`), so that one district's work reads only what it
    needs however much else the store holds.
    """

    def __init__(
        self,
        root: str | Path,
        *,
        forces: Iterable[str] | None = None,
        months: Iterable[str] | None = None,
    ) -> None:
        self.root = Path(root)
        self.forces = frozenset(forces) if forces is not None else None
        self.months = frozenset(months) if months is not None else None
        self._cached: tuple[tuple[int, int, int], Manifest] | None = None

    def __repr__(self) -> str:
        scope = "" if self.forces is None else f", forces={sorted(self.forces)!r}"
        scope += "" if self.months is None else f", months={sorted(self.months)!r}"
        return f"Store({str(self.root)!r}{scope})"

    def scoped(
        self, *, forces: Iterable[str] | None = None, months: Iterable[str] | None = None
    ) -> Store:
        """The same store, its police views limited to ``forces`` and ``months`` (None: all)."""
        out = Store(self.root, forces=forces, months=months)
        out._cached = self._cached
        return out

    # -- reading -----------------------------------------------------------------------------

    @property
    def manifest_path(self) -> Path:
        return self.root / MANIFEST

    def manifest(self) -> Manifest:
        """The current manifest, parsed once and again only when the file changes.

        Treat it as read-only: a transaction works on its own copy.
        """
        try:
            st = self.manifest_path.stat()
        except FileNotFoundError:
            return Manifest()
        key = (st.st_mtime_ns, st.st_size, st.st_ino)
        if self._cached is None or self._cached[0] != key:
            self._cached = (key, Manifest.read(self.manifest_path))
        return self._cached[1]

    @property
    def version(self) -> tuple[int, int, int] | None:
        """Changes whenever the store does (the identity of its manifest file); None if empty.
        For caches of results computed from the store."""
        self.manifest()
        return self._cached[0] if self._cached else None

    def exists(self) -> bool:
        return self.manifest_path.exists()

    def partitions(self, table: str) -> dict[str, Partition]:
        """The partitions of police ``table`` in the store's scope (``"force|month"`` -> it)."""
        parts = self.manifest().partitions.get(table, {})
        if self.forces is None and self.months is None:
            return parts
        out = {}
        for key, part in parts.items():
            force, month = key.split("|")
            if (self.forces is None or force in self.forces) and (
                self.months is None or month in self.months
            ):
                out[key] = part
        return out

    def connect(
        self, database: str = ":memory:", *, rows: bool = True
    ) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection with one view per table of the store.

        Views: ``street``, ``outcomes``, ``stop_and_search`` (every loaded force-month in the
        store's scope, with ``force`` and ``source_file`` columns; left out when not ``rows``,
        for questions the index answers); ``street_lsoas`` and ``outcomes_lsoas`` (rows per
        force, month and LSOA code: :mod:`cspkit.store.index`); ``provenance``; and one per
        whole table.
        """
        con = _in_memory() if database == ":memory:" else duckdb.connect(database)
        self.register(con, rows=rows)
        return con

    def register(self, con: duckdb.DuckDBPyConnection, *, rows: bool = True) -> None:
        """Create (or replace) the store's views on an existing DuckDB connection."""
        man = self.manifest()
        for table in POLICE_TABLES:
            parts = self.partitions(table)
            if rows:
                con.execute(f"CREATE OR REPLACE TEMP VIEW {table} AS "
                            f"{self._rows_select(table, parts)}")
            if table in INDEXED_TABLES:
                index = index_select(con, self.root, table, parts)
                con.execute(f"CREATE OR REPLACE TEMP VIEW {table}_lsoas AS {index}")
        for name, entry in man.tables.items():
            con.execute(
                f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM "
                f"read_parquet({self._sql_path(entry.path)})"
            )
        prov = self.provenance()
        con.register("_provenance_df", prov)
        con.execute("CREATE OR REPLACE TEMP VIEW provenance AS SELECT * FROM _provenance_df")

    def _rows_select(self, table: str, parts: dict[str, Partition]) -> str:
        if not parts:
            return POLICE_TABLES[table].empty_select()
        files = ", ".join(self._sql_path(p.data_file) for p in parts.values())
        # one schema (the loader's): binding reads one footer, not one per partition
        return f"SELECT * FROM read_parquet([{files}])"

    def forces_for(self, lsoa_codes: Iterable[str], *, table: str = "street") -> list[str]:
        """The forces (in the store's scope) with rows of ``table`` in any of ``lsoa_codes``,
        from the LSOA index: the forces a district's work needs to read."""
        con = _in_memory()
        try:
            index = index_select(con, self.root, table, self.partitions(table))
            con.execute(f"CREATE TEMP VIEW idx AS {index}")
            con.register("_codes", pd.DataFrame({"lsoa_code": sorted(set(lsoa_codes))}))
            found = con.execute("SELECT DISTINCT force FROM idx WHERE lsoa_code IN "
                                "(SELECT lsoa_code FROM _codes) ORDER BY 1").fetchall()
        finally:
            con.close()
        return [str(f) for (f,) in found]

    def partition_counts(
        self, table: str = "street", *, lsoa_codes: Iterable[str] | None = None
    ) -> pd.DataFrame:
        """Rows per force and month (``force, month, rows, no_location, no_lsoa``) from the LSOA
        index, in ``lsoa_codes`` only when given; force-months without rows are left out."""
        con = _in_memory()
        try:
            index = index_select(con, self.root, table, self.partitions(table))
            where = ""
            if lsoa_codes is not None:
                con.register("_codes", pd.DataFrame({"lsoa_code": sorted(set(lsoa_codes))}))
                where = "WHERE lsoa_code IN (SELECT lsoa_code FROM _codes)"
            return con.execute(
                "SELECT force, month, sum(rows)::BIGINT AS rows, sum(no_location)::BIGINT AS "
                "no_location, (sum(rows) FILTER (WHERE lsoa_code IS NULL))::BIGINT AS no_lsoa "
                f"FROM ({index}) {where} GROUP BY ALL ORDER BY ALL"
            ).df().fillna({"no_lsoa": 0}).astype({"no_lsoa": "int64"})
        finally:
            con.close()

    def _sql_path(self, rel: str) -> str:
        return "'" + str(self.root / rel).replace("'", "''") + "'"

    def provenance(self) -> pd.DataFrame:
        """One row per loaded file: load_id, file, sha256, kind, rows, months, forces, loaded_at."""
        cols = list(FileRecord.__dataclass_fields__)
        records = [vars(r) for r in self.manifest().provenance]
        return pd.DataFrame(records, columns=cols)

    def table_names(self) -> list[str]:
        return sorted(self.manifest().tables)

    def table_entry(self, name: str) -> TableEntry:
        entry = self.manifest().tables.get(name)
        if entry is None:
            raise NotLoadedError(
                f"the store at {self.root} has no table {name!r}; load it first "
                "(see `cspkit load --help`). Tables present: "
                f"{', '.join(self.table_names()) or 'none'}"
            )
        return entry

    def read_table(self, name: str) -> pa.Table:
        """A whole table as Arrow (GeoParquet tables keep their geo metadata)."""
        return pq.read_table(self.root / self.table_entry(name).path)

    def table_file(self, name: str) -> Path:
        """The Parquet file currently holding table ``name`` (e.g. for geopandas.read_parquet)."""
        return self.root / self.table_entry(name).path

    # -- writing -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Hold the store's lock, stage new files, and commit them in one atomic step.

        If the block raises, or the process dies, nothing of it reaches the store.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        with self._lock():
            freed = self._collect_garbage()
            txn = Transaction(self)
            txn.freed = freed
            try:
                yield txn
            except BaseException:
                shutil.rmtree(txn.stage_dir, ignore_errors=True)
                raise
            txn._commit()
            txn.freed += self._collect_garbage()

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        lock_path = self.root / ".lock"
        with lock_path.open("a+") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                fh.seek(0)
                holder = fh.read().strip() or "unknown"
                raise StoreLockedError(
                    f"the store at {self.root} is being written by another cspkit process "
                    f"(pid {holder}); wait for that load to finish and run this one again"
                ) from None
            fh.seek(0)
            fh.truncate()
            fh.write(str(os.getpid()))
            fh.flush()
            try:
                yield
            finally:
                fh.seek(0)
                fh.truncate()
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _collect_garbage(self) -> int:
        """Remove every file under ``loads/`` the manifest does not reference (replaced
        partitions, old tables, interrupted loads), file by file; the bytes freed."""
        return collect_garbage(self.root, self.manifest().referenced_paths())

    def disk_usage(self) -> tuple[int, int]:
        """(bytes of the store's data files, bytes of those the manifest refers to)."""
        return disk_usage(self.root, self.manifest().referenced_paths())

    def compact(self) -> int:
        """Index the partitions loaded before the LSOA index existed, and remove what no current
        table refers to (as every load does); the bytes freed."""
        self.root.mkdir(parents=True, exist_ok=True)
        with self.transaction() as txn:
            txn.index_partitions()
        return txn.freed

    def write_table(
        self,
        name: str,
        table: pa.Table | pd.DataFrame,
        *,
        source_file: str,
        sha256: str,
        meta: dict[str, Any] | None = None,
    ) -> TableEntry:
        """Replace table ``name`` with ``table`` in one transaction, recording its provenance."""
        with self.transaction() as txn:
            return txn.put_table(name, table, source_file=source_file, sha256=sha256, meta=meta)


class Transaction:
    """The staged changes of one load. Create through :meth:`Store.transaction`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        self.load_id = f"{stamp}-{uuid.uuid4().hex[:8]}"
        self.loaded_at = datetime.now(UTC).isoformat(timespec="seconds")
        self.stage_dir = store.root / "loads" / self.load_id
        self.stage_dir.mkdir(parents=True)
        self._manifest = Manifest.read(store.manifest_path)
        self.freed = 0
        """Bytes of unreferenced files removed before and after the commit."""

    def rel(self, path: Path) -> str:
        return path.relative_to(self.store.root).as_posix()

    def partitions(self, table: str) -> dict[str, Partition]:
        """The staged manifest's partitions of ``table`` (``"force|month"`` -> partition)."""
        return self._manifest.partitions.setdefault(table, {})

    def put_partition(self, table: str, force: str, month: str, part: Partition) -> None:
        self._manifest.partitions.setdefault(table, {})[f"{force}|{month}"] = part

    def put_table(
        self,
        name: str,
        table: pa.Table | pd.DataFrame,
        *,
        source_file: str,
        sha256: str,
        meta: dict[str, Any] | None = None,
    ) -> TableEntry:
        if not name.isidentifier():
            raise StoreError(f"table name {name!r} must be a plain identifier (letters, digits, _)")
        path = self.stage_dir / "tables" / f"{name}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(table, pd.DataFrame):
            if hasattr(table, "to_parquet") and "geometry" in getattr(table, "columns", []):
                table.to_parquet(path)  # a GeoDataFrame writes GeoParquet
            else:
                pq.write_table(pa.Table.from_pandas(table, preserve_index=False), path)
        else:
            pq.write_table(table, path)
        rows = pq.ParquetFile(path).metadata.num_rows
        entry = TableEntry(self.rel(path), rows, self.load_id, source_file, dict(meta or {}))
        self._manifest.tables[name] = entry
        self.record_file(source_file, sha256, f"table:{name}", rows, [], [])
        return entry

    def record_file(
        self, file: str, sha256: str, kind: str, rows: int, months: list[str], forces: list[str]
    ) -> None:
        self._manifest.provenance.append(
            FileRecord(self.load_id, file, sha256, kind, rows, months, forces, self.loaded_at)
        )

    def index_partitions(self) -> None:
        """Write the LSOA index of every partition without one (those this load wrote, and
        any loaded before the index existed): one file per table in this load's folder."""
        for table in INDEXED_TABLES:
            new = {k: p for k, p in self.partitions(table).items() if p.index is None}
            target = self.stage_dir / f"{table}.lsoas.parquet"
            write_index(self.store.root, target, table, new)

    def _commit(self) -> None:
        self.index_partitions()
        self._manifest.write(self.store.manifest_path)
