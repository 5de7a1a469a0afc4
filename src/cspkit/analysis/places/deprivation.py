"""Population-weighted ward (or other area) averages of the English Indices of Deprivation.

:func:`deprivation_by_area` turns ranks (read by :func:`cspkit.sources.read_imd`, or loaded with
``cspkit load deprivation FILE`` and read back with :func:`cspkit.sources.deprivation_table`)
into a *deprivation percentile* (100 = the most deprived LSOA in England, 0 = the least:
``100 * (N - rank) / (N - 1)``, N the LSOAs ranked in that edition: 32,844 in IoD2019, 33,755
in IoD2025) and averages it over the LSOAs of each ward, weighted by population, through the
best-fit LSOA -> ward lookup (approximate: LSOAs do not nest in wards). The columns are
``dep_<domain>``.
"""

from __future__ import annotations

import pandas as pd

from cspkit.errors import InputError
from cspkit.sources.deprivation import IMD_DOMAINS, ranked_lsoas

__all__ = ["deprivation_by_area", "deprivation_percentile"]


def deprivation_percentile(imd: pd.DataFrame) -> pd.DataFrame:
    """LSOAs down, domains across: the deprivation percentile of each (module doc)."""
    n = ranked_lsoas(imd)
    ranks = imd.pivot_table(index="lsoa_code", columns="domain", values="rank", aggfunc="first")
    return 100.0 * (n - ranks) / (n - 1)


def deprivation_by_area(
    imd: pd.DataFrame, lookup: pd.DataFrame, population: pd.DataFrame, *, level: str = "ward"
) -> pd.DataFrame:
    """Population-weighted mean deprivation percentile of each area, one ``dep_<domain>`` column
    per domain of ``imd`` (see the module doc); indexed by area code.

    ``imd`` is :func:`cspkit.sources.read_imd`'s table (one edition); ``lookup`` maps
    ``lsoa_code`` to ``<level>_code`` (the best-fit ``lsoa_ward`` lookup); ``population`` has
    ``area_code`` (LSOA) and ``population``. LSOAs of the lookup without a rank raise InputError
    (a partial file would bias the mean).
    """
    key = f"{level}_code"
    lu = lookup[["lsoa_code", key]].dropna()
    pct = deprivation_percentile(imd)
    lacking = sorted(set(lu["lsoa_code"]) - set(pct.index))
    if lacking:
        raise InputError(
            f"deprivation_by_area: {len(lacking)} LSOA(s) of the lookup have no IMD rank "
            f"({', '.join(lacking[:5])}{', ...' if len(lacking) > 5 else ''}); give the whole "
            "file of the English Indices of Deprivation whose LSOAs are those of the lookup "
            "(IoD2019: LSOA 2011 codes; IoD2025: LSOA 2021 codes)"
        )
    pop = population.set_index("area_code")["population"]
    rows = lu.join(pct, on="lsoa_code")
    rows["_w"] = rows["lsoa_code"].map(pop).fillna(0).astype(float)
    if (rows["_w"] <= 0).all():
        rows["_w"] = 1.0
    domains = [d for d in IMD_DOMAINS if d in pct.columns]
    weighted = rows[domains].mul(rows["_w"], axis=0)
    weighted[key] = rows[key]
    sums = weighted.groupby(key).sum()
    out = sums.div(rows.groupby(key)["_w"].sum(), axis=0)
    out.columns = [f"dep_{d}" for d in domains]
    out.index.name = "area_code"
    return out
