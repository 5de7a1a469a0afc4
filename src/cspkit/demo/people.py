"""The demo partnership in the web app: the borough's partnership, its board and a subgroup, and
one demo user per role, each with a sign-in made from the seed (demo data: never for real use).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from cspkit.demo import DemoBorough
from cspkit.governance.models import Body
from cspkit.partnership.models import Membership, Partnership, Role

__all__ = ["DEMO_SLUG", "DemoPeople", "DemoSignIn", "demo_people"]

DEMO_SLUG = "demo"

#: username, role, what they may do (printed by `cspkit demo`).
PEOPLE: list[tuple[str, str, str]] = [
    ("demo-admin", "administrator", "everything, including who holds which role"),
    ("demo-officer", "community_safety_officer", "load data, run the assessment, edit plans"),
    ("demo-lead", "subgroup_lead", "update the violence subgroup's actions"),
    ("demo-partner", "partner_member", "read everything"),
    ("demo-scrutiny", "scrutiny_member", "read everything, record decisions"),
]


@dataclass(frozen=True)
class DemoSignIn:
    username: str
    password: str
    role: str
    may: str


@dataclass(frozen=True)
class DemoPeople:
    partnership: Partnership
    sign_ins: list[DemoSignIn]

    @property
    def admin(self) -> User:
        return User.objects.get(username=self.sign_ins[0].username)


def demo_password(username: str, seed: int) -> str:
    """The demo user's password: known to whoever runs the demo, printed by it."""
    return f"{username}-{seed}"


@transaction.atomic
def demo_people(borough: DemoBorough) -> DemoPeople:
    """Create (or bring back to its first state) the demo partnership and its demo users."""
    partnership, _ = Partnership.objects.update_or_create(
        slug=DEMO_SLUG,
        defaults={
            "name": f"Safer {borough.district_name} Partnership (demo data)",
            "district_codes": [borough.district_code], "csp_code": borough.csp_code,
            "police_force": borough.force_slug, "police_force_name": borough.force_name,
        },
    )
    board, _ = Body.objects.update_or_create(
        partnership=partnership, key="board",
        defaults={"name": f"Safer {borough.district_name} board (demo)",
                  "kind": Body.Kind.PARTNERSHIP, "meets": "quarterly"})
    violence, _ = Body.objects.update_or_create(
        partnership=partnership, key="violence",
        defaults={"name": "Violence reduction subgroup (demo)", "kind": Body.Kind.SUBGROUP,
                  "reports_to": board, "meets": "monthly"})
    sign_ins = []
    for username, role, may in PEOPLE:
        user, _ = User.objects.get_or_create(username=username)
        password = demo_password(username, borough.seed)
        user.set_password(password)
        label = str(Role(role).label)
        user.first_name, user.last_name = "Demo", label
        user.email = f"{username}@example.org"
        user.save()
        Membership.objects.filter(user=user, partnership=partnership).delete()
        Membership.objects.create(user=user, partnership=partnership, role=role,
                                  body=violence if role == Role.SUBGROUP_LEAD else None)
        sign_ins.append(DemoSignIn(username, password, label, may))
    return DemoPeople(partnership, sign_ins)
