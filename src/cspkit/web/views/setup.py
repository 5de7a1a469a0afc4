"""Setting up a new partnership from the loaded ONS lookups (the page of ``cspkit init``).

Access (one place, :func:`_may_set_up`): creating a partnership is for Django superusers
(read and write rule alike, :mod:`cspkit.partnership.permissions`); others get 403.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cspkit import config
from cspkit.errors import CspkitError
from cspkit.partnership.setup import area_choices, set_up_partnership
from cspkit.store import Store
from cspkit.web.access import page

__all__ = ["setup"]


class SetUpForm(forms.Form):
    area = forms.ChoiceField(label="District", help_text="The partnership's district, from the "
                             "ONS lookups loaded.",
                             error_messages={"required": "Choose the partnership's district"})


def _may_set_up(user: Any) -> None:
    if not (user.is_active and user.is_superuser):
        raise PermissionDenied("only an administrator of this cspkit (a superuser) may set up "
                               "a partnership")


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Choose a district; the partnership is made from the lookups, with you as its
    administrator, and the page says what geography is still to load."""
    _may_set_up(request.user)
    store = Store(config.store_path())
    try:
        choices = [(c.code, f"{c.name} ({c.code})") for c in area_choices(store)]
        problem = ""
    except CspkitError as error:
        choices, problem = [], f"{error}"
    form = SetUpForm(request.POST) if request.method == "POST" else SetUpForm()
    form.fields["area"].choices = [("", "Choose a district"), *choices]
    done = None
    if request.method == "POST" and form.is_valid():
        try:
            done = set_up_partnership(store, form.cleaned_data["area"], admin=request.user)
        except CspkitError as error:
            form.add_error("area", str(error))
    context = page(request, None, form=form, done=done, problem=problem,
                   has_errors=bool(form.errors))
    return render(request, "web/setup.html", context)
