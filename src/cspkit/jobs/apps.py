from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "cspkit.jobs"
    verbose_name = "Background jobs"
