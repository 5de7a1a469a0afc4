from django.contrib import admin

from cspkit.partnership.models import Partnership


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ("name", "csp_code", "police_force")
    prepopulated_fields = {"slug": ("name",)}
