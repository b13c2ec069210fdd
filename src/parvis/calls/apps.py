from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "parvis.calls"
    label = "calls"
    verbose_name = _("Appels à projets")

    def ready(self):
        from parvis.calls import (
            applications,
            decisions,
            demo,
            myspace,
            pages,
            permissions,
            privacy,
            site_search,
        )
        from parvis.calls.adoptions import ADOPTIONS
        from parvis.core import modules

        modules.register(
            modules.Module(
                app="calls",
                adoptions=ADOPTIONS,
                label=_("Appels à projets"),
                urls=modules.Urls("appels-a-projets/", "parvis.calls.urls"),
                api="parvis.calls.api.router",
                navigation=[modules.Link(_("Appels à projets"), "calls:list")],
                workspaces=[modules.Link(_("Espace jury"), "calls:juries",
                                         allowed=permissions.is_jury_member)],
                process_block="calls/process_block.html",
                privacy=privacy.processings,
                personal_data={"call_applications": privacy.my_applications},
                account_deletion=applications.forget_contact,
                my_space=myspace.my_space,
                results=decisions.process_results,
                awaiting=myspace.awaiting,
                demo=demo.load,
                public_pages=pages.public_pages,
                private_files={"letter": modules.PrivateFile(
                    model="calls.Partner", field="letter",
                    may_read=applications.can_read_letter,
                    filename=applications.letter_filename,
                )},
                search=site_search.search,
            )
        )
