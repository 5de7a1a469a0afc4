"""The audit log: every create, change and delete, with who, when, before and after."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from cspkit.actions.models import Action
from cspkit.actions.services import record_progress
from cspkit.partnership.audit import FieldChange, acting_as, history_of, partnership_changes
from cspkit.partnership.services import delete_record, save_record
from tests.web.records.world import World

pytestmark = pytest.mark.django_db


def test_create_change_delete_are_recorded_with_user_and_values(w: World) -> None:
    lead, cso = w.users["lead"], w.users["cso"]
    action = save_record(lead, Action(action_plan=w.a.plan1, text="Open a hub", owner=w.a.org))
    action.status = "on_track"
    action.lead = "A. Officer"
    save_record(lead, action)
    save_record(lead, action)  # nothing changed: no entry
    pk = action.pk
    delete_record(cso, action, reason="duplicate")

    deleted, changed, created = history_of(Action, pk=pk)
    assert [e.action for e in (deleted, changed, created)] == ["deleted", "changed", "created"]
    assert [e.who_name for e in (deleted, changed, created)] == ["cso", "lead", "lead"]
    assert created.who == lead
    assert created.when <= changed.when <= deleted.when
    assert set(created.changes) >= {
        FieldChange("text", "text", None, "Open a hub"),
        FieldChange("owner", "owner", None, "alpha Council"),
        FieldChange("status", "status", None, "not_started"),
    }
    assert changed.changes == (
        FieldChange("lead", "lead", "", "A. Officer"),
        FieldChange("status", "status", "not_started", "on_track"),
    )
    assert FieldChange("text", "text", "Open a hub", None) in deleted.changes
    assert deleted.reason == "duplicate"
    assert (created.model, created.object_repr) == ("action", "Open a hub")


def test_links_show_the_linked_record_or_that_it_was_deleted(w: World) -> None:
    plan, old = w.a.plan1, w.a.sg1.pk
    with acting_as(w.users["cso"]):
        plan.owner = w.a.sg2
        plan.save()
        w.a.sg1.delete()
    change = history_of(plan)[0]
    assert change.changes == (FieldChange("owner", "owner", f"#{old} (deleted)", "Subgroup two"),)


def test_a_progress_update_audits_the_update_and_the_status(w: World) -> None:
    record_progress(w.users["lead"], w.a.action1, date=dt.date(2021, 10, 1), status="complete")
    entry = history_of(w.a.action1)[0]
    assert (entry.who_name, entry.reason) == ("lead", "progress update of 2021-10-01")
    assert entry.changes == (FieldChange("status", "status", "not_started", "complete"),)


def test_changes_through_a_request_record_the_signed_in_user(w: World, client: Client,
                                                             settings: object) -> None:
    settings.ROOT_URLCONF = "tests.web.records.urls"  # type: ignore[attr-defined]
    # these test routes show the permission functions by themselves, without the app's rules
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE  # type: ignore[attr-defined]
                           if m != "cspkit.web.rules.RulesMiddleware"]
    client.force_login(w.users["lead"])
    assert client.get(f"/actions/{w.a.action1.pk}").json()["text"] == "Disrupt a group"
    assert client.get(f"/actions/{w.b.action1.pk}").status_code == 404
    refused = client.post(f"/actions/{w.a.action2.pk}/status", {"status": "complete"})
    assert refused.status_code == 403
    response = client.post(f"/actions/{w.a.action1.pk}/status", {"status": "at_risk"})
    assert response.json() == {"status": "at_risk"}
    entry = history_of(w.a.action1)[0]
    assert (entry.who, entry.action) == (w.users["lead"], "changed")
    client.logout()
    assert client.get(f"/actions/{w.a.action1.pk}").status_code == 404


def test_partnership_changes_lists_only_that_partnerships_records(w: World) -> None:
    with acting_as(w.users["admin"]):
        w.a.priority.title = "Reducing serious violence"
        w.a.priority.save()
        w.b.priority.title = "Something in beta"
        w.b.priority.save()
    entries = partnership_changes(w.a.p, limit=5)
    assert entries[0].object_repr == "Reducing serious violence"
    assert entries[0].changes == (
        FieldChange("title", "title", "Reducing violence", "Reducing serious violence"),
    )
    assert len(entries) == 5
    everything = partnership_changes(w.a.p, limit=1000)
    assert all(e.object_repr != "Something in beta" for e in everything)
    assert {"action", "priority", "measurement", "term"} <= {
        e.model for e in everything
    }


def test_every_record_model_is_audited_and_scoped() -> None:
    from django.apps import apps

    from cspkit.partnership.scoping import Scoped

    labels = ["partnership", "governance", "priorities", "actions", "indicators",
              "problemsolving", "glossary"]
    models = [m for label in labels for m in apps.get_app_config(label).get_models()
              if not m.__name__.startswith("Historical")]
    assert len(models) == 22
    assert [m.__name__ for m in models if not hasattr(m, "history")] == []
    assert [m.__name__ for m in models if not issubclass(m, Scoped)] == []
