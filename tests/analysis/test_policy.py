"""The comparison policy: usable months, like for like, the three-year baseline, small counts,
breaks, the test, and the words."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from cspkit.analysis.dispersion import count_test
from cspkit.analysis.policy import ComparisonPolicy, PeriodCounts, period_counts
from cspkit.calendar import financial_year_months
from cspkit.errors import InputError

POLICY = ComparisonPolicy()


def year(fy: str, per_month: list[float] | float, missing: Sequence[str] = (),
         irregular: str = "") -> PeriodCounts:
    months = financial_year_months(fy)
    values = per_month if isinstance(per_month, list) else [per_month] * 12
    counts = dict(zip(months, values, strict=True))
    return period_counts(fy, months, counts, {m: "missing" for m in missing}, irregular)


def test_a_year_with_one_usable_month_is_refused_in_words() -> None:
    before = year("2020/21", 2, missing=financial_year_months("2020/21")[:11])
    after = year("2021/22", 7)
    c = POLICY.compare(before, after)
    assert not c.comparable and c.result == "not comparable"
    assert c.reason == "2020/21 has 1 usable month (Mar 2021); at least 6 are needed"
    assert c.before_label == "2020/21 (Mar 2021 only)"
    assert c.sentence("Theft from the person") == (
        "Theft from the person cannot be compared between 2020/21 (Mar 2021 only) and 2021/22: "
        "2020/21 has 1 usable month (Mar 2021); at least 6 are needed."
    )
    assert np.isnan(c.p_value) and c.test == ""


def test_like_for_like_on_the_same_calendar_months_and_says_which() -> None:
    rng = np.random.default_rng(1)
    before = year("2020/21", list(rng.poisson(100, 12).astype(float)),
                  missing=["2020-07", "2020-08", "2021-01"])
    after = year("2021/22", list(rng.poisson(100, 12).astype(float)))
    c = POLICY.compare(before, after)
    assert c.comparable
    kept = [m for m in financial_year_months("2021/22") if m[5:] not in ("07", "08", "01")]
    assert list(c.months) == kept
    assert c.after == sum(after.counts[m] for m in kept)
    assert c.before == sum(before.counts[m.replace("2021-", "2020-", 1)
                                          .replace("2022-", "2021-", 1)] for m in kept)
    assert c.like_for_like == ("the same 9 calendar months in each year (Apr to Jun, Sep to "
                               "Dec and Feb to Mar)")
    assert (c.before_months, c.after_months) == (9, 9)
    sentence = c.sentence("Burglary")
    assert sentence.endswith("counting the same 9 calendar months in each year (Apr to Jun, "
                             "Sep to Dec and Feb to Mar).")
    direct = count_test([before.counts[f"2020-{m[5:]}" if m < "2022" else f"2021-{m[5:]}"]
                         for m in kept], [after.counts[m] for m in kept])
    assert c.p_value == direct.p_value and c.method == direct.method


def test_the_three_year_average_never_pools_failing_years() -> None:
    # 3 + 3 + 1 scattered months: each year fails the rule, so there is no baseline
    years = [year("2018/19", 100, missing=financial_year_months("2018/19")[:9]),
             year("2019/20", 100, missing=financial_year_months("2019/20")[3:]),
             year("2020/21", 100, missing=financial_year_months("2020/21")[:11])]
    c = POLICY.compare(years, year("2021/22", 100))
    assert c.result == "not comparable"
    assert c.reason.startswith("the average of 2018/19 to 2020/21 needs at least 2 regular "
                               "years with 6 or more usable months each: 2018/19 has 3 usable "
                               "months (Jan to Mar 2019)")
    assert c.sentence("ASB").startswith("ASB in 2021/22 cannot be compared with the average "
                                        "of 2018/19 to 2020/21: ")


def test_the_irregular_year_is_left_out_of_the_average() -> None:
    rng = np.random.default_rng(2)
    draw = [list(rng.poisson(m, 12).astype(float)) for m in (100, 100, 60, 130)]
    years = [year("2018/19", draw[0]), year("2019/20", draw[1]),
             year("2020/21", draw[2], irregular="irregular low")]
    c = POLICY.compare(years, year("2021/22", draw[3]))
    assert c.baseline_years == ("2018/19", "2019/20")
    assert c.before == sum(draw[0]) + sum(draw[1]) and c.expected == c.before / 2
    assert c.caveats == ("2020/21 left out of the average: irregular low",)
    assert c.result == "statistically significant increase"
    assert c.sentence("Shoplifting").startswith(
        f"Shoplifting rose from an average of {c.expected:,.0f} a year in 2018/19 and 2019/20 "
        f"to {c.after:,.0f} in 2021/22 (+")


def test_too_small_is_judged_on_the_raw_counts() -> None:
    # 8 before in 12 months: too small, whatever the after count
    c = POLICY.compare(year("2020/21", [1.0] * 8 + [0.0] * 4), year("2021/22", 10))
    assert c.status == "too small" and c.result == "numbers too small to compare"
    assert c.reason == "120 after and 8 before; at least 10 are needed on each side"
    assert np.isnan(c.p_value)
    assert "statistically" not in c.sentence("Robbery")
    fine = ComparisonPolicy(min_count=5).compare(year("2020/21", [1.0] * 8 + [0.0] * 4),
                                                  year("2021/22", 10))
    assert fine.comparable and fine.result == "statistically significant increase"


def test_a_break_leaves_out_the_months_that_straddle_it() -> None:
    c = POLICY.compare(year("2020/21", 100), year("2021/22", 100),
                       breaks={"2021-06": "new recording system"})
    assert c.result == "not comparable"
    assert c.reason == ("only 2 calendar months (Apr to May) can be compared like for like in "
                        "2020/21 and 2021/22 on the same side of the break of 2021-06 (new "
                        "recording system); at least 6 are needed")
    late = POLICY.compare(year("2020/21", 100), year("2021/22", 100),
                          breaks={"2022-01": "new recording system"})
    assert late.comparable and late.like_for_like.startswith("the same 9 calendar months")


def test_words_match_the_test() -> None:
    rng = np.random.default_rng(3)
    same = POLICY.compare(year("2020/21", list(rng.poisson(200, 12).astype(float))),
                          year("2021/22", list(rng.poisson(200, 12).astype(float))))
    assert same.result == "no significant change"
    text = same.sentence("Vehicle crime")
    assert text.startswith("Vehicle crime went from ") and " rose " not in text
    assert "-0%" not in text and "+0%" not in text
    assert ComparisonPolicy(alpha=0.9).compare(
        year("2020/21", 100), year("2021/22", 104)).result == "statistically significant increase"
    rate = POLICY.compare(year("2020/21", 2.5), year("2021/22", 3.0), counts=False)
    assert rate.result == "not a count: no significance test" and rate.comparable
    assert rate.sentence("Share reoffending") == (
        "Share reoffending went from 30.0 in 2020/21 to 36.0 in 2021/22 (+20%), not a count, "
        "so not tested.")


def test_the_policy_is_validated() -> None:
    with pytest.raises(InputError) as err:
        ComparisonPolicy(min_months=0)
    assert str(err.value) == ("ComparisonPolicy(): min_months=0 must be a whole number of 1 or "
                              "more")
    with pytest.raises(InputError, match="method='poisson'; use one of 'auto', "
                                         "'quasi-poisson', 'e-test'"):
        ComparisonPolicy(method="poisson")
    with pytest.raises(InputError, match=r"alpha=1\.5 must be a number between 0 and 1"):
        ComparisonPolicy(alpha=1.5)
    assert "at the 0.01 level" in ComparisonPolicy(alpha=0.01).describe()
