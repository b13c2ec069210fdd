from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "parvis.calls"
    label = "calls"
    verbose_name = _("Appels à projets")

    def ready(self):
        from parvis.calls import privacy

        privacy.register()
