"""Back office of the strategy: axes, commitments and indicators are set up here;
measurements are entered one by one, imported from a CSV file or computed by Parvis, never
changed (a new value for a day corrects it, the history keeps both)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from parvis.core import modules
from parvis.core.admin import CsvImport, DomainChecked, allowed_to
from parvis.indicators import services
from parvis.indicators.models import Axis, Commitment, Indicator, Measurement
from parvis.indicators.permissions import can_manage_indicators

StrategyManagers = allowed_to(can_manage_indicators)


class CommitmentInline(StrategyManagers, admin.TabularInline):
    model = Commitment
    extra = 0


@admin.register(Axis)
class AxisAdmin(StrategyManagers, admin.ModelAdmin):
    list_display = ["number", "title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CommitmentInline]

    def save_related(self, request, form, formsets, change):
        """The commitments saved with their axis are what the strategy adopts: their
        realisations are followed from now on."""
        super().save_related(request, form, formsets, change)
        modules.adoptions_changed("indicators")


@admin.register(Indicator)
class IndicatorAdmin(StrategyManagers, admin.ModelAdmin):
    list_display = ["code", "name", "unit", "target", "target_on", "owner_service", "measure"]
    list_filter = ["commitment__axis", "frequency"]
    list_select_related = ["commitment__axis"]
    search_fields = ["code", "name"]


@admin.register(Measurement)
class MeasurementAdmin(CsvImport, DomainChecked, StrategyManagers, admin.ModelAdmin):
    list_display = ["indicator", "on", "value", "origin", "recorded_at", "recorded_by"]
    list_filter = ["origin", "indicator__commitment__axis"]
    list_select_related = ["indicator", "recorded_by"]
    search_fields = ["indicator__code", "indicator__name"]
    fields = ["indicator", "on", "value", "note"]
    date_hierarchy = "on"

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = services.record(obj.indicator, obj.on, obj.value, request.user, note=obj.note)
        obj.pk = saved.pk

    def domain_check(self, data):
        services.check(data["indicator"], data["on"], data["value"])

    import_title = gettext_lazy("Importer des mesures (CSV)")
    import_columns = (*services.COLUMNS, "note")
    import_explanation = gettext_lazy(
        "Une ligne par valeur : le code de l'indicateur, la date de la valeur (2025-12-31 ou"
        " 31/12/2025), la valeur (12,5 ou 12.5) et, si besoin, une note.")

    def import_file(self, data, user):
        count = services.import_measurements(data, user)
        return _("%(count)d mesure(s) importée(s).") % {"count": count}

    def get_urls(self):
        return [
            path("compute/", self.admin_site.admin_view(require_POST(self.compute_view)),
                 name="indicators_measurement_compute"),
            *super().get_urls(),
        ]

    def compute_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        done = services.compute(timezone.localdate(), request.user)
        changed = [item for item in done if item.value is not None]
        messages.success(request, _("%(changed)d indicateur(s) mis à jour sur %(total)d suivis"
                                    " par Parvis.") % {"changed": len(changed),
                                                       "total": len(done)})
        for item in done:
            if item.problem:
                messages.warning(request, _("Indicateur « %(code)s » : %(problem)s.") % {
                    "code": item.indicator.code, "problem": item.problem})
        return redirect("admin:indicators_measurement_changelist")
