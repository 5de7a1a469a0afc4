"""The data.police.uk file kinds, their published columns and cspkit's normalised names.

Every published column is kept; cspkit only renames it to snake_case so that SQL over the store
reads plainly (``"Crime ID"`` becomes ``crime_id``). The store adds ``force`` (the archive's force
slug, e.g. ``kent``) and ``source_file`` (the file the row came from) to every row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    types: tuple[str, ...]
    """DuckDB type of each normalised column, in the order of ``published``."""
    has_month_column: bool

    @property
    def columns(self) -> tuple[str, ...]:
        """The normalised (snake_case) column names, in published order."""
        return tuple(snake(c) for c in self.published)

    @property
    def table(self) -> str:
        """The store's table name for this kind (``street``, ``outcomes``, ``stop_and_search``)."""
        return self.name.replace("-", "_")


def snake(column: str) -> str:
    """``"Crime ID"`` -> ``crime_id``; ``"Age range"`` -> ``age_range``."""
    return re.sub(r"[^a-z0-9]+", "_", column.strip().lower()).strip("_")


STREET = FileKind(
    name="street",
    published=(
        "Crime ID",
        "Month",
        "Reported by",
        "Falls within",
        "Longitude",
        "Latitude",
        "Location",
        "LSOA code",
        "LSOA name",
        "Crime type",
        "Last outcome category",
        "Context",
    ),
    types=(
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "DOUBLE",
        "DOUBLE",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
    ),
    has_month_column=True,
)

OUTCOMES = FileKind(
    name="outcomes",
    published=(
        "Crime ID",
        "Month",
        "Reported by",
        "Falls within",
        "Longitude",
        "Latitude",
        "Location",
        "LSOA code",
        "LSOA name",
        "Outcome type",
    ),
    types=(
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "DOUBLE",
        "DOUBLE",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
    ),
    has_month_column=True,
)

STOP_AND_SEARCH = FileKind(
    name="stop-and-search",
    published=(
        "Type",
        "Date",
        "Part of a policing operation",
        "Policing operation",
        "Latitude",
        "Longitude",
        "Gender",
        "Age range",
        "Self-defined ethnicity",
        "Officer-defined ethnicity",
        "Legislation",
        "Object of search",
        "Outcome",
        "Outcome linked to object of search",
        "Removal of more than just outer clothing",
    ),
    types=(
        "VARCHAR",
        "TIMESTAMPTZ",
        "VARCHAR",
        "VARCHAR",
        "DOUBLE",
        "DOUBLE",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
    ),
    has_month_column=False,
)

KINDS: dict[str, FileKind] = {k.name: k for k in (STREET, OUTCOMES, STOP_AND_SEARCH)}

_FILENAME = re.compile(
    r"^(?P<month>\d{4}-\d{2})-(?P<force>[a-z0-9-]+?)-(?P<kind>street|outcomes|stop-and-search)\.csv$"
)


def kind_named(name: str) -> FileKind:
    """The kind called ``name`` (``street``, ``outcomes``, ``stop-and-search``)."""
    from cspkit.errors import InputError

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
