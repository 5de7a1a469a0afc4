"""A minimal URLconf for the tests: how a view uses the permission functions (not the app's
pages, which live in cspkit.web)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import path

from cspkit.actions.models import Action
from cspkit.partnership.permissions import get_visible_or_404
from cspkit.partnership.services import save_record


def action_detail(request: HttpRequest, pk: int) -> JsonResponse:
    action = get_visible_or_404(request.user, Action, pk=pk)
    return JsonResponse({"text": action.text, "status": action.status})


def action_status(request: HttpRequest, pk: int) -> JsonResponse:
    action = get_visible_or_404(request.user, Action, pk=pk)
    action.status = request.POST["status"]
    save_record(request.user, action)
    return JsonResponse({"status": action.status})


urlpatterns = [
    path("actions/<int:pk>", action_detail),
    path("actions/<int:pk>/status", action_status),
]
