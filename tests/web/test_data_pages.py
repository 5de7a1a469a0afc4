"""The police data pages, the job page and the assessment page, through Django's test client,
with the worker run in this process (`run_queued`, as `cspkit worker --batch` would)."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cspkit.jobs.models import Job
from cspkit.jobs.services import run_queued
from tests.police_csv import write_street
from tests.web.pages_world import World, build_world, signed_in, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("CSPKIT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CSPKIT_STORE", str(tmp_path / "store"))
    return build_world()


def _csv(tmp_path: Path, month: str, rows: int) -> SimpleUploadedFile:
    path = write_street(tmp_path / "in", month, rows)
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")


def test_upload_runs_a_job_whose_page_shows_progress_then_the_report(
    world: World, tmp_path: Path
) -> None:
    client = signed_in(world.officer)
    files = [_csv(tmp_path, m, 5) for m in ("2024-01", "2024-02", "2024-04")]
    response = client.post("/p/a/data/upload/", {"files": files, "source": "police"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/p/a/jobs/{job.pk}/"
    waiting = client.get(f"/p/a/jobs/{job.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in waiting
    assert "Waiting to start" in waiting and 'value="0"' in waiting
    run_queued()
    page = text_of(client.get(f"/p/a/jobs/{job.pk}/"))
    assert "Load 3 files of police data (2024-01-testshire-street.csv and 2 more)" in page
    assert "Status Done Progress 100%" in page
    assert ("Rows 15 from 3 file(s) Months January 2024 to February 2024 (2 months); "
            "April 2024") in page
    assert 'http-equiv="refresh"' not in client.get(f"/p/a/jobs/{job.pk}/").content.decode()
    coverage = text_of(client.get("/p/a/data/"))
    assert ("testshire: 3 months loaded, January 2024 to April 2024. "
            "Missing (no file loaded): March 2024.") in coverage
    assert "Latest loads" in coverage


def test_a_bad_file_fails_the_job_with_the_loaders_message(world: World) -> None:
    client = signed_in(world.officer)
    bad = SimpleUploadedFile("2024-01-testshire-street.csv", b"Month,Nonsense\n2024-01,1\n")
    client.post("/p/a/data/upload/", {"files": [bad], "source": "police"})
    run_queued()
    job = Job.objects.get()
    html = client.get(f"/p/a/jobs/{job.pk}/").content.decode()
    assert job.error.startswith("2024-01-testshire-street.csv")  # as named, not where kept
    assert "restore the missing column(s)" in job.error
    assert "govuk-error-summary" in html
    assert job.error in unescape(text_of(client.get(f"/p/a/jobs/{job.pk}/")))
    assert "Nothing was loaded" in html


def test_the_upload_form_says_what_to_do(world: World) -> None:
    client = signed_in(world.officer)
    page = text_of(client.post("/p/a/data/upload/", {}))
    assert "There is a problem Choose what the files are Choose one or more files to upload" \
        in page
    pdf = SimpleUploadedFile("notes.pdf", b"%PDF")
    page = text_of(client.post("/p/a/data/upload/", {"files": [pdf], "source": "police"}))
    assert "notes.pdf: not a ZIP or CSV file; choose the archives (zip) or CSV files" in page
    assert not Job.objects.exists()


def test_fetch_checks_months_and_starts_a_job(world: World) -> None:
    world.a.police_force = "kent"
    world.a.save()
    client = signed_in(world.officer)
    page = text_of(client.post("/p/a/data/fetch/", {"first": "2024-13", "last": "2024-01"}))
    assert "Enter the first month as year and month, like 2024-04" in page
    page = text_of(client.post("/p/a/data/fetch/", {"first": "2024-05", "last": "2024-01"}))
    assert "The last month must be the same as or after the first" in page
    response = client.post("/p/a/data/fetch/", {"first": "2024-01", "last": "2024-03"})
    job = Job.objects.get()
    assert response.status_code == 302
    assert job.title == "Fetch January 2024 to March 2024 from data.police.uk"
    assert job.params == {"districts": ["E07000110"], "force": "kent",
                          "first": "2024-01", "last": "2024-03"}


def test_fetch_without_a_force_says_how_to_set_one(world: World) -> None:
    page = text_of(signed_in(world.officer).get("/p/a/data/fetch/"))
    assert "The partnership has no police force set" in page


def test_read_and_write_rules(world: World, tmp_path: Path) -> None:
    member, officer, outsider = (signed_in(u) for u in (world.member, world.officer,
                                                          world.b_officer))
    client = signed_in(world.officer)
    client.post("/p/a/data/upload/",
                {"files": [_csv(tmp_path, "2024-01", 2)], "source": "police"})
    job = Job.objects.get()
    for url in ("/p/a/data/", f"/p/a/jobs/{job.pk}/", "/p/a/assessment/"):
        assert member.get(url).status_code == 200, url  # read: every member
        assert outsider.get(url).status_code == 404, url  # another partnership's: not there
    for url in ("/p/a/data/upload/", "/p/a/data/fetch/"):
        assert officer.get(url).status_code == 200
        assert member.get(url).status_code == 403  # write: administrators and officers
        assert outsider.get(url).status_code == 404
    assert member.post("/p/a/assessment/", {"year": "2024/25"}).status_code == 403
    assert "Upload files" not in member.get("/p/a/data/").content.decode()
    assert signed_in(world.member).get("/p/b/jobs/1/").status_code == 404


def test_the_assessment_page_starts_a_job_and_lists_it(world: World) -> None:
    client = signed_in(world.officer)
    page = text_of(client.post("/p/a/assessment/", {"year": "24", "version": "full"}))
    assert "Enter the financial year as its two years, like 2023/24" in page
    response = client.post("/p/a/assessment/", {"year": "2023/24", "version": "public"})
    job = Job.objects.get()
    assert response.status_code == 302
    assert (job.kind, job.params) == ("assess", {"area": "E07000110", "year": "2023/24",
                                                 "public": True})
    run_queued()  # no data is loaded: the job fails with the assessment's own message
    job.refresh_from_db()
    assert job.status == "failed" and "load" in job.error
    page = text_of(client.get("/p/a/assessment/"))
    assert "Strategic assessment 2023/24 (public version)" in page and "Failed" in page


def test_other_data_loads_through_its_loader(world: World) -> None:
    """ONS lookups uploaded from the page load as `cspkit load geography lookup` loads them."""
    lookup = (b"FID,LAD19CD,LAD19NM,CSP19CD,CSP19NM,PFA19CD,PFA19NM\n"
              b"1,E07000110,Maidstone,E22000142,Maidstone,E23000032,Kent\n")
    client = signed_in(world.officer)
    upload = SimpleUploadedFile("LAD19_CSP19_PFA19_EW_LU.csv", lookup, content_type="text/csv")
    client.post("/p/a/data/upload/", {"files": [upload], "source": "lookup"})
    run_queued()
    job = Job.objects.get()
    assert (job.kind, job.status, job.title) == (
        "load-files", "done", "Load LAD19_CSP19_PFA19_EW_LU.csv (ONS lookups)")
    assert job.result["lines"][0] == "Loaded 1 file(s) of ONS lookups: 1 rows."
    shape = SimpleUploadedFile("wards.shp", b"x")
    page = text_of(client.post("/p/a/data/upload/", {"files": [shape], "source": "boundaries"}))
    assert "wards.shp: not a GEOJSON or JSON or GPKG file; choose GEOJSON or JSON or GPKG files" \
        in page


def test_an_assessments_documents_are_read_in_the_app_and_downloaded(world: World) -> None:
    from cspkit.jobs.kinds import job_folder

    names = [f"strategic-assessment-E07000110-2023-24.{x}" for x in ("html", "pdf", "docx")]
    job = Job.objects.create(partnership=world.a, kind="assess", title="Strategic assessment "
                             "2023/24", status="done", result={"documents": names})
    folder = job_folder("assessments", "a", job.pk)
    folder.mkdir(parents=True)
    for name in names:
        (folder / name).write_bytes(b"<h1>Assessment</h1>" if name.endswith("html") else b"x")
    member = signed_in(world.member)
    page = text_of(member.get("/p/a/assessment/"))
    assert "Strategic assessment 2023/24" in page and "Read as a web page , PDF , Word" in page
    html = member.get(f"/p/a/jobs/{job.pk}/files/{names[0]}")
    assert html["Content-Type"] == "text/html" and "inline" in html["Content-Disposition"]
    assert html["Content-Security-Policy"].startswith("sandbox;")
    assert b"".join(html.streaming_content) == b"<h1>Assessment</h1>"
    pdf = member.get(f"/p/a/jobs/{job.pk}/files/{names[1]}")
    assert pdf["Content-Type"] == "application/pdf" and "attachment" in pdf["Content-Disposition"]
    assert member.get(f"/p/a/jobs/{job.pk}/files/other.pdf").status_code == 404
    assert signed_in(world.b_officer).get(
        f"/p/a/jobs/{job.pk}/files/{names[1]}").status_code == 404


def test_the_assessment_page_offers_the_latest_whole_year_loaded(
    world: World, tmp_path: Path
) -> None:
    from cspkit.sources import load_police
    from cspkit.store import Store

    paths = [write_street(tmp_path / "in", f"{y}-{m:02d}", 1)
             for y, ms in ((2023, range(3, 13)), (2024, range(1, 6))) for m in ms]
    load_police(Store(tmp_path / "store"), paths)  # March 2023 to May 2024: 2023/24 whole
    html = signed_in(world.officer).get("/p/a/assessment/").content.decode()
    assert 'name="year" value="2023/24"' in html
