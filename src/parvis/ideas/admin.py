"""The back office of idea boxes, for process managers (on the processes they manage):
box settings, and the list of ideas with filters. Official answers and merges are given on
the idea's own page (the managers' panel), through the same services."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from parvis.core.admin import ManagedChoices
from parvis.ideas.models import Idea, IdeaBox
from parvis.ideas.permissions import managed_boxes, managed_ideas
from parvis.ideas.services import save_box
from parvis.processes.admin import ProcessManagersOnly
from parvis.processes.permissions import managed_processes


@admin.register(IdeaBox)
class IdeaBoxAdmin(ManagedChoices, ProcessManagersOnly, admin.ModelAdmin):
    list_display = ["title", "process", "support_level", "support_threshold", "comments_open"]
    list_filter = ["comments_open", "support_level"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["process", "title", "slug", "description", "support_level", "support_threshold",
              "edit_window_hours", "comments_open"]

    managed_choices = {"process": managed_processes}

    def get_queryset(self, request):
        return managed_boxes(request.user).select_related("process")

    def save_model(self, request, obj, form, change):
        save_box(obj, request.user, created=not change)


@admin.register(Idea)
class IdeaAdmin(ProcessManagersOnly, admin.ModelAdmin):
    list_display = ["title", "box", "status", "supports_count", "published_at", "page"]
    list_filter = ["status", ("box", admin.RelatedOnlyFieldListFilter),
                   ("theme", admin.RelatedOnlyFieldListFilter),
                   ("commune", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["box"]
    search_fields = ["title"]
    ordering = ["-published_at", "-pk"]
    fields = ["box", "title", "body", "theme", "commune", "status", "supports_count",
              "merged_into", "published_at", "edited_at", "hidden_at", "hidden_reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return managed_ideas(request.user).exclude(status="draft")

    @admin.display(description=_("répondre ou fusionner"))
    def page(self, idea):
        return format_html('<a href="{}#reponse">{}</a>', idea.get_absolute_url(),
                           _("Page de l'idée"))
