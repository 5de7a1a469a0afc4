"""Parts of the assessment document that state how the figures were made: peers, rates'
denominators and the town-centre (footfall) caveat, hot spots' settings, and the methods."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from cspkit.analysis.dispersion import MIN_DISPERSION_DF
from cspkit.analysis.peers import PeerReport
from cspkit.analysis.periods import partial_label
from cspkit.analysis.trends import ALL_CRIME
from cspkit.assessment import charts
from cspkit.calendar import financial_year_months
from cspkit.reports import BulletList, Callout, Figure, Paragraph, Section, Table

if TYPE_CHECKING:
    from cspkit.assessment.assemble import StrategicAssessment

__all__ = [
    "footfall_callout", "footfall_wards", "hotspot_caption", "methods", "peers_section",
    "period_labels", "population_year", "rate_caption", "share_range", "year_labels",
]

#: A ward whose rate is at least this many times the district's gets the footfall caveat.
FOOTFALL_RATIO = 3.0


def period_labels(sa: StrategicAssessment) -> tuple[str, str]:
    """The before and after column heads: "2020/21 (Mar 2021 only)" when partial."""
    comp = sa.trends.comparisons
    row = comp[(comp["comparison"] == "previous year") & (comp["crime_type"] == ALL_CRIME)]
    if row.empty:
        return sa.previous_year, sa.year
    r = row.iloc[0]
    if r["like_for_like"]:
        months = f" ({r['months_compared']})"
        return f"{r['before_period']}, same months", f"{r['after_period']}{months}"
    return str(r["before_label"]), str(r["after_label"])


def year_labels(sa: StrategicAssessment) -> tuple[str, str]:
    """The previous and the selected year, labelled with their usable months when partial
    ("2020/21 (Mar 2021 only)"), for tables of counts by year."""
    comp = sa.trends.comparisons
    row = comp[(comp["comparison"] == "previous year") & (comp["crime_type"] == ALL_CRIME)]
    if row.empty:
        return sa.previous_year, sa.year
    months = {y: [m for m in financial_year_months(y) if m in set(sa.trends.monthly["month"])
                  and m not in set(sa.trends.excluded["month"])]
              for y in (sa.previous_year, sa.year)}
    return (partial_label(sa.previous_year, months[sa.previous_year]),
            partial_label(sa.year, months[sa.year]))


def share_range(low: Any, high: Any) -> str:
    """A harm share's range: "63–91", or "–"."""
    return "–" if low is None or pd.isna(low) else f"{float(low):.0f}–{float(high):.0f}"


def population_year(wards: pd.DataFrame) -> int | None:
    """The population year of the ward rates (None when there are none)."""
    if "population_year" not in wards.columns:
        return None
    years = wards["population_year"].dropna()
    return int(years.iloc[0]) if len(years) else None


def rate_caption(sa: StrategicAssessment) -> str:
    """"per 1,000 residents (mid-2019 population; LSOA 2011 -> wards 2019)"."""
    pop = population_year(sa.wards)
    year = f"mid-{pop} population; " if pop else ""
    return (f"per 1,000 residents ({year}LSOA {sa.area.lsoa_vintage} boundaries summed to "
            f"wards {sa.area.ward_vintage})")


def footfall_wards(sa: StrategicAssessment, totals: pd.DataFrame) -> list[str]:
    """Wards whose residents-based rate needs the footfall caveat: the configured town
    centres, and any ward whose rate is three times the district's or more."""
    if totals.empty:
        return []
    named = {t.lower() for t in sa.config.town_centres}
    district = totals["count"].sum() / totals["population"].sum() * 1000
    out = []
    for r in totals.to_dict("records"):
        high = pd.notna(r["rate"]) and r["rate"] >= FOOTFALL_RATIO * district
        if high or str(r["area_name"]).lower() in named or str(r["area_code"]).lower() in named:
            out.append(str(r["area_name"]))
    return out


def footfall_callout(wards: list[str]) -> Callout:
    return Callout(
        f"{', '.join(wards)}: rates per resident overstate the risk to residents where many "
        "people visit, work or pass through (a town centre, a station, a shopping park). Their "
        "crimes are counted in full but their denominator is residents only; compare such "
        "wards with each other, not with residential wards.", "warning")


def hotspot_caption(grid: pd.DataFrame) -> str:
    """The hot-spot map's settings: cell size, neighbours, FDR, kernel bandwidth in metres."""
    sd = grid.attrs.get("bandwidth_sd")
    kernel = (f"; density by a Gaussian kernel of standard deviation {sd[0]:,.0f} m east-west "
              f"and {sd[1]:,.0f} m north-south (Scott's rule)" if sd else "")
    return (f"Gi* on {grid.attrs['cell_size']:,.0f} m cells with their 8 neighbours, two-sided "
            f"p-values from the z-scores adjusted for the {len(grid):,} cells tested "
            f"(Benjamini-Hochberg false discovery rate){kernel}")


