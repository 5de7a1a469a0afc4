"""Finding 8 of issue 13: a deleted progress comment vanished from every page and reasons were
not shown. The action's history page shows both."""

from __future__ import annotations

import pytest

from cspkit.actions.models import ProgressUpdate
from cspkit.partnership.services import delete_record, save_record
from tests.web.pages_world import World, build_world, signed_in, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def test_a_deleted_comment_and_its_reason_show_on_the_actions_history(world: World) -> None:
    action = world.da_action
    update = ProgressUpdate(action=action, date="2024-06-30", status=action.status,
                            comment="Leaflets printed for 12 schools")
    save_record(world.officer, update, reason="quarter one report")
    delete_record(world.officer, update, reason="entered against the wrong action")
    action.lead = "DA coordinator (interim)"
    save_record(world.officer, action, reason="coordinator on leave")
    page = text_of(signed_in(world.member).get(f"/p/a/history/actions.action/{action.pk}/"))
    assert "Leaflets printed for 12 schools" in page
    assert "entered against the wrong action" in page
    assert "coordinator on leave" in page
    assert "Deleted" in page
