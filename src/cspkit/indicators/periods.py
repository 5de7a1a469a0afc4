"""Which periods suit an indicator of each frequency (no Django here).

Periods are read by :func:`cspkit.calendar.parse_period`: a month (``2021-04``), a financial
quarter (``2021/22 Q1``), a financial year (``2021/22``) or a calendar year (``2021``), in any
form :mod:`cspkit.calendar` accepts, and stored as it writes them.
"""

from __future__ import annotations

from cspkit.calendar import PERIOD_EXAMPLES

__all__ = ["EXAMPLES", "FREQUENCY_FORMS"]

#: Which forms of period suit an indicator of each frequency.
FREQUENCY_FORMS = {
    "monthly": ("month",),
    "quarterly": ("financial quarter",),
    "yearly": ("financial year", "calendar year"),
}
#: An example of each form, for messages.
EXAMPLES = PERIOD_EXAMPLES
