"""Who may see and change which records. Views call these; they never decide on their own.

Which rule applies to which record type is the registry :mod:`cspkit.partnership.rules`.

Roles are per partnership (:class:`~cspkit.partnership.models.Membership`):

==========================  ====================================================================
role                        may
==========================  ====================================================================
administrator               read and change everything of the partnership, including who holds
                            which role (memberships)
community safety officer    read and change everything of the partnership except memberships
subgroup lead (of body X)   read everything of the partnership; add and change the action plans
                            X owns, and add, change and delete their actions, progress updates
                            and funding bids; add, change and delete the measurements of manual
                            indicators of X's plans. Not delete a whole plan; not change an
                            indicator's definition, nor computed measurements
partner member              read everything of the partnership
scrutiny committee member   read everything of the partnership; add and change decisions
==========================  ====================================================================

- Records of another partnership are invisible (views answer 404), except the published plan of a
  partnership that is public (:attr:`Partnership.is_public`): the partnership, its organisations,
  bodies, priorities, themes, external priorities, decisions and glossary, which anyone may read,
  signed in or not. Action plans, indicators, measurements, cases and memberships stay with
  members.
- Creating or deleting a whole partnership is for Django superusers, who may do everything.
- Inactive users are treated as anonymous.

Roles are read once per user object and cached on it (as Django caches permissions); call
:func:`forget_roles` after changing a user's memberships within one request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404

from cspkit.partnership.models import Membership, Partnership, Role
from cspkit.partnership.rules import Read, rule_for
from cspkit.partnership.scoping import Policy, Scoped, partnership_lookup

__all__ = [
    "Roles",
    "can_add",
    "can_delete",
    "can_edit",
    "can_view",
    "can_view_records",
    "forget_roles",
    "get_visible_or_404",
    "may_write_records",
    "refusal",
    "require",
    "roles_of",
    "visible_queryset",
]

M = TypeVar("M", bound=Model)
_CACHE = "_cspkit_roles"


@dataclass
class Roles:
    """A user's roles: partnership id -> roles, and the bodies they lead per partnership."""

    roles: dict[int, set[str]] = field(default_factory=dict)
    leads: dict[int, set[int]] = field(default_factory=dict)

    def of(self, partnership_id: int | None) -> set[str]:
        return self.roles.get(partnership_id, set()) if partnership_id is not None else set()

    def member_of(self) -> set[int]:
        return set(self.roles)


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def roles_of(user: Any) -> Roles:
    """The user's roles in every partnership (empty for anonymous and inactive users)."""
    if not _active(user):
        return Roles()
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    found = Roles()
    for m in Membership.objects.filter(user=user).values("partnership_id", "role", "body_id"):
        found.roles.setdefault(m["partnership_id"], set()).add(m["role"])
        if m["role"] == Role.SUBGROUP_LEAD and m["body_id"] is not None:
            found.leads.setdefault(m["partnership_id"], set()).add(m["body_id"])
    setattr(user, _CACHE, found)
    return found


def forget_roles(user: Any) -> None:
    """Drop the roles cached on the user object (after changing their memberships)."""
    if user is not None and hasattr(user, _CACHE):
        delattr(user, _CACHE)


def _partnership_id(obj: Scoped) -> int | None:
    p = obj.get_partnership()
    return p.pk if p is not None else None


def can_view(user: Any, obj: Scoped) -> bool:
    """May the user read this record?"""
    partnership = obj.get_partnership()
    if partnership is None:  # a record not linked yet: superusers only
        return bool(_active(user) and user.is_superuser)
    return can_view_records(user, partnership, type(obj))


def can_view_records(user: Any, partnership: Partnership, model: type[Model]) -> bool:
    """May the user read the records of ``model`` belonging to ``partnership``? (The same rule
    as :func:`visible_queryset`, for one partnership, without a query beyond the user's roles.)"""
    if _active(user) and user.is_superuser:
        return True
    if partnership.pk in roles_of(user).member_of():
        return True
    return rule_for(model).read is Read.PUBLISHED and partnership.is_public


