from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from parvis.core import views_accounts as views
from parvis.core.forms_accounts import PasswordResetForm

app_name = "accounts"

password_reset_views = [
    path(
        "mot-de-passe/oublie/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            template_name="registration/reset_request.html",
            email_template_name="registration/reset_email.txt",
            subject_template_name="registration/reset_subject.txt",
            extra_email_context={
                "site_url": settings.SITE_URL,
                "SITE_NAME": settings.SITE_NAME,
                "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            },
            extra_context={"title": _("Mot de passe oublié")},
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/reset_sent.html",
            extra_context={"title": _("Vérifiez votre messagerie")},
        ),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/reset_confirm.html",
            extra_context={"title": _("Choisir un nouveau mot de passe")},
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/reset_complete.html",
            extra_context={"title": _("Mot de passe modifié")},
        ),
        name="password_reset_complete",
    ),
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
