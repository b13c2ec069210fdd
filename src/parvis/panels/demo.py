"""Demo data of the panels: « Pionniers de la participation 2027 » (100 members drawn from
250 generated volunteers, then one replaced after withdrawing) and « Foyers pionniers du
climat » (recruiting). Everything is deterministic, so the draws are the same at every load;
eligibility and the draws go through the services."""

import random
from datetime import date, timedelta

from django.utils import timezone

from parvis.core.models import Commune, User, VerificationLevel
from parvis.panels import draws, recruitment
from parvis.panels.models import Panel, PanelStatus, QuotaCategory, Volunteer, VolunteerStatus
from parvis.processes.models import Action, Phase, Process, Theme

MANAGER = "GestionParticipation"
CITIZEN = "Camille33"
PIONEERS_PROCESS = "pionniers-de-la-participation"
DAY = timedelta(days=1)

# Approximate population of each commune (thousands): where volunteers live, and the quotas.
POPULATION = {
    "Bordeaux": 260, "Mérignac": 72, "Pessac": 65, "Talence": 43, "Villenave-d'Ornon": 34,
    "Saint-Médard-en-Jalles": 31, "Bègles": 30, "Gradignan": 26, "Le Bouscat": 24,
    "Lormont": 24, "Cenon": 24, "Eysines": 24, "Bruges": 19, "Floirac": 17,
    "Ambarès-et-Lagrave": 17, "Blanquefort": 16, "Le Haillan": 11, "Le Taillan-Médoc": 10,
    "Artigues-près-Bordeaux": 9, "Parempuyre": 9, "Carbon-Blanc": 8, "Martignas-sur-Jalle": 8,
    "Bassens": 7, "Saint-Aubin-de-Médoc": 7, "Bouliac": 4, "Ambès": 3,
    "Saint-Louis-de-Montferrand": 2, "Saint-Vincent-de-Paul": 1,
}
# (key, label, share of the population, share of the volunteers)
AGE_BANDS = [
    ("18-29", "18 à 29 ans", 0.20, 0.20), ("30-44", "30 à 44 ans", 0.26, 0.28),
    ("45-59", "45 à 59 ans", 0.25, 0.26), ("60-74", "60 à 74 ans", 0.19, 0.18),
    ("75-", "75 ans et plus", 0.10, 0.08),
]
# {category key: (name, [(key, label, share of the panel, share of the volunteers)])}
ASKED = {
    "genre": ("Genre", [("femme", "Femme", 0.50, 0.52), ("homme", "Homme", 0.48, 0.46),
                        ("autre", "Autre ou ne se prononce pas", 0.02, 0.02)]),
    "numerique": ("Aisance avec le numérique", [
        ("tres-a-l-aise", "Très à l'aise", 0.35, 0.40), ("a-l-aise", "À l'aise", 0.40, 0.40),
        ("peu-a-l-aise", "Peu ou pas à l'aise", 0.25, 0.20)]),
}
CLIMATE_ASKED = {
    "foyer": ("Composition du foyer", [
        ("1", "Une personne", 0.35, 0.30), ("2", "Deux personnes", 0.33, 0.35),
        ("3", "Trois personnes ou plus", 0.32, 0.35)]),
    "logement": ("Logement", [("maison", "Maison", 0.45, 0.50),
                              ("appartement", "Appartement", 0.55, 0.50)]),
}
CONSENT = (
    "J'accepte que la Métropole traite ma date de naissance, mes communes de résidence et de"
    " travail et mes réponses au profil pour vérifier mon éligibilité et tirer au sort les"
    " membres du panel, et que mon profil anonymisé (identifiant tiré au hasard et catégories)"
    " soit publié avec le tirage. Je peux retirer ma candidature jusqu'au tirage."
)
PIONEERS_PURPOSE = (
    "Cent habitantes et habitants de la métropole, équipés d'une tablette ou d'un ordinateur"
    " reconditionné pendant un an, testent les nouveaux services de participation : forum,"
    " agenda, consultations, boîte à idées, signalements.\n\n"
    "Les membres sont **tirés au sort** parmi les volontaires, en respectant des quotas par"
    " commune, âge, genre et aisance avec le numérique, pour que le panel ressemble à la"
    " métropole — y compris les personnes peu à l'aise avec le numérique."
)
CLIMATE_PURPOSE = (
    "Cent foyers de la métropole suivent pendant un an leurs consommations d'énergie et leurs"
    " déplacements, testent des éco-gestes et partagent ce qui marche.\n\n"
    "Les foyers sont **tirés au sort** parmi les volontaires, en respectant des quotas par"
    " commune, âge, composition du foyer et type de logement."
)
PIONEERS_SEED = "Pionniers 2027 — tirage public : 7 12 23 31 44"
REPLACEMENT_SEED = "Pionniers 2027 — remplacement : 3 18 26 40 45"


