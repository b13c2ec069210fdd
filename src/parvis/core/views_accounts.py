"""A person's own account: registration, login, profile, helpers' consents, personal data."""

import copy
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from parvis.core.forms_accounts import (
    DeleteAccountForm,
    EnrolmentForm,
    HelpConsentForm,
    LoginForm,
    PasswordChangeForm,
    ProfileForm,
    RegistrationForm,
    SecondFactorForm,
)
from parvis.core.models import HelpConsent, VerificationLevel
from parvis.core.permissions import can_verify_in_person, requires_two_factor
from parvis.core.privacy import processings
from parvis.core.services import accounts, personal_data, two_factor

VERIFIED_ALLOWS = gettext_lazy(
    "Contribuer à toutes les démarches, y compris voter et soutenir quand une identité"
    " vérifiée est demandée."
)
LEVEL_ALLOWS = {
    VerificationLevel.NONE: gettext_lazy(
        "Consulter les démarches et suivre leur actualité. Confirmez votre adresse e-mail"
        " pour contribuer."
    ),
    VerificationLevel.EMAIL: gettext_lazy(
        "Contribuer aux démarches ouvertes aux comptes confirmés : répondre aux"
        " consultations, proposer des idées, commenter, signaler un problème."
    ),
    VerificationLevel.IN_PERSON: VERIFIED_ALLOWS,
    VerificationLevel.IDENTITY: VERIFIED_ALLOWS,
}
PROFILE_CONSENTS_ANCHOR = "#aidants"


@sensitive_post_parameters("password1", "password2")
@never_cache
def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = RegistrationForm(request.POST or None)
    if form.is_valid():
        # The same answer whether the address already had an account or not.
        accounts.register(**form.profile())
        return redirect("accounts:registration_sent")
    return render(request, "accounts/register.html", {"form": form})


def registration_sent(request):
    return render(request, "accounts/registration_sent.html",
                  {"title": _("Vérifiez votre messagerie")})


def _next_url(request) -> str:
    """The page to go to after logging in, if it is on this site."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()},
                                           require_https=request.is_secure())
    return next_url if safe else ""


def _to_code_step(next_url: str):
    query = "?" + urlencode({"next": next_url}) if next_url else ""
    return HttpResponseRedirect(reverse("accounts:login_code") + query)


class LoginView(auth_views.LoginView):
    """The one login form of the site and of the back office: password, then the code of
    the second factor for accounts that have one."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        if accounts.start_session(self.request, form.get_user()):
            return HttpResponseRedirect(self.get_success_url())
        return _to_code_step(self.get_redirect_url())


@sensitive_post_parameters("code")
@never_cache
def login_code(request):
    user = accounts.pending_login(request)
    if user is None:
        messages.info(request, _("Saisissez d'abord votre adresse e-mail et votre mot de passe."))
        return redirect("accounts:login")
    form = SecondFactorForm(request.POST or None, request=request, user=user)
    if form.is_valid():
        return redirect(_next_url(request) or settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/login_code.html",
                  {"form": form, "next": _next_url(request)})


@login_required
@sensitive_post_parameters("code")
@never_cache
def two_factor_settings(request):
    """Set up the authenticator app, or, once set up, renew the recovery codes."""
    user = request.user
    context = {"title": _("Double authentification"), "required": requires_two_factor(user)}
    if two_factor.is_enrolled(user):
        if request.method == "POST" and user.is_verified():
            context["recovery_codes"] = two_factor.new_recovery_codes(user)
        context["remaining"] = two_factor.remaining_recovery_codes(user)
        return render(request, "accounts/two_factor.html", context)
    device = two_factor.start_enrolment(user)
    form = EnrolmentForm(request.POST or None)
    if form.is_valid():
        try:
            context["recovery_codes"] = two_factor.confirm_enrolment(
                user, device, form.cleaned_data["code"])
        except two_factor.TwoFactorError as error:
            form.add_error("code", str(error))
        else:
            otp_login(request, device)
            context["next"] = _next_url(request)
            return render(request, "accounts/two_factor.html", context)
    context.update(form=form, qr_code=two_factor.qr_code(device),
                   manual_key=two_factor.manual_key(device), next=_next_url(request))
    return render(request, "accounts/two_factor.html", context)


