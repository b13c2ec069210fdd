from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "parvis.agenda"
    label = "agenda"
    verbose_name = _("Agenda de la participation")

    def ready(self):
        from parvis.core import modules

        modules.declare(
            self, _("Agenda"), prefix="agenda/",
            navigation=[modules.Link(_("Agenda"), "agenda:list")],
            workspaces=[modules.Link(_("Mes inscriptions"), "agenda:mine",
                                     allowed=lambda user: user.is_authenticated)],
        )
