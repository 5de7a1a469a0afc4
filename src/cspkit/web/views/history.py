"""The audit history of any record: who changed what, when, from what to what."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone

from cspkit.partnership.audit import history_of
from cspkit.partnership.models import Partnership
from cspkit.partnership.scoping import Scoped
from cspkit.web.access import get_partnership, get_record, is_member, page


def model_label(model: type[Model] | Model) -> str:
    """``app_label.model_name``, as history URLs name a model (e.g. ``actions.action``)."""
    return f"{model._meta.app_label}.{model._meta.model_name}"


def history_url(partnership: Partnership, obj: Model) -> str:
    """The URL of ``obj``'s audit history page."""
    return reverse("web:history", args=[partnership.slug, model_label(obj), obj.pk])


def audited_model(label: str) -> type[Model]:
    """The partnership model named ``app_label.model_name`` that keeps a history; 404 if none."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404(f"no such kind of record: {label}") from None
    if not (issubclass(model, Scoped) and hasattr(model, "history")):
        raise Http404(f"{label} keeps no history")
    if getattr(model, "need_to_know", False):  # case work: its own pages, for case workers
        raise Http404(f"{label} keeps its history on its case page")
    return model


def record_crumbs(partnership: Partnership, record: Model) -> list[tuple[str, str]]:
    """Breadcrumbs to the record's own page, for the kinds of record that have one."""
    slug = partnership.slug
    pages = {
        "priorities.priority": ("web:priority", "key"),
        "priorities.crosscuttingtheme": ("web:theme", "key"),
        "actions.action": ("web:action", "pk"),
        "indicators.indicator": ("web:indicator", "key"),
        "problemsolving.case": ("web:case", "key"),
    }
    found = pages.get(model_label(record))
    if found is None:
        return []
    name, attr = found
    return [(str(record), reverse(name, args=[slug, getattr(record, attr)]))]


def _show(model: type[Model], name: str, value: Any) -> str:
    """A stored value as people read it: choices by their label, dates written out."""
    if value is None or value == "" or value == [] or value == {}:
        return "(empty)"
    if isinstance(value, list):  # JSON lists: ward codes, functions
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):  # JSON objects: an evaluation, provenance
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    field = model._meta.get_field(name)
    choices = dict(getattr(field, "flatchoices", None) or ())
    if value in choices:
        return str(choices[value])
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    return str(value)


#: Records kept under another (their ``action`` link) whose deletion shows on its history page,
#: so that a deleted progress comment does not vanish from every page.
CHILDREN = ("actions.ProgressUpdate", "actions.FundingBid")


def deleted_children(record: Model) -> list[dict[str, Any]]:
    """A row per field of each deleted progress update or funding bid of an action: who
    deleted it, when, why, and what it said."""
    if record._meta.label != "actions.Action":
        return []
    rows = []
    for label in CHILDREN:
        child = apps.get_model(label)
        gone = child.history.filter(action_id=record.pk, history_type="-")
        for h in gone.order_by("-history_date"):
            deletion = history_of(child, pk=h.id)[0]
            for change in deletion.changes:
                rows.append({
                    "entry": deletion,
                    "field": f"{child._meta.verbose_name.capitalize()}: {change.label}",
                    "before": _show(child, change.field, change.before), "after": "",
                })
    return rows


@login_required
def record_history(request: HttpRequest, slug: str, model: str, pk: int) -> HttpResponse:
    """Every change to one record, newest first, one row per field changed.

    Only the partnership's members see it (it names people); others get 404 like for a
    record they may not read.
    """
    partnership = get_partnership(request, slug)
    if not is_member(request.user, partnership):
        raise Http404("history is for the partnership's members")
    record_model = audited_model(model)
    record = get_record(request, partnership, record_model, pk=pk)
    rows = [
        {
            "entry": entry,
            "field": change.label.capitalize(),
            "before": _show(record_model, change.field, change.before),
            "after": _show(record_model, change.field, change.after),
        }
        for entry in history_of(record)
        for change in entry.changes
    ]
    rows += deleted_children(record)
    context = page(
        request,
        partnership,
        breadcrumbs=record_crumbs(partnership, record),
        record=record,
        kind=str(record_model._meta.verbose_name),
        rows=rows,
    )
    return render(request, "web/history.html", context)
