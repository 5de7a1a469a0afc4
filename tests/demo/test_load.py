"""The demo borough loaded through the real readers, as `cspkit demo` does it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cspkit.cli import main
from cspkit.demo.load import run_demo
from cspkit.geography import assign_district_wards, population_by
from cspkit.store import Store
from cspkit.store.coverage import coverage


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("demo")
    store = Store(root / "store")
    return store, run_demo(store, root / "files", seed=2024)


def test_everything_generated_is_loaded(demo_run) -> None:  # type: ignore[no-untyped-def]
    store, run = demo_run
    b = run.borough
    assert run.police.rows == b.rows == 99_360
    assert run.police.files == len(b.months) == 60
    con = store.connect()
    assert con.execute("SELECT count(DISTINCT lsoa_code) FROM street").fetchone() == (b.n_lsoas,)
    assert con.execute("SELECT count(*) FROM street WHERE longitude IS NULL").fetchone() == (
        b.no_location_rows,
    )
    assert set(run.tables) == {
        "lsoa_ward",
        "lad_csp_pfa",
        "boundaries_ward_2022",
        "boundaries_lsoa_2011",
        "population",
    }
    pop = population_by(store, "ward", 2019)
    assert int(pop["population"].sum()) == b.population


def test_demo_coverage_is_complete(demo_run) -> None:  # type: ignore[no-untyped-def]
    store, _ = demo_run
    cov = coverage(store)
    assert (cov["flag"] == "ok").all()
    assert len(cov) == 60


def test_wards_by_point_agree_with_the_lookup_where_lsoas_nest(demo_run) -> None:  # type: ignore[no-untyped-def]
    store, run = demo_run
    got = assign_district_wards(store, run.borough.district_code)
    located = got[got["longitude"].notna()]
    assert (located["ward_method"] == "point").all()
    lookup = store.connect().execute("SELECT lsoa_code, ward_code FROM lsoa_ward").df()
    joined = located.merge(lookup, on="lsoa_code", suffixes=("", "_lookup"))
    assert (joined["ward_code"] == joined["ward_code_lookup"]).mean() > 0.99


def test_the_demo_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CSPKIT_HOME", str(tmp_path))
    result = CliRunner().invoke(main, ["demo", "--no-django"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Generating the demo borough (seed 2024) in {tmp_path / 'demo'} ..."
    assert "Castlebridge (E07000999): 26 wards, 98 LSOAs, population 175,900" in lines[1]
    assert "Loaded 60 police files, 99,360 rows" in lines
    assert f"Store: {tmp_path / 'store'}" in lines
    assert "  months: 2018-04 to 2023-03 (60 force-months loaded)" in lines
    assert "  missing months: none" in lines
    again = CliRunner().invoke(main, ["demo", "--no-django"])  # idempotent: same rows again
    assert "  street: 99,360 rows" in again.output.splitlines()


@pytest.mark.slow
@pytest.mark.django_db
def test_the_demo_runs_the_main_job(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`cspkit demo` as scripts/demo runs it, but for the server: the borough loaded, the demo
    partnership with a user per role, its assessment written by a background job; run twice,
    it comes back to the same state, and each printed sign-in works."""
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    from cspkit.jobs.models import Job
    from cspkit.partnership.models import Membership, Partnership

    monkeypatch.setenv("CSPKIT_HOME", str(tmp_path))
    for args in (["demo", "--no-assessment"], ["demo"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
    out = result.output
    p = Partnership.objects.get(slug="demo")
    assert (p.name, p.district_codes, p.police_force) == (
        "Safer Castlebridge Partnership (demo data)", ["E07000999"], "castlebridgeshire")
    assert "Partnership: Safer Castlebridge Partnership (demo data) (/p/demo/)" in out
    assert Membership.objects.filter(partnership=p).count() == 5
    for username in ("demo-admin", "demo-officer", "demo-lead", "demo-partner", "demo-scrutiny"):
        line = next(x for x in out.splitlines() if x.strip().startswith(username))
        password = line.split("password")[1].split()[0]
        request = RequestFactory().post("/sign-in/")  # django-axes judges each sign-in
        assert authenticate(request, username=username, password=password) is not None, line
    job = Job.objects.filter(kind="assess", status="done").latest("pk")
    folder = tmp_path / "assessments" / "demo" / f"job-{job.pk}"
    assert sorted(x.name for x in folder.iterdir()) == [
        f"strategic-assessment-E07000999-2022-23.{x}" for x in ("docx", "html", "pdf")]
    assert "Wrote strategic-assessment-E07000999-2022-23.html" in out
    assert "Three things to try" in out
