"""The main part of a read-only page, rendered once and kept until the partnership changes.

The dashboard and a priority's page read a dozen tables and draw forty sparklines; people read
them far more often than anyone changes the plan. :func:`cached_fragment` keeps two things in
Django's cache (``CACHES["default"]``), both under the partnership and its content stamp, which
any change to its records, memberships included, replaces in the same transaction
(:mod:`cspkit.partnership.freshness`), so nothing kept before a change is used after it:

- a **pass** per user and page: the page's permission checks passed for this user, who sees
  it as *audience* A (signed in and active, superuser or not, their roles in the partnership
  and the subgroups they lead: all that :mod:`cspkit.partnership.permissions` looks at);
- the page's rendered **part** per audience and page (HTML and title): people with the same
  roles share it, so a change costs one render per page for each audience that reads it
  again, not one per person.

A pass is kept only after the checks passed, and nothing they look at can change without
changing the stamp (the user's flags are in the key as well), so finding a pass proves the
checks would pass again: a page read again costs the session, the user, the partnership and
two cache reads. A part must depend on nothing but the audience and the records: no user name,
no CSRF token, no flash messages (the page around it renders those on every request, from
``base.html``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from cspkit.partnership.models import Partnership
from cspkit.partnership.permissions import roles_of

__all__ = ["TIMEOUT", "Fragment", "audience", "cached_fragment"]

#: Seconds a pass or a part is kept (its stamp makes it unusable sooner when anything changes).
TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class Fragment:
    """A page's main part, rendered, and the page's title."""

    html: str
    title: str = ""

    @property
    def content(self) -> SafeString:
        return mark_safe(self.html)  # our own template's output, escaped as it was rendered


def audience(user: Any, partnership: Partnership) -> str:
    """All that the permission rules look at for this user in this partnership."""
    if not (user.is_authenticated and user.is_active):
        return "anonymous"
    roles = roles_of(user)
    leads = sorted(roles.leads.get(partnership.pk, set()))
    return (
        f"super={int(user.is_superuser)};roles={','.join(sorted(roles.of(partnership.pk)))};"
        f"leads={','.join(str(b) for b in leads)}"
    )


def _user(user: Any) -> str:
    if not (user.is_authenticated and user.is_active):
        return "anonymous"
    return f"user={user.pk};super={int(user.is_superuser)}"


def _key(kind: str, request: HttpRequest, partnership: Partnership, name: str, who: str) -> str:
    query = request.META.get("QUERY_STRING", "")
    digest = hashlib.sha256("\n".join([name, request.path, query, who]).encode()).hexdigest()
    return f"cspkit:{kind}:{partnership.pk}:{partnership.content_stamp}:{digest[:32]}"


def cached_fragment(
    request: HttpRequest,
    partnership: Partnership,
    name: str,
    check: Callable[[], None],
    render: Callable[[], Fragment],
) -> Fragment:
    """The page's part for this user: ``check()`` their permissions (raising Http404 or
    PermissionDenied) unless a pass says they passed, then the part of their audience from the
    cache, or ``render()`` it and keep it."""
    pass_key = _key("pass", request, partnership, name, _user(request.user))
    seen_as = cache.get(pass_key)
    if not isinstance(seen_as, str):
        check()
        seen_as = audience(request.user, partnership)
        cache.set(pass_key, seen_as, TIMEOUT)
    part_key = _key("part", request, partnership, name, seen_as)
    found = cache.get(part_key)
    if isinstance(found, Fragment):
        return found
    fragment = render()
    cache.set(part_key, fragment, TIMEOUT)
    return fragment
