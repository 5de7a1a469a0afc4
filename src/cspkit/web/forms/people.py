"""Forms of the people pages: add a person with a role, change a person's role."""

from __future__ import annotations

from typing import Any

from django import forms

from cspkit.partnership.models import Membership, Partnership, Role

__all__ = ["PersonForm", "RoleForm"]


class RoleForm(forms.Form):
    """A role, and the subgroup for a subgroup lead."""

    role = forms.ChoiceField(
        label="Role", choices=Role.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select a role",
                        "invalid_choice": "Select one of the roles listed"},
    )
    body = forms.ChoiceField(
        label="Subgroup they lead", required=False,
        help_text="Only for a subgroup lead.",
        error_messages={"invalid_choice": "Select one of the subgroups listed"},
    )

    def __init__(self, partnership: Partnership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        body_model: Any = Membership._meta.get_field("body").related_model
        bodies = body_model._default_manager.filter(partnership=partnership).order_by("name")
        choice: Any = self.fields["body"]
        choice.choices = [("", "None"), *((b.key, b.name) for b in bodies)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role, body = data.get("role"), data.get("body")
        if role == Role.SUBGROUP_LEAD and not body:
            self.add_error("body", "Select the subgroup a subgroup lead leads")
        elif role and role != Role.SUBGROUP_LEAD and body:
            self.add_error("body", "Select None: only a subgroup lead leads a subgroup")
        return data


class PersonForm(RoleForm):
    """A person (new or with an account already) and their role."""

    username = forms.CharField(
        label="User name", max_length=150, strip=True,
        help_text="Their user name here. A new name creates an account with a one-time "
        "password, shown once on the next page.",
        error_messages={"required": "Enter the person’s user name",
                        "max_length": "The user name must be 150 characters or fewer"},
    )
    email = forms.EmailField(
        label="Email address", required=False,
        help_text="For a new account.",
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    field_order = ("username", "email", "role", "body")
