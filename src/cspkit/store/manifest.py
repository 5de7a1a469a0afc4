"""The store's manifest: the one file that says which Parquet files are current.

Data files are immutable and named by the load that wrote them. A load writes its files,
then replaces ``manifest.json`` in one ``os.replace`` (atomic on POSIX and Windows). A load
that dies before that leaves the manifest, and so the store, exactly as it was; its files are
unreferenced and removed by the next load.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["FileRecord", "Manifest", "Partition", "TableEntry"]

FORMAT_VERSION = 1


@dataclass
class Partition:
    """One force-month of one police table, held in one Parquet file."""

    path: str
    rows: int
    load_id: str
    source_file: str
    index: str | None = None
    """The load's LSOA index file holding this partition's rows per LSOA (see
    :mod:`cspkit.store.index`); None for partitions loaded before the index existed."""

    @property
    def data_file(self) -> str:
        """The Parquet file in the partition's folder (named, so that reading it needs no
        listing of the folder)."""
        return f"{self.path}/data.parquet"


@dataclass
class TableEntry:
    """A whole table (a lookup, boundaries, population) held in one Parquet file."""

    path: str
    rows: int
    load_id: str
    source_file: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class FileRecord:
    """Provenance of one loaded file."""

    load_id: str
    file: str
    sha256: str
    kind: str
    rows: int
    months: list[str]
    forces: list[str]
    loaded_at: str


@dataclass
class Manifest:
    """Everything current in the store."""

    partitions: dict[str, dict[str, Partition]] = field(default_factory=dict)
    """table -> "force|month" -> partition."""
    tables: dict[str, TableEntry] = field(default_factory=dict)
    provenance: list[FileRecord] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> Manifest:
        if not path.exists():
            return cls()
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            partitions={
                t: {k: Partition(**p) for k, p in parts.items()}
                for t, parts in raw.get("partitions", {}).items()
            },
            tables={n: TableEntry(**e) for n, e in raw.get("tables", {}).items()},
            provenance=[FileRecord(**r) for r in raw.get("provenance", [])],
        )

    def write(self, path: Path) -> None:
        """Write atomically: a temporary file, flushed to disk, then renamed over the old one."""
        data = {
            "format": FORMAT_VERSION,
            "partitions": {
                t: {k: vars(p) for k, p in sorted(parts.items())}
                for t, parts in sorted(self.partitions.items())
            },
            "tables": {n: vars(e) for n, e in sorted(self.tables.items())},
            "provenance": [vars(r) for r in self.provenance],
        }
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as f:
            json.dump(data, f, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)

    def referenced_paths(self) -> set[str]:
        """Every file or partition folder the manifest refers to (relative to the store)."""
        parts = [p for ps in self.partitions.values() for p in ps.values()]
        paths = {p.path for p in parts} | {p.index for p in parts if p.index}
        return paths | {e.path for e in self.tables.values()}
