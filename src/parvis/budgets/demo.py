"""Demo data of the projects side: the budget of « Budget participatif 2027 » (in its
submission phase) with its envelopes, and projects in every status of the review, all made
through the services as people and managers would."""

from django.utils import timezone

from parvis.budgets import demo_results, demo_vote, projects
from parvis.budgets.models import BallotFormat, Budget, ProjectStatus, SubBudget, TallyRule
from parvis.core.models import Commune, User, VerificationLevel
from parvis.ideas.models import Idea
from parvis.moderation.services import accept_charter
from parvis.processes.models import Process, Theme

PROCESS = "budget-participatif-2027"
MANAGER = "GestionParticipation"
DESCRIPTION = (
    "La métropole consacre **3 millions d'euros** de son budget d'investissement à des"
    " projets proposés par les habitantes et habitants.\n\n"
    "- jusqu'au dépôt : proposez un projet d'investissement (pas de fonctionnement) ;\n"
    "- les services analysent la faisabilité et le coût de chaque projet ;\n"
    "- vous votez pour les projets de la métropole et ceux de votre commune ;\n"
    "- les projets lauréats sont réalisés et leur avancement est publié ici."
)
# (name, commune name or "", amount in euros)
SUB_BUDGETS = [
    ("Toute la métropole", "", 1_500_000),
    ("Bordeaux", "Bordeaux", 750_000),
    ("Mérignac", "Mérignac", 450_000),
    ("Pessac", "Pessac", 300_000),
]
# (pseudonym, commune name)
AUTHORS = [
    ("Lucie-Bastide", "Bordeaux"), ("Paul-Chartrons", "Bordeaux"),
    ("Karim-Arlac", "Mérignac"), ("Ines-Pessac", "Pessac"), ("Nora-Cenon", "Cenon"),
    ("Hugo-Begles", "Bègles"),
]
# key -> (author, envelope, title, description, theme slug, address, point, estimated cost,
#         review: None (submitted) or (status, cost, public reason))
PROJECTS = {
    "berges": (
        "Hugo-Begles", "Toute la métropole",
        "Une piste cyclable continue le long de la Garonne, de Bègles à Lormont",
        "Relier les tronçons existants des deux rives par une piste **séparée de la"
        " circulation**, balisée et accessible aux vélos cargos.", "mobilites",
        "Quais rive gauche et rive droite", None, 280_000,
        (ProjectStatus.ELIGIBLE, 295_000, "Recevable : le tracé est compatible avec le plan"
         " vélo métropolitain. Le coût retenu inclut la signalétique des passerelles."),
    ),
    "fontaines": (
        "Nora-Cenon", "Toute la métropole", "Des fontaines à boire dans les parcs",
        "Pendant les épisodes de chaleur, il manque des points d'eau gratuits dans les parcs"
        " et près des aires de jeux. Vingt fontaines dans les parcs les plus fréquentés.",
        "climat-et-transition", "", None, 120_000,
        (ProjectStatus.ELIGIBLE, 135_000, "Recevable : vingt fontaines raccordables au réseau"
         " d'eau potable ont été identifiées ; le coût comprend les raccordements."),
    ),
    "abris": (
        "Lucie-Bastide", "Toute la métropole", "Des abris vélos sécurisés près des gares",
        "Des consignes fermées et couvertes près des gares et des pôles d'échanges, pour"
        " finir le trajet à vélo sans craindre le vol.", "mobilites", "", None, 200_000,
        (ProjectStatus.REVIEWING, None, ""),
    ),
    "livres": (
        "Nora-Cenon", "Toute la métropole", "Un réseau de boîtes à livres",
        "Des boîtes où chacun dépose et emprunte des livres librement, dans chaque commune.",
        "solidarites", "", None, 15_000, None,
    ),
    "telepherique": (
        "Paul-Chartrons", "Toute la métropole", "Un téléphérique entre les deux rives",
        "Une ligne de téléphérique urbain au-dessus de la Garonne.", "mobilites", "", None,
        300_000,
        (ProjectStatus.INELIGIBLE, None, "Non recevable : un tel équipement coûte plusieurs"
         " dizaines de millions d'euros et relève du plan de mobilité de la métropole, pas du"
         " budget participatif. L'idée est transmise à la direction des mobilités."),
    ),
    "ateliers": (
        "Hugo-Begles", "Toute la métropole", "Des ateliers de réparation de vélos itinérants",
        "Un vélo cargo équipé d'outils qui s'installe chaque semaine dans un quartier, avec"
        " des bénévoles pour apprendre à réparer son vélo.", "mobilites", "", None, 60_000,
        (ProjectStatus.ELIGIBLE, 60_000, "Recevable : l'équipement (vélo cargo, outillage)"
         " est un investissement ; l'animation est assurée par des associations."),
    ),
    "stations": (
        "Lucie-Bastide", "Toute la métropole",
        "Des stations de réparation de vélos en libre-service",
        "Des potences avec pompe et outils attachés, près des pistes cyclables.",
        "mobilites", "", None, 45_000, None,
    ),
    "cour": (
        "Paul-Chartrons", "Bordeaux", "Végétaliser la cour de l'école des Chartrons",
        "Remplacer une partie du bitume par de la terre, des arbres et des jeux en bois pour"
        " que la cour reste fraîche en été.", "climat-et-transition",
        "Cour de l'école élémentaire, quartier des Chartrons", (44.853, -0.571), 180_000,
        (ProjectStatus.ELIGIBLE, 210_000, "Recevable : la cour peut être désimperméabilisée"
         " pendant les vacances d'été ; le coût retenu comprend la gestion des eaux"
         " pluviales."),
    ),
    "quais": (
        "Lucie-Bastide", "Bordeaux", "Des bancs et de l'ombre sur les quais de la Bastide",
        "Pour les personnes âgées et les familles, des bancs sous des pergolas végétalisées"
        " le long des quais.", "cadre-de-vie", "Quai des Queyries", (44.846, -0.563), 90_000,
        (ProjectStatus.ELIGIBLE, 90_000, "Recevable, au coût estimé."),
    ),
    "skatepark": (
        "Paul-Chartrons", "Bordeaux", "Un skatepark couvert à Bordeaux Sud",
        "Un espace de glisse abrité, utilisable toute l'année.", "cadre-de-vie",
        "Près de la gare Saint-Jean", None, 300_000, (ProjectStatus.REVIEWING, None, ""),
    ),
    "jardin-chartrons": (
        "Paul-Chartrons", "Bordeaux", "Un jardin pédagogique aux Chartrons",
        "Un petit potager pour les écoles du quartier.", "cadre-de-vie", "", None, 40_000,
        None,
    ),
    "toilettes": (
        "Karim-Arlac", "Mérignac", "Des toilettes publiques au parc de Bourran",
        "Des toilettes accessibles et entretenues, près des jeux d'enfants.", "cadre-de-vie",
        "Parc de Bourran", (44.838, -0.618), 95_000,
        (ProjectStatus.ELIGIBLE, 110_000, "Recevable : le coût retenu comprend le"
         " raccordement au réseau d'assainissement."),
    ),
    "eclairage": (
        "Karim-Arlac", "Mérignac", "Un éclairage solaire du chemin du Pinsan",
        "Des bornes solaires basses, qui respectent la trame noire, pour rentrer à pied en"
        " hiver.", "climat-et-transition", "Chemin du Pinsan", None, 70_000, None,
    ),
    "aire-de-jeux": (
        "Ines-Pessac", "Pessac", "Une aire de jeux inclusive au parc Razon",
        "Des jeux utilisables par tous les enfants, y compris en fauteuil roulant.",
        "solidarites", "Parc Razon", (44.799, -0.640), 150_000,
        (ProjectStatus.ELIGIBLE, 165_000, "Recevable : le coût retenu comprend un sol souple"
         " sur toute l'aire."),
    ),
    "nichoirs": (
        "Ines-Pessac", "Pessac", "Des nichoirs et un refuge pour la biodiversité au Bourgailh",
        "Nichoirs, hôtels à insectes et une mare pédagogique, avec les écoles.",
        "climat-et-transition", "Forêt du Bourgailh", None, 12_000, None,
    ),
    "parking": (
        "Ines-Pessac", "Pessac", "Un parking de 200 places en centre-ville",
        "Pour faciliter l'accès aux commerces.", "mobilites", "", None, 250_000,
        (ProjectStatus.INELIGIBLE, None, "Non recevable : un parking de cette taille dépasse"
         " l'enveloppe de la commune et va à l'encontre du plan de mobilité."),
    ),
}
MERGES = [("stations", "ateliers", "Les deux projets proposent des équipements de réparation"
           " de vélos en libre accès : ils sont réunis.")]
