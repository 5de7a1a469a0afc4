"""Every URL's read rule and write rule, checked before its view runs.

:data:`PAGES` maps each URL name (``namespace:name``) to a :class:`Page`: who may read it
(GET, HEAD) and who may write to it (POST, PUT, PATCH, DELETE). Where a page shows or changes
records of one type, its rule names that type and the record registry
(:mod:`cspkit.partnership.rules`) decides, for the partnership named by ``<slug>`` in the URL:

    "web:action": Page(Action, write=Action),    # one line per URL

- ``read``: :data:`ANYONE` (no sign-in), :data:`SIGNED_IN`, :data:`SUPERUSERS`, or a model (its
  read rule: members, or published); :data:`MEMBERS` for member pages of several record types.
- ``write``: ``None`` (the page takes no writes: **405**), the same keywords, or a model (the
  roles its write rule lets change such records at all; the view decides about the one record).
- ``form=True``: an edit form, which only those who may write may open; ``post_only=True``: a
  button's target, which answers reads with 405.

:class:`RulesMiddleware` applies them: a user who may not read answers **404** (as if the
page did not exist) or, when not signed in, goes to the sign-in page (the API answers JSON
403); one who may read but not write answers **403**. A URL without a rule answers 403 to
everyone but superusers, and ``tests/security/test_access_matrix.py`` fails for it.
The views still check the records they touch (:mod:`cspkit.web.access`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from cspkit.actions.models import Action
from cspkit.casework.models import CaseworkRole
from cspkit.indicators.models import Indicator
from cspkit.jobs.models import Job
from cspkit.partnership.models import Membership, Partnership
from cspkit.partnership.permissions import (
    can_view_records,
    may_write_records,
    refusal,
    roles_of,
)
from cspkit.plans.models import PlanVersion
from cspkit.problemsolving.models import Case

__all__ = ["ANYONE", "CASE_WORKERS", "MEMBERS", "PAGES", "SIGNED_IN", "SUPERUSERS", "Page",
           "RulesMiddleware", "Verdict", "judge", "rule_of"]


class Who(StrEnum):
    """Audiences that are not a record type's rule."""

    ANYONE = "anyone"
    SIGNED_IN = "signed in"
    MEMBERS = "members"
    SUPERUSERS = "superusers"
    CASE_WORKERS = "case workers"


ANYONE, SIGNED_IN, MEMBERS, SUPERUSERS = Who.ANYONE, Who.SIGNED_IN, Who.MEMBERS, Who.SUPERUSERS
#: Case work (need to know): the partnership's members reach the page, whose view admits only
#: the case workers of its forum (:mod:`cspkit.casework.access`; 403 for other members).
CASE_WORKERS = Who.CASE_WORKERS

Audience = Who | type[Model]


@dataclass(frozen=True)
class Page:
    """Who may read a URL and who may write to it."""

    read: Audience
    write: Audience | None = None
    anonymous: bool = False
    """Judge anonymous users by the record rule (a public partnership's logo) rather than
    sending them to sign in."""
    form: bool = False
    """An edit form: reading it needs the write rule too (403 for readers who may not write)."""
    post_only: bool = False
    """The URL only takes writes (a button's action): reads answer 405."""


#: URL name -> its rule. Django's admin (namespace ``admin``) is for superusers only.
PAGES: dict[str, Page] = {
    "login": Page(ANYONE, write=ANYONE),
    "logout": Page(SIGNED_IN, write=SIGNED_IN, post_only=True),
    "healthz": Page(ANYONE),
    "web:home": Page(SIGNED_IN),
    "web:dashboard": Page(Partnership),
    "web:priority": Page(Partnership),
    "web:theme": Page(Partnership),
    "web:action": Page(Action, write=Action),
    "web:indicator": Page(Indicator),
    "web:indicator-download": Page(Indicator),
    "web:governance": Page(Partnership),
    "web:glossary": Page(Partnership),
    "web:logo": Page(Partnership, anonymous=True),
    "web:cases": Page(Case),
    "web:case": Page(Case),
    "web:history": Page(MEMBERS),
    "plans:versions": Page(PlanVersion, write=PlanVersion),
    "plans:version": Page(PlanVersion),
    "plans:texts": Page(PlanVersion, write=PlanVersion, form=True),
    "plans:priority": Page(PlanVersion, write=PlanVersion, form=True),
    "plans:step": Page(PlanVersion, write=PlanVersion, post_only=True),
    "plans:diff": Page(PlanVersion),
    "plans:structure": Page(PlanVersion),
    "plans:document": Page(PlanVersion),
    "plans:progress": Page(Action),
    "plans:api-versions": Page(PlanVersion),
    "plans:api-version": Page(PlanVersion, write=PlanVersion),
    "plans:api-diff": Page(PlanVersion),
    # setting up a partnership
    "web:setup": Page(SUPERUSERS, write=SUPERUSERS),
    # data and analysis from the browser: members read; officers and administrators start jobs
    "web:data": Page(Job),
    "web:data-upload": Page(Job, write=Job, form=True),
    "web:data-fetch": Page(Job, write=Job, form=True),
    "web:assessment": Page(Job, write=Job),
    "web:job": Page(Job),
    "web:job-document": Page(Job),
    # places: members read; officers and administrators run and save (as for jobs)
    "web:places": Page(Job, write=Job),
    "web:places-focus": Page(Job, write=Job),
    # people: members see who holds which role; administrators change them
    "web:people": Page(Membership),
    "web:people-add": Page(Membership, write=Membership, form=True),
    "web:people-role": Page(Membership, write=Membership, form=True),
    "web:people-remove": Page(Membership, write=Membership, form=True),
    # case work: the hub and trends for members; the rest for the forum's case workers
    "web:casework-hub": Page(MEMBERS),
    "web:casework-trends": Page(MEMBERS),
    "web:casework-sar": Page(MEMBERS, write=CaseworkRole, form=True),
    "web:asb-figures": Page(MEMBERS),
    "web:asb-figures-csv": Page(MEMBERS),
    **{f"web:{name}": Page(CASE_WORKERS, write=CASE_WORKERS) for name in (
        "casework", "casework-new", "casework-case", "casework-meetings", "casework-agenda",
        "casework-correct", "casework-minutes", "casework-step", "asb-review", "asb-new",
        "asb-application", "asb-decision", "asb-step")},
}

