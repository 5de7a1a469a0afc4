"""Months, financial years, quarters and counts by period."""

from __future__ import annotations

import pandas as pd
import pytest

from cspkit.analysis.periods import (
    PERIOD_COLUMNS,
    comparison_periods,
    counts_by_period,
    describe_months,
    exclusions,
    rolling_months,
)
from cspkit.calendar import (
    add_months,
    financial_year_months,
    financial_year_of,
    month_range,
    parse_financial_year,
    quarter_of,
    shift_financial_year,
)
from cspkit.errors import InputError
from tests.test_calendar import FINANCIAL_YEARS


@pytest.mark.parametrize(
    ("month", "year"),
    [
        ("2021-03", "2020/21"),
        ("2021-04", "2021/22"),
        ("2021-05", "2021/22"),
        ("2021-12", "2021/22"),
        ("2022-01", "2021/22"),
        ("2022-03", "2021/22"),
        ("2022-04", "2022/23"),
        ("1999-04", "1999/00"),
        ("2000-03", "1999/00"),
    ],
)
def test_financial_year_of_turns_at_april(month: str, year: str) -> None:
    assert financial_year_of(month) == year


@pytest.mark.parametrize(("typed", "written"), FINANCIAL_YEARS)
def test_comparison_periods_read_every_form_of_a_year(typed: str, written: str) -> None:
    """The table of forms is tests/test_calendar.py's; the analysis reads them the same."""
    assert comparison_periods(typed).selected == written


def test_the_1999_financial_year_wraps_the_century() -> None:
    assert parse_financial_year("1999/00") == "1999/00"
    assert financial_year_months("1999/00")[-1] == "2000-03"


@pytest.mark.parametrize("text", ["2021/23", "2021", "21/22", "2021-2023", "April 2021", ""])
def test_comparison_periods_refuse_what_the_calendar_refuses(text: str) -> None:
    with pytest.raises(InputError) as err:
        comparison_periods(text)
    with pytest.raises(InputError) as calendar_err:
        parse_financial_year(text)
    assert str(err.value) == str(calendar_err.value)
    assert str(err.value).endswith("; write it as 2021/22 (April 2021 to March 2022)")


def test_financial_year_months_run_april_to_march() -> None:
    months = financial_year_months("2021-22")
    assert months == month_range("2021-04", "2022-03")
    assert len(months) == 12 and months[0] == "2021-04" and months[-1] == "2022-03"


def test_bad_month_says_how_to_write_one() -> None:
    with pytest.raises(InputError) as err:
        financial_year_of("2021-13")
    assert str(err.value) == "'2021-13' is not a month; write it as YYYY-MM, e.g. 2021-05"


def test_quarters_financial_and_calendar() -> None:
    assert [quarter_of(m) for m in ("2021-04", "2021-06", "2021-07", "2022-01", "2022-03")] == [
        "2021/22 Q1", "2021/22 Q1", "2021/22 Q2", "2021/22 Q4", "2021/22 Q4",
    ]
    assert quarter_of("2022-03", financial=False) == "2022 Q1"
    assert quarter_of("2022-12", financial=False) == "2022 Q4"


def test_rolling_twelve_months_and_month_arithmetic() -> None:
    assert rolling_months("2022-03") == financial_year_months("2021/22")
    assert rolling_months("2022-02", 3) == ["2021-12", "2022-01", "2022-02"]
    assert add_months("2021-11", 3) == "2022-02"
    assert add_months("2021-01", -1) == "2020-12"
    assert shift_financial_year("2021/22", -3) == "2018/19"


def test_comparison_periods_are_the_previous_year_and_the_three_before() -> None:
    cp = comparison_periods("2021-22")
    assert cp.selected == "2021/22"
    assert cp.previous == "2020/21"
    assert cp.three_before == ("2018/19", "2019/20", "2020/21")
    assert cp.three_before_label == "2018/19 to 2020/21"


def monthly(counts: dict[str, int], category: str = "Burglary") -> pd.DataFrame:
    return pd.DataFrame(
        {"crime_type": category, "month": list(counts), "count": list(counts.values())}
    )


def test_counts_by_financial_year_leave_out_excluded_months_and_say_why() -> None:
    months = month_range("2020-04", "2022-03")
    table = monthly({m: 10 for m in months})
    out = counts_by_period(table, by="crime_type", excluded={"2020-11": "low", "2020-12": "low"})
    assert list(out.columns) == ["crime_type", *PERIOD_COLUMNS]
    rows = out.set_index("period")
    assert rows.loc["2020/21", "count"] == 100
    assert rows.loc["2020/21", "months_counted"] == 10
    assert rows.loc["2020/21", "not_counted"] == "2020-11 to 2020-12 low"
    assert rows.loc["2021/22", "count"] == 120
    assert rows.loc["2021/22", "not_counted"] == ""
    assert (out["months_in_period"] == 12).all()


def test_counts_by_period_report_months_without_data_and_fill_zero_for_a_silent_group() -> None:
    table = pd.concat(
        [
            monthly({"2021-06": 4, "2021-07": 5}),
            monthly({"2021-07": 2, "2021-08": 1}, "Robbery"),
        ]
    )
    out = counts_by_period(table, by="crime_type").set_index("crime_type")
    assert out.loc["Burglary", "count"] == 9
    assert out.loc["Robbery", "count"] == 3
    assert out.loc["Robbery", "months_counted"] == 3  # 2021-06 is covered: Robbery had none
    assert out.loc["Robbery", "not_counted"] == (
        "2021-04 to 2021-05 no data; 2021-09 to 2022-03 no data"
    )


def test_counts_by_quarter_and_by_month() -> None:
    table = monthly({m: i for i, m in enumerate(month_range("2021-04", "2021-09"), start=1)})
    q = counts_by_period(table, "quarter")
    assert q[["period", "count", "months_counted"]].values.tolist() == [
        ["2021/22 Q1", 6, 3], ["2021/22 Q2", 15, 3],
    ]
    cq = counts_by_period(table, "calendar_quarter")
    assert cq["period"].tolist() == ["2021 Q2", "2021 Q3"]
    m = counts_by_period(table, "month", excluded=["2021-05"])
    assert m.loc[m["period"] == "2021-05", ["count", "not_counted"]].values.tolist() == [
        [0, "2021-05 excluded"]
    ]


def test_exclusions_from_a_coverage_table_keep_only_flagged_months() -> None:
    cov = pd.DataFrame(
        {"force": "kent", "month": ["2018-10", "2018-11", "2018-12", "2019-03"],
         "flag": ["ok", "low", "low", "missing"]}
    )
    assert exclusions(cov) == {"2018-11": "low", "2018-12": "low", "2019-03": "missing"}
    assert describe_months(exclusions(cov)) == "2018-11 to 2018-12 low; 2019-03 missing"


def test_counts_by_period_rejects_an_unknown_period_and_missing_columns() -> None:
    with pytest.raises(InputError, match="period='year' is not a period kind; use one of"):
        counts_by_period(monthly({"2021-04": 1}), "year")
    with pytest.raises(InputError) as err:
        counts_by_period(pd.DataFrame({"month": ["2021-04"], "n": [1]}))
    assert str(err.value) == (
        "counts_by_period(): monthly lacks column(s) 'count'; it has 'month', 'n'. Rename the "
        "columns or pass the names your table uses"
    )
