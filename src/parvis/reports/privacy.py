"""Personal data in issue reports: the privacy register, "Mes données", retention and
account deletion. Registered when the app is ready."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from parvis.core import privacy
from parvis.reports import services
from parvis.reports.models import Follower, Report


def processings() -> list[privacy.Processing]:
    return [
        privacy.Processing(
            _("Signalements"),
            _("Transmettre un problème constaté dans l'espace public au service compétent et"
              " tenir informées les personnes qui le suivent."),
            privacy.PUBLIC_INTEREST,
            _("Compte ou adresse e-mail de suivi, nom et téléphone facultatifs, adresse IP"
              " d'envoi (limitation des abus), photo sans métadonnées, position du problème."),
            _("Coordonnées et adresse IP supprimées %(days)s jours après la clôture du"
              " signalement ; le signalement lui-même reste public, sans donnée personnelle :"
              " ni son auteur, ni sa position exacte. Partout où il est publié (sa page, la"
              " liste, la carte, l'API, Open311, les données ouvertes), son point est donné à"
              " environ 100 m près ; seuls la personne qui l'a envoyé (page de suivi) et les"
              " agents qui le traitent voient le point exact.")
            % {"days": settings.RETENTION_DAYS["report_contacts"]},
            subjects=_("Personnes qui signalent un problème, avec ou sans compte, et celles"
                       " qui suivent un signalement."),
            recipients=_("Agents du service auquel le signalement est routé et"
                         " administrateurs ; hébergeur (sous-traitant). Les données ouvertes"
                         " n'en contiennent aucune donnée personnelle."),
        ),
    ]


def my_reports(user) -> list[dict]:
    reports = Report.objects.filter(reporter=user).select_related("category", "commune")
    return [
        {
            **privacy.values(report, "tracking_code", "title", "description"),
            "category": report.category.name,
            "commune": report.commune.name,
            **privacy.values(report, "address", "latitude", "longitude", "status", "created_at",
                             "attributes"),
        }
        for report in reports
    ]


def followed_reports(user) -> list[str]:
    return list(
        Follower.objects.filter(user=user).values_list("report__tracking_code", flat=True)
    )


def forget(user) -> None:
    """A deleted account stops following reports; its own reports stay, anonymous."""
    Follower.objects.filter(user=user).delete()


PERSONAL_DATA = {"reports": my_reports, "followed_reports": followed_reports}
RETENTION = {"report_contacts": services.purge_contacts}
