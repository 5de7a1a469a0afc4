"""Admin for deployment administrators (superusers); partnership staff use the app's pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cspkit.partnership.models import Membership, Organisation, Partnership


class OrganisationInline(admin.TabularInline):
    model = Organisation
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ("name", "csp_code", "police_force", "is_public")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [OrganisationInline]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "responsible_authority", "partnership")
    list_filter = ("partnership", "kind", "responsible_authority")


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "partnership", "role", "body")
    list_filter = ("partnership", "role")
