"""Documents are slow to make (a progress PDF takes seconds), so that no user can starve the
others: each is kept in Django's cache under the partnership's content stamp (any change to its
records makes a new one), and each user may have at most :data:`BUILDS_PER_MINUTE` documents
made for them a minute; more answer **429** with ``Retry-After``. Documents from the cache
are not counted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpResponse

from cspkit.partnership.models import Partnership

__all__ = ["BUILDS_PER_MINUTE", "cached_document"]

#: Documents made (not served from the cache) per user per minute.
BUILDS_PER_MINUTE = 6
TIMEOUT = 24 * 3600


def _allowed(user: Any) -> tuple[bool, int]:
    minute = int(time.time() // 60)
    key = f"cspkit:builds:{getattr(user, 'pk', 'anonymous')}:{minute}"
    cache.add(key, 0, 120)
    try:
        made = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 120)
        made = 1
    return made <= BUILDS_PER_MINUTE, 60 - int(time.time()) % 60


def cached_document(user: Any, partnership: Partnership, name: str,
                    build: Callable[[], HttpResponse]) -> HttpResponse:
    """The response for document ``name`` of ``partnership``: from the cache, or ``build()``
    it if the user has not had too many made this minute (else 429)."""
    key = f"cspkit:doc:{partnership.pk}:{partnership.content_stamp}:{name}"
    found = cache.get(key)
    if isinstance(found, HttpResponse):
        return found
    allowed, wait = _allowed(user)
    if not allowed:
        response = HttpResponse(
            f"You have asked for {BUILDS_PER_MINUTE} new documents in a minute; wait {wait} "
            "seconds and try again.", status=429, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(wait)
        return response
    response = build()
    if response.status_code == 200:
        cache.set(key, response, TIMEOUT)
    return response
