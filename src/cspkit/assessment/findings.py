"""Key findings in plain English, written from the numbers (never a bare percentage).

The summary leads with what the data supports, in this order: significant changes against the
previous year and against the three-year average (only comparisons the comparison policy
makes), the largest harm shares (with their range), where crime concentrates, how the district
compares with its peers, and what could not be compared and why; then the data's gaps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from cspkit.analysis.comparisons import PREVIOUS, THREE_BEFORE
from cspkit.analysis.periods import describe_months
from cspkit.analysis.policy import DECREASE, INCREASE
from cspkit.analysis.trends import ALL_CRIME, ASB
from cspkit.analysis.wording import comparison_sentence

if TYPE_CHECKING:
    from cspkit.assessment.assemble import StrategicAssessment

__all__ = ["change_sentence", "hotspot_sentence", "key_findings", "not_compared"]

SIGNIFICANT = (INCREASE, DECREASE)
NAMES = {ALL_CRIME: "Police-recorded crime (excluding ASB)",
         ASB: "Anti-social behaviour incidents"}


def change_sentence(name: str, row: dict[str, Any]) -> str:
    """A comparison in words: :func:`cspkit.analysis.policy.comparison_sentence`."""
    return comparison_sentence(name, row)


def key_findings(sa: StrategicAssessment) -> list[str]:
    """The findings of the summary, in the order of the module docstring."""
    return [
        *_significant_changes(sa),
        *_harm(sa),
        *_hotspots(sa),
        *_peers(sa),
        *not_compared(sa),
        *_quality(sa),
    ]


def _rows(sa: StrategicAssessment) -> list[dict[str, Any]]:
    comp = sa.trends.comparisons
    return [{str(k): v for k, v in r.items()} for r in comp.to_dict("records")]


def _significant_changes(sa: StrategicAssessment) -> list[str]:
    """Significant changes the policy allows: the totals first, then by size of the change."""
    found = []
    for which in (PREVIOUS, THREE_BEFORE):
        rows = [r for r in _rows(sa) if r["comparison"] == which and r["result"] in SIGNIFICANT]
        rows.sort(key=lambda r: (r["crime_type"] not in NAMES, -abs(float(r["z"]))))
        for row in rows:
            name = NAMES.get(row["crime_type"], row["crime_type"])
            text = comparison_sentence(name, row).rstrip(".")
            if which == PREVIOUS:
                text += _concentration(sa, row)
            found.append(text + ".")
    compared = [r for r in _rows(sa) if r["comparable"]]
    if compared and not found:
        found.append(f"No change against {sa.previous_year} or the three-year average was "
                     f"statistically significant ({len(compared)} comparisons made).")
    return found


def _concentration(sa: StrategicAssessment, row: dict[str, Any]) -> str:
    """ "; the rise was concentrated in High Street ward (+80 of +120)" when one ward holds
    at least a third of the district's change (ward counts over the whole years)."""
    if sa.wards.empty or "change" not in sa.wards.columns or row.get("like_for_like"):
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
        f"recorded crime in {sa.year} (between {top['harm_share_low']:.0f}% and "
        f"{top['harm_share_high']:.0f}% with the weights' low and high values), against "
        f"{top['count'] / harm['count'].sum():.0%} of its volume."
    ]


def hotspot_sentence(grid: Any, wards: Any) -> str:
    """The hot spots in words, and where their crimes were: "most" only when the wards named
    hold more than half of them."""
    hot = grid[grid["classification"].isin(["hot spot 99%", "hot spot 95%"])]
    cell = f"{grid.attrs['cell_size']:,.0f} m"
    if hot.empty:
        return (f"No grid cell of {cell} was a statistically significant hot spot of crime "
                "(Gi*, 95%, false discovery rate controlled).")
    if "hot_by_ward" in grid.attrs:  # each crime's own ward
        by_ward = pd.Series(grid.attrs["hot_by_ward"], dtype=float).sort_values(ascending=False)
    else:  # each cell's crimes in the ward of its centre
        centres = hot.assign(geometry=hot.geometry.representative_point())
        joined = centres.sjoin(wards[["name", "geometry"]], predicate="within")
        by_ward = joined.groupby("name")["n"].sum().sort_values(ascending=False)
    total = float(hot["n"].sum())
    names, held = [], 0.0
    for name, n in by_ward.head(3).items():
        names.append(str(name))
        held += float(n)
        if held > total / 2:
            break
    share = held / total if total else 0.0
    where = (f"most of those crimes ({share:.0%}) were in {_and(names)} ward"
             + ("s" if len(names) > 1 else "") if share > 0.5 else
             f"the wards holding most of them were {_and(names)} ({share:.0%} together)")
    return (
        f"{len(hot)} cells of {cell} were hot spots of crime (Gi*, 95% or more, false discovery "
        f"rate controlled), holding {int(total):,} crimes ({total / max(grid['n'].sum(), 1):.0%}"
        f" of those mapped); {where}."
    )


def _hotspots(sa: StrategicAssessment) -> list[str]:
    if sa.hotspots is None:
        return []
    return [hotspot_sentence(sa.hotspots, sa.ward_shapes)]


def _peers(sa: StrategicAssessment) -> list[str]:
    return [sa.peers.sentence()] if sa.peers is not None and sa.peers.sentence() else []


def not_compared(sa: StrategicAssessment) -> list[str]:
    """What could not be compared, and why: one sentence per comparison and reason."""
    out = []
    for which in (PREVIOUS, THREE_BEFORE):
        rows = [r for r in _rows(sa) if r["comparison"] == which and not r["comparable"]]
        reasons = pd.Series([f"{r['status']}|{r['reason']}" for r in rows]).value_counts()
        for key, n in reasons.items():
            status, reason = str(key).split("|", 1)
            mine = [r for r in rows if f"{r['status']}|{r['reason']}" == key]
            label = f"with {mine[0]['before_period']}" if which == PREVIOUS else \
                f"with the average of {mine[0]['before_period']}"
            if status == "too small":
                names = _and(sorted(_lower(r["crime_type"]) for r in mine))
                out.append(f"Too few to compare {label}: {names}.")
                continue
            what = "any series" if n == len(_rows(sa)) / 2 else _and(sorted(
                _lower(r["crime_type"]) for r in mine))
            out.append(f"{sa.year} could not be compared {label} for {what}: {reason}.")
    return out


def _lower(crime_type: str) -> str:
    name = NAMES.get(crime_type, crime_type)
    return name[0].lower() + name[1:]


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
    status = sa.quality.get("irregular_status", "")
    if status.startswith("The irregular-month check could not run"):
        out.append(status)
    return out
