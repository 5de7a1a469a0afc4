"""The partnership's police data: what is loaded (coverage, gaps in words), uploading files and
fetching months from data.police.uk, each run as a background job.

Access: :func:`cspkit.web.views.jobs.job_partnership` (read: members; write: administrators
and community safety officers), called once at the top of each view.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cspkit import config
from cspkit.geography.coverage import area_coverage, month_name
from cspkit.jobs.kinds import SOURCES
from cspkit.jobs.models import Job
from cspkit.jobs.services import start_job
from cspkit.partnership.models import Partnership
from cspkit.store import Store
from cspkit.web.access import page
from cspkit.web.forms.data import FetchForm, UploadForm
from cspkit.web.views.jobs import job_partnership, may_start_jobs

__all__ = ["data", "fetch", "upload"]

DATA_KINDS = ("load-police", "load-files", "fetch-police")


def _crumbs(slug: str) -> list[tuple[str, str]]:
    return [("Police data", reverse("web:data", args=[slug]))]


@login_required
def data(request: HttpRequest, slug: str) -> HttpResponse:
    """Which months of police data are loaded for the partnership's area, the gaps in words,
    and the latest loads."""
    partnership = job_partnership(request, slug)
    summary = area_coverage(Store(config.store_path()), partnership.district_codes)
    jobs = Job.objects.filter(partnership=partnership, kind__in=DATA_KINDS)[:10]
    context = page(request, partnership, nav="data", coverage=summary, jobs=list(jobs),
                   may_start=may_start_jobs(request.user, partnership))
    return render(request, "web/data.html", context)


def _save_uploads(slug: str, files: list[Any]) -> tuple[Path, list[str]]:
    """Keep the uploaded files under their own names in a new folder; it and their paths."""
    folder = config.data_dir() / "uploads" / slug / secrets.token_hex(8)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for upload in files:
        path = folder / Path(upload.name).name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        paths.append(str(path))
    return folder, paths


def _noun(what: str) -> str:
    """``Partner agency measures (CSV or Excel)`` -> ``partner agency measures``; ``ONS``
    stays in capitals."""
    what = what.split(" (")[0]
    return what[0].lower() + what[1:] if what[1:2].islower() else what


def _upload_title(paths: list[str], what: str = "police data") -> str:
    """``Load 2024-01-kent-street.csv``, ``Load 3 files of police data
    (2024-01-kent-street.csv and 2 more)``."""
    first = Path(paths[0]).name
    if len(paths) == 1:
        return f"Load {first} ({what})" if what != "police data" else f"Load {first}"
    return f"Load {len(paths)} files of {what} ({first} and {len(paths) - 1} more)"


@login_required
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload police data files (zips or CSVs), or partner measures, deprivation, population,
    lookups or boundaries; they load in the background."""
    partnership = job_partnership(request, slug, write=True)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        files, source = form.cleaned_data["files"], form.cleaned_data["source"]
        folder, paths = _save_uploads(slug, files)
        params = {"paths": paths, "folder": str(folder)}
        if source == "police":
            job = start_job(request.user, partnership, "load-police", params,
                            _upload_title(paths))
        else:
            job = start_job(request.user, partnership, "load-files", {**params, "source": source},
                            _upload_title(paths, _noun(SOURCES[source][0])))
        return redirect("web:job", slug, job.pk)
    context = page(request, partnership, nav="data", breadcrumbs=_crumbs(slug), form=form,
                   has_errors=bool(form.errors))
    return render(request, "web/upload.html", context)


def _fetch_problem(partnership: Partnership) -> str:
    if not partnership.police_force:
        return ("The partnership has no police force set, so there is nothing to fetch. Set "
                "it up from the ONS lookups (`cspkit init --area CODE`) or in /admin/.")
    return ""


@login_required
def fetch(request: HttpRequest, slug: str) -> HttpResponse:
    """Fetch months of street crime for the partnership's area from data.police.uk."""
    partnership = job_partnership(request, slug, write=True)
    form = FetchForm(request.POST) if request.method == "POST" else FetchForm()
    problem = _fetch_problem(partnership)
    if request.method == "POST" and not problem and form.is_valid():
        first, last = form.cleaned_data["first"], form.cleaned_data["last"]
        params = {"districts": list(partnership.district_codes),
                  "force": partnership.police_force, "first": first, "last": last}
        span = month_name(first) if first == last else f"{month_name(first)} to {month_name(last)}"
        job = start_job(request.user, partnership, "fetch-police", params,
                        f"Fetch {span} from data.police.uk")
        return redirect("web:job", slug, job.pk)
    context = page(request, partnership, nav="data", breadcrumbs=_crumbs(slug), form=form,
                   problem=problem, has_errors=bool(form.errors))
    return render(request, "web/fetch.html", context)
