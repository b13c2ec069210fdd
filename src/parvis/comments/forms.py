"""Forms to comment and to start a debate; each has the accounts' honeypot field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.comments.models import Debate
from parvis.core.forms import SingleLineField
from parvis.core.forms_accounts import HoneypotInput

BODY_MAX_LENGTH = 5000
MARKDOWN_HELP = gettext_lazy(
    "Mise en forme possible : **gras**, *italique*, listes avec « - », liens."
)


class HoneypotForm(forms.Form):
    website = forms.CharField(
        label=gettext_lazy("Laissez ce champ vide"), required=False, widget=HoneypotInput
    )

    def clean(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Votre message n'a pas pu être publié."), code="refused")
        return super().clean()


class CommentForm(HoneypotForm):
    body = forms.CharField(
        label=gettext_lazy("Votre message"),
        max_length=BODY_MAX_LENGTH,
        help_text=MARKDOWN_HELP,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class TargetForm(forms.Form):
    """Which object a new comment is about (hidden fields of the comment form)."""

    content_type = forms.IntegerField(widget=forms.HiddenInput)
    object_id = forms.IntegerField(widget=forms.HiddenInput)


class DebateForm(HoneypotForm):
    title = SingleLineField(
        label=gettext_lazy("Titre du débat"),
        max_length=Debate._meta.get_field("title").max_length,
    )
    body = forms.CharField(
        label=gettext_lazy("Message d'ouverture"),
        max_length=BODY_MAX_LENGTH,
        help_text=MARKDOWN_HELP,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
