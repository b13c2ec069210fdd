"""Back office of the panels: organisers (the managers of a panel's process) edit their
panels, quota categories and values, and see their volunteers and draws; administrators
see everything. Draws are run from the panel's draws page, not from here."""

import re

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.core.admin import ManagedChoices
from parvis.core.models import Commune
from parvis.core.permissions import is_administrator
from parvis.panels.models import Draw, Panel, QuotaCategory, QuotaValue, Volunteer
from parvis.panels.permissions import managed_panels
from parvis.panels.sortition import bounds_problem
from parvis.processes.admin import ProcessManagerMixin
from parvis.processes.permissions import managed_processes

AGE_BAND_KEY = re.compile(r"^\d+-(\d+)?$")


class OrganiserPermissions(ProcessManagerMixin):
    """Organisers (process managers) view, add and change; administrators alone delete."""

    def has_delete_permission(self, request, obj=None):
        return is_administrator(request.user)


class ReadOnly(OrganiserPermissions):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EditableInline(OrganiserPermissions):
    """Organisers also delete the categories and values of their panels."""

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)


class CategoryInline(EditableInline, admin.TabularInline):
    model = QuotaCategory
    extra = 0
    fields = ["name", "key", "source", "position"]
    prepopulated_fields = {"key": ["name"]}
    show_change_link = True


PANEL_FIELDSETS = [
    (None, {"fields": ["title", "slug", "process", "purpose", "size", "starts_on", "ends_on",
                       "status"]}),
    (gettext_lazy("Appel à volontaires"), {"fields": [
        "recruitment_closes_at", "min_age", "workers_eligible", "consent_text",
        "consent_version"]}),
    (gettext_lazy("Vie du panel"), {"fields": [
        "space_process", "evaluation_consultation", "inactivity_days"]}),
]


class PanelForm(forms.ModelForm):
    class Meta:
        model = Panel
        fields = [name for _title, options in PANEL_FIELDSETS for name in options["fields"]]

    def clean(self):
        data = super().clean()
        size = data.get("size")
        if size and self.instance.pk:
            for category in self.instance.categories.prefetch_related("values"):
                bounds = [(value.minimum, value.maximum) for value in category.values.all()]
                problem = bounds and bounds_problem(category.name, bounds, size)
                if problem:
                    self.add_error("size", problem)
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] <= data["starts_on"]:
            self.add_error("ends_on", _("La fin du mandat doit suivre son début."))
        return data


@admin.register(Panel)
class PanelAdmin(ManagedChoices, OrganiserPermissions, admin.ModelAdmin):
    form = PanelForm
    list_display = ["title", "process", "status", "size", "starts_on", "ends_on"]
    list_filter = ["status", ("process", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["process"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CategoryInline]
    fieldsets = PANEL_FIELDSETS

    managed_choices = {"process": managed_processes, "space_process": managed_processes}

    def get_queryset(self, request):
        return managed_panels(request.user)


class ValueFormSet(forms.BaseInlineFormSet):
    """The values of one category: keys that fit its source, quotas that can add up to the
    panel's size."""

    def clean(self):
        super().clean()
        category = self.instance
        if category.panel_id is None:  # the category's own form is invalid
            return
        bounds = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or form.errors:
                continue
            bounds.append((data["minimum"], data["maximum"]))
            self.check_key(form, category.source, data["key"])
        problem = bounds and bounds_problem(category.name, bounds, category.panel.size)
        if problem:
            raise forms.ValidationError(problem)

    @staticmethod
    def check_key(form, source: str, key: str) -> None:
        if source == QuotaCategory.Source.AGE_BAND and not AGE_BAND_KEY.match(key):
            form.add_error("key", _("Pour une tranche d'âge, la clé s'écrit « min-max » ou"
                                    " « min- » en années, par exemple 18-29 ou 65-."))
        if (source == QuotaCategory.Source.COMMUNE
                and not Commune.objects.filter(slug=key).exists()):
            form.add_error("key", _("Pour une commune, la clé est l'identifiant de la commune,"
                                    " par exemple bordeaux ou saint-medard-en-jalles."))


class ValueForm(forms.ModelForm):
    class Meta:
        model = QuotaValue
        fields = ["label", "key", "minimum", "maximum", "position"]

    def clean(self):
        data = super().clean()
        if (data.get("minimum") is not None and data.get("maximum") is not None
                and data["maximum"] < data["minimum"]):
            self.add_error("maximum", _("Le maximum doit être supérieur ou égal au minimum."))
        return data


class ValueInline(EditableInline, admin.TabularInline):
    model = QuotaValue
    form = ValueForm
    formset = ValueFormSet
    extra = 1
    prepopulated_fields = {"key": ["label"]}


@admin.register(QuotaCategory)
class QuotaCategoryAdmin(ManagedChoices, OrganiserPermissions, admin.ModelAdmin):
    list_display = ["name", "panel", "source", "position"]
    list_filter = [("panel", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["panel"]
    inlines = [ValueInline]

    managed_choices = {"panel": managed_panels}

    def get_queryset(self, request):
        return QuotaCategory.objects.filter(panel__in=managed_panels(request.user))


@admin.register(Volunteer)
class VolunteerAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["pool_id", "panel", "status", "ineligibility_reason", "created_at"]
    list_filter = ["status", ("panel", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["panel"]
    search_fields = ["pool_id"]
    fields = ["pool_id", "panel", "user", "status", "ineligibility_reason", "birth_date",
              "home_commune", "work_commune", "profile", "consent_version", "consented_at",
              "created_at", "anonymised_at"]

    def get_queryset(self, request):
        return Volunteer.objects.filter(panel__in=managed_panels(request.user))


@admin.register(Draw)
class DrawAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["panel", "kind", "size", "seed", "seed_published_at", "performed_at"]
    list_filter = ["kind", ("panel", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["panel"]
    exclude = ["pool", "result"]

    def get_queryset(self, request):
        return Draw.objects.filter(panel__in=managed_panels(request.user))