ADMIN = Page(SUPERUSERS, write=SUPERUSERS)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def rule_of(view_name: str) -> Page | None:
    """The rule of a URL name (every ``admin:`` URL has :data:`ADMIN`); None if it has none."""
    if view_name.split(":", 1)[0] == "admin":
        return ADMIN
    return PAGES.get(view_name)


class Verdict(StrEnum):
    """What the rules answer before the view runs."""

    PASS = "pass"
    SIGN_IN = "sign in"
    HIDDEN = "404"
    FORBIDDEN = "403"
    METHOD = "405"


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _allows(user: Any, who: Audience, partnership: Partnership | None, write: bool) -> bool:
    if who is ANYONE:
        return True
    if who is SIGNED_IN:
        return _active(user)
    if _active(user) and user.is_superuser:
        return True
    if who is SUPERUSERS or partnership is None or (
            isinstance(who, Who) and who not in (MEMBERS, CASE_WORKERS)):
        return False
    if who in (MEMBERS, CASE_WORKERS):
        return _active(user) and partnership.pk in roles_of(user).member_of()
    assert not isinstance(who, Who)
    if write:
        return may_write_records(user, partnership, who)
    return can_view_records(user, partnership, who)


def judge(user: Any, rule: Page | None, partnership: Partnership | None, method: str) -> Verdict:
    """The verdict of ``rule`` for this user, method and partnership (None: no ``<slug>``)."""
    if rule is None:
        return Verdict.PASS if _active(user) and user.is_superuser else Verdict.FORBIDDEN
    write = method.upper() not in SAFE_METHODS
    if (write and rule.write is None) or (not write and rule.post_only):
        return Verdict.METHOD
    readable = _allows(user, rule.read, partnership, write=False)
    if not _active(user) and rule.read is not ANYONE and not rule.anonymous:
        return Verdict.SIGN_IN
    if not readable:
        return Verdict.HIDDEN
    writes = write or rule.form
    if writes and rule.write is not None and not _allows(user, rule.write, partnership, True):
        return Verdict.FORBIDDEN
    return Verdict.PASS


def _partnership(slug: Any) -> Partnership | None:
    if slug is None:
        return None
    found = Partnership.objects.filter(slug=slug).first()
    if found is None:
        raise Http404("No partnership matches the given query.")
    return found


def _cached_verdict(request: HttpRequest, name: str, rule: Page | None, slug: Any) -> Verdict:
    """The verdict, kept per user, partnership content stamp, URL name and method (nothing the
    rules look at changes without changing the stamp or the user's flags)."""
    partnership = _partnership(slug)
    request.cspkit_partnership = partnership
    user: Any = request.user
    if partnership is None or not _active(user):
        return judge(user, rule, partnership, request.method or "GET")
    key = (f"cspkit:rule:{partnership.pk}:{partnership.content_stamp}:{user.pk}:"
           f"{int(user.is_superuser)}:{name}:{request.method}")
    found = cache.get(key)
    if isinstance(found, str):
        return Verdict(found)
    verdict = judge(user, rule, partnership, request.method or "GET")
    cache.set(key, verdict.value, 3600)
    return verdict


def _refusal(rule: Page | None) -> str:
    if rule is not None and isinstance(rule.write, type):
        return refusal(rule.write)
    return "Your account may not make this change. Ask your partnership's administrator."


def _answer(request: HttpRequest, verdict: Verdict, rule: Page | None) -> HttpResponse | None:
    api = request.path.startswith("/api/")
    if verdict is Verdict.PASS:
        return None
    if verdict is Verdict.SIGN_IN:
        if api:
            return JsonResponse({"error": "sign in to use the API"}, status=403)
        return redirect_to_login(request.get_full_path())
    if verdict is Verdict.METHOD:
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    if verdict is Verdict.HIDDEN:
        if api:
            return JsonResponse({"error": "not found"}, status=404)
        raise Http404("No partnership matches the given query.")
    if api:
        return JsonResponse({"error": _refusal(rule)}, status=403)
    raise PermissionDenied(_refusal(rule))


class RulesMiddleware:
    """Applies :data:`PAGES` to every request that reaches a view."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)
        return response

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: dict[str, Any]
                     ) -> HttpResponse | None:
        match = request.resolver_match
        name = match.view_name if match is not None else ""
        rule = rule_of(name)
        verdict = _cached_verdict(request, name, rule, kwargs.get("slug"))
        return _answer(request, verdict, rule)