def peers_section(s: Section, sa: StrategicAssessment) -> None:
    """The district among its peers: the ranked table, the funnel plot, every crime group."""
    if sa.peers is None:
        s.add(Paragraph(sa.quality.get("peers", "No peer district has data.")))
        return
    p = sa.peers
    s.add(Paragraph(p.sentence()))
    first = p.summary["group"].iloc[0]
    t = p.table[(p.table["group"] == first) & (p.table["crime_type"] == ALL_CRIME)]
    s.add(Table(
        f"Crime (excluding ASB) per 1,000 residents, districts of {first}",
        ("Rank", "District", "Crimes", "Residents", "Per 1,000", "Funnel"),
        tuple((int(r["rank"]), r["lad_name"] + (" (this district)" if r["target"] else ""),
               int(r["count"]), int(r["population"]), round(float(r["rate_per_1000"]), 1),
               r["position"]) for r in t.sort_values("rank").to_dict("records")),
        source=p.note, numeric=(True, False, True, True, True, False)))
    fun = p.funnels[(first, ALL_CRIME)]
    s.add(Figure(f"Funnel plot: crime (excluding ASB) per 1,000 residents against population, "
                 f"districts of {first}",
                 charts.funnel_plot(t, fun),
                 alt_text="Each district's rate against its population, with 95% and 99.8% "
                          "limits around the area's rate",
                 source=f"{p.note} Limits: {fun.describe()}."))
    _outlier_funnels(s, p, first)
    rows = p.summary.to_dict("records")
    s.add(Table(
        f"{p.lad_name} against its peers, by crime group",
        ("Peers", "Crime group", "Per 1,000", "Peers' rate", "Rank", "Funnel"),
        tuple((r["group"], r["crime_type"], round(float(r["rate_per_1000"]), 2),
               round(float(r["group_rate"]), 2), f"{int(r['rank'])} of {int(r['of'])}",
               r["position"]) for r in rows),
        source=p.note, numeric=(False, False, True, True, False, False)))


def _outlier_funnels(s: Section, p: PeerReport, group: str) -> None:
    """A funnel plot for each crime group in which the district lies outside the 95% limits
    of ``group`` (the groups within them are in the table that follows, with their position)."""
    mine = p.summary[(p.summary["group"] == group) & (p.summary["crime_type"] != ALL_CRIME)]
    outside = [r["crime_type"] for r in mine.to_dict("records")
               if not str(r["position"]).startswith("within")]
    if not outside:
        s.add(Paragraph(f"{p.lad_name} lies within the 95% limits of the districts of {group} "
                        "for every crime group, so no group has a funnel plot of its own (the "
                        "table below gives each group's rank and position)."))
    for crime in outside:
        t = p.table[(p.table["group"] == group) & (p.table["crime_type"] == crime)]
        fun = p.funnels.get((group, crime))
        if fun is None or t.empty:
            continue
        s.add(Figure(f"Funnel plot: {crime.lower()} per 1,000 residents against population, "
                     f"districts of {group}", charts.funnel_plot(t, fun),
                     alt_text=f"Each district's rate of {crime.lower()} against its population, "
                              "with 95% and 99.8% limits around the area's rate",
                     source=f"{p.note} Limits: {fun.describe()}."))


def methods(sa: StrategicAssessment) -> BulletList:
    """The methods, each rule stated once."""
    policy = sa.config.comparison
    grid = sa.hotspots
    items = [
        "Periods are financial years (April to March). Each year is compared with the year "
        "before and with the average of the three before it.",
        policy.describe(),
        "The test: a Poisson model of the monthly counts with a term for each calendar month "
        "(so the season cancels) and a term for the later period, with the quasi-Poisson scale "
        "(dispersion = Pearson chi-squared / degrees of freedom) to allow for months varying "
        "more than chance; the later period's term is tested by a t-test. The Poisson E-test "
        "of the totals is used instead where the dispersion is at most 1, or the months leave "
        f"fewer than {MIN_DISPERSION_DF} degrees of freedom; each comparison names its test.",
        "Irregular months lie outside a 99% forecast interval from a negative binomial model "
        "of earlier years (trend, season, month length); the check needs 18 usable earlier "
        "months, and the data quality section says when it could not run.",
        "Harm weights approximate the ONS Crime Severity Score (sentencing days) per police.uk "
        "category, with a low and a high value; every harm share is shown with its range. ASB "
        "is not a crime and is not weighted; drugs and weapons possession are police-generated "
        "(they rise with police activity).",
        f"Rates are {rate_caption(sa)}; ward populations are approximate. Rates per resident "
        "overstate the risk where many visit (town centres).",
        "Peers: each district's rate against the other districts of its police force area "
        "(and county, and England and Wales where loaded), ranked, with a funnel plot: limits "
        "at 95% and 99.8% around the group's rate on the square-root scale (Spiegelhalter, "
        "2005), widened by additive random effects when the districts vary more than chance.",
    ]
    if grid is not None:
        items.append(f"Hot spots (esda): Getis-Ord {hotspot_caption(grid)}.")
    return BulletList((*items, f"Disclosure control: {sa.sources['rule']}"))
