"""The register of processings of personal data, shown on the privacy page.

Core lists its own processings; each module that processes personal data declares a
function returning its entries (`Module.privacy`), with the retention setting that
`parvis purge_expired` enforces.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from parvis.core import modules


@dataclass(frozen=True)
class Processing:
    name: str
    purpose: str
    legal_basis: str
    data: str
    retention: str


def processings() -> list[Processing]:
    return core_processings() + [entry for module in modules.all_modules() if module.privacy
                                 for entry in module.privacy()]


def core_processings() -> list[Processing]:
    days = settings.RETENTION_DAYS
    return [
        Processing(
            _("Comptes des participant·es"),
            _("Permettre de participer, de suivre ses contributions et d'être informé·e."),
            _("Mission d'intérêt public (art. 6-1-e RGPD)."),
            _("Adresse e-mail, pseudonyme, nom et prénom (facultatifs), commune, date de naissance"
              " (facultative), mot de passe chiffré (Argon2)."),
            _("Jusqu'à la suppression du compte ; les comptes non confirmés sont supprimés après"
              " %(days)s jours.") % {"days": days["unconfirmed_accounts"]},
        ),
        Processing(
            _("Vérification d'identité"),
            _("Garantir qu'une personne ne détient qu'un seul compte vérifié (votes, soutiens)."),
            _("Mission d'intérêt public (art. 6-1-e RGPD)."),
            _("Empreinte salée de l'identité (prénoms, nom, sexe, date et lieu de naissance ;"
              " jamais l'identité elle-même) et sa version, méthode et date de vérification,"
              " agent ayant vérifié."),
            _("Jusqu'à la suppression du compte."),
        ),
        Processing(
            _("Sécurité des connexions"),
            _("Limiter les tentatives de connexion et protéger les comptes."),
            _("Intérêt légitime (art. 6-1-f RGPD)."),
            _("Adresse e-mail saisie, adresse IP, date des échecs de connexion."),
            _("%(days)s jours.") % {"days": days["login_attempts"]},
        ),
        Processing(
            _("Consentements d'aide"),
            _("Permettre à un·e aidant·e (médiateur·rice numérique, proche) d'agir pour une"
              " personne qui l'a demandé."),
            _("Consentement (art. 6-1-a RGPD)."),
            _("Identité de l'aidant·e et de la personne aidée, objet et durée de l'aide."),
            _("%(days)s jours après la fin du consentement.") % {"days": days["help_consents"]},
        ),
        Processing(
            _("Courriels envoyés"),
            _("Envoyer les courriels du service (confirmations, notifications, rappels) sans"
              " en perdre ni en envoyer deux fois."),
            _("Mission d'intérêt public (art. 6-1-e RGPD)."),
            _("Adresse du ou de la destinataire, objet et texte du courriel, dates d'envoi."),
            _("%(days)s jours après l'envoi ; les tâches d'envoi terminées, %(tasks)s jours.")
            % {"days": days["outbox"], "tasks": days["task_results"]},
        ),
        Processing(
            _("Journal d'audit"),
            _("Tracer les décisions et changements importants (statuts, modération, votes,"
              " vérifications, exports)."),
            _("Obligation légale et mission d'intérêt public."),
            _("Auteur, rôle, action, date."),
            _("%(days)s jours.") % {"days": days["audit_log"]},
        ),
    ]
