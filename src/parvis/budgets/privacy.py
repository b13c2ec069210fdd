"""Personal data in participatory budgets: the privacy register, "Mes données" and account
deletion.

On account deletion submitted projects stay, signed « Compte supprimé »; drafts are deleted.
Ballots stay counted (a vote is not withdrawn by leaving the platform): they point to the
anonymised account, which no longer identifies anyone, and the published ballots never
carried more than a number.
"""

from django.utils.translation import gettext_lazy as _

from parvis.budgets.models import Ballot, Project, ProjectStatus
from parvis.core import privacy


def processings() -> list[privacy.Processing]:
    return [
        privacy.Processing(
            _("Budgets participatifs : projets"),
            _("Recueillir les projets proposés par les habitantes et habitants, les analyser"
              " et en suivre la réalisation."),
            privacy.PUBLIC_INTEREST,
            _("Projets déposés (texte, lieu, coût estimé, image sans métadonnées) publiés sous"
              " pseudonyme."),
            _("Jusqu'à la suppression du compte : les projets déposés restent alors, signés"
              " « Compte supprimé »."),
        ),
        privacy.Processing(
            _("Budgets participatifs : votes"),
            _("Permettre à chaque personne éligible de voter une fois, en ligne ou au guichet,"
              " et publier des résultats que chacun peut recalculer."),
            privacy.PUBLIC_INTEREST,
            _("Bulletin (projets choisis ou points donnés), code de reçu, canal, commune du"
              " votant, empreinte d'identité pour un vote vérifié ou au guichet ; pour un"
              " bulletin papier, la session de guichet et l'agent qui l'a saisi. Les bulletins"
              " publiés ne portent qu'un numéro, sans lien avec le compte."),
            _("Le bulletin reste compté après la suppression du compte, sans rien qui"
              " identifie la personne."),
        ),
    ]


def my_projects(user) -> list[dict]:
    projects = Project.objects.filter(author=user).select_related(
        "budget", "sub_budget", "theme", "commune"
    )
    return [
        {
            "id": project.pk,
            "budget": project.budget.title,
            "sub_budget": project.sub_budget.name,
            **privacy.values(project, "title", "description"),
            **privacy.names_of(project, "theme", "commune"),
            **privacy.values(project, "address", "latitude", "longitude", "estimated_cost",
                             "cost", "status", "public_reason"),
            "idea": project.idea_id,
            **privacy.values(project, "created_at", "submitted_at", "hidden_at"),
        }
        for project in projects
    ]


def my_ballots(user) -> list[dict]:
    ballots = Ballot.objects.filter(voter=user).select_related("budget").prefetch_related(
        "choices__project"
    )
    return [
        {
            "budget": ballot.budget.title,
            **privacy.values(ballot, "receipt_code", "channel", "cast_at", "updated_at"),
            "choices": [
                {"project": choice.project_id, "title": choice.project.title,
                 "points": choice.points}
                for choice in ballot.choices.all()
            ],
        }
        for ballot in ballots
    ]


def forget(user) -> None:
    Project.objects.filter(author=user, status=ProjectStatus.DRAFT).delete()


PERSONAL_DATA = {"budget_projects": my_projects, "budget_ballots": my_ballots}
