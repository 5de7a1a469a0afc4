"""The plan pages and the JSON API: an adopted version refuses edits with a clear error."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import Client

from cspkit.plans import services
from cspkit.plans.models import PlanVersion, Status
from tests.plans.conftest import Maidstone
from tests.plans.test_lifecycle import LOCKED

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def text(html: bytes) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.decode()).replace("&#x27;", "'").split())


def test_versions_and_version_pages(smp: Maidstone) -> None:
    c = client_for(smp.member)
    r = c.get("/p/maidstone/plan/")
    assert r.status_code == 200
    assert "The current plan is the June 2021 Update" in text(r.content)
    r = c.get(f"/p/maidstone/plan/{smp.june_2021.pk}/")
    page = text(r.content)
    assert "June 2021 Update Adopted" in page
    assert ("29 June 2021 by the Communities, Housing and Environment Committee acting as the "
            "Crime and Disorder Committee, minute 21") in page
    assert "Start a revision" not in page  # a member may not


def test_an_adopted_version_refuses_edits_on_the_web(smp: Maidstone) -> None:
    c = client_for(smp.officer)
    url = f"/p/maidstone/plan/{smp.june_2021.pk}/texts/"
    for r in (c.get(url), c.post(url, {"foreword": "x"})):
        assert r.status_code == 409
        page = r.content.decode()
        assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in page
        assert LOCKED.replace("'", "&#x27;") in page
        assert "<title>Error: The June 2021 Update cannot change" in page
    r = c.post(f"/p/maidstone/plan/{smp.june_2021.pk}/priorities/domestic-abuse/",
               {"title": "x"})
    assert r.status_code == 409
    r = c.post(f"/p/maidstone/plan/{smp.june_2021.pk}/recommend/")
    assert r.status_code == 409
    assert PlanVersion.objects.get(pk=smp.june_2021.pk).foreword.startswith("The Maidstone")


def test_a_member_gets_403(smp: Maidstone) -> None:
    draft = services.start_revision(smp.officer, smp.p, "June 2022 Update")
    r = client_for(smp.member).post(f"/p/maidstone/plan/{draft.pk}/texts/", {"foreword": "x"})
    assert r.status_code == 403
    assert ("Only the partnership&#x27;s administrators and community safety officers can "
            "change plan versions.") in r.content.decode()
    assert client_for(smp.member).post("/p/maidstone/plan/", {"title": "x"}).status_code == 403


def test_revision_from_start_to_adoption_on_the_web(smp: Maidstone) -> None:
    c = client_for(smp.officer)
    r = c.post("/p/maidstone/plan/", {"title": "June 2022 Update", "year": ""})
    draft = PlanVersion.objects.get(title="June 2022 Update")
    assert r.status_code == 302 and r["Location"] == f"/p/maidstone/plan/{draft.pk}/"
    assert draft.year == "2022/23"
    r = c.post(f"/p/maidstone/plan/{draft.pk}/priorities/domestic-abuse/", {
        "title": "Reducing the harm caused by domestic abuse, stalking and harassment",
        "short_title": "Domestic abuse", "objective": "Safer homes.", "why_important": "",
        "focus": "",
    })
    assert r.status_code == 302
    r = c.get(f"/p/maidstone/plan/{draft.pk}/changes-from/{smp.june_2021.pk}/")
    assert "Priority reworded: “Reducing the harm caused by domestic abuse (including " \
           "stalking)” now reads" in text(r.content)
    assert c.post(f"/p/maidstone/plan/{draft.pk}/recommend/").status_code == 302
    r = c.post(f"/p/maidstone/plan/{draft.pk}/adopt/", {"committee": "", "meeting": "",
                                                        "date": "2022-06-28"})
    assert r.status_code == 400
    assert "Select the committee, or enter the meeting&#x27;s name" in r.content.decode()
    r = c.post(f"/p/maidstone/plan/{draft.pk}/adopt/", {
        "committee": smp.cdc.pk, "meeting": "", "date": "2022-06-28", "minute_reference": "7"})
    assert r.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.adopted_on, draft.minute_reference) == (
        Status.ADOPTED, dt.date(2022, 6, 28), "7")


def test_documents_download(smp: Maidstone) -> None:
    c = client_for(smp.member)
    base = f"/p/maidstone/plan/{smp.june_2021.pk}"
    r = c.get(f"{base}/plan.html")
    assert r.status_code == 200 and "Appendix 4 – Glossary of terms and acronyms" in \
        r.content.decode()
    r = c.get(f"{base}/plan.pdf")
    assert r["Content-Type"] == "application/pdf" and r.content[:4] == b"%PDF"
    assert r["Content-Disposition"] == \
        'attachment; filename="maidstone-june-2021-update-plan.pdf"'
    assert c.get(f"{base}/decision.docx").status_code == 200
    assert c.get(f"{base}/structure.svg").content.startswith(b"<svg")
    r = c.get("/p/maidstone/progress/2021-22-q2.html")
    assert r.status_code == 200 and "Exceptions" in r.content.decode()
    draft = services.start_revision(smp.officer, smp.p, "June 2022 Update")
    assert c.get(f"/p/maidstone/plan/{draft.pk}/decision.html").status_code == 409


def test_an_adopted_version_refuses_edits_in_the_api(smp: Maidstone) -> None:
    c = client_for(smp.officer)
    url = f"/api/p/maidstone/plan/versions/{smp.june_2021.pk}"
    r = c.patch(url, json.dumps({"foreword": "x"}), content_type="application/json")
    assert r.status_code == 409
    assert r.json() == {"error": LOCKED, "status": "adopted"}
    r = c.patch(url, json.dumps({"priorities": {"domestic-abuse": {"title": "x"}}}),
                content_type="application/json")
    assert r.status_code == 409 and r.json()["error"] == LOCKED
    got = c.get(url).json()
    assert got["status"] == "adopted" and got["texts"]["foreword"].startswith("The Maidstone")
    assert got["content"]["priorities"][1]["key"] == "domestic-abuse"


def test_the_api_changes_a_draft(smp: Maidstone) -> None:
    draft = services.start_revision(smp.officer, smp.p, "June 2022 Update")
    c = client_for(smp.officer)
    url = f"/api/p/maidstone/plan/versions/{draft.pk}"
    r = c.patch(url, json.dumps({"foreword": "New.", "priorities": {
        "mental-health": {"short_title": "Mental health and vulnerability"}}}),
        content_type="application/json")
    assert r.status_code == 200
    assert r.json()["texts"]["foreword"] == "New."
    r = c.get(f"/api/p/maidstone/plan/diff/{smp.june_2021.pk}/{draft.pk}").json()
    assert [ch["kind"] for ch in r["changes"]] == ["text_changed"]
    bad = c.patch(url, "{not json", content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["error"].startswith("the body is not JSON (Expecting property name")
    r = c.patch(url, json.dumps({"forword": "x"}), content_type="application/json")
    assert r.status_code == 400 and r.json()["error"].startswith(
        "forword: is not a field here; the fields are")
    r = c.patch(url, json.dumps({"priorities": {"domestic-abus": {"title": "x"}}}),
                content_type="application/json")
    assert r.status_code == 400 and r.json()["error"].startswith(
        "the plan has no priority 'domestic-abus'")
    r = client_for(smp.member).patch(url, json.dumps({"foreword": "x"}),
                                     content_type="application/json")
    assert r.status_code == 403
    assert r.json() == {"error": "Only the partnership's administrators and community safety "
                        "officers can change plan versions. Ask one of them to make the change."}
    assert Client().get(url).status_code == 403
    assert c.get("/api/p/maidstone/plan/versions/").json()["versions"][0]["title"] == \
        "June 2022 Update"
