"""Who holds which role in a partnership: list, add, change and remove, without the Django admin.

The command line (``cspkit people``) and the people pages call these. Only the partnership's
administrators (and superusers) may change people (:mod:`cspkit.partnership.permissions`);
every change goes through :func:`~cspkit.partnership.services.save_record` or
:func:`~cspkit.partnership.services.delete_record`, so it is audited as the acting user.

    members(user, partnership)                              # [Person(user, memberships)]
    added = add_person(admin, partnership, "asha", Role.SUBGROUP_LEAD, body="socp",
                       email="asha@example.org")            # added.password: shown once
    change_role(admin, partnership, "asha", Role.PARTNER_MEMBER)
    remove_person(admin, partnership, "asha")

A partnership always keeps one administrator: a change or removal that would leave it with none
is refused with :class:`~cspkit.errors.PeopleError`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction

from cspkit.errors import PeopleError
from cspkit.partnership.models import Membership, Partnership, Role
from cspkit.partnership.permissions import can_add, can_view_records, forget_roles, require
from cspkit.partnership.services import delete_record, save_record

__all__ = [
    "Added",
    "Person",
    "add_person",
    "change_role",
    "may_manage",
    "members",
    "remove_person",
]

ROLE_NAMES = ", ".join(value for value, _ in Role.choices)


@dataclass
class Person:
    """A user and their memberships in one partnership."""

    user: Any
    memberships: list[Membership] = field(default_factory=list)

    @property
    def roles(self) -> str:
        """Their roles in words: "Subgroup lead of SOCP, Partner member"."""
        return ", ".join(
            m.get_role_display() + (f" of {m.body}" if m.body_id else "") for m in self.memberships
        )

    @property
    def is_administrator(self) -> bool:
        return any(m.role == Role.ADMINISTRATOR for m in self.memberships)


@dataclass(frozen=True)
class Added:
    """The result of :func:`add_person`: the membership, and the one-time password of a new
    account (empty when the person had an account already). Show the password once."""

    membership: Membership
    created: bool
    password: str = ""


def may_manage(user: Any, partnership: Partnership) -> bool:
    """May the user add, change and remove people of the partnership?"""
    return can_add(user, Membership(partnership=partnership, role=Role.PARTNER_MEMBER))


def _require_manage(user: Any, partnership: Partnership) -> None:
    require(may_manage(user, partnership), user, "change the people of", partnership)


def members(user: Any, partnership: Partnership) -> list[Person]:
    """The partnership's people with their roles, by user name. PermissionDenied for those who
    are not members (nor superusers)."""
    if not can_view_records(user, partnership, Membership):
        raise PermissionDenied(f"{user} may not see the people of {partnership}")
    found: dict[int, Person] = {}
    rows = (Membership.objects.filter(partnership=partnership)
            .select_related("user", "body").order_by("user__username", "role", "body__name"))
    for m in rows:
        found.setdefault(m.user_id, Person(m.user)).memberships.append(m)
    return list(found.values())


def _role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise PeopleError(f"{role!r} is not a role; give one of {ROLE_NAMES}") from None


def _body(partnership: Partnership, role: Role, key: str | None) -> Any:
    if role != Role.SUBGROUP_LEAD:
        if key:
            raise PeopleError(f"--body {key}: only a subgroup lead names a subgroup; leave it "
                              "out, or give the role subgroup_lead")
        return None
    body_model: Any = Membership._meta.get_field("body").related_model
    bodies = body_model._default_manager.filter(partnership=partnership)
    known = ", ".join(bodies.values_list("key", flat=True)) or "none yet"
    if not key:
        raise PeopleError(f"a subgroup lead needs the subgroup they lead: add --body KEY, one "
                          f"of {known}")
    body = bodies.filter(key=key).first()
    if body is None:
        raise PeopleError(f"{partnership.name} has no body with the key {key!r}; its bodies "
                          f"are {known}")
    return body


def _person(partnership: Partnership, username: str) -> tuple[Any, list[Membership]]:
    user = get_user_model()._default_manager.filter(username=username).first()
    held = list(Membership.objects.filter(partnership=partnership, user=user)) if user else []
    if not held:
        raise PeopleError(f"{username!r} holds no role in {partnership.name}; see who does with "
                          f"`cspkit people list {partnership.slug}`")
    return user, held


def _keep_an_administrator(partnership: Partnership, user: Any, what: str) -> None:
    others = Membership.objects.filter(partnership=partnership, role=Role.ADMINISTRATOR)
    if not others.exclude(user=user).exists():
        raise PeopleError(
            f"{user.get_username()} is the last administrator of {partnership.name}: {what} "
            "would leave nobody to manage its people. Make someone else an administrator first "
            f"(`cspkit people role {partnership.slug} NAME administrator`)"
        )


def add_person(actor: Any, partnership: Partnership, username: str, role: str, *,
               body: str | None = None, email: str = "") -> Added:
    """Give ``username`` a role in the partnership, creating their account (with a one-time
    password, returned once) if there is none. PermissionDenied unless ``actor`` may manage
    people; PeopleError for a wrong role or subgroup."""
    _require_manage(actor, partnership)
    chosen = _role(role)
    led = _body(partnership, chosen, body)
    users = get_user_model()._default_manager
    with transaction.atomic():
        user = users.filter(username=username).first()
        password = ""
        if user is None:
            password = secrets.token_urlsafe(12)
            user = users.create_user(username=username, email=email, password=password)
        elif Membership.objects.filter(partnership=partnership, user=user, role=chosen,
                                       body=led).exists():
            raise PeopleError(f"{username} is already {chosen.label.lower()} of "
                              f"{led or partnership.name}; nothing to add")
        membership = Membership(partnership=partnership, user=user, role=chosen, body=led)
        save_record(actor, membership, reason=f"added {username} as {chosen.label.lower()}")
    forget_roles(user)
    return Added(membership, created=bool(password), password=password)


def change_role(actor: Any, partnership: Partnership, username: str, role: str, *,
                body: str | None = None) -> Membership:
    """Make ``role`` (of ``body`` for a subgroup lead) the person's one role in the partnership,
    in place of the roles they held. Refused for the last administrator."""
    _require_manage(actor, partnership)
    chosen = _role(role)
    led = _body(partnership, chosen, body)
    user, held = _person(partnership, username)
    if chosen != Role.ADMINISTRATOR and any(m.role == Role.ADMINISTRATOR for m in held):
        _keep_an_administrator(partnership, user, "changing their role")
    reason = f"role of {username} changed to {chosen.label.lower()}"
    with transaction.atomic():
        first, rest = held[0], held[1:]
        for m in rest:
            delete_record(actor, m, reason=reason)
        first.role, first.body = chosen, led
        save_record(actor, first, reason=reason)
    forget_roles(user)
    return first


def remove_person(actor: Any, partnership: Partnership, username: str) -> int:
    """Remove every role ``username`` holds in the partnership (their account stays); the
    number removed. Refused for the last administrator."""
    _require_manage(actor, partnership)
    user, held = _person(partnership, username)
    if any(m.role == Role.ADMINISTRATOR for m in held):
        _keep_an_administrator(partnership, user, "removing them")
    with transaction.atomic():
        for m in held:
            delete_record(actor, m, reason=f"removed {username} from {partnership.slug}")
    forget_roles(user)
    return len(held)
