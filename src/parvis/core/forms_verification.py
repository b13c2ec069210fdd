"""Help-desk forms: looking a person up, and the identity read on their ID document."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.services.verification import Identity, IdentityDocument

EARLIEST_BIRTHDATE = date(1900, 1, 1)


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Adresse e-mail ou pseudonyme"),
        max_length=254,
        help_text=_("L'adresse ou le pseudonyme complet, ou au moins ses trois premiers"
                    " caractères."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class InPersonCheckForm(forms.Form):
    given_names = forms.CharField(
        label=_("Prénoms"),
        max_length=150,
        help_text=_("Tels qu'ils sont écrits sur la pièce d'identité."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    family_name = forms.CharField(
        label=_("Nom de naissance"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    birthdate = forms.DateField(
        label=_("Date de naissance"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    birthplace = forms.CharField(
        label=_("Lieu de naissance"),
        max_length=100,
        help_text=_("Commune de naissance (nom ou code INSEE) ; pour une personne née à"
                    " l'étranger, le pays de naissance."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    document = forms.ChoiceField(
        label=_("Pièce vérifiée"),
        choices=[("", _("Choisissez la pièce présentée")), *IdentityDocument.choices],
    )
    document_checked = forms.BooleanField(
        label=_("J'ai vérifié l'original de la pièce en présence de la personne"),
        error_messages={
            "required": _("Cochez cette case après avoir vérifié l'original de la pièce, en"
                          " présence de la personne.")
        },
    )

    def clean_birthdate(self):
        birthdate = self.cleaned_data["birthdate"]
        if not EARLIEST_BIRTHDATE <= birthdate <= timezone.localdate():
            raise forms.ValidationError(_("Vérifiez la date de naissance."))
        return birthdate

    def identity(self) -> Identity:
        data = self.cleaned_data
        return Identity(
            given_names=data["given_names"],
            family_name=data["family_name"],
            birthdate=data["birthdate"],
            birthplace=data["birthplace"],
        )
