"""Back office of the agenda: process managers manage the events of their processes (and
see who registered), administrators all events; iCalendar files are imported from here."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.agenda import services
from parvis.agenda.forms import ImportForm
from parvis.agenda.ical import ICalendarError
from parvis.agenda.models import Event, EventDocument, Registration
from parvis.agenda.permissions import managed_events
from parvis.core.models import Role
from parvis.core.permissions import has_role, is_administrator
from parvis.processes.permissions import managed_processes


def organises_events(request) -> bool:
    return has_role(request.user, Role.PROCESS_MANAGER)


class DocumentInline(admin.TabularInline):
    model = EventDocument
    extra = 0

    def has_view_permission(self, request, obj=None):
        return organises_events(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    change_list_template = "admin/agenda/event/change_list.html"
    list_display = ["title", "starts_at", "commune", "process", "capacity", "is_published"]
    list_filter = ["is_published", "registration_required",
                   ("process", admin.RelatedOnlyFieldListFilter),
                   ("commune", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["commune", "process"]
    search_fields = ["title", "place_name"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [DocumentInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["uid", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "process", "purpose", "summary", "is_published"]}),
        (gettext_lazy("Date et lieu"), {"fields": [
            "starts_at", "ends_at", "commune", "place_name", "address", "latitude",
            "longitude", "online_url"]}),
        (gettext_lazy("Accès"), {"fields": [
            "accessibility", "public_transport", "bike", "parking"]}),
        (gettext_lazy("Inscriptions"), {"fields": ["registration_required", "capacity"]}),
        (gettext_lazy("iCalendar"), {"fields": ["uid", "updated_at"]}),
    ]

    def has_module_permission(self, request):
        return organises_events(request)

    def has_view_permission(self, request, obj=None):
        return organises_events(request)

    has_add_permission = has_module_permission
    has_change_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        return is_administrator(request.user)

    def get_queryset(self, request):
        return managed_events(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "process":
            kwargs["queryset"] = managed_processes(request.user)
            kwargs["required"] = not is_administrator(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        services.save_event(obj, request.user, created=not change)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view),
                 name="agenda_event_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        processes = managed_processes(request.user)
        form = ImportForm(request.POST or None, request.FILES or None, processes=processes)
        if request.method == "POST" and form.is_valid():
            if form.cleaned_data["process"] is None and not is_administrator(request.user):
                form.add_error("process", _("Choisissez la démarche des événements importés."))
            else:
                try:
                    counts = services.import_events(
                        form.cleaned_data["file"].read(), process=form.cleaned_data["process"],
                        commune=form.cleaned_data["commune"], actor=request.user,
                    )
                except ICalendarError:
                    form.add_error("file", _("Ce fichier n'est pas un fichier iCalendar"
                                             " (.ics) valide."))
                except services.ImportRefused as refusal:
                    form.add_error("file", refusal.message)
                else:
                    messages.success(request, _(
                        "Import terminé : %(created)d créé(s), %(updated)d mis à jour,"
                        " %(unchanged)d inchangé(s).") % counts)
                    return redirect("admin:agenda_event_changelist")
        return TemplateResponse(request, "admin/agenda/event/import.html", {
            **self.admin_site.each_context(request), "form": form,
            "opts": self.model._meta, "title": _("Importer des événements (iCalendar)"),
        })


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "event", "seats", "status", "created_at"]
    list_filter = ["status", ("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["event"]
    search_fields = ["name", "email", "event__title"]
    fields = ["event", "name", "email", "seats", "status", "created_at", "email_confirmed_at",
              "promoted_at", "cancelled_at", "reminded_at"]

    def has_module_permission(self, request):
        return organises_events(request)

    def has_view_permission(self, request, obj=None):
        return organises_events(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(event__in=managed_events(request.user))
