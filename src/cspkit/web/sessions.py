"""Idle sessions end: a signed-in user who makes no request for ``CSPKIT_IDLE_MINUTES`` (30)
is signed out and sent to the sign-in page with their next one.

The session records when it was last seen, at most once a minute (so reading pages does not
write the session on every request); each such write also moves the session's expiry
(``SESSION_COOKIE_AGE``, the same length) on.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

__all__ = ["SEEN", "IdleSessionMiddleware", "stamp_sign_in"]

#: The session key holding when the user was last seen (seconds since the epoch).
SEEN = "cspkit_seen"
_REFRESH = 60


def stamp_sign_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """On signing in, the session is seen (so the first page after it writes nothing)."""
    if hasattr(request, "session"):
        request.session[SEEN] = time.time()


class IdleSessionMiddleware:
    """Signs out a user idle for longer than ``CSPKIT_IDLE_MINUTES``."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            seen = request.session.get(SEEN)
            idle = getattr(settings, "CSPKIT_IDLE_MINUTES", 30) * 60
            if isinstance(seen, (int, float)) and now - seen > idle:
                logout(request)
            elif not isinstance(seen, (int, float)) or now - seen > _REFRESH:
                request.session[SEEN] = now
        response: HttpResponse = self.get_response(request)
        return response
