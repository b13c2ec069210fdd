"""Demo data of calls for projects: the open "Clic et Déclic 2027" call with six applications
from demo organisations, and last year's call, judged, with its laureates published."""

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.calls.applications import AID_LABEL, PARIS, next_reference
from parvis.calls.models import (
    Application,
    ApplicationStatus,
    BudgetLine,
    Call,
    Criterion,
    Decision,
    JuryMember,
    Partner,
    Score,
)
from parvis.core.models import User, VerificationLevel
from parvis.core.pdf import Document
from parvis.moderation.services import accept_charter
from parvis.processes.models import Action, Phase, Process, Theme

# The "Clic et Déclic" criteria and their weights, in the order the jury reads them.
CLIC_ET_DECLIC_CRITERIA = [
    (_("Efficacité et résultats"), 3),
    (_("Moyens et partenariats"), 2),
    (_("Mobilisation des bénéficiaires et tarification"), 2),
    (_("Capacité à évaluer l'impact"), 2),
    (_("Partenariat"), 1),
    (_("Pérennité"), 2),
    (_("Innovation"), 1),
]
CRITERIA_DESCRIPTIONS = [
    "Objectifs chiffrés, résultats attendus pour les bénéficiaires.",
    "Équipe, locaux, matériel et partenaires mobilisés au regard du budget.",
    "Comment les publics éloignés du numérique sont repérés et accueillis ; gratuité ou"
    " tarif solidaire.",
    "Indicateurs, méthode et calendrier d'évaluation.",
    "Qualité des partenariats locaux (centres sociaux, communes, bailleurs…).",
    "Ce qui reste après le financement : modèle économique, relais.",
    "Ce que le projet apporte de nouveau sur le territoire.",
]
DESCRIPTION = """La métropole lance la deuxième édition de **Clic et Déclic**, pour réduire
la fracture numérique dans les quartiers prioritaires.

Les projets retenus accompagnent des habitantes et habitants éloignés du numérique :
prise en main d'un ordinateur, démarches en ligne, sécurité, usages du quotidien. Les
**100 PC reconditionnés** sont remis aux participants à l'issue de leur parcours."""
ELIGIBILITY = """- associations, structures de l'économie sociale et solidaire, centres
  sociaux et communes de la métropole ;
- un projet mené au moins pour moitié auprès des habitants d'un quartier prioritaire ;
- un démarrage dans les trois mois suivant la décision."""
CONTACTS = [
    # organisation, kind, pseudonym of its contact
    ("Les Connecteurs de la Bastide", "Association", "ConnecteursBastide"),
    ("Rive Droite Numérique", "Association", "RiveDroiteNum"),
    ("Ressourcerie informatique de Bègles", "Société coopérative (SCIC)", "RessourcerieBegles"),
    ("Lien Seniors Mérignac", "Association", "LienSeniors"),
    ("Centre social des Aubiers", "Association", "CentreAubiers"),
    ("Cyber-Solidaires Lormont", "Association", "CyberLormont"),
]
PROJECTS = [
    # contact index, title, summary, amount, beneficiaries, expenses, other resources, partners
    (0, "Ateliers numériques en pied d'immeuble",
     "Des ateliers hebdomadaires au pied des immeubles de la Benauge pour prendre en main un"
     " ordinateur et faire ses démarches.", 60_000, 120,
     [("Deux animateurs numériques (1,5 ETP)", 58_000), ("Matériel et connexion", 9_000),
      ("Communication et repérage", 3_000)], [("Fonds propres", 10_000)],
     [("Centre social Bastide Queyries", "Accueil des ateliers et repérage des habitants")]),
    (1, "Parcours « Mon ordi, mes démarches »",
     "Un parcours de dix séances, puis un PC reconditionné remis à chaque participant.",
     75_000, 100,
     [("Formateurs", 62_000), ("Reconditionnement et remise des PC", 18_000),
      ("Évaluation", 5_000)], [("Département de la Gironde", 10_000)],
     [("Ressourcerie informatique de Bègles", "Reconditionnement des PC"),
      ("Mairie de Cenon", "Prêt de salles")]),
    (2, "Reconditionner ensemble",
     "Des habitants apprennent à reconditionner des ordinateurs et repartent avec le leur.",
     48_000, 60,
     [("Encadrant technique", 40_000), ("Pièces détachées", 12_000)],
     [("Ventes de matériel", 4_000)], []),
    (3, "Seniors connectés",
     "Des permanences dans les résidences autonomie pour garder le lien avec ses proches.",
     42_000, 150,
     [("Médiatrice numérique", 38_000), ("Tablettes de démonstration", 6_000)],
     [("Caisse de retraite", 2_000)],
     [("Résidence autonomie Les Pins", "Accueil des permanences")]),
    (4, "Les Aubiers en ligne",
     "Un point d'accès et d'aide aux démarches ouvert cinq jours sur sept au centre social.",
     65_000, 200,
     [("Deux médiateurs", 70_000), ("Équipement du point d'accès", 5_000)],
     [("Ville de Bordeaux", 10_000)],
     [("Bailleur social Aquitanis", "Mise à disposition d'un local")]),
    (5, "Numérique et emploi",
     "Accompagner les demandeurs d'emploi dans leurs démarches et leur recherche en ligne.",
     55_000, 90,
     [("Conseillère numérique", 45_000), ("Ateliers collectifs", 15_000)],
     [("Fonds propres", 5_000)], []),
]
# Statuses of the open call's applications (index in PROJECTS), the rest are submitted.
OPEN_CALL_STATUSES = {
    0: (ApplicationStatus.ADMISSIBLE, ""),
    3: (ApplicationStatus.INCOMPLETE, "Les statuts de l'association et le dernier bilan"
                                      " financier sont à joindre à la présentation."),
}
# Last year's call: project index, mean score, decision (amount, in-kind) or None.
PAST_RESULTS = [
    (0, 4.4, (65_000, "50 PC reconditionnés")),
    (4, 3.9, (48_000, "50 PC reconditionnés")),
    (2, 3.1, None),
    (5, 2.6, None),
]
JURY = [
    # pseudonym of the demo account, elected official, title, offset of their scores
    ("JuryClicDeclic", True, "Vice-présidente chargée du numérique", 0.3),
    ("GestionParticipation", False, "Chargé de mission inclusion numérique", -0.3),
]


