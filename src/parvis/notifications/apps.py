from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "parvis.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from parvis.core import modules
        from parvis.notifications import checks  # noqa: F401 (registers the deployment check)
        from parvis.notifications.models import FOLLOWED_UPDATE

        modules.declare(
            self, _("Notifications"), prefix="notifications/",
            notification_kinds=[(FOLLOWED_UPDATE, _("nouvelle sur ce que je suis"))],
        )
