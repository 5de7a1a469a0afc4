"""An action's page: its details, its progress updates, and (for those who may change it) the
form to record progress. Members who may not change it see the page without the form; posting
to it anyway answers 403."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cspkit.actions.models import Action, ProgressUpdate, Status
from cspkit.partnership.permissions import can_edit, require
from cspkit.partnership.services import save_record
from cspkit.web.access import get_partnership, get_record, page
from cspkit.web.forms import ProgressForm, add_model_errors
from cspkit.web.views.dashboard import plan_url
from cspkit.web.views.history import history_url


def record_progress(user: Any, action: Action, status: str, comment: str) -> ProgressUpdate:
    """Add a dated progress update and set the action's status to it, in one transaction,
    both audited as ``user``. PermissionDenied or ValidationError as ``save_record`` raises."""
    by = (user.get_full_name() or user.get_username()) if user.is_authenticated else ""
    with transaction.atomic():
        update = ProgressUpdate(
            action=action, date=timezone.localdate(), status=status, comment=comment, by=by
        )
        save_record(user, update)
        if action.status != status:
            action.status = status
            save_record(user, action)
    return update


@login_required
def edit_action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Show an action; record a progress update on POST (403 for those who may not)."""
    partnership = get_partnership(request, slug)
    action = get_record(request, partnership, Action, pk=pk)
    editable = can_edit(request.user, action)
    form: ProgressForm | None = None
    if request.method == "POST":
        require(editable, request.user, "change", action)
        form = ProgressForm(request.POST)
        if form.is_valid():
            status, comment = form.cleaned_data["status"], form.cleaned_data["comment"]
            try:
                record_progress(request.user, action, status, comment)
            except ValidationError as error:
                add_model_errors(form, error)
            else:
                messages.success(
                    request, f"Progress recorded: “{action}” is {Status(status).label.lower()}"
                )
                return redirect(plan_url(partnership, action.action_plan))
    elif editable:
        form = ProgressForm(initial={"status": action.status})
    plan = action.action_plan
    context = page(
        request,
        partnership,
        nav="dashboard",
        breadcrumbs=[(str(plan.subject), plan_url(partnership, action.action_plan))],
        action=action,
        plan=plan,
        form=form,
        has_errors=bool(form is not None and form.errors),
        updates=action.updates.order_by("-date", "-pk"),
        history_url=history_url(partnership, action),
    )
    return render(request, "web/action.html", context)
