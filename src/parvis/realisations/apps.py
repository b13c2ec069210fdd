from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RealisationsConfig(AppConfig):
    name = "parvis.realisations"
    label = "realisations"
    verbose_name = _("Réalisations")

    def ready(self):
        from parvis.core import modules

        modules.declare(
            self, _("Réalisations"), prefix="realisations/",
            navigation=[modules.Link(_("Réalisations"), "realisations:list")],
            notification_kinds=[
                ("realisation_milestone",
                 _("nouvelle étape de la réalisation d'un projet que j'ai soutenu")),
            ],
            demo_after=["budgets", "ideas", "calls", "indicators"],
        )
