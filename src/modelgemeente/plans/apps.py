from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "modelgemeente.plans"
    verbose_name = _("Organisaties en plannen")

    def ready(self):
        from modelgemeente.accounts.services import register_invitation_lookup

        from .services import invited_address

        register_invitation_lookup(invited_address)
