"""Retention deletes or anonymises exactly the closed cases past their period; the subject
access export holds everything about one person and nothing about anyone else."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied

from cspkit.casework import asb
from cspkit.casework.access import open_case
from cspkit.casework.models import (
    AgendaItem,
    AsbApplication,
    CaseAccess,
    RetentionLog,
    VulnerabilityAction,
    VulnerabilityCase,
)
from cspkit.casework.retention import ANONYMISED, apply_retention
from cspkit.casework.subject_access import subject_access
from cspkit.casework.vulnerability import add_action, build_agenda, close_case
from tests.casework.world import CaseWorld

D = dt.date


def _closed(w: CaseWorld, name: str, closed: dt.date) -> VulnerabilityCase:
    case = w.refer(name, referred_on=D(2022, 1, 3))
    add_action(w.users["worker"], case, f"Visit {name}", w.council, D(2022, 2, 1))
    close_case(w.users["worker"], case, outcome="other", reason="Done", closed_on=closed)
    return case


def _asb(w: CaseWorld, name: str, closed: dt.date) -> AsbApplication:
    panel = w.users["panel"]
    app = asb.apply(panel, w.a, applicant_name=name, received_on=D(2021, 1, 4),
                    description=f"{name}'s neighbour", incidents=[
                        (D(2020, 12, 1), w.police, "Shouting"), (D(2020, 12, 5), w.police, ""),
                        (D(2021, 1, 2), w.council, "Graffiti")])
    asb.decide_threshold(panel, app, D(2021, 1, 8))
    asb.record_review(panel, app, D(2021, 2, 1), "Police, council", f"{name} was let down")
    asb.add_recommendation(panel, app, f"Call {name} weekly", w.council)
    asb.tell_applicant(panel, app, closed, f"Dear {name}")
    return app


def test_retention_removes_exactly_what_is_past_its_date(w: CaseWorld) -> None:
    today = D(2025, 6, 1)  # vulnerability cases kept 24 months, ASB 36 months after closure
    old = _closed(w, "Old Case", D(2023, 5, 31))  # kept until 2025-05-31: past
    edge = _closed(w, "Edge Case", D(2023, 6, 1))  # kept until 2025-06-01: not yet
    still_open = w.refer("Open Case", referred_on=D(2020, 1, 1))
    build_agenda(w.users["worker"], w.a, D(2023, 1, 5))
    old_app = _asb(w, "Ann Applicant", D(2022, 5, 1))  # kept until 2025-05-01: past
    new_app = _asb(w, "Ned Newer", D(2022, 6, 2))
    admin = w.users["admin"]

    dry = apply_retention(admin, w.a, today=today, dry_run=True)
    assert [(c.reference, c.action) for c in dry.cases] == [
        (old.reference, "deleted"), (old_app.reference, "anonymised")]
    assert VulnerabilityCase.objects.filter(pk=old.pk).exists() and not dry.done
    assert "would be deleted" in "\n".join(dry.lines())

    done = apply_retention(admin, w.a, today=today, dry_run=False)
    assert done.done and len(done.cases) == 2
    assert set(VulnerabilityCase.objects.values_list("pk", flat=True)) == {edge.pk,
                                                                           still_open.pk}
    assert not VulnerabilityAction.objects.filter(case_id=old.pk).exists()
    assert not AgendaItem.objects.filter(case_id=old.pk).exists()
    for model, key in ((VulnerabilityCase, "id"), (VulnerabilityAction, "case_id"),
                       (AgendaItem, "case_id")):
        assert not model.history.filter(**{key: old.pk}).exists()  # type: ignore[attr-defined]
    anon = AsbApplication.objects.get(pk=old_app.pk)
    assert (anon.applicant_name, anon.description, anon.outcome_letter) == (ANONYMISED, "", "")
    assert (anon.threshold_met, anon.review_on, anon.recommendations.count()) == (
        True, D(2021, 2, 1), 1)
    assert anon.incidents.count() == 3 and not anon.incidents.exclude(summary="").exists()
    assert not AsbApplication.history.filter(applicant_name="Ann Applicant").exists()
    assert AsbApplication.objects.get(pk=new_app.pk).applicant_name == "Ned Newer"
    logged = sorted(RetentionLog.objects.values_list("reference", "action", "username"))
    assert logged == sorted([(old.reference, "deleted", "admin"),
                             (old_app.reference, "anonymised", "admin")])
    assert "Old Case" not in json.dumps(list(RetentionLog.objects.values()), default=str)
    again = apply_retention(admin, w.a, today=today, dry_run=False)
    assert again.cases == [] and "no closed case is past" in again.lines()[0]


def test_retention_is_for_administrators(w: CaseWorld) -> None:
    for name in ("worker", "officer"):
        with pytest.raises(PermissionDenied):
            apply_retention(w.users[name], w.a, today=D(2025, 1, 1))


def test_subject_access_holds_everything_about_one_person_only(w: CaseWorld) -> None:
    worker = w.users["worker"]
    mine = w.refer("Jane Smith", date_of_birth=D(1980, 2, 3), address="1 High Street")
    add_action(worker, mine, "Welfare visit for Jane", w.council, D(2025, 2, 1))
    build_agenda(worker, w.a, D(2025, 1, 9))
    other = w.refer("John Other", address="2 Low Road")
    build_agenda(worker, w.a, D(2025, 1, 9))
    open_case(worker, w.a, VulnerabilityCase, mine.pk)
    app = _asb(w, "jane smith", D(2021, 3, 1))
    _asb(w, "Peter Else", D(2021, 3, 1))
    out = subject_access(w.users["admin"], w.a, "Jane Smith", channel="command")
    text = json.dumps(out)
    assert [c["reference"] for c in out["vulnerability_cases"]] == [mine.reference]
    assert [a["reference"] for a in out["asb_case_reviews"]] == [app.reference]
    case = out["vulnerability_cases"][0]
    assert case["address"] == "1 High Street" and case["date of birth"] == "1980-02-03"
    assert case["actions"][0]["action"] == "Welfare visit for Jane"
    assert case["meetings"][0]["meeting"] == "Vulnerability meeting 09 January 2025"
    assert [v["what"] for v in case["views"]][:1] == ["viewed the case"]
    records = {c["record"] for c in case["changes"]}
    assert {mine.reference, "Vulnerability meeting 09 January 2025: " + mine.reference} <= records
    assert any(r.startswith(f"{mine.reference}: Welfare visit") for r in records)
    asb_records = {c["record"] for c in out["asb_case_reviews"][0]["changes"]}
    assert f"{app.reference}: Call jane smith weekly" in asb_records
    assert out["asb_case_reviews"][0]["recommendations"][0]["recommendation"] == (
        "Call jane smith weekly")
    for stranger in ("John Other", "2 Low Road", "Peter Else", other.reference):
        assert stranger not in text
    exported = CaseAccess.objects.filter(what="exported for a subject access request")
    assert sorted(exported.values_list("reference", flat=True)) == sorted(
        [mine.reference, app.reference])
    with pytest.raises(PermissionDenied):
        subject_access(worker, w.a, "Jane Smith")
