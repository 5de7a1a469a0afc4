"""The web app's forms, with error messages worded as GOV.UK asks (say what to do)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from cspkit.actions.models import Status

__all__ = ["ProgressForm", "add_model_errors"]

COMMENT_MAX = 2000


class ProgressForm(forms.Form):
    """A progress update on an action: its status now, and a comment."""

    status = forms.ChoiceField(
        label="What is the action’s status now?",
        choices=Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the action’s status",
            "invalid_choice": "Select one of the statuses listed",
        },
    )
    comment = forms.CharField(
        label="Progress since the last update",
        help_text="What was done, what comes next, and anything in the way.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=COMMENT_MAX,
        strip=True,
        error_messages={
            "required": "Enter a comment on the progress made",
            "max_length": f"The comment must be {COMMENT_MAX:,} characters or fewer",
        },
    )


def add_model_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a model's ValidationError on the form: on its field where the form has one, else
    at the top (the error summary shows both)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)
