"""The one calendar: every form a person might type, accepted or refused, with the exact message.

The tables here are the single list of forms: the command options (tests/cli/test_period_options.py,
tests/plans/test_period_options.py) and the web forms (tests/web/test_period_fields.py) run the
same tables and expect the same outcome and message.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cspkit.calendar import (
    FINANCIAL_YEAR_HOW,
    QUARTER_HOW,
    check_month,
    financial_year_months,
    financial_year_of,
    financial_year_start,
    parse_financial_year,
    parse_period,
    parse_quarter,
    quarter_financial_year,
    quarter_months,
    quarter_of,
    quarter_slug,
    shift_financial_year,
)
from cspkit.errors import InputError

YEAR_ALONE = ("a year alone could mean 2021/22 (April 2021 to March 2022) or 2020/21 (April 2020 "
              "to March 2021)")

#: Financial years as typed -> as cspkit writes them.
FINANCIAL_YEARS = [
    ("2021/22", "2021/22"),
    ("2021-22", "2021/22"),
    ("2021/2022", "2021/22"),
    ("2021-2022", "2021/22"),
    ("FY2021/22", "2021/22"),
    ("FY 2021-22", "2021/22"),
    ("fy2021/2022", "2021/22"),
    (" 2021 / 22 ", "2021/22"),
    ("1999/00", "1999/00"),
    ("1999/2000", "1999/00"),
]

#: Financial years refused -> the whole message (the same in the library, on the command line
#: after "Invalid value for '--year': ", and on the web form).
NOT_FINANCIAL_YEARS = [
    ("2021", f"'2021' is not a financial year: {YEAR_ALONE}; {FINANCIAL_YEAR_HOW}"),
    ("2021/23", "'2021/23' is not a financial year: its second year must follow the first "
                f"(2021/22); {FINANCIAL_YEAR_HOW}"),
    ("2021-2023", "'2021-2023' is not a financial year: its second year must follow the first "
                  f"(2021/2022); {FINANCIAL_YEAR_HOW}"),
    ("2021-05", f"'2021-05' is not a financial year: it names a month, which is in 2021/22; "
                f"{FINANCIAL_YEAR_HOW}"),
    ("2021/22 Q2", "'2021/22 Q2' is not a financial year: it names a quarter of 2021/22; "
                   f"{FINANCIAL_YEAR_HOW}"),
    ("21/22", f"'21/22' is not a financial year; {FINANCIAL_YEAR_HOW}"),
    ("April 2021", f"'April 2021' is not a financial year; {FINANCIAL_YEAR_HOW}"),
]

#: Financial quarters as typed -> as cspkit writes them.
QUARTERS = [
    ("2021/22 Q2", "2021/22 Q2"),
    ("2021-22 Q2", "2021/22 Q2"),
    ("Q2 2021/22", "2021/22 Q2"),
    ("Q2 2021-22", "2021/22 Q2"),
    ("2021-22-q2", "2021/22 Q2"),
    ("2021/22Q2", "2021/22 Q2"),
    ("FY2021/22 Q2", "2021/22 Q2"),
    ("2021/2022 q2", "2021/22 Q2"),
    ("q4-2021-22", "2021/22 Q4"),
]

NOT_QUARTERS = [
    ("2021 Q2", f"'2021 Q2' is not a financial quarter: {YEAR_ALONE}; {QUARTER_HOW}"),
    ("Q2 2021", f"'Q2 2021' is not a financial quarter: {YEAR_ALONE}; {QUARTER_HOW}"),
    ("2021/22 Q5", "'2021/22 Q5' is not a financial quarter: quarters are Q1 (April to June) to "
                   f"Q4 (January to March); {QUARTER_HOW}"),
    ("2021/23 Q2", "'2021/23 Q2' is not a financial quarter: its second year must follow the "
                   f"first (2021/22); {QUARTER_HOW}"),
    ("2021/22", "'2021/22' is not a financial quarter: it names a whole financial year, 2021/22, "
                f"not one of its quarters; {QUARTER_HOW}"),
    ("2021-05", "'2021-05' is not a financial quarter: it names a month, which is in 2021/22 Q1; "
                f"{QUARTER_HOW}"),
    ("second quarter", f"'second quarter' is not a financial quarter; {QUARTER_HOW}"),
]

MONTHS = [("2021-05", "2021-05"), (" 2021-12 ", "2021-12")]
NOT_MONTHS = [
    ("2021-13", "'2021-13' is not a month; write it as YYYY-MM, e.g. 2021-05"),
    ("2021-5", "'2021-5' is not a month; write it as YYYY-MM, e.g. 2021-05"),
    ("May 2021", "'May 2021' is not a month; write it as YYYY-MM, e.g. 2021-05"),
]


@pytest.mark.parametrize(("typed", "written"), FINANCIAL_YEARS)
def test_financial_years_accepted(typed: str, written: str) -> None:
    assert parse_financial_year(typed) == written


@pytest.mark.parametrize(("typed", "message"), NOT_FINANCIAL_YEARS)
def test_financial_years_refused(typed: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_financial_year(typed)
    assert str(info.value) == message


def test_a_year_as_a_number_is_refused_as_the_text_is() -> None:
    with pytest.raises(InputError) as info:
        parse_financial_year(2021)
    assert str(info.value) == NOT_FINANCIAL_YEARS[0][1]


@pytest.mark.parametrize(("typed", "written"), QUARTERS)
def test_quarters_accepted(typed: str, written: str) -> None:
    assert parse_quarter(typed) == written


@pytest.mark.parametrize(("typed", "message"), NOT_QUARTERS)
def test_quarters_refused(typed: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_quarter(typed)
    assert str(info.value) == message


@pytest.mark.parametrize(("typed", "written"), MONTHS)
def test_months_accepted(typed: str, written: str) -> None:
    assert check_month(typed) == written


@pytest.mark.parametrize(("typed", "message"), NOT_MONTHS)
def test_months_refused(typed: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        check_month(typed)
    assert str(info.value) == message


def test_a_named_month_says_what_it_is_for() -> None:
    with pytest.raises(InputError) as info:
        check_month("June 2022", "break month")
    assert str(info.value) == (
        "break month 'June 2022' is not a month; write it as YYYY-MM, e.g. 2021-05"
    )


@pytest.mark.parametrize(("typed", "written"), FINANCIAL_YEARS)
def test_any_period_reads_every_financial_year(typed: str, written: str) -> None:
    period = parse_period(typed)
    assert (period.label, period.form) == (written, "financial year")


@pytest.mark.parametrize(("typed", "written"), QUARTERS)
def test_any_period_reads_every_quarter(typed: str, written: str) -> None:
    period = parse_period(typed)
    assert (period.label, period.form) == (written, "financial quarter")


@pytest.mark.parametrize(("typed", "message"), NOT_QUARTERS[:4] + NOT_FINANCIAL_YEARS[1:3])
def test_any_period_refuses_with_the_same_messages(typed: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_period(typed)
    assert str(info.value) == message


def test_any_period_reads_months_and_calendar_years_by_their_own_rule() -> None:
    """Where any period is asked for, a year alone is a calendar year and YYYY-MM a month."""
    assert parse_period("2021") == parse_period(" 2021 ")
    assert parse_period("2021").form == "calendar year"
    assert (parse_period("2021").start, parse_period("2021").end) == (
        dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert (parse_period("2011-12").form, parse_period("2011/12").form) == (
        "month", "financial year")
    q4 = parse_period("2021-22 Q4")
    assert (q4.label, q4.start, q4.end) == ("2021/22 Q4", dt.date(2022, 1, 1),
                                            dt.date(2022, 3, 31))
    feb = parse_period("2024-02")
    assert (feb.start, feb.end) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    with pytest.raises(InputError) as info:
        parse_period("Q1")
    assert str(info.value) == (
        "'Q1' is not a period; write a month (2021-04), a financial quarter (2021/22 Q1), "
        "a financial year (2021/22) or a calendar year (2021)"
    )


def test_arithmetic_on_years_and_quarters() -> None:
    assert financial_year_of("2022-03") == "2021/22"
    assert financial_year_of("2022-04") == "2022/23"
    assert financial_year_start("FY 2021-22") == 2021
    assert shift_financial_year("2021-22", -3) == "2018/19"
    assert shift_financial_year("1999/00", 1) == "2000/01"
    assert financial_year_months("2021-2022")[::11] == ["2021-04", "2022-03"]
    assert quarter_months("Q4 2021-22") == ["2022-01", "2022-02", "2022-03"]
    assert quarter_months("2021/22 Q1") == ["2021-04", "2021-05", "2021-06"]
    assert quarter_financial_year("2021-22-q3") == "2021/22"
    assert quarter_slug("Q2 2021/22") == "2021-22-q2"
    assert [quarter_of(m) for m in ("2021-04", "2021-07", "2021-12", "2022-01")] == [
        "2021/22 Q1", "2021/22 Q2", "2021/22 Q3", "2021/22 Q4"]
    assert quarter_of("2022-03", financial=False) == "2022 Q1"
