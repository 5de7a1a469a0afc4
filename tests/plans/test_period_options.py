"""The plan commands and pages read years and quarters through cspkit.calendar: the forms of
tests/test_calendar.py accepted (and kept as cspkit writes them) or refused with its message."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User

from cspkit.cli import main
from cspkit.cli.plan import plan
from cspkit.exchange import import_yaml
from cspkit.plans.models import PlanVersion
from tests.plans.conftest import EXAMPLE, Maidstone
from tests.plans.test_web import client_for
from tests.test_calendar import FINANCIAL_YEARS, NOT_FINANCIAL_YEARS, NOT_QUARTERS, QUARTERS

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(plan, ["--user", "officer", *args])
    return result.exit_code, result.stdout, result.stderr


def test_plan_start_takes_every_form_of_a_year(smp: Maidstone) -> None:
    for i, (typed, written) in enumerate(FINANCIAL_YEARS):
        code, out, err = run("start", "maidstone", f"Version {i}", "--year", typed)
        assert code == 0, err
        v = PlanVersion.objects.get(title=f"Version {i}")
        assert v.year == written
        assert out == f"Started the Version {i} ({written}) as a draft copy of the June 2021 " \
                      f"Update (id {v.pk})\n"


@pytest.mark.parametrize(("typed", "message"), NOT_FINANCIAL_YEARS)
def test_plan_start_and_score_refuse_a_year_with_the_calendars_message(
    smp: Maidstone, typed: str, message: str
) -> None:
    for args in (("start", "maidstone", "X", "--year", typed),
                 ("score", "maidstone", "June 2021 Update", "--area", "E07000110", "--year",
                  typed)):
        code, _, err = run(*args)
        assert code == 2
        assert err.endswith(f"\n\nError: Invalid value for '--year': {message}\n")
    assert not PlanVersion.objects.filter(title="X").exists()


def test_plan_progress_takes_every_form_of_a_quarter(smp: Maidstone, tmp_path: Path) -> None:
    for i, (typed, written) in enumerate(QUARTERS):
        out_file = tmp_path / f"q{i}.html"
        code, out, err = run("progress", "maidstone", typed, "-o", str(out_file))
        assert (code, out) == (0, f"Wrote {out_file}\n"), err
        start = {"Q2": "1 July to 30 September 2021", "Q4": "1 January to 31 March 2022"}
        assert f"{written}: {start[written[-2:]]}" in out_file.read_text(encoding="utf-8")


@pytest.mark.parametrize(("typed", "message"), NOT_QUARTERS)
def test_plan_progress_refuses_a_quarter_with_the_calendars_message(
    smp: Maidstone, typed: str, message: str, tmp_path: Path
) -> None:
    code, _, err = run("progress", "maidstone", typed, "-o", str(tmp_path / "q.html"))
    assert code == 2
    assert err.endswith(f"\n\nError: Invalid value for 'QUARTER': {message}\n")
    assert not (tmp_path / "q.html").exists()


def test_progress_pages_take_the_url_form_and_the_others(smp: Maidstone) -> None:
    c = client_for(smp.member)
    for typed in ("2021-22-q2", "Q2 2021-22", "2021-2022-Q2"):
        r = c.get(f"/p/maidstone/progress/{typed}.docx")
        assert r.status_code == 200
        assert r["Content-Disposition"] == \
            'attachment; filename="maidstone-progress-2021-22-q2.docx"'
    assert c.get("/p/maidstone/progress/2021-23-q2.html").status_code == 404
    assert c.get("/p/maidstone/progress/2021-22.html").status_code == 404


def test_the_start_page_takes_every_form_of_a_year(smp: Maidstone) -> None:
    c = client_for(smp.officer)
    for i, (typed, written) in enumerate(FINANCIAL_YEARS[:4]):
        r = c.post("/p/maidstone/plan/", {"title": f"Web {i}", "year": typed})
        assert r.status_code == 302
        assert PlanVersion.objects.get(title=f"Web {i}").year == written
    typed, message = NOT_FINANCIAL_YEARS[0]
    r = c.post("/p/maidstone/plan/", {"title": "Web X", "year": typed})
    assert r.status_code == 200 and not PlanVersion.objects.filter(title="Web X").exists()
    assert message.replace("'", "&#x27;") in r.content.decode()


def test_plan_list_without_versions_says_how_to_start(db: None) -> None:
    p = import_yaml(EXAMPLE.read_text(encoding="utf-8"), source=str(EXAMPLE))
    result = CliRunner().invoke(main, ["plan", "list", p.slug])
    assert result.exit_code == 0
    assert result.output == (
        f"{p.name} has no plan versions yet; start the first, a draft taken from its records, "
        f"with `cspkit plan start {p.slug} TITLE --year YEAR` (e.g. --year 2022/23).\n"
    )
    User.objects.create_superuser("admin", password="pw")
    result = CliRunner().invoke(main, ["plan", "--user", "admin", "start", p.slug, "First"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: the partnership has no adopted plan version yet, so the year the new version "
        "sets cannot follow from it; give the financial year, e.g. 2021/22 (cspkit plan start "
        "SLUG TITLE --year 2021/22)\n"
    )
