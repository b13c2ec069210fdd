from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LendingConfig(AppConfig):
    name = "parvis.lending"
    label = "lending"
    verbose_name = _("Prêt de matériel")

    def ready(self):
        from parvis.core import modules
        from parvis.lending import demo, measures, myspace, pages, permissions, privacy, services

        modules.register(
            modules.Module(
                app="lending",
                label=_("Prêt de matériel"),
                urls=modules.Urls("prets/", "parvis.lending.urls"),
                privacy=privacy.processings,
                personal_data={"loans": privacy.my_loans},
                retention={"loans": services.purge_loans},
                account_deletion=services.forget_loans,
                my_space=myspace.my_space,
                demo=demo.load,
                measures=measures.MEASURES,
                assets=measures.assets,
                demo_after=["panels"],
                public_pages=pages.public_pages,
                private_files={"convention": modules.PrivateFile(
                    model="lending.ConventionAcceptance", field="pdf",
                    may_read=permissions.can_read_convention_copy,
                    filename=services.convention_filename, opened=services.convention_opened,
                )},
            )
        )
