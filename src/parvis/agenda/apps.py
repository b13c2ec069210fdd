from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "parvis.agenda"
    label = "agenda"
    verbose_name = _("Agenda de la participation")

    def ready(self):
        from parvis.agenda import demo, myspace, pages, permissions, privacy, services, site_search
        from parvis.agenda.datasets import EVENTS
        from parvis.agenda.models import EventDocument
        from parvis.core import modules

        modules.register(
            modules.Module(
                app="agenda",
                label=_("Agenda"),
                urls=modules.Urls("agenda/", "parvis.agenda.urls"),
                api="parvis.agenda.api.router",
                navigation=[modules.Link(_("Agenda"), "agenda:list")],
                workspaces=[modules.Link(_("Mes inscriptions"), "agenda:mine",
                                         allowed=lambda user: user.is_authenticated)],
                process_block="agenda/process_block.html",
                privacy=privacy.processings,
                personal_data={"event_registrations": privacy.my_registrations},
                retention={"event_registrations": services.purge_registrations,
                           "event_pending_registrations": services.purge_pending_registrations},
                account_deletion=services.forget_registrations,
                my_space=myspace.my_space,
                demo=demo.load,
                public_pages=pages.public_pages,
                private_files={"document": modules.PrivateFile(
                    model="agenda.EventDocument", field="file",
                    may_read=permissions.can_read_document,
                    filename=EventDocument.download_name,
                )},
                datasets=[EVENTS],
                search=site_search.search,
            )
        )
