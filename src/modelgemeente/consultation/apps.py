from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "modelgemeente.consultation"
    verbose_name = _("Regionaal overleg en gezamenlijke voorzieningen")
