from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "parvis.budgets"
    label = "budgets"
    verbose_name = _("Budgets participatifs")

    def ready(self):
        from parvis.budgets import privacy
        from parvis.budgets.models import Project
        from parvis.budgets.projects import comments_closed
        from parvis.comments import registry as comments
        from parvis.moderation import registry as moderation

        moderation.register(
            Project, label=_("projet de budget participatif"),
            commune=lambda project: project.commune,
            process=lambda project: project.budget.process,
            text=lambda project: f"{project.title}\n\n{project.description}",
        )
        comments.enable(Project, process=lambda project: project.budget.process,
                        visible=lambda projects: projects.public(), closed=comments_closed)
        privacy.register()
