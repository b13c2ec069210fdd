from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "parvis.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from parvis.consultations import privacy

        privacy.register()
