from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "parvis.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from parvis.consultations import results_access
        from parvis.core import modules

        modules.declare(
            self, _("Consultations"), prefix="consultations/",
            navigation=[modules.Link(_("Consultations"), "consultations:list")],
            # results.py holds the tallies; who sees the results is decided in results_access.
            results=results_access.process_results,
        )
