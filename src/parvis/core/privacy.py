"""The register of processings of personal data (GDPR art. 30), shown on the privacy page
and exported for the data-protection officer.

Core lists its own processings; each module that processes personal data declares a
function returning its entries (`Module.privacy`), with the retention setting that
`parvis purge_expired` enforces. An entry names its purpose, legal basis, the people it
concerns, the data, who receives it and how long it is kept; the register adds what every
processing shares (controller, no transfer outside the EU, security measures).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from parvis.core import modules

REGISTERED_PEOPLE = _("Personnes inscrites sur la plateforme.")
# The legal basis of most processings of a public body's participation platform.
PUBLIC_INTEREST = _("Mission d'intérêt public (art. 6-1-e RGPD).")
AUTHORISED_STAFF = _("Agents habilités de l'organisation pour cette finalité et"
                     " administrateurs de la plateforme ; hébergeur (sous-traitant).")
# What every processing shares, stated once in the register.
TRANSFERS = _("Aucun transfert hors de l'Union européenne.")
SECURITY = _("Hébergement dans l'Union européenne, connexions chiffrées (HTTPS), mots de passe"
             " chiffrés (Argon2), double authentification des rôles qui accèdent aux données"
             " d'autrui, accès limité par rôle et par service, journal d'audit, suppression"
             " automatique à l'échéance.")
PLATFORM = _("Plateforme")


@dataclass(frozen=True)
class Processing:
    name: str
    purpose: str
    legal_basis: str
    data: str
    retention: str
    subjects: str = REGISTERED_PEOPLE  # the categories of people whose data it holds
    recipients: str = AUTHORISED_STAFF


@dataclass(frozen=True)
class Entry:
    """A processing in the register, with the module that declares it."""

    module: str
    processing: Processing


def processings() -> list[Processing]:
    return [entry.processing for entry in register()]


def values(obj, *names: str) -> dict:
    """`{name: obj.name}` for each of `names`: the plain fields of an entry of « Mes données »."""
    return {name: getattr(obj, name) for name in names}


def names_of(obj, *relations: str) -> dict:
    """`{relation: obj.relation.name}` for each of `relations` (None where there is no related
    object): the theme, commune or site of an entry of « Mes données », by its name."""
    return {relation: getattr(getattr(obj, relation), "name", None) for relation in relations}


def register() -> list[Entry]:
    """Every processing of the platform and of the modules, in the register's order."""
    return [Entry(str(PLATFORM), processing) for processing in core_processings()] + [
        Entry(str(module.label), processing) for module in modules.all_modules()
        if module.privacy for processing in module.privacy()]


COLUMNS = {
    "module": _("Module"),
    "name": _("Traitement"),
    "purpose": _("Finalité"),
    "legal_basis": _("Base légale"),
    "subjects": _("Personnes concernées"),
    "data": _("Catégories de données"),
    "recipients": _("Destinataires"),
    "retention": _("Durée de conservation"),
    "transfers": _("Transferts hors UE"),
    "security": _("Mesures de sécurité"),
}


def register_rows() -> list[dict[str, str]]:
    """The register as rows (keys of COLUMNS), for its CSV and JSON exports."""
    return [{"module": entry.module,
             **{name: str(getattr(entry.processing, name)) for name in
                ("name", "purpose", "legal_basis", "subjects", "data", "recipients",
                 "retention")},
             "transfers": str(TRANSFERS), "security": str(SECURITY)}
            for entry in register()]


def core_processings() -> list[Processing]:
    days = settings.RETENTION_DAYS
    return [
        Processing(
            _("Comptes des participant·es"),
            _("Permettre de participer, de suivre ses contributions et d'être informé·e."),
            PUBLIC_INTEREST,
            _("Adresse e-mail, pseudonyme, nom et prénom (facultatifs), commune, date de naissance"
              " (facultative), mot de passe chiffré (Argon2)."),
            _("Jusqu'à la suppression du compte ; les comptes non confirmés sont supprimés après"
              " %(days)s jours.") % {"days": days["unconfirmed_accounts"]},
            recipients=_("Administrateurs de la plateforme ; agents qui traitent une"
                         " contribution de la personne, pour ce qui la concerne ; hébergeur"
                         " (sous-traitant)."),
        ),
        Processing(
            _("Vérification d'identité"),
            _("Garantir qu'une personne ne détient qu'un seul compte vérifié (votes, soutiens)."),
            PUBLIC_INTEREST,
            _("Empreinte salée de l'identité (prénoms, nom, sexe, date et lieu de naissance ;"
              " jamais l'identité elle-même) et sa version, méthode et date de vérification,"
              " agent ayant vérifié."),
            _("Jusqu'à la suppression du compte."),
            subjects=_("Personnes inscrites qui font vérifier leur identité (en ligne ou au"
                       " guichet)."),
            recipients=_("Aucun : l'empreinte n'est comparée qu'automatiquement ; l'agent du"
                         " guichet voit la pièce présentée, qui n'est pas conservée."),
        ),
        Processing(
            _("Sécurité des connexions"),
            _("Limiter les tentatives de connexion et protéger les comptes."),
            _("Intérêt légitime (art. 6-1-f RGPD)."),
            _("Adresse e-mail saisie, adresse IP, date des échecs de connexion."),
            _("%(days)s jours.") % {"days": days["login_attempts"]},
            subjects=_("Personnes qui tentent de se connecter."),
            recipients=_("Administrateurs de la plateforme ; hébergeur (sous-traitant)."),
        ),
        Processing(
            _("Consentements d'aide"),
            _("Permettre à un·e aidant·e (médiateur·rice numérique, proche) d'agir pour une"
              " personne qui l'a demandé."),
            _("Consentement (art. 6-1-a RGPD)."),
            _("Identité de l'aidant·e et de la personne aidée, objet et durée de l'aide."),
            _("%(days)s jours après la fin du consentement.") % {"days": days["help_consents"]},
            subjects=_("Personnes aidées et leurs aidant·es."),
        ),
        Processing(
            _("Courriels envoyés"),
            _("Envoyer les courriels du service (confirmations, notifications, rappels) sans"
              " en perdre ni en envoyer deux fois."),
            PUBLIC_INTEREST,
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
            subjects=_("Agents, administrateurs et personnes dont l'action est tracée (vote,"
                       " vérification)."),
            recipients=_("Administrateurs de la plateforme ; sur réquisition, autorités"
                         " habilitées."),
        ),
    ]
