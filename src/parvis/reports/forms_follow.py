"""The forms of following a report: typing its tracking code, asking for its link by e-mail."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from parvis.core.forms import REFUSED, honeypot_field
from parvis.reports.tracking import normalise_code


class TrackingCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Numéro de suivi"), max_length=20,
        help_text=gettext_lazy("8 caractères, par exemple K7M2Q9XA : il figure sur la page"
                               " et dans l'e-mail reçus après le signalement."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false"}),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise ValidationError(gettext_lazy(
                "Un numéro de suivi compte 8 lettres et chiffres, par exemple K7M2Q9XA."),
                code="invalid")
        return code


class FollowLinkForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Votre adresse e-mail"),
        help_text=gettext_lazy("Elle sert à cet envoi seulement et n'est pas conservée."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = honeypot_field()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(REFUSED, code="refused")
        return cleaned
