from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "cspkit.priorities"
    verbose_name = "Priorities"
