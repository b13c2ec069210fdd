"""Forms of equipment lending: the inventory's filters and devices, loans, returns,
conventions, incidents and their follow-up."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy

from parvis.core.forms import DayField, FilterForm
from parvis.lending import selectors
from parvis.lending.models import (
    LENDABLE_STATES,
    Device,
    DeviceKind,
    DeviceState,
    IncidentKind,
    IncidentStatus,
    LoanStatus,
)
from parvis.panels.models import Member, PanelStatus
from parvis.panels.permissions import managed_panels

AVAILABILITY = [
    ("", gettext_lazy("Tous")),
    ("available", gettext_lazy("Disponibles pour un prêt")),
    ("on_loan", gettext_lazy("En prêt")),
]
OVERDUE = "overdue"


def date_field(label, **kwargs):
    return DayField(label=label, widget=forms.DateInput(attrs={"type": "date"},
                                                               format="%Y-%m-%d"), **kwargs)


ALL = gettext_lazy("Tous")
CHOOSE = gettext_lazy("— Choisir —")


def with_blank(choices, label=ALL):
    return [("", label), *choices]


def not_in_future(day):
    if day and day > timezone.localdate():
        raise ValidationError(gettext_lazy("Cette date est dans le futur."))
    return day


class InventoryFilterForm(FilterForm):
    kind = forms.ChoiceField(label=gettext_lazy("Type"), required=False,
                             choices=with_blank(DeviceKind.choices))
    state = forms.ChoiceField(label=gettext_lazy("État"), required=False,
                              choices=with_blank(DeviceState.choices))
    availability = forms.ChoiceField(label=gettext_lazy("Disponibilité"), required=False,
                                     choices=AVAILABILITY)
    q = forms.CharField(label=gettext_lazy("Modèle, système ou n° de série"), required=False,
                        max_length=100)


class LoanFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=gettext_lazy("Statut"), required=False,
        choices=with_blank([*LoanStatus.choices, (OVERDUE, gettext_lazy("en retard"))]),
    )
    panel = forms.ModelChoiceField(None, label=gettext_lazy("Panel"), required=False,
                                   to_field_name="slug", empty_label=ALL)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = managed_panels(user)


class DeviceForm(forms.ModelForm):
    note = forms.CharField(
        label=gettext_lazy("Motif (historique de l'appareil)"), required=False,
        max_length=250,
        help_text=gettext_lazy("Par exemple : écran remplacé, batterie changée. Pas de donnée"
                               " personnelle."),
    )

    class Meta:
        model = Device
        fields = ["kind", "os", "model", "serial_number", "accessories", "state", "acquisition",
                  "acquired_on", "notes"]
        widgets = {
            "acquired_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_serial_number(self):
        return self.cleaned_data["serial_number"].strip()

    def clean_acquired_on(self):
        return not_in_future(self.cleaned_data["acquired_on"])


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member):
        who = member.user.pseudonym if member.user_id else member.volunteer.pool_id
        return f"{member.panel.title} — {who}"


class LoanForm(forms.Form):
    member = MemberChoiceField(None, label=gettext_lazy("Membre du panel"),
                               empty_label=CHOOSE)
    starts_on = date_field(gettext_lazy("Début du prêt"))
    planned_end_on = date_field(gettext_lazy("Fin prévue"), required=False,
                                help_text=gettext_lazy("Vide : la fin du mandat du panel."))
    accessories = forms.CharField(label=gettext_lazy("Accessoires remis"), required=False,
                                  max_length=250)
    state_at_start = forms.ChoiceField(
        label=gettext_lazy("État à la remise"),
        choices=[(state.value, state.label) for state in LENDABLE_STATES],
    )

    def __init__(self, *args, user, device: Device, **kwargs):
        kwargs.setdefault("initial", {"starts_on": timezone.localdate(),
                                      "accessories": device.accessories,
                                      "state_at_start": device.state})
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(
            panel__in=managed_panels(user), withdrawn_at=None,
        ).exclude(panel__status=PanelStatus.CLOSED).select_related(
            "panel", "user", "volunteer").order_by("panel__title", "user__pseudonym", "pk")

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("planned_end_on")
        if start and end and end < start:
            self.add_error("planned_end_on",
                           gettext_lazy("La fin prévue précède le début du prêt."))
        return data


class ReturnForm(forms.Form):
    returned_on = date_field(gettext_lazy("Rendu le"), initial=timezone.localdate)
    state = forms.ChoiceField(label=gettext_lazy("État au retour"), choices=DeviceState.choices)
    notes = forms.CharField(label=gettext_lazy("Remarques"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def clean_returned_on(self):
        return not_in_future(self.cleaned_data["returned_on"])


class PaperConventionForm(forms.Form):
    signed_on = date_field(gettext_lazy("Convention signée sur papier le"),
                           initial=timezone.localdate)

    def clean_signed_on(self):
        return not_in_future(self.cleaned_data["signed_on"])


class AcceptConventionForm(forms.Form):
    accept = forms.BooleanField(
        label=gettext_lazy("J'ai lu la convention de prêt et je l'accepte"),
        error_messages={"required": gettext_lazy(
            "Cochez la case pour accepter la convention : le matériel ne peut être remis"
            " qu'après.")},
    )
    text_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Que s'est-il passé ?"),
                             choices=with_blank(IncidentKind.choices, CHOOSE))
    occurred_on = date_field(gettext_lazy("Date de l'incident"), initial=timezone.localdate)
    description = forms.CharField(
        label=gettext_lazy("Description"), max_length=4000,
        help_text=gettext_lazy("Les circonstances, l'état de l'appareil ; en cas de vol, le"
                               " numéro du dépôt de plainte."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_occurred_on(self):
        return not_in_future(self.cleaned_data["occurred_on"])


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Suivi"), choices=IncidentStatus.choices)
    actions = forms.CharField(
        label=gettext_lazy("Actions menées"), required=False, max_length=4000,
        help_text=gettext_lazy("Réparation, déclaration à l'assurance, remplacement…"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    replacement_device = forms.ModelChoiceField(
        None, label=gettext_lazy("Prêter un appareil de remplacement"), required=False,
        empty_label=gettext_lazy("Aucun"),
        help_text=gettext_lazy("Un nouveau prêt est préparé pour le membre, avec sa"
                               " convention à accepter."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replacement_device"].queryset = selectors.available_devices()
