from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "parvis.reports"
    label = "reports"
    verbose_name = _("Signalements")

    def ready(self):
        from parvis.core import modules
        from parvis.reports import permissions

        modules.declare(
            self, _("Signalements"), prefix="signalements/",
            more_urls=[modules.Urls("open311/v2/", "parvis.reports.open311_urls")],
            navigation=[modules.Link(_("Signaler un problème"), "reports:new")],
            workspaces=[
                modules.Link(
                    _("Signalements à traiter"),
                    "reports:inbox",
                    allowed=permissions.can_use_inbox,
                )
            ],
        )
