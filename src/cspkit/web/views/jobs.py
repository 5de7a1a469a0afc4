"""Background jobs' pages: one job with its progress, log and result, and its documents.

Access (one place, :func:`job_partnership`): every member of the partnership reads its jobs
(**read rule**: :func:`~cspkit.partnership.permissions.can_view_records` for
:class:`~cspkit.jobs.models.Job`); its administrators and community safety officers start them
(**write rule**: :func:`~cspkit.partnership.permissions.can_add` for a Job of the partnership).
Others get 404 (not a member) or 403 (a member who may not start jobs).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from cspkit.geography.coverage import month_runs
from cspkit.jobs.kinds import job_folder
from cspkit.jobs.models import Job
from cspkit.partnership.models import Partnership
from cspkit.partnership.permissions import can_add, can_view_records, require
from cspkit.web.access import get_partnership, get_record, page

__all__ = ["documents_of", "job", "job_document", "job_partnership", "may_start_jobs"]

#: Where each kind of job is listed (the breadcrumb above its page).
HOME = {"load-police": ("Police data", "web:data"), "fetch-police": ("Police data", "web:data"),
        "load-files": ("Police data", "web:data"),
        "assess": ("Strategic assessment", "web:assessment")}


def may_start_jobs(user: Any, partnership: Partnership) -> bool:
    """The write rule of every job page: may the user start a job for the partnership?"""
    return can_add(user, Job(partnership=partnership))


def job_partnership(request: HttpRequest, slug: str, *, write: bool = False) -> Partnership:
    """The partnership of a job page, if the user may read its jobs (else 404); with
    ``write``, only if they may also start them (else 403)."""
    partnership = get_partnership(request, slug)
    if not can_view_records(request.user, partnership, Job):  # members only, public or not
        raise Http404("No job matches the given query.")
    if write:
        require(may_start_jobs(request.user, partnership), request.user, "start jobs for",
                partnership)
    return partnership


@login_required
def job(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A job: what it does, who started it, its progress (the page reloads itself every two
    seconds until the job is finished), its log and its result or error."""
    partnership = job_partnership(request, slug)
    record = get_record(request, partnership, Job, pk=pk)
    label, name = HOME.get(record.kind, ("Police data", "web:data"))
    result: dict[str, Any] = dict(record.result or {})
    if result.get("periods"):
        result["months"] = "; ".join(month_runs(result["periods"]))
    context = page(
        request, partnership, nav="data" if name == "web:data" else "assessment",
        breadcrumbs=[(label, reverse(name, args=[slug]))], job=record, result=result,
        documents=documents_of(slug, record), refresh=not record.is_finished,
        has_errors=record.status == Job.Status.FAILED,
    )
    return render(request, "web/job.html", context)


def documents_of(slug: str, record: Job) -> list[dict[str, str]]:
    names = (record.result or {}).get("documents", [])
    kinds = {"html": "Read as a web page", "pdf": "PDF", "docx": "Word"}
    return [{"name": n, "label": kinds.get(Path(n).suffix[1:], n),
             "url": reverse("web:job-document", args=[slug, record.pk, n])} for n in names]


@login_required
def job_document(request: HttpRequest, slug: str, pk: int, name: str) -> FileResponse:
    """A document a job wrote (an assessment's HTML, PDF or Word file)."""
    partnership = job_partnership(request, slug)
    record = get_record(request, partnership, Job, pk=pk)
    if name not in (record.result or {}).get("documents", []):
        raise Http404("No such document.")
    path = job_folder("assessments", slug, record.pk) / name
    if not path.is_file():
        raise Http404("The document is no longer there.")
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(path.open("rb"), content_type=kind,
                            as_attachment=not name.endswith(".html"), filename=name)
    if name.endswith(".html"):  # our own document, shown as it is, running nothing
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src data:; " \
            "style-src 'unsafe-inline'"
    return response
