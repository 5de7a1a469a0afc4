"""What people do with plan versions, as functions that check permission, status and audit.

    v = start_revision(user, partnership, "June 2022 Update", year="2022/23")
    edit_content(user, v, lambda c: content.add_action(c, "domestic-abuse", "Run ...",
                                                       year=v.year), reason="new action")
    set_texts(user, v, foreword="...")
    recommend(user, v)
    adopt(user, v, committee=cdc, meeting="...", date=dt.date(2022, 6, 28), minute_reference="45")

Each raises PermissionDenied (who may not), :class:`~cspkit.errors.VersionLockedError`
(adopted: no more changes), :class:`~cspkit.errors.VersionNotDraftError` (recommended),
:class:`~cspkit.errors.VersionStateError` (a step out of order),
:class:`~cspkit.errors.PlanContentError` (an edit naming what is not there) or
ValidationError; and then changes nothing. Saves go through
:func:`cspkit.partnership.services.save_record` (audit with the reason given).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.db import transaction

from cspkit.calendar import shift_financial_year
from cspkit.errors import InputError, VersionStateError
from cspkit.exchange import export_data
from cspkit.governance.models import Body, Decision
from cspkit.partnership.models import Partnership
from cspkit.partnership.permissions import can_edit, require
from cspkit.partnership.scoping import Scoped
from cspkit.partnership.services import delete_record, save_record
from cspkit.plans.apply import apply_version
from cspkit.plans.content import check_year, snapshot
from cspkit.plans.models import PlanVersion, Status
from cspkit.plans.texts import LIST_FIELDS, TEXT_FIELDS, read_texts

__all__ = [
    "adopt",
    "current_version",
    "delete_draft",
    "edit_content",
    "load_texts",
    "recommend",
    "refresh_from_records",
    "return_to_draft",
    "set_texts",
    "start_revision",
]

T = TypeVar("T")
R = TypeVar("R", bound=Scoped)

#: The evidence kept with a version (:mod:`cspkit.plans.evidence`): each year gathers its own.
EVIDENCE = ("assessment", "survey", "scores")
#: What a new draft copies from the version it starts from ...
COPIED = (*TEXT_FIELDS, *LIST_FIELDS)
#: ... except the issue, recommendation and reasons, which each revision states anew.
NOT_COPIED = ("issue_text", "recommendation_text", "reasons_text")


def save(user: Any, obj: R, *, reason: str) -> R:
    """:func:`~cspkit.partnership.services.save_record` (which cuts the reason to fit)."""
    return save_record(user, obj, reason=reason)


def delete(user: Any, obj: Scoped, *, reason: str) -> None:
    """:func:`~cspkit.partnership.services.delete_record` (which cuts the reason to fit)."""
    delete_record(user, obj, reason=reason)


def current_version(partnership: Partnership) -> PlanVersion | None:
    """The version in force: the latest adopted (None before any is adopted)."""
    return (PlanVersion.objects.filter(partnership=partnership, status=Status.ADOPTED)
            .order_by("-adopted_on", "-pk").first())


def _require_draft(user: Any, version: PlanVersion) -> None:
    """Permission first (403), then status (409)."""
    require(can_edit(user, version), user, "change", version)
    if not version.editable:
        raise version.locked_error()


def _fresh(version: PlanVersion) -> PlanVersion:
    """The stored version, locked for this transaction (no lost updates)."""
    return PlanVersion.objects.select_for_update().get(pk=version.pk)


def _refresh(target: PlanVersion, source: PlanVersion) -> None:
    for f in PlanVersion._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))


def start_revision(
    user: Any,
    partnership: Partnership,
    title: str,
    *,
    year: str | None = None,
    year_label: str = "",
    from_records: bool = False,
) -> PlanVersion:
    """A new draft: a copy of the current version's content and texts (or, with no version
    yet or ``from_records``, the partnership's records as they stand). ``year`` defaults to
    the year after the current version's."""
    base = current_version(partnership)
    if year is None:
        if base is None:
            raise InputError("the partnership has no adopted plan version yet, so the year "
                             "the new version sets cannot follow from it; give the financial "
                             "year, e.g. 2021/22 (cspkit plan start SLUG TITLE --year 2021/22)")
        year = shift_financial_year(base.year, 1)
    version = PlanVersion(partnership=partnership, title=title.strip(), year=check_year(year),
                          based_on=base, status=Status.DRAFT)
    if base is not None:
        for name in COPIED:
            if name not in NOT_COPIED:
                setattr(version, name, copy.deepcopy(getattr(base, name)))
    version.year_label = year_label or version.year_label
    if base is None or from_records:
        version.content = snapshot(export_data(partnership))
        source = "the partnership's records"
    else:
        version.content = copy.deepcopy(base.content)
        source = f"the {base.title}"
    return save(user, version, reason=f"revision started from {source}")


def set_texts(user: Any, version: PlanVersion, *, reason: str = "", **texts: Any) -> PlanVersion:
    """Change texts of a draft (names of :data:`~cspkit.plans.texts.TEXT_FIELDS`, headings,
    alternatives, background_documents, title, year, meeting_date; and the evidence kept with
    it: assessment, survey, scores — see :mod:`cspkit.plans.evidence`)."""
    allowed = {*TEXT_FIELDS, *LIST_FIELDS, *EVIDENCE, "title", "year", "meeting_date"}
    unknown = sorted(set(texts) - allowed)
    if unknown:
        raise InputError(f"a plan version has no text(s) {', '.join(unknown)}; its texts are "
                         f"{', '.join(sorted(allowed))}")
    _require_draft(user, version)
    with transaction.atomic():
        stored = _fresh(version)
        for name, value in texts.items():
            setattr(stored, name, value)
        save(user, stored, reason=reason or f"changed {', '.join(sorted(texts))}")
    _refresh(version, stored)
    return version


