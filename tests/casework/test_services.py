"""The vulnerability meeting's and the ASB Case Review's service functions: who may, what is
recorded, the audit of every change and every view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from cspkit.casework import asb
from cspkit.casework.access import cases_of, open_case
from cspkit.casework.models import (
    AsbApplication,
    CaseAccess,
    CaseworkSettings,
    VulnerabilityCase,
)
from cspkit.casework.vulnerability import (
    add_action,
    build_agenda,
    close_case,
    complete_action,
    record_minutes,
    set_risk,
)
from cspkit.errors import CaseError
from cspkit.partnership.audit import history_of, partnership_changes
from tests.casework.world import CaseWorld

D = dt.date


def test_a_referral_is_audited_as_its_case_worker(w: CaseWorld) -> None:
    case = w.refer()
    set_risk(w.users["worker"], case, 5, 4, "Threats from a neighbour")
    entries = history_of(case)
    assert [(e.action, e.who_name, e.reason) for e in entries] == [
        ("changed", "worker", "risk assessed"), ("created", "worker", "referred")]
    changed = {c.field: (c.before, c.after) for c in entries[0].changes}
    assert changed["likelihood"] == (None, 5) and changed["impact"] == (None, 4)
    assert case.risk == (20, "high") and case.reference == f"CSVG-{case.pk:04d}"


def test_only_the_forums_case_workers_may_refer_and_read(w: CaseWorld) -> None:
    case = w.refer()
    for name in ("admin", "officer", "member", "panel"):
        with pytest.raises(PermissionDenied):
            cases_of(w.users[name], w.a, VulnerabilityCase)
    for name in ("outsider", "b_worker"):
        with pytest.raises(Http404):
            cases_of(w.users[name], w.a, VulnerabilityCase)
    with pytest.raises(PermissionDenied):
        set_risk(w.users["officer"], case, 1, 1)
    assert list(cases_of(w.users["root"], w.a, VulnerabilityCase)) == [case]


def test_every_view_is_logged_and_another_partnerships_case_is_404(w: CaseWorld) -> None:
    case = w.refer()
    got = open_case(w.users["worker"], w.a, VulnerabilityCase, case.pk, channel="command")
    assert got == case
    log = CaseAccess.objects.get()
    assert (log.username, log.what, log.case_id, log.reference, log.channel) == (
        "worker", "viewed the case", case.pk, case.reference, "command")
    with pytest.raises(Http404):
        open_case(w.users["b_worker"], w.b, VulnerabilityCase, case.pk)
    with pytest.raises(PermissionDenied):
        open_case(w.users["member"], w.a, VulnerabilityCase, case.pk)
    assert CaseAccess.objects.count() == 1  # refused views see nothing, log nothing


def test_case_records_stay_out_of_the_partnership_wide_audit(w: CaseWorld) -> None:
    w.refer()
    assert not [e for e in partnership_changes(w.a) if e.model == "vulnerability case"]


def test_actions_with_owners_and_dates_and_closing(w: CaseWorld) -> None:
    worker = w.users["worker"]
    case = w.refer()
    action = add_action(worker, case, "Welfare visit", w.council, D(2025, 1, 20))
    complete_action(worker, action, D(2025, 1, 18))
    assert case.actions.get().done_on == D(2025, 1, 18)
    with pytest.raises(ValidationError, match="belongs to another partnership"):
        add_action(worker, case, "Other partnership's agency", w.b_police, D(2025, 1, 20))
    close_case(worker, case, outcome="risk_reduced", reason="Moved to supported housing",
               closed_on=D(2025, 3, 1))
    assert (case.status, case.get_outcome_display()) == ("closed", "Risk reduced")
    with pytest.raises(CaseError, match="cannot be closed again"):
        close_case(worker, case, outcome="other", reason="", closed_on=D(2025, 3, 2))
    with pytest.raises(CaseError, match="is closed; reopen it"):
        add_action(worker, case, "Too late", w.council, D(2025, 4, 1))


def test_the_agenda_lists_new_high_risk_review_due_and_overdue_cases(w: CaseWorld) -> None:
    worker = w.users["worker"]
    first = w.refer("Ann One", referred_on=D(2025, 1, 2))
    m1 = build_agenda(worker, w.a, D(2025, 1, 9))
    assert [(i.case, i.why) for i in m1.items.all()] == [(first, "new")]
    second = w.refer("Bob Two", referred_on=D(2025, 1, 10))
    w.refer("Cat Three", referred_on=D(2025, 1, 3), likelihood=5, impact=5)
    w.refer("Dan Four", referred_on=D(2025, 1, 3), review_on=D(2025, 1, 16))
    quiet = w.refer("Eve Five", referred_on=D(2025, 1, 3))
    late = w.refer("Fay Six", referred_on=D(2025, 1, 3))
    build_agenda(worker, w.a, D(2025, 1, 9))  # these four join the first meeting's agenda
    add_action(worker, late, "Call back", w.police, D(2025, 1, 12))
    closed = w.refer("Gus Seven", referred_on=D(2025, 1, 11))
    close_case(worker, closed, outcome="other", reason="Duplicate", closed_on=D(2025, 1, 12))
    m2 = build_agenda(worker, w.a, D(2025, 1, 16))
    assert [(i.case.name, i.why) for i in m2.items.order_by("case__name")] == [
        ("Bob Two", "new"), ("Cat Three", "high_risk"), ("Dan Four", "review_due"),
        ("Fay Six", "actions_overdue")]
    assert second.pk and quiet.agenda_items.count() == 1
    item = m2.items.get(case=second)
    record_minutes(worker, item, "Agreed a joint visit", "Keep open; review in 4 weeks")
    assert history_of(item)[0].who_name == "worker"
    assert build_agenda(worker, w.a, D(2025, 1, 16)).items.count() == 4  # again: no doubles


RECEIVED = D(2025, 3, 14)


def _apply(w: CaseWorld, dates: list[dt.date], received: dt.date = RECEIVED) -> AsbApplication:
    return asb.apply(
        w.users["panel"], w.a, applicant_name="Sam Jones", received_on=received,
        description="Noise and threats from a neighbouring flat",
        incidents=[(d, w.police, f"Report {i + 1}") for i, d in enumerate(dates)],
    )


def test_an_application_meeting_the_threshold_goes_to_review_and_appeal(w: CaseWorld) -> None:
    panel = w.users["panel"]
    app = _apply(w, [D(2024, 10, 1), D(2025, 1, 5), D(2025, 3, 10)])
    asb.acknowledge(panel, app, D(2025, 3, 17))
    result = asb.decide_threshold(panel, app, D(2025, 3, 20))
    assert result.met and app.status == "awaiting_review" and app.threshold_met is True
    assert app.threshold_rule.startswith("3 complaints from 14 September 2024")
    with pytest.raises(CaseError, match="it is decided once"):
        asb.decide_threshold(panel, app, D(2025, 3, 21))
    asb.record_review(panel, app, D(2025, 4, 10), "Police, council, housing", "Missed reports")
    asb.add_recommendation(panel, app, "Noise monitoring", w.council, D(2025, 5, 1))
    asb.tell_applicant(panel, app, D(2025, 4, 14), "The panel recommended noise monitoring")
    assert (app.status, app.closed_on) == ("closed", D(2025, 4, 14))
    asb.record_appeal(panel, app, D(2025, 4, 20), "upheld", D(2025, 4, 25))
    assert (app.status, app.closed_on) == ("awaiting_review", None)
    reasons = [e.reason for e in history_of(app)]
    assert reasons == ["appeal", "applicant told", "reviewed", "threshold decided",
                       "acknowledged", "received"]


def test_an_application_not_meeting_the_threshold_is_told_and_closed(w: CaseWorld) -> None:
    panel = w.users["panel"]
    app = _apply(w, [D(2024, 9, 13), D(2025, 3, 10)])
    result = asb.decide_threshold(panel, app, D(2025, 3, 20))
    assert not result.met and app.status == "not_met" and app.threshold_met is False
    with pytest.raises(CaseError, match="a review is held once the threshold is met"):
        asb.record_review(panel, app, D(2025, 4, 1), "", "")
    asb.tell_applicant(panel, app, D(2025, 3, 21), "Two reports in six months: not met")
    assert app.status == "closed"


def test_the_local_threshold_is_applied(w: CaseWorld) -> None:
    CaseworkSettings.objects.create(partnership=w.a, asb_complaints=2, asb_window_months=12)
    app = _apply(w, [D(2024, 4, 1), D(2025, 3, 10)])
    result = asb.decide_threshold(w.users["panel"], app, D(2025, 3, 20))
    assert result.met and "the local threshold" in result.rule


def test_the_clock_counts_working_days_from_receipt(w: CaseWorld) -> None:
    panel = w.users["panel"]
    app = _apply(w, [D(2024, 10, 1), D(2025, 1, 5), D(2025, 3, 10)])  # received Fri 14 March
    asb.acknowledge(panel, app, D(2025, 3, 24))  # 6 working days: late
    asb.decide_threshold(panel, app, D(2025, 3, 27))
    clocks = asb.clocks(app, today=D(2025, 4, 30))
    assert [(c.step, c.due, c.state) for c in clocks] == [
        ("Acknowledge", D(2025, 3, 21), "done late"),
        ("Decide the threshold", D(2025, 3, 28), "done in time"),
        ("Hold the review", D(2025, 4, 18), "overdue"),
        ("Tell the applicant", None, "not started"),
    ]


def test_panel_members_work_only_asb_and_case_workers_only_csvg(w: CaseWorld) -> None:
    with pytest.raises(PermissionDenied):
        asb.apply(
            w.users["worker"], w.a, applicant_name="X", received_on=D(2025, 1, 1),
            description="x", incidents=[])
    assert not AsbApplication.objects.exists()
