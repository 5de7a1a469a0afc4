"""Who may do what: every role x action x own/other subgroup x own/other partnership."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cspkit.actions.models import Action, ActionPlan
from cspkit.actions.services import record_progress
from cspkit.governance.models import Decision
from cspkit.indicators.models import Measurement
from cspkit.indicators.services import record_measurement
from cspkit.partnership.models import Membership, Role
from cspkit.partnership.permissions import (
    can_add,
    can_delete,
    can_edit,
    can_view,
    forget_roles,
    get_visible_or_404,
    visible_queryset,
)
from cspkit.partnership.services import delete_record, save_record
from cspkit.priorities.models import Priority
from tests.web.records.world import World

pytestmark = pytest.mark.django_db

EXISTING: dict[str, Callable[[World], Any]] = {
    "partnership": lambda w: w.a.p,
    "organisation": lambda w: w.a.org,
    "body": lambda w: w.a.sg1,
    "priority": lambda w: w.a.priority,
    "term": lambda w: w.a.term,
    "decision": lambda w: w.a.decision,
    "case": lambda w: w.a.case,
    "membership": lambda w: Membership.objects.get(user__username="member"),
    "plan_own": lambda w: w.a.plan1,
    "action_own": lambda w: w.a.action1,
    "update_own": lambda w: w.a.update1,
    "bid_own": lambda w: w.a.bid1,
    "indicator_own": lambda w: w.a.manual1,
    "m_manual_own": lambda w: w.a.m_manual1,
    "m_computed_own": lambda w: w.a.m_computed1,
    "plan_other": lambda w: w.a.plan2,
    "action_other": lambda w: w.a.action2,
    "update_other": lambda w: w.a.update2,
    "m_manual_other": lambda w: w.a.m_manual2,
    "b_partnership": lambda w: w.b.p,
    "b_priority": lambda w: w.b.priority,
    "b_plan": lambda w: w.b.plan1,
    "b_action": lambda w: w.b.action1,
    "b_m_manual": lambda w: w.b.m_manual1,
    "b_decision": lambda w: w.b.decision,
    "b_term": lambda w: w.b.term,
}

NEW: dict[str, Callable[[World], Any]] = {
    "new_action_own": lambda w: Action(action_plan=w.a.plan1, text="New"),
    "new_action_other": lambda w: Action(action_plan=w.a.plan2, text="New"),
    "new_plan_own": lambda w: ActionPlan(partnership=w.a.p, priority=w.a.priority,
                                         year="2022/23", owner=w.a.sg1),
    "new_plan_other": lambda w: ActionPlan(partnership=w.a.p, priority=w.a.priority,
                                           year="2022/23", owner=w.a.sg2),
    "new_m_manual_own": lambda w: Measurement(indicator=w.a.manual1, period="2022/23", value=1),
    "new_m_computed_own": lambda w: Measurement(indicator=w.a.computed1, period="2022/23",
                                                value=1),
    "new_m_manual_other": lambda w: Measurement(indicator=w.a.manual2, period="2022/23",
                                                value=1),
    "new_priority": lambda w: Priority(partnership=w.a.p, key="new", title="New"),
    "new_decision": lambda w: Decision(partnership=w.a.p, meeting="M", date=dt.date(2022, 1, 1),
                                       text="T"),
    "new_membership": lambda w: Membership(user=w.users["outsider"], partnership=w.a.p,
                                           role=Role.PARTNER_MEMBER),
    "new_b_action": lambda w: Action(action_plan=w.b.plan1, text="New"),
    "new_b_decision": lambda w: Decision(partnership=w.b.p, meeting="M",
                                         date=dt.date(2022, 1, 1), text="T"),
}

A_THINGS = [k for k in EXISTING if not k.startswith("b_")]
A_NEW = [k for k in NEW if not k.startswith("new_b_")]


def everything() -> set[tuple[str, str]]:
    out = {(k, op) for k in EXISTING for op in ("view", "change", "delete")}
    return out | {(k, "add") for k in NEW}


def a_all(but: set[tuple[str, str]] = frozenset()) -> set[tuple[str, str]]:  # type: ignore[assignment]
    out = {(k, op) for k in A_THINGS for op in ("view", "change", "delete")}
    out |= {(k, "add") for k in A_NEW}
    return out - set(but)


def a_view() -> set[tuple[str, str]]:
    return {(k, "view") for k in A_THINGS}


EXPECTED: dict[str, set[tuple[str, str]]] = {
    "superuser": everything(),
    "admin": a_all(but={("partnership", "delete")}),
    "cso": a_all(but={("partnership", "delete"), ("membership", "change"),
                      ("membership", "delete"), ("new_membership", "add")}),
    "lead": a_view() | {
        ("plan_own", "change"), ("new_plan_own", "add"),
        ("action_own", "change"), ("action_own", "delete"), ("new_action_own", "add"),
        ("update_own", "change"), ("update_own", "delete"),
        ("bid_own", "change"), ("bid_own", "delete"),
        ("m_manual_own", "change"), ("m_manual_own", "delete"), ("new_m_manual_own", "add"),
    },
    "member": a_view(),
    "scrutiny": a_view() | {("decision", "change"), ("new_decision", "add")},
    "outsider": set(),
    "anonymous": set(),
}


def actual(w: World, user: Any) -> set[tuple[str, str]]:
    found = set()
    for name, get in EXISTING.items():
        obj = get(w)
        for op, check in (("view", can_view), ("change", can_edit), ("delete", can_delete)):
            if check(user, obj):
                found.add((name, op))
    for name, make in NEW.items():
        if can_add(user, make(w)):
            found.add((name, "add"))
    return found


@pytest.mark.parametrize("role", list(EXPECTED))
def test_permission_matrix(w: World, role: str) -> None:
    user = AnonymousUser() if role == "anonymous" else w.users[role]
    got = actual(w, user)
    want = EXPECTED[role]
    assert sorted(got - want) == [], "allowed but should not be"
    assert sorted(want - got) == [], "refused but should be allowed"


@pytest.mark.parametrize("role", list(EXPECTED))
def test_visible_querysets_agree_with_can_view(w: World, role: str) -> None:
    user = AnonymousUser() if role == "anonymous" else w.users[role]
    for name, get in EXISTING.items():
        obj = get(w)
        listed = visible_queryset(user, type(obj)).filter(pk=obj.pk).exists()
        assert listed == can_view(user, obj), (role, name)


def test_a_public_partnership_shows_its_plan_but_not_its_working_records(w: World) -> None:
    w.b.p.is_public = True
    w.b.p.save()
    for user in (AnonymousUser(), w.users["outsider"], w.users["admin"]):
        seen = {k for k in EXISTING if k.startswith("b_") and can_view(user, EXISTING[k](w))}
        assert seen == {"b_partnership", "b_priority", "b_decision", "b_term"}
        assert not can_edit(user, w.b.priority)
    assert list(visible_queryset(AnonymousUser(), Priority)) == [w.b.priority, w.b.priority2]
    assert not visible_queryset(AnonymousUser(), Action).exists()


def test_other_partnerships_records_are_404(w: World) -> None:
    admin = w.users["admin"]
    assert get_visible_or_404(admin, Action, pk=w.a.action1.pk) == w.a.action1
    for model, obj in ((Action, w.b.action1), (Priority, w.b.priority), (Decision, w.b.decision)):
        with pytest.raises(Http404):
            get_visible_or_404(admin, model, pk=obj.pk)


def test_a_lead_cannot_move_an_action_into_another_subgroups_plan(w: World) -> None:
    lead = w.users["lead"]
    action = w.a.action1
    action.action_plan = w.a.plan2
    with pytest.raises(PermissionDenied) as info:
        save_record(lead, action)
    assert str(info.value) == "lead may not change Action Disrupt a group"
    assert Action.objects.get(pk=action.pk).action_plan == w.a.plan1


def test_a_lead_cannot_change_a_plans_owner_to_another_subgroup(w: World) -> None:
    plan = w.a.plan1
    plan.owner = w.a.sg2
    with pytest.raises(PermissionDenied):
        save_record(w.users["lead"], plan)


def test_services_check_permissions(w: World) -> None:
    lead, member = w.users["lead"], w.users["member"]
    update = record_progress(lead, w.a.action1, date=dt.date(2021, 9, 1), status="at_risk",
                             comment="Venue lost")
    assert (update.by, w.a.action1.status) == ("lead", "at_risk")
    with pytest.raises(PermissionDenied):
        record_progress(lead, w.a.action2, date=dt.date(2021, 9, 1), status="complete")
    with pytest.raises(PermissionDenied):
        record_progress(member, w.a.action1, date=dt.date(2021, 9, 1), status="complete")
    m = record_measurement(lead, w.a.manual1, "2022/23", 7, source="Helpline log")
    assert (m.value, m.provenance) == (7.0, {"entered_by": "lead", "source": "Helpline log"})
    with pytest.raises(PermissionDenied):
        record_measurement(lead, w.a.manual2, "2022/23", 7)
    with pytest.raises(PermissionDenied):
        delete_record(lead, w.a.plan1)
    delete_record(w.users["cso"], w.a.plan1)
    assert not ActionPlan.objects.filter(pk=w.a.plan1.pk).exists()


def test_roles_are_cached_on_the_user_until_forgotten(w: World) -> None:
    outsider = w.users["outsider"]
    assert not can_view(outsider, w.a.priority)
    Membership.objects.create(user=outsider, partnership=w.a.p, role=Role.PARTNER_MEMBER)
    assert not can_view(outsider, w.a.priority)  # cached for this request's user object
    forget_roles(outsider)
    assert can_view(outsider, w.a.priority)


def test_inactive_users_have_no_roles(w: World) -> None:
    admin = w.users["admin"]
    admin.is_active = False
    assert not can_view(admin, w.a.priority)
    assert not can_edit(admin, w.a.priority)
