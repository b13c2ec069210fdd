"""The back office of issue reports: categories, the routing table, a read-only report list.

Administrators only: agents handle reports in their inbox (reports:inbox).
"""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from parvis.core import audit
from parvis.core.admin import AdministratorsOnly, ReadOnlyAdmin
from parvis.reports.models import Category, CategoryAttribute, Report, RoutingRule


class AuditedAdmin(admin.ModelAdmin):
    """Every change made here is written to the audit log as `<audit_name>.<what>`."""

    audit_name = ""

    def save_model(self, request, obj, form, change):
        before = str(type(obj).objects.get(pk=obj.pk)) if change else ""
        super().save_model(request, obj, form, change)
        audit.record(request.user, f"{self.audit_name}.{'updated' if change else 'created'}",
                     obj, fields=sorted(form.changed_data), before=before)

    def delete_model(self, request, obj):
        audit.record(request.user, f"{self.audit_name}.deleted", obj)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class CategoryAttributeInline(admin.TabularInline):
    model = CategoryAttribute
    extra = 0
    fields = ["code", "description", "datatype", "required", "values", "order"]


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "slug", "parent", "description", "keywords", "order", "is_active"]
        help_texts = {"parent": _("Vide pour une catégorie principale.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One level of sub-categories: only main categories can be parents.
        self.fields["parent"].queryset = Category.objects.filter(parent__isnull=True).exclude(
            pk=self.instance.pk
        )

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        if parent and self.instance.pk and self.instance.children.exists():
            raise forms.ValidationError(
                _("Cette catégorie a des sous-catégories : elle ne peut pas en devenir une.")
            )
        return parent


@admin.register(Category)
class CategoryAdmin(AdministratorsOnly, AuditedAdmin):
    audit_name = "report_category"
    form = CategoryForm
    list_display = ["name", "parent", "slug", "order", "is_active"]
    list_filter = ["is_active", ("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "keywords"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CategoryAttributeInline]


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ["category", "commune", "service"]
        help_texts = {
            "category": _("Vide : toute catégorie. Une sous-catégorie suit les règles de sa"
                          " catégorie parente."),
            "commune": _("Vide : toute commune. La règle sans catégorie ni commune désigne le"
                         " service de tri, qui reçoit tout ce qu'aucune autre règle ne couvre."),
        }

    def validate_unique(self):
        data = self.cleaned_data
        same_scope = RoutingRule.objects.filter(
            category=data.get("category"), commune=data.get("commune")
        ).exclude(pk=self.instance.pk)
        if same_scope.exists():
            self.add_error(None, _("Une règle existe déjà pour cette catégorie et cette commune :"
                                   " modifiez-la plutôt que d'en créer une autre."))


@admin.register(RoutingRule)
class RoutingRuleAdmin(AdministratorsOnly, AuditedAdmin):
    audit_name = "routing_rule"
    form = RoutingRuleForm
    list_display = ["category_label", "commune_label", "service"]
    list_filter = ["service", "category", "commune"]
    list_select_related = ["category__parent", "commune", "service"]
    ordering = ["category__order", "category__name", "commune__name"]

    @admin.display(description=_("catégorie"), ordering="category__name")
    def category_label(self, rule):
        return rule.category or _("toute catégorie")

    @admin.display(description=_("commune"), ordering="commune__name")
    def commune_label(self, rule):
        return rule.commune or _("toute commune")

    def has_delete_permission(self, request, obj=None):
        """The fallback rule (neither category nor commune) can change service, not go."""
        is_fallback = obj is not None and obj.category_id is None and obj.commune_id is None
        return not is_fallback and super().has_delete_permission(request, obj)


@admin.register(Report)
class ReportAdmin(AdministratorsOnly, ReadOnlyAdmin):
    """An overview for administrators; the reporter's contact details stay in the inbox."""

    list_display = ["tracking_code", "title", "category", "commune", "service", "status",
                    "created_at"]
    list_filter = ["status", "service", "category", "commune"]
    list_select_related = ["category__parent", "commune", "service"]
    search_fields = ["tracking_code", "title"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    fields = [
        "inbox_link", "tracking_code", "title", "description", "category", "address", "commune",
        "latitude", "longitude", "attributes", "status", "service", "duplicate_of",
        "me_too_count", "source", "created_at", "updated_at", "first_response_at", "closed_at",
    ]
    readonly_fields = ["inbox_link"]

    @admin.display(description=_("traitement"))
    def inbox_link(self, report):
        return format_html('<a href="{}">{}</a>',
                           reverse("reports:inbox_detail", args=[report.tracking_code]),
                           _("Ouvrir dans les signalements à traiter"))
