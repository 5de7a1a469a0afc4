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
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from cspkit.errors import NotLoadedError, StoreError, StoreLockedError
from cspkit.store.manifest import FileRecord, Manifest, Partition, TableEntry
from cspkit.store.tables import POLICE_TABLES

__all__ = ["Store", "Transaction"]

MANIFEST = "manifest.json"


class Store:
    """An analytical store in a folder. Cheap to create; opens nothing until asked."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"Store({str(self.root)!r})"

    # -- reading -----------------------------------------------------------------------------

    @property
    def manifest_path(self) -> Path:
        return self.root / MANIFEST

    def manifest(self) -> Manifest:
        return Manifest.read(self.manifest_path)

    def exists(self) -> bool:
        return self.manifest_path.exists()

    def connect(self, database: str = ":memory:") -> duckdb.DuckDBPyConnection:
        """A DuckDB connection with one view per table of the store.

        Views: ``street``, ``outcomes``, ``stop_and_search`` (every loaded force-month, with
        ``force`` and ``source_file`` columns), ``provenance``, and one per whole table.
        """
        con = duckdb.connect(database)
        self.register(con)
        return con

    def register(self, con: duckdb.DuckDBPyConnection) -> None:
        """Create (or replace) the store's views on an existing DuckDB connection."""
        man = self.manifest()
        for table in POLICE_TABLES:
            parts = man.partitions.get(table, {})
            if parts:
                files = ", ".join(self._sql_path(p.path) for p in parts.values())
                sql = f"SELECT * FROM read_parquet([{files}], union_by_name=true)"
            else:
                sql = POLICE_TABLES[table].empty_select()
            con.execute(f"CREATE OR REPLACE VIEW {table} AS {sql}")
        for name, entry in man.tables.items():
            con.execute(
                f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM "
                f"read_parquet({self._sql_path(entry.path)})"
            )
        prov = self.provenance()
        con.register("_provenance_df", prov)
        con.execute("CREATE OR REPLACE VIEW provenance AS SELECT * FROM _provenance_df")

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
            self._collect_garbage()
            txn = Transaction(self)
            try:
                yield txn
            except BaseException:
                shutil.rmtree(txn.stage_dir, ignore_errors=True)
                raise
            txn._commit()
            self._collect_garbage()

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

    def _collect_garbage(self) -> None:
        """Remove load folders the manifest no longer references (old or interrupted loads)."""
        loads = self.root / "loads"
        if not loads.is_dir():
            return
        live = {Path(p).parts[1] for p in self.manifest().referenced_paths()}
        for d in loads.iterdir():
            if d.name not in live:
                shutil.rmtree(d, ignore_errors=True)

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
        self._manifest = store.manifest()

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

    def _commit(self) -> None:
        self._manifest.write(self.store.manifest_path)
