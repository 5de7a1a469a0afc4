"""Command option types for periods, each a thin shell over :mod:`cspkit.calendar`.

An option of type :data:`FINANCIAL_YEAR`, :data:`QUARTER` or :data:`MONTH` accepts every form
the calendar reads and hands the command the form it writes (``2021-22`` -> ``2021/22``); a
form the calendar refuses is refused with the calendar's message, as a usage error (exit 2)::

    Error: Invalid value for '--year': '2021' is not a financial year: a year alone could
    mean 2021/22 (April 2021 to March 2022) or 2020/21 (April 2020 to March 2021); write it
    as 2021/22 (April 2021 to March 2022)
"""

from __future__ import annotations

from typing import Any

import click

from cspkit.calendar import check_month, parse_financial_year, parse_period, parse_quarter
from cspkit.errors import InputError

__all__ = ["FINANCIAL_YEAR", "MONTH", "PERIOD", "QUARTER", "AnyPeriod", "FinancialYear", "Month",
           "Quarter"]


class _Period(click.ParamType[str, Any]):
    """A period read by ``parse`` (a function of :mod:`cspkit.calendar`)."""

    metavar = "PERIOD"

    def parse(self, value: str) -> str:
        raise NotImplementedError

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return self.metavar

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> str:
        try:
            return self.parse(str(value))
        except InputError as error:
            self.fail(str(error), param, ctx)


class FinancialYear(_Period):
    """A financial year: ``2021/22``, ``2021-22``, ``2021/2022``, ``FY2021/22`` -> ``2021/22``."""

    name = "financial year"
    metavar = "YEAR"

    def parse(self, value: str) -> str:
        return parse_financial_year(value)


class Quarter(_Period):
    """A financial quarter: ``2021/22 Q2``, ``Q2 2021-22``, ``2021-22-q2`` -> ``2021/22 Q2``."""

    name = "financial quarter"
    metavar = "QUARTER"

    def parse(self, value: str) -> str:
        return parse_quarter(value)


class Month(_Period):
    """A month written ``YYYY-MM``."""

    name = "month"
    metavar = "YYYY-MM"

    def parse(self, value: str) -> str:
        return check_month(value)


class AnyPeriod(_Period):
    """A month, financial quarter, financial year or calendar year (``2021-04``, ``2021/22 Q1``,
    ``2021/22``, ``2021``), written as the calendar writes it."""

    name = "period"
    metavar = "PERIOD"

    def parse(self, value: str) -> str:
        return parse_period(value).label


FINANCIAL_YEAR = FinancialYear()
QUARTER = Quarter()
MONTH = Month()
PERIOD = AnyPeriod()
