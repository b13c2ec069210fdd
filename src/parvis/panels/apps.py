from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelsConfig(AppConfig):
    name = "parvis.panels"
    label = "panels"
    verbose_name = _("Panels citoyens")

    def ready(self):
        from parvis.panels import privacy

        privacy.register()
