from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cspkit.actions.models import Action, ActionPlan, FundingBid, ProgressUpdate


class ActionInline(admin.StackedInline):
    model = Action
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "year", "owner", "partnership")
    list_filter = ("partnership", "year")
    inlines = [ActionInline]


class UpdateInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0


class BidInline(admin.TabularInline):
    model = FundingBid
    extra = 0


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "status", "four_p", "owner", "due")
    list_filter = ("action_plan__partnership", "status", "four_p")
    inlines = [UpdateInline, BidInline]