def paris(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def load() -> None:
    today = timezone.localdate()
    day = timedelta(days=1)
    contacts = [contact_account(organisation, pseudonym)
                for organisation, _kind, pseudonym in CONTACTS]
    current = make_call("2027", launched=today - 20 * day, deadline=today + 25 * day)
    if current is not None:
        for index, project in enumerate(PROJECTS):
            status, note = OPEN_CALL_STATUSES.get(index, (ApplicationStatus.SUBMITTED, ""))
            submitted_at = paris(today - (12 - index) * day, 10 + index)
            make_application(current, contacts, project, status, submitted_at,
                             completeness_note=note)
        assign_jury(current)
    past = make_call("2026", launched=today - 450 * day, deadline=today - 390 * day)
    if past is not None:
        judge_past_call(past, contacts)


def contact_account(organisation: str, pseudonym: str) -> User:
    """A demo account, which accepted the charter like the others (the moderation module's
    demo may have run before this one)."""
    email = f"contact.{pseudonym.lower()}@demo.parvis.test"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, None, pseudonym=pseudonym, verification_level=VerificationLevel.EMAIL,
            email_confirmed_at=timezone.now(),
        )
        accept_charter(user)
    return user


def make_call(year: str, launched, deadline) -> Call | None:
    """The call of that year and its process; None when it is already there."""
    slug = f"clic-et-declic-{year}"
    if Call.objects.filter(slug=slug).exists():
        return None
    day = timedelta(days=1)
    process, created = Process.objects.get_or_create(
        slug=f"appel-a-projets-{slug}",
        defaults={
            "title": f"Appel à projets Clic et Déclic {year}",
            "summary": "Soutenir les projets d'inclusion numérique dans les quartiers"
                       " prioritaires : 40 000 à 80 000 € et 100 PC à reconditionner.",
            "description": "Un appel à projets pour les associations et structures du"
                           " territoire, jugé par un jury d'élus et de techniciens.",
            "theme": Theme.objects.filter(slug="numerique").first(),
            "is_published": True,
        },
    )
    if created:
        for title, starts, ends, actions in [
            ("Dépôt des candidatures", launched, deadline, [Action.APPLY]),
            ("Instruction et jury", deadline, deadline + 35 * day, []),
            ("Réalisation des projets", deadline + 35 * day, deadline + 430 * day, []),
        ]:
            Phase.objects.create(process=process, title=title, starts_at=paris(starts, 9),
                                 ends_at=paris(ends, 12), actions=[str(a) for a in actions])
    call = Call.objects.create(
        process=process, slug=slug, title=f"Clic et Déclic {year}",
        description=DESCRIPTION, eligibility=ELIGIBILITY,
        launched_at=paris(launched, 9), deadline=paris(deadline, 12),
        jury_at=deadline + 15 * day, decision_at=deadline + 35 * day,
        start_at=deadline + 60 * day, evaluation_at=deadline + 430 * day,
        min_amount=40_000, max_amount=80_000, in_kind_support="100 PC à reconditionner",
        is_published=True,
    )
    for position, ((name, weight), description) in enumerate(
            zip(CLIC_ET_DECLIC_CRITERIA, CRITERIA_DESCRIPTIONS, strict=True)):
        Criterion.objects.create(call=call, name=str(name), description=description,
                                 weight=weight, position=position)
    return call


