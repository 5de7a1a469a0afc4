"""The one calendar: months, financial quarters and financial years, read and written here only.

Every part of cspkit (the store, the analysis, the indicators, the plans, the web forms and the
command options) reads periods through these functions, so a form accepted in one place is
accepted in all of them, and a form refused is refused with the same message.

==================  =================================================  ===============  ==========
kind                accepted (any case, spaces around separators)      written          covers
==================  =================================================  ===============  ==========
month               ``2021-05``                                        ``2021-05``      May 2021
financial year      ``2021/22``, ``2021-22``, ``2021/2022``,           ``2021/22``      April 2021
                    ``2021-2022``, ``FY2021/22``, ``FY 2021-22``                        to March
                                                                                        2022
financial quarter   a financial year and ``Q1``..``Q4`` either way     ``2021/22 Q2``   July to
                    round: ``2021/22 Q2``, ``2021-22 Q2``,                              September
                    ``Q2 2021/22``, ``2021-22-q2`` (as in URLs)                         2021
calendar year       ``2021`` (only where any period is asked for,      ``2021``         January to
                    as an indicator's period: :func:`parse_period`)                     December
==================  =================================================  ===============  ==========

A year alone (``2021``) is **refused** where a financial year or quarter is asked for: it could
mean 2021/22 or 2020/21, and the message says so. A financial year's two years must follow each
other (``2021/23`` is refused). Quarters are financial: Q1 is April to June, Q4 January to March.

Where any period is asked for (:func:`parse_period`), ``YYYY-MM`` with MM from 01 to 12 is a
month, so ``2011-12`` is December 2011 there; write that financial year ``2011/12``.

>>> parse_financial_year("FY 2021-22"), parse_quarter("2021-22-q2"), quarter_slug("2021/22 Q2")
('2021/22', '2021/22 Q2', '2021-22-q2')
>>> financial_year_of("2022-03"), quarter_of("2022-03"), quarter_months("2021/22 Q4")
('2021/22', '2021/22 Q4', ['2022-01', '2022-02', '2022-03'])
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import re
from dataclasses import dataclass
from datetime import date

from cspkit.errors import InputError

__all__ = [
    "FINANCIAL_YEAR_HOW",
    "PERIOD_EXAMPLES",
    "PERIOD_FORMS",
    "QUARTER_HOW",
    "Period",
    "add_months",
    "check_month",
    "financial_year_months",
    "financial_year_of",
    "financial_year_start",
    "month_at",
    "month_index",
    "month_range",
    "parse_financial_year",
    "parse_period",
    "parse_quarter",
    "quarter_financial_year",
    "quarter_months",
    "quarter_of",
    "quarter_slug",
    "shift_financial_year",
]

#: How to write a financial year (the end of every message refusing one).
FINANCIAL_YEAR_HOW = "write it as 2021/22 (April 2021 to March 2022)"
#: How to write a financial quarter (the end of every message refusing one).
QUARTER_HOW = "write it as 2021/22 Q2 (July to September 2021)"

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_FY_TEXT = r"(?:FY\s*)?(\d{4})\s*[/-]\s*(\d{4}|\d{2})"
_FY = re.compile(rf"^{_FY_TEXT}$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER_AFTER = re.compile(rf"^{_FY_TEXT}\s*-?\s*Q(\d)$", re.IGNORECASE)
_QUARTER_BEFORE = re.compile(rf"^Q(\d)\s*-?\s*{_FY_TEXT}$", re.IGNORECASE)
_YEAR_QUARTER = re.compile(r"^(?:(\d{4})\s*-?\s*Q(\d)|Q(\d)\s*-?\s*(\d{4}))$", re.IGNORECASE)
_QUARTER_NAMES = ("April to June", "July to September", "October to December",
                  "January to March")


# -- months -------------------------------------------------------------------------------------


def check_month(value: object, name: str = "month") -> str:
    """``value`` if it is a ``YYYY-MM`` month, else an InputError saying how to write it.

    ``name`` says what the month is for in the message (``"break month '2021-13' is not a
    month; ..."``)."""
    if isinstance(value, str) and _MONTH.match(value.strip()):
        return value.strip()
    what = "" if name == "month" else f"{name} "
    raise InputError(f"{what}{str(value)!r} is not a month; write it as YYYY-MM, e.g. 2021-05")


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


# -- financial years ----------------------------------------------------------------------------


def _label(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


def _fy_problem(text: str) -> tuple[int | None, str]:
    """The start year of a financial year written ``text``, or None and why it is not one."""
    text = text.strip()
    if m := _FY.match(text):
        start, end = int(m[1]), m[2]
        if int(end) == (start + 1 if len(end) == 4 else (start + 1) % 100):
            return start, ""
        second = _label(start)[5:] if len(end) == 2 else str(start + 1)
        return None, f"its second year must follow the first ({start}/{second})"
    if _YEAR.match(text):
        y = int(text)
        return None, (f"a year alone could mean {_label(y)} (April {y} to March {y + 1}) "
                      f"or {_label(y - 1)} (April {y - 1} to March {y})")
    return None, ""


def parse_financial_year(value: object) -> str:
    """Any accepted form of a financial year (see the module's table) -> ``"2021/22"``.

    >>> parse_financial_year("2021/2022"), parse_financial_year("fy2021-22")
    ('2021/22', '2021/22')
    """
    text = str(value).strip()
    start, why = _fy_problem(text)
    if start is not None and isinstance(value, str):
        return _label(start)
    if isinstance(parts := _quarter_parts(text), tuple):
        why = f"it names a quarter of {parts[0]}"
    elif _MONTH.match(text):
        why = f"it names a month, which is in {financial_year_of(text)}"
    raise InputError(f"{text!r} is not a financial year{': ' + why if why else ''}; "
                     f"{FINANCIAL_YEAR_HOW}")


def financial_year_start(fy: str) -> int:
    """The calendar year in which ``fy`` begins: ``"2021/22"`` -> 2021."""
    return int(parse_financial_year(fy)[:4])


def financial_year_of(month: str) -> str:
    """The financial year (April to March) holding ``month``: ``"2021-05"`` -> ``"2021/22"``."""
    i = month_index(month)
    return _label(i // 12 if i % 12 >= 3 else i // 12 - 1)


def shift_financial_year(fy: str, years: int) -> str:
    """``shift_financial_year("2021/22", -1) == "2020/21"``."""
    return _label(financial_year_start(fy) + years)


def financial_year_months(fy: str) -> list[str]:
    """The twelve months of a financial year, April to March."""
    start = financial_year_start(fy)
    return month_range(f"{start}-04", f"{start + 1}-03")


# -- financial quarters -------------------------------------------------------------------------


def _quarter_parts(text: str) -> tuple[str, int] | str:
    """(financial year, quarter number) of ``text``, or why it is not a financial quarter."""
    if m := _QUARTER_AFTER.match(text):
        year, q = f"{m[1]}/{m[2]}", int(m[3])
    elif m := _QUARTER_BEFORE.match(text):
        year, q = f"{m[2]}/{m[3]}", int(m[1])
    elif m := _YEAR_QUARTER.match(text):
        return _fy_problem(m[1] or m[4])[1]
    else:
        return ""
    start, why = _fy_problem(year)
    if start is None:
        return why
    if not 1 <= q <= 4:
        return f"quarters are Q1 ({_QUARTER_NAMES[0]}) to Q4 ({_QUARTER_NAMES[3]})"
    return _label(start), q


def parse_quarter(value: object) -> str:
    """Any accepted form of a financial quarter (see the module's table) -> ``"2021/22 Q2"``.

    >>> parse_quarter("Q2 2021/22"), parse_quarter("2021-22 q2")
    ('2021/22 Q2', '2021/22 Q2')
    """
    text = str(value).strip()
    parts = _quarter_parts(text)
    if isinstance(parts, tuple) and isinstance(value, str):
        return f"{parts[0]} Q{parts[1]}"
    if isinstance(parts, tuple) or not parts:
        parts = _not_a_quarter(text)
    why = f": {parts}" if parts else ""
    raise InputError(f"{text!r} is not a financial quarter{why}; {QUARTER_HOW}")


def _not_a_quarter(text: str) -> str:
    """Why ``text``, which is no quarter, is not one, when it names another kind of period."""
    if _MONTH.match(text):
        return f"it names a month, which is in {quarter_of(text)}"
    start, why = _fy_problem(text)
    if start is not None:
        return f"it names a whole financial year, {_label(start)}, not one of its quarters"
    return why


def quarter_financial_year(quarter: str) -> str:
    """The financial year of a quarter: ``"2021/22 Q2"`` -> ``"2021/22"``."""
    return parse_quarter(quarter)[:7]


def quarter_months(quarter: str) -> list[str]:
    """The three months of a financial quarter: ``"2021/22 Q4"`` -> Jan, Feb, Mar 2022."""
    q = parse_quarter(quarter)
    first = f"{q[:4]}-04"
    return [add_months(first, 3 * (int(q[-1]) - 1) + i) for i in range(3)]


def quarter_of(month: str, *, financial: bool = True) -> str:
    """``"2021-05"`` -> ``"2021/22 Q1"`` (financial: Q1 = April-June), or ``"2021 Q2"``."""
    i = month_index(month)
    if financial:
        return f"{financial_year_of(month)} Q{(i % 12 - 3) % 12 // 3 + 1}"
    return f"{i // 12} Q{i % 12 // 3 + 1}"


def quarter_slug(quarter: str) -> str:
    """A quarter as written in URLs and file names: ``"2021/22 Q2"`` -> ``"2021-22-q2"``."""
    q = parse_quarter(quarter)
    return f"{q[:4]}-{q[5:7]}-q{q[-1]}"


# -- any period ---------------------------------------------------------------------------------

#: The kinds of period :func:`parse_period` reads, each with an example.
PERIOD_EXAMPLES = {
    "month": "2021-04",
    "financial quarter": "2021/22 Q1",
    "financial year": "2021/22",
    "calendar year": "2021",
}
PERIOD_FORMS = tuple(PERIOD_EXAMPLES)


@dataclass(frozen=True)
class Period:
    """A period as cspkit writes it (``label``), its kind (``form``) and its first and last day."""

    label: str
    form: str
    start: date
    end: date


def _month_end(month: str) -> date:
    year, m = int(month[:4]), int(month[5:7])
    return date(year, m, _stdlib_calendar.monthrange(year, m)[1])


def _month_start(month: str) -> date:
    return date(int(month[:4]), int(month[5:7]), 1)


def parse_period(value: object) -> Period:
    """The period a label names: a month, financial quarter, financial year or calendar year.

    >>> parse_period("2021-22 Q4")
    Period(label='2021/22 Q4', form='financial quarter', start=datetime.date(2022, 1, 1), \
end=datetime.date(2022, 3, 31))
    """
    text = str(value).strip()
    if _MONTH.match(text):
        return Period(text, "month", _month_start(text), _month_end(text))
    if _YEAR.match(text):
        return Period(text, "calendar year", date(int(text), 1, 1), date(int(text), 12, 31))
    parts = _quarter_parts(text)
    if isinstance(parts, tuple) or parts:
        months = quarter_months(text)
        return Period(parse_quarter(text), "financial quarter", _month_start(months[0]),
                      _month_end(months[-1]))
    if _FY.match(text):
        months = financial_year_months(text)
        return Period(parse_financial_year(text), "financial year", _month_start(months[0]),
                      _month_end(months[-1]))
    raise InputError(
        f"{text!r} is not a period; write a month (2021-04), a financial quarter (2021/22 Q1), "
        "a financial year (2021/22) or a calendar year (2021)"
    )
