from django import forms
from django.utils.translation import gettext_lazy

from parvis.notifications.models import Frequency


class PreferenceForm(forms.Form):
    email_frequency = forms.ChoiceField(
        label=gettext_lazy("Recevoir mes notifications par e-mail"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
    )