def letter(partner: str, organisation: str) -> ContentFile:
    document = Document(f"Lettre d'intention — {partner}")
    document.paragraph(f"{partner} s'engage aux côtés de {organisation} dans le projet"
                       " présenté à l'appel à projets Clic et Déclic.")
    return ContentFile(document.to_bytes())


def make_application(call, contacts, project, status, submitted_at, **fields) -> Application:
    index, title, summary, amount, beneficiaries, expenses, resources, partners = project
    organisation, kind, _pseudonym = CONTACTS[index]
    application = Application.objects.create(
        call=call, contact=contacts[index], organisation=organisation, organisation_kind=kind,
        presentation=f"{organisation} accompagne les habitants du quartier depuis dix ans.",
        title=title, summary=summary,
        project=f"{summary}\n\nLe projet se déroule sur douze mois, avec un bilan à six mois.",
        target_public="Habitantes et habitants des quartiers prioritaires éloignés du"
                      " numérique.",
        beneficiaries=beneficiaries, requested_amount=amount,
        indicators="Nombre de personnes accompagnées\nPart des participants autonomes dans"
                   " leurs démarches après six mois",
        status=status, created_at=submitted_at - timedelta(days=5), updated_at=submitted_at,
        submitted_at=submitted_at, reference=next_reference(call, submitted_at), **fields,
    )
    lines = [(BudgetLine.Kind.EXPENSE, label, value) for label, value in expenses]
    lines += [(BudgetLine.Kind.RESOURCE, label, value)
              for label, value in [(AID_LABEL, amount), *resources]]
    for position, (line_kind, label, value) in enumerate(lines):
        BudgetLine.objects.create(application=application, kind=line_kind, label=label,
                                  amount=value, position=position)
    for name, role in partners:
        partner = Partner(application=application, name=name, role=role)
        partner.letter.save("lettre.pdf", letter(name, organisation), save=True)
    return application


def assign_jury(call: Call) -> list[JuryMember]:
    jurors = []
    for pseudonym, elected, title, _offset in JURY:
        user = User.objects.filter(pseudonym=pseudonym).first()
        if user is not None:
            jurors.append(JuryMember.objects.create(call=call, user=user,
                                                    is_elected_official=elected, title=title))
    return jurors


def judge_past_call(call: Call, contacts) -> None:
    """Applications scored by the jury, decided, laureates published."""
    decided_at = paris(call.decision_at, 18)
    jurors = assign_jury(call)
    offsets = {pseudonym: offset for pseudonym, _e, _t, offset in JURY}
    criteria = list(call.criteria.all())
    decided_by = User.objects.filter(pseudonym="GestionParticipation").first()
    for rank, (index, mean, decision) in enumerate(PAST_RESULTS):
        application = make_application(
            call, contacts, PROJECTS[index],
            ApplicationStatus.SELECTED if decision else ApplicationStatus.NOT_SELECTED,
            paris(call.deadline.date() - timedelta(days=3 + rank), 11))
        for juror in jurors:
            for position, criterion in enumerate(criteria):
                value = mean + offsets[juror.user.pseudonym] + (position % 3 - 1) * 0.4
                Score.objects.create(
                    juror=juror, application=application, criterion=criterion,
                    value=max(0, min(call.score_max, round(value))),
                    comment="Projet solide sur ce point." if value >= 3.5 else
                    "À renforcer.", scored_at=decided_at - timedelta(days=20),
                )
        amount, in_kind = decision or (None, "")
        Decision.objects.create(
            application=application, selected=decision is not None, amount=amount,
            in_kind=in_kind, decided_at=decided_at,
            motivation="Retenu par le jury." if decision else "Non retenu : note insuffisante.",
            decided_by=decided_by,
        )
    Call.objects.filter(pk=call.pk).update(laureates_published_at=decided_at)
