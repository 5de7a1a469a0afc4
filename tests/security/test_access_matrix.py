"""The access matrix: every URL pattern x every role x read and write -> the expected answer.

Generated from the URL configuration, so a new URL fails here until it has a rule in
:data:`cspkit.web.rules.PAGES` (and, where its parameters are not a slug and the pk or key of
its rule's record type, an example in :data:`EXAMPLES`). See CONTRIBUTING.md, "Adding a page".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.test import Client

from cspkit.web.rules import PAGES, Page, rule_of
from tests.security.matrix import ROLES, MatrixWorld, Route, build, expected, outcome, routes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Uploaded files (the example logo) under a temporary data folder, not the user's."""
    monkeypatch.setenv("CSPKIT_HOME", str(tmp_path))
    return tmp_path

#: Parameters a URL's rule does not imply, by URL name.
EXAMPLES: dict[str, dict[str, Any]] = {
    "web:priority": {"key": "domestic-abuse"},
    "web:theme": {"key": "asb"},
    "web:history": {"model": "actions.action", "pk": lambda mw: mw.world.da_action.pk},
    "web:indicator-download": {"fmt": "csv"},
    "plans:priority": {"key": "domestic-abuse"},
    "web:asb-figures": {"year": "2024-25"},
    "web:job-document": {"name": "example.html"},
    "web:people-role": {"user_id": lambda mw: mw.users["member"].pk},
    "web:people-remove": {"user_id": lambda mw: mw.users["member"].pk},
    "web:casework-case": {"pk": lambda mw: mw.casework["case"]},
    "web:casework-correct": {"pk": lambda mw: mw.casework["case"]},
    "web:casework-step": {"pk": lambda mw: mw.casework["case"], "name": "risk"},
    "web:casework-minutes": {"pk": lambda mw: mw.casework["case"],
                             "item": lambda mw: mw.casework["item"]},
    "web:casework-agenda": {"pk": lambda mw: mw.casework["meeting"]},
    "web:asb-application": {"pk": lambda mw: mw.casework["application"]},
    "web:asb-decision": {"pk": lambda mw: mw.casework["application"]},
    "web:asb-step": {"pk": lambda mw: mw.casework["application"], "name": "review"},
    "web:asb-figures-csv": {"year": "2024-25"},
    "admin:view_on_site": {"content_type_id": "1", "object_id": "1"},
    "admin/(?P<url>.*)$": {"url": "no-such-page/"},
}
#: Parameters every URL names the same way.
DEFAULTS = {"slug": "a", "fmt": "html", "kind": "plan", "step": "recommend",
            "quarter": "2024-25-q1", "object_id": "1", "id": "1", "app_label": "actions"}
#: Answers that differ from the rule's for a reason of the example, not of access.
SUPERUSER_GETS: dict[str, str] = {}
#: Admin URLs that refuse a request without their query parameters, whoever asks.
#: And those the admin itself allows no one (django-axes' logs are read-only).
ADMIN_OWN_REFUSALS = {"admin:autocomplete", "admin:axes_accessattempt_add",
                      "admin:axes_accesslog_add", "admin:axes_accessfailurelog_add",
                      # django-tasks' results are read-only in the admin
                      "admin:django_tasks_database_dbtaskresult_add",
                      "admin:django_tasks_database_dbtaskresult_change",
                      "admin:django_tasks_database_dbtaskresult_delete"}

APP_ROUTES = [r for r in routes() if not r.route.startswith("admin/")]
ADMIN_ROUTES = [r for r in routes() if r.route.startswith("admin/")]


def _model(rule: Page) -> type[Model] | None:
    for who in (rule.read, rule.write):
        if isinstance(who, type):
            return who
    return None


def _value(mw: MatrixWorld, route: Route, param: str, rule: Page) -> str:
    given = EXAMPLES.get(route.name or route.route, {})
    if param in given:
        value = given[param]
        return str(value(mw) if callable(value) else value)
    model = _model(rule)
    record = mw.record(model) if model is not None else None
    if param in ("pk", "other") and record is not None:
        return str(record.pk)
    if param == "key" and record is not None:
        return str(record.key)  # type: ignore[attr-defined]
    if param in DEFAULTS:
        return DEFAULTS[param]
    raise AssertionError(f"URL {route.name or route.route!r}: no example for <{param}>; add "
                         f"one to EXAMPLES in tests/security/test_access_matrix.py")


