"""The rules of case work that need no database: the ASB Case Review's threshold test, its
clock in working days, the risk matrix and names shortened for lists.

The threshold (Anti-social Behaviour, Crime and Policing Act 2014, s.104 and the Home Office's
statutory guidance): a case review is held when the applicant reported anti-social behaviour
**three times in the six months** before the application (each report made within one month
of the behaviour). A partnership may set a local threshold, which may be no stricter than the
statutory one: fewer complaints, or a longer window. :func:`threshold_test` applies whichever
the partnership set and says when it is stricter than the law allows.

Clocks count working days, Monday to Friday; bank holidays are not taken out (a partnership
that counts them sets its times a day or two shorter).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = [
    "STATUTORY_COMPLAINTS",
    "STATUTORY_WINDOW_MONTHS",
    "ThresholdResult",
    "add_working_days",
    "initials",
    "months_before",
    "risk_level",
    "threshold_test",
]

STATUTORY_COMPLAINTS = 3
STATUTORY_WINDOW_MONTHS = 6


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day where it is
    shorter): ``months_before(date(2024, 8, 31), 6) == date(2024, 2, 29)``."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_months_to(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (the month's last day where shorter)."""
    return months_before(day, -months)


def add_working_days(start: date, days: int) -> date:
    """The day ``days`` working days (Monday to Friday) after ``start``."""
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


@dataclass(frozen=True)
class ThresholdResult:
    """What the threshold test found, in words an applicant's letter can quote."""

    met: bool
    complaints: int
    """Complaints counted: those from the window's first day to the application's date."""
    window_start: date
    received: date
    required: int
    window_months: int
    stricter_than_statutory: bool

    @property
    def rule(self) -> str:
        law = (f"{STATUTORY_COMPLAINTS} complaints in {STATUTORY_WINDOW_MONTHS} months is the "
               "statutory threshold")
        rule = f"{self.required} complaints in {self.window_months} months"
        if (self.required, self.window_months) == (STATUTORY_COMPLAINTS, STATUTORY_WINDOW_MONTHS):
            return f"{rule} (the statutory threshold)"
        if self.stricter_than_statutory:
            return f"{rule}, the local threshold, STRICTER than the law allows ({law})"
        return f"{rule}, the local threshold ({law})"

    @property
    def summary(self) -> str:
        verdict = "meets" if self.met else "does not meet"
        return (f"{self.complaints} complaint{'s' if self.complaints != 1 else ''} from "
                f"{self.window_start:%d %B %Y} to {self.received:%d %B %Y}: {verdict} the "
                f"threshold of {self.rule}")


def threshold_test(
    complaint_dates: Iterable[date],
    received: date,
    *,
    required: int = STATUTORY_COMPLAINTS,
    window_months: int = STATUTORY_WINDOW_MONTHS,
) -> ThresholdResult:
    """Apply the threshold to the dates the applicant reported the behaviour.

    Complaints count from ``window_months`` before ``received`` to ``received`` itself, both
    days included; complaints after the application are not counted.
    """
    start = months_before(received, window_months)
    counted = sum(1 for d in complaint_dates if start <= d <= received)
    stricter = required > STATUTORY_COMPLAINTS or window_months < STATUTORY_WINDOW_MONTHS
    return ThresholdResult(
        met=counted >= required,
        complaints=counted,
        window_start=start,
        received=received,
        required=required,
        window_months=window_months,
        stricter_than_statutory=stricter,
    )


def risk_level(likelihood: int | None, impact: int | None) -> tuple[int | None, str]:
    """The risk matrix: score = likelihood x impact (each 1 to 5) and its band: ``high`` from
    15, ``medium`` from 8, else ``low``; ``(None, "not assessed")`` while either is unset."""
    if not likelihood or not impact:
        return None, "not assessed"
    score = likelihood * impact
    return score, "high" if score >= 15 else "medium" if score >= 8 else "low"


def initials(name: str) -> str:
    """A name shortened for lists, ``"Jane Q Smith"`` -> ``"J. Q. S."`` (``"–"`` when blank)."""
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    return " ".join(f"{p[0].upper()}." for p in parts) or "–"
