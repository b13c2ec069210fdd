from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "parvis.opendata"
    label = "opendata"
    verbose_name = _("Données ouvertes")

    def ready(self):
        from parvis.core import modules

        modules.declare(self, _("Données ouvertes"), prefix="donnees/")
