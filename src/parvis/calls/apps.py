from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "parvis.calls"
    label = "calls"
    verbose_name = _("Appels à projets")

    def ready(self):
        from parvis.calls import permissions
        from parvis.core import modules

        modules.declare(
            self, _("Appels à projets"), prefix="appels-a-projets/",
            navigation=[modules.Link(_("Appels à projets"), "calls:list")],
            workspaces=[modules.Link(_("Espace jury"), "calls:juries",
                                     allowed=permissions.is_jury_member)],
        )
