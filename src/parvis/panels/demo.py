"""Demo data of the panels: « Pionniers de la participation 2027 » (100 members drawn from
250 generated volunteers almost six months ago, then one replaced after withdrawing), with
a living members' space, and « Foyers pionniers du climat » (recruiting). Everything is
deterministic, so the draws are the same at every load; eligibility and the draws go
through the services.

The members' space « Espace des Pionniers » holds debates, events, an idea box, a monthly
barometer answered by about half of the members over the past months and the evaluation
survey. The demo account `MEMBER_EMAIL` is a member (its password is printed by
`load_demo`); Camille33 is not."""

import random
from datetime import date, timedelta

from django.utils import timezone

from parvis.agenda.models import Event, Registration, RegistrationStatus
from parvis.comments.demo import add_comments
from parvis.comments.models import Debate
from parvis.consultations.demo import build
from parvis.consultations.models import Answer, Audience, Consultation, Response
from parvis.core.models import Commune, User, VerificationLevel
from parvis.ideas import services as ideas
from parvis.ideas.models import IdeaBox
from parvis.moderation.services import accept_charter
from parvis.panels import draws, recruitment
from parvis.panels.models import (
    Draw,
    Member,
    Panel,
    PanelStatus,
    QuotaCategory,
    Volunteer,
    VolunteerStatus,
)
from parvis.processes.models import Action, Phase, Process, Theme

MANAGER = "GestionParticipation"
CITIZEN = "Camille33"
MEMBER_EMAIL = "membre.panel@demo.parvis.test"  # one of the demo accounts of `load_demo`
PIONEERS_PROCESS = "pionniers-de-la-participation"
PIONEERS_PANEL = "pionniers-de-la-participation-2027"
SPACE_PROCESS = "espace-des-pionniers"
DAY = timedelta(days=1)
MANDATE_SO_FAR = 170 * DAY  # the pioneers' panel has been living for almost six months

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
    """Idempotent: the panels once, then the pioneers' members' space once."""
    manager = User.objects.get(pseudonym=MANAGER)
    pioneers = Panel.objects.filter(slug=PIONEERS_PANEL).first()
    if pioneers is None:
        communes = {commune.name: commune for commune in Commune.objects.all()}
        pioneers = load_pioneers(communes, manager)
        load_climate_households(communes)
    if pioneers.space_process_id is None:
        load_space(pioneers, manager)


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
            accept_charter(user)  # like every demo account (the moderation demo ran before)
        Volunteer.objects.create(
            panel=panel, user=user, pool_id=pool_id, birth_date=birth_date,
            home_commune=home, work_commune=work, profile=profile,
            status=VolunteerStatus.INELIGIBLE if reason else VolunteerStatus.ELIGIBLE,
            ineligibility_reason=reason, consent_version=panel.consent_version,
        )


def load_pioneers(communes, manager) -> Panel:
    """The panel drawn through the services, then dated back to its real calendar: drawn a
    week before its mandate began, one member replaced two months ago. The first member
    who volunteered without an account (at a help desk) has since opened the demo member
    account."""
    process = Process.objects.get(slug=PIONEERS_PROCESS)
    start = timezone.now() - MANDATE_SO_FAR
    panel = make_panel(
        process, communes, 100, ASKED, title="Pionniers de la participation 2027",
        slug=PIONEERS_PANEL, purpose=PIONEERS_PURPOSE, starts_on=timezone.localdate(start),
        ends_on=timezone.localdate(start) + 365 * DAY, status=PanelStatus.RECRUITING,
        recruitment_closes_at=start - 10 * DAY,
    )
    make_volunteers(panel, communes, ASKED, 250, random.Random(2027), with_accounts=200)
    initial = draws.run_draw(draws.publish_seed(panel, manager, PIONEERS_SEED), manager)
    leaving = panel.members.order_by("volunteer__pool_id").first()
    draws.withdraw_member(leaving, "Déménagement hors de la métropole.", manager)
    replacement = draws.run_draw(draws.publish_seed(panel, manager, REPLACEMENT_SEED),
                                 manager)
    date_draw(initial, start - 7 * DAY)
    Member.objects.filter(pk=leaving.pk).update(withdrawn_at=start + 110 * DAY)
    date_draw(replacement, start + 115 * DAY)
    member_account = User.objects.filter(email=MEMBER_EMAIL).first()
    if member_account is not None:
        seat = (panel.members.filter(withdrawn_at=None, user=None)
                .order_by("volunteer__pool_id").first())
        Volunteer.objects.filter(pk=seat.volunteer_id).update(user=member_account)
        Member.objects.filter(pk=seat.pk).update(user=member_account)
    return panel


