"""Demo data of the results side: « Budget participatif 2025 », a past budget whose vote
is over, with two envelopes, twelve projects put to the vote, a few hundred ballots drawn
with a fixed seed (online and at a help desk), tallied and published."""

import hashlib
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from parvis.budgets import results
from parvis.budgets.models import (
    Ballot,
    BallotChoice,
    BallotFormat,
    Budget,
    Channel,
    Project,
    ProjectStatus,
    SubBudget,
    TallyRule,
)
from parvis.budgets.voting import RECEIPT_ALPHABET, RECEIPT_LENGTH, normalise_receipt_code
from parvis.core.models import Commune, User, VerificationLevel
from parvis.processes.models import Action, Phase, Process, Theme

PROCESS = "budget-participatif-2025"
SEED = 2025
VOTERS = 320
CYCLISTS = 0.3  # the share of voters who choose cycling projects only
DAY = timedelta(days=1)
MANAGER = "GestionParticipation"
HELPER = "MediateurCenon"
AUTHOR = "Camille33"
# (title, description, theme slug, commune name, cost, popularity, for cyclists)
METROPOLIS_PROJECTS = [
    ("Des arbres dans les cours d'écoles",
     "Remplacer l'enrobé de dix cours d'écoles par des arbres et de la terre, pour des"
     " récréations à l'ombre.", "climat-et-transition", "", 90_000, 9, False),
    ("Une piste cyclable entre Bègles et Lormont",
     "Relier les tronçons existants par une piste séparée de la circulation.", "mobilites",
     "Bègles", 160_000, 6, True),
    ("Des fontaines à boire dans les parcs",
     "Vingt fontaines d'eau potable dans les parcs les plus fréquentés.",
     "climat-et-transition", "", 60_000, 8, False),
    ("Des abris vélos sécurisés près des gares",
     "Des consignes couvertes et fermées près de six gares et pôles d'échanges.",
     "mobilites", "", 70_000, 4, True),
    ("Des jardins partagés sur les toits",
     "Trois toits de bâtiments publics transformés en jardins ouverts aux riverains.",
     "cadre-de-vie", "Mérignac", 110_000, 5, False),
    ("Des bancs et des toilettes le long des quais",
     "Pour que les personnes âgées puissent se promener et se reposer.", "solidarites",
     "Bordeaux", 45_000, 7, False),
    ("Des ateliers de réparation de vélos",
     "Des ateliers mobiles et gratuits dans les quartiers, avec des bénévoles.",
     "mobilites", "Cenon", 40_000, 3, True),
]
BORDEAUX_PROJECTS = [
    ("Un parc à chiens à la Bastide", "Un espace clos et arboré pour les chiens du quartier.",
     "cadre-de-vie", "Bordeaux", 35_000, 3, False),
    ("Une boîte à livres dans chaque quartier",
     "Des boîtes où chacun dépose et emprunte des livres librement.", "solidarites",
     "Bordeaux", 15_000, 8, False),
    ("Des arceaux vélos devant les écoles",
     "Des arceaux devant chaque école élémentaire pour les parents à vélo.", "mobilites",
     "Bordeaux", 25_000, 5, True),
    ("La rénovation du skatepark des Chartrons",
     "Refaire les modules usés et ajouter un éclairage sobre.", "cadre-de-vie", "Bordeaux",
     120_000, 4, False),
    ("Un tiers-lieu numérique à Bacalan",
     "Un lieu équipé pour apprendre le numérique avec des médiateurs.", "numerique",
     "Bordeaux", 90_000, 5, False),
]
INELIGIBLE = ("Un tramway jusqu'à Saint-Aubin-de-Médoc",
              "Prolonger la ligne D jusqu'au centre de Saint-Aubin-de-Médoc.", "mobilites",
              "Saint-Aubin-de-Médoc", 45_000_000,
              "Non recevable : ce projet dépasse de loin l'enveloppe et relève du schéma des"
              " transports de la métropole, où la proposition a été transmise.")


def demo_process(now, slug: str, title: str, summary: str, description: str, phases) -> Process:
    """A published process with its phases: (title, start, end in days before `now` — a
    negative number is a day to come — and the actions the phase opens)."""
    process = Process.objects.create(
        title=title, slug=slug, is_published=True, summary=summary, description=description,
        theme=Theme.objects.filter(slug="cadre-de-vie").first(),
        created_at=now - (phases[0][1] + 10) * DAY,
    )
    for phase_title, start, end, actions in phases:
        Phase.objects.create(process=process, title=phase_title, starts_at=now - start * DAY,
                             ends_at=now - end * DAY, actions=[str(a) for a in actions])
    return process


