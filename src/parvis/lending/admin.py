"""Back office of equipment lending, for panel organisers: convention templates are written
here (a version once accepted is read-only: add a new one); devices, loans and incidents
are listed here and handled on the lending pages, which keep their history."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from parvis.lending import services
from parvis.lending.models import ConventionTemplate, Device, Incident, Loan
from parvis.lending.permissions import managed_incidents, managed_loans
from parvis.processes.admin import ListedOnly, ProcessManagersOnly


class ReadOnly(ListedOnly):
    @admin.display(description=_("page"))
    def page(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Ouvrir"))


@admin.register(ConventionTemplate)
class ConventionTemplateAdmin(ProcessManagersOnly, admin.ModelAdmin):
    list_display = ["title", "version", "created_at"]
    fields = ["title", "version", "body"]

    def has_change_permission(self, request, obj=None):
        accepted = obj is not None and obj.acceptances.exists()
        return super().has_change_permission(request, obj) and not accepted

    def save_model(self, request, obj, form, change):
        services.save_template(obj, request.user, created=not change)


@admin.register(Device)
class DeviceAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["model", "kind", "os", "serial_number", "state", "acquisition",
                    "acquired_on", "page"]
    list_filter = ["kind", "state", "acquisition"]
    search_fields = ["model", "serial_number", "os"]


@admin.register(Loan)
class LoanAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "panel", "status", "starts_on", "planned_end_on", "ended_on",
                    "page"]
    list_filter = ["status", ("panel", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["device", "panel"]
    exclude = ["member", "borrower", "created_by"]

    def get_queryset(self, request):
        return managed_loans(request.user)


@admin.register(Incident)
class IncidentAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "device", "occurred_on", "status", "page"]
    list_filter = ["kind", "status"]
    list_select_related = ["device"]
    exclude = ["declared_by"]

    def get_queryset(self, request):
        return managed_incidents(request.user)
