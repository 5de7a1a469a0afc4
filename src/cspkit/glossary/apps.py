from django.apps import AppConfig


class GlossaryConfig(AppConfig):
    name = "cspkit.glossary"
    verbose_name = "Glossary"
