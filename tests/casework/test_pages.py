"""The case-work pages through Django's test client: what case workers see and do, that every
view of a case is logged, and that no one else sees anything (403 for the partnership's other
members, 404 for other partnerships and outsiders)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from cspkit.casework import asb
from cspkit.casework.models import AsbApplication, CaseAccess, VulnerabilityCase
from cspkit.casework.vulnerability import add_action, build_agenda
from cspkit.partnership.audit import history_of
from tests.casework.world import CaseWorld

pytestmark = pytest.mark.django_db
D = dt.date


def client(w: CaseWorld, name: str) -> Client:
    c = Client()
    c.force_login(w.users[name])
    return c


def text(response: object) -> str:
    html = response.content.decode()  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _app(w: CaseWorld) -> AsbApplication:
    return asb.apply(w.users["panel"], w.a, applicant_name="Sam Jones",
                     received_on=D(2025, 3, 14), description="Noise at night", incidents=[
                         (D(2024, 10, 1), w.police, "Shouting"),
                         (D(2025, 1, 5), w.council, "Bins set alight"),
                         (D(2025, 3, 10), w.police, "")])


def test_referral_form_to_case_page_logs_the_view(w: CaseWorld) -> None:
    c = client(w, "worker")
    assert c.get("/p/a/casework/new/").status_code == 200
    bad = c.post("/p/a/casework/new/", {"name": "Jane Smith", "referred_on": "27/01/2025"})
    assert bad.status_code == 200 and "There is a problem" in text(bad)
    assert "Enter the date of the referral as year-month-day, e.g. 2025-01-27" in text(bad)
    response = c.post("/p/a/casework/new/", {
        "name": "Jane Smith", "subject": "person", "referring_agency": w.police.pk,
        "referred_on": "2025-01-27", "reason": "Calls about a neighbour", "lawful_basis": "s115",
        "consent": "given", "flags": ["hoarding", "mental_health_victim"], "likelihood": "4",
        "impact": "4"})
    case = VulnerabilityCase.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/p/a/casework/{case.pk}/"
    page = text(c.get(response["Location"]))
    assert f"Case {case.reference}: Jane Smith" in page
    assert "Vulnerabilities Hoarding, Mental health (victim)" in page
    assert "Risk High (4 likelihood × 4 impact = 16)" in page
    assert "worker viewed the case (web)" in page
    log = CaseAccess.objects.filter(case_id=case.pk).get()
    assert (log.username, log.what) == ("worker", "viewed the case")


def test_the_list_shows_initials_never_names(w: CaseWorld) -> None:
    case = w.refer("Jane Smith", ward_code="E05005003")
    add_action(w.users["worker"], case, "Welfare visit", w.council, D(2025, 1, 8))
    page = text(client(w, "worker").get("/p/a/casework/"))
    assert f"{case.reference} J. S. E05005003 2025-01-06 not assessed – Open" in page
    assert f"8 Jan 2025 Overdue {case.reference} J. S. a Council Welfare visit" in page
    assert "Jane" not in page and "Smith" not in page
    assert CaseAccess.objects.get().what == "listed 1 cases (initials only)"


def test_the_agenda_page_shows_and_logs_each_case(w: CaseWorld) -> None:
    case = w.refer("Jane Smith")
    add_action(w.users["worker"], case, "Visit", w.council, D(2025, 1, 8))
    c = client(w, "worker")
    response = c.post("/p/a/casework/meetings/", {"date": "2025-01-09"})
    meeting = case.agenda_items.get().meeting
    assert response["Location"] == f"/p/a/casework/meetings/{meeting.pk}/"
    page = text(c.get(response["Location"]))
    assert "Vulnerability meeting 09 January 2025: agenda" in page
    assert f"{case.reference}: Jane Smith New referral Referred by a Police" in page
    assert CaseAccess.objects.filter(case_id=case.pk).get().what == (
        "shown on the agenda of Vulnerability meeting 09 January 2025")


def test_application_form_decision_page_and_clock(w: CaseWorld) -> None:
    c = client(w, "panel")
    bad = c.post("/p/a/asb-review/new/", {
        "applicant_name": "Sam Jones", "received_on": "2025-03-14", "description": "Noise",
        "incidents": "2025-01-05, fire, smoke"})
    assert "Line 1: name the agency by its key, one of council, police" in text(bad)
    response = c.post("/p/a/asb-review/new/", {
        "applicant_name": "Sam Jones", "received_on": "2025-03-14", "description": "Noise",
        "incidents": "2024-10-01, police, shouting\n2025-01-05, council, bins\n"
                     "2025-03-10, police"})
    app = AsbApplication.objects.get()
    assert response["Location"] == f"/p/a/asb-review/{app.pk}/" and app.incidents.count() == 3
    page = text(c.get(f"/p/a/asb-review/{app.pk}/decision/"))
    assert ("The threshold test on the reports recorded: 3 complaints from 14 September 2024 "
            "to 14 March 2025: meets the threshold of 3 complaints in 6 months (the statutory "
            "threshold).") in page
    response = c.post(f"/p/a/asb-review/{app.pk}/decision/", {"decided_on": "2025-03-20"})
    assert response.status_code == 302
    page = text(c.get(f"/p/a/asb-review/{app.pk}/"))
    assert "Threshold Met, decided 20 March 2025: 3 complaints" in page
    assert "Decide the threshold 28 Mar 2025 20 Mar 2025 Done in time" in page
    again = c.post(f"/p/a/asb-review/{app.pk}/decision/", {"decided_on": "2025-03-21"})
    assert "it is decided once" in text(again)
    listed = text(c.get("/p/a/asb-review/"))
    assert f"{app.reference} S. J." in listed and "Sam" not in listed


CASE_URLS = [
    "/p/a/casework/", "/p/a/casework/new/", "/p/a/casework/{case}/", "/p/a/casework/meetings/",
    "/p/a/casework/meetings/{meeting}/", "/p/a/asb-review/", "/p/a/asb-review/new/",
    "/p/a/asb-review/{app}/", "/p/a/asb-review/{app}/decision/",
]


@pytest.mark.parametrize(("who", "status"), [
    ("member", 403), ("officer", 403), ("admin", 403), ("outsider", 404), ("b_worker", 404),
])
def test_no_one_else_sees_any_case_page(w: CaseWorld, who: str, status: int) -> None:
    case = w.refer()
    meeting = build_agenda(w.users["worker"], w.a, D(2025, 1, 9))
    app = _app(w)
    c = client(w, who)
    for url in CASE_URLS:
        url = url.format(case=case.pk, meeting=meeting.pk, app=app.pk)
        assert c.get(url).status_code == status, url
        assert c.post(url, {"name": "x"}).status_code in (status, 405), url
    assert not CaseAccess.objects.exists()
    assert VulnerabilityCase.objects.count() == 1 and AsbApplication.objects.count() == 1


def test_each_forum_is_for_its_own_case_workers(w: CaseWorld) -> None:
    case = w.refer()
    app = _app(w)
    assert client(w, "panel").get(f"/p/a/casework/{case.pk}/").status_code == 403
    assert client(w, "worker").get(f"/p/a/asb-review/{app.pk}/").status_code == 403
    assert client(w, "b_worker").get(f"/p/b/casework/{case.pk}/").status_code == 404
    assert Client().get(f"/p/a/casework/{case.pk}/").status_code == 302  # to sign in


def test_the_generic_history_page_does_not_show_case_records(w: CaseWorld) -> None:
    case = w.refer()
    for who in ("member", "worker"):
        url = f"/p/a/history/casework.vulnerabilitycase/{case.pk}/"
        assert client(w, who).get(url).status_code == 404


def test_a_referral_to_closure_and_an_application_to_appeal_in_the_pages(w: CaseWorld) -> None:
    case = w.refer("Jane Smith")
    c = client(w, "worker")
    meeting = build_agenda(w.users["worker"], w.a, D(2025, 1, 9))
    item = meeting.items.get()
    assert f"/p/a/casework/{case.pk}/items/{item.pk}/minutes/" in c.get(
        f"/p/a/casework/meetings/{meeting.pk}/").content.decode()
    steps = [
        (f"/p/a/casework/{case.pk}/items/{item.pk}/minutes/",
         {"minutes": "Agreed a joint visit", "decision": "Keep open"}),
        (f"/p/a/casework/{case.pk}/action/",
         {"text": "Joint visit", "owner": w.council.pk, "due": "2025-01-20"}),
        (f"/p/a/casework/{case.pk}/close/",
         {"outcome": "risk_reduced", "reason": "Supported housing", "closed_on": "2025-03-01"}),
    ]
    for url, data in steps:
        response = c.post(url, data)
        assert response.status_code == 302, text(response)
    page = text(c.get(f"/p/a/casework/{case.pk}/"))
    assert "Status Closed: Risk reduced, 1 March 2025" in page
    assert "Joint visit a Council 20 Jan 2025 Not yet" in page
    assert "Agreed a joint visit Decision: Keep open" in page
    assert "Add an action" not in page
    assert c.post(f"/p/a/casework/{case.pk}/close/", {
        "outcome": "other", "reason": "x", "closed_on": "2025-03-02"}).status_code == 200
    assert c.get(f"/p/a/casework/{case.pk}/review/").status_code == 404  # an ASB step

    p = client(w, "panel")
    app = _app(w)
    asb.decide_threshold(w.users["panel"], app, D(2025, 3, 20))
    for name, data in [
        ("review", {"review_on": "2025-04-10", "panel": "Police, council", "findings": "x"}),
        ("recommendation", {"text": "Noise monitoring", "owner": w.council.pk}),
        ("tell", {"told_on": "2025-04-14", "letter": "The panel recommended monitoring"}),
        ("appeal", {"received_on": "2025-04-20", "outcome": "dismissed",
                    "decided_on": "2025-04-30"}),
    ]:
        response = p.post(f"/p/a/asb-review/{app.pk}/{name}/", data)
        assert response.status_code == 302, (name, text(response))
    page = text(p.get(f"/p/a/asb-review/{app.pk}/"))
    assert "Appeal Received 20 April 2025: dismissed" in page
    assert "Noise monitoring (a Council)" in page
    early = p.post(f"/p/a/asb-review/{app.pk}/review/", {
        "review_on": "2025-05-01", "panel": "x", "findings": "x"})
    assert "a review is held once the threshold is met" in text(early)
    assert client(w, "member").get(f"/p/a/asb-review/{app.pk}/tell/").status_code == 403


def test_risk_reassessed_and_a_fact_corrected_keep_their_history(w: CaseWorld) -> None:
    case = w.refer("Jane Smith", date_of_birth=D(1980, 2, 3))
    c = client(w, "worker")
    response = c.post(f"/p/a/casework/{case.pk}/risk/", {
        "likelihood": "5", "impact": "3", "risks": "Threats", "review_on": "2025-02-01"})
    assert response.status_code == 302
    form = c.get(f"/p/a/casework/{case.pk}/correct/").content.decode()
    assert 'value="Jane Smith"' in form and 'value="1980-02-03"' in form
    data = {"name": "Jane Smyth", "subject": "person", "date_of_birth": "1980-03-02",
            "referring_agency": w.police.pk, "referred_on": "2025-01-06",
            "reason": case.reason, "lawful_basis": "s115", "consent": "given",
            "flags": ["mental_health_victim"], "why": "She asked us to correct it"}
    assert c.post(f"/p/a/casework/{case.pk}/correct/", data).status_code == 302
    case.refresh_from_db()
    assert (case.name, case.date_of_birth, case.likelihood) == ("Jane Smyth", D(1980, 3, 2), 5)
    page = text(c.get(f"/p/a/casework/{case.pk}/"))
    assert "Risk High (5 likelihood × 3 impact = 15)" in page
    assert "Name of the person, household or place Jane Smith Jane Smyth" in page
    assert history_of(case)[0].reason == "rectified: She asked us to correct it"


def test_the_subject_access_page_is_for_administrators(w: CaseWorld) -> None:
    import json

    case = w.refer("Jane Smith")
    w.refer("John Other")
    admin = client(w, "admin")
    assert "/p/a/case-work/subject-access/" in admin.get("/p/a/case-work/").content.decode()
    response = admin.post("/p/a/case-work/subject-access/", {"name": "jane smith"})
    assert response["Content-Disposition"] == 'attachment; filename="subject-access.json"'
    found = json.loads(response.content)
    assert [c["reference"] for c in found["vulnerability_cases"]] == [case.reference]
    assert "John Other" not in response.content.decode()
    assert client(w, "worker").get("/p/a/case-work/subject-access/").status_code == 403
    assert client(w, "b_worker").get("/p/a/case-work/subject-access/").status_code == 404
