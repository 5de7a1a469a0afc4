"""Cached page parts (``cspkit.web.fragments``) and the content stamp that retires them
(``cspkit.partnership.freshness``): a change shows at once, a lost permission at once, and a
fragment rendered for one person is never served to another."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from cspkit.actions.models import Action, ActionPlan, ProgressUpdate, Status
from cspkit.glossary.models import Term
from cspkit.indicators.models import Measurement
from cspkit.partnership.freshness import touch
from cspkit.partnership.models import Membership, Partnership, Role
from cspkit.partnership.services import save_record
from cspkit.problemsolving.models import Case
from cspkit.web.fragments import Fragment
from tests.web.pages_world import PASSWORD, World, build_world, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def stamp(p: Partnership) -> str:
    return Partnership.objects.values_list("content_stamp", flat=True).get(pk=p.pk)


def _status(w: World) -> None:
    w.da_action.status = Status.AT_RISK
    save_record(w.officer, w.da_action, reason="venue fell through")


def _plain_save(w: World) -> None:
    w.violence_action.text = "Map county lines activity and cuckooing"
    w.violence_action.save()


def _update(w: World) -> None:
    ProgressUpdate.objects.create(
        action=w.da_action, date=dt.date(2024, 6, 1), status="on_track", comment="Booked"
    )


def _measurement(w: World) -> None:
    Measurement.objects.create(indicator=w.indicator, period="2025-04", value=19.0)


def _delete_plan(w: World) -> None:
    ActionPlan.objects.get(priority=w.violence).delete()  # cascades to its action


def _membership(w: World) -> None:
    Membership.objects.filter(user=w.member, partnership=w.a).delete()


def _link(w: World) -> None:
    case = Case.objects.create(partnership=w.a, key="shepway", title="Shepway")
    before = stamp(w.a)
    case.actions.add(w.da_action)
    assert stamp(w.a) != before  # the link alone, not only the case's creation


def _glossary(w: World) -> None:
    Term.objects.create(partnership=w.a, term="PCC", meaning="Police and Crime Commissioner")


def _partnership(w: World) -> None:
    w.a.is_public = True
    w.a.save()


CHANGES: dict[str, Callable[[World], None]] = {
    "an action's status, through the service": _status,
    "an action, saved directly": _plain_save,
    "a progress update added": _update,
    "a measurement added": _measurement,
    "a plan deleted with its actions": _delete_plan,
    "a membership removed": _membership,
    "a case linked to an action": _link,
    "a glossary term added": _glossary,
    "the partnership itself": _partnership,
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_any_change_to_a_partnerships_records_gives_it_a_new_stamp(
    world: World, change: str
) -> None:
    a, b = stamp(world.a), stamp(world.b)
    CHANGES[change](world)
    assert stamp(world.a) != a
    assert stamp(world.b) == b  # another partnership's pages stay cached


def test_signing_in_changes_no_stamp(world: World) -> None:
    before = stamp(world.a)
    client = Client()
    response = client.post("/sign-in/", {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302  # signed in: Django wrote the user's last_login
    assert stamp(world.a) == before


def test_a_partnership_saved_from_an_old_copy_does_not_bring_back_its_old_stamp(
    world: World,
) -> None:
    old_copy = Partnership.objects.get(pk=world.a.pk)
    seen = old_copy.content_stamp
    touch(world.a.pk)  # someone else changes a record meanwhile
    old_copy.name = "Safer Testborough Community Safety Partnership"
    old_copy.save()  # writes the stamp it was read with, then a new one
    assert stamp(world.a) not in (seen, old_copy.content_stamp)


def test_a_page_read_again_comes_from_the_cache(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(world.officer)
    first = client.get("/p/a/priorities/domestic-abuse/")
    with django_assert_max_num_queries(3):  # the session, the user, the partnership
        again = client.get("/p/a/priorities/domestic-abuse/")
    assert again.status_code == 200
    assert again.content == first.content.replace(
        _csrf(first.content), _csrf(again.content)
    )
    assert "<title>Domestic abuse, including stalking – Safer Testborough" in again.content.decode()


def test_people_with_the_same_roles_share_the_rendered_part(
    world: World, django_assert_max_num_queries: Any
) -> None:
    other = User.objects.create_user("member2")
    Membership.objects.create(user=other, partnership=world.a, role=Role.PARTNER_MEMBER)
    first = signed_in(world.member).get("/p/a/")  # renders the partner members' part
    client = signed_in(other)
    # the session, the user, the partnership, their roles (the check): no render
    with django_assert_max_num_queries(4):
        second = client.get("/p/a/")
    assert _main(second.content) == _main(first.content)
    with django_assert_max_num_queries(3):  # and now a pass of their own
        client.get("/p/a/")


def _main(html: bytes) -> bytes:
    return html[html.index(b'<main class="govuk-main-wrapper"') : html.index(b"</main>")]


def _csrf(html: bytes) -> bytes:
    start = html.index(b'name="csrfmiddlewaretoken" value="') + 34
    return html[start : html.index(b'"', start)]


def test_a_change_shows_at_once(world: World) -> None:
    client = signed_in(world.member)
    assert 'data-status="at_risk">0<' in client.get("/p/a/").content.decode()
    _status(world)  # the officer, elsewhere
    assert 'data-status="at_risk">1<' in client.get("/p/a/").content.decode()


def test_a_membership_removed_answers_404_at_once(world: World) -> None:
    client = signed_in(world.member)
    for url in ("/p/a/", "/p/a/priorities/domestic-abuse/"):
        assert client.get(url).status_code == 200
    _membership(world)
    for url in ("/p/a/", "/p/a/priorities/domestic-abuse/"):
        assert client.get(url).status_code == 404


def test_a_deactivated_user_is_sent_to_sign_in(world: World) -> None:
    client = signed_in(world.member)
    assert client.get("/p/a/").status_code == 200
    world.member.is_active = False
    world.member.save()
    response = client.get("/p/a/")
    assert (response.status_code, response["Location"]) == (302, "/sign-in/?next=/p/a/")


def test_people_with_other_roles_never_get_each_others_fragment(world: World) -> None:
    url = "/p/a/priorities/domestic-abuse/"
    row = f'data-action="{world.da_action.pk}"'

    def link(user: object) -> str:
        html = signed_in(user).get(url).content.decode()
        cell = html[html.index(row) :]
        return cell[cell.index("<a ") : cell.index("<span")].rsplit(">", 1)[1]

    assert link(world.lead) == "Update"  # their subgroup's action
    assert link(world.member) == "View"  # read-only, though the lead's fragment is cached
    assert link(world.officer) == "Update"
    world.member.is_superuser = True
    world.member.save()
    assert link(world.member) == "Update"  # a superuser now, with a fragment of their own


def test_another_partnerships_people_get_404_even_with_the_fragment_cached(world: World) -> None:
    assert signed_in(world.officer).get("/p/a/").status_code == 200
    assert signed_in(world.b_officer).get("/p/a/").status_code == 404
    assert signed_in(world.b_officer).get("/p/a/priorities/domestic-abuse/").status_code == 404


def test_other_years_are_other_fragments(world: World) -> None:
    client = signed_in(world.officer)
    assert "Action plans for <strong>2024/25</strong>" in client.get("/p/a/").content.decode()
    other = client.get("/p/a/?year=2023/24").content.decode()  # no plans that year
    assert "Action plans for <strong>2024/25</strong>" in other  # the latest, as before


def test_fragments_hold_no_csrf_token_and_no_messages(world: World) -> None:
    cache.clear()
    client = signed_in(world.officer)
    url = f"/p/a/actions/{world.da_action.pk}/"
    after = client.post(url, {"status": "at_risk", "comment": "Venue fell through"})
    page = client.get(after["Location"]).content.decode()
    assert "Progress recorded" in page  # the message, around the fragment
    kept = [v for v in _cached_values() if isinstance(v, Fragment)]
    assert kept, "the priority page kept no fragment"
    for fragment in kept:
        assert "csrfmiddlewaretoken" not in fragment.html
        assert "Progress recorded" not in fragment.html
    again = client.get(after["Location"]).content.decode()
    assert "Progress recorded" not in again  # shown once


def _cached_values() -> list[Any]:
    """What the local-memory cache of the test settings holds."""
    import pickle

    store = cache._cache  # type: ignore[attr-defined]
    return [pickle.loads(v) for v in store.values()]


def mounted_get(client: Client, path: str, script_name: str) -> str:
    """GET through Django's WSGI handler as a server mounting the app at ``script_name`` calls
    it (the test client does not set the script prefix)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import RequestFactory

    environ = RequestFactory()._base_environ(
        PATH_INFO=path, SCRIPT_NAME=script_name, REQUEST_METHOD="GET",
        HTTP_COOKIE=f"sessionid={client.cookies['sessionid'].value}",
    )
    status: list[str] = []
    # keep the test's transaction open, as the test client does
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(WSGIHandler()(environ, lambda s, h, *a: status.append(s)))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert status[0].startswith("200"), status
    return body.decode()


