"""A small world for the page tests and the browser tests: two partnerships, A and B.

A has an executive group, the partnership board and two subgroups (domestic abuse, violence),
each owning the 2024/25 action plan of one priority; an indicator with 24 monthly values; a
glossary. Its people: an officer (community safety officer), the domestic abuse subgroup's
lead, a partner member. B has one priority, plan, action and indicator, and its own officer.
Every user's password is :data:`PASSWORD`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.test import Client

from cspkit.actions.models import Action, ActionPlan, Status
from cspkit.analysis.places import before_after
from cspkit.glossary.models import Term
from cspkit.governance.models import Body, BodyChair
from cspkit.indicators.models import Indicator, Measurement
from cspkit.partnership.models import Membership, Organisation, Partnership, Role
from cspkit.priorities.models import CrossCuttingTheme, Priority, PriorityDelivery
from cspkit.problemsolving.models import Case

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    a: Partnership
    b: Partnership
    officer: User
    lead: User
    member: User
    b_officer: User
    da: Priority
    violence: Priority
    da_action: Action
    violence_action: Action
    indicator: Indicator
    b_priority: Priority
    b_action: Action
    b_indicator: Indicator
    case: Case


@functools.cache
def _hashed() -> str:
    """:data:`PASSWORD` hashed once per test run (hashing takes a good part of a second)."""
    return make_password(PASSWORD)


def _user(username: str, first: str = "", last: str = "") -> User:
    return User.objects.create(
        username=username, email=f"{username}@example.org", password=_hashed(),
        first_name=first, last_name=last,
    )


def _months(first_year: int, n: int) -> list[str]:
    return [f"{first_year + (3 + i) // 12}-{(3 + i) % 12 + 1:02d}" for i in range(n)]


def _indicator(p: Partnership, plan: ActionPlan, key: str, name: str, **kw: Any) -> Indicator:
    return Indicator.objects.create(
        partnership=p, action_plan=plan, key=key, name=name, frequency="monthly", **kw
    )


def build_world() -> World:
    """Create the world in the test database and return its records."""
    a = Partnership.objects.create(
        name="Safer Testborough Partnership", slug="a", district_codes=["E07000110"]
    )
    b = Partnership.objects.create(
        name="Safer Otherton Partnership", slug="b", district_codes=["E07000111"]
    )
    police = Organisation.objects.create(
        partnership=a, key="police", name="Test Police", kind="police",
        responsible_authority=True,
    )
    exec_group = Body.objects.create(
        partnership=a, key="exec", name="Executive group", kind=Body.Kind.EXECUTIVE_GROUP
    )
    board = Body.objects.create(
        partnership=a, key="board", name="Safer Testborough Partnership board",
        kind=Body.Kind.PARTNERSHIP, reports_to=exec_group, meets="quarterly",
    )
    dv_group = Body.objects.create(
        partnership=a, key="dv", name="Domestic Abuse Forum", kind=Body.Kind.SUBGROUP,
        reports_to=board, meets="monthly",
    )
    violence_group = Body.objects.create(
        partnership=a, key="svoc", name="Serious Violence and Organised Crime Group",
        kind=Body.Kind.SUBGROUP, reports_to=board,
    )
    BodyChair.objects.create(body=board, name="Jo Bloggs", job_title="Head of Housing")
    da = Priority.objects.create(
        partnership=a, key="domestic-abuse", title="Domestic abuse, including stalking",
        short_title="Domestic abuse", why_important="Domestic abuse is under-reported.",
        objective="Fewer repeat victims.", focus="Early help and perpetrator programmes.",
        position=1,
    )
    violence = Priority.objects.create(
        partnership=a, key="violence", title="Serious violence and organised crime", position=2
    )
    CrossCuttingTheme.objects.create(partnership=a, key="asb", title="Anti-social behaviour")
    PriorityDelivery.objects.create(priority=da, body=dv_group)
    da_plan = ActionPlan.objects.create(
        partnership=a, priority=da, year="2024/25", owner=dv_group, outcome="Victims safer."
    )
    violence_plan = ActionPlan.objects.create(
        partnership=a, priority=violence, year="2024/25", owner=violence_group
    )
    da_action = Action.objects.create(
        action_plan=da_plan, text="Run a stalking awareness campaign", owner=police,
        lead="DA coordinator", due=dt.date(2025, 3, 31), status=Status.ON_TRACK,
    )
    Action.objects.create(action_plan=da_plan, text="Train frontline staff in DASH risk checks")
    violence_action = Action.objects.create(
        action_plan=violence_plan, text="Map county lines activity", status=Status.ON_TRACK
    )
    indicator = _indicator(
        a, da_plan, "repeat-victims", "Repeat victims of domestic abuse",
        direction="down", target=20.0, unit="%", baseline=26.0, baseline_period="2023-04",
    )
    for i, month in enumerate(_months(2023, 24)):
        Measurement.objects.create(indicator=indicator, period=month, value=26.0 - i * 0.2)
    Term.objects.create(partnership=a, term="ASB", meaning="Anti-social behaviour")
    Term.objects.create(partnership=a, term="MARAC", meaning="Multi-agency risk assessment "
                        "conference")

    officer = _user("officer", "Olu", "Officer")
    lead = _user("dalead", "Dee", "Lead")
    member = _user("member")
    b_officer = _user("bofficer")
    Membership.objects.create(user=officer, partnership=a, role=Role.COMMUNITY_SAFETY_OFFICER)
    Membership.objects.create(user=lead, partnership=a, role=Role.SUBGROUP_LEAD, body=dv_group)
    Membership.objects.create(user=member, partnership=a, role=Role.PARTNER_MEMBER)
    Membership.objects.create(user=b_officer, partnership=b, role=Role.COMMUNITY_SAFETY_OFFICER)

    b_body = Body.objects.create(partnership=b, key="sub", name="B subgroup", kind="subgroup")
    b_priority = Priority.objects.create(partnership=b, key="b-priority", title="B's priority")
    b_plan = ActionPlan.objects.create(
        partnership=b, priority=b_priority, year="2024/25", owner=b_body
    )
    b_action = Action.objects.create(action_plan=b_plan, text="B's action")
    b_indicator = _indicator(b, b_plan, "b-indicator", "B's indicator", direction="up")
    Measurement.objects.create(indicator=b_indicator, period="2024-04", value=3)
    return World(
        a, b, officer, lead, member, b_officer, da, violence, da_action, violence_action,
        indicator, b_priority, b_action, b_indicator, _case(a, da_action),
    )


def _case(a: Partnership, action: Action) -> Case:
    """A task-force case in its response stage, with an action and a real before/after
    evaluation of synthetic counts (target 120 to 80, comparison 100 to 104, buffer 60 to 63)."""
    rows = [
        (ward, f"2024-0{first + i % 3}", "Anti-social behaviour")
        for ward, before, after in (
            ("E05005003", 120, 80), ("E05005010", 100, 104), ("E05005004", 60, 63)
        )
        for first, n in ((4, before), (7, after))
        for i in range(n)
    ]
    evaluation = before_after(
        pd.DataFrame(rows, columns=["ward_code", "month", "crime_type"]),
        target=["E05005003"], comparison=["E05005010"], buffer=["E05005004"],
        before=("2024-04", "2024-06"), after=("2024-07", "2024-09"),
        crime_types=["Anti-social behaviour"],
    )
    case = Case.objects.create(
        partnership=a, key="park-wood", title="Park Wood shops", ward_codes=["E05005003"],
        ward_vintage="December 2020", stage=Case.Stage.RESPONSE, started=dt.date(2024, 4, 1),
        objective="Fewer incidents of ASB around the shops.",
        scanning="ASB reports clustered at the parade in the evenings.",
        analysis="Young people gather where the lighting failed.",
        response="Lighting repaired; youth outreach on Friday evenings.",
        evaluation=evaluation.to_record(),
    )
    case.actions.add(action)
    return case


def signed_in(user: User) -> Client:
    """A test client signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


def text_of(response: object) -> str:
    """The page's text without tags, whitespace collapsed (for asserting what people read)."""
    html = response.content.decode()  # type: ignore[attr-defined]
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
