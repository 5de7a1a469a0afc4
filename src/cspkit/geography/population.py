"""Population by small area in the store, summed to wards and districts.

Population files are read and loaded by :mod:`cspkit.sources.population`
(``cspkit load geography population FILE``) into the table ``population``, columns
:data:`POPULATION_COLUMNS`::

    area_code, year, population, source

:func:`population_by` sums LSOAs to wards (approximate: best-fit lookup) or districts.
"""

from __future__ import annotations

import warnings

import pandas as pd

from cspkit.errors import GeographyError, NotLoadedError
from cspkit.geography._codes import GeographyWarning
from cspkit.geography.lookups import lookup_table
from cspkit.store import Store

__all__ = ["POPULATION_COLUMNS", "POPULATION_TABLE", "population_by"]

#: Columns of the ``population`` table.
POPULATION_COLUMNS = ("area_code", "year", "population", "source")

#: The store's table of population estimates.
POPULATION_TABLE = TABLE = "population"


def _pick(pop: pd.DataFrame, year: int | None, source: str | None) -> tuple[int, str]:
    have = pop[["year", "source"]].drop_duplicates().sort_values(["year", "source"])
    pairs = ", ".join(f"{y} {s!r}" for y, s in have.itertuples(index=False))
    if source is not None:
        have = have[have["source"] == source]
    if year is not None:
        have = have[have["year"] == int(year)]
    if have.empty:
        raise NotLoadedError(
            f"no population{'' if year is None else f' for {year}'}"
            f"{'' if source is None else f' from {source!r}'} in the store; loaded: {pairs}"
        )
    yr = int(have["year"].max())
    srcs = list(have.loc[have["year"] == yr, "source"])
    if len(srcs) > 1:
        raise GeographyError(
            f"the store has population for {yr} from several sources ({', '.join(srcs)}); "
            "say which to use: give the source as one of them"
        )
    return yr, srcs[0]


def _vintage_of(lookup: pd.DataFrame, codes: pd.Series) -> str:
    """The LSOA vintage of ``lookup`` that holds the most of ``codes`` (the latest on a tie)."""
    # plain sets: Series.isin on Arrow strings makes a scalar of every value (seconds here)
    have = set(codes.to_numpy(dtype=object).tolist())
    counts = {str(v): len(have.intersection(rows["lsoa_code"].to_numpy(dtype=object).tolist()))
              for v, rows in lookup.groupby("lsoa_vintage")}
    return max(sorted(counts), key=lambda v: counts[v])


def population_by(
    store: Store,
    level: str = "ward",
    year: int | None = None,
    *,
    source: str | None = None,
    lad_code: str | None = None,
    lsoa_vintage: str | None = None,
) -> pd.DataFrame:
    """Population of each area of ``level`` (``"lsoa"``, ``"ward"`` or ``"lad"``).

    Uses the latest loaded year unless ``year`` is given. Wards and districts are sums of LSOAs
    through the ``lsoa_ward`` lookup; ward sums are **approximate** (the lookup is best-fit:
    LSOAs do not nest in wards), district sums exact. ``lad_code`` keeps one district's areas.
    When lookups of several LSOA vintages are loaded, the one used is ``lsoa_vintage``, else the
    vintage of the estimates' own codes (the one that holds most of them: mid-2019 estimates are
    of 2011 LSOAs), so that no area is summed twice.

    Columns: area_code, area_name, level, vintage, year, population, source, lsoas (LSOAs
    summed), approximate (bool). ``.attrs["note"]`` says how the figures were made.
    """
    if level not in ("lsoa", "ward", "lad"):
        raise GeographyError(
            f"population is summed to 'lsoa', 'ward' or 'lad', not to {level!r}"
        )
    if TABLE not in store.table_names():
        raise NotLoadedError(
            f"the store at {store.root} has no population; load an LSOA population file "
            "with `cspkit load geography population FILE`"
        )
    pop = store.read_table(TABLE).to_pandas()
    yr, src = _pick(pop, year, source)
    pop = pop[(pop["year"] == yr) & (pop["source"] == src)]
    lu = lookup_table(store, "lsoa_ward")
    lu = lu[lu["lsoa_vintage"] == (lsoa_vintage or _vintage_of(lu, pop["area_code"]))]
    if lad_code is not None:
        lu = lu[lu["lad_code"] == lad_code]
        if lu.empty:
            raise GeographyError(f"district {lad_code!r} is not in the lsoa_ward lookup")
    merged = lu.merge(pop, left_on="lsoa_code", right_on="area_code", how="left")
    lacking = merged.loc[merged["population"].isna(), "lsoa_code"]
    if len(lacking):
        warnings.warn(
            f"{len(lacking)} LSOA(s) of the lookup have no {yr} population from {src!r} "
            f"({', '.join(lacking.head(5))}{', ...' if len(lacking) > 5 else ''}); their areas' "
            "sums leave them out",
            GeographyWarning,
            stacklevel=2,
        )
    merged = merged.dropna(subset=["population"])
    out = (
        merged.groupby([f"{level}_code", f"{level}_name", f"{level}_vintage"], dropna=False)
        .agg(population=("population", "sum"), lsoas=("lsoa_code", "size"))
        .reset_index()
        .rename(columns={f"{level}_code": "area_code", f"{level}_name": "area_name",
                         f"{level}_vintage": "vintage"})
    )
    out["population"] = out["population"].astype("int64")
    out.insert(2, "level", level)
    out.insert(4, "year", yr)
    out.insert(6, "source", src)
    out["approximate"] = level == "ward"
    out = out.sort_values("area_code", ignore_index=True)
    out.attrs["note"] = _note(level, yr, src, lu)
    return out


def _note(level: str, yr: int, src: str, lu: pd.DataFrame) -> str:
    """How the figures of :func:`population_by` were made."""
    lsoa_v = str(lu["lsoa_vintage"].iloc[0]) if len(lu) else "?"
    if level == "ward":
        ward_v = str(lu["ward_vintage"].iloc[0]) if len(lu) else "?"
        return (
            f"Approximate: ward populations are sums of {yr} LSOA ({lsoa_v}) populations "
            f"({src}) through the best-fit LSOA -> ward ({ward_v}) lookup; LSOAs do not nest "
            "in wards."
        )
    return f"{yr} LSOA ({lsoa_v}) populations ({src})" + (
        ", summed to districts (LSOAs nest in districts)." if level == "lad" else "."
    )
