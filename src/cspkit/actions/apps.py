from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "cspkit.actions"
    verbose_name = "Action plans"
