from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "modelgemeente.plans"
    verbose_name = _("Organisaties en plannen")