def load() -> None:
    if Panel.objects.filter(slug="pionniers-de-la-participation-2027").exists():
        return
    communes = {commune.name: commune for commune in Commune.objects.all()}
    manager = User.objects.get(pseudonym=MANAGER)
    load_pioneers(communes, manager)
    load_climate_households(communes)


def quota(target: float, slack: float) -> tuple[int, int]:
    """Bounds around `target` members: ± `slack` of it, at least one either way."""
    spread = max(1.0, target * slack)
    return max(0, int(target - spread)), int(target + spread) + 1


def make_panel(process, communes, size, asked, **fields) -> Panel:
    panel = Panel.objects.create(process=process, size=size, consent_text=CONSENT, **fields)
    total = sum(POPULATION.values())
    commune = panel.categories.create(key="commune", name="Commune", position=0,
                                      source=QuotaCategory.Source.COMMUNE)
    for position, (name, population) in enumerate(sorted(POPULATION.items())):
        low, high = quota(size * population / total, 0.3)
        commune.values.create(key=communes[name].slug, label=name,
                              minimum=low, maximum=high, position=position)
    age = panel.categories.create(key="age", name="Tranche d'âge", position=1,
                                  source=QuotaCategory.Source.AGE_BAND)
    for position, (key, label, share, _pool_share) in enumerate(AGE_BANDS):
        low, high = quota(size * share, 0.25)
        age.values.create(key=key, label=label, minimum=low, maximum=high, position=position)
    for rank, (key, (name, values)) in enumerate(asked.items(), start=2):
        category = panel.categories.create(key=key, name=name, position=rank)
        for position, (value, label, share, _pool_share) in enumerate(values):
            low, high = quota(size * share, 0.2)
            category.values.create(key=value, label=label, minimum=low, maximum=high,
                                   position=position)
    return panel


def pick(rng: random.Random, items):
    """One of `items` (tuples whose last element is the weight)."""
    return rng.choices(items, weights=[item[-1] for item in items])[0]


def make_volunteers(panel, communes, asked, count, rng, with_accounts=0) -> None:
    """`count` deterministic volunteers; a few outside the metropolis (working in it or
    not) and a few too young, so that eligibility shows. The first `with_accounts` have a
    demo account (without password)."""
    names = list(POPULATION.items())
    pool_ids = set()
    for number in range(count):
        age = rng.randint(*pick(rng, [(18, 29, 20), (30, 44, 28), (45, 59, 26), (60, 74, 18),
                                      (75, 88, 8)])[:2])
        if number % 40 == 39:
            age = 17
        birth_date = date(panel.starts_on.year - age - 1, rng.randint(1, 12), rng.randint(1, 28))
        home = communes[pick(rng, names)[0]]
        work = None
        if number % 25 == 24:  # lives outside; half of them work in the metropolis
            home = None
            work = communes[pick(rng, names)[0]] if number % 50 == 49 else None
        answers = {key: pick(rng, values)[0] for key, (_name, values) in asked.items()}
        application = recruitment.Application(birth_date, home, work, answers)
        profile, reason = recruitment.assess(panel, application)
        pool_id = ""
        while not pool_id or pool_id in pool_ids:
            pool_id = "".join(rng.choice(recruitment.POOL_ID_ALPHABET)
                              for _ in range(recruitment.POOL_ID_LENGTH))
        pool_ids.add(pool_id)
        user = None
        if number < with_accounts:
            user, _created = User.objects.get_or_create(
                email=f"volontaire{number:03d}.{panel.pk}@demo.parvis.test",
                defaults={"pseudonym": f"Pionnier{panel.pk}-{number:03d}",
                          "verification_level": VerificationLevel.EMAIL,
                          "email_confirmed_at": timezone.now(), "commune": home},
            )
        Volunteer.objects.create(
            panel=panel, user=user, pool_id=pool_id, birth_date=birth_date,
            home_commune=home, work_commune=work, profile=profile,
            status=VolunteerStatus.INELIGIBLE if reason else VolunteerStatus.ELIGIBLE,
            ineligibility_reason=reason, consent_version=panel.consent_version,
        )