def _process(now) -> Process:
    return demo_process(
        now, PROCESS, "Budget participatif 2025",
        "500 000 € votés par les habitantes et habitants : les résultats et leur explication,"
        " projet par projet.",
        "Le premier budget participatif de la métropole : les projets lauréats sont en cours"
        " de réalisation.",
        [("Dépôt des projets", 420, 360, [Action.SUBMIT, Action.COMMENT]),
         ("Analyse de faisabilité", 360, 300, []),
         ("Vote", 300, 270, [Action.VOTE]),
         ("Résultats", 270, 240, [])],
    )


def demo_project(budget, sub_budget, data, communes, themes, author, now, status, reason,
                 age: int = 400):
    """A project submitted `age` days ago and reviewed three months later."""
    title, description, theme, commune, cost, *_rest = data
    place = communes.get(commune)
    return Project.objects.create(
        budget=budget, sub_budget=sub_budget, author=author, title=title,
        description=description, theme=themes.get(theme), commune=place,
        latitude=place.latitude if place else None, longitude=place.longitude if place else None,
        estimated_cost=cost, cost=cost, status=status, public_reason=reason,
        reviewed_at=now - (age - 90) * DAY, created_at=now - age * DAY,
        submitted_at=now - age * DAY,
    )


def _choose(rng, projects, weights, limit) -> list[Project]:
    """Projects drawn by popularity, as many as the voter wants while their cost fits."""
    wanted = rng.randint(1, 4)
    chosen, total = [], 0
    for project in rng.choices(projects, weights=weights, k=3 * wanted):
        if project not in chosen and total + project.cost <= limit and len(chosen) < wanted:
            chosen.append(project)
            total += project.cost
    return chosen


def _ballots(budget, envelopes, communes, now) -> None:
    rng = random.Random(SEED)
    helper = User.objects.filter(pseudonym=HELPER).first()
    others = [commune for name, commune in communes.items() if name != "Bordeaux"]
    ballots, choices = [], []
    for number in range(VOTERS):
        cyclist = rng.random() < CYCLISTS
        commune = communes["Bordeaux"] if rng.random() < 0.5 else rng.choice(others)
        desk = rng.random() < 0.2
        code = "".join(rng.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
        moment = now - (300 - 30 * number / VOTERS) * DAY
        ballot = Ballot(
            budget=budget, commune=commune, channel=Channel.DESK if desk else Channel.ONLINE,
            recorded_by=helper if desk else None, receipt_code=normalise_receipt_code(code),
            identity_hash=hashlib.sha256(f"{PROCESS}-{number}".encode()).hexdigest(),
            cast_at=moment, updated_at=moment,
        )
        ballots.append(ballot)
        for sub_budget, projects in envelopes:
            if sub_budget.commune not in (None, commune):
                continue
            weights = [(data[5] if not cyclist or data[6] else 0) + 0.01 for data, _p in projects]
            for project in _choose(rng, [p for _data, p in projects], weights, sub_budget.amount):
                choices.append(BallotChoice(ballot=ballot, project=project))
    Ballot.objects.bulk_create(ballots)
    BallotChoice.objects.bulk_create(choices)


@transaction.atomic
def load() -> None:
    """Idempotent: nothing happens when the process already exists."""
    if Process.objects.filter(slug=PROCESS).exists():
        return
    now = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    communes = {commune.name: commune for commune in Commune.objects.all()}
    if "Bordeaux" not in communes:
        return
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    author = User.objects.filter(pseudonym=AUTHOR).first()
    budget = Budget.objects.create(
        process=_process(now), title="Budget participatif 2025", slug=PROCESS, amount=500_000,
        description="Une enveloppe pour toute la métropole et une pour Bordeaux : chacun vote"
        " dans la première et dans celle de sa commune.", ballot_format=BallotFormat.KNAPSACK,
        rule=TallyRule.EQUAL_SHARES, created_at=now - 430 * DAY,
        vote_level=VerificationLevel.IN_PERSON, desk_voting=True,
    )
    envelopes = []
    for name, commune, amount, projects in [
        ("Toute la métropole", None, 300_000, METROPOLIS_PROJECTS),
        ("Bordeaux", communes["Bordeaux"], 200_000, BORDEAUX_PROJECTS),
    ]:
        sub_budget = SubBudget.objects.create(budget=budget, name=name, commune=commune,
                                              amount=amount)
        envelopes.append((sub_budget, [
            (data, demo_project(budget, sub_budget, data, communes, themes,
                            author if index % 3 == 0 else None, now, ProjectStatus.ELIGIBLE,
                            "Recevable : réalisable dans l'année et chiffré par les services."))
            for index, data in enumerate(projects)
        ]))
    title, description, theme, commune, cost, reason = INELIGIBLE
    demo_project(budget, envelopes[0][0], (title, description, theme, commune, cost), communes,
             themes, None, now, ProjectStatus.INELIGIBLE, reason)
    _ballots(budget, envelopes, communes, now)
    results.publish(budget, User.objects.filter(pseudonym=MANAGER).first(), at=now - 260 * DAY)
