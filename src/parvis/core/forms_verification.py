"""Help-desk forms: looking a person up, and the identity read on their ID document."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core import birthplaces
from parvis.core.names import normalise_name
from parvis.core.services.verification import Gender, Identity, IdentityDocument

EARLIEST_BIRTHDATE = date(1900, 1, 1)
# The button that looks a birthplace up (the form is shown again, nothing is recorded).
FIND_BIRTHPLACE = "find_birthplace"


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Adresse e-mail ou pseudonyme"),
        max_length=254,
        help_text=_("L'adresse ou le pseudonyme complet, ou au moins ses trois premiers"
                    " caractères."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class BirthplaceSearchInput(forms.TextInput):
    """A search box followed by the button that fills the birthplace list below it."""

    template_name = "verification/widgets/birthplace_search.html"
    input_type = "search"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["button_name"] = FIND_BIRTHPLACE
        return context


class InPersonCheckForm(forms.Form):
    """The identity printed on an ID document. The birthplace is picked in the official
    list (searched by name or code), never typed freely: the same code space as identity
    providers, so both channels give the same fingerprint."""

    given_names = forms.CharField(
        label=_("Prénoms"),
        max_length=150,
        help_text=_("Tous les prénoms, tels qu'ils sont écrits sur la pièce d'identité."),
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
    gender = forms.ChoiceField(
        label=_("Sexe"),
        choices=[("", _("Choisissez le sexe indiqué sur la pièce")), *Gender.choices],
    )
    birthplace_search = forms.CharField(
        label=_("Rechercher le lieu de naissance"),
        max_length=100,
        required=False,
        help_text=_("Commune (nom ou code INSEE, par exemple « Lyon 3e (69) ») ou, pour une"
                    " personne née à l'étranger, pays de naissance ; puis choisissez-le dans"
                    " la liste ci-dessous."),
        widget=BirthplaceSearchInput(attrs={"autocomplete": "off"}),
    )
    birthplace = forms.ChoiceField(
        label=_("Lieu de naissance"),
        error_messages={
            "required": _("Recherchez le lieu de naissance, puis choisissez-le dans la liste."),
            "invalid_choice": _("Choisissez le lieu de naissance dans la liste des résultats."),
        },
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birthplace"].choices = self._birthplace_choices()

    def _value(self, name: str) -> str:
        source = self.data if self.is_bound else self.initial
        return str(source.get(self.add_prefix(name) if self.is_bound else name) or "")

    def _birthplace_choices(self) -> list[tuple[str, str]]:
        """The places matching the search, and the one already picked."""
        found = birthplaces.search(self._value("birthplace_search"))
        picked = birthplaces.get(self._value("birthplace"))
        if picked is not None and picked.code not in {place.code for place in found}:
            found.insert(0, picked)
        if not found:
            empty = _("Aucun lieu : lancez d'abord une recherche")
        else:
            empty = _("Choisissez parmi les %(count)d résultats") % {"count": len(found)}
        return [("", empty), *((place.code, place.label) for place in found)]

    @property
    def searching(self) -> bool:
        """The agent asked for the birthplace list: show the form again, record nothing."""
        return self.is_bound and FIND_BIRTHPLACE in self.data

    def showing_results(self):
        """The same form with what was typed and the search results, without errors."""
        values = {name: self.data.get(self.add_prefix(name), "") for name in self.fields}
        return type(self)(initial=values, prefix=self.prefix)

    def clean_birthdate(self):
        birthdate = self.cleaned_data["birthdate"]
        if not EARLIEST_BIRTHDATE <= birthdate <= timezone.localdate():
            raise forms.ValidationError(_("Vérifiez la date de naissance."))
        return birthdate

    def clean(self):
        cleaned = super().clean()
        for name in ("given_names", "family_name"):
            if cleaned.get(name) and not normalise_name(cleaned[name]):
                self.add_error(name, _("Saisissez le nom en lettres latines, tel qu'il est"
                                       " écrit sur la pièce."))
        return cleaned

    def identity(self) -> Identity:
        data = self.cleaned_data
        return Identity(
            given_names=data["given_names"],
            family_name=data["family_name"],
            birthdate=data["birthdate"],
            gender=data["gender"],
            birthplace=data["birthplace"],
        )
