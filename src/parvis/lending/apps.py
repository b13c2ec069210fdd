from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LendingConfig(AppConfig):
    name = "parvis.lending"
    label = "lending"
    verbose_name = _("Prêt de matériel")

    def ready(self):
        from parvis.core import modules

        modules.declare(self, _("Prêt de matériel"), prefix="prets/", demo_after=["panels"])
