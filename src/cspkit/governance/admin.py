from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cspkit.governance.models import Body, BodyChair, BodyMember, Decision


class ChairInline(admin.TabularInline):
    model = BodyChair
    extra = 0


class MemberInline(admin.TabularInline):
    model = BodyMember
    extra = 0


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "reports_to", "partnership")
    list_filter = ("partnership", "kind")
    inlines = [ChairInline, MemberInline]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ("date", "meeting", "minute_reference", "partnership")
    list_filter = ("partnership",)
