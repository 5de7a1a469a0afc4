"""The ASB Case Review's service functions: log an application with the incidents it reports,
acknowledge it, apply the threshold test, hold the review, make recommendations, tell the
applicant, hear an appeal; and the clock (what is due when). Each checks the case-work role,
validates and is audited (:func:`cspkit.casework.access.save_case_record`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from cspkit.casework.access import save_case_record
from cspkit.casework.models import AsbApplication, AsbIncident, CaseworkSettings, Recommendation
from cspkit.casework.rules import ThresholdResult, add_working_days, threshold_test
from cspkit.errors import CaseError
from cspkit.partnership.models import Organisation, Partnership

__all__ = [
    "Clock",
    "acknowledge",
    "add_recommendation",
    "apply",
    "clocks",
    "decide_threshold",
    "record_appeal",
    "record_review",
    "settings_for",
    "tell_applicant",
    "threshold_of",
]

Status = AsbApplication.Status


def settings_for(partnership: Partnership) -> CaseworkSettings:
    """The partnership's case-work settings (the defaults, unsaved, when it has none)."""
    found = CaseworkSettings.objects.filter(partnership=partnership).first()
    return found if found is not None else CaseworkSettings(partnership=partnership)


def apply(
    user: Any, partnership: Partnership, *, incidents: Iterable[tuple[date, Organisation, str]],
    **fields: Any,
) -> AsbApplication:
    """Log an application (``applicant_name``, ``received_on``, ``description`` ...) with the
    incidents it reports as (date reported, agency, summary)."""
    with transaction.atomic():
        application = save_case_record(
            user, AsbApplication(partnership=partnership, **fields), reason="received"
        )
        for reported_on, agency, summary in incidents:
            add_incident(user, application, reported_on, agency, summary)
    return application


def add_incident(
    user: Any, application: AsbApplication, reported_on: date, agency: Organisation,
    summary: str = "",
) -> AsbIncident:
    incident = AsbIncident(
        application=application, reported_on=reported_on, agency=agency, summary=summary
    )
    return save_case_record(user, incident)


def acknowledge(user: Any, application: AsbApplication, on: date) -> AsbApplication:
    application.acknowledged_on = on
    return save_case_record(user, application, reason="acknowledged")


def threshold_of(application: AsbApplication) -> ThresholdResult:
    """The threshold test on the application's incidents, with the partnership's threshold."""
    s = settings_for(application.partnership)
    dates = application.incidents.values_list("reported_on", flat=True)
    return threshold_test(
        dates, application.received_on, required=s.asb_complaints,
        window_months=s.asb_window_months,
    )


def decide_threshold(
    user: Any, application: AsbApplication, on: date, reason: str = ""
) -> ThresholdResult:
    """Apply the threshold test and record the decision: met (a review to hold) or not met
    (the applicant is told, with the rule applied, and may appeal)."""
    if application.status != Status.RECEIVED:
        raise CaseError(f"{application}'s threshold was decided on {application.decided_on} "
                        f"({application.get_status_display()}); it is decided once")
    result = threshold_of(application)
    application.threshold_met = result.met
    application.threshold_rule = result.summary[:300]
    application.decided_on = on
    application.decision_reason = reason or result.summary
    application.status = Status.AWAITING_REVIEW if result.met else Status.NOT_MET
    save_case_record(user, application, reason="threshold decided")
    return result


def record_review(
    user: Any, application: AsbApplication, on: date, panel: str, findings: str
) -> AsbApplication:
    """The review meeting: when, who sat on the panel, what it found."""
    if application.status not in (Status.AWAITING_REVIEW, Status.REVIEWED):
        raise CaseError(f"{application} is {application.get_status_display().lower()}; a "
                        "review is held once the threshold is met (decide it first)")
    application.review_on, application.panel = on, panel
    application.review_findings = findings
    application.status = Status.REVIEWED
    return save_case_record(user, application, reason="reviewed")


def add_recommendation(
    user: Any, application: AsbApplication, text: str, owner: Organisation,
    due: date | None = None,
) -> Recommendation:
    rec = Recommendation(application=application, text=text, owner=owner, due=due)
    return save_case_record(user, rec)


def tell_applicant(
    user: Any, application: AsbApplication, on: date, letter: str
) -> AsbApplication:
    """The applicant told the outcome (of the threshold test or of the review): the case
    closes, open to appeal."""
    if application.status not in (Status.NOT_MET, Status.REVIEWED):
        raise CaseError(f"{application} is {application.get_status_display().lower()}; the "
                        "applicant is told once the threshold is not met or the review is held")
    application.told_on, application.outcome_letter = on, letter
    application.status, application.closed_on = Status.CLOSED, on
    return save_case_record(user, application, reason="applicant told")


def record_appeal(
    user: Any, application: AsbApplication, received_on: date, outcome: str = "",
    decided_on: date | None = None,
) -> AsbApplication:
    """An appeal against the decision or the review; when upheld the review is held again."""
    if application.told_on is None:
        raise CaseError(f"{application}: the applicant has not been told an outcome to appeal")
    application.appeal_received_on = received_on
    application.appeal_outcome, application.appeal_decided_on = outcome, decided_on
    if outcome == AsbApplication.Appeal.UPHELD:
        application.status, application.closed_on = Status.AWAITING_REVIEW, None
    return save_case_record(user, application, reason="appeal")


@dataclass(frozen=True)
class Clock:
    """One step of the application's clock."""

    step: str
    due: date | None
    done: date | None
    today: date

    @property
    def state(self) -> str:
        if self.due is None:
            return "not started"
        if self.done is not None:
            return "done late" if self.done > self.due else "done in time"
        return "overdue" if self.today > self.due else "due"


def clocks(application: AsbApplication, today: date) -> list[Clock]:
    """Acknowledge, decide, meet and respond, each due a number of working days (the
    partnership's settings) after receipt or, for the response, after the review."""
    s = settings_for(application.partnership)
    received = application.received_on
    steps = [
        Clock("Acknowledge", add_working_days(received, s.acknowledge_days),
              application.acknowledged_on, today),
        Clock("Decide the threshold", add_working_days(received, s.decision_days),
              application.decided_on, today),
    ]
    if application.threshold_met is not False:
        steps.append(Clock("Hold the review", add_working_days(received, s.review_days),
                           application.review_on, today))
    base = application.review_on if application.threshold_met else application.decided_on
    due = add_working_days(base, s.respond_days) if base is not None else None
    steps.append(Clock("Tell the applicant", due, application.told_on, today))
    return steps
