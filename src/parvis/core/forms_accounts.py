"""Forms of people's accounts: registration, login, profile, helpers' consents, deletion."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import BaseUserCreationForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from parvis.core import pseudonyms, throttle
from parvis.core.models import LoginAttempt, User
from parvis.core.services import accounts

CONSENT_MONTHS = range(1, 13)


class HoneypotInput(forms.TextInput):
    """A text input hidden from people (CSS, aria-hidden, out of the tab order) that bots fill.

    It renders its own label and wrapper, so form templates list it with the hidden fields.
    """

    template_name = "accounts/widgets/honeypot.html"
    is_hidden = True

    def __init__(self):
        super().__init__(attrs={"autocomplete": "off", "tabindex": "-1"})


class ProfileFieldsMixin:
    """Rules shared by the registration and profile forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].empty_label = _("Non précisée")

    def clean_pseudonym(self):
        pseudonym = pseudonyms.normalise(self.cleaned_data["pseudonym"])
        if not pseudonym:
            raise ValidationError(_("Choisissez un pseudonyme fait de caractères visibles."))
        if pseudonym.lower().startswith(accounts.DELETED_PREFIX):
            raise ValidationError(_("Ce pseudonyme est réservé. Choisissez-en un autre."))
        if accounts.is_pseudonym_taken(pseudonym, exclude=self.instance):
            raise ValidationError(
                _("Ce pseudonyme est déjà pris, ou ressemble trop à un pseudonyme existant"
                  " (majuscules, minuscules et caractères qui se ressemblent comme « l » et"
                  " « I » comprises). Choisissez-en un autre.")
            )
        return pseudonym


class RegistrationForm(ProfileFieldsMixin, BaseUserCreationForm):
    accept_terms = forms.BooleanField(
        label=gettext_lazy("J'accepte les conditions d'utilisation"),
        error_messages={
            "required": gettext_lazy(
                "Vous devez accepter les conditions d'utilisation pour créer un compte."
            )
        },
    )
    website = forms.CharField(
        label=gettext_lazy("Laissez ce champ vide"), required=False, widget=HoneypotInput
    )

    class Meta:
        model = User
        fields = ["email", "pseudonym", "first_name", "last_name", "commune"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["pseudonym"].widget.attrs["autocomplete"] = "nickname"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["accept_terms"].help_text = format_html(
            _('Lire <a href="{}">l\'information sur les données personnelles</a>.'),
            reverse("privacy"),
        )

    def clean_email(self):
        # Whether the address has an account is not said here: `accounts.register` tells
        # the address's owner by e-mail.
        return self.cleaned_data["email"].strip().lower()

    def validate_unique(self):
        exclude = self._get_validation_exclusions() | {"email"}
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)

    def clean(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Votre demande n'a pas pu être traitée."), code="refused")
        return super().clean()

    def profile(self) -> dict:
        """The account's fields, as the registration service takes them."""
        names = [*self.Meta.fields, "password1"]
        values = {name: self.cleaned_data[name] for name in names}
        values["password"] = values.pop("password1")
        return values


def throttle_message(refusal: throttle.Throttled) -> str:
    minutes = refusal.minutes_left
    message = ngettext(
        "Trop de tentatives de connexion ont échoué. Par sécurité, réessayez dans"
        " %(minutes)d minute, à partir de %(time)s.",
        "Trop de tentatives de connexion ont échoué. Par sécurité, réessayez dans"
        " %(minutes)d minutes, à partir de %(time)s.",
        minutes,
    )
    return message % {"minutes": minutes,
                      "time": time_format(timezone.localtime(refusal.retry_at))}


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Adresse e-mail"),
        max_length=LoginAttempt._meta.get_field("email").max_length,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=gettext_lazy("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        email, password = self.cleaned_data.get("email"), self.cleaned_data.get("password")
        if email and password:
            try:
                self.user = accounts.authenticate_throttled(self.request, email, password)
            except throttle.Throttled as exc:
                raise ValidationError(throttle_message(exc), code="throttled") from exc
            if self.user is None:
                raise ValidationError(
                    _("Adresse e-mail ou mot de passe incorrect."), code="invalid_login"
                )
        return self.cleaned_data

    def get_user(self):
        return self.user


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code de vérification"),
        max_length=20,
        help_text=gettext_lazy(
            "Le code à 6 chiffres affiché par votre application d'authentification, ou l'un"
            " de vos codes de secours."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                      "inputmode": "numeric", "spellcheck": "false"}),
    )

    def __init__(self, *args, request, user, **kwargs):
        self.request = request
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_code(self):
        try:
            verified = accounts.verify_second_factor(self.request, self.user,
                                                     self.cleaned_data["code"])
        except throttle.Throttled as exc:
            raise ValidationError(throttle_message(exc), code="throttled") from exc
        if not verified:
            raise ValidationError(
                _("Ce code n'est pas valide. Vérifiez l'heure de votre téléphone, ou utilisez un"
                  " code de secours."), code="invalid_code"
            )
        return self.cleaned_data["code"]


class EnrolmentForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code affiché par l'application"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "spellcheck": "false"}),
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's, within the hourly limit of e-mails to one address (the page answers the
    same either way)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        if accounts.email_allowed(to_email):
            super().send_mail(subject_template_name, email_template_name, context, from_email,
                              to_email, html_email_template_name)


class ProfileForm(ProfileFieldsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["pseudonym", "first_name", "last_name", "show_real_name", "commune",
                  "birth_date"]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        if birth_date and birth_date >= timezone.localdate():
            raise ValidationError(_("La date de naissance doit être dans le passé."))
        return birth_date

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data}


def consent_duration_choices():
    return [(months, _("%(months)d mois") % {"months": months}) for months in CONSENT_MONTHS]


class HelpConsentForm(forms.Form):
    helper_email = forms.EmailField(
        label=gettext_lazy("Adresse e-mail de l'aidant·e"),
        help_text=gettext_lazy("La personne doit être enregistrée comme aidant·e sur le site."),
    )
    scope = forms.CharField(
        label=gettext_lazy("Objet de l'aide"),
        max_length=200,
        help_text=gettext_lazy("Par exemple : « m'aider à déposer un signalement »."),
    )
    months = forms.TypedChoiceField(
        label=gettext_lazy("Durée"), choices=consent_duration_choices, coerce=int, initial=3
    )

    def clean_helper_email(self):
        email = self.cleaned_data["helper_email"]
        self.helper = accounts.find_helper(email)
        if self.helper is None:
            raise ValidationError(
                _("Aucun·e aidant·e n'est inscrit·e avec cette adresse. Vérifiez-la auprès de"
                  " la personne qui vous aide.")
            )
        return email


class ThrottledPasswordMixin:
    """The current password asked again, checked on the throttled login path."""

    incorrect_password = gettext_lazy("Mot de passe incorrect.")

    def check_current_password(self, password: str) -> str:
        try:
            confirmed = accounts.confirm_password(self.request, self.user, password)
        except throttle.Throttled as exc:
            raise ValidationError(throttle_message(exc), code="throttled") from exc
        if not confirmed:
            raise ValidationError(self.incorrect_password, code="password_incorrect")
        return password


class PasswordChangeForm(ThrottledPasswordMixin, auth_forms.PasswordChangeForm):
    incorrect_password = auth_forms.PasswordChangeForm.error_messages["password_incorrect"]

    def __init__(self, user, *args, request, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        return self.check_current_password(self.cleaned_data["old_password"])


class DeleteAccountForm(ThrottledPasswordMixin, forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Votre mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Je comprends que la suppression de mon compte est définitive."),
        error_messages={"required": gettext_lazy("Cochez cette case pour confirmer.")},
    )

    def __init__(self, *args, request, **kwargs):
        self.request = request
        self.user = request.user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        return self.check_current_password(self.cleaned_data["password"])
