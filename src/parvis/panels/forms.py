"""Forms of recruitment and draws: volunteering (profile, eligibility data, consent), the
seed of a draw, and recording a member's withdrawal."""

from datetime import date

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.core.formats import date_format
from parvis.core.models import Commune
from parvis.core.search import alphabetical_order
from parvis.panels.draws import SEED_MAX_LENGTH
from parvis.panels.models import Panel, QuotaCategory, Volunteer
from parvis.panels.recruitment import Application

OUTSIDE = "hors-metropole"
CATEGORY_PREFIX = "categorie_"


def retention_notice(panel: Panel) -> str:
    return _(
        "Votre date de naissance et vos communes sont conservées jusqu'à %(days)s jours après"
        " la fin du panel (%(end)s), puis effacées. Votre profil anonymisé (un identifiant tiré au"
        " hasard et les catégories ci-dessus, sans nom ni date de naissance) est publié avec"
        " le tirage pour que chacun puisse le vérifier."
    ) % {"days": settings.RETENTION_DAYS["panel_volunteers"],
         "end": date_format(panel.ends_on, "j F Y")}


class VolunteerForm(forms.Form):
    """The volunteer form of `panel`: its ASKED categories become radio groups."""

    birth_date = forms.DateField(
        label=gettext_lazy("Date de naissance"),
        help_text=gettext_lazy("Pour vérifier l'âge minimal et calculer votre tranche d'âge."),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}),
    )
    home_commune = forms.ChoiceField(label=gettext_lazy("Commune de résidence"))
    work_commune = forms.ChoiceField(
        label=gettext_lazy("Commune de travail ou d'études"), required=False,
        help_text=gettext_lazy("Si vous habitez hors de la métropole mais y travaillez."),
    )
    consent = forms.BooleanField(
        label=gettext_lazy("J'accepte le traitement de ces données pour le tirage au sort"
                           " et la vie du panel."),
    )

    def __init__(self, panel: Panel, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.panel = panel
        self.communes = {c.slug: c for c in Commune.objects.order_by(*alphabetical_order("name"))}
        communes = [(c.slug, c.name) for c in self.communes.values()]
        self.fields["home_commune"].choices = [
            ("", _("Choisissez votre commune")), *communes, (OUTSIDE, _("Hors métropole")),
        ]
        if panel.workers_eligible:
            self.fields["work_commune"].choices = [
                ("", _("Je ne travaille pas dans la métropole")), *communes,
            ]
        else:
            del self.fields["work_commune"]
        self.asked = list(panel.categories.filter(source=QuotaCategory.Source.ASKED)
                          .prefetch_related("values"))
        for category in self.asked:
            self.fields[CATEGORY_PREFIX + category.key] = forms.ChoiceField(
                label=category.name, widget=forms.RadioSelect,
                choices=[(value.key, value.label) for value in category.values.all()],
            )
        self.fields["consent"].help_text = f"{panel.consent_text} {retention_notice(panel)}"
        # The consent closes the form.
        self.order_fields([name for name in self.fields if name != "consent"] + ["consent"])

    @classmethod
    def initial_from(cls, volunteer: Volunteer) -> dict:
        return {
            "birth_date": volunteer.birth_date,
            "home_commune": volunteer.home_commune.slug if volunteer.home_commune else OUTSIDE,
            "work_commune": volunteer.work_commune.slug if volunteer.work_commune else "",
            **{CATEGORY_PREFIX + key: value for key, value in volunteer.profile.items()},
        }

    def category_fields(self):
        return [self[CATEGORY_PREFIX + category.key] for category in self.asked]

    def other_fields(self):
        return [field for field in self if not field.name.startswith(CATEGORY_PREFIX)
                and field.name != "consent"]

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        if birth_date > timezone.localdate() or birth_date < date(1900, 1, 1):
            raise forms.ValidationError(_("Cette date de naissance n'est pas plausible."))
        return birth_date

    def clean(self):
        data = super().clean()
        if data.get("home_commune") == OUTSIDE and self.panel.workers_eligible and not data.get(
                "work_commune"):
            self.add_error("work_commune", _(
                "Indiquez la commune où vous travaillez : ce panel est ouvert aux personnes"
                " qui habitent ou travaillent dans la métropole."))
        return data

    def application(self) -> Application:
        data = self.cleaned_data
        return Application(
            birth_date=data["birth_date"],
            home_commune=self.communes.get(data["home_commune"]),
            work_commune=self.communes.get(data.get("work_commune") or ""),
            answers={category.key: data[CATEGORY_PREFIX + category.key]
                     for category in self.asked},
        )


class SeedForm(forms.Form):
    seed = forms.CharField(
        label=gettext_lazy("Graine (facultatif)"), required=False, max_length=SEED_MAX_LENGTH,
        help_text=gettext_lazy("Par exemple le résultat d'un tirage public annoncé à l'avance."
                               " Laissée vide, une graine est tirée au hasard par le"
                               " système."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class MemberWithdrawalForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motif du retrait"), max_length=250,
        help_text=gettext_lazy("Visible des organisateurs seulement."),
    )
