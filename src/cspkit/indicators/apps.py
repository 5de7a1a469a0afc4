from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "cspkit.indicators"
    verbose_name = "Indicators"
