"""Assemble a :class:`StrategicAssessment` for one district and financial year.

:func:`assess` calls the analysis library and keeps, beside each result, where it came from:
the store's tables, the area, the months and the rule applied (``sources``), so that every
figure in the report can be traced.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import geopandas as gpd
import pandas as pd

from cspkit.analysis.disclosure import DisclosureRules, suppress_small_counts, suppression_rule
from cspkit.analysis.harm import harm_weighted_counts
from cspkit.analysis.hotspots import HotspotOptions, hotspot_gistar, repeat_locations
from cspkit.analysis.peers import PeerReport, peer_rates
from cspkit.analysis.rates import district_rates
from cspkit.analysis.trends import (
    ALL_CRIME,
    ASB,
    TrendReport,
    district_trends,
    irregular_status,
    partner_trends,
)
from cspkit.assessment.config import AssessmentConfig
from cspkit.calendar import financial_year_months, parse_financial_year, shift_financial_year
from cspkit.errors import GeographyError, HotspotWarning, InputError, NotLoadedError
from cspkit.geography import (
    DistrictAreas,
    areas_of_district,
    assign_district_wards,
    boundaries,
    population_by,
    unmatched_lsoas,
)
from cspkit.store import Store
from cspkit.store.coverage import coverage

__all__ = ["StrategicAssessment", "assess"]


@dataclass
class StrategicAssessment:
    """Everything the report needs, with the provenance of each part in ``sources``."""

    area: DistrictAreas
    year: str
    config: AssessmentConfig
    trends: TrendReport
    partner: TrendReport | None
    harm: pd.DataFrame
    wards: pd.DataFrame
    """Per ward and crime type: count (selected year), previous, change, rate_per_1000.
    Not for publication as it stands: see ``public_wards``."""
    ward_shapes: gpd.GeoDataFrame
    hotspots: gpd.GeoDataFrame | None
    repeat: pd.DataFrame | None
    quality: dict[str, Any]
    peers: PeerReport | None = None
    """The district's rates against its peers' (None when no peer has data: see quality)."""
    public_wards: pd.DataFrame | None = None
    """``wards`` with small counts of sensitive categories suppressed (public outputs only)."""
    findings: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    generated: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def previous_year(self) -> str:
        return shift_financial_year(self.year, -1)

    def comparison(self, crime_type: str, which: str = "previous year") -> dict[str, Any] | None:
        """The comparison row of one crime type (or partner series) as a dict."""
        for report in (self.trends, self.partner):
            if report is None:
                continue
            c = report.comparisons
            key = "crime_type" if "crime_type" in c.columns else "measure"
            hit = c[(c[key] == crime_type) & (c["comparison"] == which)]
            if not hit.empty:
                return dict(hit.iloc[0])
        return None


def assess(
    store: Store, area: str, year: str, config: AssessmentConfig | None = None
) -> StrategicAssessment:
    """The strategic assessment of district ``area`` (ONS code) for financial ``year``."""
    from cspkit.assessment.findings import key_findings

    config = config or AssessmentConfig()
    areas = areas_of_district(store, area)
    national, store = store, district_store(store, areas)
    fy = parse_financial_year(year)
    trends = district_trends(
        store,
        areas.lad_code,
        fy,
        breaks=dict(config.breaks) or None,
        known_irregular=dict(config.known_irregular) or None,
        policy=config.comparison,
        quiet=True,
    )
    months = financial_year_months(fy)
    sa = StrategicAssessment(
        area=areas,
        year=trends.year,
        config=config,
        trends=trends,
        partner=_partner(store, fy, config),
        harm=_harm(trends, fy),
        wards=pd.DataFrame(),
        ward_shapes=gpd.GeoDataFrame(),
        hotspots=None,
        repeat=None,
        quality=_quality(store, areas, trends, months),
    )
    sa.wards, sa.ward_shapes, located = _wards(store, sa, config)
    if config.public:
        sa.public_wards = _suppressed(sa.wards, config)
    sa.hotspots, sa.repeat = _hotspots(located, sa.ward_shapes, config)
    sa.peers = _peers(national, sa, months)
    sa.sources.update(_sources(sa, months))
    sa.findings = key_findings(sa)
    return sa


def district_store(store: Store, areas: DistrictAreas) -> Store:
    """``store`` scoped to the forces with street rows in the district's LSOAs (from the LSOA
    index): the district's queries then read those forces' partitions only, however many other
    forces the store holds. Rows of other forces whose point lies in the district although
    their LSOA is elsewhere are not read (none in police.uk data: a force's rows lie in its
    area), and the data quality counts (rows without a location, rows no lookup places) are of
    those forces' data."""
    return store.scoped(forces=store.forces_for(areas.lsoa_codes), months=store.months)


def _partner(store: Store, fy: str, config: AssessmentConfig) -> TrendReport | None:
    try:
        return partner_trends(store, fy, policy=config.comparison, quiet=True)
    except NotLoadedError:
        return None


