"""Comments and debates in a person's data download and in the privacy register.

On account deletion comments and debates stay: their author is shown as « Compte
supprimé » (the account itself is anonymised by core).
"""

from django.utils.translation import gettext_lazy as _

from parvis.comments.models import Comment, Debate
from parvis.core import privacy


def my_comments(user) -> list:
    comments = Comment.objects.filter(author=user).prefetch_related("target")
    return [
        {
            "url": comment.get_absolute_url() if comment.target is not None else None,
            "body": comment.body,
            "created_at": comment.created_at,
            "edited_at": comment.edited_at,
            "deleted_at": comment.deleted_at,
            "hidden_at": comment.hidden_at,
        }
        for comment in comments
    ]


def my_debates(user) -> list:
    debates = Debate.objects.filter(author=user).select_related("process")
    return [
        {
            "process": debate.process.title,
            "url": debate.get_absolute_url(),
            "title": debate.title,
            "body": debate.body,
            "created_at": debate.created_at,
            "hidden_at": debate.hidden_at,
        }
        for debate in debates
    ]


def processings() -> list[privacy.Processing]:
    return [
        privacy.Processing(
            _("Commentaires et débats"),
            _("Permettre de discuter des contributions et des démarches, publiquement."),
            privacy.PUBLIC_INTEREST,
            _("Messages publiés, dates, pseudonyme (ou nom si la personne l'a choisi)."),
            _("Tant que la contribution commentée est en ligne ; à la suppression du compte,"
              " les messages restent, signés « Compte supprimé »."),
        ),
    ]


PERSONAL_DATA = {"comments": my_comments, "debates": my_debates}
