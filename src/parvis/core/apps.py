from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "parvis.core"
    label = "core"
    verbose_name = _("Comptes, territoire et services")

    def ready(self):
        from django.db.backends.signals import connection_created

        from parvis.core import (
            checks,  # noqa: F401 (registers the system checks)
            mail,  # noqa: F401 (registers the outbox's recovery)
        )
        from parvis.core.search import register_fold
        from parvis.core.services import (
            photos,  # noqa: F401 (registers the recovery of photos to process)
        )

        connection_created.connect(register_fold, dispatch_uid="parvis.core.search")
