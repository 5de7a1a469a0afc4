"""The ASB Case Review's pages: the applications (initials only), the application form, an
application with its clock, incidents, decision, review and recommendations, and the threshold
decision page. Access as for the vulnerability meeting (:mod:`cspkit.casework.access`), for
the ASB Case Review panel's case workers; every page showing an application logs the view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cspkit.casework import asb
from cspkit.casework.access import open_case, require_worker
from cspkit.casework.listing import case_rows
from cspkit.casework.models import AsbApplication, CaseAccess
from cspkit.errors import CaseError
from cspkit.partnership.models import Partnership
from cspkit.web.access import get_partnership, page
from cspkit.web.forms import add_model_errors
from cspkit.web.forms.casework import ApplicationForm, DecisionForm
from cspkit.web.views.casework import _changes

__all__ = ["application", "applications", "decision", "new_application"]

FORUM = "asb_review"


def _crumbs(partnership: Partnership) -> list[tuple[str, str]]:
    return [("ASB Case Review", reverse("web:asb-review", args=[partnership.slug]))]


@login_required
def applications(request: HttpRequest, slug: str) -> HttpResponse:
    """Open applications (or all with ``?closed=1``), newest first, initials only."""
    partnership = get_partnership(request, slug)
    closed = request.GET.get("closed") == "1"
    rows = case_rows(request.user, partnership, FORUM, include_closed=closed)
    context = page(request, partnership, nav="casework", rows=rows, closed=closed)
    return render(request, "web/casework/asb_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new_application(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership(request, slug)
    require_worker(request.user, partnership, FORUM)
    form = ApplicationForm(partnership, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        incidents = data.pop("incidents")
        try:
            app = asb.apply(request.user, partnership, incidents=incidents, **data)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, f"Application recorded as {app.reference}")
            return redirect("web:asb-application", slug, app.pk)
    context = page(request, partnership, nav="casework", breadcrumbs=_crumbs(partnership),
                   form=form, title="Record an application for an ASB Case Review",
                   button="Record the application")
    return render(request, "web/casework/form.html", context)


@login_required
def application(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One application in full, with its clock; the view is logged."""
    partnership = get_partnership(request, slug)
    app = open_case(request.user, partnership, AsbApplication, pk)
    incidents = list(app.incidents.select_related("agency"))
    recs = list(app.recommendations.select_related("owner"))
    views = CaseAccess.objects.filter(partnership=partnership, forum=FORUM, case_id=app.pk)
    context = page(
        request, partnership, nav="casework", breadcrumbs=_crumbs(partnership), app=app,
        incidents=incidents, recommendations=recs, threshold=asb.threshold_of(app),
        clocks=asb.clocks(app, timezone.localdate()),
        changes=_changes([app, *incidents, *recs]), views=views[:50],
    )
    return render(request, "web/casework/asb.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The threshold decision: the test's result shown, the decision recorded on POST."""
    partnership = get_partnership(request, slug)
    app = open_case(request.user, partnership, AsbApplication, pk,
                    what="viewed the threshold decision")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = asb.decide_threshold(request.user, app, form.cleaned_data["decided_on"],
                                          form.cleaned_data["reason"])
        except (CaseError, ValidationError) as error:
            form.add_error(None, str(error) if isinstance(error, CaseError) else error)
        else:
            verdict = "met: hold the review" if result.met else "not met: tell the applicant"
            messages.success(request, f"{app.reference}: threshold {verdict}")
            return redirect("web:asb-application", slug, app.pk)
    context = page(
        request, partnership, nav="casework", breadcrumbs=_crumbs(partnership), app=app,
        form=form, threshold=asb.threshold_of(app), title=f"Threshold decision: {app}",
        button="Record the decision",
    )
    return render(request, "web/casework/form.html", context)
