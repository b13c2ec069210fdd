from django import forms
from django.utils.translation import gettext_lazy

from parvis.core.models import Commune
from parvis.realisations.models import Status
from parvis.realisations.selectors import source_labels


class RealisationFilterForm(forms.Form):
    """Filters of the public list, the map and its data (ignored when invalid)."""

    status = forms.ChoiceField(label=gettext_lazy("Statut"), required=False)
    commune = forms.ModelChoiceField(
        Commune.objects.all(), label=gettext_lazy("Commune"), required=False,
        to_field_name="slug", empty_label=gettext_lazy("Toutes"))
    source = forms.ChoiceField(label=gettext_lazy("Origine"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", gettext_lazy("Tous")), *Status.choices]
        self.fields["source"].choices = [("", gettext_lazy("Toutes")),
                                         *source_labels().items()]

    def filter(self, realisations):
        if not self.is_valid():
            return realisations
        data = self.cleaned_data
        if data["status"]:
            realisations = realisations.filter(status=data["status"])
        if data["commune"]:
            realisations = realisations.filter(commune=data["commune"])
        if data["source"]:
            realisations = realisations.filter(source=data["source"])
        return realisations


class MilestoneForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("Date"),
                         widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    title = forms.CharField(label=gettext_lazy("Titre"), max_length=200)
    text = forms.CharField(label=gettext_lazy("Texte"), max_length=5000, required=False,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=gettext_lazy("Markdown. Par exemple : « Travaux commencés"
                                                  " le **3 mars**. »"))
    photo = forms.FileField(label=gettext_lazy("Photo"), required=False,
                            help_text=gettext_lazy("JPEG, PNG, WebP ou GIF, 10 Mo au plus ; les"
                                                   " données de localisation sont retirées."))
    photo_alt = forms.CharField(label=gettext_lazy("Description de la photo"), max_length=200,
                                required=False)
