"""The LSOA index: each police partition's rows per LSOA code, small enough to read whole.

A load writes, beside the partitions it adds, one index file per table it touched
(``loads/<load_id>/<table>.lsoas.parquet``) with columns ``load_id, force, month, lsoa_code,
rows, no_location`` (rows without coordinates), one row per LSOA code (and one for rows without
a code) of each partition. A partition's manifest record names its index file. The index is
about a tenth of the rows it counts, and answers without reading the police rows:

- which forces have rows in a district's LSOAs (:meth:`Store.forces_for
  <cspkit.store.Store.forces_for>`): a district's work then reads only those forces' partitions;
- coverage per force and month, in all areas or in a district's LSOAs
  (:mod:`cspkit.store.coverage`), and ``cspkit status``.

An index file may hold rows of partitions a later load replaced: readers keep only the rows whose
``load_id`` is the partition's current one. Partitions loaded before the index existed are counted
from their rows (slower, same answer).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from cspkit.store.manifest import Partition

__all__ = ["INDEXED_TABLES", "INDEX_COLUMNS", "index_select", "write_index"]

#: Police tables with an ``lsoa_code`` column, and so an index.
INDEXED_TABLES = ("street", "outcomes")

#: Columns of an index (as read through a store's ``<table>_lsoas`` view).
INDEX_COLUMNS = ("force", "month", "lsoa_code", "rows", "no_location")

_COUNTS = ("count(*)::BIGINT AS rows, "
           "(count(*) FILTER (WHERE d.longitude IS NULL))::BIGINT AS no_location")


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_index(root: Path, target: Path, table: str, parts: dict[str, Partition]) -> None:
    """Write the index of ``parts`` (``"force|month"`` -> partition of ``table``) to ``target``
    (under ``root``) and name it in each partition's record."""
    if table not in INDEXED_TABLES or not parts:
        return
    files = ", ".join(_sql_str((root / p.data_file).as_posix()) for p in parts.values())
    con = duckdb.connect()
    try:
        con.register("_loads", pd.DataFrame(
            [(*key.split("|"), p.load_id) for key, p in parts.items()],
            columns=["force", "month", "load_id"]))
        con.execute(
            f"COPY (SELECT l.load_id, d.force, d.month, d.lsoa_code, {_COUNTS} FROM read_parquet("
            f"[{files}], union_by_name=true) d JOIN _loads l ON d.force = l.force AND d.month = "
            f"l.month GROUP BY ALL ORDER BY ALL) TO {_sql_str(target.as_posix())} (FORMAT parquet)"
        )
    finally:
        con.close()
    rel = target.relative_to(root).as_posix()
    for p in parts.values():
        p.index = rel


def index_select(
    con: duckdb.DuckDBPyConnection, root: Path, table: str, parts: dict[str, Partition]
) -> str:
    """A query over ``parts`` (``"force|month"`` -> partition) with :data:`INDEX_COLUMNS`:
    from their index files where they have one, else counted from their rows."""
    indexed = {k: p for k, p in parts.items() if p.index}
    others = [p for k, p in parts.items() if k not in indexed]
    selects = []
    if indexed:
        live = pd.DataFrame(
            [(*key.split("|"), p.load_id) for key, p in indexed.items()],
            columns=["force", "month", "load_id"],
        )
        name = f"_live_{table}"
        con.register(name, live)
        files = ", ".join(sorted({_sql_str((root / str(p.index)).as_posix())
                                  for p in indexed.values()}))
        selects.append(
            "SELECT i.force, i.month, i.lsoa_code, i.rows, i.no_location "
            f"FROM read_parquet([{files}]) i SEMI JOIN {name} l "
            "ON i.force = l.force AND i.month = l.month AND i.load_id = l.load_id"
        )
    if others:
        files = ", ".join(_sql_str((root / p.data_file).as_posix()) for p in others)
        selects.append(f"SELECT force, month, lsoa_code, {_COUNTS} FROM read_parquet([{files}], "
                       "union_by_name=true) d GROUP BY ALL")
    if not selects:
        return ("SELECT NULL::VARCHAR AS force, NULL::VARCHAR AS month, NULL::VARCHAR AS "
                "lsoa_code, NULL::BIGINT AS rows, NULL::BIGINT AS no_location WHERE false")
    return " UNION ALL ".join(selects)
