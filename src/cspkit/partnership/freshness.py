"""Every change to a partnership's records gives it a new content stamp.

Pages that only read (the dashboard, a priority's page) keep what they render in Django's cache
under the partnership's :attr:`~cspkit.partnership.models.Partnership.content_stamp`
(:mod:`cspkit.web.fragments`). Whatever changes a record of the partnership also writes a new
random stamp, in the same transaction as the change, so a page rendered before the change is
never served after it, in any worker process:

- saving any :class:`~cspkit.partnership.scoping.Scoped` record (``post_save``: the web forms,
  the admin, the importer, the command line and plain ``Model.save()`` alike), deleting one
  (``pre_delete``, while it can still reach its partnership; cascades send it for each record),
  and adding or removing links between records (``m2m_changed``);
- saving the partnership itself (a form holding an old stamp writes it back; the new stamp
  written after it wins).

``QuerySet.update()``, ``bulk_create()`` and raw SQL send no signals: code that changes
records that way must call :func:`touch` itself (nothing in cspkit does).

The stamp is random rather than a counter so that a stamp seen in one database (a test's,
rolled back) can never name different content in another.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_save, pre_delete

from cspkit.partnership.models import Partnership
from cspkit.partnership.models.partnership import new_content_stamp
from cspkit.partnership.scoping import Scoped

__all__ = ["connect", "touch"]


def touch(partnership_id: int | None) -> None:
    """Give the partnership a new content stamp (in the caller's transaction, if any)."""
    if partnership_id is not None:
        Partnership.objects.filter(pk=partnership_id).update(content_stamp=new_content_stamp())


def _partnership_id(instance: Any) -> int | None:
    if isinstance(instance, Partnership):
        return instance.pk
    partnership = instance.get_partnership()
    return partnership.pk if partnership is not None else None


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Scoped):
        touch(_partnership_id(instance))


def _deleting(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Scoped) and not isinstance(instance, Partnership):
        touch(_partnership_id(instance))


def _linked(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and isinstance(instance, Scoped):
        touch(_partnership_id(instance))


def connect() -> None:
    """Connect the receivers (called once, from the partnership app's ``ready()``)."""
    post_save.connect(_changed, dispatch_uid="cspkit.freshness.saved")
    pre_delete.connect(_deleting, dispatch_uid="cspkit.freshness.deleting")
    m2m_changed.connect(_linked, dispatch_uid="cspkit.freshness.linked")
