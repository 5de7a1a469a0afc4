"""Police data in a real browser: an officer uploads files, the job runs (the worker in this
process), the page shows it done with its load report, and the coverage page says which months
are loaded. The new pages pass axe-core and do not scroll sideways at 375 pixels."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from cspkit.jobs.models import Job
from cspkit.jobs.services import run_queued
from tests.browser.test_partnership_app import axe_violations
from tests.police_csv import write_street
from tests.web.pages_world import PASSWORD, World, build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("CSPKIT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CSPKIT_STORE", str(tmp_path / "store"))
    return build_world()


def sign_in(page: Any, base: str) -> None:
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/p/a/$"))


def test_upload_then_the_job_is_done_then_coverage(
    page: Any, live_server: Any, world: World, screenshots: Path, tmp_path: Path
) -> None:
    base = live_server.url
    files = [write_street(tmp_path / "in", m, 6) for m in ("2024-01", "2024-02", "2024-04")]
    sign_in(page, base)
    page.get_by_role("link", name="Police data").click()
    page.get_by_role("button", name="Upload files").click()
    page.get_by_label("Files", exact=True).set_input_files([str(f) for f in files])
    page.screenshot(path=screenshots / "data-upload.png", full_page=True)
    page.get_by_role("button", name="Upload and load").click()
    page.wait_for_url(re.compile(r"/p/a/jobs/\d+/$"))
    assert page.locator("[data-status]").inner_text() == "Waiting to start"
    page.screenshot(path=screenshots / "data-job-waiting.png", full_page=True)

    assert run_queued() == 1  # the worker, in this process
    # the page reloads itself every two seconds until the job is finished
    # (a selector, not a script: the page's Content-Security-Policy forbids evaluating strings)
    page.locator('[data-status="done"]').wait_for(timeout=10_000)
    report = page.locator("main").inner_text()
    assert "18 from 3 file(s)" in report
    assert "January 2024 to February 2024 (2 months); April 2024" in report
    page.screenshot(path=screenshots / "data-job-done.png", full_page=True)

    page.get_by_role("link", name="See which months are loaded").click()
    words = page.locator("[data-coverage]").inner_text()
    assert "testshire: 3 months loaded, January 2024 to April 2024." in words
    assert "Missing (no file loaded): March 2024." in words
    assert page.locator('td[data-month="2024-03"]').inner_text() == "Missing"
    page.screenshot(path=screenshots / "data-coverage.png", full_page=True)
    assert Job.objects.get().status == "done"


def test_the_data_pages_pass_axe_and_fit_375_pixels(
    page: Any, live_server: Any, world: World, screenshots: Path, tmp_path: Path
) -> None:
    base = live_server.url
    world.a.police_force = "kent"
    world.a.save()
    sign_in(page, base)
    page.goto(f"{base}/p/a/data/upload/")
    page.get_by_label("Files", exact=True).set_input_files(
        [str(write_street(tmp_path / "in", "2024-01", 4))])
    page.get_by_role("button", name="Upload and load").click()
    page.wait_for_url(re.compile(r"/p/a/jobs/\d+/$"))
    run_queued()
    job = Job.objects.get()
    pages = [("data", "/p/a/data/"), ("upload", "/p/a/data/upload/"),
             ("fetch", "/p/a/data/fetch/"), ("job", f"/p/a/jobs/{job.pk}/"),
             ("assessment", "/p/a/assessment/")]
    found, wide = {}, {}
    for width in (1024, 375):
        page.set_viewport_size({"width": width, "height": 800})
        for name, url in pages:
            page.goto(base + url)
            if width == 1024:
                found[name] = axe_violations(page)
            else:
                wide[name] = page.evaluate("document.documentElement.scrollWidth")
            page.screenshot(path=screenshots / f"data-{name}-{width}.png", full_page=True)
    # errors: the upload form sent empty, the fetch form with a bad month
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(f"{base}/p/a/data/upload/")
    page.get_by_role("button", name="Upload and load").click()
    assert "Choose one or more files to upload" in page.locator(".govuk-error-summary")\
        .inner_text()
    found["upload with errors"] = axe_violations(page)
    page.goto(f"{base}/p/a/data/fetch/")
    page.get_by_label("First month").fill("April")
    page.get_by_role("button", name="Fetch and load").click()
    found["fetch with errors"] = axe_violations(page)
    page.screenshot(path=screenshots / "data-fetch-errors.png", full_page=True)
    assert {name: v for name, v in found.items() if v} == {}
    assert wide == dict.fromkeys(wide, 375)
