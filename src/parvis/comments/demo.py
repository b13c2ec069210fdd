"""Demo data: the forum of the "Pionniers de la participation" panel, with a few threads."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from parvis.comments.models import Comment, Debate
from parvis.core.models import User
from parvis.moderation import services
from parvis.moderation.models import ModeratedItem
from parvis.processes.models import Process

DEMO_DOMAIN = "@demo.parvis.test"
ADVERTISER = "PromoTablettes"
ADVERT = ("Tablettes reconditionnées à -50 % ce week-end seulement, livraison offerte :"
          " www.tablettes-promo.example")
PROCESS_SLUG = "pionniers-de-la-participation"
DEBATES = [
    {
        "author": "Camille33",
        "title": "Premières impressions sur les tablettes",
        "body": "Cela fait deux semaines que nous avons reçu les tablettes. Qu'est-ce qui vous"
        " a semblé **simple**, et qu'est-ce qui vous a bloqué ?",
        "comments": [
            ("MediateurCenon", "L'installation s'est bien passée. Pour les personnes qui"
             " viennent à l'espace numérique, la création du compte reste l'étape la plus"
             " longue.", [
                 ("Camille33", "Pareil pour moi : la confirmation de l'adresse e-mail est"
                  " arrivée dans les indésirables.", []),
             ]),
            ("GestionParticipation", "Merci pour ces retours ! Nous préparons une fiche"
             " pas-à-pas imprimable pour la création de compte.", []),
        ],
    },
    {
        "author": "GestionParticipation",
        "title": "Quels services tester en priorité ce trimestre ?",
        "body": "Nous pouvons ouvrir au panel :\n\n- l'agenda de la participation ;\n"
        "- l'outil de consultation ;\n- la boîte à idées des services numériques.\n\n"
        "Lequel vous semble le plus utile ?",
        "comments": [
            ("Camille33", "La boîte à idées : c'est là qu'on peut proposer des améliorations"
             " concrètes.", []),
            ("MediateurCenon", "L'agenda, pour savoir quand ont lieu les ateliers près de"
             " chez soi.", [
                 ("GestionParticipation", "Noté : l'agenda sera ouvert en premier.", []),
             ]),
        ],
    },
    {
        "author": "MediateurCenon",
        "title": "Ateliers d'accompagnement à Cenon",
        "body": "Un atelier a lieu chaque mercredi après-midi à l'espace numérique pour"
        " prendre en main la tablette. Venez avec vos questions !",
        "comments": [],
    },
]


def load() -> None:
    """Idempotent: the forum is filled only when the process has no debate yet."""
    process = Process.objects.filter(slug=PROCESS_SLUG).first()
    if process is None or process.debates.exists():
        return
    people = {user.pseudonym: user for user in User.objects.filter(
        pseudonym__in={"Camille33", "MediateurCenon", "GestionParticipation"})}
    moment = timezone.now() - timedelta(days=12)
    for data in DEBATES:
        moment += timedelta(days=2)
        debate = Debate.objects.create(
            process=process, author=people[data["author"]], title=data["title"],
            body=data["body"], created_at=moment,
        )
        add_comments(debate, data["comments"], people, moment)
    moderation_examples()


def moderation_examples() -> None:
    """In the panel's forum, one advert was hidden by the moderation and one comment waits in
    the moderation queue (added once, to the first debate)."""
    debate = Debate.objects.order_by("created_at").first()
    if debate is None or ModeratedItem.objects.exists():
        return
    people = {user.pseudonym: user for user in User.objects.filter(email__endswith=DEMO_DOMAIN)}
    moderator, citizen = people["ModerationMetropole"], people["Camille33"]
    advertiser = User.objects.filter(pseudonym=ADVERTISER).first() or User.objects.create_user(
        f"promo{DEMO_DOMAIN}", pseudonym=ADVERTISER, email_confirmed_at=timezone.now()
    )
    on_debate = {"content_type": ContentType.objects.get_for_model(debate), "object_id": debate.pk}
    advert = Comment.objects.create(**on_debate, author=advertiser, body=ADVERT)
    services.flag(citizen, advert, "spam", "Publicité sans rapport avec le panel.")
    services.hide(moderator, services.item_for(advert),
                  "Publicité (règle 4 de la charte de participation)")
    reader = people["JuryClicDeclic"]
    pending = Comment.objects.filter(**on_debate).exclude(author__in=[advertiser, reader])
    if pending.exists():
        services.flag(reader, pending.first(), "off_topic")


def add_comments(debate, comments, people, moment, parent=None) -> None:
    content_type = ContentType.objects.get_for_model(Debate)
    for pseudonym, body, replies in comments:
        moment += timedelta(hours=3)
        comment = Comment.objects.create(
            content_type=content_type, object_id=debate.pk, author=people[pseudonym],
            parent=parent, depth=parent.depth + 1 if parent else 0, body=body,
            created_at=moment,
        )
        add_comments(debate, replies, people, moment, parent=comment)
