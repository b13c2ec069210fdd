from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "parvis.budgets"
    label = "budgets"
    verbose_name = _("Budgets participatifs")

    def ready(self):
        from parvis.budgets import demo, metrics, myspace, pages, privacy, results, site_search
        from parvis.budgets.adoptions import ADOPTIONS
        from parvis.budgets.datasets import RESULTS
        from parvis.budgets.models import Project
        from parvis.budgets.projects import can_view, comments_closed
        from parvis.core import modules

        modules.register(
            modules.Module(
                app="budgets",
                adoptions=ADOPTIONS,
                label=_("Budgets participatifs"),
                urls=modules.Urls("budgets/", "parvis.budgets.urls"),
                api="parvis.budgets.api.router",
                navigation=[modules.Link(_("Budgets participatifs"), "budgets:list")],
                process_block="budgets/process_block.html",
                notification_kinds=[
                    ("project_decision", _("décision sur mon projet de budget participatif"))
                ],
                privacy=privacy.processings,
                personal_data={
                    "budget_projects": privacy.my_projects,
                    "budget_ballots": privacy.my_ballots,
                },
                account_deletion=privacy.forget,
                my_space=myspace.my_space,
                results=results.process_results,
                awaiting=myspace.awaiting,
                demo=demo.load_all,
                demo_after=["ideas"],
                public_pages=pages.public_pages,
                moderated=[
                    modules.Moderated(
                        Project,
                        label=_("projet de budget participatif"),
                        visible=can_view,
                        commune=lambda project: project.commune,
                        process=lambda project: project.budget.process,
                        text=lambda project: f"{project.title}\n\n{project.description}",
                    ),
                ],
                commentable=[
                    modules.Commentable(
                        Project,
                        process=lambda project: project.budget.process,
                        visible=lambda projects: projects.public(),
                        closed=comments_closed,
                        related=("budget",),
                    ),
                ],
                datasets=[RESULTS],
                metrics=metrics.METRICS,
                search=site_search.search,
            )
        )
