"""One way to load outside data: read -> check -> merge -> write atomically -> a load report.

In the spirit of DemocracyClub's importers, a loader fixes the steps and each source declares
only what differs:

1. **read** every file named, checking each as it is read (a bad file stops the load with the
   file, line, column, value and the fix; nothing has been written yet);
2. **check** what was read against the rest and against the store (sanity warnings: codes of
   another vintage, areas no lookup knows);
3. **merge** with what the store holds, by the source's key (a population file replaces the rows
   of its year and source and keeps the others);
4. **write** every table in one store transaction: all the files of a command reach the store, or
   none of them does (the manifest is replaced in one rename);
5. **report**: a :class:`LoadReport` of rows, tables, areas, periods, what was replaced, what
   was skipped and why, and warnings. ``cspkit load ...`` prints it, the same shape for every
   source (:meth:`LoadReport.lines`).

A whole-table source subclasses :class:`TableLoader` and gives :meth:`TableLoader.read_part`
(one file -> a :class:`Part`: the table, its rows, the key it replaces) and, where the default
key-based merge does not fit, :meth:`TableLoader.merge`. The police loader
(:mod:`cspkit.sources.police.load`) writes partitions instead of whole tables, on the same
transaction and report.
"""

from __future__ import annotations

import warnings
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, cast

import pandas as pd

from cspkit.errors import InputError
from cspkit.files import file_sha256
from cspkit.store import Store, Transaction

__all__ = ["LoadReport", "Part", "Skipped", "TableLoader", "reporting", "run_table_load"]


@dataclass(frozen=True)
class Skipped:
    """Rows or files left out of a load on purpose, and why."""

    count: int
    what: str
    """``"rows"``, ``"files"``, ..."""
    why: str
    where: str = ""
    """The file, when it is one file's."""

    def text(self) -> str:
        where = f" of {self.where}" if self.where else ""
        return f"{self.count:,} {self.what}{where}: {self.why}"


@dataclass
class LoadReport:
    """What one load did. Every loader returns one; every ``cspkit load`` command prints it."""

    what: str
    """What was loaded, e.g. ``"police data"``, ``"ONS lookups"``."""
    load_id: str
    store: Path
    files: int = 0
    rows: int = 0
    tables: dict[str, int] = field(default_factory=dict)
    """Rows this load brought, per table (police: per kind)."""
    areas: dict[str, int] = field(default_factory=dict)
    """Distinct areas in the rows loaded, per kind of area: ``{"LSOAs": 95}``."""
    periods: list[str] = field(default_factory=list)
    """The months, years, vintages or waves the rows cover."""
    replaced: list[str] = field(default_factory=list)
    """What was in the store before and was replaced, e.g. ``street kent 2021-05 (18,338 rows)``."""
    empty: list[str] = field(default_factory=list)
    """Periods loaded from files with a header and no rows (stored as empty, not missing)."""
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    details: dict[str, str] = field(default_factory=dict)
    """Facts particular to the source (``forces``, ``vintages``), one line each."""

    def lines(self) -> list[str]:
        """The report as lines of text, in the one shape every ``cspkit load`` prints."""
        out = [f"Loaded {self.files} file(s) of {self.what}: {self.rows:,} rows."]
        out.append(f"  tables: {_counts(self.tables) or 'none'}")
        if self.areas:
            out.append(f"  areas: {_counts(self.areas, first='count')}")
        if self.periods:
            out.append(f"  periods: {periods_text(self.periods)}")
        out += [f"  {key}: {value}" for key, value in self.details.items()]
        out.append(f"  replaced: {'; '.join(self.replaced) or 'none'}")
        if self.empty:
            out.append(f"  empty: {'; '.join(self.empty)}")
        out.append(f"  skipped: {'; '.join(s.text() for s in self.skipped) or 'none'}")
        out += [f"  note: {w}" for w in self.warnings]
        out.append(f"Store: {self.store} (load {self.load_id})")
        return out


def _counts(counts: dict[str, int], first: str = "name") -> str:
    if first == "count":
        return ", ".join(f"{n:,} {name}" for name, n in counts.items())
    return ", ".join(f"{name} {n:,}" for name, n in counts.items())


def periods_text(periods: Sequence[str]) -> str:
    """``["2021-01", ..., "2021-07"]`` -> ``2021-01 to 2021-07 (6 months)``; others listed in
    the order given."""
    items = list(dict.fromkeys(periods))
    if all(len(p) == 7 and p[4] == "-" and p[:4].isdigit() for p in items):
        items.sort()
        if len(items) > 2:
            return f"{items[0]} to {items[-1]} ({len(items)} months)"
    return ", ".join(items)


