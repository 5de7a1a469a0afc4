"""Admin for plan versions: adopted and superseded versions are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from cspkit.plans.models import Judgement, PlanVersion, ScoringSettings, Status


class JudgementInline(admin.TabularInline):
    model = Judgement
    extra = 0

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or obj.status == Status.DRAFT

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(PlanVersion)
class PlanVersionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "partnership", "year", "status", "adopted_on")
    list_filter = ("partnership", "status")
    inlines = [JudgementInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.status in (Status.ADOPTED, Status.SUPERSEDED):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.status in (Status.ADOPTED, Status.SUPERSEDED):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(ScoringSettings)
class ScoringSettingsAdmin(SimpleHistoryAdmin):
    list_display = ("partnership",)
