"""Admin for deployment administrators (superusers): who holds a case-work role, and each
partnership's case-work settings. The case records themselves are not in the admin: they are
seen through the case-work pages, which log every view."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cspkit.casework.models import CaseworkRole, CaseworkSettings


@admin.register(CaseworkRole)
class CaseworkRoleAdmin(SimpleHistoryAdmin):
    list_display = ("user", "partnership", "forum", "chair")
    list_filter = ("partnership", "forum")


@admin.register(CaseworkSettings)
class CaseworkSettingsAdmin(SimpleHistoryAdmin):
    list_display = ("partnership", "asb_complaints", "asb_window_months",
                    "vulnerability_retention_months", "asb_retention_months")
