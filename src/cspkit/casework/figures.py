"""The ASB Case Review's yearly published figures (Anti-social Behaviour, Crime and Policing
Act 2014, s.104(10)): for applications received in a financial year, how many there were, how
many met the threshold, how many reviews were held and how many reviews led to
recommendations. Counts only (no one is named), so they are for every member of the
partnership to read and publish; the rule used is stated with them."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from cspkit.calendar import financial_year_start, parse_financial_year
from cspkit.casework.asb import settings_for
from cspkit.casework.models import AsbApplication
from cspkit.casework.rules import ThresholdResult, threshold_test
from cspkit.partnership.models import Partnership

__all__ = ["YearFigures", "yearly_figures"]


@dataclass(frozen=True)
class YearFigures:
    partnership: str
    year: str
    applications: int
    threshold_met: int
    reviews_held: int
    led_to_recommendations: int
    rule: str

    def rows(self) -> list[tuple[str, int]]:
        return [
            ("Applications for an ASB Case Review received", self.applications),
            ("Applications that met the threshold", self.threshold_met),
            ("Case reviews held", self.reviews_held),
            ("Case reviews that led to recommendations", self.led_to_recommendations),
        ]

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["partnership", "financial_year", "measure", "count"])
        for label, n in self.rows():
            writer.writerow([self.partnership, self.year, label, n])
        writer.writerow([self.partnership, self.year, f"Threshold used: {self.rule}", ""])
        return out.getvalue()


def yearly_figures(partnership: Partnership, year: str) -> YearFigures:
    """The figures for applications received in the financial year ``year`` (``2024/25``).

    An application counts as meeting the threshold when its decision said so; a review as
    held when its meeting date is recorded; recommendations when the review made any.
    """
    fy = parse_financial_year(year)
    first = financial_year_start(fy)
    start, end = date(first, 4, 1), date(first + 1, 3, 31)
    apps = AsbApplication.objects.filter(
        partnership=partnership, received_on__gte=start, received_on__lte=end
    )
    reviewed = apps.filter(review_on__isnull=False)
    s = settings_for(partnership)
    rule: ThresholdResult = threshold_test(
        [], end, required=s.asb_complaints, window_months=s.asb_window_months
    )
    return YearFigures(
        partnership=partnership.name,
        year=fy,
        applications=apps.count(),
        threshold_met=apps.filter(threshold_met=True).count(),
        reviews_held=reviewed.count(),
        led_to_recommendations=reviewed.filter(recommendations__isnull=False).distinct().count(),
        rule=rule.rule,
    )
