"""The data.police.uk file kinds, their published columns and cspkit's normalised names.

Every published column is kept; cspkit only renames it to snake_case so that SQL over the store
reads plainly (``"Crime ID"`` becomes ``crime_id``): the store's tables and their types are in
:mod:`cspkit.store.tables`. The store adds ``force`` (the archive's force slug, e.g. ``kent``)
and ``source_file`` (the file the row came from) to every row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cspkit.errors import InputError
from cspkit.store import tables
from cspkit.store.tables import PoliceTable

__all__ = [
    "KINDS",
    "UK_BOUNDS",
    "FileKind",
    "kind_named",
    "parse_police_filename",
]

#: Longitude and latitude limits of the United Kingdom (with a margin), WGS84.
UK_BOUNDS = (-8.75, 49.75, 1.95, 60.95)


@dataclass(frozen=True)
class FileKind:
    """One kind of data.police.uk file: ``street``, ``outcomes`` or ``stop-and-search``."""

    name: str
    published: tuple[str, ...]
    """The file's columns, as data.police.uk publishes them."""
    stored: PoliceTable
    """The store's table for this kind (:mod:`cspkit.store.tables`)."""

    def __post_init__(self) -> None:
        if self.columns != self.stored.columns:
            raise AssertionError(f"{self.name}: published columns do not match {self.stored}")

    @property
    def columns(self) -> tuple[str, ...]:
        """The normalised (snake_case) column names, in published order."""
        return tuple(snake(c) for c in self.published)

    @property
    def types(self) -> tuple[str, ...]:
        """DuckDB type of each normalised column, in the order of ``published``."""
        return self.stored.types

    @property
    def has_month_column(self) -> bool:
        return self.stored.has_month_column

    @property
    def table(self) -> str:
        """The store's table name for this kind (``street``, ``outcomes``, ``stop_and_search``)."""
        return self.stored.name


def snake(column: str) -> str:
    """``"Crime ID"`` -> ``crime_id``; ``"Age range"`` -> ``age_range``."""
    return re.sub(r"[^a-z0-9]+", "_", column.strip().lower()).strip("_")


_LOCATED = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude",
            "Location", "LSOA code", "LSOA name")

STREET = FileKind(
    "street", (*_LOCATED, "Crime type", "Last outcome category", "Context"), tables.STREET
)
OUTCOMES = FileKind("outcomes", (*_LOCATED, "Outcome type"), tables.OUTCOMES)
STOP_AND_SEARCH = FileKind(
    "stop-and-search",
    ("Type", "Date", "Part of a policing operation", "Policing operation", "Latitude",
     "Longitude", "Gender", "Age range", "Self-defined ethnicity", "Officer-defined ethnicity",
     "Legislation", "Object of search", "Outcome", "Outcome linked to object of search",
     "Removal of more than just outer clothing"),
    tables.STOP_AND_SEARCH,
)

KINDS: dict[str, FileKind] = {k.name: k for k in (STREET, OUTCOMES, STOP_AND_SEARCH)}

_FILENAME = re.compile(
    r"^(?P<month>\d{4}-\d{2})-(?P<force>[a-z0-9-]+?)-(?P<kind>street|outcomes|stop-and-search)\.csv$"
)


def kind_named(name: str) -> FileKind:
    """The kind called ``name`` (``street``, ``outcomes``, ``stop-and-search``)."""
    try:
        return KINDS[name.replace("_", "-")]
    except KeyError:
        raise InputError(
            f"unknown police file kind {name!r}; expected one of {', '.join(KINDS)}"
        ) from None


def parse_police_filename(filename: str) -> tuple[str, str, FileKind] | None:
    """``"2021-05-kent-street.csv"`` -> ``("2021-05", "kent", STREET)``; None if not so named."""
    m = _FILENAME.match(filename)
    if not m:
        return None
    return m["month"], m["force"], KINDS[m["kind"]]
