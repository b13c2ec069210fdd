from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelsConfig(AppConfig):
    name = "parvis.panels"
    label = "panels"
    verbose_name = _("Panels citoyens")

    def ready(self):
        from parvis.core import modules, tasks
        from parvis.panels import demo, draws, myspace, pages, permissions, privacy
        from parvis.panels.datasets import COMPOSITION

        tasks.register_recovery("panel_draws", draws.recover_draws)
        modules.register(
            modules.Module(
                app="panels",
                label=_("Panels citoyens"),
                urls=modules.Urls("panels/", "parvis.panels.urls"),
                api="parvis.panels.api.router",
                navigation=[modules.Link(_("Panels citoyens"), "panels:list")],
                process_block="panels/process_block.html",
                datasets=[COMPOSITION],
                privacy=privacy.processings,
                personal_data={
                    "panel_applications": privacy.my_applications,
                    "panel_memberships": privacy.my_memberships,
                },
                retention={"panel_volunteers": privacy.purge_volunteers},
                account_deletion=privacy.forget,
                my_space=myspace.my_space,
                demo=demo.load,
                demo_after=["agenda", "consultations", "comments", "ideas", "moderation"],
                public_pages=pages.public_pages,
                audience=modules.Audience(
                    model="panels.Panel",
                    reserved=permissions.reserved_processes,
                    open_to=permissions.processes_open_to,
                    is_member=permissions.is_active_member,
                    managed=permissions.managed_panels,
                ),
            )
        )
