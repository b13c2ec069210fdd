"""Personal data of loans: the privacy register, "Mes données", retention and account
deletion. Registered when the app is ready."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from parvis.core import privacy
from parvis.lending import services
from parvis.lending.models import Loan


def processings() -> list[privacy.Processing]:
    return [
        privacy.Processing(
            _("Prêts de matériel aux membres des panels"),
            _("Prêter une tablette ou un ordinateur aux membres d'un panel citoyen : convention"
              " de prêt, remise, rappels avant la fin, retour et incidents."),
            _("Exécution de la convention de prêt (art. 6-1-b RGPD)."),
            _("Membre du panel, appareil prêté, dates, convention acceptée (texte, version,"
              " date), incidents déclarés ; visibles du membre et des organisateurs du panel."),
            _("Anonymisées %(days)s jours après la fin du prêt ; l'historique des appareils,"
              " sans donnée personnelle, est conservé.")
            % {"days": settings.RETENTION_DAYS["loans"]},
        ),
    ]


def my_loans(user) -> list[dict]:
    loans = Loan.objects.filter(borrower=user).select_related(
        "device", "panel", "convention").prefetch_related("incidents")
    return [
        {
            "panel": str(loan.panel or ""),
            "device": f"{loan.device.get_kind_display()} {loan.device.model}",
            "serial_number": loan.device.serial_number,
            "status": loan.get_status_display(),
            **privacy.values(loan, "starts_on", "planned_end_on", "accessories", "handed_over_at",
                             "ended_on"),
            "convention": _convention(loan),
            "incidents": [
                {"kind": incident.get_kind_display(), "occurred_on": incident.occurred_on,
                 "description": incident.description, "status": incident.get_status_display()}
                for incident in loan.incidents.all()
            ],
        }
        for loan in loans
    ]


def _convention(loan: Loan) -> dict | None:
    acceptance = getattr(loan, "convention", None)
    if acceptance is None:
        return None
    return {"version": acceptance.version, "method": acceptance.get_method_display(),
            "accepted_at": acceptance.accepted_at, "signed_on": acceptance.signed_on,
            "text": acceptance.text, "text_sha256": acceptance.text_hash}


PERSONAL_DATA = {"loans": my_loans}
RETENTION = {"loans": services.purge_loans}
forget = services.forget_loans
