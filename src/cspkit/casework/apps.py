from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "cspkit.casework"
    verbose_name = "Case work (vulnerability meeting, ASB Case Review)"
