"""Ward features for clustering and need indices: crime rates, deprivation, density, urban share.

:func:`ward_features` assembles, for the wards of one district, a table indexed by ward code:

==============================  =================================================================
column                          meaning
==============================  =================================================================
``name``                        ward name (from the boundaries)
``population``                  residents (LSOA mid-year estimates summed through the best-fit
                                lookup: approximate, see :func:`cspkit.geography.population_by`)
``area_km2``                    ward area from its boundary, km²
``density``                     residents per km²
``urban_share``                 share (0-1) of residents living in urban LSOAs: those listed in
                                ``urban_lsoas`` (e.g. ONS Rural-Urban Classification "Urban ..."),
                                else, as a stated proxy, LSOAs with at least ``urban_density``
                                residents per km² (needs LSOA boundaries in the store)
``count_<category>``            police.uk rows of that crime type in the period (point in polygon)
``rate_<category>``             per 1,000 residents per year: ``count / population * 1000 * 12 /
                                months``; ``<category>`` is the slug of the crime type
                                (``anti_social_behaviour``, ``violence_and_sexual_offences``, ...),
                                plus ``all_crime`` (every type but ASB)
``dep_<domain>``                population-weighted deprivation percentile (IoD2019; 100 = most
                                deprived LSOA in England), see :mod:`.deprivation`
==============================  =================================================================

``.attrs`` records the district, ward vintage, months, population year and source, and notes.
:func:`crime_counts` and :func:`rates_per_1000` work on any rows with ``ward_code`` (or another
area column), ``crime_type`` and ``month``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import cast

import geopandas as gpd
import pandas as pd

from cspkit.analysis.places._common import announce, codes_text, slug
from cspkit.analysis.places.deprivation import deprivation_by_area
from cspkit.errors import GeographyError, InputError, NotLoadedError
from cspkit.geography import (
    areas_of_district,
    assign_district_wards,
    boundaries,
    boundary_vintages,
    lookup_table,
    population_by,
)
from cspkit.store import Store

__all__ = [
    "ALL_CRIME",
    "ASB",
    "DEFAULT_FEATURES",
    "crime_counts",
    "district_wards",
    "rates_per_1000",
    "urban_share",
    "ward_features",
]

ASB = "Anti-social behaviour"
#: The ``rate_``/``count_`` slug of every crime type but ASB together.
ALL_CRIME = "all_crime"

#: Features the ward clusters use unless told otherwise: crime and ASB rates of the commonest
#: categories, six deprivation domains (not IMD crime, which repeats police data), density and
#: urban share.
DEFAULT_FEATURES: tuple[str, ...] = (
    "rate_anti_social_behaviour",
    "rate_violence_and_sexual_offences",
    "rate_burglary",
    "rate_vehicle_crime",
    "rate_criminal_damage_and_arson",
    "rate_public_order",
    "rate_shoplifting",
    "dep_income",
    "dep_employment",
    "dep_education",
    "dep_health",
    "dep_housing",
    "dep_living_environment",
    "density",
    "urban_share",
)


def crime_counts(rows: pd.DataFrame, area_column: str = "ward_code") -> pd.DataFrame:
    """Rows per area and crime type: a wide table indexed by area, one ``count_<slug>`` column
    per crime type plus ``count_all_crime`` (all but ASB). Rows without an area are left out."""
    missing = [c for c in (area_column, "crime_type") if c not in rows.columns]
    if missing:
        raise InputError(
            f"crime_counts: rows lack column(s) {', '.join(repr(c) for c in missing)}; give "
            "street rows with a crime_type and an area column, e.g. assign_district_wards(...)"
        )
    keep = rows[rows[area_column].notna()]
    wide = pd.crosstab(keep[area_column].astype(str), keep["crime_type"].astype(str))
    wide.columns = [f"count_{slug(c)}" for c in wide.columns]
    asb = f"count_{slug(ASB)}"
    wide[f"count_{ALL_CRIME}"] = wide.drop(columns=[asb], errors="ignore").sum(axis=1)
    wide.index.name = "area_code"
    return wide.astype("int64")


def rates_per_1000(counts: pd.DataFrame, population: pd.Series, months: int) -> pd.DataFrame:
    """``count_*`` columns turned into ``rate_*``: per 1,000 residents per year over ``months``."""
    if months < 1:
        raise InputError(f"rates_per_1000: months={months!r}; give the number of months counted")
    pop = population.reindex(counts.index).astype(float)
    rates = counts.div(pop, axis=0) * 1000.0 * 12.0 / months
    rates.columns = [c.replace("count_", "rate_", 1) for c in counts.columns]
    return rates


def district_wards(store: Store, lad_code: str, vintage: str | None = None) -> gpd.GeoDataFrame:
    """The ward boundaries of district ``lad_code`` (by their district column, else the lookup's
    ward codes), indexed by ward code."""
    areas = areas_of_district(store, lad_code)
    wards = boundaries(store, "ward", vintage)
    mine = wards[wards["lad_code"] == areas.lad_code]
    if mine.empty:
        mine = wards[wards["code"].isin(areas.ward_codes)]
    if mine.empty:
        raise GeographyError(
            f"the ward boundaries in the store have no ward of district {areas.lad_code!r}; load "
            "the district's ward boundaries (`cspkit load geography boundaries FILE`)"
        )
    return mine.set_index("code", drop=False).rename_axis("area_code")


def urban_share(
    lsoa_population: pd.Series,
    lsoa_ward: pd.Series,
    urban: pd.Series,
) -> pd.Series:
    """Share of each ward's residents living in urban LSOAs.

    ``lsoa_population`` and ``urban`` (bool) are indexed by LSOA code; ``lsoa_ward`` maps LSOA
    code to ward code (best-fit).
    """
    frame = pd.DataFrame({"ward": lsoa_ward})
    frame["pop"] = lsoa_population.reindex(frame.index).fillna(0).astype(float)
    frame["urban_pop"] = frame["pop"] * urban.reindex(frame.index).fillna(False).astype(float)
    sums = frame.groupby("ward")[["pop", "urban_pop"]].sum()
    return (sums["urban_pop"] / sums["pop"]).rename("urban_share")


def _lsoa_areas(store: Store, codes: pd.Index) -> pd.Series | None:
    """Area (km²) of each LSOA in ``codes`` from the newest LSOA boundaries that have them all."""
    for vintage in reversed(boundary_vintages(store, "lsoa")):
        shapes = boundaries(store, "lsoa", vintage).set_index("code")
        if set(codes) <= set(shapes.index):
            return cast("pd.Series[float] | None", shapes.geometry.area.reindex(codes) / 1e6)
    return None


def _urban_flags(store: Store, lsoa_pop: pd.Series, urban_lsoas: Collection[str] | None,
                 urban_density: float, quiet: bool) -> pd.Series | None:
    if urban_lsoas is not None:
        return pd.Series(lsoa_pop.index.isin(list(urban_lsoas)), index=lsoa_pop.index)
    area = _lsoa_areas(store, lsoa_pop.index)
    if area is None:
        announce("ward_features: no LSOA boundaries in the store cover the district's LSOAs "
                 f"({codes_text(lsoa_pop.index)}) and no urban_lsoas were given, so there is "
                 "no urban_share column; load those LSOA boundaries or pass urban_lsoas=", quiet)
        return None
    announce(f"ward_features: urban_share counts LSOAs with at least {urban_density:,.0f} "
             "residents per km² as urban (a density proxy); pass urban_lsoas= (e.g. the ONS "
             "Rural-Urban Classification's urban LSOAs) to use an official definition", quiet)
    return (lsoa_pop / area) >= urban_density


def _months_counted(rows: pd.DataFrame, lad_code: str, months: Sequence[str] | None) -> int:
    found = set(rows["month"].dropna())
    if not found:
        raise NotLoadedError(
            f"ward_features: the store has no street rows for district {lad_code!r}"
            f"{' in the months given' if months is not None else ''}; load police data first"
        )
    if months is None:
        return len(found)
    lacking = sorted(set(months) - found)
    if lacking:
        raise NotLoadedError(
            f"ward_features: month(s) {', '.join(lacking)} have no street rows for district "
            f"{lad_code!r} (rates would be too low); load them or leave them out of months="
        )
    return len(set(months))


def ward_features(
    store: Store,
    lad_code: str,
    *,
    imd: pd.DataFrame | None = None,
    months: Sequence[str] | None = None,
    ward_vintage: str | None = None,
    urban_lsoas: Collection[str] | None = None,
    urban_density: float = 1000.0,
    quiet: bool = False,
) -> pd.DataFrame:
    """Features of every ward of district ``lad_code`` (see the module doc), from the store.

    ``imd`` is :func:`cspkit.sources.read_imd`'s table (no ``dep_*``
    columns without it); ``months`` limits the police months (all loaded when None).
    """
    lad_code = areas_of_district(store, lad_code).lad_code
    wards = district_wards(store, lad_code, ward_vintage)
    rows = assign_district_wards(store, lad_code, ward_vintage=ward_vintage, months=months)
    n_months = _months_counted(rows, lad_code, months)
    pop = population_by(store, "ward", lad_code=lad_code).set_index("area_code")
    out = pd.DataFrame(index=wards.index)
    out["name"] = wards["name"]
    out["population"] = pop["population"].reindex(out.index).astype(float)
    out["area_km2"] = wards.geometry.area / 1e6
    out["density"] = out["population"] / out["area_km2"]
    counts = crime_counts(rows).reindex(out.index, fill_value=0)
    out = out.join(counts).join(rates_per_1000(counts, out["population"], n_months))
    lsoa_tab = population_by(store, "lsoa", lad_code=lad_code)
    lsoa_pop = lsoa_tab.set_index("area_code")["population"]
    lookup = lookup_table(store, "lsoa_ward", lsoa_vintage=str(lsoa_tab["vintage"].iloc[0]))
    lookup = lookup[lookup["lad_code"] == lad_code]
    flags = _urban_flags(store, lsoa_pop, urban_lsoas, urban_density, quiet)
    if flags is not None:
        out["urban_share"] = urban_share(lsoa_pop, lookup.set_index("lsoa_code")["ward_code"],
                                         flags).reindex(out.index)
    if imd is not None:
        lsoa_tab = lsoa_pop.rename("population").reset_index()
        out = out.join(deprivation_by_area(imd, lookup, lsoa_tab))
    out.attrs.update({
        "lad_code": lad_code,
        "ward_vintage": str(wards["vintage"].iloc[0]),
        "months": sorted(rows["month"].dropna().unique().tolist()),
        "population_note": pop.attrs.get("note", ""),
    })
    return out
