"""Demo data of a vote in progress: « Budget participatif jeunesse 2026 », whose vote is
open for two more weeks, so that the demo shows a ballot (the demo's citizen may vote)."""

from django.db import transaction
from django.utils import timezone

from parvis.budgets.demo_results import DAY, demo_process, demo_project
from parvis.budgets.models import BallotFormat, Budget, ProjectStatus, SubBudget, TallyRule
from parvis.core.models import Commune, VerificationLevel
from parvis.processes.models import Action, Process, Theme

PROCESS = "budget-jeunesse-2026"
AMOUNT = 200_000
# (title, description, theme slug, commune name, cost)
PROJECTS = [
    ("Un terrain de basket éclairé à Lormont",
     "Un terrain ouvert le soir, avec un éclairage qui s'éteint à 22 h.", "cadre-de-vie",
     "Lormont", 60_000),
    ("Des casiers pour les étudiants sans logement fixe",
     "Cent casiers fermés près des campus, pour ranger ses affaires en sécurité.",
     "solidarites", "Talence", 30_000),
    ("Un studio de musique partagé à Mérignac",
     "Un local insonorisé et équipé, réservable gratuitement par les groupes de jeunes.",
     "cadre-de-vie", "Mérignac", 75_000),
    ("Des vélos en prêt pour les apprentis",
     "Deux cents vélos prêtés un an aux apprentis qui travaillent loin des transports.",
     "mobilites", "", 90_000),
    ("Des ateliers numériques dans les missions locales",
     "Des ordinateurs reconditionnés et des médiateurs pour les démarches en ligne.",
     "numerique", "", 45_000),
    ("Une fête de la jeunesse sur les quais",
     "Une journée de concerts et d'associations, montée avec les conseils de jeunes.",
     "cadre-de-vie", "Bordeaux", 25_000),
]


@transaction.atomic
def load() -> Budget | None:
    """Idempotent: nothing happens when the process already exists."""
    if Process.objects.filter(slug=PROCESS).exists():
        return None
    now = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    communes = {commune.name: commune for commune in Commune.objects.all()}
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    process = demo_process(
        now, PROCESS, "Budget participatif jeunesse 2026",
        "200 000 € pour des projets imaginés par et pour les 11-25 ans : le vote est ouvert.",
        "Les conseils de jeunes et les missions locales ont proposé des projets ; les services"
        " les ont chiffrés. Chaque habitante et habitant vote pour les projets de son choix,"
        " dans la limite de l'enveloppe.",
        [("Dépôt des projets", 90, 45, [Action.SUBMIT, Action.COMMENT]),
         ("Analyse de faisabilité", 45, 7, []),
         ("Vote", 7, -14, [Action.VOTE, Action.COMMENT]),
         ("Résultats", -14, -45, [])],
    )
    budget = Budget.objects.create(
        process=process, title=process.title, slug=PROCESS, amount=AMOUNT,
        description=process.description, ballot_format=BallotFormat.KNAPSACK,
        rule=TallyRule.EQUAL_SHARES, vote_level=VerificationLevel.EMAIL, residents_only=False,
        created_at=now - 100 * DAY,
    )
    envelope = SubBudget.objects.create(budget=budget, name="Toute la métropole", amount=AMOUNT)
    for data in PROJECTS:
        demo_project(budget, envelope, data, communes, themes, None, now, ProjectStatus.ELIGIBLE,
                     "Recevable : réalisable dans l'année et chiffré par les services.", age=80)
    return budget