def _peers(store: Store, sa: StrategicAssessment, months: list[str]) -> PeerReport | None:
    """The district among its peers over the year's usable months; why not, in quality."""
    usable = [m for m in months if m not in set(sa.trends.excluded["month"])]
    try:
        return peer_rates(store, sa.area.lad_code, usable)
    except (NotLoadedError, GeographyError) as error:
        sa.quality["peers"] = f"The district is not compared with its peers: {error}."
        return None


def _harm(trends: TrendReport, fy: str) -> pd.DataFrame:
    by_year = trends.by_year
    year = by_year[(by_year["period"] == fy) & (by_year["crime_type"] != ALL_CRIME)]
    return harm_weighted_counts(year[["crime_type", "count"]]).sort_values(
        "harm", ascending=False, na_position="last"
    )


def _wards(
    store: Store, sa: StrategicAssessment, config: AssessmentConfig
) -> tuple[pd.DataFrame, gpd.GeoDataFrame, pd.DataFrame]:
    skip = set(sa.trends.excluded["month"])  # months not counted anywhere (coverage check)
    months = [m for m in financial_year_months(sa.year) if m not in skip]
    previous = [m for m in financial_year_months(sa.previous_year) if m not in skip]
    rows = assign_district_wards(store, sa.area.lad_code, months=months + previous)
    rows["period"] = rows["month"].map(lambda m: "now" if m in months else "before")
    counts = (
        rows.groupby(["ward_code", "crime_type", "period"])
        .size()
        .unstack("period", fill_value=0)
        .reindex(columns=["now", "before"], fill_value=0)
        .reset_index()
        .rename(columns={"ward_code": "area_code", "now": "count", "before": "previous"})
    )
    counts["change"] = counts["count"] - counts["previous"]
    table = _rates(store, sa, counts)
    shapes = boundaries(store, "ward")
    shapes = shapes[shapes["code"].isin(set(table["area_code"]))]
    located = rows[(rows["period"] == "now") & rows["longitude"].notna()]
    return table, shapes, located


def _rates(store: Store, sa: StrategicAssessment, counts: pd.DataFrame) -> pd.DataFrame:
    """Counts with rates per 1,000. Wards the population table does not know (a newer boundary
    vintage than the lookup's) keep their counts, get no rate, and are named in data quality."""
    pop = population_by(store, "ward", lad_code=sa.area.lad_code)
    known = counts["area_code"].isin(set(pop["area_code"]))
    rated = district_rates(
        store, counts[known], sa.area.lad_code, by="crime_type", quiet=True
    )
    names = boundaries(store, "ward").set_index("code")["name"]
    unknown = counts[~known].assign(
        area_name=lambda d: d["area_code"].map(names), population=float("nan"),
        rate_per_1000=float("nan"),
    )
    sa.quality["wards_without_population"] = sorted(set(unknown["area_code"]))
    table = pd.concat([rated, unknown[[c for c in unknown.columns if c in rated.columns]]])
    return table.merge(
        counts[["area_code", "crime_type", "previous", "change"]], on=["area_code", "crime_type"]
    ).reset_index(drop=True)


def _suppressed(table: pd.DataFrame, config: AssessmentConfig) -> pd.DataFrame:
    rules = DisclosureRules(sensitive=tuple(config.sensitive))
    out = suppress_small_counts(table, rules=rules)
    return out


def _hotspots(
    located: pd.DataFrame, wards: gpd.GeoDataFrame, config: AssessmentConfig
) -> tuple[gpd.GeoDataFrame | None, pd.DataFrame | None]:
    crimes = located[located["crime_type"] != ASB]
    if len(crimes) < 30 or wards.empty:
        return None, None
    area = wards.dissolve()
    sizes = [config.hotspot_cell_size] if config.hotspot_cell_size else [None, 250.0, 100.0]
    options = HotspotOptions(p_adjust="fdr", alpha=config.comparison.alpha)
    for size in sizes:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", HotspotWarning)
                grid = hotspot_gistar(crimes, area, cell_size=size, kde=True, quiet=True,
                                      options=options)
            _retell(caught)
            grid.attrs["hot_by_ward"] = _hot_by_ward(crimes, grid, wards)
            return grid, repeat_locations(crimes, n=10)
        except InputError as error:  # the automatic bandwidth is finer than the cells
            last = error
    raise last


