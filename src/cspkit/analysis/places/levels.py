"""Area tables at other levels than the ward, and partner indicators joined to any of them.

- :func:`lsoa_features`: per LSOA of a district: ``name``, ``population``, ``count_<category>``
  (by the row's LSOA code, as published) and ``dep_<domain>`` (the LSOA's own percentile).
- :func:`cluster_features`: a ward table summed to the clusters of a :class:`ClusterSet`:
  counts and population summed, every other numeric column averaged weighted by population.
- :func:`add_indicators`: the values of :func:`cspkit.sources.read_indicators`' table as
  ``ind_<indicator slug>`` columns (one period per indicator: the latest unless ``period`` is
  given), the periods and sources used recorded in ``.attrs["indicators"]``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from cspkit.analysis.places._common import codes_text, slug
from cspkit.analysis.places.clusterset import ClusterSet
from cspkit.analysis.places.deprivation import deprivation_percentile
from cspkit.analysis.places.features import crime_counts
from cspkit.errors import GeographyError, InputError, NotLoadedError
from cspkit.geography import areas_of_district, lookup_table, population_by
from cspkit.store import Store

__all__ = ["add_indicators", "cluster_features", "lsoa_features"]


def lsoa_features(store: Store, lad_code: str, *, imd: pd.DataFrame | None = None,
                  months: Sequence[str] | None = None) -> pd.DataFrame:
    """Per LSOA of district ``lad_code`` (module doc), indexed by LSOA code."""
    areas = areas_of_district(store, lad_code)
    con = store.connect()
    try:
        con.register("_lsoas", pd.DataFrame({"lsoa_code": list(areas.lsoa_codes)}))
        sql = ("SELECT lsoa_code, crime_type, month FROM street "
               "WHERE lsoa_code IN (SELECT lsoa_code FROM _lsoas)")
        params: list[object] = []
        if months is not None:
            sql += " AND list_contains(?, month)"
            params.append(list(months))
        rows = con.execute(sql, params).df()
    finally:
        con.close()
    if rows.empty:
        raise NotLoadedError(
            f"lsoa_features: the store has no street rows in the LSOAs of {areas.lad_code}; "
            "load police data first"
        )
    lu = lookup_table(store, "lsoa_ward")
    lu = lu[lu["lad_code"] == areas.lad_code]
    # the LSOAs of the vintage the rows' codes are of (2011 before 2023, 2021 after)
    seen = set(rows["lsoa_code"])
    vintage = max(areas.lsoa_vintages,
                  key=lambda v: len(seen & set(lu.loc[lu["lsoa_vintage"] == v, "lsoa_code"])))
    lu = lu[lu["lsoa_vintage"] == vintage].set_index("lsoa_code")
    out = pd.DataFrame(index=pd.Index(sorted(lu.index), name="area_code"))
    out["name"] = lu["lsoa_name"].reindex(out.index)
    pop = population_by(store, "lsoa", lad_code=areas.lad_code).set_index("area_code")
    out["population"] = pop["population"].reindex(out.index).astype(float)
    out = out.join(crime_counts(rows, "lsoa_code").reindex(out.index, fill_value=0))
    if imd is not None:
        pct = deprivation_percentile(imd).reindex(out.index)
        out = out.join(pct.add_prefix("dep_"))
    out.attrs.update({"lad_code": areas.lad_code, "level": "lsoa",
                      "months": sorted(rows["month"].unique().tolist())})
    return out


def cluster_features(wards: pd.DataFrame, clusters: ClusterSet) -> pd.DataFrame:
    """A ward table (indexed by ward code, with ``population``) summed to clusters, indexed by
    cluster id, ``name`` the cluster's name."""
    table = wards.set_axis(wards.index.astype(str))
    mapping = pd.Series(clusters.mapping)
    lacking = sorted(set(mapping.index) - set(table.index))
    if lacking:
        raise GeographyError(
            f"cluster_features: ward(s) {codes_text(lacking)} of cluster set {clusters.name!r} "
            "are not in the ward table; use a table of the same district and ward vintage"
        )
    table = table.reindex(mapping.index)
    num = table.select_dtypes("number")
    summed = [c for c in num.columns if c.startswith("count_") or c in ("population",
                                                                         "area_km2")]
    pop = num["population"].astype(float)
    groups = mapping.rename("cluster_id")
    out = num[summed].groupby(groups).sum()
    for col in (c for c in num.columns if c not in summed):
        out[col] = (num[col] * pop).groupby(groups).sum() / pop.groupby(groups).sum()
    if {"density", "area_km2"} <= set(out.columns):
        out["density"] = out["population"] / out["area_km2"]
    names = clusters.assignments.groupby("cluster_id")["cluster_name"].first()
    out.insert(0, "name", names.reindex(out.index))
    out.index.name = "area_code"
    out.index = out.index.astype(str)
    return out


def add_indicators(table: pd.DataFrame, indicators: pd.DataFrame,
                   period: dict[str, str] | None = None) -> pd.DataFrame:
    """``table`` with one ``ind_<slug>`` column per indicator (module doc). Rows of other areas
    (a county-wide file) are ignored; areas of ``table`` the file lacks get no value (the need
    index then says which)."""
    mine = indicators[indicators["area_code"].isin(table.index.astype(str))]
    if mine.empty:
        raise GeographyError(
            f"add_indicators: none of the indicator file's {indicators['area_code'].nunique()} "
            f"area codes ({codes_text(indicators['area_code'].unique())}) is among the table's "
            f"{len(table)} areas ({codes_text(table.index)}); use indicators of the same areas "
            "and vintage"
        )
    out = table.copy()
    used = {}
    for name, rows in mine.groupby("indicator"):
        want = (period or {}).get(str(name))
        if want is not None and want not in set(rows["period"]):
            raise InputError(
                f"add_indicators: indicator {name!r} has no period {want!r}; it has "
                f"{', '.join(sorted(rows['period'].unique()))}"
            )
        chosen = want or max(rows["period"])
        pick = rows[rows["period"] == chosen].set_index("area_code")
        out[f"ind_{slug(str(name))}"] = pick["value"].reindex(out.index.astype(str)).to_numpy()
        used[f"ind_{slug(str(name))}"] = {"indicator": name, "period": chosen,
                                           "source": sorted(pick["source"].unique())}
    out.attrs = {**table.attrs, "indicators": used}
    return out
