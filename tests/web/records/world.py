"""Two small partnerships with every kind of record, and a user in each role (for the tests)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User

from cspkit.actions.models import Action, ActionPlan, FundingBid, ProgressUpdate
from cspkit.glossary.models import Term
from cspkit.governance.models import Body, Decision
from cspkit.indicators.models import Indicator, Measurement
from cspkit.partnership.models import Membership, Organisation, Partnership, Role
from cspkit.priorities.models import Priority
from cspkit.problemsolving.models import Case


@dataclass
class Side:
    """One partnership's records."""

    p: Partnership
    org: Organisation
    smp: Body
    sg1: Body
    sg2: Body
    priority: Priority
    priority2: Priority
    plan1: ActionPlan
    plan2: ActionPlan
    action1: Action
    action2: Action
    update1: ProgressUpdate
    update2: ProgressUpdate
    bid1: FundingBid
    manual1: Indicator
    manual2: Indicator
    computed1: Indicator
    m_manual1: Measurement
    m_manual2: Measurement
    m_computed1: Measurement
    decision: Decision
    case: Case
    term: Term


@dataclass
class World:
    a: Side
    b: Side
    users: dict[str, Any] = field(default_factory=dict)


def side(slug: str, district: str) -> Side:
    p = Partnership.objects.create(
        name=f"Safer {slug.title()} Partnership", slug=slug, district_codes=[district]
    )
    org = Organisation.objects.create(partnership=p, key="council", name=f"{slug} Council",
                                      kind="council", responsible_authority=True)
    smp = Body.objects.create(partnership=p, key="smp", name="The partnership", kind="partnership")
    sg1 = Body.objects.create(partnership=p, key="sg1", name="Subgroup one", kind="subgroup",
                              reports_to=smp)
    sg2 = Body.objects.create(partnership=p, key="sg2", name="Subgroup two", kind="subgroup",
                              reports_to=smp)
    pr = Priority.objects.create(partnership=p, key="violence", title="Reducing violence")
    pr2 = Priority.objects.create(partnership=p, key="abuse", title="Reducing abuse", position=1)
    plan1 = ActionPlan.objects.create(partnership=p, priority=pr, year="2021/22", owner=sg1)
    plan2 = ActionPlan.objects.create(partnership=p, priority=pr2, year="2021/22", owner=sg2)
    a1 = Action.objects.create(action_plan=plan1, text="Disrupt a group", owner=org)
    a2 = Action.objects.create(action_plan=plan2, text="Run awareness events")
    u1 = ProgressUpdate.objects.create(action=a1, date=dt.date(2021, 6, 1), status="on_track")
    u2 = ProgressUpdate.objects.create(action=a2, date=dt.date(2021, 6, 1), status="at_risk")
    bid = FundingBid.objects.create(action=a1, funder="PCC", amount="1500.00")
    man1 = Indicator.objects.create(partnership=p, action_plan=plan1, key="calls", name="Calls",
                                    direction="down", frequency="yearly")
    man2 = Indicator.objects.create(partnership=p, action_plan=plan2, key="visits",
                                    name="Visits", direction="up", frequency="yearly")
    comp = Indicator.objects.create(
        partnership=p, action_plan=plan1, key="crimes", name="Crimes", direction="down",
        frequency="yearly", source="query", query="police_count",
        params={"district": district, "period": "financial_year"},
    )
    m1 = Measurement.objects.create(indicator=man1, period="2021/22", value=10)
    m2 = Measurement.objects.create(indicator=man2, period="2021/22", value=20)
    m3 = Measurement.objects.create(indicator=comp, period="2021/22", value=300)
    dec = Decision.objects.create(partnership=p, meeting="Committee", date=dt.date(2021, 7, 1),
                                  text="Adopted the plan")
    case = Case.objects.create(partnership=p, key="focus", title="Focus area",
                               ward_codes=["E05005003"])
    term = Term.objects.create(partnership=p, term="ASB", meaning="Anti-social behaviour")
    return Side(p, org, smp, sg1, sg2, pr, pr2, plan1, plan2, a1, a2, u1, u2, bid, man1, man2,
                comp, m1, m2, m3, dec, case, term)


ROLES = {
    "admin": Role.ADMINISTRATOR,
    "cso": Role.COMMUNITY_SAFETY_OFFICER,
    "lead": Role.SUBGROUP_LEAD,
    "member": Role.PARTNER_MEMBER,
    "scrutiny": Role.SCRUTINY_MEMBER,
}


def world() -> World:
    """Partnerships ``a`` and ``b`` (neither public) and users admin, cso, lead (of a's sg1),
    member, scrutiny (all of a), outsider (no role) and superuser."""
    w = World(side("alpha", "E07000110"), side("beta", "E07000111"))
    for name, role in ROLES.items():
        user = User.objects.create(username=name)
        Membership.objects.create(user=user, partnership=w.a.p, role=role,
                                  body=w.a.sg1 if role == Role.SUBGROUP_LEAD else None)
        w.users[name] = user
    w.users["outsider"] = User.objects.create(username="outsider")
    w.users["superuser"] = User.objects.create(username="root", is_superuser=True, is_staff=True)
    return w
