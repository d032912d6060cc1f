from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "modelgemeente.consultation"
    verbose_name = _("Regionaal overleg en gezamenlijke voorzieningen")

    def ready(self):
        # A plan moved to another release keeps its participation in collective provisions, and a copy of a plan
        # (a scenario) takes part as its source does: the copy has the share lines, so it needs the join too.
        from modelgemeente.plans.signals import plan_copied, plan_moved

        from .services.provisions import carry_joins

        plan_moved.connect(carry_joins, dispatch_uid="consultation.carry_joins")
        plan_copied.connect(carry_joins, dispatch_uid="consultation.carry_joins_to_copy")
