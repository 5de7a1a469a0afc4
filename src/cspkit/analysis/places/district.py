"""The places analysis of one district, from the store: the service the command and pages call.

Each function builds its inputs from what is loaded (police street rows, the LSOA -> ward lookup,
ward and LSOA boundaries, population, and the Indices of Deprivation when loaded) and runs one
analysis of :mod:`cspkit.analysis.places`:

- :func:`district_places`: the district's wards and their features for a financial year
  (:func:`~.features.ward_features`), the deprivation ranks read from the store;
- :func:`cluster_district`: :class:`~.clusters.WardClusters` solved and evaluated against
  k-means and random contiguous partitions, as a :class:`ClusterRun`;
- :func:`focus_district`: :class:`~.focus.FocusAreas` ranking wards or LSOAs;
- :func:`evaluate_district`: :func:`~.evaluation.before_after` on the district's street rows
  placed in its wards, at the significance level of the one comparison policy
  (:class:`cspkit.analysis.policy.ComparisonPolicy`).

A year whose months are only partly loaded is used with the months that are (a
:class:`~cspkit.errors.PlacesWarning` says which); rates are per year over those months.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd

from cspkit.analysis.places._common import codes_text
from cspkit.analysis.places.clusters import ClusterParams, ClusterQuality, WardClusters
from cspkit.analysis.places.clusterset import ClusterSet, next_version
from cspkit.analysis.places.evaluation import Evaluation, before_after, buffer_zone
from cspkit.analysis.places.features import DEFAULT_FEATURES, district_wards, ward_features
from cspkit.analysis.places.focus import FocusAreas, FocusParams, NeedInput
from cspkit.analysis.places.levels import lsoa_features
from cspkit.analysis.policy import ComparisonPolicy
from cspkit.calendar import financial_year_months, month_range, parse_period
from cspkit.errors import GeographyError, InputError, NotLoadedError, PlacesWarning
from cspkit.geography import areas_of_district, assign_district_wards
from cspkit.sources.deprivation import DEPRIVATION_TABLE, EDITIONS
from cspkit.store import Store

__all__ = [
    "LEVELS",
    "ClusterRun",
    "DistrictPlaces",
    "cluster_district",
    "default_need_inputs",
    "district_deprivation",
    "district_places",
    "evaluate_district",
    "focus_district",
    "need_input",
    "period_bounds",
    "save_clusters",
]

#: Areas :func:`focus_district` ranks.
LEVELS = ("ward", "lsoa")
_LOAD_POLICE = "`cspkit load police FILE ...`"
_LOAD_IMD = "`cspkit load deprivation FILE`"


@dataclass(frozen=True)
class DistrictPlaces:
    """A district's wards and their features for one financial year."""

    lad_code: str
    year: str
    months: tuple[str, ...]
    wards: gpd.GeoDataFrame
    features: pd.DataFrame
    deprivation: pd.DataFrame | None
    """The store's deprivation ranks of the district's LSOAs (None when none are loaded)."""


@dataclass(frozen=True)
class ClusterRun:
    """What :func:`cluster_district` made: the solved model, its quality and the cluster set."""

    places: DistrictPlaces
    model: WardClusters
    quality: ClusterQuality
    clusters: ClusterSet
    saved: Path | None = None
    """Where :func:`save_clusters` wrote the cluster set (when asked to)."""


def _street_months(store: Store) -> list[str]:
    con = store.connect()
    try:
        found = con.execute("SELECT DISTINCT month FROM street ORDER BY month").fetchall()
    finally:
        con.close()
    return [str(m) for (m,) in found]


def year_months(store: Store, year: str) -> tuple[str, ...]:
    """The months of financial ``year`` with street rows in the store (PlacesWarning when some
    are missing; NotLoadedError when all are)."""
    wanted = financial_year_months(year)
    have = set(_street_months(store))
    months = tuple(m for m in wanted if m in have)
    if not months:
        loaded = sorted(have)
        span = f"{loaded[0]} to {loaded[-1]}" if loaded else "none"
        raise NotLoadedError(
            f"the store has no police street data for {year} (months loaded: {span}); load it "
            f"with {_LOAD_POLICE} or choose another --year"
        )
    if len(months) < len(wanted):
        lacking = [m for m in wanted if m not in have]
        warnings.warn(
            f"{year}: {len(months)} of 12 months are loaded ({len(lacking)} missing: "
            f"{codes_text(lacking)}); rates are per year over the {len(months)} months loaded",
            PlacesWarning, stacklevel=2,
        )
    return months