def url_of(mw: MatrixWorld, route: Route, rule: Page) -> str:
    """The route with every parameter filled in (regex routes' groups with ``1``)."""
    def fill(match: re.Match[str]) -> str:
        return _value(mw, route, match.group(1).split(":")[-1], rule)

    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", fill, route.route)
    path = re.sub(r"<([^>]+)>", fill, path)
    path = path.replace("([^/]+)", "1").replace("^", "").replace("$", "")
    return "/" + path


def _client(mw: MatrixWorld, role: str) -> Client:
    """The role's signed-in client, made once per world."""
    if role not in mw.clients:
        client = mw.clients[role] = Client()
        user = mw.users[role]
        if user is not None:
            client.force_login(user)
    return mw.clients[role]


def _try(mw: MatrixWorld, route: Route, role: str, *, write: bool, public: bool) -> str | None:
    """None if the role gets what the rule says, else a line saying what went wrong."""
    rule = rule_of(route.name) if route.name else rule_of("admin:") if route.route.startswith(
        "admin/") else None
    assert rule is not None, f"URL {route.route!r} has no rule"
    url = url_of(mw, route, rule)
    api = url.startswith("/api/")
    client = _client(mw, role)
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    with transaction.atomic():  # each try starts from the same world
        if not write:
            response = client.get(url)
        elif api:
            response = client.patch(url, "{}", content_type="application/json")
        else:
            response = client.post(url, {})
        transaction.set_rollback(True)
    for name, value in cookies.items():  # signed in again after a sign-out
        client.cookies[name] = value
    cache.clear()  # sessions and verdicts of the rolled-back world
    want = expected(rule, role, public=public, write=write, api=api)
    if role == "superuser" and route.route.startswith("admin/"):
        # past the rules, the admin answers for itself (404 for a missing record, 405)
        got = outcome(response, write=write)
        refused = got == "sign-in" or (got == "403" and route.name not in ADMIN_OWN_REFUSALS)
        if refused or response.status_code >= 500:
            return f"{url} refused a superuser: {got} ({response.status_code})"
        return None
    if role == "superuser" and not write and (route.name or route.route) in SUPERUSER_GETS:
        want = SUPERUSER_GETS[route.name or route.route]
    got = outcome(response, write=write)
    if got == want:
        return None
    verb = "PATCH" if write and api else "POST" if write else "GET"
    return f"{verb} {url} as {role}: expected {want}, got {got} ({response.status_code})"


def _run(mw: MatrixWorld, chosen: list[Route], public: bool) -> list[str]:
    return [
        problem
        for route in chosen
        for write in (False, True)
        for role in ROLES
        if (problem := _try(mw, route, role, write=write, public=public)) is not None
    ]


def test_every_url_has_a_name_and_a_rule() -> None:
    missing = [r.route for r in APP_ROUTES if not r.name or r.name not in PAGES]
    assert not missing, (
        f"URL patterns without a rule: {missing}; name each and add its line to PAGES in "
        "src/cspkit/web/rules.py (see CONTRIBUTING.md, 'Adding a page')")


def test_every_rule_names_a_url() -> None:
    names = {r.name for r in APP_ROUTES}
    assert sorted(set(PAGES) - names) == []


@pytest.mark.parametrize("public", [False, True], ids=["private", "public"])
def test_the_app_answers_each_role_as_its_rule_says(public: bool) -> None:
    mw = build(public=public)
    problems = _run(mw, APP_ROUTES, public)
    assert not problems, "\n".join(problems)


def test_the_admin_is_for_superusers_only() -> None:
    mw = build()
    problems = _run(mw, ADMIN_ROUTES, public=False)
    assert not problems, "\n".join(problems)


def test_figures() -> None:
    """The suite's size, as the README states it (URL patterns x roles x read and write)."""
    cases = (len(APP_ROUTES) * 2 + len(ADMIN_ROUTES)) * len(ROLES) * 2
    assert len(ROLES) == 9 and cases >= 9 * 2 * len(routes())
