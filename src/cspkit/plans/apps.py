from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "cspkit.plans"
    verbose_name = "Plan versions"
