from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "parvis.indicators"
    label = "indicators"
    verbose_name = _("Stratégie numérique responsable")

    def ready(self):
        from parvis.core import modules
        from parvis.indicators import demo, pages, platform_measures, privacy
        from parvis.indicators.adoptions import ADOPTIONS
        from parvis.indicators.datasets import VALUES

        modules.register(
            modules.Module(
                app="indicators",
                adoptions=ADOPTIONS,
                label=_("Stratégie numérique responsable"),
                urls=modules.Urls("strategie/", "parvis.indicators.urls"),
                api="parvis.indicators.api.router",
                navigation=[modules.Link(_("Stratégie"), "indicators:dashboard")],
                measures=platform_measures.MEASURES,
                datasets=[VALUES],
                privacy=privacy.processings,
                personal_data={"indicator_measurements": privacy.my_measurements},
                demo=demo.load,
                demo_after=["consultations", "lending"],
                public_pages=pages.public_pages,
            )
        )
