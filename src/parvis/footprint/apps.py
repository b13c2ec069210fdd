from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FootprintConfig(AppConfig):
    name = "parvis.footprint"
    label = "footprint"
    verbose_name = _("Empreinte carbone du numérique")

    def ready(self):
        from parvis.core import modules
        from parvis.footprint import demo, report

        modules.register(
            modules.Module(
                app="footprint",
                label=_("Empreinte carbone du numérique"),
                urls=modules.Urls("empreinte/", "parvis.footprint.urls"),
                measures=report.MEASURES,
                demo=demo.load,
                demo_after=["lending"],
                public_pages=lambda: [modules.PublicPage("footprint", "footprint:page")],
            )
        )
