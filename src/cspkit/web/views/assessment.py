"""The strategic assessment from the browser: choose the year and version, run it in the
background, read it as a page and download PDF and Word; earlier runs kept with their
documents.

Access: :func:`cspkit.web.views.jobs.job_partnership` (read: members; write: administrators
and community safety officers), called once at the top of the view.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cspkit import config
from cspkit.calendar import financial_year_months, financial_year_of, shift_financial_year
from cspkit.geography.coverage import area_coverage
from cspkit.jobs.models import Job
from cspkit.jobs.services import start_job
from cspkit.partnership.models import Partnership
from cspkit.store import Store
from cspkit.web.access import page
from cspkit.web.forms.data import AssessForm
from cspkit.web.views.jobs import documents_of, job_partnership, may_start_jobs

__all__ = ["assessment"]


def latest_whole_year(partnership: Partnership) -> str:
    """The latest financial year within the span of months loaded for the partnership ("" when
    there is none; gaps are the coverage page's to show): the year the page offers first."""
    summary = area_coverage(Store(config.store_path()), partnership.district_codes)
    months = sorted({m for f in summary.forces for m in f.loaded})
    if not months:
        return ""
    year = financial_year_of(months[-1])
    if not months[-1].endswith("-03"):
        year = shift_financial_year(year, -1)
    return year if financial_year_months(year)[0] >= months[0] else ""


@login_required
def assessment(request: HttpRequest, slug: str) -> HttpResponse:
    """Start an assessment (POST, for those who may start jobs) and list the earlier ones."""
    write = request.method == "POST"
    partnership = job_partnership(request, slug, write=write)
    form = AssessForm(request.POST) if write else AssessForm(
        initial={"year": latest_whole_year(partnership)})
    problem = "" if partnership.district_codes else "The partnership has no district set."
    if write and not problem and form.is_valid():
        year, public = form.cleaned_data["year"], form.cleaned_data["version"] == "public"
        area = partnership.district_codes[0]
        params = {"area": area, "year": year, "public": public}
        title = f"Strategic assessment {year}{' (public version)' if public else ''}"
        job = start_job(request.user, partnership, "assess", params, title)
        return redirect("web:job", slug, job.pk)
    runs = [{"job": j, "documents": documents_of(slug, j)}
            for j in Job.objects.filter(partnership=partnership, kind="assess")[:20]]
    context = page(request, partnership, nav="assessment", form=form, runs=runs,
                   problem=problem, may_start=may_start_jobs(request.user, partnership),
                   has_errors=bool(form.errors))
    return render(request, "web/assessment.html", context)
