from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "parvis.reports"
    label = "reports"
    verbose_name = _("Signalements")

    def ready(self):
        from parvis.core import modules
        from parvis.reports import demo, metrics, pages, permissions, privacy, services

        modules.register(
            modules.Module(
                app="reports",
                label=_("Signalements"),
                urls=modules.Urls("signalements/", "parvis.reports.urls"),
                more_urls=[modules.Urls("open311/v2/", "parvis.reports.open311_urls")],
                api="parvis.reports.api.router",
                navigation=[modules.Link(_("Signaler un problème"), "reports:new")],
                workspaces=[
                    modules.Link(
                        _("Signalements à traiter"),
                        "reports:inbox",
                        allowed=permissions.can_use_inbox,
                    )
                ],
                privacy=privacy.processings,
                personal_data={
                    "reports": privacy.my_reports,
                    "followed_reports": privacy.followed_reports,
                },
                retention={"report_contacts": services.purge_contacts},
                account_deletion=privacy.forget_follows,
                demo=demo.load,
                public_pages=pages.public_pages,
                metrics=metrics.METRICS,
            )
        )
