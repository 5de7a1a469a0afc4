"""Named queries: indicator values computed from the analytical store (no Django here).

An indicator whose source is the store names one of these queries and gives its parameters;
the web app calls :func:`run_query` and records each period's value with the provenance this
module returns, so every figure can be traced to the query and the data that made it.

Every query returns a table with the columns ``period`` (label, see
:mod:`cspkit.indicators.periods`), ``value``, ``months`` (months of data in the period) and
``complete`` (every month of the period is loaded), one row per period with data, in order.

Registered queries (see :data:`REGISTRY`, and :func:`describe` for their parameters):

- ``police_count``: police recorded crimes (or ASB incidents) in a district or some of its
  wards, per month, financial quarter or financial year.
- ``police_rate_per_1000``: the same per 1,000 residents (population from the store).

Add one with the :func:`named_query` decorator.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from cspkit.calendar import check_month, financial_year_of, quarter_of
from cspkit.errors import NotLoadedError, QueryParamError
from cspkit.store import Store

__all__ = [
    "GRANULARITIES",
    "REGISTRY",
    "NamedQuery",
    "Param",
    "QueryResult",
    "check_params",
    "describe",
    "get_query",
    "named_query",
    "run_query",
]

#: Period granularity parameter -> the indicator frequency it makes.
GRANULARITIES = {"month": "monthly", "quarter": "quarterly", "financial_year": "yearly"}
_MONTHS_IN = {"month": 1, "quarter": 3, "financial_year": 12}


@dataclass(frozen=True)
class Param:
    """One parameter of a named query."""

    name: str
    description: str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    many: bool = False
    """A list of texts rather than one text."""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    unit: str
    params: tuple[Param, ...]
    run: Callable[[Store, duckdb.DuckDBPyConnection, dict[str, Any]], pd.DataFrame] = field(
        repr=False
    )
    counts: bool = False
    """Its values are counts of events, so a change in them is tested by the comparison policy
    (:mod:`cspkit.analysis.policy`) on their monthly counts; rates and shares are not."""

    def check(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters with defaults filled in; QueryParamError naming the problem."""
        if not isinstance(params, Mapping):
            raise QueryParamError(
                f"parameters of {self.name} must be a mapping of names to values, not {params!r}"
            )
        known = {p.name: p for p in self.params}
        unknown = sorted(set(params) - set(known))
        if unknown:
            raise QueryParamError(
                f"{self.name} has no parameter {unknown[0]!r}; its parameters are "
                f"{', '.join(known)}"
            )
        out: dict[str, Any] = {}
        for p in self.params:
            value = params.get(p.name, p.default)
            if value is None:
                if p.required:
                    raise QueryParamError(
                        f"{self.name} needs the parameter {p.name!r} ({p.description})"
                    )
                out[p.name] = None
                continue
            if p.many:
                if isinstance(value, str) or not isinstance(value, list | tuple):
                    raise QueryParamError(
                        f"{self.name} parameter {p.name!r} is a list, e.g. ['E05005003']; "
                        f"got {value!r}"
                    )
                value = [str(v) for v in value]
            else:
                value = str(value)
                if p.choices and value not in p.choices:
                    raise QueryParamError(
                        f"{self.name} parameter {p.name!r}: {value!r} is not one of "
                        f"{', '.join(p.choices)}"
                    )
            out[p.name] = value
        return out


REGISTRY: dict[str, NamedQuery] = {}


