from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "parvis.calls"
    label = "calls"
    verbose_name = _("Appels à projets")

    def ready(self):
        from parvis.calls import applications, demo, pages, privacy
        from parvis.core import modules

        modules.register(
            modules.Module(
                app="calls",
                label=_("Appels à projets"),
                urls=modules.Urls("appels-a-projets/", "parvis.calls.urls"),
                api="parvis.calls.api.router",
                process_block="calls/process_block.html",
                privacy=privacy.processings,
                personal_data={"call_applications": privacy.my_applications},
                account_deletion=applications.forget_contact,
                demo=demo.load,
                public_pages=pages.public_pages,
                private_files={"letter": modules.PrivateFile(
                    model="calls.Partner", field="letter",
                    may_read=applications.can_read_letter,
                    filename=applications.letter_filename,
                )},
            )
        )
