"""URL routes: the admin, health check, sign in and out, and the web app (``cspkit.web``)."""

from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import include, path

from cspkit.web.views import health as views
from cspkit.web.views.home import SignInView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("sign-in/", SignInView.as_view(), name="login"),
    path("sign-out/", LogoutView.as_view(), name="logout"),
    path("", include("cspkit.web.urls")),
    path("", include("cspkit.web.plan_urls")),
]
