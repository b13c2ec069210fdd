from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from parvis.core.models import Role
from parvis.core.permissions import commune_scope, has_role
from parvis.processes.models import Action, Phase, Process, Theme
from parvis.processes.permissions import managed_processes
from parvis.processes.services import save_phase, save_process


class ProcessManagerMixin:
    """Process managers manage the processes in their scope; administrators everything."""

    def has_module_permission(self, request):
        return has_role(request.user, Role.PROCESS_MANAGER)

    def has_view_permission(self, request, obj=None):
        return has_role(request.user, Role.PROCESS_MANAGER)

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission


class ProcessManagersOnly(ProcessManagerMixin):
    """What process managers set up and nobody deletes: contributions, applications, loans
    and scores refer to it, and the history is kept."""

    def has_delete_permission(self, request, obj=None):
        return False


class ListedOnly(ProcessManagersOnly):
    """Listed in the back office for process managers, handled on the tool's own pages
    (which go through its services and keep the history)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Theme)
class ThemeAdmin(ProcessManagerMixin, admin.ModelAdmin):
    list_display = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class PhaseForm(forms.ModelForm):
    actions = forms.MultipleChoiceField(
        choices=Action.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("actions ouvertes"),
    )

    class Meta:
        model = Phase
        fields = ["title", "description", "starts_at", "ends_at", "actions"]


class ProcessForm(forms.ModelForm):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = commune_scope(user, Role.PROCESS_MANAGER)

    def clean_communes(self):
        communes = self.cleaned_data["communes"]
        if self.scope.everything:
            return communes
        if not communes:
            raise forms.ValidationError(_("Choisissez au moins une commune de votre périmètre."))
        outside = [str(commune) for commune in communes if not self.scope.covers(commune.pk)]
        if outside:
            raise forms.ValidationError(
                _("Hors de votre périmètre : %s.") % ", ".join(outside)
            )
        return communes


class PhaseInline(ProcessManagerMixin, admin.StackedInline):
    model = Phase
    form = PhaseForm
    extra = 0
    fields = ["title", "description", "starts_at", "ends_at", "actions"]

    def has_delete_permission(self, request, obj=None):
        return has_role(request.user, Role.PROCESS_MANAGER)


@admin.register(Process)
class ProcessAdmin(ProcessManagerMixin, admin.ModelAdmin):
    list_display = ["title", "theme", "is_published", "created_at"]
    list_filter = ["is_published", "theme"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["communes"]
    inlines = [PhaseInline]
    form = ProcessForm
    fields = [
        "title", "slug", "summary", "description", "theme", "communes", "image", "image_alt",
        "is_published", "created_at",
    ]
    readonly_fields = ["created_at"]

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class ScopedForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=request.user, **inner)

        return ScopedForm

    def get_queryset(self, request):
        return managed_processes(request.user).select_related("theme")

    def save_model(self, request, obj, form, change):
        save_process(obj, request.user, created=not change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Phase:
            return super().save_formset(request, form, formset, change)
        for phase in formset.save(commit=False):
            save_phase(phase, request.user, created=phase.pk is None)
        for phase in formset.deleted_objects:
            phase.delete()
        formset.save_m2m()
