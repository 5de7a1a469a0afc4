from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "cspkit.governance"
    verbose_name = "Governance"