def visible_queryset(user: Any, model: type[M], queryset: QuerySet[M] | None = None) -> QuerySet[M]:
    """The records of ``model`` the user may read (optionally narrowing ``queryset``)."""
    qs = queryset if queryset is not None else model._default_manager.all()
    if _active(user) and user.is_superuser:
        return qs
    lookup = partnership_lookup(model)
    allowed = Q(**{f"{lookup}__in": sorted(roles_of(user).member_of())})
    if rule_for(model).read is Read.PUBLISHED:
        public = Partnership.objects.filter(is_public=True).values("pk")
        allowed |= Q(**{f"{lookup}__in": public})
    return qs.filter(allowed)


def get_visible_or_404(user: Any, model: type[M], **lookup: Any) -> M:
    """The record matching ``lookup`` if the user may read it; Http404 otherwise (also for
    records of other partnerships, so their existence is not revealed)."""
    return get_object_or_404(visible_queryset(user, model), **lookup)


def _may(user: Any, obj: Scoped, action: str) -> bool:
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    if isinstance(obj, Partnership) and action in ("add", "delete"):
        return False
    pid = _partnership_id(obj)
    mine = roles_of(user)
    roles = mine.of(pid)
    policy = rule_for(obj).write
    by_role = _writes(roles, policy)
    if by_role is LEAD:
        led = mine.leads.get(pid or 0, set())
        body = obj.get_subgroup()
        if body is None or body.pk not in led:
            return False
        if policy is Policy.MEASUREMENT:
            indicator = obj.indicator  # type: ignore[attr-defined]
            return bool(indicator.source == "manual")
        # a lead may not delete a whole plan (the record whose own owner is the subgroup)
        return not (action == "delete" and type(obj).subgroup_path == "owner")
    if by_role is SCRUTINY:  # scrutiny records decisions but never deletes one
        return action != "delete"
    return by_role is True


def may_write_records(user: Any, partnership: Partnership, model: type[Model]) -> bool:
    """May the user change some records of ``model`` in ``partnership``, by their roles there?
    (The write rule without the record: a subgroup lead may change actions, though only those
    of the plans their subgroup owns; :func:`can_edit` decides for one record.)"""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return _writes(roles_of(user).of(partnership.pk), rule_for(model).write) is not False


#: :func:`_writes`' answers where the record decides: a subgroup lead (their subgroup's
#: records), a scrutiny member (decisions, but no deleting).
LEAD, SCRUTINY = "lead", "scrutiny"


def _writes(roles: set[str], policy: Policy) -> bool | str:
    """What these roles in one partnership may write under ``policy``: True, False, or
    :data:`LEAD` / :data:`SCRUTINY` where the record and the action decide."""
    if Role.ADMINISTRATOR in roles:
        return True
    if policy is Policy.MEMBERSHIP:
        return False
    if Role.COMMUNITY_SAFETY_OFFICER in roles:
        return True
    if Role.SUBGROUP_LEAD in roles and policy in (Policy.SUBGROUP, Policy.MEASUREMENT):
        return LEAD
    return SCRUTINY if Role.SCRUTINY_MEMBER in roles and policy is Policy.DECISION else False


_WHO_WRITES = {
    Policy.PARTNERSHIP: "administrators and community safety officers",
    Policy.SUBGROUP: ("administrators, community safety officers and the leads of the subgroup "
                      "owning the plan"),
    Policy.MEASUREMENT: ("administrators, community safety officers and the leads of the "
                         "subgroup owning the indicator"),
    Policy.DECISION: "administrators, community safety officers and scrutiny committee members",
    Policy.MEMBERSHIP: "administrators",
}


def refusal(model: type[Model]) -> str:
    """Who may change records of ``model``, as the sentence a refused user reads."""
    who = _WHO_WRITES[rule_for(model).write]
    plural = model._meta.verbose_name_plural
    return f"Only the partnership's {who} can change {plural}. Ask one of them to make the change."


def can_add(user: Any, obj: Scoped) -> bool:
    """May the user create ``obj`` (an unsaved record whose parent links are set)?"""
    return _may(user, obj, "add")


def can_edit(user: Any, obj: Scoped) -> bool:
    """May the user change this record?"""
    return _may(user, obj, "change")


def can_delete(user: Any, obj: Scoped) -> bool:
    """May the user delete this record?"""
    return _may(user, obj, "delete")


def require(allowed: bool, user: Any, verb: str, obj: object) -> None:
    """Raise PermissionDenied (a 403 in views) naming who may not do what."""
    if not allowed:
        who = user.get_username() if _active(user) else "an anonymous user"
        raise PermissionDenied(f"{who} may not {verb} {type(obj).__name__} {obj}")
