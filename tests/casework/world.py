"""Two partnerships for the case-work tests, and a user in each role.

Partnership A has a police and a council organisation; its people: ``worker`` (vulnerability
meeting case worker, chair), ``panel`` (ASB Case Review panel), ``admin`` (administrator, no
case-work role), ``officer`` (community safety officer, no case-work role), ``member``
(partner member, no case-work role). B has its own ``b_worker``. ``outsider`` has no role.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User

from cspkit.casework.models import CaseworkRole, Forum, VulnerabilityCase
from cspkit.casework.vulnerability import refer
from cspkit.partnership.models import Membership, Organisation, Partnership, Role


@dataclass
class CaseWorld:
    a: Partnership
    b: Partnership
    police: Organisation
    council: Organisation
    b_police: Organisation
    users: dict[str, Any] = field(default_factory=dict)

    def refer(self, name: str = "Jane Smith", **kw: Any) -> VulnerabilityCase:
        fields: dict[str, Any] = {
            "name": name, "referring_agency": self.police,
            "referred_on": dt.date(2025, 1, 6), "reason": "Repeated calls about a neighbour",
            "lawful_basis": "s115", "consent": "given", "flags": ["mental_health_victim"],
        }
        fields.update(kw)
        return refer(self.users["worker"], self.a, **fields)


def _partnership(slug: str, district: str) -> tuple[Partnership, Organisation, Organisation]:
    p = Partnership.objects.create(name=f"Safer {slug.title()}", slug=slug,
                                   district_codes=[district])
    police = Organisation.objects.create(partnership=p, key="police", name=f"{slug} Police",
                                         kind="police", responsible_authority=True)
    council = Organisation.objects.create(partnership=p, key="council", name=f"{slug} Council",
                                          kind="council", responsible_authority=True)
    return p, police, council


def case_world() -> CaseWorld:
    a, police, council = _partnership("a", "E07000110")
    b, b_police, _ = _partnership("b", "E07000111")
    w = CaseWorld(a, b, police, council, b_police)
    people = {
        "worker": (a, Role.PARTNER_MEMBER, Forum.VULNERABILITY),
        "panel": (a, Role.PARTNER_MEMBER, Forum.ASB_REVIEW),
        "admin": (a, Role.ADMINISTRATOR, None),
        "officer": (a, Role.COMMUNITY_SAFETY_OFFICER, None),
        "member": (a, Role.PARTNER_MEMBER, None),
        "b_worker": (b, Role.PARTNER_MEMBER, Forum.VULNERABILITY),
    }
    for name, (p, role, forum) in people.items():
        user = User.objects.create(username=name)
        Membership.objects.create(user=user, partnership=p, role=role)
        if forum is not None:
            CaseworkRole.objects.create(partnership=p, user=user, forum=forum,
                                        chair=name == "worker")
        w.users[name] = user
    w.users["outsider"] = User.objects.create(username="outsider")
    w.users["root"] = User.objects.create(username="root", is_superuser=True, is_staff=True)
    return w
