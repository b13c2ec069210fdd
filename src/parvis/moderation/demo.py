"""Demo data: the demo accounts accepted the charter; in the panel's forum, one advert
was hidden by the moderation and one comment waits in the moderation queue."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from parvis.comments.models import Comment, Debate
from parvis.core.models import User
from parvis.moderation import services
from parvis.moderation.models import ModeratedItem

DEMO_DOMAIN = "@demo.parvis.test"
ADVERTISER = "PromoTablettes"
ADVERT = ("Tablettes reconditionnées à -50 % ce week-end seulement, livraison offerte :"
          " www.tablettes-promo.example")


def load() -> None:
    """Idempotent: the moderation examples are added only once, to the first debate."""
    for user in User.objects.filter(email__endswith=DEMO_DOMAIN, is_active=True):
        services.accept_charter(user)
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
