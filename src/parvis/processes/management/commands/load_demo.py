"""Realistic demo data: the territory, services, processes and one account per role."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from parvis.core import modules
from parvis.core.demo_addresses import load_demo_addresses
from parvis.core.models import Commune, District, Role, Service, User, VerificationLevel
from parvis.core.services.roles import grant_role
from parvis.core.services.territory import load_communes
from parvis.processes.models import Action, Phase, Process, Theme

DEMO_PASSWORD = "demo-parvis-2026"  # noqa: S105 - printed on screen, demo database only

METROPOLIS_SERVICES = [
    ("Direction de la voirie", "Entretien des chaussées, trottoirs et pistes cyclables."),
    ("Direction de l'eau et de l'assainissement", "Eau potable, réseaux et fuites."),
    ("Signalisation et feux tricolores", "Panneaux, marquages au sol et feux."),
    ("Propreté urbaine", "Nettoiement, dépôts sauvages, tags, encombrants."),
    ("Éclairage public", "Lampadaires et éclairage des espaces publics."),
    ("Mobilier urbain", "Bancs, abris, potelets, corbeilles."),
    ("Mission participation citoyenne", "Animation des démarches participatives."),
    ("Direction du numérique et des systèmes d'information", "Services numériques."),
    ("Mission inclusion numérique", "Lieux et accompagnement au numérique."),
    ("Direction de la nature", "Parcs, jardins et arbres de la métropole."),
    ("Centre de relation usagers (triage)", "Reçoit ce qui n'a pas de service désigné."),
]
COMMUNE_SERVICES = [
    ("Bordeaux", "Services techniques de Bordeaux"),
    ("Mérignac", "Espaces verts de Mérignac"),
    ("Pessac", "Services techniques de Pessac"),
    ("Talence", "Démocratie participative de Talence"),
]
BORDEAUX_DISTRICTS = [
    "Bordeaux Maritime", "Chartrons - Grand Parc - Jardin Public", "Centre historique",
    "Saint-Augustin - Tauzin - Alphonse Dupeux", "Nansouty - Saint-Genès", "Bordeaux Sud",
    "La Bastide", "Caudéran",
]
THEMES = ["Climat et transition", "Numérique", "Mobilités", "Cadre de vie", "Solidarités"]

ACCOUNTS = [
    # (e-mail, pseudonym, role or None, verification level)
    ("citoyenne@demo.parvis.test", "Camille33", None, VerificationLevel.EMAIL),
    ("aidant@demo.parvis.test", "MediateurCenon", Role.HELPER, VerificationLevel.IN_PERSON),
    ("agent@demo.parvis.test", "AgentVoirie", Role.AGENT, VerificationLevel.EMAIL),
    ("moderatrice@demo.parvis.test", "ModerationMetropole", Role.MODERATOR,
     VerificationLevel.EMAIL),
    ("gestionnaire@demo.parvis.test", "GestionParticipation", Role.PROCESS_MANAGER,
     VerificationLevel.EMAIL),
    ("jury@demo.parvis.test", "JuryClicDeclic", Role.JURY_MEMBER, VerificationLevel.EMAIL),
    # made a member of the demo panel by the panels module's demo
    ("membre.panel@demo.parvis.test", "MembrePionnier", None, VerificationLevel.EMAIL),
]
ADMIN = ("admin@demo.parvis.test", "Administration")


def demo_processes(now):
    day = timedelta(days=1)
    return [
        {
            "title": "Budget participatif 2027",
            "summary": "5 % du budget d'investissement pour des projets proposés et votés par"
            " les habitantes et habitants.",
            "theme": "Cadre de vie",
            "communes": [],
            "phases": [
                ("Dépôt des projets", now - 20 * day, now + 25 * day,
                 [Action.SUBMIT, Action.SUPPORT, Action.COMMENT]),
                ("Analyse de faisabilité", now + 25 * day, now + 80 * day, [Action.COMMENT]),
                ("Vote", now + 80 * day, now + 110 * day, [Action.VOTE]),
                ("Résultats et réalisation", now + 110 * day, now + 480 * day, []),
            ],
        },
        {
            "title": "Pionniers de la participation",
            "summary": "Un panel de 100 habitantes et habitants équipés d'une tablette pour"
            " tester les services de participation pendant un an.",
            "theme": "Numérique",
            "communes": [],
            "phases": [
                ("Appel à volontaires", now - 200 * day, now - 180 * day, [Action.APPLY]),
                ("Tirage au sort", now - 180 * day, now - 170 * day, []),
                ("Vie du panel", now - 170 * day, now + 195 * day,
                 [Action.ANSWER, Action.SUBMIT, Action.COMMENT, Action.REGISTER]),
            ],
        },
        {
            "title": "Plan vélo de la rive droite",
            "summary": "Où manque-t-il des pistes cyclables et des arceaux ? Concertation"
            " préalable aux travaux 2027.",
            "theme": "Mobilités",
            "communes": ["Cenon", "Floirac", "Lormont", "Bassens"],
            "phases": [
                ("Ateliers et questionnaire", now + 15 * day, now + 60 * day,
                 [Action.ANSWER, Action.REGISTER, Action.COMMENT]),
                ("Restitution", now + 90 * day, now + 91 * day, [Action.REGISTER]),
            ],
        },
        {
            "title": "Îlots de fraîcheur à Bordeaux",
            "summary": "Ressenti de chaleur dans 11 lieux de la ville : résultats de l'enquête"
            " de l'été 2026.",
            "theme": "Climat et transition",
            "communes": ["Bordeaux"],
            "phases": [
                ("Enquête de terrain", now - 150 * day, now - 90 * day, [Action.ANSWER]),
                ("Résultats", now - 90 * day, now - 60 * day, []),
            ],
        },
    ]


class Command(BaseCommand):
    help = "Load realistic demo data (idempotent) and print the demo logins (verbosity > 0)."

    @transaction.atomic
    def handle(self, *args, **options):
        load_communes()
        load_demo_addresses()
        communes = {commune.name: commune for commune in Commune.objects.all()}
        for name in BORDEAUX_DISTRICTS:
            District.objects.get_or_create(
                commune=communes["Bordeaux"], slug=slugify(name), defaults={"name": name}
            )
        services = self.load_services(communes)
        themes = {
            name: Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
            for name in THEMES
        }
        self.load_processes(communes, themes)
        self.load_accounts(services, communes)
        for module in modules.demo_order():
            module.demo()
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
            print_logins(self.stdout)

    def load_services(self, communes):
        services = {}
        for name, description in METROPOLIS_SERVICES:
            service, _ = Service.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "description": description}
            )
            service.communes.set(communes.values())
            services[name] = service
        for commune_name, name in COMMUNE_SERVICES:
            service, _ = Service.objects.get_or_create(
                slug=slugify(name),
                defaults={"name": name, "owner_commune": communes[commune_name]},
            )
            service.communes.set([communes[commune_name]])
            services[name] = service
        return services

    def load_processes(self, communes, themes):
        now = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
        for data in demo_processes(now):
            process, created = Process.objects.get_or_create(
                slug=slugify(data["title"]),
                defaults={
                    "title": data["title"],
                    "summary": data["summary"],
                    "description": data["summary"]
                    + "\n\nToutes les étapes sont présentées ci-dessous ; chacun peut"
                    " participer en ligne ou dans un lieu d'accueil de la métropole.",
                    "theme": themes[data["theme"]],
                    "is_published": True,
                },
            )
            if not created:
                continue
            process.communes.set([communes[name] for name in data["communes"]])
            for title, starts_at, ends_at, actions in data["phases"]:
                Phase.objects.create(
                    process=process, title=title, starts_at=starts_at, ends_at=ends_at,
                    actions=[str(action) for action in actions],
                )

    def load_accounts(self, services, communes):
        scopes = {
            Role.AGENT: {"service": services["Direction de la voirie"]},
            Role.MODERATOR: {},
            Role.PROCESS_MANAGER: {},
        }
        admin = self.account(*ADMIN, VerificationLevel.EMAIL, communes["Bordeaux"])
        if not admin.is_superuser:
            admin.is_superuser = admin.is_staff = True
            admin.save(update_fields=["is_superuser", "is_staff"])
        for email, pseudonym, role, level in ACCOUNTS:
            user = self.account(email, pseudonym, level, communes["Bordeaux"])
            if role and not user.role_grants.filter(role=role).exists():
                grant_role(admin, user, role, **scopes.get(role, {}))

    def account(self, email, pseudonym, level, commune):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, pseudonym=pseudonym, commune=commune,
                verification_level=level, email_confirmed_at=timezone.now(),
            )
        return user



def print_logins(stdout) -> None:
    stdout.write(f"Logins (password for all: {DEMO_PASSWORD}):")
    stdout.write(f"  administrator    {ADMIN[0]}")
    for email, _pseudonym, role, _level in ACCOUNTS:
        stdout.write(f"  {role or 'citizen':16} {email}")
