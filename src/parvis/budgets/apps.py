from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "parvis.budgets"
    label = "budgets"
    verbose_name = _("Budgets participatifs")

    def ready(self):
        from parvis.budgets.models import Project
        from parvis.budgets.projects import can_view, comments_closed
        from parvis.core import modules

        modules.declare(
            self, _("Budgets participatifs"), prefix="budgets/",
            navigation=[modules.Link(_("Budgets participatifs"), "budgets:list")],
            notification_kinds=[
                ("project_decision", _("décision sur mon projet de budget participatif"))
            ],
            demo_after=["ideas"],
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
        )
