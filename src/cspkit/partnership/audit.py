"""The audit log: who created, changed or deleted which record, when, and what it was before.

Every model of the partnership apps keeps django-simple-history's ``history``; the user comes
from ``HistoryRequestMiddleware`` in the web app, and from :func:`acting_as` elsewhere (the CLI,
imports, tests). This module reads it back for the audit page:

- :func:`history_of` — one record's entries, newest first (also for a deleted record);
- :func:`partnership_changes` — the latest entries across a partnership's records.

Values are shown as stored, except links to other records, which show the record's name
(``#12 (deleted)`` when it is gone).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from django.apps import apps
from django.db import models
from simple_history.models import HistoricalRecords

from cspkit.partnership.scoping import Scoped

__all__ = [
    "AuditEntry",
    "FieldChange",
    "acting_as",
    "history_of",
    "partnership_changes",
]

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: Any
    after: Any


@dataclass(frozen=True)
class AuditEntry:
    """One create, change or delete of one record."""

    when: datetime
    who: Any
    """The user (None when not known, e.g. a command-line import)."""
    who_name: str
    action: str
    """``created``, ``changed`` or ``deleted``."""
    model: str
    object_id: int
    object_repr: str
    changes: tuple[FieldChange, ...]
    reason: str = ""


@contextlib.contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Record ``user`` as the author of every change made inside the block (outside a request,
    or for changes cascading from a delete)."""
    context = HistoricalRecords.context
    saved = getattr(context, "request", None)
    context.request = SimpleNamespace(user=user) if user is not None else None
    try:
        yield
    finally:
        if saved is None:
            with contextlib.suppress(AttributeError):
                del context.request
        else:
            context.request = saved


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f for f in model._meta.concrete_fields if f.editable and not f.primary_key
    ]


def _shown_value(field: models.Field, value: Any) -> Any:
    if isinstance(field, models.ForeignKey) and value is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value} (deleted)"
    return value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _entry(model: type[models.Model], h: Any) -> AuditEntry | None:
    action = ACTIONS[h.history_type]
    fields = _fields(model)
    changes: list[FieldChange] = []
    if action == "changed" and h.prev_record is not None:
        delta = h.diff_against(h.prev_record)
        by_name = {f.name: f for f in fields}
        for c in delta.changes:
            f = by_name.get(c.field)
            if f is None:
                continue
            changes.append(FieldChange(
                f.name, str(f.verbose_name), _shown_value(f, c.old), _shown_value(f, c.new)
            ))
        if not changes:
            return None
    else:
        for f in fields:
            value = _shown_value(f, getattr(h, f.attname))
            if _empty(value):
                continue
            before, after = (None, value) if action != "deleted" else (value, None)
            changes.append(FieldChange(f.name, str(f.verbose_name), before, after))
    user = h.history_user
    return AuditEntry(
        when=h.history_date,
        who=user,
        who_name=user.get_username() if user is not None else "system",
        action=action,
        model=str(model._meta.verbose_name),
        object_id=getattr(h, model._meta.pk.attname),
        object_repr=str(h.instance),
        changes=tuple(changes),
        reason=h.history_change_reason or "",
    )


def history_of(obj: models.Model | type[models.Model], pk: Any = None) -> list[AuditEntry]:
    """A record's audit entries, newest first: ``history_of(action)``, or for a deleted record
    ``history_of(Action, pk=12)``. Saves that changed nothing are left out."""
    model = obj if isinstance(obj, type) else type(obj)
    key = pk if isinstance(obj, type) else obj.pk
    history = model.history.filter(**{model._meta.pk.attname: key})  # type: ignore[attr-defined]
    entries = (_entry(model, h) for h in history.order_by("-history_date", "-history_id"))
    return [e for e in entries if e is not None]


def partnership_changes(partnership: models.Model, limit: int = 50) -> list[AuditEntry]:
    """The latest ``limit`` entries across every record of the partnership, newest first.

    Records reached through a parent (an action through its plan) are found while the parent
    exists; a deleted plan's own entries are found, its actions' are not. Records marked
    ``need_to_know`` (case work about people) are left out: their case pages show their
    history to their case workers only.
    """
    found: list[tuple[Any, type[models.Model], Any]] = []
    for model in apps.get_models():
        if not (issubclass(model, Scoped) and hasattr(model, "history")):
            continue
        if getattr(model, "need_to_know", False):  # case records: only their case workers
            continue
        path = model.partnership_path
        lookup = {path: partnership} if path else {"id": partnership.pk}
        history = model.history.filter(**lookup)
        for h in history.order_by("-history_date")[:limit]:
            found.append((h.history_date, model, h))
    found.sort(key=lambda t: (t[0], t[2].history_id), reverse=True)
    entries = (_entry(model, h) for _, model, h in found)
    return [e for e in entries if e is not None][:limit]