def district_deprivation(store: Store, lad_code: str) -> pd.DataFrame | None:
    """The stored Indices of Deprivation ranks of the district's LSOAs, of the latest edition
    that ranks the LSOA vintage of its lookup; None (with a PlacesWarning) when none is loaded."""
    areas = areas_of_district(store, lad_code)
    editions: list[str] = []
    if DEPRIVATION_TABLE in store.table_names():
        con = store.connect()
        try:
            con.register("_lsoas", pd.DataFrame({"lsoa_code": list(areas.lsoa_codes)}))
            table = con.execute(
                f"SELECT * FROM {DEPRIVATION_TABLE} "
                "WHERE lsoa_code IN (SELECT lsoa_code FROM _lsoas)"
            ).df()
        finally:
            con.close()
        editions = sorted(set(table["edition"].astype(str)))
        fits = [e for e in editions if EDITIONS[e][1] == areas.lsoa_vintages[0]]
        if fits:
            return table[table["edition"].astype(str) == fits[-1]].reset_index(drop=True)
    had = f" (editions loaded: {', '.join(editions)})" if editions else ""
    warnings.warn(
        f"no Indices of Deprivation ranking the LSOAs ({areas.lsoa_vintages[0]}) of "
        f"{areas.lad_code} are loaded{had}, so there are no deprivation features; load File 2 "
        f"of the English Indices of Deprivation 2019 with {_LOAD_IMD}",
        PlacesWarning, stacklevel=2,
    )
    return None


def district_places(store: Store, lad_code: str, year: str) -> DistrictPlaces:
    """The wards of district ``lad_code`` and their features over financial ``year``."""
    lad_code = areas_of_district(store, lad_code).lad_code
    months = year_months(store, year)
    imd = district_deprivation(store, lad_code)
    features = ward_features(store, lad_code, imd=imd, months=list(months), quiet=True)
    wards = district_wards(store, lad_code)
    return DistrictPlaces(lad_code, year, months, wards, features, imd)


def _check_codes(lad_code: str, wards: pd.DataFrame, codes: Sequence[str], what: str) -> None:
    unknown = sorted(set(codes) - set(wards["code"].astype(str)))
    if unknown:
        raise GeographyError(
            f"{what}: ward code(s) {codes_text(unknown)} are not wards of {lad_code} (its "
            f"wards are {codes_text(wards['code'], 30)}); check the codes"
        )


def cluster_district(
    store: Store, lad_code: str, year: str, *, max_size: int = 4, seed: int = 0,
    must_link: Sequence[Sequence[str]] = (), cannot_link: Sequence[Sequence[str]] = (),
    n_random: int = 999, name: str | None = None, save_to: str | Path | None = None,
) -> ClusterRun:
    """Cluster the district's wards over ``year`` and evaluate the clusters (module doc).

    The features are :data:`~.features.DEFAULT_FEATURES` that the store can give (no
    deprivation features without deprivation loaded); pins are checked against the wards.
    ``save_to`` saves the cluster set there as a new version (:func:`save_clusters`).
    """
    places = district_places(store, lad_code, year)
    for what, pins in (("--must-link", must_link), ("--cannot-link", cannot_link)):
        _check_codes(places.lad_code, places.wards, [c for group in pins for c in group], what)
    features = tuple(f for f in DEFAULT_FEATURES if f in places.features.columns)
    params = ClusterParams(max_size=max_size, features=features, must_link=must_link,
                           cannot_link=cannot_link)
    model = WardClusters(places.wards, places.features, params, seed=seed, quiet=True).solve()
    quality = model.evaluate(n_random)
    label = name or f"{places.lad_code} ward clusters {year}"
    clusters = model.cluster_set(label, quality=quality, lad_code=places.lad_code)
    run = ClusterRun(places, model, quality, clusters)
    return run if save_to is None else replace(run, saved=save_clusters(clusters, save_to))


def save_clusters(clusters: ClusterSet, folder: str | Path) -> Path:
    """Save ``clusters`` in ``folder`` as the next version of its name; when the latest version
    saved holds the same clusters and settings, that file is kept and returned."""
    folder = Path(folder)
    latest = next_version(folder, clusters.name) - 1
    if latest:
        old = ClusterSet.load(folder / replace(clusters, version=latest).file_name)
        if old.fingerprint == clusters.fingerprint:
            return folder / old.file_name
    return replace(clusters, version=latest + 1).save(folder)


def need_input(table: pd.DataFrame, name: str, weight: float = 1.0) -> NeedInput:
    """The need-index input ``name`` of ``table``: a column (``count_anti_social_behaviour``,
    ``dep_income``), or its short form (``anti_social_behaviour``, ``income``); counts are
    ``count_*`` columns, everything else a rate."""
    for column in (name, f"count_{name}", f"dep_{name}"):
        if column in table.columns:
            kind = "count" if column.startswith("count_") else "rate"
            return NeedInput(column, weight=weight, kind=kind, label=name)
    usable = [c for c in table.columns if c.startswith(("count_", "dep_", "rate_"))]
    raise InputError(
        f"--input {name!r} is not a column of the area table; use one of "
        f"{', '.join(usable)} (or the part after count_ or dep_, e.g. anti_social_behaviour)"
    )


