from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cspkit.priorities.models import (
    Alignment,
    CrossCuttingTheme,
    ExternalPlan,
    ExternalPriority,
    Priority,
    PriorityDelivery,
)


class DeliveryInline(admin.TabularInline):
    model = PriorityDelivery
    extra = 0


class AlignmentInline(admin.TabularInline):
    model = Alignment
    extra = 0
    fk_name = "priority"


@admin.register(Priority)
class PriorityAdmin(SimpleHistoryAdmin):
    list_display = ("title", "partnership", "position")
    list_filter = ("partnership",)
    inlines = [DeliveryInline, AlignmentInline]


@admin.register(CrossCuttingTheme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ("title", "partnership")
    list_filter = ("partnership",)


class ExternalPriorityInline(admin.TabularInline):
    model = ExternalPriority
    extra = 0


@admin.register(ExternalPlan)
class ExternalPlanAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "partnership")
    list_filter = ("partnership", "kind")
    inlines = [ExternalPriorityInline]
