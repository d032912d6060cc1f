from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "modelgemeente.community"
    verbose_name = _("Gemeenschap")

    def ready(self):
        from modelgemeente.core.cache import register_page_stamp

        from .templatetags.community import development_page_stamp

        # The proposals on a catalogue development page are the community's: a kept page follows them.
        register_page_stamp("catalog:development", development_page_stamp)
