"""Trends of the vulnerability meeting for the steering group and the strategic assessment:
cases referred per financial quarter by vulnerability flag, risk band, ward, referring agency
and outcome, as counts only, with disclosure control.

Every count is about people's health, abuse or crime, so every count from 1 to 4 is hidden
(and, where a total would reveal it, the next smallest of its row or column:
:func:`cspkit.analysis.disclosure.suppress_small_counts`). The share of cases with a mental
health flag (of the victim or the perpetrator) is computed, never typed, and withheld where
its count is hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from cspkit.analysis.disclosure import DisclosureRules, suppress_small_counts
from cspkit.calendar import quarter_of
from cspkit.casework.models import Flag, VulnerabilityCase
from cspkit.partnership.models import Partnership

__all__ = ["BY", "TrendTable", "mental_health_share", "trend_table"]

#: What a trend table may be broken down by, and its heading.
BY = {"flag": "Vulnerability", "risk": "Risk", "ward": "Ward", "agency": "Referring agency",
      "outcome": "Outcome"}
MENTAL_HEALTH = {"mental_health_victim", "mental_health_perpetrator"}
RULES = DisclosureRules(sensitive=("",))  # every case-work count is sensitive
FLAGS = dict(Flag.choices)
RULE = (f"Every count from 1 to {RULES.threshold} is shown as \"{RULES.marker}\" to protect the "
        "people referred; where a total could reveal a hidden count, the next smallest count "
        f"in its row or column is shown as \"{RULES.marker}\" too. Zero is shown.")


@dataclass(frozen=True)
class TrendTable:
    by: str
    quarters: list[str]
    rows: list[tuple[str, list[str]]]
    """(group, the shown count per quarter: a number or the marker)."""
    rule: str


def _groups(case: VulnerabilityCase, by: str) -> list[str]:
    if by == "flag":
        return [FLAGS.get(f, f) for f in case.flags] or ["No flag recorded"]
    if by == "risk":
        return [case.risk[1].capitalize()]
    if by == "ward":
        return [case.ward_code or "Not recorded"]
    if by == "agency":
        return [str(case.referring_agency)]
    return [case.get_outcome_display() or "Open"]


def _long(partnership: Partnership, by: str) -> pd.DataFrame:
    cases = VulnerabilityCase.objects.filter(partnership=partnership).select_related(
        "referring_agency")
    rows = [
        {"group": g, "quarter": quarter_of(c.referred_on.strftime("%Y-%m"))}
        for c in cases for g in _groups(c, by)
    ]
    table = pd.DataFrame(rows, columns=["group", "quarter"])
    every = pd.MultiIndex.from_product(
        [sorted(set(table["group"])), sorted(set(table["quarter"]))], names=["group", "quarter"]
    )
    counts = table.groupby(["group", "quarter"]).size().reindex(every, fill_value=0)
    return counts.reset_index(name="count")


def trend_table(partnership: Partnership, by: str) -> TrendTable:
    """Cases referred per quarter by ``by`` (one of :data:`BY`), small counts hidden. A case
    with several flags counts once under each."""
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}")
    long = _long(partnership, by)
    if long.empty:
        return TrendTable(by, [], [], "")
    long["below"] = True
    shown = suppress_small_counts(long, area="group", category="quarter", level="below",
                                  rules=RULES)
    quarters = sorted(shown["quarter"].unique())
    grid = shown.pivot(index="group", columns="quarter", values="shown")
    rows = [(str(g), [str(grid.loc[g, q]) for q in quarters]) for g in sorted(grid.index)]
    return TrendTable(by, quarters, rows, RULE)


def mental_health_share(partnership: Partnership, quarter: str | None = None) -> dict[str, Any]:
    """Cases with a mental health flag over all cases (of the quarter, or ever): the counts,
    and the share in per cent where the count is not hidden (0 or 5 and more)."""
    cases = [c for c in VulnerabilityCase.objects.filter(partnership=partnership)
             if quarter is None or quarter_of(c.referred_on.strftime("%Y-%m")) == quarter]
    flagged = sum(1 for c in cases if MENTAL_HEALTH & set(c.flags))
    total = len(cases)
    hidden = 0 < flagged <= RULES.threshold or 0 < total - flagged <= RULES.threshold
    return {
        "cases": total if total == 0 or total > RULES.threshold else RULES.marker,
        "with_mental_health_flag": RULES.marker if hidden else flagged,
        "share": None if hidden or total == 0 else round(100 * flagged / total),
    }
