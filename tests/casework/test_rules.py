"""The rules needing no database: the threshold test, the working-day clock, the risk matrix,
names shortened for lists."""

from __future__ import annotations

from datetime import date

from cspkit.casework.rules import (
    add_working_days,
    initials,
    months_before,
    risk_level,
    threshold_test,
)

RECEIVED = date(2025, 3, 14)  # a Friday


def test_three_complaints_in_six_months_meet_the_statutory_threshold() -> None:
    r = threshold_test([date(2024, 9, 14), date(2024, 12, 1), date(2025, 3, 14)], RECEIVED)
    assert (r.met, r.complaints, r.window_start) == (True, 3, date(2024, 9, 14))
    assert r.summary == ("3 complaints from 14 September 2024 to 14 March 2025: meets the "
                         "threshold of 3 complaints in 6 months (the statutory threshold)")


def test_a_complaint_a_day_before_the_window_or_after_the_application_is_not_counted() -> None:
    r = threshold_test(
        [date(2024, 9, 13), date(2024, 12, 1), date(2025, 3, 1), date(2025, 3, 15)], RECEIVED
    )
    assert (r.met, r.complaints) == (False, 2)
    assert r.summary.startswith("2 complaints from 14 September 2024 to 14 March 2025: does "
                                "not meet the threshold of 3 complaints in 6 months")


def test_a_local_threshold_may_be_looser_and_a_stricter_one_is_flagged() -> None:
    dates = [date(2024, 6, 1), date(2025, 1, 1)]
    looser = threshold_test(dates, RECEIVED, required=2, window_months=12)
    assert looser.met and not looser.stricter_than_statutory
    assert looser.rule == ("2 complaints in 12 months, the local threshold (3 complaints in 6 "
                           "months is the statutory threshold)")
    stricter = threshold_test(dates * 2, RECEIVED, required=4, window_months=3)
    assert stricter.stricter_than_statutory and not stricter.met
    assert "STRICTER than the law allows" in stricter.rule


def test_months_before_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_before(date(2024, 8, 31), 6) == date(2024, 2, 29)
    assert months_before(date(2025, 1, 15), 1) == date(2024, 12, 15)


def test_working_days_skip_weekends() -> None:
    assert add_working_days(RECEIVED, 1) == date(2025, 3, 17)  # Friday -> Monday
    assert add_working_days(RECEIVED, 10) == date(2025, 3, 28)
    assert add_working_days(date(2025, 3, 15), 5) == date(2025, 3, 21)  # from a Saturday


def test_risk_matrix_bands() -> None:
    assert risk_level(5, 3) == (15, "high")
    assert risk_level(2, 4) == (8, "medium")
    assert risk_level(1, 5) == (5, "low")
    assert risk_level(None, 4) == (None, "not assessed")


def test_initials() -> None:
    assert initials("Jane Q Smith") == "J. Q. S."
    assert initials("mary-ann o'neill") == "M. A. O."
    assert initials("  ") == "–"
