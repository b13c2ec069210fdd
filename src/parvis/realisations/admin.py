"""Back office of realisations: their follow-up by the agents of the service in charge and
the process managers (each sees and changes only the realisations they follow up), the
creation of the realisations of what was adopted, and the CSV import of their progress.
Milestones are published from the realisation's public page."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from parvis.core.admin import CsvImport, DomainChecked
from parvis.core.permissions import is_administrator
from parvis.realisations import permissions, services
from parvis.realisations.models import Milestone, Realisation


class MilestoneInline(admin.TabularInline):
    model = Milestone
    fields = ["on", "title", "photo_alt"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Realisation)
class RealisationAdmin(CsvImport, DomainChecked, admin.ModelAdmin):
    list_display = ["title", "source", "status", "progress", "service", "commune",
                    "updated_at"]
    list_filter = ["status", "source", "service"]
    list_select_related = ["service", "commune"]
    search_fields = ["title", "source_key"]
    fields = ["title", "source_key", "source_url", "process", *services.FOLLOW_UP]
    readonly_fields = ["title", "source_key", "source_url", "process"]
    inlines = [MilestoneInline]
    change_list_template = "admin/realisations/realisation/change_list.html"

    def get_queryset(self, request):
        return permissions.editable(request.user)

    def has_module_permission(self, request):
        return permissions.can_follow_up(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is not None:
            return permissions.can_edit(request.user, obj)
        return permissions.can_follow_up(request.user)

    has_change_permission = has_view_permission

    def has_add_permission(self, request):
        return False  # created from what was adopted (the synchronisation)

    def has_import_permission(self, request):
        return permissions.can_follow_up(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_administrator(request.user)

    def domain_check(self, data):
        services.check(data["status"], data["progress"], data["planned_amount"],
                       data["spent_amount"], data["latitude"], data["longitude"])

    def save_model(self, request, obj, form, change):
        services.update(obj, request.user,
                        **{name: form.cleaned_data[name] for name in form.changed_data
                           if name in services.FOLLOW_UP})

    import_title = gettext_lazy("Importer l'avancement des réalisations (CSV)")
    import_columns = (*services.COLUMNS, *services.OPTIONAL)
    import_explanation = gettext_lazy(
        "Une ligne par réalisation : son origine (par exemple budgets.project:42, la colonne"
        " « origine » de l'export), son statut (à lancer, en cours, terminé ou abandonné),"
        " son avancement en pourcentage et, si besoin, le budget prévu et les dépenses en"
        " euros et l'identifiant du service chargé de la réalisation. Si une ligne est"
        " invalide, rien n'est enregistré.")

    def import_file(self, data, user):
        count = services.import_progress(data, user)
        return _("%(count)d réalisation(s) mise(s) à jour.") % {"count": count}

    def get_urls(self):
        return [
            path("synchronise/", self.admin_site.admin_view(require_POST(self.synchronise_view)),
                 name="realisations_realisation_synchronise"),
            *super().get_urls(),
        ]

    def synchronise_view(self, request):
        if not permissions.can_synchronise(request.user):
            raise PermissionDenied
        done = services.synchronise(request.user)
        messages.success(request, _("%(created)d réalisation(s) créée(s), %(updated)d mise(s) à"
                                    " jour.") % {"created": done.created,
                                                 "updated": done.updated})
        return redirect("admin:realisations_realisation_changelist")
