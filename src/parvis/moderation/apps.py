from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "parvis.moderation"
    label = "moderation"
    verbose_name = _("Modération")

    def ready(self):
        from parvis.core import modules
        from parvis.moderation import permissions

        modules.declare(
            self, _("Modération"), prefix="moderation/",
            workspaces=[
                modules.Link(
                    _("Modération"), "moderation:queue", allowed=permissions.can_use_queue
                )
            ],
            notification_kinds=[("moderation", _("décision de modération sur mon contenu"))],
            demo_after=["comments"],
        )
