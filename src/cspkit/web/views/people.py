"""The people pages: who holds which role in the partnership, and (for its administrators)
forms to add a person, change a role and remove a person.

Read: members of the partnership (others 404, as if it did not exist). Write: its
administrators and superusers (other members 403). Every change is one call of
:mod:`cspkit.partnership.people`, audited as the signed-in user.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cspkit.errors import PeopleError
from cspkit.partnership.models import Membership, Partnership
from cspkit.partnership.people import (
    Person,
    add_person,
    change_role,
    may_manage,
    members,
    remove_person,
)
from cspkit.partnership.permissions import can_view_records, require
from cspkit.web.access import get_partnership, page
from cspkit.web.forms import add_model_errors
from cspkit.web.forms.people import PersonForm, RoleForm


def _partnership(request: HttpRequest, slug: str, *, write: bool = False) -> Partnership:
    partnership = get_partnership(request, slug)
    if not can_view_records(request.user, partnership, Membership):
        raise Http404("No partnership matches the given query.")
    if write:
        require(may_manage(request.user, partnership), request.user, "change the people of",
                partnership)
    return partnership


def _person(request: HttpRequest, partnership: Partnership, user_id: int) -> Person:
    for person in members(request.user, partnership):
        if person.user.pk == user_id:
            return person
    raise Http404("No person with a role here matches the given query.")


def _list_url(partnership: Partnership) -> str:
    return reverse("web:people", args=[partnership.slug])


def _crumbs(partnership: Partnership) -> list[tuple[str, str]]:
    return [("People", _list_url(partnership))]


def _save(form: RoleForm, call: Any) -> Any:
    """Run a service call; its refusal or validation errors go on the form (None then)."""
    try:
        return call()
    except PeopleError as error:
        form.add_error(None, str(error))
    except ValidationError as error:
        add_model_errors(form, error)
    return None


@login_required
def people(request: HttpRequest, slug: str) -> HttpResponse:
    """The partnership's people and roles; administrators see links to change them."""
    partnership = _partnership(request, slug)
    context = page(request, partnership, nav="people", breadcrumbs=[],
                   people=members(request.user, partnership),
                   manage=may_manage(request.user, partnership))
    return render(request, "web/people/list.html", context)


@login_required
def add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a person with a role; a new account's one-time password is shown once."""
    partnership = _partnership(request, slug, write=True)
    form = PersonForm(partnership, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        added = _save(form, lambda: add_person(
            request.user, partnership, data["username"], data["role"],
            body=data["body"] or None, email=data["email"]))
        if added is not None:
            if added.created:
                context = page(request, partnership, nav="people",
                               breadcrumbs=_crumbs(partnership), added=added)
                return render(request, "web/people/added.html", context)
            messages.success(request, f"Added {added.membership.user} as "
                                      f"{added.membership.get_role_display().lower()}")
            return redirect(_list_url(partnership))
    context = page(request, partnership, nav="people", breadcrumbs=_crumbs(partnership),
                   form=form, has_errors=bool(form.errors))
    return render(request, "web/people/add.html", context)


@login_required
def role(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    """Change a person's role (to one role, in place of those they hold)."""
    partnership = _partnership(request, slug, write=True)
    person = _person(request, partnership, user_id)
    first = person.memberships[0]
    initial = {"role": first.role, "body": first.body.key if first.body else ""}
    form = RoleForm(partnership, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        name = person.user.get_username()
        changed = _save(form, lambda: change_role(
            request.user, partnership, name, data["role"], body=data["body"] or None))
        if changed is not None:
            messages.success(request, f"{name} is now {changed.get_role_display().lower()}")
            return redirect(_list_url(partnership))
    context = page(request, partnership, nav="people", breadcrumbs=_crumbs(partnership),
                   form=form, person=person, has_errors=bool(form.errors))
    return render(request, "web/people/role.html", context)


@login_required
def remove(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    """Confirm, then remove every role a person holds in the partnership."""
    partnership = _partnership(request, slug, write=True)
    person = _person(request, partnership, user_id)
    error = ""
    if request.method == "POST":
        name = person.user.get_username()
        try:
            remove_person(request.user, partnership, name)
        except PeopleError as refused:
            error = str(refused)
        else:
            messages.success(request, f"Removed {name} from {partnership.name}")
            return redirect(_list_url(partnership))
    context = page(request, partnership, nav="people", breadcrumbs=_crumbs(partnership),
                   person=person, error=error)
    return render(request, "web/people/remove.html", context)
