from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelsConfig(AppConfig):
    name = "parvis.panels"
    label = "panels"
    verbose_name = _("Panels citoyens")

    def ready(self):
        from parvis.core import modules, tasks
        from parvis.panels import draws, permissions

        tasks.register_recovery("panel_draws", draws.recover_draws)
        modules.declare(
            self, _("Panels citoyens"), prefix="panels/",
            navigation=[modules.Link(_("Panels citoyens"), "panels:list")],
            demo_after=["agenda", "consultations", "comments", "ideas", "moderation"],
            audience=modules.Audience(
                model="panels.Panel",
                reserved=permissions.reserved_processes,
                open_to=permissions.processes_open_to,
                is_member=permissions.is_active_member,
                managed=permissions.managed_panels,
            ),
        )
