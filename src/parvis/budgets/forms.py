"""Forms of budget projects: submission, the listing's filters, the managers' review, merge,
promotion forms, and the back office's budget validation."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.budgets import projects
from parvis.budgets.models import (
    DESK_VOTING_MIN_LEVEL,
    PUBLIC_PROJECT_STATUSES,
    BallotFormat,
    Budget,
    ProjectStatus,
)
from parvis.core.bounds import MAX_AMOUNT
from parvis.core.formats import euros
from parvis.core.forms import FilterForm, PlacedContribution, SingleLineField
from parvis.core.models import Commune, VerificationLevel
from parvis.processes.models import Theme

COST_WIDGET = forms.NumberInput(attrs={"inputmode": "numeric", "step": 1})


class SubBudgetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, sub_budget):
        return _("%(name)s (%(amount)s)") % {"name": sub_budget.name,
                                             "amount": euros(sub_budget.amount)}


class SubmissionForm(PlacedContribution):
    address_kept = True
    field_order = ["title", "description", "sub_budget", "theme", "commune", "address",
                   "latitude", "longitude", "estimated_cost", "image", "image_alt"]

    title = SingleLineField(label=gettext_lazy("Titre du projet"), max_length=150,
                            help_text=gettext_lazy("Une phrase courte."))
    description = forms.CharField(
        label=gettext_lazy("Description"), max_length=10000,
        help_text=gettext_lazy("Ce que vous proposez, pour qui, et pourquoi. Mise en forme"
                               " possible : **gras**, *italique*, listes avec « - », liens."
                               " Ce texte est public : n'y mettez pas de données personnelles."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    sub_budget = SubBudgetChoiceField(
        None, label=gettext_lazy("Enveloppe"), empty_label=gettext_lazy("— Choisir —"),
        help_text=gettext_lazy("L'enveloppe métropolitaine, ou celle de votre commune."),
    )
    theme = forms.ModelChoiceField(
        Theme.objects.all(), label=gettext_lazy("Thème"), required=False, to_field_name="slug",
        empty_label=gettext_lazy("Aucun en particulier"),
    )
    commune = forms.ModelChoiceField(
        Commune.objects.all(), label=gettext_lazy("Commune du projet"), required=False,
        to_field_name="slug", empty_label=gettext_lazy("Plusieurs communes"),
    )
    address = forms.CharField(
        label=gettext_lazy("Lieu (facultatif)"), max_length=250, required=False,
        help_text=gettext_lazy("Une adresse, une place, un parc…"),
    )
    estimated_cost = forms.IntegerField(
        label=gettext_lazy("Coût estimé (en euros)"), min_value=1, max_value=MAX_AMOUNT,
        widget=COST_WIDGET,
        help_text=gettext_lazy("Un montant entier, sans centimes ; les services le vérifient"
                               " pendant l'analyse."),
    )
    image_alt = forms.CharField(
        label=gettext_lazy("Description de l'image"), max_length=200, required=False,
        help_text=gettext_lazy("Obligatoire avec une image : ce qu'elle montre, pour les"
                               " personnes qui ne la voient pas."),
    )

    def __init__(self, *args, budget: Budget, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_budget"].queryset = projects.submittable_sub_budgets(budget, user)
        if budget.max_project_cost is not None:
            self.fields["estimated_cost"].help_text = _(
                "Un montant entier, sans centimes, de %(max)s au plus ; les services le"
                " vérifient pendant l'analyse."
            ) % {"max": euros(budget.max_project_cost)}


    def submission(self) -> projects.Submission:
        data = self.cleaned_data
        return projects.Submission(
            title=data["title"], description=data["description"],
            sub_budget=data["sub_budget"], estimated_cost=data["estimated_cost"],
            theme=data["theme"], commune=data["commune"], address=data["address"],
            latitude=data["latitude"], longitude=data["longitude"],
            image=self.kept_photo, image_alt=data["image_alt"],
        )


class ProjectFilterForm(FilterForm):
    """The listing's filters."""

    sub_budget = SubBudgetChoiceField(None, label=gettext_lazy("Enveloppe"), required=False,
                                      empty_label=gettext_lazy("Toutes"))
    commune = forms.ModelChoiceField(
        Commune.objects.all(), label=gettext_lazy("Commune"), required=False,
        to_field_name="slug", empty_label=gettext_lazy("Toutes"),
    )
    theme = forms.ModelChoiceField(
        Theme.objects.all(), label=gettext_lazy("Thème"), required=False,
        to_field_name="slug", empty_label=gettext_lazy("Tous"),
    )
    status = forms.ChoiceField(label=gettext_lazy("Statut"), required=False)

    def __init__(self, *args, budget: Budget, statuses=PUBLIC_PROJECT_STATUSES, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_budget"].queryset = budget.sub_budgets.all()
        self.fields["status"].choices = [("", _("Tous")),
                                         *[(status.value, status.label) for status in statuses]]


class ReviewFilterForm(ProjectFilterForm):
    def __init__(self, *args, budget: Budget, **kwargs):
        super().__init__(*args, budget=budget, statuses=list(ProjectStatus), **kwargs)
        del self.fields["commune"], self.fields["theme"]


class ReviewForm(forms.Form):
    technical_analysis = forms.CharField(
        label=gettext_lazy("Analyse technique (interne)"), required=False, max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Jamais publiée."),
    )
    legal_analysis = forms.CharField(
        label=gettext_lazy("Analyse juridique (interne)"), required=False, max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Jamais publiée."),
    )
    cost = forms.IntegerField(
        label=gettext_lazy("Coût retenu après analyse (en euros)"), required=False, min_value=1,
        max_value=MAX_AMOUNT, widget=COST_WIDGET,
        help_text=gettext_lazy("Obligatoire pour un projet recevable : c'est le coût soumis"
                               " au vote."),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Décision"),
        choices=[(status.value, status.label) for status in projects.REVIEW_DECISIONS],
    )
    public_reason = forms.CharField(
        label=gettext_lazy("Motif public"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Obligatoire pour une décision (recevable ou non) : il est"
                               " publié avec le statut du projet."),
    )

    @classmethod
    def initial_from(cls, project) -> dict:
        status = (project.status if project.status in projects.REVIEW_DECISIONS
                  else ProjectStatus.REVIEWING)
        return {"technical_analysis": project.technical_analysis,
                "legal_analysis": project.legal_analysis,
                "cost": project.cost if project.cost is not None else project.estimated_cost,
                "status": status, "public_reason": project.public_reason}

    def review(self) -> projects.Review:
        return projects.Review(**self.cleaned_data)


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("n° %(number)s — %(title)s") % {"number": obj.pk, "title": obj.title}


class MergeForm(forms.Form):
    prefix = "fusion"  # shown with the review form, whose fields have the same names
    target = ProjectChoiceField(None, label=gettext_lazy("Projet conservé"),
                                empty_label=gettext_lazy("— Choisir —"),
                                help_text=gettext_lazy("Un projet proche de la même enveloppe."))
    public_reason = forms.CharField(
        label=gettext_lazy("Motif public"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = projects.merge_targets(project)


class PromotionForm(forms.Form):
    idea = ProjectChoiceField(None, label=gettext_lazy("Idée à reprendre"),
                              empty_label=gettext_lazy("— Choisir —"))
    sub_budget = SubBudgetChoiceField(None, label=gettext_lazy("Enveloppe"),
                                      empty_label=gettext_lazy("— Choisir —"))
    estimated_cost = forms.IntegerField(label=gettext_lazy("Coût estimé (en euros)"),
                                        min_value=1, max_value=MAX_AMOUNT, widget=COST_WIDGET)

    def __init__(self, *args, budget: Budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idea"].queryset = projects.promotable_ideas(budget)
        self.fields["sub_budget"].queryset = budget.sub_budgets.all()


# Back office ------------------------------------------------------------------------


class BudgetAdminForm(forms.ModelForm):
    """Ballot settings that go together: k for limited approval, points for cumulative."""

    class Meta:
        model = Budget
        fields = ["process", "title", "slug", "description", "amount", "submit_level",
                  "max_project_cost", "ballot_format", "max_choices", "points", "vote_level",
                  "desk_voting", "min_age", "residents_only", "ballot_changeable", "rule"]

    def clean(self):
        cleaned = super().clean()
        ballot_format = cleaned.get("ballot_format")
        needs = {"max_choices": BallotFormat.K_APPROVAL, "points": BallotFormat.CUMULATIVE}
        for field, needed_by in needs.items():
            given = cleaned.get(field)
            if ballot_format == needed_by and not given:
                self.add_error(field, _("Obligatoire pour le format « %(format)s ».")
                               % {"format": needed_by.label})
            elif ballot_format != needed_by and given:
                self.add_error(field, _("Ne s'applique qu'au format « %(format)s » : laissez"
                                        " ce champ vide.") % {"format": needed_by.label})
        vote_level = cleaned.get("vote_level")
        if (cleaned.get("desk_voting") and vote_level is not None
                and vote_level < DESK_VOTING_MIN_LEVEL):
            self.add_error("desk_voting", _(
                "Avec le vote au guichet, choisissez pour le vote en ligne le niveau « %(level)s »"
                " ou plus : sinon une même personne pourrait voter en ligne et au guichet."
            ) % {"level": VerificationLevel(DESK_VOTING_MIN_LEVEL).label})
        amount, max_cost = cleaned.get("amount"), cleaned.get("max_project_cost")
        if amount is not None and max_cost is not None and max_cost > amount:
            self.add_error("max_project_cost", _("Le coût maximal d'un projet dépasse le"
                                                 " montant total du budget."))
        return cleaned


class SubBudgetFormSet(forms.BaseInlineFormSet):
    """The envelopes share out the whole budget, and a district belongs to its commune."""

    def clean(self):
        super().clean()
        kept = [form for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        for form in kept:
            district, commune = form.cleaned_data.get("district"), form.cleaned_data.get("commune")
            if district is not None and district.commune_id != getattr(commune, "pk", None):
                form.add_error("district", _("Choisissez un quartier de la commune de"
                                             " l'enveloppe."))
        total = sum(form.cleaned_data.get("amount") or 0 for form in kept)
        amount = self.instance.amount
        if amount is not None and total != amount:
            raise ValidationError(
                _("Les enveloppes totalisent %(total)s, mais le budget est de %(amount)s :"
                  " leur somme doit être égale au montant total.")
                % {"total": euros(total), "amount": euros(amount)}
            )
