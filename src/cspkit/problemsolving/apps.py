from django.apps import AppConfig


class ProblemSolvingConfig(AppConfig):
    name = "cspkit.problemsolving"
    verbose_name = "Problem solving"
