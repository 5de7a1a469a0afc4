from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "cspkit.partnership"
    verbose_name = "Partnership"
