"""Forms of the plan pages, with error messages worded as GOV.UK asks (say what to do)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from cspkit.governance.models import Body
from cspkit.partnership.fields import FinancialYearFormField
from cspkit.plans.content import PRIORITY_FIELDS
from cspkit.plans.texts import TEXT_FIELDS

__all__ = ["AdoptForm", "PriorityForm", "StartForm", "TextsForm"]

#: The texts edited on the page (short ones as inputs, the rest as text areas).
SHORT = ("plan_title", "plan_period", "year_label", "strapline", "preface_by", "foreword_by",
         "committee")


class StartForm(forms.Form):
    title = forms.CharField(
        label="Name of the new version", help_text="For example, June 2022 Update",
        max_length=200, error_messages={"required": "Enter the name of the new version"},
    )
    year = FinancialYearFormField(label="Financial year it sets", required=False)


class TextsForm(forms.Form):
    """Every text of a version; paragraphs are separated by a blank line."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in TEXT_FIELDS.items():
            widget = forms.TextInput() if name in SHORT else forms.Textarea(attrs={"rows": 6})
            self.fields[name] = forms.CharField(
                label=label[0].upper() + label[1:], required=False, widget=widget,
                strip=True, max_length=300 if name in SHORT else 50_000,
            )


class PriorityForm(forms.Form):
    title = forms.CharField(label="Title", max_length=300,
                            error_messages={"required": "Enter the priority's title"})
    short_title = forms.CharField(label="Short title", max_length=100, required=False)
    objective = forms.CharField(label="Objective", required=False, widget=forms.Textarea)
    why_important = forms.CharField(label="Why is this important?", required=False,
                                    widget=forms.Textarea(attrs={"rows": 8}))
    focus = forms.CharField(label="What is our focus?", required=False,
                            widget=forms.Textarea(attrs={"rows": 8}))

    def values(self) -> dict[str, str]:
        return {k: self.cleaned_data[k] for k in PRIORITY_FIELDS}


class AdoptForm(forms.Form):
    committee = forms.ModelChoiceField(
        label="Committee that adopted it", queryset=Body.objects.none(), required=False,
    )
    meeting = forms.CharField(label="Meeting", required=False, max_length=300,
                              help_text="The committee's name as minuted, if not listed above")
    date = forms.DateField(label="Date of the meeting", help_text="For example, 2022-06-28",
                           error_messages={"required": "Enter the date of the meeting",
                                           "invalid": "Enter the date as 2022-06-28"})
    minute_reference = forms.CharField(label="Minute reference", required=False, max_length=60)

    def __init__(self, *args: Any, partnership: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["committee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Body.objects.filter(partnership=partnership)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("committee") and not data.get("meeting"):
            self.add_error("committee", "Select the committee, or enter the meeting's name")
        if data.get("date") and data["date"] > dt.date.today():
            self.add_error("date", "The date of the meeting must be today or in the past")
        return data
