"""The access matrix's world, roles and expectations, independent of how the app decides.

Every URL pattern of the project is read (GET) and written (POST; PATCH for the JSON API) by
each role below; the rule registered for the URL (:data:`cspkit.web.rules.PAGES`) says which
roles it admits, and :func:`expected` turns that into the status each role must get. The role
sets here are written out by hand from the rules' documentation, not computed by the app's own
functions, so a wrong check in the app fails the matrix.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

import PIL.Image
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver

from cspkit.actions.models import Action
from cspkit.casework.asb import apply
from cspkit.casework.vulnerability import build_agenda, refer
from cspkit.indicators.models import Indicator
from cspkit.jobs.kinds import job_folder
from cspkit.jobs.models import Job
from cspkit.partnership.models import Membership, Organisation, Role
from cspkit.partnership.rules import Read, rule_for
from cspkit.partnership.scoping import Policy
from cspkit.plans import services
from cspkit.plans.models import PlanVersion
from cspkit.problemsolving.models import Case
from cspkit.web.rules import ANYONE, CASE_WORKERS, MEMBERS, SIGNED_IN, SUPERUSERS, Page
from tests.web.pages_world import World, build_world

#: Every role, in the order they are tried (the superuser last: their writes go through).
ROLES = ["anonymous", "nobody", "other_officer", "member", "scrutiny", "lead", "officer",
         "administrator", "superuser"]
MEMBER_ROLES = {"member", "scrutiny", "lead", "officer", "administrator"}
WRITERS: dict[Policy, set[str]] = {
    Policy.PARTNERSHIP: {"officer", "administrator"},
    Policy.SUBGROUP: {"officer", "administrator", "lead"},
    Policy.MEASUREMENT: {"officer", "administrator", "lead"},
    Policy.DECISION: {"officer", "administrator", "scrutiny"},
    Policy.MEMBERSHIP: {"administrator"},
}


@dataclass
class MatrixWorld:
    world: World
    users: dict[str, User | None]
    version: PlanVersion
    job: Job
    casework: dict[str, int] = field(default_factory=dict)
    """Ids of an example vulnerability case, agenda item, meeting and ASB application of A."""
    clients: dict[str, Any] = field(default_factory=dict)

    def record(self, model: Any) -> Model | None:
        """The example record of a type, whose pk and key fill a URL's parameters."""
        found: dict[Any, Model] = {
            Action: self.world.da_action, Indicator: self.world.indicator,
            Case: self.world.case, PlanVersion: self.version, Job: self.job,
        }
        return found.get(model)


def build(public: bool = False) -> MatrixWorld:
    """The page tests' world (partnerships A and B), with an administrator, a scrutiny
    member, a user with no role, a superuser and a draft plan version of A."""
    w = build_world()
    w.a.is_public = public
    w.a.save()
    image = io.BytesIO()
    PIL.Image.new("RGB", (60, 20), "#1d70b8").save(image, format="PNG")
    w.a.logo.save("logo.png", ContentFile(image.getvalue()), save=True)
    users: dict[str, User | None] = {
        "anonymous": None, "nobody": User.objects.create(username="nobody"),
        "other_officer": w.b_officer, "member": w.member, "lead": w.lead, "officer": w.officer,
        "superuser": User.objects.create(username="root", is_superuser=True, is_staff=True),
    }
    for name, role in (("administrator", Role.ADMINISTRATOR), ("scrutiny", Role.SCRUTINY_MEMBER)):
        users[name] = User.objects.create(username=name, is_staff=True)
        Membership.objects.create(user=users[name], partnership=w.a, role=role)
    version = services.start_revision(w.officer, w.a, "June 2024 Update", year="2024/25")
    job = Job.objects.create(partnership=w.a, kind="assess", title="Example assessment",
                             status=Job.Status.DONE, result={"documents": ["example.html"]})
    folder = job_folder("assessments", w.a.slug, job.pk)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "example.html").write_text("<p>Example</p>", encoding="utf-8")
    return MatrixWorld(w, users, version, job, _casework(w, users["superuser"]))


def _casework(w: World, root: Any) -> dict[str, int]:
    """A vulnerability case on a meeting's agenda and an ASB Case Review application of A."""
    org = Organisation.objects.filter(partnership=w.a).first()
    case = refer(root, w.a, name="Matrix person", referring_agency=org,
                 referred_on=dt.date(2025, 1, 6), reason="Example", lawful_basis="s115",
                 consent="given", flags=[])
    meeting = build_agenda(root, w.a, dt.date(2025, 1, 13))
    item = meeting.items.first()
    application = apply(root, w.a, incidents=[(dt.date(2025, 1, 2), org, "Noise")],
                        applicant_name="Matrix applicant", received_on=dt.date(2025, 1, 6),
                        description="Noise at night")
    return {"case": case.pk, "meeting": meeting.pk, "item": item.pk if item else 0,
            "application": application.pk}


# -- the URL patterns ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name, or "" for an unnamed pattern
    route: str
    params: tuple[str, ...]


def routes() -> list[Route]:
    """Every URL pattern of the project, with its full name and parameters."""
    out: list[Route] = []

    def walk(patterns: list[Any], prefix: str, namespaces: list[str]) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = [*namespaces, p.namespace] if p.namespace else namespaces
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                name = ":".join([*namespaces, p.name]) if p.name else ""
                params = tuple(p.pattern.regex.groupindex)
                out.append(Route(name, prefix + str(p.pattern), params))

    walk(get_resolver().url_patterns, "", [])
    return out


# -- what each role must get ---------------------------------------------------------------------


def admits(who: Any, role: str, *, public: bool, write: bool) -> bool:
    """Does a rule's audience include ``role`` (for partnership A, public or not)?"""
    if who is ANYONE:
        return True
    if role == "anonymous":  # only asked for pages that judge anonymous users by the record
        return (public and not write and isinstance(who, type)
                and rule_for(who).read is Read.PUBLISHED)
    if who is SIGNED_IN or role == "superuser":
        return True
    if who is SUPERUSERS:
        return False
    if who is MEMBERS:
        return role in MEMBER_ROLES
    if who is CASE_WORKERS:  # no one of this world is a case worker: members reach the view only
        return False
    rule = rule_for(who)
    if write:
        return role in WRITERS[rule.write]
    return role in MEMBER_ROLES or (public and rule.read is Read.PUBLISHED)


def expected(rule: Page, role: str, *, public: bool, write: bool, api: bool) -> str:
    """``ok`` (any answer under 400 for reads; anything but a refusal or a 500 for writes),
    ``sign-in``, ``404``, ``403`` or ``405``."""
    if (write and rule.write is None) or (not write and rule.post_only):
        return "405"
    readable = admits(rule.read, role, public=public, write=False)
    if role == "anonymous" and rule.read is not ANYONE and not rule.anonymous:
        return "403" if api else "sign-in"
    if not readable:
        # case work: the partnership's members learn the forum exists (403); others see nothing
        return "403" if rule.read is CASE_WORKERS and role in MEMBER_ROLES else "404"
    if (write or rule.form) and not admits(rule.write, role, public=public, write=True):
        return "403"
    return "ok"


def outcome(response: Any, *, write: bool) -> str:
    """What a response amounts to, in :func:`expected`'s terms."""
    status = response.status_code
    location = response.get("Location", "") if status in (301, 302) else ""
    if location.startswith("/sign-in/?next="):
        return "sign-in"
    if status in (403, 404, 405):
        return str(status)
    if status >= 500:
        return str(status)
    if not write and status >= 400:
        return str(status)
    return "ok"
