"""Forms of the citizen pages of issue reports: the report itself, "moi aussi", the filters
of the public list and of the map data."""

import math
from collections import defaultdict
from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.core.forms import (
    REFUSED,
    DayField,
    KeptPhotoForm,
    SingleLineField,
    honeypot_field,
    locate_address,
)
from parvis.core.models import Commune
from parvis.reports import services
from parvis.reports.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Category,
    CategoryAttribute,
    Status,
)


def active_categories() -> list[Category]:
    """Categories offered to people: active ones whose parent, if any, is active too."""
    return list(
        Category.objects.filter(is_active=True)
        .filter(Q(parent__isnull=True) | Q(parent__is_active=True))
        .select_related("parent")
    )


def category_choices(categories: list[Category], parent_label) -> list:
    """Select choices by slug: a parent with sub-categories becomes a group listing them,
    then the parent itself labelled with `parent_label` (a format taking the name)."""
    children = defaultdict(list)
    for category in categories:
        if category.parent_id:
            children[category.parent_id].append(category)
    choices = []
    for parent in (category for category in categories if not category.parent_id):
        if children[parent.pk]:
            options = [(child.slug, child.name) for child in children[parent.pk]]
            options.append((parent.slug, parent_label % {"name": parent.name}))
            choices.append((parent.name, options))
        else:
            choices.append((parent.slug, parent.name))
    return choices


def attribute_field(attribute: CategoryAttribute) -> forms.Field:
    """The form field asking a category's extra question. It is never required in HTML
    (the question only concerns one category); the form checks it for that category."""
    options = {"label": attribute.description, "required": False}
    if attribute.required:
        options["help_text"] = _("Obligatoire pour cette catégorie.")
    values = [(value["key"], value["name"]) for value in attribute.values]
    kinds = CategoryAttribute.Datatype
    if attribute.datatype == kinds.NUMBER:
        return forms.FloatField(**options)
    if attribute.datatype == kinds.DATETIME:
        return forms.DateTimeField(
            input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                       format="%Y-%m-%dT%H:%M"),
            **options,
        )
    if attribute.datatype == kinds.TEXT:
        return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                               **options)
    if attribute.datatype == kinds.SINGLE:
        return forms.ChoiceField(choices=[("", _("— Choisir —")), *values], **options)
    if attribute.datatype == kinds.MULTI:
        return forms.MultipleChoiceField(choices=values, widget=forms.CheckboxSelectMultiple,
                                         **options)
    return forms.CharField(max_length=300, **options)


def is_empty(value) -> bool:
    return value is None or value == "" or value == []


