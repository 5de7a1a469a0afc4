from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "cspkit.partnership"
    verbose_name = "Partnership"

    def ready(self) -> None:
        from cspkit.partnership import freshness

        freshness.connect()
