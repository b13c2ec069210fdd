"""The consultation builder: consultations with their sections and sites, then each
section's questions, then each question's settings and choices."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from parvis.consultations import permissions, services
from parvis.consultations.forms import ChoiceFormSet, QuestionForm
from parvis.consultations.models import Choice, Consultation, Question, Section, Site
from parvis.core import modules
from parvis.core.admin import ManagedChoices
from parvis.core.models import Role
from parvis.core.permissions import has_role, is_administrator
from parvis.processes.permissions import managed_processes


def _consultation(obj) -> Consultation | None:
    if obj is None or isinstance(obj, Consultation):
        return obj
    return obj.section.consultation if isinstance(obj, Question) else obj.consultation


class BuilderMixin:
    """Process managers build the consultations of their processes; administrators all."""

    def has_module_permission(self, request):
        return has_role(request.user, Role.PROCESS_MANAGER)

    def has_view_permission(self, request, obj=None):
        consultation = _consultation(obj)
        if consultation is None:
            return self.has_module_permission(request)
        return permissions.can_manage(request.user, consultation)

    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission

    def has_add_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def save_model(self, request, obj, form, change):
        services.save_built(obj, request.user, created=not change)

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            services.save_built(obj, request.user, created=obj.pk is None)
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


class SectionInline(BuilderMixin, admin.TabularInline):
    model = Section
    extra = 0
    fields = ["title", "order"]
    show_change_link = True


class SiteInline(BuilderMixin, admin.TabularInline):
    model = Site
    extra = 0
    fields = ["name", "slug", "latitude", "longitude"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Consultation)
class ConsultationAdmin(BuilderMixin, admin.ModelAdmin):
    list_display = ["title", "process", "opens_at", "closes_at", "audience", "is_published"]
    list_filter = ["is_published", "audience"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SectionInline, SiteInline]
    readonly_fields = ["preview_link"]
    fields = [
        "process", "title", "slug", "description", "opens_at", "closes_at", "audience",
        "required_level", "panel", "results_visibility", "allow_changes",
        "is_published", "preview_link",
    ]

    @admin.display(description=_("aperçu"))
    def preview_link(self, obj):
        if obj.pk is None:
            return _("Enregistrez la consultation pour la prévisualiser.")
        url = reverse("consultations:answer", args=[obj.slug]) + "?apercu=1"
        return format_html('<a href="{}">{}</a>', url, _("Voir le formulaire comme le public"))

    def get_queryset(self, request):
        return permissions.managed_consultations(request.user).select_related("process")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "process" and not is_administrator(request.user):
            kwargs["queryset"] = managed_processes(request.user)
            kwargs["required"] = True
        if db_field.name == "panel" and not is_administrator(request.user):
            kwargs["queryset"] = modules.audience_of(
                db_field.related_model._meta.label).managed(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class QuestionInline(BuilderMixin, admin.TabularInline):
    model = Question
    extra = 0
    fields = ["label", "type", "required", "order"]
    show_change_link = True


@admin.register(Section)
class SectionAdmin(ManagedChoices, BuilderMixin, admin.ModelAdmin):
    list_display = ["title", "consultation", "order"]
    inlines = [QuestionInline]
    fields = ["consultation", "title", "description", "order"]

    managed_choices = {"consultation": permissions.managed_consultations}

    def get_queryset(self, request):
        return Section.objects.filter(
            consultation__in=permissions.managed_consultations(request.user)
        ).select_related("consultation")


class ChoiceInline(BuilderMixin, admin.TabularInline):
    model = Choice
    formset = ChoiceFormSet
    extra = 2
    fields = ["label", "order"]


@admin.register(Question)
class QuestionAdmin(BuilderMixin, admin.ModelAdmin):
    form = QuestionForm
    list_display = ["label", "type", "section", "required"]
    list_filter = ["type"]
    inlines = [ChoiceInline]
    fields = [
        "section", "label", "type", "help_text", "required", "order", "settings", "has_other",
        "show_if_question", "show_if_values",
    ]

    def get_queryset(self, request):
        return Question.objects.filter(
            section__consultation__in=permissions.managed_consultations(request.user)
        ).select_related("section__consultation")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            kwargs["queryset"] = Section.objects.filter(
                consultation__in=permissions.managed_consultations(request.user)
            ).select_related("consultation")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
