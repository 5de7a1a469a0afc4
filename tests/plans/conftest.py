"""The Maidstone example partnership, its June 2021 plan adopted, and users in each role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from cspkit.exchange import import_yaml
from cspkit.governance.models import Body
from cspkit.partnership.models import Membership, Partnership, Role
from cspkit.plans import services
from cspkit.plans.models import PlanVersion

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "maidstone.yaml"
TEXTS = ROOT / "src" / "cspkit" / "plans" / "examples" / "maidstone-june-2021.yaml"
COMMITTEE = ("Communities, Housing and Environment Committee acting as the Crime and Disorder "
             "Committee")


@dataclass
class Maidstone:
    p: Partnership
    officer: Any
    member: Any
    scrutiny: Any
    june_2021: PlanVersion
    cdc: Body


def adopted_2021(officer: Any, p: Partnership) -> PlanVersion:
    v = services.start_revision(officer, p, "June 2021 Update", year="2021/22")
    services.load_texts(officer, v, TEXTS)
    services.recommend(officer, v, on=dt.date(2021, 6, 1))
    return services.adopt(officer, v, committee=Body.objects.get(partnership=p, key="cdc"),
                          meeting=COMMITTEE, date=dt.date(2021, 6, 29), minute_reference="21")


def build_maidstone() -> Maidstone:
    """The example imported, users in three roles, the June 2021 Update adopted."""
    p = import_yaml(EXAMPLE.read_text(encoding="utf-8"), source=str(EXAMPLE))
    users = {}
    for name, role in (("officer", Role.COMMUNITY_SAFETY_OFFICER),
                       ("member", Role.PARTNER_MEMBER), ("scrutiny", Role.SCRUTINY_MEMBER)):
        users[name] = User.objects.create_user(name, password="pw")
        Membership.objects.create(user=users[name], partnership=p, role=role)
    v = adopted_2021(users["officer"], p)
    return Maidstone(p, users["officer"], users["member"], users["scrutiny"], v,
                     Body.objects.get(partnership=p, key="cdc"))


@pytest.fixture
def smp(db: None) -> Maidstone:
    return build_maidstone()
