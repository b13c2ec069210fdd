"""What a participatory budget adopts: the winning projects of published results, whose
voters (and author) are told of their realisation."""

from django.db.models import Q

from parvis.budgets.models import Project, ProjectStatus
from parvis.core import modules
from parvis.core.models import User
from parvis.core.modules import Adopted, Adoptions, FollowUp

PREFIX = "budgets.project:"


def key_of(project_id: int) -> str:
    return f"{PREFIX}{project_id}"


def follow_up_of(project: Project) -> FollowUp | None:
    """How the realisation of a winning project stands (None for any other project)."""
    if project.status != ProjectStatus.SELECTED:
        return None
    return modules.follow_up(key_of(project.pk))


def follow_winners(projects: list[Project]) -> list[Project]:
    """The projects, each winner given the `follow_up` of its realisation (or None): two
    queries for a whole page."""
    winning = [project for project in projects if project.status == ProjectStatus.SELECTED]
    for project, follow_up in zip(winning, modules.follow_ups_of(PREFIX, winning), strict=True):
        project.follow_up = follow_up
    return projects


def winners():
    return Project.objects.public().filter(status=ProjectStatus.SELECTED,
                                           budget__results_published_at__isnull=False)


def adopted() -> list[Adopted]:
    return [
        Adopted(key=key_of(project.pk), title=project.title,
                description=project.description, url=project.get_absolute_url(),
                process_id=project.budget.process_id, commune_id=project.commune_id,
                latitude=project.latitude, longitude=project.longitude,
                planned_amount=project.vote_cost)
        for project in winners().select_related("budget").order_by("pk")
    ]


def stood_for(project_ids) -> Q:
    """The people who voted for, or proposed, one of these projects."""
    return Q(ballots__choices__project__in=project_ids) | Q(budget_projects__in=project_ids)


def supporters(key: str):
    project_id = int(key.removeprefix(PREFIX))
    return User.objects.filter(stood_for([project_id])).values_list("pk", flat=True).distinct()


def supported_by(user) -> list[str]:
    chosen = winners().filter(Q(ballot_choices__ballot__voter=user) | Q(author=user))
    return [key_of(pk) for pk in chosen.values_list("pk", flat=True).distinct()]


ADOPTIONS = Adoptions(adopted=adopted, supporters=supporters, supported_by=supported_by)
