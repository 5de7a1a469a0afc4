from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cspkit.indicators.models import Indicator, Measurement


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ("name", "source", "frequency", "direction", "target", "partnership")
    list_filter = ("partnership", "source", "frequency")
    inlines = [MeasurementInline]
