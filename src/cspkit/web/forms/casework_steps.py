"""Forms of the case-work steps: an action, closing a case, a meeting's minutes; the ASB Case
Review's review, recommendation, letter to the applicant and appeal. Each takes the
partnership (for the agencies it may name)."""

from __future__ import annotations

from typing import Any

from django import forms

from cspkit.casework.models import AsbApplication, VulnerabilityCase
from cspkit.partnership.models import Organisation, Partnership
from cspkit.web.forms.casework import SCORES, _choice, _date, _text

__all__ = ["ActionForm", "AppealForm", "CloseForm", "MinutesForm", "RecommendationForm",
           "ReviewForm", "RiskForm", "StepForm", "TellForm"]


class StepForm(forms.Form):
    """A form given the partnership; ``owner`` fields list its organisations."""

    def __init__(self, partnership: Partnership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "owner" in self.fields:
            self.fields["owner"] = forms.ModelChoiceField(
                label="Agency responsible", empty_label="Select the agency",
                queryset=Organisation.objects.filter(partnership=partnership),
                error_messages={"required": "Select the agency responsible"},
            )
            self.order_fields(["text", "owner"])


def _owner() -> forms.Field:
    return forms.CharField(label="Agency responsible")  # replaced in StepForm.__init__


class ActionForm(StepForm):
    text = _text("Action", rows=3)
    owner = _owner()
    due = _date("Date it is due")


class RiskForm(StepForm):
    likelihood = forms.TypedChoiceField(label="Likelihood (1 to 5)", choices=SCORES[1:],
                                        coerce=int,
                                        error_messages={"required": "Select the likelihood"})
    impact = forms.TypedChoiceField(label="Impact (1 to 5)", choices=SCORES[1:], coerce=int,
                                    error_messages={"required": "Select the impact"})
    risks = _text("Risks", required=False)
    review_on = _date("Date of the next review", required=False)


class CloseForm(StepForm):
    outcome = _choice("Outcome", VulnerabilityCase.Outcome.choices)
    reason = _text("Why the case closes", rows=3)
    closed_on = _date("Date of closure")


class MinutesForm(StepForm):
    minutes = _text("Minutes", rows=6)
    decision = _text("Decision", required=False, rows=3)


class ReviewForm(StepForm):
    review_on = _date("Date of the review meeting")
    panel = _text("Panel", rows=2, hint="The agencies and roles present")
    findings = _text("What the review found", rows=6)


class RecommendationForm(StepForm):
    text = _text("Recommendation", rows=3)
    owner = _owner()
    due = _date("Date it is due", required=False)


class TellForm(StepForm):
    told_on = _date("Date the applicant was told")
    letter = _text("What the applicant was told", rows=6,
                   hint="The outcome, the reasons, and how to appeal")


class AppealForm(StepForm):
    received_on = _date("Date the appeal was received")
    outcome = forms.ChoiceField(
        label="Outcome of the appeal", required=False, widget=forms.RadioSelect,
        choices=[("", "Not decided yet"), *AsbApplication.Appeal.choices],
    )
    decided_on = _date("Date the appeal was decided", required=False)
