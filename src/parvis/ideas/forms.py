"""Forms of idea boxes: proposing an idea, the listing's filters, and the managers' answer
and merge forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.core.forms import FilterForm, PlacedContribution, SingleLineField
from parvis.core.models import Commune
from parvis.ideas import selectors
from parvis.ideas.models import LISTED_STATUSES, Idea, IdeaBox
from parvis.ideas.services import Proposal
from parvis.processes.models import Theme


class ProposalForm(PlacedContribution):
    field_order = ["title", "body", "theme", "commune", "latitude", "longitude", "image"]

    title = SingleLineField(
        label=gettext_lazy("Titre de votre idée"), max_length=150,
        help_text=gettext_lazy("Une phrase courte. Des idées proches sont proposées pendant"
                               " que vous écrivez, et avant la publication."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label=gettext_lazy("Description"), max_length=10000,
        help_text=gettext_lazy("Ce que vous proposez, pourquoi, pour qui. Mise en forme"
                               " possible : **gras**, *italique*, listes avec « - », liens."
                               " Ce texte est public : n'y mettez pas de données personnelles."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    theme = forms.ModelChoiceField(
        Theme.objects.all(), label=gettext_lazy("Thème"), required=False, to_field_name="slug",
        empty_label=gettext_lazy("Aucun en particulier"),
    )
    commune = forms.ModelChoiceField(
        Commune.objects.all(), label=gettext_lazy("Commune concernée"), required=False,
        to_field_name="slug", empty_label=gettext_lazy("Toute la métropole"),
    )

    def __init__(self, *args, box: IdeaBox, **kwargs):
        super().__init__(*args, **kwargs)
        self.box = box
        communes = box.process.communes.all()
        if communes:
            self.fields["commune"].queryset = communes
            self.fields["commune"].required = True
            self.fields["commune"].empty_label = _("— Choisir —")

    def proposal(self) -> Proposal:
        data = self.cleaned_data
        return Proposal(
            title=data["title"], body=data["body"], theme=data["theme"],
            commune=data["commune"], latitude=data["latitude"], longitude=data["longitude"],
            image=self.kept_photo,
        )

    @classmethod
    def initial_from(cls, idea) -> dict:
        return {
            "title": idea.title, "body": idea.body,
            "theme": idea.theme.slug if idea.theme_id else None,
            "commune": idea.commune.slug if idea.commune_id else None,
            "latitude": idea.latitude, "longitude": idea.longitude,
        }


class IdeaFilterForm(FilterForm):
    """The listing's search, filters and order."""

    q = forms.CharField(label=gettext_lazy("Rechercher"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}))
    theme = forms.ModelChoiceField(
        Theme.objects.all(), label=gettext_lazy("Thème"), required=False,
        to_field_name="slug", empty_label=gettext_lazy("Tous"),
    )
    commune = forms.ModelChoiceField(
        Commune.objects.all(), label=gettext_lazy("Commune"), required=False,
        to_field_name="slug", empty_label=gettext_lazy("Toutes"),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Statut"), required=False,
        choices=[("", gettext_lazy("Tous")),
                 *[(status.value, status.label) for status in LISTED_STATUSES]],
    )
    sort = forms.ChoiceField(label=gettext_lazy("Ordre"), required=False,
                             choices=selectors.SORTS)


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Nouveau statut"),
        choices=[(status.value, status.label) for status in LISTED_STATUSES],
    )
    message = forms.CharField(
        label=gettext_lazy("Réponse officielle (publique)"), required=False, max_length=5000,
        help_text=gettext_lazy("Obligatoire si l'idée n'est pas retenue : indiquez pourquoi."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MergeForm(forms.Form):
    kept = forms.IntegerField(
        label=gettext_lazy("Numéro de l'idée à conserver"), min_value=1,
        help_text=gettext_lazy("Une idée publiée de la même boîte ; ses soutiens et abonnés"
                               " s'ajoutent, sans compter deux fois une même personne."),
    )
    message = forms.CharField(
        label=gettext_lazy("Message public (facultatif)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_kept(self):
        kept = Idea.objects.shown().filter(pk=self.cleaned_data["kept"]).first()
        if kept is None or kept.status not in LISTED_STATUSES:
            raise ValidationError(_("Aucune idée publiée ne porte ce numéro."))
        return kept

