"""Case work in a real browser: a case worker refers a case and closes it; a partner without
the role is refused; the case-work pages pass axe-core's accessibility rules."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password

from cspkit.casework import asb
from cspkit.casework.models import CaseAccess, VulnerabilityCase
from cspkit.casework.vulnerability import build_agenda
from tests.browser.test_partnership_app import axe_violations
from tests.casework.world import CaseWorld, case_world
from tests.web.pages_world import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def w(transactional_db: None) -> CaseWorld:
    world = case_world()
    hashed = make_password(PASSWORD)
    for user in world.users.values():
        user.password = hashed
        user.save()
    return world


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/p/a/$"))


def test_a_referral_to_closure_and_a_partner_refused(
    page: Any, live_server: Any, w: CaseWorld, screenshots: Any
) -> None:
    base = live_server.url
    sign_in(page, base, "worker")
    page.get_by_role("link", name="Case work").click()
    page.get_by_role("link", name="Vulnerability meeting (CSVG)").click()
    page.get_by_role("button", name="Refer a case").click()
    page.get_by_label("Name of the person, household or place").fill("Jane Smith")
    page.get_by_label("Person", exact=True).check()
    page.get_by_label("Referring agency").select_option(label="a Police")
    page.get_by_label("Date of the referral").fill("2025-01-27")
    page.get_by_label("Reason for the referral").fill("Repeated calls about a neighbour")
    page.get_by_label("Crime and Disorder Act 1998 s.115").check()
    page.get_by_label("Given", exact=True).check()
    page.get_by_label("Hoarding").check()
    page.screenshot(path=screenshots / "casework-referral.png", full_page=True)
    page.get_by_role("button", name="Record the referral").click()
    assert "Referral recorded as CSVG-" in page.locator(
        ".govuk-notification-banner--success").inner_text()
    case = VulnerabilityCase.objects.get()
    page.get_by_role("button", name="Close the case").click()
    page.get_by_label("Risk reduced").check()
    page.get_by_label("Why the case closes").fill("Supported housing found")
    page.get_by_label("Date of closure").fill("2025-03-01")
    page.get_by_role("button", name="Close the case").click()
    assert "Closed: Risk reduced, 1 March 2025" in page.locator(
        ".govuk-summary-list").first.inner_text()
    page.screenshot(path=screenshots / "casework-closed.png", full_page=True)
    assert CaseAccess.objects.filter(case_id=case.pk, username="worker").count() >= 2

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, "member")
    page.get_by_role("link", name="Case work").click()
    assert "Vulnerability meeting (CSVG): for its members only" in page.locator(
        "main").inner_text()
    response = page.request.get(f"{base}/p/a/casework/{case.pk}/")  # the session's cookies
    assert response.status == 403 and "Jane" not in response.text()
    assert not CaseAccess.objects.filter(username="member", case_id=case.pk).exists()


def test_casework_pages_pass_axe(
    page: Any, live_server: Any, w: CaseWorld, screenshots: Any
) -> None:
    case = w.refer("Jane Smith", likelihood=4, impact=4)
    meeting = build_agenda(w.users["worker"], w.a, dt.date(2025, 1, 9))
    app = asb.apply(w.users["root"], w.a, applicant_name="Sam Jones",
                    received_on=dt.date(2025, 3, 14), description="Noise", incidents=[
                        (dt.date(2025, 1, 5), w.police, "Shouting")])
    base = live_server.url
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    found: dict[str, list[str]] = {}
    for name, url in [
        ("hub", "/p/a/case-work/"),
        ("list", "/p/a/casework/"),
        ("referral", "/p/a/casework/new/"),
        ("case", f"/p/a/casework/{case.pk}/"),
        ("agenda", f"/p/a/casework/meetings/{meeting.pk}/"),
        ("asb list", "/p/a/asb-review/"),
        ("application", f"/p/a/asb-review/{app.pk}/"),
        ("decision", f"/p/a/asb-review/{app.pk}/decision/"),
        ("trends", "/p/a/case-work/trends/"),
        ("figures", "/p/a/asb-review/figures/2024-25/"),
    ]:
        page.goto(base + url)
        found[name] = axe_violations(page)
        page.screenshot(path=screenshots / f"axe-casework-{name.replace(' ', '-')}.png",
                        full_page=True)
    page.goto(f"{base}/p/a/casework/new/")
    page.get_by_role("button", name="Record the referral").click()
    page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')")
    found["referral with errors"] = axe_violations(page)
    assert {name: v for name, v in found.items() if v} == {}
