"""Form pieces shared by every tool: the honeypot, forms with a photo kept across failed
posts, placed contributions (a point and a photo) and the way a domain rule's refusal is
shown on a form."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.core import bounds
from parvis.core.errors import DomainError
from parvis.core.formats import single_line
from parvis.core.forms_accounts import HoneypotInput
from parvis.core.services import addresses, photos

REFUSED = gettext_lazy("Votre demande n'a pas pu être traitée.")


def honeypot_field() -> forms.CharField:
    return forms.CharField(label=gettext_lazy("Laissez ce champ vide"), required=False,
                           widget=HoneypotInput)


def refusal_message(error) -> str:
    """Why something was refused (any error with a `message`), with a link to the page that
    lets the person fix it when the error carries a `url` (the charter to accept)."""
    url = getattr(error, "url", "")
    if url:
        return format_html('{} <a href="{}">{}</a>', error.message, url, _("Ouvrir cette page"))
    return error.message


def add_domain_error(form: forms.Form, error, fields: dict[str, str] | None = None) -> None:
    """Show a refusal next to the field it is about (`error.field`, renamed through
    `fields` when the service and the form name it differently), else above the form."""
    field = getattr(error, "field", None)
    field = (fields or {}).get(field, field)
    form.add_error(field if field in form.fields else None, refusal_message(error))


class Attempt:
    """`with Attempt(form, Refusal) as attempt:` around the service call a valid form asks
    for: a `Refusal` it raises is shown on the form (`add_domain_error`, with `fields`) and
    `attempt.succeeded` stays False; any other error goes through."""

    def __init__(self, form: forms.Form, refusals=DomainError, fields: dict | None = None):
        self.form, self.refusals, self.fields = form, refusals, fields
        self.succeeded = False
        self.result = None

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback) -> bool:
        if error is None:
            self.succeeded = True
            return False
        if isinstance(error, self.refusals):
            add_domain_error(self.form, error, self.fields)
            return True
        return False


def carried_out(request, form: forms.Form, refusals, action, success: str = "") -> Attempt:
    """The `Attempt` of `action(form.cleaned_data)`, the service call a valid `form` asks for
    (an unbound or invalid form runs nothing): its `result` is what the action returned, and
    `success`, when given, is shown to the person once it succeeded."""
    attempt = Attempt(form, refusals)
    if form.is_valid():
        with attempt:
            attempt.result = action(form.cleaned_data)
        if attempt.succeeded and success:
            messages.success(request, success)
    return attempt


class FilterForm(forms.Form):
    """The filters of a list, read from its query string: invalid values are reported on the
    form, then ignored."""

    def filters(self) -> dict:
        """The values given, by field name (none at all when one is invalid)."""
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


DAY_OUT_OF_RANGE = gettext_lazy("Choisissez une date entre le 1er janvier 1900 et le"
                                 " 31 décembre 2999.")


class DayField(forms.DateField):
    """A day typed in a form or a query string, within the range the site computes with
    (`core.bounds`): a day out of it is refused with a French message, never a server
    error."""

    default_validators = [
        MinValueValidator(bounds.EARLIEST_DAY, message=DAY_OUT_OF_RANGE),
        MaxValueValidator(bounds.LATEST_DAY, message=DAY_OUT_OF_RANGE),
    ]


class SingleLineField(forms.CharField):
    """A title or a name: one line, whatever is pasted or posted (line breaks, tabs and runs
    of spaces become one space), as e-mail subjects and exports quote it."""

    def to_python(self, value):
        return single_line(super().to_python(value))


class KeptPhotoForm(forms.Form):
    """A form with an optional photo (the file field `photo_field`) that survives a failed
    post: the file sent is checked without being decoded when the form is cleaned, kept in
    the holding area (`core.services.photos`) when it is used or the page is shown again,
    and that page carries it as a signed token (`includes/photo_field.html`), so that the
    next post need not send it again. `kept_photo` is the photo to use (a `HeldPhoto`), or
    None."""

    photo_field = "image"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._upload: tuple[bytes, str] | None = None
        self._kept: photos.HeldPhoto | None = None

    @property
    def token_name(self) -> str:
        return f"{self.photo_field}_token"

    def clean(self):
        cleaned = super().clean()
        self._upload = self._kept = None
        upload = cleaned.get(self.photo_field)
        token = self.data.get(self.token_name, "")
        try:
            if upload:
                if upload.size > settings.PHOTO_MAX_BYTES:  # refused before it is read
                    raise DomainError(photos.PHOTO_MESSAGES["too_large"]())
                data = upload.read()
                photos.check(data, DomainError)
                self._upload = (data, upload.name)
            elif token:
                self._kept = photos.held_from_token(token)
                if self._kept is None:
                    raise DomainError(_("La photo conservée n'est plus disponible (délai"
                                        " dépassé ou lien non valide) : ajoutez-la de"
                                        " nouveau."))
        except DomainError as error:
            self.add_error(self.photo_field, error.message)
        return cleaned

    @property
    def kept_photo(self) -> photos.HeldPhoto | None:
        if self._upload is not None:
            self._kept, self._upload = photos.keep(*self._upload), None
        return self._kept

    @property
    def kept_photo_token(self) -> str:
        return photos.token(self.kept_photo) if self.kept_photo else ""

    def drop_photo(self) -> None:
        """Keep nothing of the photo sent (the sender was refused as such: too many
        posts)."""
        self._upload = None


ADDRESS_NOT_FOUND = gettext_lazy(
    "Cette adresse est introuvable dans la base des adresses de la métropole : vérifiez-la"
    " (numéro, nom de la voie, puis la commune après une virgule), choisissez la commune ou"
    " placez le point sur la carte.")


def locate_address(form: forms.Form, cleaned: dict, field: str = "address",
                   kept: bool = False) -> None:
    """Without a point, the point of the typed address, found in the site's address base
    (the map does it as one types; this does it for pages sent without JavaScript). An
    address not found is refused, unless it is `kept` as text (a landmark: « devant
    l'école »), when the point simply stays empty."""
    text = (cleaned.get(field) or "").strip()
    if not text or any(cleaned.get(name) is not None for name in ("latitude", "longitude")) \
            or form.has_error("latitude") or form.has_error("longitude"):
        return
    place = addresses.resolve(text)
    if place is not None:
        cleaned["latitude"], cleaned["longitude"] = place.latitude, place.longitude
    elif not kept:
        form.add_error(field, ADDRESS_NOT_FOUND)


class PlacedContribution(KeptPhotoForm):
    """A public contribution with an optional point and photo (ideas, budget projects), and a
    honeypot; subclasses set `field_order`. The point may be given by an address (found in
    the address base); a subclass that stores the address sets `address_kept`."""

    address_kept = False

    address = forms.CharField(
        label=gettext_lazy("Adresse (facultative)"), max_length=250, required=False,
        help_text=gettext_lazy("Par exemple : « 12 rue Sainte-Catherine, Bordeaux ». Elle"
                               " sert à placer le point."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    latitude = forms.FloatField(
        label=gettext_lazy("Latitude (facultative)"), required=False, min_value=-90,
        max_value=90, widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    longitude = forms.FloatField(
        label=gettext_lazy("Longitude (facultative)"), required=False, min_value=-180,
        max_value=180, widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    image = forms.FileField(
        label=gettext_lazy("Image (facultative)"), required=False,
        help_text=gettext_lazy("JPEG, PNG, WebP ou GIF, 10 Mo au plus. Les informations"
                               " cachées de l'image (position, appareil) sont supprimées."),
        widget=forms.FileInput(attrs={"accept": "image/*"}),
    )
    website = honeypot_field()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(REFUSED, code="refused")
        given = [cleaned.get(name) is not None for name in ("latitude", "longitude")]
        if any(given) and not all(given) and not self.has_error("latitude"):
            self.add_error("latitude", _("Indiquez la latitude et la longitude, ou aucune des"
                                         " deux."))
        locate_address(self, cleaned, kept=self.address_kept)
        return cleaned


CSV_MAX_BYTES = 5 * 1024 * 1024


class CsvUploadForm(forms.Form):
    """A CSV file to import in the back office (its rows are checked by the tool's service)."""

    file = forms.FileField(label=gettext_lazy("Fichier CSV (UTF-8, séparateur « ; » ou « , »)"))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > CSV_MAX_BYTES:
            raise ValidationError(gettext_lazy("Le fichier est trop volumineux (5 Mo au plus)."))
        return file