WITHDRAWN = ["jardin-chartrons"]
PROMOTED_IDEA = ("Un jardin partagé au parc du Château", "Mérignac", 18_000)


def demo_authors(communes: dict[str, Commune]) -> dict[str, User]:
    authors = {}
    for pseudonym, commune in AUTHORS:
        user = User.objects.filter(pseudonym=pseudonym).first()
        if user is None:
            user = User.objects.create_user(
                f"{pseudonym.lower()}@demo.parvis.test", None, pseudonym=pseudonym,
                commune=communes[commune], verification_level=VerificationLevel.EMAIL,
                email_confirmed_at=timezone.now(),
            )
        accept_charter(user)
        authors[pseudonym] = user
    return authors


def load_budget() -> Budget | None:
    """Idempotent: nothing when the budget exists, or without the demo process and manager."""
    process = Process.objects.filter(slug=PROCESS).first()
    manager = User.objects.filter(pseudonym=MANAGER).first()
    if process is None or manager is None or Budget.objects.filter(slug=PROCESS).exists():
        return None
    communes = {commune.name: commune for commune in Commune.objects.all()}
    budget = Budget.objects.create(
        process=process, title="Budget participatif 2027", slug=PROCESS, description=DESCRIPTION,
        amount=sum(amount for _name, _commune, amount in SUB_BUDGETS),
        max_project_cost=300_000, ballot_format=BallotFormat.KNAPSACK,
        rule=TallyRule.EQUAL_SHARES, min_age=16,
        # Online and at help desks: one ballot per person needs verified identities online.
        desk_voting=True, vote_level=VerificationLevel.IN_PERSON,
    )
    envelopes = {
        name: SubBudget.objects.create(budget=budget, name=name, amount=amount,
                                       commune=communes.get(commune))
        for name, commune, amount in SUB_BUDGETS
    }
    projects.record_budget_saved(budget, manager, created=True)
    authors = demo_authors(communes)
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    made = {}
    for key, (author, envelope, title, description, theme, address, point, cost,
              review) in PROJECTS.items():
        latitude, longitude = point or (None, None)
        made[key] = projects.submit(budget, authors[author], projects.Submission(
            title=title, description=description, sub_budget=envelopes[envelope],
            estimated_cost=cost, theme=themes.get(theme), address=address,
            latitude=latitude, longitude=longitude,
        ))
        if review is not None:
            status, reviewed_cost, reason = review
            projects.review(made[key], manager, projects.Review(
                status=status, cost=reviewed_cost, public_reason=reason,
                technical_analysis="Visite sur place et chiffrage par les services techniques.",
            ))
    for source, target, reason in MERGES:
        projects.merge(made[source], made[target], manager, reason)
    for key in WITHDRAWN:
        projects.withdraw(made[key], made[key].author)
    title, envelope, cost = PROMOTED_IDEA
    idea = Idea.objects.listed().filter(title=title, box__process=process).first()
    if idea is not None:
        promoted = projects.promote_idea(budget, idea, manager, envelopes[envelope], cost)
        projects.review(promoted, manager, projects.Review(
            status=ProjectStatus.ELIGIBLE, cost=cost,
            public_reason="Recevable : la commune met le terrain à disposition.",
        ))
    return budget


def load() -> None:
    """The demo's budgets: one collecting projects, one whose vote is open, and a past one
    with published results."""
    load_budget()
    demo_vote.load()
    demo_results.load()
