"""Key findings in plain English, written from the numbers (never a bare percentage)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from cspkit.analysis.periods import describe_months
from cspkit.analysis.trends import ALL_CRIME, ASB

if TYPE_CHECKING:
    from cspkit.assessment.assemble import StrategicAssessment

__all__ = ["change_sentence", "key_findings"]

SIGNIFICANT = ("statistically significant increase", "statistically significant decrease")


def _pct(row: dict[str, Any]) -> str:
    pct = row.get("pct_change")
    return "" if pct is None or pd.isna(pct) else f" ({pct:+.0f}%)"


MIN_MONTHS = 6
"""A year with fewer usable months than this is not compared at all."""


def change_sentence(name: str, row: dict[str, Any]) -> str:
    """"Burglary fell from 1,018 in 2021/22 to 897 in 2022/23 (-12%), a statistically
    significant decrease." — per month when the years have different usable months, refused
    when either has fewer than :data:`MIN_MONTHS`; with the caveats the comparison carries."""
    bm, am = float(row.get("before_months", 12)), float(row.get("after_months", 12))
    if min(bm, am) < MIN_MONTHS:
        return (
            f"{name} cannot be compared between {row['before_period']} and "
            f"{row['after_period']}: only {bm:.0f} and {am:.0f} of their months are usable "
            f"(at least {MIN_MONTHS} are needed)."
        )
    before, after, unit = row["before"], row["after"], ""
    if bm != am:
        before, after, unit = before / bm, after / am, " a month"
    verb = "rose" if after > before else "fell" if after < before else "was unchanged"
    fmt = ",.0f" if not unit else ",.1f"
    text = (
        f"{name} {verb} from {before:{fmt}}{unit} in {row['before_period']} to "
        f"{after:{fmt}}{unit} in {row['after_period']}{_pct(row)}, {_article(row['result'])}"
    )
    if row.get("note"):
        text += f" ({row['note']})"
    return text + "."


def _article(result: str) -> str:
    return f"a {result}" if result.startswith("statistically") else result


def key_findings(sa: StrategicAssessment) -> list[str]:
    """The findings of the summary, most important first."""
    out: list[str] = []
    total = sa.comparison(ALL_CRIME)
    if total is not None:
        out.append(change_sentence("Police-recorded crime (excluding ASB)", total))
    asb = sa.comparison(ASB)
    if asb is not None:
        out.append(change_sentence("Anti-social behaviour incidents", asb))
    out += _significant_changes(sa)
    out += _harm(sa)
    out += _hotspots(sa)
    out += _quality(sa)
    return out


def _significant_changes(sa: StrategicAssessment) -> list[str]:
    comp = sa.trends.comparisons
    rows = comp[
        (comp["comparison"] == "previous year")
        & comp["result"].isin(SIGNIFICANT)
        & ~comp["crime_type"].isin([ALL_CRIME, ASB])
    ].sort_values("z", key=lambda z: -z.abs())
    found = []
    for record in rows.to_dict("records"):
        row = {str(k): v for k, v in record.items()}
        if min(row["before_months"], row["after_months"]) < MIN_MONTHS:
            continue
        text = change_sentence(row["crime_type"], row).rstrip(".")
        found.append(text + _concentration(sa, row) + ".")
    return found


def _concentration(sa: StrategicAssessment, row: dict[str, Any]) -> str:
    """ "; the rise was concentrated in High Street ward (+80 of +120)" when one ward holds
    at least a third of the district's change."""
    if sa.wards.empty or "change" not in sa.wards.columns:
        return ""
    wards = sa.wards[sa.wards["crime_type"] == row["crime_type"]]
    district_change = row["after"] - row["before"]
    if wards.empty or district_change == 0:
        return ""
    top = wards.loc[(wards["change"] * (1 if district_change > 0 else -1)).idxmax()]
    if abs(top["change"]) < abs(district_change) / 3:
        return ""
    word = "rise" if district_change > 0 else "fall"
    return (
        f"; the {word} was concentrated in {top['area_name']} ward "
        f"({top['change']:+,.0f} of {district_change:+,.0f})"
    )


def _harm(sa: StrategicAssessment) -> list[str]:
    harm = sa.harm.dropna(subset=["harm"])
    if harm.empty:
        return []
    top = harm.iloc[0]
    return [
        f"Weighted by harm (an approximation of the ONS Crime Severity Score), "
        f"{top['crime_type'].lower()} accounts for {top['harm_share']:.0f}% of the harm of "
        f"recorded crime in {sa.year}, against {top['count'] / harm['count'].sum():.0%} of "
        "its volume."
    ]


def _hotspots(sa: StrategicAssessment) -> list[str]:
    grid = sa.hotspots
    if grid is None:
        return []
    hot = grid[grid["classification"].isin(["hot spot 99%", "hot spot 95%"])]
    if hot.empty:
        return ["No grid cell was a statistically significant hot spot of crime (Gi*, 95%)."]
    centres = hot.assign(geometry=hot.geometry.representative_point())
    joined = centres.sjoin(sa.ward_shapes[["name", "geometry"]], predicate="within")
    wards = joined.groupby("name")["n"].sum().sort_values(ascending=False).head(3).index.tolist()
    return [
        f"{len(hot)} cells of {grid.attrs['cell_size']:,.0f} m were hot spots of crime "
        f"(Gi*, 95% or more), holding {hot['n'].sum():,} crimes "
        f"({hot['n'].sum() / max(grid['n'].sum(), 1):.0%}); most of those crimes were in "
        f"{_and(wards)} wards."
    ]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _quality(sa: StrategicAssessment) -> list[str]:
    out = []
    excluded = sa.quality["excluded"]
    if not excluded.empty:
        months = describe_months(dict(zip(excluded["month"], excluded["reason"], strict=True)))
        out.append(f"Months left out of the comparisons as incomplete or missing: {months}.")
    lost = sa.quality["unmatched_lsoa"]["district_rows"]
    if lost:
        out.append(f"{lost:,} police rows of {sa.year} name {sa.area.lad_name} but have an LSOA "
                   "code in no loaded lookup: they are not in these figures (see Data quality).")
    irregular = sa.quality["irregular"]
    if not irregular.empty:
        years = sorted(set(irregular["financial_year"]))
        out.append(
            f"Irregular months (outside the forecast from earlier years) fall in {_and(years)}; "
            "comparisons with those years are flagged."
        )
    return out
