from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "parvis.ideas"
    label = "ideas"
    verbose_name = _("Boîtes à idées")

    def ready(self):
        from parvis.core import modules
        from parvis.ideas.models import Idea
        from parvis.ideas.permissions import can_view, comments_closed

        modules.declare(
            self, _("Idées"), prefix="idees/",
            navigation=[modules.Link(_("Idées"), "ideas:list")],
            notification_kinds=[
                ("idea_answer", _("réponse ou changement de statut sur mon idée"))
            ],
            demo_after=["reports"],
            moderated=[
                modules.Moderated(
                    Idea,
                    label=_("idée"),
                    visible=can_view,
                    commune=lambda idea: idea.commune,
                    process=lambda idea: idea.box.process,
                    text=lambda idea: f"{idea.title}\n\n{idea.body}",
                ),
            ],
            commentable=[
                modules.Commentable(
                    Idea,
                    process=lambda idea: idea.box.process,
                    visible=lambda ideas: ideas.shown(),
                    closed=comments_closed,
                ),
            ],
        )
