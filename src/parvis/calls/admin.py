"""Back office of calls for projects, for the organisers (the managers of the call's
process): the call with its criteria and jury, and the submitted applications. Applications
are read and found admissible or incomplete on their own page, through the services."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from parvis.calls import applications
from parvis.calls.models import Application, ApplicationStatus, Call, Criterion, JuryMember
from parvis.calls.permissions import managed_calls
from parvis.core.admin import ManagedChoices
from parvis.processes.admin import ProcessManagersOnly
from parvis.processes.permissions import managed_processes


class CriterionInline(ProcessManagersOnly, admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["position", "name", "description", "weight"]


class JuryMemberInline(ProcessManagersOnly, admin.TabularInline):
    model = JuryMember
    extra = 0
    fields = ["user", "is_elected_official", "title", "assigned_at"]
    raw_id_fields = ["user"]


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = ["process", "title", "slug", "description", "eligibility", "is_published",
                  "launched_at", "deadline", "jury_at", "decision_at", "start_at",
                  "evaluation_at", "min_amount", "max_amount", "in_kind_support", "score_max"]

    def clean(self):
        data = super().clean()
        launched_at, deadline = data.get("launched_at"), data.get("deadline")
        if launched_at and deadline and deadline <= launched_at:
            self.add_error("deadline", _("La date limite de dépôt doit suivre le lancement."))
        low, high = data.get("min_amount"), data.get("max_amount")
        if low is not None and high is not None and high < low:
            self.add_error("max_amount", _("L'aide maximale est inférieure à l'aide minimale."))
        return data


@admin.register(Call)
class CallAdmin(ManagedChoices, ProcessManagersOnly, admin.ModelAdmin):
    form = CallForm
    list_display = ["title", "process", "deadline", "is_published", "laureates_published_at"]
    list_filter = ["is_published", ("process", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["process"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["laureates_published_at"]
    inlines = [CriterionInline, JuryMemberInline]
    fieldsets = [
        (None, {"fields": CallForm.Meta.fields[:6]}),
        (_("Calendrier (heure de Paris)"), {"fields": CallForm.Meta.fields[6:12]}),
        (_("Soutien et notation"), {"fields": [*CallForm.Meta.fields[12:],
                                               "laureates_published_at"]}),
    ]

    managed_choices = {"process": managed_processes}

    def get_queryset(self, request):
        return managed_calls(request.user)

    def save_model(self, request, obj, form, change):
        applications.save_call(obj, request.user, created=not change)


@admin.register(Application)
class ApplicationAdmin(ProcessManagersOnly, admin.ModelAdmin):
    list_display = ["reference", "organisation", "title", "call", "status", "requested_amount",
                    "submitted_at", "page"]
    list_filter = ["status", ("call", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["call"]
    search_fields = ["reference", "organisation", "title"]
    ordering = ["call", "submitted_at", "pk"]
    fields = ["call", "reference", "status", "organisation", "organisation_kind", "siret",
              "title", "summary", "requested_amount", "beneficiaries", "submitted_at",
              "completeness_note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return Application.objects.filter(call__in=managed_calls(request.user)).exclude(
            status=ApplicationStatus.DRAFT)

    @admin.display(description=_("lire, déclarer recevable ou incomplète"))
    def page(self, application):
        return format_html('<a href="{}">{}</a>', applications.application_url(application),
                           _("Page de la candidature"))
