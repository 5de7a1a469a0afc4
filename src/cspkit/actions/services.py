"""What the action plan pages do, as functions that check permissions and audit the change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from cspkit.actions.models import Action, ProgressUpdate, Status
from cspkit.partnership.services import save_record

__all__ = ["record_progress"]


def _name(user: Any) -> str:
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()


def record_progress(
    user: Any,
    action: Action,
    *,
    date: dt.date,
    status: str,
    comment: str = "",
    by: str | None = None,
) -> ProgressUpdate:
    """Add a dated progress update to ``action`` and set the action's status to it.

    ``status`` is one of not_started, on_track, at_risk, off_track, complete. ``by`` defaults to
    the user's name. Raises PermissionDenied or ValidationError; changes nothing then.
    """
    update = ProgressUpdate(
        action=action, date=date, status=status, comment=comment,
        by=by if by is not None else _name(user),
    )
    with transaction.atomic():
        save_record(user, update)
        if action.status != status and status in Status.values:
            action.status = status
            save_record(user, action, reason=f"progress update of {date:%Y-%m-%d}")
    return update