def load_texts(user: Any, version: PlanVersion, path: str | Path) -> PlanVersion:
    """Set a draft's texts from a YAML file (:func:`cspkit.plans.texts.read_texts`)."""
    return set_texts(user, version, reason=f"texts from {Path(path).name}", **read_texts(path))


def edit_content(
    user: Any, version: PlanVersion, edit: Callable[[dict[str, Any]], T], *, reason: str
) -> T:
    """Apply ``edit`` (a function of :mod:`cspkit.plans.content`, or several) to a copy of the
    draft's content and save it; returns what ``edit`` returned."""
    _require_draft(user, version)
    with transaction.atomic():
        stored = _fresh(version)
        content = copy.deepcopy(stored.content)
        result = edit(content)
        stored.content = content
        save(user, stored, reason=reason)
    _refresh(version, stored)
    return result


def refresh_from_records(user: Any, version: PlanVersion) -> PlanVersion:
    """Replace a draft's content with the partnership's records as they stand now (e.g. to
    take in the year's completed actions); texts are kept."""
    _require_draft(user, version)
    with transaction.atomic():
        stored = _fresh(version)
        stored.content = snapshot(export_data(stored.partnership))
        save(user, stored, reason="content taken from the partnership's records")
    _refresh(version, stored)
    return version


def recommend(user: Any, version: PlanVersion, *, on: dt.date | None = None) -> PlanVersion:
    """Recommend a draft to the committee: it can no longer change unless returned to draft."""
    _require_draft(user, version)
    with transaction.atomic():
        stored = _fresh(version)
        stored.status = Status.RECOMMENDED
        stored.recommended_on = on or dt.date.today()
        save(user, stored, reason="recommended to the committee")
    _refresh(version, stored)
    return version


def return_to_draft(user: Any, version: PlanVersion, *, reason: str = "") -> PlanVersion:
    """Take a recommended version back to draft (e.g. the committee asked for changes)."""
    require(can_edit(user, version), user, "change", version)
    if version.status != Status.RECOMMENDED:
        if version.status == Status.DRAFT:
            return version
        raise version.locked_error()
    with transaction.atomic():
        stored = _fresh(version)
        stored.status = Status.DRAFT
        stored.recommended_on = None
        save(user, stored, reason=reason or "returned to draft")
    _refresh(version, stored)
    return version


def _recommendation(version: PlanVersion) -> str:
    period = f" {version.plan_period}" if version.plan_period else ""
    return version.recommendation_text.strip() or (
        f"That the revised “{version.title}” of the {version.plan_title}{period} be adopted."
    )


def adopt(
    user: Any,
    version: PlanVersion,
    *,
    date: dt.date,
    meeting: str = "",
    committee: Body | None = None,
    minute_reference: str = "",
    apply: bool = True,
) -> PlanVersion:
    """Record the committee's adoption of a recommended version: the committee (a body of the
    partnership) and/or the meeting's name, the date and minute reference, as a decision of
    the partnership. The version in force before is superseded. With ``apply`` the adopted
    content is carried into the partnership's records (:func:`cspkit.plans.apply.apply_version`).
    """
    require(can_edit(user, version), user, "change", version)
    if version.status in (Status.ADOPTED, Status.SUPERSEDED):
        raise version.locked_error()
    if version.status != Status.RECOMMENDED:
        raise VersionStateError(
            f"The {version.title} is a draft; recommend it to the committee first (a version is "
            "adopted when the committee decides on the recommendation)."
        )
    if not (meeting.strip() or committee is not None):
        raise InputError("name the committee that adopted the plan (a body of the partnership, "
                         "or the meeting's name)")
    if committee is not None and committee.partnership_id != version.partnership_id:
        raise InputError(f"{committee} belongs to another partnership")

    with transaction.atomic():
        stored = _fresh(version)
        decision = Decision(
            partnership=stored.partnership, body=committee,
            meeting=meeting.strip() or str(committee), date=date,
            minute_reference=minute_reference, text=_recommendation(stored),
        )
        save(user, decision, reason=f"adoption of the {stored.title}")
        for previous in PlanVersion.objects.select_for_update().filter(
            partnership=stored.partnership, status=Status.ADOPTED
        ):
            previous.status = Status.SUPERSEDED
            save(user, previous, reason=f"superseded by the {stored.title}")
        stored.status = Status.ADOPTED
        stored.adopted_by, stored.adopted_meeting = committee, decision.meeting
        stored.adopted_on, stored.minute_reference = date, minute_reference
        stored.decision = decision
        save(user, stored, reason=f"adopted by {decision}")
        if apply:
            apply_version(user, stored)
    _refresh(version, stored)
    return version


def delete_draft(user: Any, version: PlanVersion) -> None:
    """Delete a draft (adopted versions are kept for good)."""
    _require_draft(user, version)
    delete(user, version, reason="draft deleted")
