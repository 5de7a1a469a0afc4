"""Rates per 1,000 residents by ward, ward cluster and district, naming the population year.

Populations come from :func:`cspkit.geography.population_by`: LSOA estimates summed to wards
through the best-fit LSOA -> ward lookup (**approximate**: LSOAs do not nest in wards; the
``approximate`` column says so) or to districts (exact). A ward cluster's population is the sum
of its wards'. The latest loaded population year is used unless ``year`` is given, and the
choice is announced (``quiet=True`` silences it).

Output columns (:data:`RATE_COLUMNS`, after the ``by`` columns): area_code, area_name, level
(``ward``, ``cluster`` or ``lad``), count, population, rate_per_1000, population_year,
population_source, approximate. Areas with no counted row get count 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from cspkit.analysis._checks import announce, as_columns, require_columns
from cspkit.errors import GeographyError, InputError
from cspkit.geography import population_by
from cspkit.store import Store

__all__ = ["RATE_COLUMNS", "RATE_LEVELS", "Clusters", "district_rates", "rates_per_1000"]

RATE_LEVELS = ("ward", "cluster", "lad")
RATE_COLUMNS = (
    "area_code", "area_name", "level", "count", "population", "rate_per_1000",
    "population_year", "population_source", "approximate",
)

#: Ward -> cluster: ``{"E05005003": "Shepway", ...}`` or a table with ``ward_code`` and
#: ``cluster`` columns.
Clusters = Mapping[str, str] | pd.DataFrame


def _cluster_map(clusters: Clusters | None) -> dict[str, str]:
    if clusters is None:
        raise InputError(
            "rates_per_1000(): level='cluster' needs clusters=, a mapping of ward code to "
            "cluster name (e.g. {'E05005003': 'Shepway', 'E05005004': 'Shepway'})"
        )
    if isinstance(clusters, pd.DataFrame):
        require_columns("rates_per_1000", clusters, ["ward_code", "cluster"], "clusters")
        return dict(zip(clusters["ward_code"], clusters["cluster"].astype(str), strict=True))
    return {str(k): str(v) for k, v in clusters.items()}


def _population_for(
    population: pd.DataFrame, level: str, clusters: Clusters | None
) -> pd.DataFrame:
    """Population per output area: wards or districts as given, or summed to clusters."""
    require_columns(
        "rates_per_1000", population,
        ["area_code", "area_name", "year", "population", "source", "approximate"], "population",
    )
    pop = population[["area_code", "area_name", "year", "population", "source", "approximate"]]
    if level != "cluster":
        return pop.assign(level=level)
    mapping = _cluster_map(clusters)
    unmapped = sorted(set(pop["area_code"]) - set(mapping))
    if unmapped:
        names = pop.set_index("area_code")["area_name"]
        raise InputError(
            "rates_per_1000(): clusters gives no cluster for ward(s) "
            + ", ".join(f"{c} ({names[c]})" for c in unmapped[:5])
            + "; give every ward of the population table a cluster"
        )
    unknown = sorted(set(mapping) - set(pop["area_code"]))
    if unknown:
        raise GeographyError(
            f"rates_per_1000(): clusters names ward(s) {', '.join(unknown[:5])} that have no "
            "population; check the codes against the population's ward vintage"
        )
    pop = pop.assign(cluster=pop["area_code"].map(mapping))
    out = pop.groupby("cluster", sort=True).agg(
        year=("year", "first"), population=("population", "sum"), source=("source", "first"),
        approximate=("approximate", "any"),
    ).reset_index()
    return out.assign(area_code=out["cluster"], area_name=out["cluster"], level="cluster")


def rates_per_1000(
    counts: pd.DataFrame,
    population: pd.DataFrame,
    *,
    level: str = "ward",
    clusters: Clusters | None = None,
    by: str | Sequence[str] | None = None,
    value: str = "count",
) -> pd.DataFrame:
    """Counts per 1,000 residents of each area (see the module docstring for the columns).

    ``counts`` has ``area_code`` (ward codes for ``level="ward"`` or ``"cluster"``, district
    codes for ``"lad"``), ``value`` and the ``by`` columns; ``population`` is a
    :func:`~cspkit.geography.population_by` table of the matching level (wards for clusters).
    """
    if level not in RATE_LEVELS:
        raise InputError(
            f"rates_per_1000(): level={level!r}; use one of {', '.join(map(repr, RATE_LEVELS))}"
        )
    cols = as_columns(by)
    require_columns("rates_per_1000", counts, ["area_code", value, *cols], "counts")
    pop = _population_for(population, level, clusters)
    unknown = sorted(set(counts["area_code"]) - set(population["area_code"]))
    if unknown:
        raise GeographyError(
            f"rates_per_1000(): counts have area code(s) {', '.join(map(repr, unknown[:5]))} "
            f"with no population ({len(population)} areas have one); check the codes, or count "
            "by the areas (and vintage) of the population table"
        )
    c = counts
    if level == "cluster":
        c = counts.assign(area_code=counts["area_code"].map(_cluster_map(clusters)))
    summed = c.groupby([*cols, "area_code"], dropna=False)[value].sum().reset_index()
    groups = counts[cols].drop_duplicates() if cols else pd.DataFrame(index=[0])
    grid = groups.merge(pop, how="cross").merge(summed, on=[*cols, "area_code"], how="left")
    grid[value] = grid[value].fillna(0)
    grid["rate_per_1000"] = 1000.0 * grid[value] / grid["population"]
    out = grid.rename(columns={value: "count", "year": "population_year",
                               "source": "population_source"})
    out = out[[*cols, *RATE_COLUMNS]].sort_values([*cols, "area_code"], ignore_index=True)
    out.attrs["note"] = population.attrs.get("note", "")
    return out


def district_rates(
    store: Store,
    counts: pd.DataFrame,
    lad_code: str,
    *,
    level: str = "ward",
    year: int | None = None,
    clusters: Clusters | None = None,
    by: str | Sequence[str] | None = None,
    value: str = "count",
    quiet: bool = False,
) -> pd.DataFrame:
    """:func:`rates_per_1000` with the store's population of district ``lad_code``."""
    pop_level = "lad" if level == "lad" else "ward"
    pop = population_by(store, pop_level, year, lad_code=lad_code)
    if year is None:
        announce(
            f"district_rates(): population of {int(pop['year'].iloc[0])} "
            f"({pop['source'].iloc[0]}), the latest loaded; pass year= to choose another",
            quiet,
        )
    return rates_per_1000(counts, pop, level=level, clusters=clusters, by=by, value=value)
