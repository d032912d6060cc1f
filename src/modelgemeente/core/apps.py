from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared page parts: form rendering with NL Design System classes."""

    name = "modelgemeente.core"
