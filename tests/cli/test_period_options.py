"""Every command option that takes a period reads it through cspkit.calendar: the forms of
tests/test_calendar.py accepted or refused with the same message (as a usage error, exit 2).

The plan commands (which need the web app's database) run the same tables in
tests/plans/test_period_options.py.
"""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cspkit.calendar import parse_period
from cspkit.cli import main
from cspkit.cli._types import FinancialYear, Month, Quarter
from cspkit.errors import InputError
from tests.test_calendar import (
    FINANCIAL_YEARS,
    MONTHS,
    NOT_FINANCIAL_YEARS,
    NOT_MONTHS,
)


def period_params(group: click.Group, path: str = "cspkit") -> dict[str, click.ParamType]:
    """``{"cspkit assess --year": type}`` for every option or argument named like a period."""
    found: dict[str, click.ParamType] = {}
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            found |= period_params(cmd, f"{path} {name}")
            continue
        for p in cmd.params:
            label = p.opts[0] if isinstance(p, click.Option) else (p.name or "").upper()
            if (p.name or "") in ("year", "quarter", "first", "last", "month", "before", "after"):
                found[f"{path} {name} {label}"] = p.type
    return found


def test_every_period_option_reads_through_the_calendar() -> None:
    types = {k: type(v).__name__ for k, v in period_params(main).items()}
    assert types == {
        "cspkit assess --year": "FinancialYear",
        "cspkit case figures YEAR": "FinancialYear",
        "cspkit fetch police --from": "Month",
        "cspkit fetch police --to": "Month",
        "cspkit load geography population --year": "IntParamType",  # mid-year of estimates
        "cspkit places clusters --year": "FinancialYear",
        "cspkit places evaluate --after": "AnyPeriod",
        "cspkit places evaluate --before": "AnyPeriod",
        "cspkit places focus --year": "FinancialYear",
        "cspkit plan diff AFTER": "StringParamType",  # plan versions, not periods
        "cspkit plan diff BEFORE": "StringParamType",
        "cspkit plan progress QUARTER": "Quarter",
        "cspkit plan score --year": "FinancialYear",
        "cspkit plan start --year": "FinancialYear",
    }
    assert {FinancialYear, Month, Quarter} <= {type(v) for v in period_params(main).values()}


def assess(store: Path, year: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--store", str(store), "assess", "--area", "E07000110",
                                       "--year", year])
    return result.exit_code, result.output


@pytest.mark.parametrize(("typed", "message"), NOT_FINANCIAL_YEARS)
def test_assess_refuses_a_year_with_the_calendars_message(typed: str, message: str,
                                                          tmp_path: Path) -> None:
    code, out = assess(tmp_path / "s", typed)
    assert code == 2
    assert out.endswith(f"\n\nError: Invalid value for '--year': {message}\n")


@pytest.mark.parametrize("typed", [typed for typed, _ in FINANCIAL_YEARS])
def test_assess_accepts_every_form_of_a_year(typed: str, tmp_path: Path) -> None:
    """The year passes; the empty store is what stops it (with a command to fill it)."""
    code, out = assess(tmp_path / "s", typed)
    assert code == 2
    assert out == (
        f"Error: the store at {tmp_path / 's'} has no 'lsoa_ward' lookup; load an ONS lookup CSV "
        "with columns like FID, LSOA11CD, LSOA11NM, WD19CD, WD19NM, LAD19CD, LAD19NM "
        "(`cspkit load geography lookup FILE`)\n"
    )


def fetch(store: Path, first: str, last: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [
        "--store", str(store), "fetch", "police", "--district", "E07000110", "--force", "kent",
        "--from", first, "--to", last, "--api-url", "http://127.0.0.1:9/"])
    return result.exit_code, result.output


@pytest.mark.parametrize(("typed", "message"), NOT_MONTHS)
def test_fetch_refuses_a_month_with_the_calendars_message(typed: str, message: str,
                                                          tmp_path: Path) -> None:
    for option, args in (("--from", (typed, "2022-03")), ("--to", ("2021-04", typed))):
        code, out = fetch(tmp_path / "s", *args)
        assert code == 2
        assert out.endswith(f"\n\nError: Invalid value for '{option}': {message}\n")


@pytest.mark.parametrize("typed", [typed for typed, _ in MONTHS])
def test_fetch_accepts_months(typed: str, tmp_path: Path) -> None:
    code, out = fetch(tmp_path / "s", typed, typed)
    assert code == 2
    assert out == (
        f"Error: the store at {tmp_path / 's'} has no ward boundaries (levels loaded: none); "
        "load some with `cspkit load geography boundaries FILE`\n"
    )


def evaluate(store: Path, before: str, after: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [
        "--store", str(store), "places", "evaluate", "--area", "E07000110", "--target",
        "E05005003", "--comparison", "E05004996", "--before", before, "--after", after])
    return result.exit_code, result.output


def test_places_evaluate_reads_any_period_through_the_calendar(tmp_path: Path) -> None:
    code, out = evaluate(tmp_path / "s", "2021/23", "2022/23")
    assert code == 2
    with pytest.raises(InputError) as refused:
        parse_period("2021/23")
    assert out.endswith(f"\n\nError: Invalid value for '--before': {refused.value}\n")
    # every form passes (a quarter, a financial year, a month); the empty store stops it
    for before, after in (("2021-22 Q1", "Q3 2021/22"), ("2020-21", "2021/2022"),
                          ("2021-04", "2021-05")):
        code, out = evaluate(tmp_path / "s", before, after)
        assert code == 2 and out.startswith("Error: the store has no police street data"), out
