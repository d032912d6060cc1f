from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "modelgemeente.exports"
    verbose_name = "Exports"
