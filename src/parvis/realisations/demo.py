"""Demo data: the realisations of what the demo adopted (last year's winning budget projects,
the ideas « retenues », the call's laureates, the strategy's commitments), followed up by
the services in charge, with a few milestones."""

from datetime import timedelta

from django.utils import timezone

from parvis.core.models import Role, Service, User
from parvis.realisations import services
from parvis.realisations.models import Milestone, Realisation, Status

MANAGER = "GestionParticipation"
# By the source tool: the service in charge.
SERVICES = {
    "budgets": "services-techniques-de-bordeaux",
    "ideas": "mission-participation-citoyenne",
    "calls": "mission-inclusion-numerique",
    "indicators": "direction-du-numerique-et-des-systemes-dinformation",
}
# (status, progress, share of the planned amount spent, milestones: (days ago, title, text))
STAGES = [
    (Status.DONE, 100, 0.96, [
        (240, "Études terminées", "Le projet a été précisé avec les habitants du quartier."),
        (120, "Début des travaux", "Le chantier a commencé ; il dure trois mois."),
        (20, "Inauguration", "La réalisation est ouverte au public."),
    ]),
    (Status.IN_PROGRESS, 60, 0.45, [
        (200, "Études terminées", "Les plans ont été présentés en réunion publique."),
        (45, "Début des travaux", "Les entreprises sont choisies, le chantier a commencé."),
    ]),
    (Status.IN_PROGRESS, 25, 0.1, [
        (90, "Réunion de lancement", "Le service a rencontré les porteurs du projet."),
    ]),
    (Status.PLANNED, 0, 0, []),
]


def load() -> None:
    # The tools' demos created the realisations as they adopted things; they are followed
    # up once.
    if Milestone.objects.exists():
        return
    manager = User.objects.filter(pseudonym=MANAGER, role_grants__role=Role.PROCESS_MANAGER
                                  ).first()
    services.synchronise(manager)
    in_charge = {source: Service.objects.filter(slug=slug).first()
                 for source, slug in SERVICES.items()}
    today = timezone.localdate()
    for number, realisation in enumerate(Realisation.objects.order_by("source", "pk")):
        status, progress, spent, steps = STAGES[number % len(STAGES)]
        planned = realisation.planned_amount
        services.update(realisation, manager, status=status, progress=progress,
                        service=in_charge.get(realisation.source),
                        spent_amount=round(planned * spent) if planned else None)
        for days, title, text in steps:
            services.add_milestone(realisation, services.Step(
                on=today - timedelta(days=days), title=title, text=text), manager)
