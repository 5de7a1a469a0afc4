"""The record registry (cspkit.partnership.rules) and finding 1 of issue 13: member-only data
(progress reports, plan versions and their API) reached users without a role."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import User

from cspkit.partnership.rules import RULES, Read, label_of, rule_for
from cspkit.partnership.scoping import Scoped
from tests.security.matrix import build
from tests.web.pages_world import signed_in, text_of

pytestmark = pytest.mark.django_db


def test_every_record_type_has_one_rule() -> None:
    scoped = {label_of(m) for m in apps.get_models() if issubclass(m, Scoped)}
    assert sorted(scoped - set(RULES)) == [], "add each to RULES in partnership/rules.py"
    assert sorted(set(RULES) - scoped) == []


def test_the_models_own_declarations_agree_with_the_registry() -> None:
    for model in apps.get_models():
        if issubclass(model, Scoped):
            rule = rule_for(model)
            assert (rule.read is Read.PUBLISHED) == model.public, label_of(model)
            assert rule.write == model.policy, label_of(model)


def test_only_the_published_records_are_public() -> None:
    published = sorted(k for k, r in RULES.items() if r.read is Read.PUBLISHED)
    assert published == sorted([
        "partnership.Partnership", "partnership.Organisation", "governance.Body",
        "governance.BodyChair", "governance.BodyMember", "governance.Decision",
        "priorities.Priority", "priorities.CrossCuttingTheme", "priorities.PriorityDelivery",
        "priorities.ExternalPlan", "priorities.ExternalPriority", "priorities.Alignment",
        "glossary.Term",
    ])


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_a_public_partnerships_progress_report_is_for_members(fmt: str) -> None:
    mw = build(public=True)
    url = f"/p/a/progress/2024-25-q1.{fmt}"
    assert signed_in(mw.world.b_officer).get(url).status_code == 404
    assert signed_in(User.objects.create(username="x")).get(url).status_code == 404
    if fmt == "html":
        assert signed_in(mw.world.member).get(url).status_code == 200


def test_a_public_partnerships_plan_versions_are_for_members() -> None:
    mw = build(public=True)
    outsider = signed_in(mw.world.b_officer)
    for url in ["/p/a/plan/", f"/p/a/plan/{mw.version.pk}/", "/api/p/a/plan/versions/",
                f"/api/p/a/plan/versions/{mw.version.pk}"]:
        assert outsider.get(url).status_code == 404, url
    assert "June 2024 Update" not in outsider.get("/api/p/a/plan/versions/").content.decode()
    assert signed_in(mw.world.member).get("/api/p/a/plan/versions/").json()["versions"][0][
        "title"] == "June 2024 Update"


def test_another_partnerships_user_sees_nothing_of_it_at_home() -> None:
    mw = build(public=True)
    home = signed_in(mw.world.b_officer).get("/", follow=True)
    assert "Safer Testborough" not in text_of(home)
    nobody = signed_in(User.objects.create(username="x")).get("/")
    assert "You do not hold a role in any partnership yet" in text_of(nobody)


def test_staff_status_alone_opens_no_admin() -> None:
    mw = build()
    staff = mw.users["administrator"]
    assert staff is not None and staff.is_staff
    assert signed_in(staff).get("/admin/partnership/membership/").status_code == 404
    assert signed_in(mw.users["superuser"]).get("/admin/partnership/membership/").status_code == 200
