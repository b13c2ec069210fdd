from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "parvis.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from parvis.consultations import (
            demo,
            measures,
            myspace,
            pages,
            privacy,
            results_access,
            services,
            site_search,
        )
        from parvis.consultations.datasets import ANSWERS
        from parvis.core import modules

        modules.register(
            modules.Module(
                app="consultations",
                label=_("Consultations"),
                urls=modules.Urls("consultations/", "parvis.consultations.urls"),
                api="parvis.consultations.api.router",
                navigation=[modules.Link(_("Consultations"), "consultations:list")],
                process_block="consultations/process_block.html",
                privacy=privacy.processings,
                personal_data={"consultations": privacy.my_responses},
                account_deletion=services.detach_respondent,
                my_space=myspace.my_space,
                results=results_access.process_results,
                demo=demo.load,
                measures=measures.MEASURES,
                public_pages=pages.public_pages,
                datasets=[ANSWERS],
                search=site_search.search,
            )
        )
