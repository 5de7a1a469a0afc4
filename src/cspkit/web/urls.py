"""The web app's URLs: every page of a partnership lives under ``/p/<slug>/``."""

from __future__ import annotations

from django.urls import path

from cspkit.web.views import (
    actions,
    assessment,
    cases,
    dashboard,
    data,
    governance,
    history,
    home,
    indicators,
    jobs,
    logo,
    setup,
)

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("setup/", setup.setup, name="setup"),
    path("p/<slug:slug>/", dashboard.dashboard, name="dashboard"),
    path("p/<slug:slug>/priorities/<slug:key>/", dashboard.priority, name="priority"),
    path("p/<slug:slug>/themes/<slug:key>/", dashboard.theme, name="theme"),
    path("p/<slug:slug>/actions/<int:pk>/", actions.edit_action, name="action"),
    path("p/<slug:slug>/indicators/<slug:key>/", indicators.indicator, name="indicator"),
    path(
        "p/<slug:slug>/indicators/<slug:key>/measurements.<str:fmt>",
        indicators.download,
        name="indicator-download",
    ),
    path("p/<slug:slug>/governance/", governance.governance, name="governance"),
    path("p/<slug:slug>/glossary/", governance.glossary, name="glossary"),
    path("p/<slug:slug>/logo", logo.logo, name="logo"),
    path("p/<slug:slug>/cases/", cases.cases, name="cases"),
    path("p/<slug:slug>/cases/<slug:key>/", cases.case, name="case"),
    path("p/<slug:slug>/data/", data.data, name="data"),
    path("p/<slug:slug>/data/upload/", data.upload, name="data-upload"),
    path("p/<slug:slug>/data/fetch/", data.fetch, name="data-fetch"),
    path("p/<slug:slug>/assessment/", assessment.assessment, name="assessment"),
    path("p/<slug:slug>/jobs/<int:pk>/", jobs.job, name="job"),
    path("p/<slug:slug>/jobs/<int:pk>/files/<str:name>", jobs.job_document, name="job-document"),
    path("p/<slug:slug>/history/<str:model>/<int:pk>/", history.record_history, name="history"),
]