def load_pioneers(communes, manager) -> None:
    process = Process.objects.get(slug=PIONEERS_PROCESS)
    now = timezone.now()
    starts_on = timezone.localdate() - 20 * DAY
    panel = make_panel(
        process, communes, 100, ASKED, title="Pionniers de la participation 2027",
        slug="pionniers-de-la-participation-2027", purpose=PIONEERS_PURPOSE,
        starts_on=starts_on, ends_on=starts_on + 365 * DAY, status=PanelStatus.RECRUITING,
        recruitment_closes_at=now - 30 * DAY,
    )
    make_volunteers(panel, communes, ASKED, 250, random.Random(2027), with_accounts=30)
    draws.run_draw(draws.publish_seed(panel, manager, PIONEERS_SEED), manager)
    leaving = panel.members.order_by("volunteer__pool_id").first()
    draws.withdraw_member(leaving, "Déménagement hors de la métropole.", manager)
    draws.run_draw(draws.publish_seed(panel, manager, REPLACEMENT_SEED), manager)


def load_climate_households(communes) -> None:
    now = timezone.now()
    process, created = Process.objects.get_or_create(
        slug="foyers-pionniers-du-climat",
        defaults={
            "title": "Foyers pionniers du climat",
            "summary": "Cent foyers suivent un an durant leurs consommations et testent des"
                       " éco-gestes.",
            "description": CLIMATE_PURPOSE,
            "theme": Theme.objects.filter(slug="climat-et-transition").first(),
            "is_published": True,
        },
    )
    if created:
        for title, starts_at, ends_at, actions in [
            ("Appel à volontaires", now - 10 * DAY, now + 20 * DAY, [Action.APPLY]),
            ("Tirage au sort", now + 20 * DAY, now + 30 * DAY, []),
            ("Vie du panel", now + 30 * DAY, now + 395 * DAY,
             [Action.ANSWER, Action.SUBMIT, Action.COMMENT, Action.REGISTER]),
        ]:
            Phase.objects.create(process=process, title=title, starts_at=starts_at,
                                 ends_at=ends_at, actions=[str(action) for action in actions])
    starts_on = timezone.localdate() + 30 * DAY
    panel = make_panel(
        process, communes, 100, CLIMATE_ASKED, title="Foyers pionniers du climat",
        slug="foyers-pionniers-du-climat", purpose=CLIMATE_PURPOSE, starts_on=starts_on,
        ends_on=starts_on + 365 * DAY, status=PanelStatus.RECRUITING,
        recruitment_closes_at=now + 20 * DAY,
    )
    make_volunteers(panel, communes, CLIMATE_ASKED, 60, random.Random(2026))
    citizen = User.objects.get(pseudonym=CITIZEN)
    recruitment.volunteer(panel, citizen, recruitment.Application(
        birth_date=date(1986, 5, 14), home_commune=communes["Bordeaux"], work_commune=None,
        answers={"foyer": "2", "logement": "appartement"},
    ))
