"""Model behaviour: links stay within a partnership, values are checked with clear messages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cspkit.actions.models import Action, ActionPlan
from cspkit.governance.models import Body, Decision
from cspkit.indicators.models import Indicator, Measurement
from cspkit.partnership.models import Membership, Role
from cspkit.priorities.models import Alignment, ExternalPlan, ExternalPriority
from cspkit.problemsolving.models import Case, CaseAction
from tests.web.records.world import World

pytestmark = pytest.mark.django_db


def messages(obj: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        obj.full_clean()  # type: ignore[attr-defined]
    return info.value.message_dict


def test_every_record_knows_its_partnership(w: World) -> None:
    a = w.a
    for obj in (a.org, a.sg1, a.priority, a.plan1, a.action1, a.update1, a.bid1, a.manual1,
                a.m_manual1, a.decision, a.case, a.term, a.p):
        assert obj.get_partnership() == a.p, obj
    assert (a.action1.get_subgroup(), a.m_manual1.get_subgroup()) == (a.sg1, a.sg1)
    assert a.priority.get_subgroup() is None


def test_an_action_plan_is_for_a_priority_or_a_theme(w: World) -> None:
    plan = ActionPlan(partnership=w.a.p, year="2022/23")
    assert messages(plan) == {
        "__all__": [
            "an action plan is for a priority or a theme (one of them)",
            "Constraint “action_plan_priority_or_theme” is violated.",
        ]
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPlan.objects.create(partnership=w.a.p, year="2022/23")


def test_links_to_another_partnership_are_refused(w: World) -> None:
    plan = ActionPlan(partnership=w.a.p, priority=w.a.priority, year="2022/23", owner=w.b.sg1)
    assert messages(plan) == {"owner": ["Subgroup one belongs to another partnership"]}
    action = Action(action_plan=w.a.plan1, text="x", owner=w.b.org)
    assert messages(action) == {"owner": ["beta Council belongs to another partnership"]}
    body = Body(partnership=w.a.p, key="x", name="X", kind="subgroup", reports_to=w.b.smp)
    assert messages(body) == {"reports_to": ["The partnership belongs to another partnership"]}
    lead = Membership(user=w.users["outsider"], partnership=w.a.p, role=Role.SUBGROUP_LEAD,
                      body=w.b.sg1)
    assert messages(lead) == {"body": ["Subgroup one belongs to another partnership"]}
    link = CaseAction(case=w.a.case, action=w.b.action1)
    assert messages(link) == {"action": ["belongs to another partnership"]}
    plan_b = ExternalPlan.objects.create(partnership=w.b.p, key="pcc", kind="pcc_plan", title="P")
    ext = ExternalPriority.objects.create(plan=plan_b, key="x", title="X")
    align = Alignment(external=ext, priority=w.a.priority)
    assert messages(align) == {
        "__all__": ["Reducing violence and X (P) belong to different partnerships"]
    }


def test_decisions_are_about_a_record_of_their_own_partnership(w: World) -> None:
    d = Decision(partnership=w.a.p, meeting="M", date=dt.date(2021, 1, 1), text="T")
    d.about = w.b.priority
    assert messages(d) == {"about_id": ["Reducing violence belongs to another partnership"]}
    d.about = w.a.m_manual1
    assert messages(d) == {"about_id": [
        "a decision may be about a priority, theme, body, organisation, action_plan, indicator, "
        "case; not a measurement"
    ]}
    d.about = w.a.plan1
    d.full_clean()


def test_reporting_lines_cannot_loop(w: World) -> None:
    smp = w.a.smp
    smp.reports_to = w.a.sg1
    assert messages(smp) == {"reports_to": ["Subgroup one reports (in the end) to The partnership: "
                                            "a loop"]}


def test_a_subgroup_lead_names_their_subgroup(w: World) -> None:
    m = Membership(user=w.users["outsider"], partnership=w.a.p, role=Role.SUBGROUP_LEAD)
    assert messages(m) == {"body": ["a subgroup lead needs the subgroup they lead"]}
    m = Membership(user=w.users["outsider"], partnership=w.a.p, role=Role.PARTNER_MEMBER,
                   body=w.a.sg1)
    assert messages(m) == {"body": ["only a subgroup lead names a subgroup"]}


def test_values_are_checked(w: World) -> None:
    plan = ActionPlan(partnership=w.a.p, priority=w.a.priority, year="2021/23")
    assert messages(plan) == {"year": [
        "'2021/23' is not a financial year: its second year must follow the first (2021/22); "
        "write it as 2021/22 (April 2021 to March 2022)"
    ]}
    plan = ActionPlan(partnership=w.a.p, priority=w.a.priority, year="FY 2024-2025")
    plan.full_clean()
    assert plan.year == "2024/25"
    case = Case(partnership=w.a.p, key="x", title="X", ward_codes=["E07000110"])
    assert messages(case) == {"ward_codes": [
        "'E07000110' is not an ONS ward code; expected 9 characters starting with E05 or W05, "
        "e.g. E05005003"
    ]}
    action = Action(action_plan=w.a.plan1, text="x", status="yellow")
    assert messages(action) == {"status": ["Value 'yellow' is not a valid choice."]}
    dup = Action(action_plan=w.a.plan2, text="x", key="k")
    Action.objects.create(action_plan=w.a.plan1, text="y", key="k")
    assert messages(dup) == {"key": ["another action of the partnership has key 'k'"]}


def test_measurement_periods_match_the_indicators_frequency(w: World) -> None:
    m = Measurement(indicator=w.a.manual1, period="2021-04", value=3)
    assert messages(m) == {"period": [
        "'2021-04' is a month; Calls is yearly: write a financial year or a calendar year such "
        "as 2021/22"
    ]}
    m = Measurement(indicator=w.a.manual1, period="Q1", value=3)
    assert messages(m)["period"][0].startswith("'Q1' is not a period; write a month")
    m = Measurement(indicator=w.a.manual1, period="2022-23", value=3)
    m.full_clean()
    m.save()
    assert (m.period, m.period_start) == ("2022/23", dt.date(2022, 4, 1))


def test_computed_indicators_name_a_known_query_with_good_parameters(w: World) -> None:
    ind = Indicator(partnership=w.a.p, key="x", name="X", direction="down", frequency="yearly",
                    source="query", query="crime_rate")
    assert messages(ind) == {"query": [
        "'crime_rate' is not a named query; use one of police_count, police_rate_per_1000"
    ]}
    ind.query, ind.params = "police_count", {"district": "E07000110", "granularity": "month"}
    assert messages(ind) == {"params": [
        "police_count has no parameter 'granularity'; its parameters are district, wards, "
        "crime_type, period"
    ]}
    ind.params = {"district": "E07000110", "period": "month"}
    assert messages(ind) == {"frequency": [
        "the query's period 'month' makes monthly values; set the frequency to monthly or the "
        "query's period to match yearly"
    ]}
    ind.frequency = "monthly"
    ind.full_clean()
    manual = Indicator(partnership=w.a.p, key="y", name="Y", direction="up", frequency="yearly",
                       query="police_count")
    assert messages(manual) == {"query": [
        "a manual indicator names no query; clear query and params"
    ]}


def test_indicator_rag_from_its_measurements(w: World) -> None:
    ind = w.a.manual2  # visits, up is good; 2021/22 = 20
    assert ind.rag().status == "none"
    ind.target = 25
    ind.baseline = 15
    assert (ind.rag().status, ind.rag().reason) == (
        "amber", "20 misses the target of 25, but the trend is improving"
    )
    Measurement.objects.create(indicator=ind, period="2022/23", value=26)
    assert ind.rag().status == "green"
