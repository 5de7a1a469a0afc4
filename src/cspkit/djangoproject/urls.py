"""URL routes: the admin, health check, sign in and out, and the web app (``cspkit.web``)."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.http import HttpRequest
from django.urls import include, path

from cspkit.web.views import health as views
from cspkit.web.views.home import SignInView


def _superusers_only(request: HttpRequest) -> bool:
    """The admin crosses partnerships, so it is for the platform's superusers only (staff
    status alone is not enough); partnership administrators work in the app."""
    user: Any = request.user
    return bool(user.is_active and user.is_superuser)


admin.site.has_permission = _superusers_only

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("sign-in/", SignInView.as_view(), name="login"),
    path("sign-out/", LogoutView.as_view(), name="logout"),
    path("", include("cspkit.web.urls")),
    path("", include("cspkit.web.plan_urls")),
]
