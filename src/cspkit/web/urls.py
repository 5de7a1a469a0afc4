"""The web app's URLs: every page of a partnership lives under ``/p/<slug>/``."""

from __future__ import annotations

from django.urls import path

from cspkit.web.views import (
    actions,
    asb_review,
    cases,
    casework,
    casework_hub,
    casework_steps,
    dashboard,
    governance,
    history,
    home,
    indicators,
    logo,
)

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
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
    path("p/<slug:slug>/case-work/", casework_hub.hub, name="casework-hub"),
    path("p/<slug:slug>/case-work/trends/", casework_hub.trends, name="casework-trends"),
    path("p/<slug:slug>/case-work/subject-access/", casework_hub.subject_access_page,
         name="casework-sar"),
    path("p/<slug:slug>/asb-review/figures/<str:year>/", casework_hub.figures,
         name="asb-figures"),
    path("p/<slug:slug>/asb-review/figures/<str:year>.csv", casework_hub.figures,
         {"fmt": "csv"}, name="asb-figures-csv"),
    path("p/<slug:slug>/casework/", casework.case_list, name="casework"),
    path("p/<slug:slug>/casework/new/", casework.new_case, name="casework-new"),
    path("p/<slug:slug>/casework/<int:pk>/", casework.case_detail, name="casework-case"),
    path("p/<slug:slug>/casework/meetings/", casework.meetings, name="casework-meetings"),
    path("p/<slug:slug>/casework/meetings/<int:pk>/", casework.agenda, name="casework-agenda"),
    path("p/<slug:slug>/casework/<int:pk>/correct/", casework.rectify_case,
         name="casework-correct"),
    path("p/<slug:slug>/casework/<int:pk>/items/<int:item>/minutes/", casework_steps.step,
         {"name": "minutes", "forum": "vulnerability"}, name="casework-minutes"),
    path("p/<slug:slug>/casework/<int:pk>/<str:name>/", casework_steps.step,
         {"forum": "vulnerability"}, name="casework-step"),
    path("p/<slug:slug>/asb-review/", asb_review.applications, name="asb-review"),
    path("p/<slug:slug>/asb-review/new/", asb_review.new_application, name="asb-new"),
    path("p/<slug:slug>/asb-review/<int:pk>/", asb_review.application,
         name="asb-application"),
    path("p/<slug:slug>/asb-review/<int:pk>/decision/", asb_review.decision,
         name="asb-decision"),
    path("p/<slug:slug>/asb-review/<int:pk>/<str:name>/", casework_steps.step,
         {"forum": "asb_review"}, name="asb-step"),
    path("p/<slug:slug>/history/<str:model>/<int:pk>/", history.record_history, name="history"),
]