def _hot_by_ward(crimes: pd.DataFrame, grid: gpd.GeoDataFrame, wards: gpd.GeoDataFrame
                 ) -> dict[str, int]:
    """The crimes in hot-spot cells, by the ward each crime was placed in (so that "most of
    those crimes were in X" counts crimes, not cells)."""
    hot = grid[grid["classification"].isin(["hot spot 99%", "hot spot 95%"])]
    points = gpd.GeoDataFrame(
        crimes[["ward_code"]],
        geometry=gpd.points_from_xy(crimes["longitude"], crimes["latitude"]), crs="EPSG:4326",
    ).to_crs(grid.crs)
    inside = points.sjoin(hot[["geometry"]], predicate="within")
    names = wards.set_index("code")["name"]
    counts = inside["ward_code"].map(names).fillna(inside["ward_code"]).value_counts()
    return {str(k): int(v) for k, v in counts.items()}


_OUTSIDE = re.compile(r"([\d,]+) of ([\d,]+) points of `\w+` lie outside `area`")


def _retell(caught: list[warnings.WarningMessage]) -> None:
    """The hot spot analysis's warnings in the assessment's terms (crimes, the district)."""
    for w in caught:
        m = _OUTSIDE.search(str(w.message)) if issubclass(w.category, HotspotWarning) else None
        if m:
            warnings.warn(f"the hot spot map leaves out {m[1]} of {m[2]} located crimes: they "
                          "lie outside the district's ward boundaries", HotspotWarning,
                          stacklevel=4)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def _quality(
    store: Store, areas: DistrictAreas, trends: TrendReport, months: list[str]
) -> dict[str, Any]:
    con = store.connect()
    con.register("_lsoas", pd.DataFrame({"lsoa_code": list(areas.lsoa_codes)}))
    no_location, total = con.execute(
        "SELECT count(*) FILTER (WHERE longitude IS NULL), count(*) FROM street "
        "WHERE list_contains(?, month) AND force IN (SELECT DISTINCT force FROM street "
        "WHERE lsoa_code IN (SELECT lsoa_code FROM _lsoas))",
        [months],
    ).fetchone() or (0, 0)
    cov = coverage(store, lsoa_codes=list(areas.lsoa_codes))
    irregular = trends.irregular.months if trends.irregular is not None else pd.DataFrame()
    return {
        "excluded": trends.excluded,
        "coverage": cov[cov["flag"] != "ok"],
        "irregular": irregular[irregular["flag"].str.startswith("irregular")]
        if not irregular.empty
        else irregular,
        "no_location_force": int(no_location),
        "rows_force": int(total),
        "irregular_status": irregular_status(trends.irregular, trends.year),
        "unmatched_lsoa": _unmatched(store, areas, months),
        "note": trends.note,
    }


def _population_text(sa: StrategicAssessment) -> str:
    """The rates' denominator: population year, source and boundary vintages."""
    from cspkit.assessment.evidence import population_year

    pop = population_year(sa.wards)
    year = f"mid-{pop} " if pop else ""
    return (f"{year}LSOA (vintage {sa.area.lsoa_vintage}) estimates summed to wards (vintage "
            f"{sa.area.ward_vintage}) through the best-fit lookup (approximate)")


def _unmatched(store: Store, areas: DistrictAreas, months: list[str]) -> dict[str, Any]:
    """Rows of the year whose LSOA code is in no loaded lookup (they count for no district), and
    those of them whose police.uk LSOA name names the district ("Maidstone 004H")."""
    lost = unmatched_lsoas(store, months=months)
    mine = lost[lost["lsoa_name"].fillna("").str.startswith(f"{areas.lad_name} ")]
    return {"rows": int(lost["rows"].sum()), "district_rows": int(mine["rows"].sum()),
            "district_codes": mine["lsoa_code"].head(5).tolist(),
            "lsoa_vintage": areas.lsoa_vintage}


def _sources(sa: StrategicAssessment, months: list[str]) -> dict[str, str]:
    where = (
        f"LSOAs of {sa.area.lad_name} ({sa.area.lad_code}; best-fit lookup LSOA "
        f"{sa.area.lsoa_vintage} -> ward {sa.area.ward_vintage})"
    )
    span = f"{months[0]} to {months[-1]}"
    return {
        "trends": f"store view street, rows in the {where}; months by financial year; "
        "query: count(*) GROUP BY crime_type, month (cspkit.analysis.trends)",
        "year": f"street, {where}; {span}",
        "wards": f"street rows of {sa.area.lad_code} and rows whose point lies in its wards, "
        f"{span} and the year before; ward by point in polygon, else best-fit lookup; "
        f"population: {_population_text(sa)}",
        "harm": f"street, {where}; {span}; weights: cspkit/analysis/data/harm_weights.csv",
        "hotspots": f"street rows with coordinates (crimes, not ASB) in {sa.area.lad_name}'s "
        f"wards, {span}; Gi* (esda) on a grid, p-values adjusted for the false discovery rate "
        "(Benjamini-Hochberg); KDE by FFT",
        "peers": sa.peers.note if sa.peers is not None else "",
        "partner": "store table partner_measures (see provenance for files)",
        "rule": suppression_rule(DisclosureRules(sensitive=tuple(sa.config.sensitive))),
    }
