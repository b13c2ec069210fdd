"""Agent forms: filtering the inbox, changing a report's status, writing an internal note."""

from datetime import datetime, time, timedelta

from django import forms
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.forms import DayField
from parvis.core.models import Commune, Service
from parvis.reports.models import CLOSED_STATUSES, OPEN_STATUSES, Category, Report, Status

OPEN, CLOSED = "open", "closed"
STATUS_GROUPS = {OPEN: OPEN_STATUSES, CLOSED: CLOSED_STATUSES}
SORTS = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "updated": ("-updated_at", "-pk"),
    "me_too": ("-me_too_count", "-created_at", "-pk"),
}
DEFAULT_FIGURES_DAYS = 90
FIGURES_PERIODS = [(30, _("30 derniers jours")), (90, _("90 derniers jours")),
                   (365, _("365 derniers jours"))]


def start_of_day(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class InboxFilterForm(forms.Form):
    service = forms.ModelChoiceField(
        Service.objects.none(), required=False, empty_label=_("Toutes mes files"),
        label=_("File"), to_field_name="slug",
    )
    status = forms.ChoiceField(
        choices=[("", _("Tous")), (OPEN, _("Ouverts")), (CLOSED, _("Clos")), *Status.choices],
        required=False, label=_("Statut"),
    )
    category = forms.ModelChoiceField(
        # Each main category followed by its sub-categories.
        Category.objects.select_related("parent").order_by(
            Coalesce("parent__order", "order"), Coalesce("parent", "id"),
            F("parent").asc(nulls_first=True), "order", "name",
        ),
        required=False, empty_label=_("Toutes"), label=_("Catégorie"), to_field_name="slug",
    )
    commune = forms.ModelChoiceField(
        Commune.objects.all(), required=False, empty_label=_("Toutes"), label=_("Commune"),
        to_field_name="slug",
    )
    since = DayField(
        required=False, label=_("Signalés depuis le"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = DayField(
        required=False, label=_("Jusqu'au"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sort = forms.ChoiceField(
        choices=[("newest", _("Plus récents")), ("oldest", _("Plus anciens")),
                 ("updated", _("Dernière mise à jour")), ("me_too", _("Nombre de « moi aussi »"))],
        required=False, label=_("Trier par"),
    )

    def __init__(self, *args, services: QuerySet[Service], **kwargs):
        """`services`: the person's services; the selector only appears for several."""
        super().__init__(*args, **kwargs)
        if services.count() > 1:
            self.fields["service"].queryset = services
        else:
            del self.fields["service"]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("La date de fin précède la date de début."))
        return data

    def scoped(self, reports: QuerySet[Report]) -> QuerySet[Report]:
        """The reports matching every filter but the status (what the status counts cover)."""
        data = self.cleaned_data
        if data.get("service"):
            reports = reports.filter(service=data["service"])
        if data.get("category"):
            category = data["category"]
            reports = reports.filter(Q(category=category) | Q(category__parent=category))
        if data.get("commune"):
            reports = reports.filter(commune=data["commune"])
        if data.get("since"):
            reports = reports.filter(created_at__gte=start_of_day(data["since"]))
        if data.get("until"):
            reports = reports.filter(created_at__lt=start_of_day(data["until"] + timedelta(1)))
        return reports

    def listed(self, reports: QuerySet[Report]) -> QuerySet[Report]:
        """The scoped reports with the chosen status, in the chosen order."""
        status = self.cleaned_data.get("status")
        if status in STATUS_GROUPS:
            reports = reports.filter(status__in=STATUS_GROUPS[status])
        elif status:
            reports = reports.filter(status=status)
        return reports.order_by(*SORTS[self.cleaned_data.get("sort") or "newest"])


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices, label=_("Nouveau statut"))
    message = forms.CharField(
        label=_("Message public"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Publié sur la page du signalement et envoyé par e-mail aux personnes qui"
                    " le suivent. Obligatoire pour un rejet : indiquez-en le motif."),
    )
    target_service = forms.ModelChoiceField(
        Service.objects.none(), required=False, label=_("Service destinataire"),
        empty_label=_("Choisissez un service"),
        help_text=_("Pour un transfert : le service qui prendra le signalement en charge."),
    )
    duplicate_of = forms.CharField(
        label=_("Numéro du signalement original"), required=False, max_length=12,
        help_text=_("Pour un doublon : ses abonnés et ses « moi aussi » rejoindront l'original."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, report: Report, **kwargs):
        kwargs.setdefault("initial", {"status": report.status})
        super().__init__(*args, **kwargs)
        self.fields["target_service"].queryset = Service.objects.filter(is_active=True).exclude(
            pk=report.service_id
        )

    def clean(self):
        """The target service and the original report only count for their own status."""
        data = super().clean()
        status = data.get("status")
        if status != Status.TRANSFERRED:
            data["target_service"] = None
        code = data.get("duplicate_of", "").strip().upper()
        data["duplicate_of"] = None
        if status == Status.DUPLICATE and code:
            data["duplicate_of"] = Report.objects.filter(tracking_code=code).first()
            if data["duplicate_of"] is None:
                self.add_error("duplicate_of", _("Aucun signalement ne porte ce numéro."))
        return data


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note interne"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Visible seulement des agents : jamais publiée ni envoyée."),
    )


class FiguresPeriodForm(forms.Form):
    days = forms.TypedChoiceField(
        choices=FIGURES_PERIODS, coerce=int, required=False,
        empty_value=DEFAULT_FIGURES_DAYS,
        label=_("Période"),
    )
