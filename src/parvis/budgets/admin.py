"""The back office of participatory budgets, for process managers (on the processes they
manage): budgets with their envelopes, and the list of projects. Feasibility reviews and
merges are given on the review pages, through the same services."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from parvis.budgets.forms import BudgetAdminForm, SubBudgetFormSet
from parvis.budgets.models import Budget, Project, SubBudget
from parvis.budgets.permissions import managed_budgets
from parvis.budgets.projects import record_budget_saved
from parvis.core.admin import ManagedChoices
from parvis.processes.admin import ProcessManagersOnly
from parvis.processes.permissions import managed_processes


class SubBudgetInline(ProcessManagersOnly, admin.TabularInline):
    model = SubBudget
    formset = SubBudgetFormSet
    fields = ["name", "commune", "district", "amount"]
    extra = 1

    # An envelope with projects cannot be deleted: the back office says so (protected).
    has_delete_permission = ProcessManagersOnly.has_view_permission


@admin.register(Budget)
class BudgetAdmin(ManagedChoices, ProcessManagersOnly, admin.ModelAdmin):
    form = BudgetAdminForm
    inlines = [SubBudgetInline]
    list_display = ["title", "process", "amount", "ballot_format", "rule", "pages"]
    list_filter = ["ballot_format", "rule"]
    list_select_related = ["process"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["process", "title", "slug", "description", "amount"]}),
        (_("Dépôt des projets"), {"fields": ["submit_level", "max_project_cost"]}),
        (_("Vote"), {"fields": ["ballot_format", "max_choices", "points", "vote_level",
                                "desk_voting", "min_age", "residents_only",
                                "ballot_changeable"]}),
        (_("Dépouillement"), {"fields": ["rule"]}),
    ]


    managed_choices = {"process": managed_processes}

    def get_queryset(self, request):
        return managed_budgets(request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record_budget_saved(form.instance, request.user, created=not change)

    @admin.display(description=_("pages"))
    def pages(self, budget):
        return format_html('<a href="{}">{}</a> · <a href="{}">{}</a>',
                           budget.get_absolute_url(), _("Page publique"),
                           reverse("budgets:review", args=[budget.slug]),
                           _("Analyse des projets"))


@admin.register(Project)
class ProjectAdmin(ProcessManagersOnly, admin.ModelAdmin):
    list_display = ["title", "budget", "sub_budget", "status", "estimated_cost", "cost",
                    "review"]
    list_filter = ["status", ("budget", admin.RelatedOnlyFieldListFilter),
                   ("sub_budget", admin.RelatedOnlyFieldListFilter),
                   ("commune", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["budget", "sub_budget"]
    search_fields = ["title"]
    ordering = ["budget", "status", "title"]
    fields = ["budget", "sub_budget", "title", "description", "theme", "commune", "address",
              "estimated_cost", "cost", "status", "public_reason", "merged_into", "idea",
              "submitted_at", "hidden_at", "hidden_reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return Project.objects.filter(budget__in=managed_budgets(request.user))

    @admin.display(description=_("analyser"))
    def review(self, project):
        url = reverse("budgets:review_project", args=[project.budget.slug, project.pk])
        return format_html('<a href="{}">{}</a>', url, _("Page d'analyse"))
