"""Forms of the jury: composition, declarations of interests, scores and decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.calls.models import Application, Call, Score
from parvis.core.bounds import MAX_AMOUNT
from parvis.core.formats import euros


class JurorForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail du compte"),
        help_text=_("La personne doit avoir un compte ; elle reçoit le rôle de membre de jury"
                    " si elle ne l'a pas."),
    )
    title = forms.CharField(label=_("Qualité"), max_length=150, required=False,
                            help_text=_("Par exemple : adjointe au numérique, technicien."))
    is_elected_official = forms.BooleanField(label=_("Élu·e"), required=False)


YES_NO = [("no", _("Je n'ai aucun lien d'intérêts avec cette structure ni avec ce projet")),
          ("yes", _("J'ai un conflit d'intérêts : je ne note pas cette candidature"))]


class InterestsForm(forms.Form):
    conflict = forms.ChoiceField(
        label=_("Déclaration d'intérêts"), choices=YES_NO, widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez si vous avez un conflit d'intérêts.")},
    )
    explanation = forms.CharField(
        label=_("Précisions"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Facultatif : la nature du lien (membre, salarié·e, proche…)."),
    )

    @property
    def has_conflict(self) -> bool:
        return self.cleaned_data["conflict"] == "yes"


class ScoresForm(forms.Form):
    """One score (optional while it is a draft) and one comment per criterion."""

    def __init__(self, call: Call, scores: list[Score], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(call.criteria.all())
        given = {score.criterion_id: score for score in scores}
        for criterion in self.criteria:
            score = given.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("Note de 0 à %d") % call.score_max, min_value=0,
                max_value=call.score_max, required=False,
                initial=score.value if score else None,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Commentaire"), required=False, max_length=5000,
                initial=score.comment if score else "", widget=forms.Textarea(attrs={"rows": 3}),
            )

    def groups(self):
        """(criterion, score field, comment field) for each criterion, for the template."""
        return [(criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"])
                for criterion in self.criteria]

    def entries(self) -> dict[int, tuple[int | None, str]]:
        return {criterion.pk: (self.cleaned_data[f"score_{criterion.pk}"],
                               self.cleaned_data[f"comment_{criterion.pk}"].strip())
                for criterion in self.criteria}


SELECTED = [("yes", _("Retenue")), ("no", _("Non retenue"))]


class DecisionForm(forms.Form):
    selected = forms.ChoiceField(
        label=_("Décision"), choices=SELECTED, widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez si la candidature est retenue.")},
    )
    amount = forms.IntegerField(label=_("Montant accordé (€)"), min_value=0,
                                max_value=MAX_AMOUNT, required=False)
    in_kind = forms.CharField(label=_("Soutien en nature accordé"), max_length=250,
                              required=False)
    motivation = forms.CharField(
        label=_("Motivation"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Transmise à la structure candidate avec la décision."),
    )

    def __init__(self, application: Application, *args, **kwargs):
        decision = getattr(application, "decision", None)
        if decision is not None:
            kwargs.setdefault("initial", {
                "selected": "yes" if decision.selected else "no", "amount": decision.amount,
                "in_kind": decision.in_kind, "motivation": decision.motivation,
            })
        super().__init__(*args, **kwargs)
        call = application.call
        if call.min_amount is not None and call.max_amount is not None:
            self.fields["amount"].help_text = _(
                "Pour une candidature retenue : de %(min)s à %(max)s. Demandé : %(asked)s."
            ) % {"min": euros(call.min_amount), "max": euros(call.max_amount),
                 "asked": euros(application.requested_amount)
                 if application.requested_amount else "—"}
        if call.in_kind_support:
            self.fields["in_kind"].help_text = _("Proposé par l'appel : %s") % (
                call.in_kind_support)

    def values(self) -> dict:
        data = self.cleaned_data
        return {"selected": data["selected"] == "yes", "amount": data["amount"],
                "in_kind": data["in_kind"].strip(), "motivation": data["motivation"].strip()}