def date_draw(draw: Draw, performed_at) -> None:
    """Date a draw, and the arrival of the members it brought, back to `performed_at`."""
    Draw.objects.filter(pk=draw.pk).update(seed_published_at=performed_at - DAY,
                                           performed_at=performed_at)
    draw.members.update(joined_at=performed_at)


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


# The members' space ------------------------------------------------------------------------

SPACE_DESCRIPTION = (
    "L'espace réservé aux membres du panel : débats, rencontres, boîte à idées des nouveaux"
    " services numériques, baromètre mensuel et questionnaire d'évaluation."
)
# (author index among the members, title, body, days ago, [(author, body, replies)])
SPACE_DEBATES = [
    (0, "Vos trucs pour bien démarrer avec la tablette",
     "Partageons les réglages et les applications qui nous ont simplifié la vie.", 150, [
         (1, "Agrandir la taille du texte dans les réglages a tout changé pour moi.", [
             (2, "Merci, je ne savais pas que c'était possible !", []),
         ]),
         (MANAGER, "Une fiche pas-à-pas est disponible à chaque permanence du panel.", []),
     ]),
    (3, "Le signalement d'un nid-de-poule : retour d'expérience",
     "J'ai signalé un trou dans la chaussée avec la photo : réparé en dix jours.", 90, [
         (4, "Même expérience à Cenon, mais sans nouvelles après le signalement.", []),
         (0, "Il faudrait être prévenu à chaque étape.", []),
     ]),
    (5, "Que garder après l'année de test ?",
     "Quels services aimeriez-vous voir ouverts à toute la métropole ?", 20, [
         (6, "L'agenda, sans hésiter : je ne ratais jamais autant de réunions avant.", []),
         (2, "La boîte à idées, à condition d'avoir des réponses.", []),
     ]),
]
# (slug, title, summary, commune slug, place, address, days from now)
SPACE_EVENTS = [
    ("pionniers-atelier-prise-en-main", "Atelier de prise en main des tablettes",
     "Deux heures pour apprivoiser la tablette prêtée, en petits groupes.", "cenon",
     "Espace numérique de Cenon", "Place Fontaine d'Arlac, 33150 Cenon", -60),
    ("pionniers-test-agenda", "Tester ensemble le nouvel agenda",
     "Essai guidé des inscriptions en ligne et du rappel par SMS.", "merignac",
     "Médiathèque de Mérignac", "19 place Charles-de-Gaulle, 33700 Mérignac", 12),
    ("pionniers-bilan-annuel", "Bilan de l'année des pionniers",
     "Ce que le panel a testé, ce qui sera ouvert à toute la métropole.", "bordeaux",
     "Hôtel de Bordeaux Métropole", "Esplanade Charles-de-Gaulle, 33000 Bordeaux", 40),
]
# (author index, title, body)
SPACE_IDEAS = [
    (1, "Un rappel par SMS la veille d'une réunion",
     "Tout le monde ne consulte pas ses e-mails : un SMS la veille éviterait les oublis."),
    (4, "Un mode « lecture facile » sur toutes les pages",
     "Des phrases courtes, de grands caractères et des pictogrammes."),
    (7, "Signaler un problème par un message vocal",
     "Pour les personnes qui écrivent difficilement, dicter son signalement."),
]
BAROMETER_SECTIONS = [
    ("Ce mois-ci", [
        {"type": "scale", "label": "Les services testés ce mois-ci vous ont-ils été utiles ?",
         "required": True, "settings": {"min": 1, "max": 5, "min_label": "pas du tout",
                                         "max_label": "tout à fait"}},
        {"type": "single", "label": "Quel service avez-vous le plus utilisé ?",
         "choices": ["L'agenda", "La boîte à idées", "Les signalements", "Le forum"]},
        {"type": "yes_no", "label": "Avez-vous eu besoin d'aide pour utiliser la tablette ?"},
    ]),
]
EVALUATION_SECTIONS = [
    ("Bilan à mi-parcours", [
        {"type": "scale", "label": "Participer au panel vous a-t-il donné envie de vous"
         " impliquer davantage ?", "required": True,
         "settings": {"min": 1, "max": 5, "min_label": "pas du tout",
                      "max_label": "tout à fait"}},
        {"type": "yes_no", "label": "Recommanderiez-vous le panel à un proche ?",
         "required": True},
        {"type": "long_text", "label": "Que faudrait-il changer pour la prochaine année ?"},
    ]),
]


