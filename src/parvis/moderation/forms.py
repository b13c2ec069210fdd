"""Forms of moderation: accepting the charter, flagging, deciding, appealing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.moderation.models import FlagReason


class CharterForm(forms.Form):
    accept = forms.BooleanField(
        label=_("J'ai lu la charte de participation et je m'engage à la respecter"),
        error_messages={
            "required": _("Cochez la case pour accepter la charte avant de contribuer.")
        },
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Pourquoi signalez-vous cette contribution ?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez un motif de signalement.")},
    )
    details = forms.CharField(
        label=_("Précisions"),
        help_text=_("Facultatif, sauf pour « Autre motif ». Lues seulement par la modération."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == FlagReason.OTHER and not cleaned.get("details", "").strip():
            self.add_error("details", _("Précisez le motif de votre signalement."))
        return cleaned


class DecisionForm(forms.Form):
    """One moderation action; each action gets its own form (prefixed by the action)."""

    LABELS = {
        "hide": (_("Motif du masquage (affiché à la place de la contribution)"), True),
        "dismiss": (_("Commentaire (facultatif, gardé dans l'historique)"), False),
        "restore": (_("Motif du rétablissement (facultatif, transmis à l'auteur)"), False),
        "uphold": (_("Motif du maintien du masquage (transmis à l'auteur)"), True),
    }

    reason = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, action: str, *args, **kwargs):
        super().__init__(*args, prefix=action, **kwargs)
        self.action = action
        label, required = self.LABELS[action]
        self.fields["reason"].label = label
        self.fields["reason"].required = required


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Pourquoi votre contribution devrait-elle être rétablie ?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Expliquez pourquoi la contribution devrait être rétablie.")},
    )
