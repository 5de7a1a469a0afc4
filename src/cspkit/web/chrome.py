"""What every page's frame (``base.html``) links to, worked out once per process.

The header, navigation and footer link to the same few static files and pages on every
request; looking each up again (the static files' manifest, the URL resolver) cost about a
fifth of a cached page's time. The answers only change with a new deployment (new static
files, new URL patterns), which starts new processes, or with the script prefix the app is
mounted under, which is part of the key.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, reverse

__all__ = ["assets", "context", "nav_items", "people_item"]


@lru_cache(maxsize=8)
def _assets(prefix: str) -> dict[str, str]:
    return {
        "icon": static("cspkit/favicon.svg"),
        "css": static("cspkit/cspkit.css"),
        "js": static("govuk/govuk-frontend.min.js"),
        "js_enabled": static("cspkit/js-enabled.js"),
        "init": static("cspkit/init.js"),
        "home": reverse("web:home"),
        "sign_out": reverse("logout"),
    }


def assets() -> dict[str, str]:
    """The static files' and the frame's URLs: ``icon``, ``css``, ``js``, ``home``,
    ``sign_out``."""
    return _assets(get_script_prefix())


def _optional_url(name: str, slug: str) -> str:
    """The URL of another app's page (the plan's, when installed), or "" when there is none."""
    try:
        return reverse(name, args=[slug])
    except NoReverseMatch:
        return ""


@lru_cache(maxsize=512)
def _nav_items(prefix: str, slug: str) -> tuple[tuple[str, str, str], ...]:
    items = [
        ("dashboard", "Dashboard", reverse("web:dashboard", args=[slug])),
        ("plan", "Plan", _optional_url("plans:versions", slug)),
        ("governance", "Governance", reverse("web:governance", args=[slug])),
        ("cases", "Problem solving", reverse("web:cases", args=[slug])),
        ("casework", "Case work", reverse("web:casework-hub", args=[slug])),
        ("data", "Police data", reverse("web:data", args=[slug])),
        ("assessment", "Assessment", reverse("web:assessment", args=[slug])),
        ("places", "Places", reverse("web:places", args=[slug])),
        ("glossary", "Glossary", reverse("web:glossary", args=[slug])),
    ]
    return tuple(item for item in items if item[2])


def nav_items(slug: str) -> tuple[tuple[str, str, str], ...]:
    """The partnership's navigation: (key, label, URL), the first being its dashboard."""
    return _nav_items(get_script_prefix(), slug)


@lru_cache(maxsize=512)
def _people_item(prefix: str, slug: str) -> tuple[str, str, str]:
    return ("people", "People", reverse("web:people", args=[slug]))


def people_item(slug: str) -> tuple[str, str, str]:
    """The navigation's entry for the people page, shown to the partnership's administrators
    (:func:`cspkit.web.access.page` adds it)."""
    return _people_item(get_script_prefix(), slug)


def context(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``assets`` for ``base.html``."""
    return {"assets": assets()}
