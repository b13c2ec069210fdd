from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "parvis.opendata"
    label = "opendata"
    verbose_name = _("Données ouvertes")

    def ready(self):
        from parvis.core import modules
        from parvis.opendata import pages

        modules.register(
            modules.Module(
                app="opendata",
                label=_("Données ouvertes"),
                urls=modules.Urls("donnees/", "parvis.opendata.urls"),
                public_pages=pages.public_pages,
            )
        )