def default_need_inputs(table: pd.DataFrame) -> tuple[NeedInput, ...]:
    """ASB weighted 2, and income, employment, health and education deprivation where loaded
    (README: Places)."""
    names = [("anti_social_behaviour", 2.0)] + [
        (d, 1.0) for d in ("income", "employment", "health", "education")
        if f"dep_{d}" in table.columns
    ]
    return tuple(need_input(table, n, w) for n, w in names)


def focus_district(
    store: Store, lad_code: str, year: str, *, inputs: Sequence[tuple[str, float]] = (),
    level: str = "ward", seed: int = 0, top_n: int = 5,
) -> pd.DataFrame:
    """Rank the district's wards or LSOAs by need over ``year`` (:class:`~.focus.FocusAreas`);
    ``inputs`` are (name, weight) pairs (:func:`need_input`), default
    :func:`default_need_inputs`. ``.attrs`` holds the months and inputs used."""
    if level not in LEVELS:
        raise InputError(f"--level {level!r} is not one of {', '.join(LEVELS)}; pass one of them")
    lad_code = areas_of_district(store, lad_code).lad_code
    months = year_months(store, year)
    imd = district_deprivation(store, lad_code)
    if level == "ward":
        table = ward_features(store, lad_code, imd=imd, months=list(months), quiet=True)
    else:
        table = lsoa_features(store, lad_code, imd=imd, months=list(months))
    chosen = (tuple(need_input(table, n, w) for n, w in inputs) if inputs
              else default_need_inputs(table))
    ranked = FocusAreas(table, FocusParams(chosen, top_n=top_n), seed=seed).rank()
    ranked.attrs.update({"lad_code": lad_code, "year": year, "months": list(months),
                         "level": level, "inputs": [(i.name, i.weight, i.kind) for i in chosen]})
    return ranked


def period_bounds(period: str | Sequence[str], what: str) -> tuple[str, str]:
    """(first month, last month) of a period label (a month, financial quarter, financial or
    calendar year) or of a (first, last) pair."""
    if not isinstance(period, str):
        first, last = period
        return str(first), str(last)
    try:
        p = parse_period(period)
    except InputError as error:
        raise InputError(f"--{what}: {error}") from None
    return p.start.strftime("%Y-%m"), p.end.strftime("%Y-%m")


def evaluate_district(
    store: Store, lad_code: str, *, target: Sequence[str], comparison: Sequence[str],
    before: str | Sequence[str], after: str | Sequence[str], buffer_metres: float | None = None,
    crime_types: Sequence[str] | None = None, policy: ComparisonPolicy | None = None,
    chosen_for_high_crime: bool = False,
) -> Evaluation:
    """Before/after evaluation of target wards against comparison wards of the district, with a
    displacement buffer of ``buffer_metres`` around the target (:func:`~.evaluation.before_after`),
    significant at the comparison policy's level (0.05 unless the partnership set another)."""
    b, a = period_bounds(before, "before"), period_bounds(after, "after")
    months = month_range(*b) + month_range(*a)
    n_b, n_a = len(month_range(*b)), len(month_range(*a))
    if n_b != n_a:
        raise InputError(
            f"--before {b[0]} to {b[1]} has {n_b} month(s) and --after {a[0]} to {a[1]} has "
            f"{n_a}; the WDD compares periods of the same length: give periods of equal length, "
            "e.g. --before 2021/22 Q1 --after 2021/22 Q3"
        )
    have = set(_street_months(store))
    lacking = [m for m in months if m not in have]
    if lacking:
        raise NotLoadedError(
            f"the store has no police street data for {len(lacking)} month(s) of the before "
            f"and after periods ({codes_text(lacking)}); load them with {_LOAD_POLICE} or "
            "choose periods that are loaded (--before, --after)"
        )
    lad_code = areas_of_district(store, lad_code).lad_code
    wards = district_wards(store, lad_code)
    for what, given in (("--target", target), ("--comparison", comparison)):
        _check_codes(lad_code, wards, given, what)
    codes = [str(c) for c in wards["code"]]
    rows = assign_district_wards(store, lad_code, months=months)
    known = set(rows["crime_type"].dropna().astype(str))
    wrong = [c for c in crime_types or () if c not in known]
    if wrong:
        raise InputError(
            f"--crime-type {wrong[0]!r} is not a crime type of the district's street rows in "
            f"those months; use one of {', '.join(sorted(known))}"
        )
    ring = buffer_zone(wards, list(target), buffer_metres) if buffer_metres else None
    return before_after(
        rows, target=list(target), comparison=list(comparison), before=b, after=a,
        buffer=ring, crime_types=crime_types, areas=codes,
        alpha=(policy or ComparisonPolicy()).alpha, chosen_for_high_crime=chosen_for_high_crime,
    )
