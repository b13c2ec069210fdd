"""The back office, built on Django's admin; querysets follow the person's roles."""

from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from parvis.core import audit
from parvis.core.errors import DomainError, ImportRefused
from parvis.core.forms import CsvUploadForm, add_domain_error
from parvis.core.models import (
    ApiToken,
    AuditEntry,
    Commune,
    District,
    HelpConsent,
    LoginAttempt,
    RetentionReport,
    Role,
    RoleGrant,
    Service,
    User,
    Verification,
)
from parvis.core.permissions import (
    can_access_back_office,
    can_view_audit_log,
    has_role,
    is_administrator,
    visible_services,
)
from parvis.core.services import two_factor
from parvis.core.services.roles import grant_role, revoke_role
from parvis.core.services.tokens import revoke_token

admin.site.site_header = _("Parvis — back-office")
admin.site.site_title = _("Parvis back-office")
admin.site.index_title = _("Gestion")
admin.site.has_permission = lambda request: can_access_back_office(request.user)


def back_office_login(request, extra_context=None):
    """The back office has no login form of its own: people sign in with the site's, the
    one throttled path (with the second factor)."""
    if request.user.is_authenticated:  # signed in, but without access to the back office
        raise PermissionDenied
    return redirect_to_login(request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index"))


admin.site.login = back_office_login
# Authenticator secrets stay out of the back office; the people's page offers the action.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AdministratorsOnly:
    """Shown to administrators only (agents, moderators and managers work on their pages)."""

    def has_module_permission(self, request):
        return is_administrator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_administrator(request.user)


def allowed_to(predicate):
    """An admin mixin giving a model's back-office pages to the people `predicate(user)`
    accepts; deleting stays with administrators (history refers to what is kept)."""

    class Allowed:
        def has_module_permission(self, request):
            return predicate(request.user)

        def has_view_permission(self, request, obj=None):
            return predicate(request.user)

        has_add_permission = has_view_permission
        has_change_permission = has_view_permission

        def has_delete_permission(self, request, obj=None):
            return is_administrator(request.user)

    return Allowed


class ManagedChoices:
    """A back office whose foreign keys offer only what the person manages:
    `managed_choices` maps a field's name to `function(user)` returning its choices."""

    managed_choices: dict = {}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = self.managed_choices.get(db_field.name)
        if choices is not None:
            kwargs["queryset"] = choices(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DomainChecked:
    """A back office whose form also asks the domain's rule once every field is valid:
    `domain_check(cleaned_data)` raises a `DomainError`, shown on the field it names."""

    def domain_check(self, data: dict) -> None:
        raise NotImplementedError

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        check = self.domain_check

        class CheckedForm(form_class):
            def clean(self):
                data = super().clean()
                if not self.errors:
                    try:
                        check(data)
                    except DomainError as refusal:
                        add_domain_error(self, refusal)
                return data

        return CheckedForm


class CsvImport:
    """Adds a page importing a CSV file to a model's back office (URL name
    `admin:<app>_<model>_import`, for the change list's link), open to whoever may add (or
    whom `has_import_permission` admits). `import_file(data, user)` stores the file and
    returns the message to show, or raises `ImportRefused`, whose errors are listed above
    the form."""

    import_title = ""
    import_columns: tuple[str, ...] = ()
    import_explanation = ""

    def import_file(self, data: bytes, user) -> str:
        raise NotImplementedError

    def has_import_permission(self, request) -> bool:
        return self.has_add_permission(request)

    def get_urls(self):
        opts = self.model._meta
        return [path("import/", self.admin_site.admin_view(self.import_view),
                     name=f"{opts.app_label}_{opts.model_name}_import"),
                *super().get_urls()]

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        changelist = f"admin:{opts.app_label}_{opts.model_name}_changelist"
        form = CsvUploadForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            try:
                done = self.import_file(form.cleaned_data["file"].read(), request.user)
            except ImportRefused as refusal:
                errors = refusal.errors
            else:
                messages.success(request, done)
                return redirect(changelist)
        return TemplateResponse(request, "admin/csv_import.html", {
            **self.admin_site.each_context(request), "form": form, "errors": errors,
            "opts": opts, "title": self.import_title, "changelist_url": reverse(changelist),
            "columns": self.import_columns, "explanation": self.import_explanation,
        })


class DistrictInline(admin.TabularInline):
    model = District
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "insee_code"]
    search_fields = ["name", "insee_code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DistrictInline]

    def has_view_permission(self, request, obj=None):
        return can_access_back_office(request.user)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "owner_commune", "is_active"]
    list_filter = ["is_active", "owner_commune"]
    search_fields = ["name"]
    filter_horizontal = ["communes"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return visible_services(request.user).select_related("owner_commune")

    def has_view_permission(self, request, obj=None):
        return is_administrator(request.user) or has_role(request.user, Role.AGENT)

    @admin.display(description=_("niveau"))
    def level(self, obj):
        return obj.level


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    autocomplete_fields = ["service", "commune"]
    fields = ["role", "service", "commune", "granted_at"]
    readonly_fields = ["granted_at"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["pseudonym", "email", "verification_level", "is_staff", "is_active"]
    list_filter = ["verification_level", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "pseudonym", "first_name", "last_name"]
    fields = [
        "email", "pseudonym", "first_name", "last_name", "show_real_name", "commune",
        "birth_date", "verification_level", "email_confirmed_at", "is_active", "is_staff",
        "is_superuser", "date_joined", "last_login",
    ]
    readonly_fields = ["verification_level", "email_confirmed_at", "date_joined", "last_login"]
    inlines = [RoleGrantInline]
    actions = ["disable_two_factor"]

    @admin.action(description=_("Désactiver la double authentification (téléphone perdu)"))
    def disable_two_factor(self, request, queryset):
        if not is_administrator(request.user):
            raise PermissionDenied
        for user in queryset:
            two_factor.disable(user, actor=request.user)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            audit.record(request.user, "user.updated", obj, fields=sorted(form.changed_data))

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleGrant:
            return super().save_formset(request, form, formset, change)
        grants = formset.save(commit=False)
        for grant in formset.deleted_objects:
            revoke_role(request.user, grant)
        for grant in grants:
            if grant.pk:
                grant.save()
                audit.record(request.user, "role.changed", grant.user, granted_role=grant.role)
            else:
                grant_role(request.user, form.instance, grant.role, grant.service, grant.commune)


@admin.register(HelpConsent)
class HelpConsentAdmin(admin.ModelAdmin):
    list_display = ["person", "helper", "scope", "given_at", "expires_at", "revoked_at"]
    search_fields = ["person__pseudonym", "helper__pseudonym"]
    raw_id_fields = ["person", "helper"]


@admin.register(Verification)
class VerificationAdmin(ReadOnlyAdmin):
    list_display = ["user", "method", "level", "provider", "verified_by", "verified_at"]
    list_filter = ["method", "level"]
    search_fields = ["user__pseudonym", "user__email"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "role", "action", "target_type", "target_label"]
    list_filter = ["action", "role", "target_type"]
    search_fields = ["actor_label", "action", "target_label", "target_id"]
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return can_view_audit_log(request.user)

    def has_view_permission(self, request, obj=None):
        return can_view_audit_log(request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "prefix", "scopes", "expires_at", "last_used_at",
                    "revoked_at"]
    search_fields = ["name", "user__email"]
    actions = ["revoke"]

    @admin.action(description=_("Révoquer les jetons sélectionnés"))
    def revoke(self, request, queryset):
        for token in queryset.select_related("user"):
            revoke_token(token, actor=request.user)


@admin.register(LoginAttempt)
class LoginAttemptAdmin(ReadOnlyAdmin):
    list_display = ["at", "email", "ip_address"]
    search_fields = ["email", "ip_address"]


@admin.register(RetentionReport)
class RetentionReportAdmin(AdministratorsOnly, ReadOnlyAdmin):
    """What each run of `purge_expired` deleted, for administrators and the data-protection
    officer (counts only)."""

    list_display = ["ran_at", "total", "summary"]
    date_hierarchy = "ran_at"
    fields = ["ran_at", "total", "detail"]
    readonly_fields = ["detail"]

    @admin.display(description=_("données supprimées"))
    def summary(self, report):
        return "; ".join(f"{line['module']} / {line['kind']} : {line['count']}"
                         for line in report.lines if line["count"]) or "—"

    @admin.display(description=_("détail par module"))
    def detail(self, report):
        return format_html_join(
            "\n", "<p>{} / {} : {}</p>", ((line["module"], line["kind"], line["count"])
                                          for line in report.lines))
