from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "parvis.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from parvis.core import modules
        from parvis.notifications import (
            checks,  # noqa: F401 (registers the deployment check)
            pages,
            personal_data,
        )
        from parvis.notifications.models import FOLLOWED_UPDATE

        modules.register(
            modules.Module(
                app="notifications",
                label=_("Notifications"),
                urls=modules.Urls("notifications/", "parvis.notifications.urls"),
                notification_kinds=[(FOLLOWED_UPDATE, _("nouvelle sur ce que je suis"))],
                privacy=personal_data.processings,
                personal_data={"notifications": personal_data.my_notifications},
                retention={"notifications": personal_data.purge_read},
                account_deletion=personal_data.forget,
                public_pages=pages.public_pages,
            )
        )
