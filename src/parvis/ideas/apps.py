from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "parvis.ideas"
    label = "ideas"
    verbose_name = _("Boîtes à idées")

    def ready(self):
        from parvis.core import modules
        from parvis.ideas import demo, myspace, pages, privacy, site_search
        from parvis.ideas.adoptions import ADOPTIONS
        from parvis.ideas.datasets import IDEAS
        from parvis.ideas.models import Idea
        from parvis.ideas.permissions import can_view, comments_closed

        modules.register(
            modules.Module(
                app="ideas",
                adoptions=ADOPTIONS,
                label=_("Idées"),
                urls=modules.Urls("idees/", "parvis.ideas.urls"),
                api="parvis.ideas.api.router",
                navigation=[modules.Link(_("Idées"), "ideas:list")],
                process_block="ideas/process_block.html",
                notification_kinds=[
                    ("idea_answer", _("réponse ou changement de statut sur mon idée"))
                ],
                privacy=privacy.processings,
                personal_data={
                    "ideas": privacy.my_ideas,
                    "idea_supports": privacy.my_supports,
                    "followed_ideas": privacy.followed_ideas,
                },
                account_deletion=privacy.forget,
                my_space=myspace.my_space,
                demo=demo.load,
                demo_after=["reports"],
                public_pages=pages.public_pages,
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
                datasets=[IDEAS],
                search=site_search.search,
            )
        )
