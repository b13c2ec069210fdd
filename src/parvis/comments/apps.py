from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "parvis.comments"
    label = "comments"
    verbose_name = _("Commentaires et débats")

    def ready(self):
        from parvis.comments import permissions, registry
        from parvis.comments.models import Comment, Debate
        from parvis.core import modules

        modules.declare(
            self, _("Débats"), prefix="commentaires/",
            more_urls=[modules.Urls("debats/", "parvis.comments.urls_debates")],
            notification_kinds=[
                ("comment_reply", _("réponse ou commentaire sur ma contribution"))
            ],
            demo_after=["ideas"],
            moderated=[
                modules.Moderated(
                    Comment,
                    label=_("commentaire"),
                    visible=permissions.can_view_comment,
                    commune=lambda comment: registry.commune_of(comment.target),
                    process=lambda comment: registry.process_of(comment.target),
                    text=lambda comment: comment.body,
                ),
                modules.Moderated(
                    Debate,
                    label=_("débat"),
                    visible=permissions.can_view_debate,
                    commune=registry.commune_of,
                    process=lambda debate: debate.process,
                    text=lambda debate: f"{debate.title}\n\n{debate.body}",
                ),
            ],
            commentable=[
                modules.Commentable(
                    Debate,
                    process=lambda debate: debate.process,
                    visible=lambda debates: debates.visible().filter(
                        process__is_published=True
                    ),
                    related=("process",),
                ),
            ],
        )
