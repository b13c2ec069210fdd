"""Forms of the agenda: the list's filters, registering, and importing an iCalendar file."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from parvis.agenda.models import MAX_SEATS
from parvis.core.forms import DayField, FilterForm
from parvis.core.models import Commune
from parvis.processes.models import Process, Theme

MODES = [
    ("", gettext_lazy("En ligne et sur place")),
    ("online", gettext_lazy("En ligne")),
    ("on_site", gettext_lazy("Sur place")),
]


class EventFilterForm(FilterForm):
    """Filters of the public list."""

    commune = forms.ModelChoiceField(
        Commune.objects.all(), label=gettext_lazy("Commune"), required=False,
        to_field_name="slug", empty_label=gettext_lazy("Toutes"),
    )
    theme = forms.ModelChoiceField(
        Theme.objects.all(), label=gettext_lazy("Thème"), required=False,
        to_field_name="slug", empty_label=gettext_lazy("Tous"),
    )
    process = forms.ModelChoiceField(
        Process.objects.none(), label=gettext_lazy("Démarche"), required=False,
        to_field_name="slug", empty_label=gettext_lazy("Toutes"),
    )
    start = DayField(label=gettext_lazy("À partir du"), required=False,
                     widget=forms.DateInput(attrs={"type": "date"}))
    end = DayField(label=gettext_lazy("Jusqu'au"), required=False,
                   widget=forms.DateInput(attrs={"type": "date"}))
    mode = forms.ChoiceField(label=gettext_lazy("Format"), required=False, choices=MODES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form: which processes are public depends on the registered modules.
        self.fields["process"].queryset = Process.objects.published()

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", gettext_lazy("La date de fin précède la date de début."))
        return data


class RegistrationForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nom et prénom"), max_length=150,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=gettext_lazy("Adresse e-mail"),
        help_text=gettext_lazy("Pour la confirmation, le rappel la veille et le lien"
                               " d'annulation."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    seats = forms.TypedChoiceField(
        label=gettext_lazy("Nombre de places"), coerce=int, initial=1,
        choices=[(number, str(number)) for number in range(1, MAX_SEATS + 1)],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            self.fields["email"].initial = user.email
            self.fields["name"].initial = f"{user.first_name} {user.last_name}".strip()


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Fichier iCalendar (.ics)"))
    process = forms.ModelChoiceField(Process.objects.none(), label=gettext_lazy("Démarche"),
                                     required=False)
    commune = forms.ModelChoiceField(Commune.objects.all(), label=gettext_lazy("Commune"),
                                     required=False)

    def __init__(self, *args, processes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if processes is not None:
            self.fields["process"].queryset = processes

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > 5 * 1024 * 1024:
            raise ValidationError(gettext_lazy("Le fichier est trop volumineux (5 Mo au plus)."))
        return file
