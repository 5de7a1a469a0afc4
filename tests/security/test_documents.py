"""Finding 7 of issue 13: slow documents as denial of service. Documents are kept by the
partnership's content stamp, and each user may have only a few made a minute."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from cspkit.web.document_cache import BUILDS_PER_MINUTE
from tests.web.pages_world import World, build_world, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    cache.clear()
    return build_world()


def _quarters(n: int) -> list[str]:
    return [f"{2010 + i}-{11 + i:02d}-q1" for i in range(n)]


def test_a_user_asking_for_too_many_new_documents_waits(world: World) -> None:
    client = signed_in(world.officer)
    quarters = _quarters(BUILDS_PER_MINUTE + 1)
    for q in quarters[:-1]:
        assert client.get(f"/p/a/progress/{q}.html").status_code == 200
    refused = client.get(f"/p/a/progress/{quarters[-1]}.html")
    assert refused.status_code == 429 and int(refused["Retry-After"]) <= 60
    # documents already made still come, from the cache; and other users are not held up
    assert client.get(f"/p/a/progress/{quarters[0]}.html").status_code == 200
    assert signed_in(world.member).get(f"/p/a/progress/{quarters[-1]}.html").status_code == 200


def test_a_document_is_made_again_after_a_change(world: World) -> None:
    client = signed_in(world.officer)
    url = "/p/a/progress/2024-25-q2.html"
    first = client.get(url).content.decode()
    assert first == client.get(url).content.decode()
    world.da_action.text = "Run a louder stalking awareness campaign"
    world.da_action.save()
    assert "louder stalking" in client.get(url).content.decode()
