from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "parvis.indicators"
    label = "indicators"
    verbose_name = _("Stratégie numérique responsable")

    def ready(self):
        from parvis.core import modules

        modules.declare(
            self, _("Stratégie numérique responsable"), prefix="strategie/",
            navigation=[modules.Link(_("Stratégie"), "indicators:dashboard")],
            demo_after=["consultations", "lending"],
        )
