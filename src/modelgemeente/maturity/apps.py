from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaturityConfig(AppConfig):
    name = "modelgemeente.maturity"
    verbose_name = _("Digitale volwassenheid")

    def ready(self):
        # The plan's exports gain the section "ambities en voortgang" (plans/report_sections.py).
        from modelgemeente.plans import report_sections

        from . import export_section

        report_sections.register(export_section.ambitions_section)
