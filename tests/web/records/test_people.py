"""People services: who may change roles, the last administrator, the audit log."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from cspkit.errors import PeopleError
from cspkit.partnership.audit import history_of
from cspkit.partnership.models import Membership, Role
from cspkit.partnership.people import (
    add_person,
    change_role,
    may_manage,
    members,
    remove_person,
)
from tests.web.records.world import World

pytestmark = pytest.mark.django_db


def test_members_lists_roles_for_members_only(w: World) -> None:
    people = {p.user.username: p for p in members(w.users["member"], w.a.p)}
    assert sorted(people) == ["admin", "cso", "lead", "member", "scrutiny"]
    assert people["lead"].roles == "Subgroup lead of Subgroup one"
    assert people["admin"].is_administrator
    with pytest.raises(PermissionDenied):
        members(w.users["outsider"], w.a.p)


def test_only_administrators_manage(w: World) -> None:
    assert may_manage(w.users["admin"], w.a.p)
    assert may_manage(w.users["superuser"], w.a.p)
    assert not may_manage(w.users["cso"], w.a.p)
    assert not may_manage(w.users["admin"], w.b.p)
    with pytest.raises(PermissionDenied):
        add_person(w.users["cso"], w.a.p, "newbie", Role.PARTNER_MEMBER)
    assert not User.objects.filter(username="newbie").exists()


def test_add_new_person_with_password_and_audit(w: World) -> None:
    added = add_person(w.users["admin"], w.a.p, "asha", "subgroup_lead", body="sg2",
                       email="asha@example.org")
    assert added.created and len(added.password) >= 12
    user = User.objects.get(username="asha")
    assert user.check_password(added.password) and user.email == "asha@example.org"
    assert added.membership.body == w.a.sg2
    entry = history_of(added.membership)[0]
    assert (entry.action, entry.who_name) == ("created", "admin")
    assert entry.reason == "added asha as subgroup lead"
    again = add_person(w.users["admin"], w.a.p, "asha", "partner_member")
    assert not again.created and again.password == ""


def test_add_checks_role_and_body(w: World) -> None:
    admin = w.users["admin"]
    with pytest.raises(PeopleError, match="is not a role"):
        add_person(admin, w.a.p, "x", "boss")
    with pytest.raises(PeopleError, match="needs the subgroup they lead"):
        add_person(admin, w.a.p, "x", "subgroup_lead")
    with pytest.raises(PeopleError, match="no body with the key"):
        add_person(admin, w.a.p, "x", "subgroup_lead", body="nope")
    with pytest.raises(PeopleError, match="only a subgroup lead"):
        add_person(admin, w.a.p, "x", "partner_member", body="sg1")
    with pytest.raises(PeopleError, match="already"):
        add_person(admin, w.a.p, "member", "partner_member")


def test_change_role_audited(w: World) -> None:
    m = change_role(w.users["admin"], w.a.p, "member", "subgroup_lead", body="sg1")
    assert (m.role, m.body) == (Role.SUBGROUP_LEAD, w.a.sg1)
    entry = history_of(m)[0]
    assert (entry.action, entry.who_name) == ("changed", "admin")
    assert {c.field for c in entry.changes} == {"role", "body"}
    with pytest.raises(PeopleError, match="holds no role"):
        change_role(w.users["admin"], w.a.p, "outsider", "partner_member")


def test_last_administrator_refused(w: World) -> None:
    admin = w.users["admin"]
    with pytest.raises(PeopleError, match="last administrator"):
        change_role(admin, w.a.p, "admin", "partner_member")
    with pytest.raises(PeopleError, match="last administrator"):
        remove_person(admin, w.a.p, "admin")
    assert Membership.objects.filter(user=admin, role=Role.ADMINISTRATOR).exists()
    change_role(admin, w.a.p, "cso", "administrator")
    assert remove_person(admin, w.a.p, "admin") == 1
    assert not Membership.objects.filter(user=admin).exists()


def test_remove_audited(w: World) -> None:
    pk = Membership.objects.get(user=w.users["member"]).pk
    assert remove_person(w.users["superuser"], w.a.p, "member") == 1
    entry = history_of(Membership, pk=pk)[0]
    assert (entry.action, entry.who_name) == ("deleted", "root")
    with pytest.raises(PermissionDenied):
        remove_person(w.users["lead"], w.a.p, "scrutiny")
