from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cspkit.problemsolving.models import Case, CaseAction


class CaseActionInline(admin.TabularInline):
    model = CaseAction
    extra = 0


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ("title", "stage", "started", "partnership")
    list_filter = ("partnership", "stage")
    inlines = [CaseActionInline]
