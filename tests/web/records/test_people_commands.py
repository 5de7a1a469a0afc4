"""`cspkit people`: list, add, role and remove, as --user, on the test database."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User

from cspkit.cli import main
from cspkit.partnership.models import Membership, Role
from tests.web.records.world import World

pytestmark = pytest.mark.django_db


def run(*args: str, user: str = "admin") -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["people", "--user", user, *args])
    return result.exit_code, result.stdout, result.stderr


def test_list(w: World) -> None:
    code, out, err = run("list", "alpha", user="member")
    assert (code, err) == (0, "")
    assert "lead      Subgroup lead of Subgroup one" in out.splitlines()
    code, _, err = run("list", "alpha", user="outsider")
    assert code == 2 and "may not see the people" in err


def test_add_prints_one_time_password(w: World) -> None:
    code, out, err = run("add", "alpha", "asha", "--role", "subgroup_lead", "--body", "sg2",
                         "--email", "asha@example.org")
    assert (code, err) == (0, "")
    password = out.split("one-time password ")[1].split()[0]
    assert User.objects.get(username="asha").check_password(password)
    assert Membership.objects.get(user__username="asha").body == w.a.sg2
    code, _, err = run("add", "alpha", "bo", "--role", "subgroup_lead")
    assert code == 2 and "--body KEY" in err


def test_role_and_remove(w: World) -> None:
    code, out, err = run("role", "alpha", "member", "community_safety_officer")
    assert (code, err) == (0, "")
    assert Membership.objects.get(user=w.users["member"]).role == Role.COMMUNITY_SAFETY_OFFICER
    code, out, err = run("remove", "alpha", "member")
    assert (code, err) == (0, "") and "Removed member" in out
    assert not Membership.objects.filter(user=w.users["member"]).exists()


def test_refusals(w: World) -> None:
    code, _, err = run("remove", "alpha", "admin")
    assert code == 2 and "last administrator" in err
    code, _, err = run("remove", "alpha", "lead", user="cso")
    assert code == 2 and "cso may not change the people of" in err
    assert Membership.objects.filter(user=w.users["lead"]).exists()
