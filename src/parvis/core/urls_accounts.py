from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from parvis.core import views_accounts as views
from parvis.core.forms_accounts import PasswordResetForm

app_name = "accounts"


def reset_step(route, view, template, title, name, **options):
    """A step of the password reset: Django's view on the site's template and title."""
    return path(route, view.as_view(template_name=f"registration/{template}",
                                    extra_context={"title": title}, **options), name=name)


password_reset_views = [
    reset_step(
        "mot-de-passe/oublie/", auth_views.PasswordResetView, "reset_request.html",
        _("Mot de passe oublié"), "password_reset",
        form_class=PasswordResetForm,
        email_template_name="registration/reset_email.txt",
        subject_template_name="registration/reset_subject.txt",
        extra_email_context={
            "SITE_NAME": settings.SITE_NAME,
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        },
        success_url=reverse_lazy("accounts:password_reset_done"),
    ),
    reset_step("mot-de-passe/oublie/envoye/", auth_views.PasswordResetDoneView,
               "reset_sent.html", _("Vérifiez votre messagerie"), "password_reset_done"),
    reset_step("mot-de-passe/nouveau/<uidb64>/<token>/", auth_views.PasswordResetConfirmView,
               "reset_confirm.html", _("Choisir un nouveau mot de passe"),
               "password_reset_confirm",
               success_url=reverse_lazy("accounts:password_reset_complete")),
    reset_step("mot-de-passe/nouveau/termine/", auth_views.PasswordResetCompleteView,
               "reset_complete.html", _("Mot de passe modifié"), "password_reset_complete"),
]


urlpatterns = [
    path("", views.profile, name="profile"),
    path("inscription/", views.register, name="register"),
    path("inscription/envoyee/", views.registration_sent, name="registration_sent"),
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("connexion/code/", views.login_code, name="login_code"),
    path("double-authentification/", views.two_factor_settings, name="two_factor"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("confirmation/renvoyer/", views.resend_confirmation, name="resend_confirmation"),
    path("confirmation/<str:token>/", views.confirm_email, name="confirm_email"),
    path("mot-de-passe/modifier/", views.PasswordChangeView.as_view(), name="password_change"),
    *password_reset_views,
    path("aidants/", views.give_consent, name="give_consent"),
    path("aidants/<int:pk>/retrait/", views.revoke_consent, name="revoke_consent"),
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/telechargement/", views.download_my_data, name="download_my_data"),
    path("mes-donnees/suppression/", views.delete_account, name="delete_account"),
]
