"""Who may see and work case records: the one place deciding it (pages, commands and the
service functions all ask here).

==============================  ================================================================
who                             may
==============================  ================================================================
a case worker of a forum        see, add and change the forum's cases (vulnerability meeting or
(:class:`CaseworkRole`)         ASB Case Review panel) in their partnership; every view is logged
the partnership's               give case-work roles, run retention and subject access exports
administrators                  (as the partnership's data protection lead); not see cases
                                without a case-work role of their own
other members                   nothing of a case; how many are open where the partnership's
                                settings allow (``members_see_existence``)
another partnership, anonymous  nothing (pages answer 404, as for a record that does not exist)
Django superusers               everything (they run the deployment)
==============================  ================================================================

A partnership member without the role gets **403** (they know the meeting exists); anyone
else **404**. Every view and export of a case goes through :func:`open_case` or
:func:`log_access`, which write :class:`~cspkit.casework.models.CaseAccess`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404

from cspkit.casework.models import CaseAccess, CaseworkRole, Forum
from cspkit.partnership.audit import acting_as
from cspkit.partnership.models import Partnership, Role
from cspkit.partnership.permissions import roles_of
from cspkit.partnership.services import short_reason

__all__ = [
    "cases_of",
    "forum_of",
    "log_access",
    "may_administer",
    "may_work",
    "open_case",
    "require_administrator",
    "require_worker",
    "save_case_record",
]

M = TypeVar("M", bound=models.Model)


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _superuser(user: Any) -> bool:
    return _active(user) and bool(user.is_superuser)


def _name(user: Any) -> str:
    return user.get_username() if _active(user) else "an anonymous user"


def forum_of(obj: models.Model | type[models.Model]) -> str:
    """The forum a case record belongs to (a child record: its case's)."""
    model: Any = obj if isinstance(obj, type) else type(obj)
    if hasattr(model, "forum"):
        return str(model.forum)
    path = getattr(model, "partnership_path", "partnership")
    parent = model._meta.get_field(path.split("__")[0]).related_model
    return forum_of(parent)


def may_work(user: Any, partnership: Partnership, forum: str) -> bool:
    """Does the user hold a case-work role for ``forum`` in the partnership (or a superuser)?"""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    if partnership.pk not in roles_of(user).member_of():
        return False
    return CaseworkRole.objects.filter(partnership=partnership, user=user, forum=forum).exists()


def may_administer(user: Any, partnership: Partnership) -> bool:
    """Is the user an administrator of the partnership (or a superuser)?"""
    return _superuser(user) or Role.ADMINISTRATOR in roles_of(user).of(partnership.pk)


def _refuse(user: Any, partnership: Partnership, what: str) -> None:
    """403 for the partnership's members (they know case work exists), 404 for anyone else."""
    if _superuser(user) or partnership.pk in roles_of(user).member_of():
        raise PermissionDenied(f"{_name(user)} may not {what} of {partnership}")
    raise Http404("No partnership matches the given query.")


def require_worker(user: Any, partnership: Partnership, forum: str) -> None:
    """PermissionDenied or Http404 (see :func:`_refuse`) unless :func:`may_work`."""
    if not may_work(user, partnership, forum):
        label = Forum(forum).label
        _refuse(user, partnership, f"see the cases of the {label} (it needs a case-work role)")


def require_administrator(user: Any, partnership: Partnership, what: str) -> None:
    if not may_administer(user, partnership):
        _refuse(user, partnership, f"{what} (it is for the partnership's administrators)")


def cases_of(user: Any, partnership: Partnership, model: type[M]) -> models.QuerySet[M]:
    """The partnership's records of ``model`` for a case worker of its forum (else refused)."""
    require_worker(user, partnership, forum_of(model))
    lookup = getattr(model, "partnership_path", "partnership")
    return model._default_manager.filter(**{lookup: partnership})


def log_access(
    user: Any, partnership: Partnership, forum: str, what: str, *,
    case: models.Model | None = None, channel: str = "web",
) -> CaseAccess:
    """Write one entry of the access log: ``user`` did ``what`` (to ``case``) now."""
    return CaseAccess.objects.create(
        partnership=partnership,
        user=user if _active(user) else None,
        username=_name(user) if _active(user) else "anonymous",
        forum=forum,
        case_id=case.pk if case is not None else None,
        reference=str(case) if case is not None else "",
        what=what[:200],
        channel=channel,
    )


def open_case(
    user: Any, partnership: Partnership, model: type[M], pk: int, *,
    what: str = "viewed the case", channel: str = "web",
) -> M:
    """The case ``pk`` of the partnership for a case worker, its view logged; refused
    (403/404) for others, 404 when there is no such case."""
    found = cases_of(user, partnership, model).filter(pk=pk).first()
    if found is None:
        raise Http404(f"No {model._meta.verbose_name} matches the given query.")
    log_access(user, partnership, forum_of(model), what, case=found, channel=channel)
    return found


def save_case_record(user: Any, obj: M, *, reason: str = "") -> M:
    """Create or change a case record as a case worker of its forum: permission, validation,
    audit (simple-history, as ``user``), one transaction."""
    partnership = obj.get_partnership()
    if partnership is None:
        raise PermissionDenied(f"{_name(user)} may not save {obj}: it has no partnership")
    require_worker(user, partnership, forum_of(obj))
    obj.full_clean()
    if reason:
        obj._change_reason = short_reason(reason)
    with acting_as(user), transaction.atomic():
        obj.save()
    return obj
