"""The RAG rule (cspkit.indicators.rag) and reporting periods."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from cspkit.analysis.policy import ComparisonPolicy, period_counts
from cspkit.calendar import parse_period
from cspkit.errors import InputError
from cspkit.indicators import rag as rule
from cspkit.indicators.rag import UNTESTED, Rag, rag_status, trend


@pytest.mark.parametrize(
    ("values", "target", "direction", "baseline", "want"),
    [
        # no status without a target or a value
        ([], 10, "up", None, Rag("none", "no measurements yet")),
        ([5], None, "up", None, Rag("none", "no target set")),
        # green: the latest value meets the target (whatever the trend)
        ([12, 11, 10], 10, "up", None, Rag("green", "10 is at or above the target of 10",
                                            "worsening")),
        ([30, 25, 20], 20, "down", None, Rag("green", "20 is at or below the target of 20",
                                              "improving")),
        # amber: missed, but improving
        ([10, 12, 14], 20, "up", None, Rag("amber",
                                           "14 misses the target of 20, but the trend is improving",
                                           "improving")),
        ([40, 35, 30], 20, "down", None, Rag("amber",
                                             "30 misses the target of 20, but the trend is "
                                             "improving", "improving")),
        # amber: missed by 5% or less, even when not improving
        ([20, 19.5, 19], 20, "up", None, Rag("amber", "19 misses the target of 20 by 5% or less; "
                                                      "the trend is worsening", "worsening")),
        # red: missed by more than 5% and flat or worsening
        ([14, 12, 10], 20, "up", None, Rag("red", "10 misses the target of 20 by more than 5% "
                                                  "and the trend is worsening", "worsening")),
        ([30, 30], 20, "down", None, Rag("red", "30 misses the target of 20 by more than 5% and "
                                                "the trend is flat", "flat")),
        # one value: the trend is the change from the baseline, else flat
        ([15], 20, "up", 10.0, Rag("amber", "15 misses the target of 20, but the trend is "
                                            "improving", "improving")),
        ([15], 20, "up", None, Rag("red", "15 misses the target of 20 by more than 5% and the "
                                          "trend is flat", "flat")),
    ],
)
def test_rag_rule(
    values: list[float], target: float | None, direction: str, baseline: float | None, want: Rag
) -> None:
    basis = UNTESTED if want.status != "none" else ""
    assert rag_status(values, target, direction, baseline) == dataclasses.replace(want,
                                                                                 basis=basis)


def test_trend_uses_the_latest_three_values() -> None:
    # an old fall, then three rising values: improving where up is good
    assert trend([50, 10, 11, 12], "up") == "improving"
    assert trend([50, 10, 11, 12], "down") == "worsening"
    assert trend([5, 9, 5], "up") == "flat"


def test_bad_direction_names_the_choices() -> None:
    with pytest.raises(InputError, match=r"^an indicator's direction is 'up' or 'down' \(the way "
                                         r"that is good\), not 'sideways'$"):
        rag_status([1], 2, "sideways")


@pytest.mark.parametrize(
    ("label", "form", "start", "end"),
    [
        ("2021-04", "month", dt.date(2021, 4, 1), dt.date(2021, 4, 30)),
        ("2024-02", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2021/22", "financial year", dt.date(2021, 4, 1), dt.date(2022, 3, 31)),
        ("1999/00", "financial year", dt.date(1999, 4, 1), dt.date(2000, 3, 31)),
        ("2021/22 Q1", "financial quarter", dt.date(2021, 4, 1), dt.date(2021, 6, 30)),
        ("2021/22 Q4", "financial quarter", dt.date(2022, 1, 1), dt.date(2022, 3, 31)),
        ("2021", "calendar year", dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
    ],
)
def test_periods(label: str, form: str, start: dt.date, end: dt.date) -> None:
    p = parse_period(label)
    assert (p.form, p.start, p.end) == (form, start, end)


def test_bad_periods_say_what_is_accepted() -> None:
    with pytest.raises(InputError) as info:
        parse_period("April 2021")
    assert str(info.value) == (
        "'April 2021' is not a period; write a month (2021-04), a financial quarter (2021/22 Q1), "
        "a financial year (2021/22) or a calendar year (2021)"
    )
    with pytest.raises(InputError) as info:
        parse_period("2021/23")
    assert str(info.value) == (
        "'2021/23' is not a financial year: its second year must follow the first (2021/22); "
        "write it as 2021/22 (April 2021 to March 2022)"
    )


# -- a count indicator's trend goes through the comparison policy --------------------------------

def monthly(first: str, counts: list[float]) -> dict[str, float]:
    from cspkit.calendar import add_months

    return {add_months(first, i): c for i, c in enumerate(counts)}


def test_a_significant_fall_in_a_count_is_improving_where_down_is_good() -> None:
    data = monthly("2020-04", [100.0] * 12 + [60.0] * 12)
    got = rule.tested_trend(data, "2022-03", "down")
    assert got.direction == "improving"
    assert got.basis == ("The count fell from 1,200 in Apr 2020\u2013Mar 2021 to 720 in Apr "
                         "2021\u2013Mar 2022 (-40%), a statistically significant decrease "
                         "(p < 0.001; Poisson E-test).")
    assert rule.tested_trend(data, "2022-03", "up").direction == "worsening"
    # the rule the RAG follows: amber (missed but improving) only on a tested change
    rag = rag_status([720.0], 500.0, "down", tested=got)
    assert (rag.status, rag.trend, rag.basis) == ("amber", "improving", got.basis)


def test_noise_is_flat_although_the_latest_three_values_slope() -> None:
    """Overdispersed monthly counts whose totals differ a little: the untested rule would call
    the last three values a trend; the policy finds no significant change."""
    noisy = [30, 70, 25, 80, 35, 60, 20, 75, 40, 65, 30, 70]
    data = monthly("2020-04", [float(c) for c in noisy + [c + 3 for c in noisy]])
    got = rule.tested_trend(data, "2022-03", "down")
    assert got.direction == "flat"
    assert "no significant change" in got.basis
    assert trend([30.0, 65.0, 73.0], "down") == "worsening"  # what the slope alone would say


def test_indicators_refuse_what_the_policy_refuses() -> None:
    """Too few months, numbers too small: the indicator's trend is flat and says the policy's
    reason, the very sentence the policy writes for the same counts."""
    policy = ComparisonPolicy()
    cases = [
        monthly("2021-10", [50.0] * 6 + [40.0] * 6),  # the year before has no usable month
        monthly("2020-04", [0.0, 1.0] * 12),  # under 10 a side: too small
    ]
    for data in cases:
        got = rule.tested_trend(data, "2022-03", "down", policy)
        after = [m for m in sorted(data) if m >= "2021-04"]
        before = [f"{int(m[:4]) - 1}{m[4:]}" for m in after]
        expected = policy.compare(
            period_counts("x", before, data, {m: "not measured" for m in before
                                              if m not in data}),
            period_counts("y", after, data))
        assert not expected.comparable or expected.status == "too small"
        assert got.direction == "flat"
        reason = expected.reason
        assert reason and reason.split(";")[0].split(" has ")[-1] in got.basis
