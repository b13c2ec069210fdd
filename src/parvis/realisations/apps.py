from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RealisationsConfig(AppConfig):
    name = "parvis.realisations"
    label = "realisations"
    verbose_name = _("Réalisations")

    def ready(self):
        from parvis.core import modules
        from parvis.realisations import demo, myspace, pages, privacy
        from parvis.realisations.datasets import REALISATIONS

        modules.register(
            modules.Module(
                app="realisations",
                label=_("Réalisations"),
                urls=modules.Urls("realisations/", "parvis.realisations.urls"),
                api="parvis.realisations.api.router",
                navigation=[modules.Link(_("Réalisations"), "realisations:list")],
                notification_kinds=[
                    ("realisation_milestone",
                     _("nouvelle étape de la réalisation d'un projet que j'ai soutenu")),
                ],
                datasets=[REALISATIONS],
                privacy=privacy.processings,
                personal_data={"realisation_milestones": privacy.my_milestones},
                my_space=myspace.my_space,
                demo=demo.load,
                demo_after=["budgets", "ideas", "calls", "indicators"],
                public_pages=pages.public_pages,
            )
        )
