"""Finding 4 of issue 13 and the sign-in hardening: lock-out after repeated wrong passwords,
Django's password rules, idle sessions ending, a Content-Security-Policy without inline script,
GOV.UK error pages, and `manage` refusing to purge the audit log."""

from __future__ import annotations

import re
import time

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from cspkit.cli import main
from cspkit.web.sessions import SEEN
from tests.web.pages_world import PASSWORD, World, build_world, signed_in, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def _sign_in(client: Client, username: str, password: str) -> int:
    return client.post("/sign-in/", {"username": username, "password": password}).status_code


def test_brute_force_locks_the_account_even_for_the_right_password(world: World) -> None:
    client = Client()
    for _ in range(4):
        assert _sign_in(client, "officer", "wrong password") == 200  # the form again
    assert _sign_in(client, "officer", "wrong password") == 429  # the fifth locks it
    assert _sign_in(client, "officer", PASSWORD) == 429
    page = client.post("/sign-in/", {"username": "officer", "password": PASSWORD})
    assert "Too many attempts to sign in" in text_of(page)
    assert client.get("/p/a/").status_code == 302  # not signed in
    assert _sign_in(Client(), "member", PASSWORD) == 302  # other accounts unaffected


def test_a_few_mistakes_then_the_right_password_signs_in(world: World) -> None:
    client = Client()
    for _ in range(3):
        _sign_in(client, "officer", "wrong password")
    assert _sign_in(client, "officer", PASSWORD) == 302
    assert client.get("/p/a/").status_code == 200


@pytest.mark.parametrize("password, problem", [
    ("short1", "too short"), ("password12345", "too common"),
    ("938475629384756", "entirely numeric"),
    ("officer@example.org", "too similar"),
])
def test_password_rules(world: World, password: str, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        validate_password(password, world.officer)
    validate_password(PASSWORD, world.officer)


def test_an_idle_session_ends(world: World) -> None:
    client = signed_in(world.officer)
    assert client.get("/p/a/").status_code == 200
    session = client.session
    session[SEEN] = time.time() - 31 * 60
    session.save()
    response = client.get("/p/a/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    assert client.get("/p/a/").status_code == 302


def test_an_active_session_continues(world: World) -> None:
    client = signed_in(world.officer)
    session = client.session
    session[SEEN] = time.time() - 10 * 60
    session.save()
    assert client.get("/p/a/").status_code == 200


def test_pages_forbid_inline_script_and_other_sites(world: World) -> None:
    response = signed_in(world.officer).get("/p/a/priorities/domestic-abuse/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    html = response.content.decode()
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)
    assert scripts and all(s.strip() == "" for s in scripts), "inline script in the page"
    assert not re.search(r"\son[a-z]+=", html), "event handler attribute in the page"


def test_error_pages_are_govuk(world: World, settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    client = signed_in(world.member)
    missing = client.get("/p/a/no-such-page/")
    assert missing.status_code == 404 and "Page not found" in text_of(missing)
    assert 'class="govuk-template"' in missing.content.decode()
    refused = client.post(f"/p/a/actions/{world.da_action.pk}/", {"status": "complete"})
    assert refused.status_code == 403 and "You cannot do this" in text_of(refused)
    from django.template.loader import render_to_string

    assert "Sorry, there is a problem with the service" in render_to_string("500.html")


def test_manage_refuses_to_purge_the_audit_log() -> None:
    result = CliRunner().invoke(main, ["manage", "clean_old_history", "--days", "1"])
    assert result.exit_code == 2
    assert "would delete records of the audit log" in result.output


def test_a_locked_out_user_cannot_use_a_new_client(world: World) -> None:
    for _ in range(5):
        _sign_in(Client(), "member", "nope")
    assert _sign_in(Client(), "member", PASSWORD) == 429
    assert User.objects.get(username="member").is_active


def test_check_deploy_is_clean_under_production_settings(tmp_path: object) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "CSPKIT_HOME": str(tmp_path), "CSPKIT_ALLOWED_HOSTS": "example.org",
           "CSPKIT_SECRET_KEY": "x" * 20 + "-secure-key-for-the-deploy-check-" + "y" * 20,
           "DJANGO_SETTINGS_MODULE": "cspkit.djangoproject.production",
           "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level",
                           "WARNING"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("args, env, problem", [
    ([], {}, "say who is making the change"),
    (["--user", "ghost"], {}, "no user is called 'ghost'"),
    ([], {"CSPKIT_USER": "ghost"}, "no user is called 'ghost'"),
    (["--user", "gone"], {}, "the account 'gone' is inactive"),
])
def test_plan_commands_act_as_a_named_known_user(
    world: World, args: list[str], env: dict[str, str], problem: str
) -> None:
    User.objects.create(username="gone", is_active=False)
    User.objects.create_superuser("root", password="x" * 20)
    result = CliRunner().invoke(main, ["plan", *args, "start", "a", "Draft", "--year", "2024/25"],
                                env=env)
    assert result.exit_code == 2, result.output
    assert problem in result.output


def test_a_plan_change_from_the_command_line_is_audited_under_its_user(world: World) -> None:
    from cspkit.plans.models import PlanVersion

    result = CliRunner().invoke(main, ["plan", "start", "a", "Draft", "--year", "2024/25"],
                                env={"CSPKIT_USER": "officer"})
    assert result.exit_code == 0, result.output
    version = PlanVersion.objects.get(title="Draft")
    assert version.history.first().history_user == world.officer
