from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FootprintConfig(AppConfig):
    name = "parvis.footprint"
    label = "footprint"
    verbose_name = _("Empreinte carbone du numérique")

    def ready(self):
        from parvis.core import modules

        modules.declare(
            self, _("Empreinte carbone du numérique"), prefix="empreinte/",
            demo_after=["lending"],
        )
