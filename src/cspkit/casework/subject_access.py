"""A subject access export: everything the partnership's case work holds about one person, as
one JSON-ready dictionary (the cases, their actions, minutes, incidents, recommendations,
every change in their history and every view in the access log).

A person is found by name (exactly, any case) on vulnerability cases and ASB Case Review
applications (as applicant, or the person applied for), narrowed by date of birth where
given. The export is for the partnership's administrators (its data protection lead) and is
itself logged against each case it includes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from cspkit.casework.access import log_access, require_administrator
from cspkit.casework.models import AsbApplication, CaseAccess, VulnerabilityCase
from cspkit.partnership.audit import history_of
from cspkit.partnership.models import Partnership

__all__ = ["describe", "find_person", "subject_access"]

LEFT_OUT = {"id", "partnership"}


def _value(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def _record(obj: models.Model) -> dict[str, Any]:
    out: dict[str, Any] = {"reference": str(obj)} if hasattr(obj, "reference") else {}
    for f in obj._meta.concrete_fields:
        if f.name in LEFT_OUT or f.name.endswith("_ptr"):
            continue
        value = getattr(obj, f.name)
        if value is None or value == "" or value == []:
            continue
        display = getattr(obj, f"get_{f.name}_display", None)
        out[str(f.verbose_name)] = _value(display() if f.choices and display else value)
    return out


def _changes(obj: models.Model) -> list[dict[str, Any]]:
    return [
        {
            "when": e.when.isoformat(), "who": e.who_name, "action": e.action,
            "record": e.object_repr,
            "changes": [{"field": c.label, "before": _value(c.before), "after": _value(c.after)}
                        for c in e.changes],
        }
        for e in history_of(obj)
    ]


def _views(partnership: Partnership, forum: str, pk: int) -> list[dict[str, Any]]:
    found = CaseAccess.objects.filter(partnership=partnership, forum=forum, case_id=pk)
    return [{"when": a.when.isoformat(), "who": a.username, "what": a.what,
             "channel": a.channel} for a in found.order_by("when", "pk")]


def describe(case: models.Model) -> dict[str, Any]:
    """One case's fields with its actions and minutes, or incidents and recommendations."""
    out = _record(case)
    if isinstance(case, VulnerabilityCase):
        out["actions"] = [_record(a) for a in case.actions.all()]
        out["meetings"] = [{"meeting": str(i.meeting), **_record(i)}
                           for i in case.agenda_items.select_related("meeting")]
    elif isinstance(case, AsbApplication):
        out["incidents"] = [_record(i) for i in case.incidents.all()]
        out["recommendations"] = [_record(r) for r in case.recommendations.all()]
    return out


def find_person(
    partnership: Partnership, name: str, date_of_birth: date | None = None
) -> tuple[list[VulnerabilityCase], list[AsbApplication]]:
    """The cases held about the person (no permission check: callers check)."""
    cases = VulnerabilityCase.objects.filter(partnership=partnership, name__iexact=name.strip())
    if date_of_birth is not None:
        cases = cases.filter(date_of_birth=date_of_birth)
    apps = AsbApplication.objects.filter(partnership=partnership).filter(
        Q(applicant_name__iexact=name.strip()) | Q(on_behalf_of__iexact=name.strip())
    )
    return list(cases.order_by("pk")), list(apps.order_by("pk"))


def subject_access(
    user: Any, partnership: Partnership, name: str, *, date_of_birth: date | None = None,
    channel: str = "web",
) -> dict[str, Any]:
    """Everything held about the person named, as a JSON-ready dictionary."""
    require_administrator(user, partnership, "export a person's records (subject access)")
    cases, applications = find_person(partnership, name, date_of_birth)
    what = "exported for a subject access request"
    out_cases = []
    for case in cases:
        log_access(user, partnership, case.forum, what, case=case, channel=channel)
        out_cases.append({
            **describe(case),
            "changes": [*_changes(case),
                        *(c for a in case.actions.all() for c in _changes(a)),
                        *(c for i in case.agenda_items.all() for c in _changes(i))],
            "views": _views(partnership, case.forum, case.pk),
        })
    out_apps = []
    for app in applications:
        log_access(user, partnership, app.forum, what, case=app, channel=channel)
        out_apps.append({
            **describe(app),
            "changes": [*_changes(app),
                        *(c for i in app.incidents.all() for c in _changes(i)),
                        *(c for r in app.recommendations.all() for c in _changes(r))],
            "views": _views(partnership, app.forum, app.pk),
        })
    return {
        "partnership": partnership.name,
        "person": name.strip(),
        "date_of_birth": date_of_birth.isoformat() if date_of_birth else None,
        "generated": timezone.now().isoformat(),
        "generated_by": user.get_username(),
        "vulnerability_cases": out_cases,
        "asb_case_reviews": out_apps,
    }
