"""Forms of applications: the application in parts (organisation, project, evaluation,
budget, partners), the budget lines and partners as formsets that grow without JavaScript,
and the organisers' admissibility review."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms import inlineformset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.calls import applications
from parvis.calls.applications import AID_LABEL, ApplicationError, Changes
from parvis.calls.models import Application, ApplicationStatus, BudgetLine, Call, Partner
from parvis.core.forms import SingleLineField

MAX_LINES = 40
MAX_PARTNERS = 20


class ApplicationForm(forms.ModelForm):
    """Only the organisation and the project's title are needed to keep a draft; the rest
    is checked when the application is submitted."""

    siret = forms.CharField(  # 14 digits, typed with or without spaces
        label=gettext_lazy("SIRET"), required=False, max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=gettext_lazy("14 chiffres."),
    )

    class Meta:
        model = Application
        fields = ["organisation", "organisation_kind", "siret", "presentation", "title",
                  "summary", "project", "target_public", "beneficiaries", "indicators",
                  "requested_amount"]
        field_classes = {"organisation": SingleLineField, "title": SingleLineField}
        widgets = {
            "presentation": forms.Textarea(attrs={"rows": 5}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "project": forms.Textarea(attrs={"rows": 8}),
            "target_public": forms.Textarea(attrs={"rows": 4}),
            "indicators": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "organisation_kind": gettext_lazy("Association, entreprise de l'économie sociale"
                                              " et solidaire, commune, établissement public…"),
            "summary": gettext_lazy("Deux ou trois phrases. Publié avec le nom de la structure"
                                    " si le projet est retenu : pas de données personnelles."),
            "indicators": gettext_lazy("Un indicateur par ligne, par exemple : nombre de"
                                       " personnes accompagnées, part se disant autonomes après"
                                       " six mois."),
        }

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        for name, form_field in self.fields.items():
            form_field.required = name in ("organisation", "title")
        amount = self.fields["requested_amount"]
        amount.help_text = applications.amount_range_message(call) if (
            call.min_amount is not None or call.max_amount is not None) else ""
        amount.widget.attrs.update({"min": call.min_amount or 0, "step": 1})
        if call.max_amount is not None:
            amount.widget.attrs["max"] = call.max_amount

    def clean_siret(self):
        siret = "".join(self.cleaned_data["siret"].split())
        if siret and not (siret.isdigit() and len(siret) == 14):
            raise ValidationError(_("Un numéro SIRET compte 14 chiffres."))
        return siret

    def clean_requested_amount(self):
        amount = self.cleaned_data["requested_amount"]
        if amount is not None and not applications.amount_in_range(self.call, amount):
            raise ValidationError(applications.amount_range_message(self.call))
        return amount


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["label", "amount"]
        widgets = {"amount": forms.NumberInput(attrs={"min": 0, "step": 1})}

    def clean_label(self):
        label = self.cleaned_data["label"].strip()
        if label.casefold() == AID_LABEL.casefold():
            raise ValidationError(_("La ligne « %s » est ajoutée d'elle-même, égale au montant"
                                    " demandé : donnez un autre nom à cette ressource.")
                                  % AID_LABEL)
        return label


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "role", "letter"]
        widgets = {"letter": forms.FileInput(attrs={"accept": "application/pdf,.pdf"})}
        help_texts = {"letter": gettext_lazy("PDF uniquement. Sans nouveau fichier, la lettre"
                                             " déjà jointe est gardée.")}

    def clean_letter(self):
        letter = self.cleaned_data["letter"]
        if isinstance(letter, UploadedFile):  # else the letter already attached, or none
            try:
                applications.prepare_letter(letter)
            except ApplicationError as error:
                raise ValidationError(error.message) from error
        return letter


def formset_class(form, max_num: int, extra: int):
    return inlineformset_factory(Application, form._meta.model, form=form, extra=extra,
                                 can_delete=True, max_num=max_num, validate_max=True)


class ApplicationForms:
    """The application form and its three formsets, validated and read together.

    `more` names the formset whose "add a line" button was pressed: it shows an extra
    empty row (the others show one), so rows are added without JavaScript."""

    FORMSETS = {"depenses": BudgetLine.Kind.EXPENSE, "ressources": BudgetLine.Kind.RESOURCE}

    def __init__(self, data=None, files=None, *, call: Call, instance: Application,
                 more: str = ""):
        self.form = ApplicationForm(data, files, call=call, instance=instance)
        self.lines = {
            prefix: formset_class(BudgetLineForm, MAX_LINES, 2 if more == prefix else 1)(
                data, instance=instance, prefix=prefix,
                queryset=BudgetLine.objects.filter(kind=kind).exclude(label=AID_LABEL))
            for prefix, kind in self.FORMSETS.items()
        }
        self.partners = formset_class(
            PartnerForm, MAX_PARTNERS, 2 if more == "partenaires" else 1,
        )(data, files, instance=instance, prefix="partenaires")

    @property
    def formsets(self):
        return [*self.lines.values(), self.partners]

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), *(formset.is_valid() for formset in self.formsets)])

    def has_errors(self) -> bool:
        return bool(self.form.errors) or any(
            formset.total_error_count() for formset in self.formsets)

    @staticmethod
    def changes(formset) -> Changes:
        saved = formset.save(commit=False)
        return Changes(saved=saved, deleted=formset.deleted_objects)

    def save_draft(self, user) -> Application:
        return applications.save_draft(
            self.form.save(commit=False), user,
            expenses=self.changes(self.lines["depenses"]),
            resources=self.changes(self.lines["ressources"]),
            partners=self.changes(self.partners),
        )


class ReviewForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Recevabilité"), widget=forms.RadioSelect,
        choices=[(ApplicationStatus.ADMISSIBLE, gettext_lazy("Recevable : transmise au jury")),
                 (ApplicationStatus.INCOMPLETE,
                  gettext_lazy("Incomplète : le contact est invité à la compléter"))],
    )
    note = forms.CharField(
        label=gettext_lazy("Ce qui manque"), required=False, max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Obligatoire si la candidature est incomplète ; envoyé au"
                               " contact de la structure."),
    )
