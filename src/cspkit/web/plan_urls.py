"""URLs of the plan pages (under ``/p/<slug>/plan/``) and the plan API (``/api/p/<slug>/plan/``)."""

from __future__ import annotations

from django.urls import path

from cspkit.web.api import plans as api
from cspkit.web.views import plan_downloads as downloads
from cspkit.web.views import plans as views

app_name = "plans"

urlpatterns = [
    path("p/<slug:slug>/plan/", views.versions, name="versions"),
    path("p/<slug:slug>/plan/<int:pk>/", views.version, name="version"),
    path("p/<slug:slug>/plan/<int:pk>/texts/", views.edit_texts, name="texts"),
    path("p/<slug:slug>/plan/<int:pk>/priorities/<slug:key>/", views.edit_priority,
         name="priority"),
    path("p/<slug:slug>/plan/<int:pk>/<str:step>/", views.transition, name="step"),
    path("p/<slug:slug>/plan/<int:pk>/changes-from/<int:other>/", views.diff, name="diff"),
    path("p/<slug:slug>/plan/<int:pk>/structure.svg", views.structure_svg, name="structure"),
    path("p/<slug:slug>/plan/<int:pk>/<str:kind>.<str:fmt>", downloads.version_document,
         name="document"),
    path("p/<slug:slug>/progress/<str:quarter>.<str:fmt>", downloads.progress_download,
         name="progress"),
    path("api/p/<slug:slug>/plan/versions/", api.version_list, name="api-versions"),
    path("api/p/<slug:slug>/plan/versions/<int:pk>", api.version_detail, name="api-version"),
    path("api/p/<slug:slug>/plan/diff/<int:pk>/<int:other>", api.version_diff, name="api-diff"),
]