def test_links_follow_the_prefix_the_app_is_mounted_under(world: World) -> None:
    client = signed_in(world.officer)
    plain = mounted_get(client, "/p/a/", "")
    mounted = mounted_get(client, "/p/a/", "/csp")
    assert 'href="/p/a/governance/"' in plain and 'href="/p/a/priorities/' in plain
    assert 'href="/csp/p/a/governance/"' in mounted  # the frame's links
    assert 'href="/csp/p/a/priorities/domestic-abuse/' in mounted  # the fragment's
    assert "/csp/" not in mounted_get(client, "/p/a/", "")  # nothing kept across prefixes


def test_cascaded_deletes_reach_their_partnership(world: World) -> None:
    before = stamp(world.a)
    Action.objects.filter(action_plan__priority=world.da).delete()  # a queryset delete
    assert stamp(world.a) != before
    world.a.delete()  # everything under it, without errors from the receivers
    assert not Partnership.objects.filter(pk=world.a.pk).exists()


def test_a_membership_added_opens_the_page_at_once(world: World) -> None:
    client = signed_in(world.b_officer)
    assert signed_in(world.officer).get("/p/a/").status_code == 200  # cached for the officer
    assert client.get("/p/a/").status_code == 404
    Membership.objects.create(user=world.b_officer, partnership=world.a, role=Role.PARTNER_MEMBER)
    assert client.get("/p/a/").status_code == 200