def load_space(panel: Panel, manager) -> None:
    """The members' space, set on the panel first so that its content is never public."""
    start = timezone.now() - MANDATE_SO_FAR
    space = Process.objects.create(
        title="Espace des Pionniers", slug=SPACE_PROCESS, summary=SPACE_DESCRIPTION,
        description=SPACE_DESCRIPTION, is_published=True,
        theme=Theme.objects.filter(slug="numerique").first(),
    )
    Phase.objects.create(process=space, title="Vie du panel", starts_at=start,
                         ends_at=start + 365 * DAY,
                         actions=[str(action) for action in [
                             Action.COMMENT, Action.ANSWER, Action.REGISTER, Action.SUBMIT]])
    panel.space_process = space
    panel.save(update_fields=["space_process"])
    members = [member.user for member in panel.members.filter(
        withdrawn_at=None, user__isnull=False).select_related("user").order_by("pk")]
    load_space_debates(space, {**dict(enumerate(members)), MANAGER: manager})
    load_space_events(space, members)
    load_space_ideas(space, members, manager)
    reserved_consultation(
        panel, BAROMETER_SECTIONS, members[::2], start, 150 * DAY, random.Random(1),
        slug="barometre-des-pionniers",
        title="Baromètre mensuel des pionniers",
        description="Trois questions, chaque mois, sur les services que vous testez.",
        opens_at=start, closes_at=start + 365 * DAY)
    panel.evaluation_consultation = reserved_consultation(
        panel, EVALUATION_SECTIONS, members[1::4], timezone.now() - 14 * DAY, 13 * DAY,
        random.Random(2), slug="evaluation-des-pionniers",
        title="Évaluation à mi-parcours du panel",
        description="Votre avis sur ces six premiers mois, pour préparer la suite.",
        opens_at=timezone.now() - 14 * DAY, closes_at=timezone.now() + 30 * DAY)
    panel.save(update_fields=["evaluation_consultation"])


def load_space_debates(space: Process, people: dict) -> None:
    for author, title, body, days_ago, comments in SPACE_DEBATES:
        moment = timezone.now() - days_ago * DAY
        debate = Debate.objects.create(process=space, author=people[author], title=title,
                                       body=body, created_at=moment)
        add_comments(debate, comments, people, moment)


def load_space_events(space: Process, members: list[User]) -> None:
    """Two events to come and a past one, each with members registered; those of the past
    event attended it."""
    communes = {commune.slug: commune for commune in Commune.objects.all()}
    today = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0)
    for rank, (slug, title, summary, commune, place, address, days) in enumerate(
            SPACE_EVENTS):
        starts_at = today + days * DAY
        event = Event.objects.create(
            slug=slug, process=space, title=title, summary=summary, commune=communes[commune],
            place_name=place, address=address, starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2), capacity=30, registration_required=True,
            is_published=True,
        )
        Registration.objects.bulk_create(
            Registration(event=event, user=user, name=user.pseudonym, email=user.email,
                         status=RegistrationStatus.CONFIRMED, created_at=starts_at - 10 * DAY)
            for user in members[rank::5][:12]
        )


def load_space_ideas(space: Process, members: list[User], manager) -> None:
    box = ideas.save_box(IdeaBox(
        process=space, title="Nouveaux services numériques", slug="nouveaux-services-numeriques",
        description="Quel service numérique de la métropole faudrait-il créer ou améliorer ?",
    ), manager, created=True)
    for author, title, body in SPACE_IDEAS:
        accept_charter(members[author])
        idea = ideas.create_draft(box, members[author], ideas.Proposal(title=title, body=body))
        ideas.publish(idea, members[author])


def reserved_consultation(panel: Panel, sections, respondents: list[User], since, spread,
                          rng: random.Random, **fields) -> Consultation:
    """A consultation of the space addressed to the panel, with the responses of
    `respondents` to its closed questions, sent one after the other over `spread` from
    `since`."""
    consultation = Consultation.objects.create(
        process=panel.space_process, panel=panel, audience=Audience.PANEL, is_published=True,
        **fields)
    questions = [question for question in build(consultation, sections)
                 if question.type != "long_text"]
    step = spread / max(len(respondents), 1)
    responses = Response.objects.bulk_create(
        Response(consultation=consultation, respondent=user, created_at=since + rank * step,
                 updated_at=since + rank * step, submitted_at=since + rank * step)
        for rank, user in enumerate(respondents)
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=question, value=closed_value(question, rng))
        for response in responses for question in questions
    )
    return consultation


def closed_value(question, rng: random.Random):
    match question.type:
        case "scale":
            return rng.choice([2, 3, 4, 4, 5, 5])
        case "yes_no":
            return rng.random() < 0.4
        case _:  # single
            return {"choice": rng.choice([choice.pk for choice in question.choices.all()])}
