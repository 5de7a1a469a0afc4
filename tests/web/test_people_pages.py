"""The people pages: administrators list, add, change and remove; officers 403; others 404."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from cspkit.partnership.audit import history_of
from cspkit.partnership.models import Membership, Role
from tests.web.records.world import World, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> World:
    return world()


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def urls(w: World) -> list[str]:
    member = w.users["member"].pk
    return ["/p/alpha/people/add/", f"/p/alpha/people/{member}/role/",
            f"/p/alpha/people/{member}/remove/"]


def test_list_for_members_with_edit_links_for_administrators(w: World) -> None:
    page = client_of(w.users["admin"]).get("/p/alpha/people/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Subgroup lead of Subgroup one" in html
    assert f"/p/alpha/people/{w.users['lead'].pk}/role/" in html
    assert 'href="/p/alpha/people/"' in html  # the navigation's entry
    page = client_of(w.users["cso"]).get("/p/alpha/people/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Subgroup lead of Subgroup one" in html and "/role/" not in html
    assert 'href="/p/alpha/people/"' not in html
    assert client_of(w.users["outsider"]).get("/p/alpha/people/").status_code == 404


def test_forms_forbidden_to_officers_and_hidden_from_others(w: World) -> None:
    for url in urls(w):
        assert client_of(w.users["cso"]).get(url).status_code == 403, url
        assert client_of(w.users["cso"]).post(url, {"role": "administrator"}).status_code == 403
        assert client_of(w.users["outsider"]).get(url).status_code == 404, url
        assert client_of(w.users["admin"]).get(url).status_code == 200, url
    assert client_of(w.users["admin"]).get("/p/beta/people/").status_code == 404
    assert Membership.objects.get(user=w.users["member"]).role == Role.PARTNER_MEMBER


def test_add_new_person_shows_password_once(w: World) -> None:
    client = client_of(w.users["admin"])
    page = client.post("/p/alpha/people/add/", {
        "username": "asha", "email": "asha@example.org", "role": "subgroup_lead",
        "body": "sg2"})
    assert page.status_code == 200
    password = page.context["added"].password
    assert password in page.content.decode()
    assert User.objects.get(username="asha").check_password(password)
    entry = history_of(page.context["added"].membership)[0]
    assert (entry.action, entry.who_name) == ("created", "admin")


def test_add_errors_in_the_summary(w: World) -> None:
    client = client_of(w.users["admin"])
    page = client.post("/p/alpha/people/add/", {"username": "", "role": "subgroup_lead"})
    html = page.content.decode()
    assert page.status_code == 200 and "govuk-error-summary" in html
    assert "Enter the person’s user name" in html
    assert "Select the subgroup a subgroup lead leads" in html
    page = client.post("/p/alpha/people/add/", {"username": "member", "role": "partner_member"})
    assert "already partner member" in page.content.decode()


def test_change_role_and_remove(w: World) -> None:
    client = client_of(w.users["admin"])
    member = w.users["member"].pk
    page = client.post(f"/p/alpha/people/{member}/role/", {"role": "scrutiny_member"})
    assert page.status_code == 302
    assert Membership.objects.get(user=w.users["member"]).role == Role.SCRUTINY_MEMBER
    page = client.post(f"/p/alpha/people/{member}/remove/")
    assert page.status_code == 302
    assert not Membership.objects.filter(user=w.users["member"]).exists()


def test_last_administrator_refused_with_a_message(w: World) -> None:
    client = client_of(w.users["admin"])
    admin = w.users["admin"].pk
    page = client.post(f"/p/alpha/people/{admin}/remove/")
    assert page.status_code == 200 and "last administrator" in page.content.decode()
    page = client.post(f"/p/alpha/people/{admin}/role/", {"role": "partner_member"})
    assert page.status_code == 200 and "last administrator" in page.content.decode()
    assert Membership.objects.filter(user=w.users["admin"], role=Role.ADMINISTRATOR).exists()


def test_navigation_entry_only_for_administrators(w: World) -> None:
    link = 'href="/p/alpha/people/"'
    assert link in client_of(w.users["admin"]).get("/p/alpha/").content.decode()
    assert link in client_of(w.users["superuser"]).get("/p/alpha/").content.decode()
    assert link not in client_of(w.users["lead"]).get("/p/alpha/").content.decode()
