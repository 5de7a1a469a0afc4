"""Background jobs: started as a user, queued in the database, run by the worker (here in this
process, as `cspkit worker --batch` would), their status, progress, log and result recorded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from cspkit.jobs.models import Job
from cspkit.jobs.services import run_queued, start_job
from tests.police_csv import write_street
from tests.web.pages_world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("CSPKIT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CSPKIT_STORE", str(tmp_path / "store"))
    return build_world()


def test_a_load_job_runs_in_the_worker_and_keeps_its_report(world: World, tmp_path: Path) -> None:
    paths = [str(write_street(tmp_path / "in", m, 4)) for m in ("2024-01", "2024-02")]
    job = start_job(world.officer, world.a, "load-police", {"paths": paths}, "Load 2 files")
    assert (job.status, job.user, job.task_id != "") == ("queued", world.officer, True)
    assert run_queued() == 1
    job.refresh_from_db()
    assert job.status == "done" and job.percent == 100
    assert job.result["rows"] == 8
    assert job.result["periods"] == ["2024-01", "2024-02"]
    assert job.result["lines"][0] == "Loaded 2 file(s) of police data: 8 rows."
    assert job.started is not None and job.finished is not None


def test_a_failed_load_keeps_the_loaders_message(world: World, tmp_path: Path) -> None:
    bad = tmp_path / "2024-01-testshire-street.csv"
    bad.write_text("Month,Nonsense\n2024-01,1\n", encoding="utf-8")
    job = start_job(world.officer, world.a, "load-police", {"paths": [str(bad)]}, "Load a file")
    run_queued()
    job.refresh_from_db()
    assert job.status == "failed"
    assert str(bad) in job.error
    assert "Traceback" not in job.log  # a loader's error is a message, not a bug


def test_only_those_who_may_change_the_partnership_start_jobs(world: World) -> None:
    with pytest.raises(PermissionDenied, match="may not start Job"):
        start_job(world.member, world.a, "load-police", {"paths": []}, "Load nothing")
    with pytest.raises(PermissionDenied):
        start_job(world.b_officer, world.a, "load-police", {"paths": []}, "Load nothing")
    assert not Job.objects.exists()


def test_cspkit_coverage_district_says_the_pages_words(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cspkit.cli import main

    for month in ("2024-01", "2024-02", "2024-05"):
        write_street(tmp_path / "in", month, 3)
    store = str(tmp_path / "store")
    assert CliRunner().invoke(main, ["--store", store, "load", "police",
                                     str(tmp_path / "in")]).exit_code == 0
    out = CliRunner().invoke(main, ["--store", store, "coverage", "--district", "E07000110"])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == [
        "Crimes counted in the whole files (no LSOA lookup lists them).",
        "testshire: 3 months loaded, January 2024 to May 2024.",
        "Missing (no file loaded): March 2024 to April 2024 (2 months).",
    ]


@pytest.mark.shared_data
def test_a_fetch_job_downloads_month_by_month_then_loads(
    world: World, tmp_path: Path, shared_data: Path, httpserver: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fetch page's job against a local stand-in for data.police.uk (never the internet)."""
    from cspkit.sources import load_boundaries
    from cspkit.store import Store

    load_boundaries(Store(tmp_path / "store"),
                    shared_data / "geography/boundaries/maidstone_wards_WD22_E07000110.geojson")
    crime = {"category": "burglary", "location_type": "Force", "context": "", "id": 1,
             "persistent_id": "a" * 64, "location_subtype": "",
             "location": {"latitude": "51.272", "longitude": "0.521",
                          "street": {"id": 9, "name": "On or near High Street"}},
             "outcome_status": None}

    def street(request: Any) -> Any:
        from werkzeug import Response

        month = (request.form or request.args)["date"]
        return Response(json.dumps([dict(crime, month=month)]), content_type="application/json")

    httpserver.expect_request("/api/forces").respond_with_json([{"id": "kent",
                                                                 "name": "Kent Police"}])
    httpserver.expect_request("/api/crime-categories").respond_with_json(
        [{"url": "all-crime", "name": "All crime"}, {"url": "burglary", "name": "Burglary"}])
    httpserver.expect_request("/api/crimes-street/all-crime").respond_with_handler(street)
    httpserver.expect_request("/api/crimes-no-location").respond_with_json([])
    monkeypatch.setenv("CSPKIT_POLICE_API_URL", httpserver.url_for("/api/"))
    params = {"districts": ["E07000110"], "force": "kent", "first": "2024-01", "last": "2024-03"}
    job = start_job(world.officer, world.a, "fetch-police", params, "Fetch 3 months")
    run_queued()
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.log.splitlines() == ["Downloaded 2024-01", "Downloaded 2024-02",
                                    "Downloaded 2024-03"]
    assert (job.result["rows"], job.result["periods"]) == (3, ["2024-01", "2024-02", "2024-03"])


def test_a_job_the_worker_stops_says_so(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from cspkit.jobs import kinds

    def stopped(ctx: Any) -> dict[str, Any]:
        raise KeyboardInterrupt

    monkeypatch.setitem(kinds.KINDS, "load-police", stopped)
    job = start_job(world.officer, world.a, "load-police", {"paths": []}, "Load")
    run_queued()  # the worker records the task as failed too, and goes on
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error.startswith("the worker was stopped while the job ran")
