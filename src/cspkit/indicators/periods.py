"""Reporting periods, written the way partnerships write them (no Django here).

==================  ==============  =====================================
form                example         covers
==================  ==============  =====================================
month               ``2021-04``     April 2021
financial quarter   ``2021/22 Q1``  April to June 2021 (Q4: January-March 2022)
financial year      ``2021/22``     April 2021 to March 2022
calendar year       ``2021``        January to December 2021
==================  ==============  =====================================
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

__all__ = ["FREQUENCY_FORMS", "Period", "parse_period"]

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_FY = re.compile(r"^(\d{4})/(\d{2})$")
_FQ = re.compile(r"^(\d{4})/(\d{2}) Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")

#: Which forms of period suit an indicator of each frequency.
FREQUENCY_FORMS = {
    "monthly": ("month",),
    "quarterly": ("financial quarter",),
    "yearly": ("financial year", "calendar year"),
}
EXAMPLES = {
    "month": "2021-04",
    "financial quarter": "2021/22 Q1",
    "financial year": "2021/22",
    "calendar year": "2021",
}


@dataclass(frozen=True)
class Period:
    label: str
    form: str
    start: date
    end: date


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _fy(m: re.Match[str], label: str) -> int:
    first = int(m.group(1))
    if (first + 1) % 100 != int(m.group(2)):
        raise ValueError(
            f"{label!r} is not a financial year: {first}/ is followed by "
            f"{(first + 1) % 100:02d}, e.g. {first}/{(first + 1) % 100:02d}"
        )
    return first


def parse_period(label: str) -> Period:
    """The period a label names; ValueError naming the accepted forms otherwise."""
    text = str(label).strip()
    if m := _MONTH.match(text):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            return Period(text, "month", date(year, month, 1), _month_end(year, month))
    elif m := _FQ.match(text):
        first, q = _fy(m, text), int(m.group(3))
        month = 4 + 3 * (q - 1)
        year = first + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return Period(text, "financial quarter", date(year, month, 1),
                      _month_end(year, month + 2))
    elif m := _FY.match(text):
        first = _fy(m, text)
        return Period(text, "financial year", date(first, 4, 1), date(first + 1, 3, 31))
    elif m := _YEAR.match(text):
        year = int(m.group(1))
        return Period(text, "calendar year", date(year, 1, 1), date(year, 12, 31))
    raise ValueError(
        f"{text!r} is not a period; write a month (2021-04), a financial quarter (2021/22 Q1), "
        "a financial year (2021/22) or a calendar year (2021)"
    )
