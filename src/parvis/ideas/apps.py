from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "parvis.ideas"
    label = "ideas"
    verbose_name = _("Boîtes à idées")

    def ready(self):
        from parvis.comments import registry as comments
        from parvis.ideas import privacy
        from parvis.ideas.models import Idea
        from parvis.ideas.permissions import comments_closed
        from parvis.moderation import registry as moderation

        moderation.register(
            Idea, label=_("idée"),
            commune=lambda idea: idea.commune,
            process=lambda idea: idea.box.process,
            text=lambda idea: f"{idea.title}\n\n{idea.body}",
        )
        comments.enable(Idea, process=lambda idea: idea.box.process,
                        visible=lambda ideas: ideas.shown(), closed=comments_closed)
        privacy.register()
