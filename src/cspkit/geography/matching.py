"""Police rows against the loaded LSOA lookups: which vintage each month's codes are of, and the
rows that no loaded lookup places.

data.police.uk changed its ``LSOA code`` column from 2011 to 2021 LSOAs in 2023. The store keeps
the lookups of both vintages side by side (:func:`~cspkit.geography.lookups.lookup_table`), and a
row counts for a district when its code is one of the district's LSOAs in any vintage loaded
(a code both vintages have is the same area). A row whose code is in no loaded lookup (a 2021
code when only the 2011 lookup is loaded) counts for no district: these functions count those
rows so that they are reported (``cspkit status``, ``cspkit coverage``, the assessment's data
quality section), never dropped in silence.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from cspkit.errors import InputError
from cspkit.geography.lookups import lsoa_vintages
from cspkit.store import Store

__all__ = ["LSOA_COVERAGE_COLUMNS", "lsoa_coverage", "unmatched_lsoas"]

#: Columns of :func:`lsoa_coverage`.
LSOA_COVERAGE_COLUMNS = ("force", "month", "rows", "no_lsoa", "unmatched", "lsoa_vintage")

_TABLES = ("street", "outcomes")


def _check_table(table: str) -> None:
    if table not in _TABLES:
        raise InputError(
            f"table {table!r} has no LSOA codes to match; give one of {', '.join(_TABLES)}"
        )


def _lookup_cte(vintages: list[str]) -> str:
    if not vintages:
        return "lu AS (SELECT NULL::VARCHAR AS lsoa_code, []::VARCHAR[] AS vintages WHERE false)"
    return ("lu AS (SELECT lsoa_code, list(DISTINCT lsoa_vintage) AS vintages "
            "FROM lsoa_ward GROUP BY lsoa_code)")


def lsoa_coverage(store: Store, *, table: str = "street") -> pd.DataFrame:
    """Per force and month: ``rows``; ``no_lsoa`` (rows without an LSOA code, e.g. "No
    Location"); ``unmatched`` (rows whose code is in no loaded LSOA lookup); ``lsoa_vintage``, the
    loaded LSOA vintage(s) that hold every coded row of the month (``"2011"``, ``"2021"``,
    ``"2011 and 2021"`` when the month has only codes both share), or ``""`` when none does.
    """
    _check_table(table)
    vintages = lsoa_vintages(store)
    per = ", ".join(f"coalesce(sum(s.rows) FILTER (WHERE list_contains(lu.vintages, '{v}')), 0) "
                    f"AS in_{v}" for v in vintages)
    sql = (  # from the LSOA index (rows per force, month and code): no police row is read
        f"WITH {_lookup_cte(vintages)} SELECT s.force, s.month, sum(s.rows) AS rows, "
        "coalesce(sum(s.rows) FILTER (WHERE s.lsoa_code IS NULL), 0) AS no_lsoa, "
        "coalesce(sum(s.rows) FILTER (WHERE s.lsoa_code IS NOT NULL AND lu.lsoa_code IS NULL), "
        f"0) AS unmatched{', ' + per if per else ''} FROM {table}_lsoas s LEFT JOIN lu "
        "ON s.lsoa_code = lu.lsoa_code GROUP BY ALL ORDER BY s.force, s.month"
    )
    con = store.connect(rows=False)
    try:
        df = con.execute(sql).df()
    finally:
        con.close()
    coded = df["rows"] - df["no_lsoa"]
    holds = {v: (df[f"in_{v}"] == coded).tolist() for v in vintages}
    df["lsoa_vintage"] = [" and ".join(v for v in vintages if holds[v][i]) for i in range(len(df))]
    for col in ("rows", "no_lsoa", "unmatched"):
        df[col] = df[col].astype("int64")
    return df[list(LSOA_COVERAGE_COLUMNS)]


def unmatched_lsoas(
    store: Store, *, table: str = "street", months: Sequence[str] | None = None
) -> pd.DataFrame:
    """The LSOA codes of rows that no loaded lookup places, most rows first: ``lsoa_code``,
    ``lsoa_name`` (as police.uk gives it, e.g. "Maidstone 004H": it names the district),
    ``rows``, ``first_month``, ``last_month``. ``months`` limits the months read."""
    _check_table(table)
    vintages = lsoa_vintages(store)
    where = "s.lsoa_code IS NOT NULL AND lu.lsoa_code IS NULL"
    params: list[object] = []
    if months is not None:
        where += " AND list_contains(?, s.month)"
        params.append(list(months))
    sql = (
        f"WITH {_lookup_cte(vintages)} SELECT s.lsoa_code, any_value(s.lsoa_name) AS lsoa_name, "
        "count(*) AS rows, min(s.month) AS first_month, max(s.month) AS last_month "
        f"FROM {table} s LEFT JOIN lu ON s.lsoa_code = lu.lsoa_code WHERE {where} "
        "GROUP BY s.lsoa_code ORDER BY rows DESC, s.lsoa_code"
    )
    con = store.connect()
    try:
        df = con.execute(sql, params).df()
    finally:
        con.close()
    df["rows"] = df["rows"].astype("int64")
    return df