def named_query(
    name: str, title: str, unit: str, params: tuple[Param, ...], *, counts: bool = False
) -> Callable[[Callable[..., pd.DataFrame]], Callable[..., pd.DataFrame]]:
    """Register ``func(store, con, params) -> DataFrame`` as the named query ``name``
    (``counts``: its values are counts of events, see :attr:`NamedQuery.counts`)."""

    def register(func: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
        REGISTRY[name] = NamedQuery(name, title, unit, params, func, counts)
        return func

    return register


def get_query(name: str) -> NamedQuery:
    """The query called ``name``; QueryParamError listing the known names otherwise."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise QueryParamError(
            f"{name!r} is not a named query; use one of {', '.join(sorted(REGISTRY))}"
        ) from None


def check_params(name: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Check a query's name and parameters without running it (for forms and imports)."""
    return get_query(name).check(params)


def describe(name: str) -> str:
    """One line per parameter of the query, for help pages."""
    q = get_query(name)
    lines = [f"{q.name}: {q.title} ({q.unit})"]
    for p in q.params:
        extra = f"; one of {', '.join(p.choices)}" if p.choices else ""
        need = "required" if p.required else f"default {p.default!r}"
        lines.append(f"  {p.name}: {p.description} ({need}{extra})")
    return "\n".join(lines)


@dataclass(frozen=True)
class QueryResult:
    """The rows (period, value, months, complete, ...) and how they were made."""

    table: pd.DataFrame
    provenance: dict[str, Any]


def run_query(store: Store, name: str, params: Mapping[str, Any]) -> QueryResult:
    """Run the named query on the store.

    The provenance names the query, its parameters (defaults filled), the first and last month
    of data used and the store loads that held it.
    """
    query = get_query(name)
    checked = query.check(params)
    con = store.connect()
    try:
        table = query.run(store, con, checked)
    finally:
        con.close()
    months = _loaded_months(store)
    man = store.manifest()
    loads = sorted(
        {p.load_id for parts in man.partitions.values() for p in parts.values()}
        | {e.load_id for e in man.tables.values()}
    )
    provenance = {
        "query": name,
        "params": checked,
        "first_month": months[0] if months else None,
        "last_month": months[-1] if months else None,
        "store_loads": loads,
    }
    return QueryResult(table.reset_index(drop=True), provenance)


# -- shared pieces ----------------------------------------------------------------------------


def _loaded_months(store: Store) -> list[str]:
    parts = store.manifest().partitions.get("street", {})
    return sorted({key.split("|", 1)[1] for key in parts})


def _period_sql(granularity: str, months: list[str]) -> str:
    """SQL turning ``month`` (one of ``months``) into its period label as cspkit.calendar
    writes it (``2021/22 Q1``, ``2021/22``)."""
    if granularity == "month":
        return "month"
    label = quarter_of if granularity == "quarter" else financial_year_of
    cases = " ".join(f"WHEN '{check_month(m)}' THEN '{label(m)}'" for m in months)
    return f"(CASE month {cases} END)" if cases else "CAST(NULL AS VARCHAR)"


def _area_lsoas(store: Store, con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> list[str]:
    """LSOA codes of the district, or of the given wards in it (best-fit lookup)."""
    if "lsoa_ward" not in store.table_names():
        raise NotLoadedError(
            f"the store at {store.root} has no 'lsoa_ward' lookup, which places crimes in "
            "districts and wards; load one with `cspkit load geography lookup FILE`"
        )
    sql = "SELECT DISTINCT lsoa_code FROM lsoa_ward WHERE lad_code = ?"
    args: list[Any] = [params["district"]]
    if params.get("wards"):
        sql += " AND ward_code IN (SELECT unnest(?::VARCHAR[]))"
        args.append(params["wards"])
    lsoas = [r[0] for r in con.execute(sql, args).fetchall()]
    if not lsoas:
        where = f"wards {', '.join(params['wards'])} of " if params.get("wards") else ""
        raise QueryParamError(
            f"no LSOAs found for {where}district {params['district']!r} in the stored "
            "lsoa_ward lookup; check the codes (e.g. E07000110, wards E05...) and the "
            "lookup's vintage"
        )
    return sorted(lsoas)


def _counts(
    store: Store, con: duckdb.DuckDBPyConnection, params: dict[str, Any]
) -> pd.DataFrame:
    """Crimes per period in the area: period, value, months, complete."""
    lsoas = _area_lsoas(store, con, params)
    crime_type = params.get("crime_type")
    if crime_type:
        types = [r[0] for r in con.execute("SELECT DISTINCT crime_type FROM street").fetchall()]
        if crime_type not in types:
            raise QueryParamError(
                f"crime_type {crime_type!r} is not in the store's street data; use one of "
                f"{', '.join(sorted(t for t in types if t))}"
            )
    months = [r[0] for r in con.execute("SELECT DISTINCT month FROM street").fetchall()]
    period = _period_sql(params["period"], months)
    sql = f"""
        WITH months AS (SELECT DISTINCT month FROM street),
        periods AS (
            SELECT {period} AS period, count(*) AS months, min(month) AS first
            FROM months GROUP BY 1
        ),
        hits AS (
            SELECT {period} AS period, count(*) AS n FROM street
            WHERE lsoa_code IN (SELECT unnest(?::VARCHAR[]))
              AND (? IS NULL OR crime_type = ?)
            GROUP BY 1
        )
        SELECT p.period, CAST(coalesce(h.n, 0) AS DOUBLE) AS value, p.months,
               p.months = ? AS complete
        FROM periods p LEFT JOIN hits h USING (period)
        ORDER BY p.first
    """
    args = [lsoas, crime_type, crime_type, _MONTHS_IN[params["period"]]]
    return con.execute(sql, args).df()


_AREA_PARAMS = (
    Param("district", "ONS district code, e.g. E07000110", required=True),
    Param("wards", "only these ward codes of the district, e.g. ['E05005003']", many=True),
    Param("crime_type", "a police.uk crime type, e.g. 'Anti-social behaviour' (default: all)"),
    Param(
        "period",
        "period granularity",
        default="month",
        choices=tuple(GRANULARITIES),
    ),
)


@named_query("police_count", "Police recorded crimes", "crimes", _AREA_PARAMS, counts=True)
def police_count(
    store: Store, con: duckdb.DuckDBPyConnection, params: dict[str, Any]
) -> pd.DataFrame:
    """Street-level crimes (police.uk) in the area per period."""
    return _counts(store, con, params)


@named_query(
    "police_rate_per_1000",
    "Police recorded crimes per 1,000 residents",
    "crimes per 1,000 residents",
    (
        *_AREA_PARAMS,
        Param("population_year", "mid-year of the population estimate (default: latest)"),
    ),
)
def police_rate_per_1000(
    store: Store, con: duckdb.DuckDBPyConnection, params: dict[str, Any]
) -> pd.DataFrame:
    """Crimes per 1,000 residents; also the columns ``crimes`` and ``population``."""
    from cspkit.geography import population_by

    year = params.get("population_year")
    if params.get("wards"):
        pop = population_by(store, "ward", int(year) if year else None,
                            lad_code=params["district"])
        pop = pop[pop["area_code"].isin(params["wards"])]
    else:
        pop = population_by(store, "lad", int(year) if year else None,
                            lad_code=params["district"])
    population = float(pop["population"].sum())
    if population <= 0:
        raise NotLoadedError(
            f"the store has no population for district {params['district']!r}; load LSOA "
            "population estimates with `cspkit load geography population FILE`"
        )
    out = _counts(store, con, params).rename(columns={"value": "crimes"})
    out["population"] = population
    out["value"] = out["crimes"] / population * 1000
    return out[["period", "value", "months", "complete", "crimes", "population"]]
