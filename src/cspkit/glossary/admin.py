from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cspkit.glossary.models import Term


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ("term", "meaning", "kind", "partnership")
    list_filter = ("partnership", "kind")
    search_fields = ("term", "meaning")
