"""The case-work steps as pages, each a form calling one service function: add an action,
close a case, minute a meeting's item; hold the ASB Case Review, add a recommendation, tell
the applicant, record an appeal. Access as every case page (:mod:`cspkit.casework.access`);
opening a step's page logs a view of the case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cspkit.casework import asb, vulnerability
from cspkit.casework.access import open_case
from cspkit.casework.models import AgendaItem, AsbApplication, VulnerabilityCase
from cspkit.errors import CaseError
from cspkit.web.access import get_partnership, page
from cspkit.web.forms import add_model_errors
from cspkit.web.forms.casework_steps import (
    ActionForm,
    AppealForm,
    CloseForm,
    MinutesForm,
    RecommendationForm,
    ReviewForm,
    RiskForm,
    StepForm,
    TellForm,
)

__all__ = ["STEPS", "step"]

Apply = Callable[[Any, Any, dict[str, Any]], Any]
D = dict[str, Any]


def _minutes(user: Any, case: VulnerabilityCase, d: D, item_pk: int) -> Any:
    item = AgendaItem.objects.filter(case=case, pk=item_pk).first()
    if item is None:
        raise Http404("No agenda item matches the given query.")
    return vulnerability.record_minutes(user, item, d["minutes"], d["decision"])


#: step -> (case model, form, title, button, service call)
STEPS: dict[str, tuple[type[Model], type[StepForm], str, str, Apply]] = {
    "action": (VulnerabilityCase, ActionForm, "Add an action", "Add the action",
               lambda u, c, d: vulnerability.add_action(u, c, d["text"], d["owner"], d["due"])),
    "risk": (VulnerabilityCase, RiskForm, "Assess the risk", "Save the assessment",
             lambda u, c, d: vulnerability.set_risk(u, c, d["likelihood"], d["impact"],
                                                    d["risks"], d["review_on"])),
    "close": (VulnerabilityCase, CloseForm, "Close the case", "Close the case",
              lambda u, c, d: vulnerability.close_case(
                  u, c, outcome=d["outcome"], reason=d["reason"], closed_on=d["closed_on"])),
    "review": (AsbApplication, ReviewForm, "Record the case review", "Record the review",
               lambda u, c, d: asb.record_review(u, c, d["review_on"], d["panel"],
                                                 d["findings"])),
    "recommendation": (AsbApplication, RecommendationForm, "Add a recommendation",
                       "Add the recommendation",
                       lambda u, c, d: asb.add_recommendation(u, c, d["text"], d["owner"],
                                                              d["due"])),
    "tell": (AsbApplication, TellForm, "Tell the applicant the outcome", "Record the letter",
             lambda u, c, d: asb.tell_applicant(u, c, d["told_on"], d["letter"])),
    "appeal": (AsbApplication, AppealForm, "Record an appeal", "Record the appeal",
               lambda u, c, d: asb.record_appeal(u, c, d["received_on"], d["outcome"],
                                                 d["decided_on"])),
}


@login_required
@require_http_methods(["GET", "POST"])
def step(
    request: HttpRequest, slug: str, pk: int, name: str, forum: str, item: int = 0
) -> HttpResponse:
    """One step's form (of the ``forum``'s cases); on a valid POST the service function is
    called and the case's page shown again."""
    if name == "minutes":
        model, form_class, title, button = (VulnerabilityCase, MinutesForm, "Minute the case",
                                            "Save the minutes")
        apply: Apply = lambda u, c, d: _minutes(u, c, d, item)  # noqa: E731
    elif name in STEPS:
        model, form_class, title, button, apply = STEPS[name]
    else:
        raise Http404(f"no step {name}")
    if getattr(model, "forum", "") != forum:
        raise Http404(f"no step {name} for these cases")
    partnership = get_partnership(request, slug)
    record = open_case(request.user, partnership, model, pk, what=f"opened the {name} form")
    form = form_class(partnership, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            apply(request.user, record, form.cleaned_data)
        except CaseError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, f"{record}: {title.lower()} done")
            back = "web:casework-case" if model is VulnerabilityCase else "web:asb-application"
            return redirect(back, slug, pk)
    context = page(request, partnership, nav="casework", form=form,
                   title=f"{title}: {record}", button=button)
    return render(request, "web/casework/form.html", context)