class ReportForm(KeptPhotoForm):
    """A new report, on one page: photo, category, description, location (and contact)."""

    photo_field = "photo"

    photo = forms.FileField(
        label=gettext_lazy("Photo"),
        required=False,
        help_text=gettext_lazy("Facultative. JPEG, PNG, WebP ou GIF, 10 Mo au plus. Les"
                               " informations cachées de la photo (position, appareil) sont"
                               " supprimées."),
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    category = forms.ChoiceField(label=gettext_lazy("Type de problème"))
    title = SingleLineField(
        label=gettext_lazy("Titre"), max_length=120,
        help_text=gettext_lazy("En quelques mots, par exemple : « Lampadaire éteint »."),
    )
    address = forms.CharField(
        label=gettext_lazy("Adresse ou repère"), max_length=250, required=False,
        help_text=gettext_lazy("Par exemple : « 12 rue Sainte-Catherine » ou « devant l'école »."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    description = forms.CharField(
        label=gettext_lazy("Message"), max_length=5000,
        help_text=gettext_lazy("Décrivez le problème. N'indiquez pas de données personnelles :"
                               " ce message est public."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    latitude = forms.FloatField(
        label=gettext_lazy("Latitude"), required=False, min_value=-90, max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    longitude = forms.FloatField(
        label=gettext_lazy("Longitude"), required=False, min_value=-180, max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    commune = forms.ModelChoiceField(
        Commune.objects.all(), label=gettext_lazy("Commune"), required=False,
        to_field_name="slug", empty_label=gettext_lazy("Déduite de la position"),
        help_text=gettext_lazy("Obligatoire si vous ne donnez pas la position."),
    )
    contact_email = forms.EmailField(
        label=gettext_lazy("Votre adresse e-mail"), required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = honeypot_field()
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        self.categories = {category.slug: category for category in active_categories()}
        self.fields["category"].choices = [
            ("", _("— Choisir —")),
            *category_choices(list(self.categories.values()), _("Autre (%(name)s)")),
        ]
        self.attribute_groups = self._add_attribute_fields()
        if self.user is not None:
            del self.fields["contact_email"]
        else:
            months = round(settings.RETENTION_DAYS["report_contacts"] / 30.44)
            self.fields["contact_email"].help_text = _(
                "Facultative. Elle sert uniquement à vous envoyer le numéro de suivi et les"
                " nouvelles de votre signalement. Elle n'est jamais publiée et elle est"
                " supprimée %(months)d mois après la clôture du signalement."
            ) % {"months": months}

    def _add_attribute_fields(self) -> list[tuple[Category, list[str]]]:
        """One field per extra question of each category; returns (category, field names)."""
        attributes = CategoryAttribute.objects.filter(
            category__in=[category.pk for category in self.categories.values()]
        )
        by_pk = {category.pk: category for category in self.categories.values()}
        groups = defaultdict(list)
        for attribute in attributes:
            category = by_pk[attribute.category_id]
            name = f"{category.slug}__{attribute.code}"
            self.fields[name] = attribute_field(attribute)
            self.fields[name].attribute = attribute
            groups[category.slug].append(name)
        return [(self.categories[slug], names) for slug, names in groups.items()]

    def attribute_fieldsets(self) -> list[dict]:
        """Extra questions grouped by category, with the category slugs they apply to
        (a parent's questions apply to its sub-categories)."""
        return [
            {
                "category": category,
                "applies_to": " ".join(
                    slug for slug, other in self.categories.items()
                    if other.pk == category.pk or other.parent_id == category.pk
                ),
                "fields": [self[name] for name in names],
            }
            for category, names in self.attribute_groups
        ]

    def clean_category(self) -> Category:
        return self.categories[self.cleaned_data["category"]]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(REFUSED, code="refused")
        self._check_point(cleaned)
        if cleaned.get("category") is not None:
            self._check_required_answers(cleaned)
        return cleaned

    def _check_point(self, cleaned):
        given = [cleaned.get(name) is not None for name in ("latitude", "longitude")]
        if any(given) and not all(given) and not self.has_error("latitude"):
            self.add_error("latitude", _("Indiquez la latitude et la longitude, ou aucune des"
                                         " deux."))
        # An address not found stays as a landmark when the commune is given.
        locate_address(self, cleaned, kept=cleaned.get("commune") is not None)

    def _check_required_answers(self, cleaned):
        for name in self.attribute_names(cleaned["category"]):
            if self.fields[name].attribute.required and is_empty(cleaned.get(name)):
                self.add_error(name, _("Répondez à cette question pour cette catégorie."))

    def attribute_names(self, category: Category) -> list[str]:
        """Names of the fields asking the category's questions (and its parent's)."""
        slugs = {category.slug, category.parent.slug if category.parent_id else None}
        return [name for group, names in self.attribute_groups if group.slug in slugs
                for name in names]

    def attributes(self) -> dict:
        """Answers to the chosen category's questions, keyed by question code."""
        answers = {}
        for name in self.attribute_names(self.cleaned_data["category"]):
            value = self.cleaned_data.get(name)
            if not is_empty(value):
                answers[self.fields[name].attribute.code] = (
                    value.isoformat() if isinstance(value, datetime) else value
                )
        return answers

    @property
    def point(self) -> tuple[float, float] | None:
        latitude, longitude = self.cleaned_data["latitude"], self.cleaned_data["longitude"]
        return None if latitude is None or longitude is None else (latitude, longitude)

    def nearby_reports(self) -> list:
        point = self.point
        if point is None:
            return []
        return services.nearby_open_reports(self.cleaned_data["category"], *point)

    def submission(self) -> services.Submission:
        data = self.cleaned_data
        latitude, longitude = self.point or (None, None)
        return services.Submission(
            category=data["category"],
            title=data["title"],
            description=data["description"],
            address=data["address"],
            commune=data["commune"],
            latitude=latitude,
            longitude=longitude,
            photo=self.kept_photo,
            attributes=self.attributes(),
            contact_email="" if self.user else data["contact_email"],
        )

    def carried_fields(self) -> list:
        """What a second post must send again (the photo goes through its token)."""
        skipped = {"photo", "confirm", "website"}
        return [field for field in self if field.name not in skipped]


class MeTooForm(forms.Form):
    """"Moi aussi": people without an account may leave an e-mail to be kept informed."""

    email = forms.EmailField(
        label=gettext_lazy("Votre adresse e-mail (facultative)"), required=False,
        help_text=gettext_lazy("Pour être informé·e du traitement. Jamais publiée."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = honeypot_field()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            del self.fields["email"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(REFUSED, code="refused")
        return cleaned


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportFilterForm(forms.Form):
    """Filters of the public list and of the map data."""

    STATUS_CHOICES = [
        ("", gettext_lazy("Tous")),
        (gettext_lazy("État"), [("open", gettext_lazy("En cours de traitement")),
                                ("closed", gettext_lazy("Clos"))]),
        (gettext_lazy("Statut précis"), Status.choices),
    ]

    commune = forms.ModelChoiceField(
        Commune.objects.all(), label=gettext_lazy("Commune"), required=False,
        to_field_name="slug", empty_label=gettext_lazy("Toutes"),
    )
    category = forms.ChoiceField(label=gettext_lazy("Catégorie"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Statut"), choices=STATUS_CHOICES,
                               required=False)
    since = DayField(label=gettext_lazy("Depuis le"), required=False, widget=DATE_INPUT)
    until = DayField(label=gettext_lazy("Jusqu'au"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = active_categories()
        self.fields["category"].choices = [
            ("", _("Toutes")),
            *category_choices(self.categories, _("Tout « %(name)s »")),
        ]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("Cette date doit suivre la date de début."))
        return cleaned

    def filter(self, reports):
        """`reports` narrowed by the valid filters (all of them are ignored when invalid)."""
        if not self.is_valid():
            return reports
        data = self.cleaned_data
        if data["commune"]:
            reports = reports.filter(commune=data["commune"])
        if data["category"]:
            reports = reports.filter(category__in=[
                category.pk for category in self.categories
                if data["category"] in (category.slug, getattr(category.parent, "slug", None))
            ])
        if data["status"]:
            statuses = {"open": OPEN_STATUSES, "closed": CLOSED_STATUSES}.get(
                data["status"], [data["status"]]
            )
            reports = reports.filter(status__in=statuses)
        if data["since"]:
            reports = reports.filter(created_at__gte=start_of(data["since"]))
        if data["until"]:
            reports = reports.filter(created_at__lt=start_of(data["until"] + timedelta(days=1)))
        return reports


def start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class MapFilterForm(ReportFilterForm):
    """The list's filters plus a bounding box `west,south,east,north` in degrees."""

    bbox = forms.CharField(required=False)

    def clean_bbox(self):
        value = self.cleaned_data["bbox"]
        if not value:
            return None
        try:
            west, south, east, north = (float(part) for part in value.split(","))
        except ValueError:
            raise ValidationError(_("bbox attend quatre nombres : ouest,sud,est,nord."),
                                  code="invalid_bbox") from None
        finite = all(math.isfinite(number) for number in (west, south, east, north))
        if not (finite and -180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise ValidationError(
                _("bbox hors limites : ouest ≤ est entre -180 et 180, sud ≤ nord entre -90"
                  " et 90."),
                code="invalid_bbox",
            )
        return west, south, east, north

    def filter(self, reports):
        reports = super().filter(reports)
        if self.cleaned_data.get("bbox"):
            west, south, east, north = self.cleaned_data["bbox"]
            reports = reports.filter(latitude__range=(south, north),
                                     longitude__range=(west, east))
        return reports
