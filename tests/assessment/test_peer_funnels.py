"""The peers section plots a funnel for each crime group in which the district is an outlier."""

from __future__ import annotations

import pandas as pd

from cspkit.analysis.funnel import funnel, positions
from cspkit.analysis.peers import PeerReport
from cspkit.assessment.evidence import _outlier_funnels
from cspkit.reports.document import Figure, Paragraph, Section

NAMES = ["Here", "A", "B", "C", "D", "E"]
POPULATION = [100_000, 120_000, 90_000, 110_000, 95_000, 105_000]


def report(counts: dict[str, list[int]]) -> PeerReport:
    tables, summary, funnels = [], [], {}
    for crime, n in counts.items():
        fun = funnel(n, POPULATION, adjust="none")
        where = positions(fun, n, POPULATION)
        t = pd.DataFrame({"group": "G", "crime_type": crime, "lad_name": NAMES, "count": n,
                          "population": POPULATION, "target": [True] + [False] * 5,
                          "position": where})
        t["rate_per_1000"] = 1000 * t["count"] / t["population"]
        tables.append(t)
        summary.append({"group": "G", "crime_type": crime, "position": where[0]})
        funnels[("G", crime)] = fun
    return PeerReport("E0", "Here", pd.concat(tables, ignore_index=True), pd.DataFrame(summary),
                      funnels, note="Test data.")


def test_only_outlying_groups_get_a_funnel_plot() -> None:
    s = Section("Peers")
    _outlier_funnels(s, report({"Burglary": [900, 240, 180, 220, 190, 210],
                                "Robbery": [50, 60, 45, 55, 48, 52]}), "G")
    captions = [b.caption for b in s.blocks if isinstance(b, Figure)]
    assert captions == ["Funnel plot: burglary per 1,000 residents against population, "
                        "districts of G"]


def test_within_the_limits_everywhere_is_said() -> None:
    s = Section("Peers")
    _outlier_funnels(s, report({"Robbery": [50, 60, 45, 55, 48, 52]}), "G")
    assert not [b for b in s.blocks if isinstance(b, Figure)]
    assert [b.text for b in s.blocks if isinstance(b, Paragraph)] == [
        "Here lies within the 95% limits of the districts of G for every crime group, so no "
        "group has a funnel plot of its own (the table below gives each group's rank and "
        "position)."]
