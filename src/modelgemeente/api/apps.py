from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "modelgemeente.api"
    label = "api"
    verbose_name = "API"
