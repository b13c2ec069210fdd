from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.core.models import Commune
from parvis.core.search import MAX_QUERY_LENGTH
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


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Rechercher des démarches, idées, projets, événements, consultations…"),
        max_length=MAX_QUERY_LENGTH, min_length=2, strip=True,
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={"min_length": _("Tapez au moins deux caractères."),
                        "max_length": _("Tapez au plus %(limit_value)d caractères.")},
    )
