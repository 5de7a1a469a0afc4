"""The police tables the store holds: their names, columns and DuckDB types.

The columns are data.police.uk's published columns in snake_case (``"Crime ID"`` becomes
``crime_id``), in published order; the store adds ``month`` where a file has none (stop and
search), ``source_file`` and ``force`` to every row. The readers of the published files
(:mod:`cspkit.sources.police`) map their columns onto these.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["POLICE_TABLES", "PoliceTable"]


@dataclass(frozen=True)
class PoliceTable:
    """One police table of the store, partitioned by force and month."""

    name: str
    """``street``, ``outcomes`` or ``stop_and_search``."""
    columns: tuple[str, ...]
    """The columns from the published file, in published order."""
    types: tuple[str, ...]
    """The DuckDB type of each of ``columns``."""
    has_month_column: bool
    """False when the file has no month column and the store adds ``month`` from its name."""

    def empty_select(self) -> str:
        """A query with this table's columns (and those the store adds) and no rows."""
        cols = [f"NULL::{t} AS {c}" for c, t in zip(self.columns, self.types, strict=True)]
        if not self.has_month_column:
            cols.append("NULL::VARCHAR AS month")
        cols += ["NULL::VARCHAR AS source_file", "NULL::VARCHAR AS force"]
        return f"SELECT {', '.join(cols)} WHERE false"


_V, _D = "VARCHAR", "DOUBLE"
_LOCATED = ("crime_id", "month", "reported_by", "falls_within", "longitude", "latitude",
            "location", "lsoa_code", "lsoa_name")

STREET = PoliceTable(
    "street",
    (*_LOCATED, "crime_type", "last_outcome_category", "context"),
    (_V, _V, _V, _V, _D, _D, _V, _V, _V, _V, _V, _V),
    has_month_column=True,
)
OUTCOMES = PoliceTable(
    "outcomes",
    (*_LOCATED, "outcome_type"),
    (_V, _V, _V, _V, _D, _D, _V, _V, _V, _V),
    has_month_column=True,
)
STOP_AND_SEARCH = PoliceTable(
    "stop_and_search",
    ("type", "date", "part_of_a_policing_operation", "policing_operation", "latitude",
     "longitude", "gender", "age_range", "self_defined_ethnicity", "officer_defined_ethnicity",
     "legislation", "object_of_search", "outcome", "outcome_linked_to_object_of_search",
     "removal_of_more_than_just_outer_clothing"),
    (_V, "TIMESTAMPTZ", *([_V] * 2), _D, _D, *([_V] * 9)),
    has_month_column=False,
)

#: Table name -> table.
POLICE_TABLES: dict[str, PoliceTable] = {t.name: t for t in (STREET, OUTCOMES, STOP_AND_SEARCH)}
