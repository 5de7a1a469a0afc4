"""The vulnerability meeting's pages: the case list (initials only), a referral form, a case
with its actions, minutes, history and views, the meetings and each meeting's agenda.

Access is decided by :mod:`cspkit.casework.access` alone: case workers of the meeting see
everything; the partnership's other members get 403; anyone else 404. Every page showing a
case logs the view.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cspkit.casework.access import cases_of, log_access, open_case, require_worker
from cspkit.casework.listing import case_rows
from cspkit.casework.models import CaseAccess, Flag, Meeting, VulnerabilityCase
from cspkit.casework.rules import initials
from cspkit.casework.vulnerability import RECTIFIABLE, build_agenda, due_actions, rectify, refer
from cspkit.partnership.audit import history_of
from cspkit.partnership.models import Partnership
from cspkit.web.access import get_partnership, page
from cspkit.web.forms import add_model_errors
from cspkit.web.forms.casework import MeetingForm, RectifyForm, ReferralForm
from cspkit.web.views.history import _show

__all__ = ["agenda", "case_detail", "case_list", "meetings", "new_case", "rectify_case"]

FORUM = "vulnerability"
FLAGS = dict(Flag.choices)


def _crumbs(partnership: Partnership) -> list[tuple[str, str]]:
    return [("Vulnerability meeting", reverse("web:casework", args=[partnership.slug]))]


def _partnership(request: HttpRequest, slug: str) -> Partnership:
    """The partnership, readable by the user (404 otherwise), for a case worker (403 else)."""
    partnership = get_partnership(request, slug)
    require_worker(request.user, partnership, FORUM)
    return partnership


@login_required
def case_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Open cases (or all with ``?closed=1``), newest first, with initials only."""
    partnership = get_partnership(request, slug)
    closed = request.GET.get("closed") == "1"
    rows = case_rows(request.user, partnership, FORUM, include_closed=closed)
    today = timezone.localdate()
    due = [{"action": a, "initials": initials(a.case.name), "overdue": a.due < today}
           for a in due_actions(request.user, partnership, today + timedelta(days=7))]
    context = page(request, partnership, nav="casework", rows=rows, closed=closed, due=due,
                   meetings=Meeting.objects.filter(partnership=partnership)[:10])
    return render(request, "web/casework/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new_case(request: HttpRequest, slug: str) -> HttpResponse:
    """The referral form; a valid referral opens the new case's page."""
    partnership = _partnership(request, slug)
    form = ReferralForm(partnership, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = refer(request.user, partnership, **form.cleaned_data)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, f"Referral recorded as {case.reference}")
            return redirect("web:casework-case", slug, case.pk)
    context = page(request, partnership, nav="casework", breadcrumbs=_crumbs(partnership),
                   form=form, title="Refer a case to the vulnerability meeting",
                   button="Record the referral")
    return render(request, "web/casework/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def rectify_case(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Correct the referral's facts, with the reason for the correction (kept in the history)."""
    partnership = get_partnership(request, slug)
    case = open_case(request.user, partnership, VulnerabilityCase, pk,
                     what="opened the rectification form")
    initial = {name: getattr(case, name) for name in RECTIFIABLE}
    form = RectifyForm(partnership, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        why = data.pop("why")
        fields = {k: v for k, v in data.items() if k in RECTIFIABLE}
        try:
            rectify(request.user, case, why, **fields)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, f"{case.reference} corrected")
            return redirect("web:casework-case", slug, case.pk)
    context = page(request, partnership, nav="casework", breadcrumbs=_crumbs(partnership),
                   form=form, title=f"Correct the referral: {case}", button="Save the correction")
    return render(request, "web/casework/form.html", context)


def _changes(records: list[Any]) -> list[dict[str, Any]]:
    rows = [
        {"entry": e, "field": c.label.capitalize(), "before": _show(type(r), c.field, c.before),
         "after": _show(type(r), c.field, c.after)}
        for r in records for e in history_of(r) for c in e.changes
    ]
    return sorted(rows, key=lambda row: row["entry"].when, reverse=True)


@login_required
def case_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One case in full; the view is logged."""
    partnership = get_partnership(request, slug)
    case = open_case(request.user, partnership, VulnerabilityCase, pk)
    actions = list(case.actions.select_related("owner"))
    items = list(case.agenda_items.select_related("meeting").order_by("-meeting__date"))
    views = CaseAccess.objects.filter(partnership=partnership, forum=FORUM, case_id=case.pk)
    context = page(
        request, partnership, nav="casework", breadcrumbs=_crumbs(partnership), case=case,
        flags=[FLAGS.get(f, f) for f in case.flags], actions=actions, items=items,
        changes=_changes([case, *actions, *items]), views=views[:50],
    )
    return render(request, "web/casework/case.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meetings(request: HttpRequest, slug: str) -> HttpResponse:
    """Build (or bring up to date) the agenda of the meeting on a date."""
    partnership = _partnership(request, slug)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = build_agenda(request.user, partnership, form.cleaned_data["date"])
        messages.success(request, f"Agenda built: {meeting.items.count()} cases")
        return redirect("web:casework-agenda", slug, meeting.pk)
    context = page(request, partnership, nav="casework", breadcrumbs=_crumbs(partnership),
                   form=form, title="Build a meeting's agenda", button="Build the agenda")
    return render(request, "web/casework/form.html", context)


@login_required
def agenda(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A meeting's agenda: each case, why it is there, its risk, actions and minutes. Each
    case shown is logged as viewed."""
    partnership = _partnership(request, slug)
    meeting = get_object_or_404(cases_of(request.user, partnership, Meeting), pk=pk)
    items = list(meeting.items.select_related("case", "case__referring_agency"))
    for item in items:
        log_access(request.user, partnership, FORUM, f"shown on the agenda of {meeting}",
                   case=item.case)
    context = page(request, partnership, nav="casework", breadcrumbs=_crumbs(partnership),
                   meeting=meeting, items=items)
    return render(request, "web/casework/agenda.html", context)
