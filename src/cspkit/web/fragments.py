"""The main part of a read-only page, rendered once and kept until the partnership changes.

The dashboard and a priority's page read a dozen tables and draw forty sparklines; people read
them far more often than anyone changes the plan. :func:`cached_fragment` keeps the rendered
HTML of a page's main part (and its title) in Django's cache (``CACHES["default"]``) under a
key made of:

- the page: its name, path and query string (``?year=2021/22``);
- the partnership and its content stamp, which any change to its records, memberships
  included, replaces in the same transaction (:mod:`cspkit.partnership.freshness`), so nothing
  rendered before a change is served after it;
- the user, whether they are active, and whether they are a superuser.

``render`` checks the user's permissions before it renders (and raises Http404 or
PermissionDenied, which keeps nothing). A fragment is only ever kept after those checks passed
for this user, and what they depend on (the user's memberships, the records, the partnership's
publication) cannot change without changing the stamp, and the user's flags are in the key. So
finding a fragment under the key proves the checks would pass again, and the page serves it
without running them: a page read again costs the session, the user and the partnership.

A fragment must depend on nothing but those: no CSRF token, no flash messages (the page around
it renders those on every request, from ``base.html``).
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

__all__ = ["TIMEOUT", "Fragment", "cached_fragment", "fragment_key"]

#: Seconds a fragment is kept (its stamp makes it unusable sooner when anything changes).
TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class Fragment:
    """A page's main part, rendered, and the page's title."""

    html: str
    title: str = ""

    @property
    def content(self) -> SafeString:
        return mark_safe(self.html)  # our own template's output, escaped as it was rendered


def _user(user: Any) -> str:
    if not (user.is_authenticated and user.is_active):
        return "anonymous"
    return f"user={user.pk};super={int(user.is_superuser)}"


def fragment_key(request: HttpRequest, partnership: Partnership, name: str) -> str:
    """The cache key of fragment ``name`` of this page for this user."""
    query = request.META.get("QUERY_STRING", "")
    parts = [name, request.path, query, _user(request.user)]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    return f"cspkit:fragment:{partnership.pk}:{partnership.content_stamp}:{digest}"


def cached_fragment(
    request: HttpRequest, partnership: Partnership, name: str, render: Callable[[], Fragment]
) -> Fragment:
    """The fragment from the cache, or ``render()`` it (checking permissions) and keep it."""
    key = fragment_key(request, partnership, name)
    found = cache.get(key)
    if isinstance(found, Fragment):
        return found
    fragment = render()
    cache.set(key, fragment, TIMEOUT)
    return fragment
