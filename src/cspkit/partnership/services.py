"""Saving and deleting records on behalf of a user: permission, validation, audit, one
transaction. The web views and the command line call these rather than ``save()``.

    from cspkit.partnership.services import save_record, delete_record
    save_record(request.user, action)            # PermissionDenied, or ValidationError
    delete_record(request.user, update, reason="entered twice")
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import transaction

from cspkit.partnership.audit import acting_as
from cspkit.partnership.models import Membership
from cspkit.partnership.permissions import (
    can_add,
    can_delete,
    can_edit,
    forget_roles,
    require,
)
from cspkit.partnership.scoping import Scoped

__all__ = ["REASON_MAX", "delete_record", "save_record", "short_reason"]

R = TypeVar("R", bound=Scoped)

#: simple-history keeps a change's reason in a varchar(100): PostgreSQL refuses longer text.
REASON_MAX = 100


def short_reason(reason: str) -> str:
    """The reason of a change, cut to what the audit log holds."""
    return reason if len(reason) <= REASON_MAX else reason[: REASON_MAX - 1] + "…"


def save_record(user: Any, obj: R, *, reason: str = "") -> R:
    """Create or change ``obj`` as ``user``.

    A change must be allowed both for the record as stored and as it will be (a subgroup lead
    cannot move an action into another subgroup's plan). Raises PermissionDenied, or
    ValidationError from ``full_clean()`` with messages per field.
    """
    record: Any = obj
    if record.pk is None:
        require(can_add(user, obj), user, "add", obj)
    else:
        stored = type(record)._default_manager.get(pk=record.pk)
        require(can_edit(user, stored) and can_edit(user, obj), user, "change", obj)
    record.full_clean()
    if reason:
        record._change_reason = short_reason(reason)
    with acting_as(user), transaction.atomic():
        record.save()
    if isinstance(obj, Membership):
        forget_roles(user)
    return obj


def delete_record(user: Any, obj: Scoped, *, reason: str = "") -> None:
    """Delete ``obj`` (and what hangs under it) as ``user``; each deletion is audited."""
    require(can_delete(user, obj), user, "delete", obj)
    record: Any = obj
    if reason:
        record._change_reason = short_reason(reason)
    with acting_as(user), transaction.atomic():
        record.delete()
    if isinstance(obj, Membership):
        forget_roles(user)
