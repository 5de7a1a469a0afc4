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
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from cspkit.partnership.models import Partnership
from cspkit.partnership.people import may_manage
from cspkit.partnership.permissions import can_view_records, roles_of
from cspkit.partnership.scoping import partnership_lookup
from cspkit.web.chrome import nav_items, people_item

__all__ = [
    "check_partnership",
    "check_records",
    "find_partnership",
    "get_partnership",
    "get_record",
    "is_member",
    "page",
]

M = TypeVar("M", bound=Model)

NO_PARTNERSHIP = "No partnership matches the given query."


def get_partnership(request: HttpRequest, slug: str) -> Partnership:
    """The partnership named by ``slug`` in the URL, if the user may read it; 404 otherwise."""
    partnership = find_partnership(slug, request)
    check_partnership(request, partnership)
    return partnership


def find_partnership(slug: str, request: HttpRequest | None = None) -> Partnership:
    """The partnership named by ``slug``, whoever asks; 404 if there is none. Only for pages
    that check the user with :func:`check_partnership` before showing anything of it
    (:mod:`cspkit.web.fragments`). The one :class:`cspkit.web.rules.RulesMiddleware` found
    for the request is used again."""
    found = getattr(request, "cspkit_partnership", None)
    if isinstance(found, Partnership) and found.slug == slug:
        return found
    try:
        return Partnership.objects.get(slug=slug)
    except Partnership.DoesNotExist:
        raise Http404(NO_PARTNERSHIP) from None


def check_partnership(request: HttpRequest, partnership: Partnership) -> None:
    """404, as if it did not exist, unless the user may read the partnership."""
    if not can_view_records(request.user, partnership, Partnership):
        raise Http404(NO_PARTNERSHIP)


def check_records(request: HttpRequest, partnership: Partnership, model: type[Model]) -> None:
    """404 unless the user may read records of ``model`` in ``partnership`` (for pages that
    list or summarise them: the plan versions, the progress report)."""
    if not can_view_records(request.user, partnership, model):
        raise Http404(f"No {model._meta.verbose_name} matches the given query.")


def get_record(request: HttpRequest, partnership: Partnership, model: type[M], **lookup: Any) -> M:
    """A record of ``partnership`` (which the user may read) if the user may read records of
    its kind there; 404 for another partnership's records."""
    if not can_view_records(request.user, partnership, model):
        raise Http404(f"No {model._meta.verbose_name} matches the given query.")
    scoped = {partnership_lookup(model): partnership, **lookup}
    return get_object_or_404(model._default_manager, **scoped)


def is_member(user: Any, partnership: Partnership) -> bool:
    """Does the user hold a role in the partnership (or are they a superuser)?"""
    return bool(getattr(user, "is_superuser", False) or roles_of(user).of(partnership.pk))


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
        items = nav_items(partnership.slug)
        if may_manage(request.user, partnership):
            items = (*items, people_item(partnership.slug))
        context["nav_items"] = items
        match = request.resolver_match
        if not nav and match is not None and match.app_name in ("plans",):
            context["nav"] = "plan"
        if breadcrumbs is not None:
            home = ("Dashboard", items[0][2])
            context["breadcrumbs"] = [home, *breadcrumbs]
    return context
