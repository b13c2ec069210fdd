from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.core.models import Commune
from parvis.processes.models import Theme


class ProcessFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("", _("Toutes")),
        ("open", _("En cours")),
        ("upcoming", _("À venir")),
        ("closed", _("Terminées")),
    ]

    commune = forms.ModelChoiceField(
        Commune.objects.all(), required=False, empty_label=_("Toutes"), label=_("Commune"),
        to_field_name="slug",
    )
    theme = forms.ModelChoiceField(
        Theme.objects.all(), required=False, empty_label=_("Tous"), label=_("Thème"),
        to_field_name="slug",
    )
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False, label=_("État"))
