"""Demo data of idea boxes: the permanent box about the platform and the box of the
participatory budget, with ideas in every status, supports and official answers."""

from django.utils import timezone

from parvis.core.models import Commune, User, VerificationLevel
from parvis.ideas import services
from parvis.ideas.models import Idea, IdeaBox, Status
from parvis.moderation.services import accept_charter
from parvis.processes.models import Process, Theme

BUDGET_PROCESS = "budget-participatif-2027"
MANAGER = "GestionParticipation"
AUTHORS = ["Camille33", "MediateurCenon"]
SUPPORTERS = 14
IDEAS = {
    # box slug -> (title, body, theme slug, commune slug, author index, supports,
    #              [(status, official answer)])
    "budget-participatif-2027-idees": [
        ("Des arceaux vélos devant chaque école",
         "Les parents qui accompagnent leurs enfants **à vélo** n'ont nulle part où"
         " l'attacher. Quelques arceaux devant chaque école élémentaire suffiraient.",
         "mobilites", "bordeaux", 0, 9, []),
        ("Un jardin partagé au parc du Château",
         "Un terrain inutilisé au fond du parc pourrait accueillir une dizaine de parcelles"
         " cultivées par les habitantes et habitants du quartier.\n\n- compost collectif\n"
         "- récupération d'eau de pluie", "cadre-de-vie", "merignac", 1, 12,
         [(Status.ACCEPTED, "Le projet est retenu : la commune met le terrain à disposition"
           " et le chiffrage (18 000 €) entre dans l'enveloppe du budget participatif.")]),
        ("Des fontaines d'eau potable dans les parcs",
         "Pendant les épisodes de chaleur, il manque des points d'eau gratuits dans les parcs"
         " et les aires de jeux.", "climat-et-transition", "pessac", 0, 6,
         [(Status.STUDYING, "Les services de l'eau étudient les raccordements possibles.")]),
        ("Éclairer les pistes cyclables toute la nuit",
         "Certaines pistes le long de la rocade sont plongées dans le noir.",
         "mobilites", "", 1, 3,
         [(Status.REJECTED, "Non retenue : un éclairage permanent serait contraire au plan"
           " de sobriété et à la trame noire pour la biodiversité. Un balisage réfléchissant"
           " est à l'étude à la place.")]),
        ("Une boîte à livres dans chaque quartier",
         "Des boîtes où chacun dépose et emprunte des livres librement.", "solidarites",
         "talence", 0, 10,
         [(Status.ACCEPTED, "Retenue."), (Status.DONE, "Huit boîtes à livres sont installées"
                                                        " depuis le printemps.")]),
        ("Des bancs à l'ombre le long des quais",
         "Pour les personnes âgées, il manque des endroits où s'asseoir à l'ombre.",
         "cadre-de-vie", "bordeaux", 1, 4, []),
    ],
    services.PLATFORM_BOX_SLUG: [
        ("Recevoir un SMS quand mon signalement est résolu",
         "Tout le monde ne lit pas ses e-mails : un SMS serait plus simple pour savoir que"
         " le problème signalé est réglé.", "numerique", "", 0, 7, []),
        ("Une version facile à lire et à comprendre (FALC)",
         "Les pages des démarches sont parfois longues et compliquées. Une version FALC"
         " aiderait beaucoup de personnes.", "numerique", "", 1, 11,
         [(Status.ACCEPTED, "Merci ! Les pages principales auront une version FALC, rédigée"
           " avec un groupe de relecteurs, d'ici la fin de l'année.")]),
        ("Proposer une idée depuis une borne en mairie",
         "Une borne en libre accès dans le hall des mairies, avec un médiateur le mardi.",
         "numerique", "cenon", 0, 2, []),
    ],
}


def budget_box() -> IdeaBox | None:
    process = Process.objects.filter(slug=BUDGET_PROCESS).first()
    if process is None:
        return None
    box, _created = IdeaBox.objects.get_or_create(
        slug=f"{BUDGET_PROCESS}-idees",
        defaults={
            "process": process,
            "title": "Vos projets pour le budget participatif 2027",
            "description": "Proposez un projet d'investissement pour votre quartier ou votre"
            " commune. Les projets les plus soutenus sont étudiés en priorité par les"
            " services, puis soumis au vote.",
        },
    )
    return box


def supporters() -> list[User]:
    people = []
    for number in range(1, SUPPORTERS + 1):
        user = User.objects.filter(pseudonym=f"Habitant{number:02d}").first()
        if user is None:
            user = User.objects.create_user(
                f"habitant{number:02d}@demo.parvis.test", None, pseudonym=f"Habitant{number:02d}",
                verification_level=VerificationLevel.EMAIL, email_confirmed_at=timezone.now(),
            )
        people.append(user)
    return people


def load() -> None:
    """Idempotent: the boxes always; their ideas only when there are no ideas yet."""
    boxes = {box.slug: box for box in [services.ensure_platform_box(), budget_box()] if box}
    if Idea.objects.exists():
        return
    authors = list(User.objects.filter(pseudonym__in=AUTHORS).order_by("pseudonym"))
    manager = User.objects.filter(pseudonym=MANAGER).first()
    if len(authors) < len(AUTHORS) or manager is None:
        return
    for author in authors:
        accept_charter(author)
    people = supporters()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    communes = {commune.slug: commune for commune in Commune.objects.all()}
    for slug, ideas in IDEAS.items():
        if slug not in boxes:
            continue
        for title, body, theme, commune, author, support_count, answers in ideas:
            proposal = services.Proposal(title=title, body=body, theme=themes.get(theme),
                                         commune=communes.get(commune))
            idea = services.create_draft(boxes[slug], authors[author], proposal)
            services.publish(idea, authors[author])
            for person in people[:support_count]:
                services.support(idea, person)
            for status, message in answers:
                services.answer(idea, manager, status, message)
