"""Personal data in idea boxes: the privacy register, "Mes données" and account deletion.

On account deletion published ideas stay, signed « Compte supprimé »; drafts are deleted;
supports stay counted but no longer point to the person; follows are forgotten.
"""

from django.utils.translation import gettext_lazy as _

from parvis.core import privacy
from parvis.ideas.models import Follower, Idea, Status, Support


def processings() -> list[privacy.Processing]:
    return [
        privacy.Processing(
            _("Boîtes à idées"),
            _("Recueillir les idées des habitantes et habitants, leurs soutiens, et leur"
              " répondre publiquement."),
            privacy.PUBLIC_INTEREST,
            _("Idées publiées (texte, image sans métadonnées, position facultative) sous"
              " pseudonyme, soutiens donnés, idées suivies."),
            _("Jusqu'à la suppression du compte : les idées publiées restent alors, signées"
              " « Compte supprimé », les soutiens restent comptés sans être reliés à"
              " personne, les brouillons sont supprimés."),
        ),
    ]


def my_ideas(user) -> list[dict]:
    ideas = Idea.objects.filter(author=user).select_related("box", "theme", "commune")
    return [
        {
            "id": idea.pk,
            "box": idea.box.title,
            **privacy.values(idea, "title", "body"),
            **privacy.names_of(idea, "theme", "commune"),
            **privacy.values(idea, "latitude", "longitude", "status", "created_at",
                             "published_at", "edited_at", "hidden_at"),
        }
        for idea in ideas
    ]


def my_supports(user) -> list[dict]:
    supports = Support.objects.filter(user=user).select_related("idea")
    return [
        {"idea": support.idea_id, "title": support.idea.title, "at": support.created_at}
        for support in supports
    ]


def followed_ideas(user) -> list[int]:
    return list(Follower.objects.filter(user=user).values_list("idea_id", flat=True))


def forget(user) -> None:
    Idea.objects.filter(author=user, status=Status.DRAFT).delete()
    Support.objects.filter(user=user).update(user=None)
    Follower.objects.filter(user=user).delete()


PERSONAL_DATA = {"ideas": my_ideas, "idea_supports": my_supports, "followed_ideas": followed_ideas}