@never_cache
def confirm_email(request, token):
    try:
        user = accounts.confirm_email(token)
    except accounts.AccountError as error:
        return render(
            request, "accounts/confirmation_failed.html", {"error": str(error)}, status=400
        )
    messages.success(request, _("Merci : votre adresse e-mail est confirmée."))
    if not accounts.start_session(request, user):
        return _to_code_step(reverse("accounts:profile"))
    return redirect("accounts:profile")


@login_required
@require_POST
def resend_confirmation(request):
    if request.user.email_confirmed_at is not None:
        messages.info(request, _("Votre adresse e-mail est déjà confirmée."))
    elif accounts.send_confirmation(request.user):
        messages.success(
            request,
            _("Un nouveau lien de confirmation a été envoyé à %(email)s.")
            % {"email": request.user.email},
        )
    else:
        messages.error(request, _("L'e-mail n'a pas pu être envoyé. Réessayez plus tard."))
    return redirect("accounts:profile")


@login_required
@never_cache
def profile(request):
    # The form edits a copy, so a refused change never shows as the current profile.
    form = ProfileForm(request.POST or None, instance=copy.copy(request.user))
    if form.is_valid():
        accounts.update_profile(request.user, form.changes())
        messages.success(request, _("Votre profil est enregistré."))
        return redirect("accounts:profile")
    return _render_profile(request, profile_form=form)


def _render_profile(request, profile_form=None, consent_form=None):
    user = request.user
    context = {
        "profile_form": profile_form or ProfileForm(instance=user),
        "consent_form": consent_form or HelpConsentForm(),
        "level_allows": LEVEL_ALLOWS[user.verification_level],
        "identity_verified": user.has_level(VerificationLevel.IDENTITY),
        "roles": user.role_grants.select_related("service", "commune"),
        "consents_given": accounts.current_consents(user.consents_given.select_related("helper")),
        "consents_received": accounts.current_consents(
            user.consents_received.select_related("person")
        ),
        "can_verify_others": can_verify_in_person(user),
        "two_factor_enrolled": two_factor.is_enrolled(user),
        "panel_applications": user.panel_applications.select_related("panel"),
    }
    return render(request, "accounts/profile.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("accounts:profile")
    extra_context = {"title": gettext_lazy("Changer de mot de passe")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        response = super().form_valid(form)
        accounts.record_password_change(self.request.user)
        messages.success(self.request, _("Votre mot de passe est modifié."))
        return response


@login_required
@require_POST
def give_consent(request):
    form = HelpConsentForm(request.POST)
    if form.is_valid():
        try:
            accounts.give_consent(
                request.user, form.helper, form.cleaned_data["scope"], form.cleaned_data["months"]
            )
        except accounts.AccountError as error:
            form.add_error("helper_email", str(error))
        else:
            messages.success(
                request,
                _("%(helper)s peut désormais agir pour vous.")
                % {"helper": form.helper.public_name},
            )
            return redirect(reverse("accounts:profile") + PROFILE_CONSENTS_ANCHOR)
    return _render_profile(request, consent_form=form)


@login_required
@require_POST
def revoke_consent(request, pk):
    consent = get_object_or_404(HelpConsent.objects.select_related("helper"), pk=pk,
                                person=request.user)
    accounts.revoke_consent(request.user, consent)
    messages.success(
        request,
        _("%(helper)s ne peut plus agir pour vous.") % {"helper": consent.helper.public_name},
    )
    return redirect(reverse("accounts:profile") + PROFILE_CONSENTS_ANCHOR)


@login_required
def my_data(request):
    return render(request, "accounts/personal_data.html", {"processings": processings()})


@login_required
@require_POST
def download_my_data(request):
    data = personal_data.export(request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    filename = f"mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@sensitive_post_parameters("password")
@never_cache
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, request=request)
    if form.is_valid():
        accounts.delete_account(request.user)
        logout(request)
        messages.success(
            request,
            _("Votre compte est supprimé. Vos contributions restent, signées « Compte"
              " supprimé »."),
        )
        return redirect("home")
    return render(request, "accounts/delete_account.html", {"form": form})
