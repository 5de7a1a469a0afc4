"""Retention: closed cases past the partnership's retention period are removed.

- A vulnerability case is **deleted** with its actions and agenda items, and its history (the
  audit log of changes keeps every earlier value, so it goes too).
- An ASB Case Review application is **anonymised**: the applicant, the behaviour described,
  the letters and the texts go; the dates, the threshold decision, whether a review was held
  and how many recommendations it made stay, for the yearly published figures. Its history
  goes.

Each removal is written to :class:`~cspkit.casework.models.RetentionLog` (reference, closing
date, what was done, by whom; no personal data). The access log keeps who viewed the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models, transaction

from cspkit.casework.access import require_administrator
from cspkit.casework.asb import settings_for
from cspkit.casework.models import (
    AgendaItem,
    AsbApplication,
    AsbIncident,
    Recommendation,
    RetentionLog,
    VulnerabilityAction,
    VulnerabilityCase,
)
from cspkit.casework.rules import add_months_to
from cspkit.partnership.models import Partnership

__all__ = ["ANONYMISED", "Expired", "RetentionReport", "apply_retention", "expired_cases"]

ANONYMISED = "(anonymised)"


@dataclass(frozen=True)
class Expired:
    forum: str
    reference: str
    pk: int
    closed_on: date
    keep_until: date
    action: str
    """``deleted`` or ``anonymised``."""


@dataclass(frozen=True)
class RetentionReport:
    partnership: Partnership
    today: date
    cases: list[Expired]
    done: bool
    """False for a dry run: nothing was removed."""

    def lines(self) -> list[str]:
        if not self.cases:
            return [f"{self.partnership.name}: no closed case is past its retention period "
                    f"on {self.today:%d %B %Y}."]
        verb = "" if self.done else "would be "
        out = [f"{self.partnership.name}: {len(self.cases)} closed case(s) past retention on "
               f"{self.today:%d %B %Y}:"]
        for c in self.cases:
            out.append(f"  {c.reference}: closed {c.closed_on:%d %B %Y}, kept until "
                       f"{c.keep_until:%d %B %Y}; {verb}{c.action}")
        return out


def expired_cases(partnership: Partnership, today: date) -> list[Expired]:
    """The partnership's closed cases whose retention period ended before ``today``."""
    s = settings_for(partnership)
    found: list[Expired] = []
    for case in VulnerabilityCase.objects.filter(
        partnership=partnership, status=VulnerabilityCase.Status.CLOSED, closed_on__isnull=False
    ).order_by("closed_on", "pk"):
        until = add_months_to(case.closed_on, s.vulnerability_retention_months)
        if today > until:
            found.append(Expired(case.forum, case.reference, case.pk, case.closed_on,
                                 until, "deleted"))
    for app in AsbApplication.objects.filter(
        partnership=partnership, closed_on__isnull=False, anonymised_on__isnull=True
    ).order_by("closed_on", "pk"):
        until = add_months_to(app.closed_on, s.asb_retention_months)
        if today > until:
            found.append(Expired(app.forum, app.reference, app.pk, app.closed_on,
                                 until, "anonymised"))
    return found


def _forget_history(model: type[models.Model], **lookup: Any) -> None:
    model.history.filter(**lookup).delete()


def _delete_vulnerability(pk: int) -> None:
    VulnerabilityCase.objects.filter(pk=pk).delete()
    _forget_history(VulnerabilityAction, case_id=pk)
    _forget_history(AgendaItem, case_id=pk)
    _forget_history(VulnerabilityCase, id=pk)


def _anonymise_asb(pk: int, today: date) -> None:
    AsbApplication.objects.filter(pk=pk).update(
        applicant_name=ANONYMISED, applicant_contact="", on_behalf_of="", description="",
        ward_code="", decision_reason="", review_findings="", outcome_letter="",
        anonymised_on=today,
    )
    AsbIncident.objects.filter(application_id=pk).update(summary="")
    Recommendation.objects.filter(application_id=pk).update(text=ANONYMISED, follow_up="")
    _forget_history(AsbIncident, application_id=pk)
    _forget_history(Recommendation, application_id=pk)
    _forget_history(AsbApplication, id=pk)


def apply_retention(
    user: Any, partnership: Partnership, *, today: date, dry_run: bool = True
) -> RetentionReport:
    """Find the closed cases past retention and (unless ``dry_run``) delete or anonymise them,
    logging each; for the partnership's administrators only."""
    require_administrator(user, partnership, "apply the retention schedule")
    cases = expired_cases(partnership, today)
    if dry_run or not cases:
        return RetentionReport(partnership, today, cases, done=False)
    who = user.get_username()
    with transaction.atomic():
        for c in cases:
            if c.action == "deleted":
                _delete_vulnerability(c.pk)
            else:
                _anonymise_asb(c.pk, today)
            RetentionLog.objects.create(
                partnership=partnership, username=who, forum=c.forum, reference=c.reference,
                closed_on=c.closed_on, action=c.action,
                detail=f"kept until {c.keep_until.isoformat()}",
            )
    return RetentionReport(partnership, today, cases, done=True)
