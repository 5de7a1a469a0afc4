"""How every view finds its partnership and records, and what every page's template receives.

The rules live in :mod:`cspkit.partnership.permissions`; this module only applies them:

- a record the user may not read answers **404**, whether it belongs to another partnership or
  does not exist (so a user of partnership A learns nothing about B's records);
- a record the user may read but not change answers **403** on its edit page (a subgroup lead
  opening another subgroup's action);
- every page needs a signed-in user (views are wrapped in ``login_required``; anonymous users
  are sent to the sign-in page).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from cspkit.partnership.models import Partnership
from cspkit.partnership.permissions import get_visible_or_404, roles_of
from cspkit.partnership.scoping import partnership_lookup

__all__ = ["get_partnership", "get_record", "is_member", "page"]

M = TypeVar("M", bound=Model)


def get_partnership(request: HttpRequest, slug: str) -> Partnership:
    """The partnership named by ``slug`` in the URL, if the user may read it; 404 otherwise."""
    return get_visible_or_404(request.user, Partnership, slug=slug)


def get_record(request: HttpRequest, partnership: Partnership, model: type[M], **lookup: Any) -> M:
    """A record of ``partnership`` the user may read; 404 for another partnership's records."""
    scoped = {partnership_lookup(model): partnership, **lookup}
    return get_visible_or_404(request.user, model, **scoped)


def is_member(user: Any, partnership: Partnership) -> bool:
    """Does the user hold a role in the partnership (or are they a superuser)?"""
    return bool(getattr(user, "is_superuser", False) or roles_of(user).of(partnership.pk))


def _optional_url(name: str, slug: str) -> str:
    """The URL of another app's page (the plan's, when installed), or "" when there is none."""
    try:
        return reverse(name, args=[slug])
    except NoReverseMatch:
        return ""


def page(
    request: HttpRequest,
    partnership: Partnership | None,
    *,
    nav: str = "",
    breadcrumbs: list[tuple[str, str]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The context every page's ``base.html`` needs, plus ``extra``.

    ``breadcrumbs`` are (label, URL) pairs above the page; the partnership's dashboard comes
    first by itself.
    """
    context: dict[str, Any] = {"partnership": partnership, "nav": nav, **extra}
    if partnership is not None:
        slug = partnership.slug
        items = [
            ("dashboard", "Dashboard", reverse("web:dashboard", args=[slug])),
            ("plan", "Plan", _optional_url("plans:versions", slug)),
            ("governance", "Governance", reverse("web:governance", args=[slug])),
            ("glossary", "Glossary", reverse("web:glossary", args=[slug])),
        ]
        context["nav_items"] = [item for item in items if item[2]]
        match = request.resolver_match
        if not nav and match is not None and match.app_name in ("plans",):
            context["nav"] = "plan"
        if breadcrumbs is not None:
            home = ("Dashboard", reverse("web:dashboard", args=[slug]))
            context["breadcrumbs"] = [home, *breadcrumbs]
    return context
