"""The one calendar: months written ``YYYY-MM`` (as data.police.uk writes them), their arithmetic.

The lowest layer: the store, the demo, the analysis and the web app all count months the same
way through these few functions.
"""

from __future__ import annotations

import re

from cspkit.errors import InputError

__all__ = ["add_months", "check_month", "month_at", "month_index", "month_range"]

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def check_month(value: object, name: str = "month") -> str:
    """``value`` if it is a ``YYYY-MM`` month, else an InputError saying how to write it."""
    if isinstance(value, str) and _MONTH.match(value.strip()):
        return value.strip()
    raise InputError(f"{name}={value!r} is not a month; write it as YYYY-MM, e.g. '2021-05'")


def month_index(month: str) -> int:
    """Months since year 0: ``"2021-05"`` -> 24256 (for arithmetic on months)."""
    m = check_month(month)
    return int(m[:4]) * 12 + int(m[5:7]) - 1


def month_at(index: int) -> str:
    """The month ``index`` months after year 0 (the inverse of :func:`month_index`)."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def add_months(month: str, n: int) -> str:
    """``add_months("2021-11", 3) == "2022-02"``."""
    return month_at(month_index(month) + n)


def month_range(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` inclusive (empty when ``first`` is later)."""
    return [month_at(i) for i in range(month_index(first), month_index(last) + 1)]
