from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "parvis.moderation"
    label = "moderation"
    verbose_name = _("Modération")

    def ready(self):
        from parvis.core import modules
        from parvis.moderation import demo, myspace, pages, permissions, privacy, site_search

        modules.register(
            modules.Module(
                app="moderation",
                label=_("Modération"),
                urls=modules.Urls("moderation/", "parvis.moderation.urls"),
                workspaces=[
                    modules.Link(
                        _("Modération"), "moderation:queue", allowed=permissions.can_use_queue
                    )
                ],
                notification_kinds=[("moderation", _("décision de modération sur mon contenu"))],
                privacy=privacy.processings,
                personal_data={"moderation": privacy.my_moderation},
                retention={"moderation_flags": privacy.purge_flags},
                awaiting=myspace.awaiting,
                demo=demo.load,
                demo_after=["comments"],
                public_pages=pages.public_pages,
                search=site_search.search,
            )
        )