@contextmanager
def reporting(store: Store, what: str) -> Iterator[tuple[Transaction, LoadReport]]:
    """One store transaction and its report, Python warnings raised meanwhile noted in it.

    The warnings are also raised again once the load has committed, so that a library caller's
    own warning filters still see them.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with store.transaction() as txn:
            report = LoadReport(what, txn.load_id, store.root)
            yield txn, report
    for w in caught:
        text = str(w.message)
        if text not in report.warnings:
            report.warnings.append(text)
    for w in caught:  # again, from where each was first raised
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


@dataclass
class Part:
    """What one file brings to one table."""

    path: Path
    table: str
    frame: pd.DataFrame
    key: tuple[str, ...] = ()
    """Columns whose values identify the rows this part replaces (empty: the whole table)."""
    label: str = ""
    """How the report names what was replaced, e.g. ``population 2019 'mysociety'``."""
    record: dict[str, Any] = field(default_factory=dict)
    """Kept in the table's ``parts`` metadata with the file and its SHA-256."""
    meta: dict[str, Any] = field(default_factory=dict)
    """Table-level metadata this part sets (a lookup's vintages, a boundary set's level)."""
    skipped: list[Skipped] = field(default_factory=list)


class TableLoader(ABC):
    """A source that fills whole tables of the store (see the module docstring)."""

    #: What the report says was loaded, e.g. ``"ONS lookups"``.
    what: ClassVar[str]
    #: Columns to sort each written table by.
    sort: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def read_part(self, path: Path) -> Part:
        """Read and check one file."""

    def check(self, store: Store, parts: list[Part], report: LoadReport) -> None:  # noqa: B027
        """Cross-checks after every file is read: add warnings to ``report``; raise to refuse."""

    def describe(self, part: Part, report: LoadReport) -> None:  # noqa: B027
        """Add the part's areas and periods to ``report``."""

    def merge(self, current: pd.DataFrame | None, part: Part) -> tuple[pd.DataFrame, int]:
        """``current`` with ``part`` merged in; and how many of ``current``'s rows it replaced.

        By default the part's rows replace those of ``current`` with the same values in the
        part's ``key`` columns (every row when the key is empty).
        """
        new = part.frame
        if current is None or current.empty:
            return new, 0
        if not part.key:
            return new, len(current)
        keys = new[list(part.key)].drop_duplicates()
        hit = current[list(part.key)].merge(keys, how="left", indicator=True)["_merge"]
        gone = (hit == "both").to_numpy()
        kept = current[~gone]
        return pd.concat([kept, new], ignore_index=True), int(gone.sum())

    def keep_record(self, record: dict[str, Any], part: Part) -> bool:
        """Does an earlier load's record (table metadata ``parts``) stay after ``part``?

        By default it goes when it has the part's values in the key columns it records.
        """
        return not _same(record, part)

    def stored(self, store: Store, table: str) -> pd.DataFrame | None:
        """The table as the store holds it now (None if not loaded)."""
        if table not in store.table_names():
            return None
        return cast("pd.DataFrame | None", store.read_table(table).to_pandas())

    def load(self, store: Store, paths: Sequence[str | Path]) -> LoadReport:
        """Load every file of ``paths``, all or nothing, and report."""
        return run_table_load(self, store, paths)


def run_table_load(
    loader: TableLoader, store: Store, paths: Sequence[str | Path]
) -> LoadReport:
    """The steps of a whole-table load (module docstring), in one transaction."""
    if isinstance(paths, str | Path):
        paths = [paths]
    if not paths:
        raise InputError(f"no files given; name the {loader.what} files to load")
    with reporting(store, loader.what) as (txn, report):
        parts = [loader.read_part(Path(p)) for p in paths]
        loader.check(store, parts, report)
        by_table: dict[str, list[Part]] = {}
        for part in parts:
            by_table.setdefault(part.table, []).append(part)
        for table, group in by_table.items():
            _write_table(loader, store, txn, table, group, report)
        report.files = len(parts)
    return report


def _write_table(
    loader: TableLoader,
    store: Store,
    txn: Transaction,
    table: str,
    parts: list[Part],
    report: LoadReport,
) -> None:
    current = loader.stored(store, table)
    records = store.table_entry(table).meta.get("parts", []) if current is not None else []
    meta: dict[str, Any] = {}
    shas = [file_sha256(p.path) for p in parts]
    for part, sha in zip(parts, shas, strict=True):
        current, gone = loader.merge(current, part)
        if gone:
            report.replaced.append(f"{part.label or table} ({gone:,} rows)")
        records = [r for r in records if loader.keep_record(r, part)]
        records.append({**part.record, "file": str(part.path.resolve()), "sha256": sha,
                        "rows": len(part.frame)})
        meta.update(part.meta)
        report.rows += len(part.frame)
        report.tables[table] = report.tables.get(table, 0) + len(part.frame)
        report.skipped += part.skipped
        loader.describe(part, report)
    assert current is not None
    if loader.sort:
        current = current.sort_values(list(loader.sort), ignore_index=True, na_position="first")
    first = parts[0]
    txn.put_table(table, current, source_file=str(first.path.resolve()), sha256=shas[0],
                  meta={**meta, "parts": records})
    for part, sha in zip(parts[1:], shas[1:], strict=True):
        txn.record_file(str(part.path.resolve()), sha, f"table:{table}", len(part.frame), [], [])


def _same(record: dict[str, Any], part: Part) -> bool:
    """Does an earlier load's part record describe rows that ``part`` replaces?"""
    if not part.key:
        return True
    return all(record.get(k) == part.record.get(k) for k in part.key if k in part.record)
