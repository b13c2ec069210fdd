from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "parvis.core"
    label = "core"
    verbose_name = _("Comptes, territoire et services")

    def ready(self):
        from parvis.core import (
            checks,  # noqa: F401 (registers the system checks)
            mail,  # noqa: F401 (registers the outbox's recovery)
        )
