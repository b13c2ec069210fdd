"""People, territory, services, roles, verification and the audit log."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.files import private_storage
from parvis.core.pseudonyms import skeleton
from parvis.core.search import alphabetical_order


class Commune(models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    insee_code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    boundary = models.JSONField(
        _("contour"),
        null=True,
        blank=True,
        help_text=_("Géométrie GeoJSON (Polygon ou MultiPolygon) du territoire de la commune."),
    )

    class Meta:
        ordering = alphabetical_order("name")
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return self.name


class District(models.Model):
    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="districts", verbose_name=_("commune")
    )
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("identifiant"), max_length=100)

    class Meta:
        ordering = [*alphabetical_order("commune__name"), *alphabetical_order("name")]
        verbose_name = _("quartier")
        verbose_name_plural = _("quartiers")
        constraints = [
            models.UniqueConstraint(fields=["commune", "slug"], name="district_unique_slug"),
        ]

    def __str__(self):
        return f"{self.name} ({self.commune})"


class Service(models.Model):
    """A direction or team of the metropolis or of a commune that handles things."""

    name = models.CharField(_("nom"), max_length=150)
    slug = models.SlugField(_("identifiant"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    owner_commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_services",
        verbose_name=_("commune de rattachement"),
        help_text=_("Vide pour un service de la métropole."),
    )
    communes = models.ManyToManyField(
        Commune, related_name="services", blank=True, verbose_name=_("communes couvertes")
    )
    email = models.EmailField(_("adresse e-mail du service"), blank=True)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        ordering = alphabetical_order("name")
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self):
        return self.name

    @property
    def level(self) -> str:
        return _("commune") if self.owner_commune_id else _("métropole")


class VerificationLevel(models.IntegerChoices):
    """How sure the platform is that an account belongs to one real person.

    Levels are ordered: a tool that requires a level accepts any higher one.
    """

    NONE = 0, _("aucune")
    EMAIL = 10, _("adresse e-mail confirmée")
    IN_PERSON = 20, _("vérifiée en personne à un guichet")
    IDENTITY = 30, _("identité vérifiée (FranceConnect ou fournisseur d'identité)")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        fields.setdefault("pseudonym", email.split("@")[0])
        return self._create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("adresse e-mail"), unique=True)
    pseudonym = models.CharField(
        _("pseudonyme"),
        max_length=40,
        unique=True,
        help_text=_("Le nom affiché publiquement à côté de vos contributions."),
    )
    # What the pseudonym looks like (parvis.core.pseudonyms), to refuse look-alikes.
    pseudonym_skeleton = models.CharField(max_length=200, db_index=True, editable=False)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    show_real_name = models.BooleanField(
        _("afficher mon nom réel"),
        default=False,
        help_text=_("Par défaut, seul votre pseudonyme est public."),
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("commune de résidence"),
    )
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    verification_level = models.PositiveSmallIntegerField(
        _("niveau de vérification"),
        choices=VerificationLevel.choices,
        default=VerificationLevel.NONE,
    )
    identity_hash = models.CharField(
        _("empreinte d'identité"),
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("Empreinte salée de l'identité vérifiée ; l'identité n'est pas conservée."),
    )
    identity_hash_version = models.PositiveSmallIntegerField(
        _("version de l'empreinte"), null=True, blank=True, editable=False,
        help_text=_("Les règles de calcul de l'empreinte ; une ancienne version se refait par"
                    " une nouvelle vérification."),
    )
    email_confirmed_at = models.DateTimeField(_("e-mail confirmé le"), null=True, blank=True)
    is_staff = models.BooleanField(
        _("accès au back-office"),
        default=False,
        help_text=_("Agents et administrateurs : accès à l'interface de gestion."),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)
    deleted_at = models.DateTimeField(_("supprimé le"), null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["pseudonym"]

    class Meta:
        ordering = ["pseudonym"]
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        constraints = [
            models.CheckConstraint(
                condition=Q(identity_hash__isnull=True) | Q(identity_hash_version__isnull=False),
                name="user_identity_hash_has_version",
            ),
        ]

    def __str__(self):
        return self.pseudonym

    def save(self, *args, **kwargs):
        self.pseudonym_skeleton = skeleton(self.pseudonym)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "pseudonym" in update_fields:
            kwargs["update_fields"] = {*update_fields, "pseudonym_skeleton"}
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        """« Prénom Nom » where the person gave them, else their pseudonym (for documents and
        pages that may name them: a jury report, a loan convention)."""
        return f"{self.first_name} {self.last_name}".strip() or self.pseudonym

    @property
    def public_name(self) -> str:
        """The name shown next to contributions: the pseudonym unless the person chose otherwise."""
        if self.deleted_at:
            return str(_("Compte supprimé"))
        return self.full_name if self.show_real_name else self.pseudonym

    def has_level(self, level: int) -> bool:
        return self.verification_level >= level


class Role(models.TextChoices):
    """Roles beyond the citizen that every active account is. Administrators are superusers."""

    HELPER = "helper", _("aidant·e (médiation numérique)")
    AGENT = "agent", _("agent d'un service")
    MODERATOR = "moderator", _("modérateur·rice")
    PROCESS_MANAGER = "process_manager", _("gestionnaire de démarches")
    JURY_MEMBER = "jury_member", _("membre de jury")


class RoleGrant(models.Model):
    """A role given to a person, with its scope.

    - agent: the service they work in (required);
    - moderator, process manager: a commune, or none for the whole metropolis;
    - helper, jury member: no scope (jury assignments are per call for projects).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_grants",
        verbose_name=_("personne"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name=_("service"),
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name=_("commune"),
        help_text=_("Vide : toute la métropole."),
    )
    granted_at = models.DateTimeField(_("attribué le"), default=timezone.now)

    class Meta:
        verbose_name = _("rôle attribué")
        verbose_name_plural = _("rôles attribués")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="agent") | Q(service__isnull=False),
                name="rolegrant_agent_has_service",
            ),
            models.UniqueConstraint(
                "user",
                "role",
                Coalesce("service", Value(0)),
                Coalesce("commune", Value(0)),
                name="rolegrant_unique",
            ),
        ]

    def __str__(self):
        scope = self.service or self.commune or _("métropole")
        return f"{self.user} — {self.get_role_display()} ({scope})"


class HelpConsent(models.Model):
    """A person's recorded consent that a helper acts on their behalf."""

    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consents_received",
        verbose_name=_("aidant·e"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consents_given",
        verbose_name=_("personne aidée"),
    )
    scope = models.CharField(
        _("objet de l'aide"), max_length=200, help_text=_("Ce que l'aidant·e peut faire.")
    )
    given_at = models.DateTimeField(_("donné le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consentement d'aide")
        verbose_name_plural = _("consentements d'aide")

    def __str__(self):
        return f"{self.person} → {self.helper}"

    def is_valid(self, at=None) -> bool:
        at = at or timezone.now()
        return self.revoked_at is None and self.given_at <= at < self.expires_at


class Verification(models.Model):
    """One successful verification of a person (the history behind their level)."""

    class Method(models.TextChoices):
        EMAIL = "email", _("confirmation de l'adresse e-mail")
        IN_PERSON = "in_person", _("vérification en personne à un guichet")
        OIDC = "oidc", _("fournisseur d'identité (OpenID Connect)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="verifications",
        verbose_name=_("personne"),
    )
    method = models.CharField(_("méthode"), max_length=20, choices=Method.choices)
    level = models.PositiveSmallIntegerField(_("niveau"), choices=VerificationLevel.choices)
    provider = models.CharField(_("fournisseur ou pièce"), max_length=100, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="verifications_made",
        verbose_name=_("vérifié par"),
    )
    verified_at = models.DateTimeField(_("vérifié le"), default=timezone.now)

    class Meta:
        ordering = ["-verified_at"]
        verbose_name = _("vérification")
        verbose_name_plural = _("vérifications")

    def __str__(self):
        return f"{self.user} — {self.get_method_display()}"


class AuditEntry(models.Model):
    """Who did what, when, and in which role. Written by `parvis.core.audit.record`."""

    at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    actor_label = models.CharField(_("auteur (libellé)"), max_length=200, blank=True)
    role = models.CharField(_("rôle"), max_length=50, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(_("type d'objet"), max_length=100, blank=True)
    target_id = models.CharField(_("identifiant de l'objet"), max_length=64, blank=True)
    target_label = models.CharField(_("objet"), max_length=200, blank=True)
    data = models.JSONField(_("détails"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("entrée du journal d'audit")
        verbose_name_plural = _("journal d'audit")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


def default_token_expiry():
    return timezone.now() + timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)


class ApiToken(models.Model):
    """A token for an integration; only its SHA-256 digest is stored.

    A token allows what its scopes name, until it expires, within its hourly rate."""

    class Scope(models.TextChoices):
        READ = "read", _("lecture de l'API")
        OPEN311_WRITE = "open311:write", _("Open311 : création de demandes")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("personne"),
    )
    name = models.CharField(_("nom"), max_length=100)
    prefix = models.CharField(_("début du jeton"), max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.CharField(
        _("droits"), max_length=200, default=Scope.READ,
        help_text=_("Séparés par des espaces : read, open311:write."),
    )
    expires_at = models.DateTimeField(_("expire le"), default=default_token_expiry)
    requests_per_hour = models.PositiveIntegerField(
        _("requêtes par heure"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Vide : la limite par défaut de la plateforme."),
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    last_used_at = models.DateTimeField(_("dernier usage"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    @property
    def hourly_limit(self) -> int:
        return self.requests_per_hour or settings.API_TOKEN_REQUESTS_PER_HOUR


class LoginAttempt(models.Model):
    """A failed login, kept for throttling and security review, then purged."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    email = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)

    class Meta:
        verbose_name = _("échec de connexion")
        verbose_name_plural = _("échecs de connexion")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.email}"


class ThrottleCounter(models.Model):
    """Hits of one rate-limit key in its current window (see `parvis.core.throttle`)."""

    key = models.CharField(max_length=100, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("compteur de limite de fréquence")
        verbose_name_plural = _("compteurs de limite de fréquence")

    def __str__(self):
        return f"{self.key}: {self.count}"


class RetentionReport(models.Model):
    """What one run of `parvis purge_expired` deleted: per module and kind of data, how many
    rows (`lines`: [{"module": ..., "kind": ..., "count": ...}]), for the back office and the
    data-protection officer. Counts only: never what the rows held."""

    ran_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    lines = models.JSONField(_("détail"), default=list)
    total = models.PositiveIntegerField(_("lignes supprimées ou anonymisées"), default=0)

    class Meta:
        ordering = ["-ran_at", "-id"]
        verbose_name = _("rapport de conservation")
        verbose_name_plural = _("rapports de conservation")

    def __str__(self):
        return f"{self.ran_at:%Y-%m-%d %H:%M} ({self.total})"
class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("à envoyer")
    SENT = "sent", _("envoyé")
    FAILED = "failed", _("abandonné")


class OutboxMessage(models.Model):
    """One e-mail to one address, written in the transaction of the change it tells about
    and delivered by a background task (`parvis.core.mail`). Purged some days after it was
    sent (RETENTION_DAYS["outbox"])."""

    to = models.EmailField(_("destinataire"), max_length=254)
    subject = models.CharField(_("objet"), max_length=255)
    body = models.TextField(_("texte"))
    headers = models.JSONField(_("en-têtes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, db_index=True)
    status = models.CharField(_("état"), max_length=10, choices=OutboxStatus.choices,
                              default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), default=timezone.now)
    claimed_until = models.DateTimeField(_("réservé jusqu'au"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True, db_index=True)
    last_error = models.CharField(_("dernière erreur"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("courriel en attente")
        verbose_name_plural = _("courriels en attente")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"],
                                name="outbox_due_idx")]

    def __str__(self):
        return f"{self.to}: {self.subject}"


class PhotoStatus(models.TextChoices):
    NONE = "", _("sans photo")
    PENDING = "pending", _("en cours de traitement")
    READY = "ready", _("prête")
    REFUSED = "refused", _("refusée")


class PhotoProcessing(models.Model):
    """What a contribution with a photo inherits: the photo sent is kept in the private
    storage (`photo_original`) until a background task has re-encoded it into the model's
    `photo_fields` (the full-size image and its thumbnail, in that order) and deleted it
    (`parvis.core.services.photos`). While the contribution is hidden by moderation, its
    image and thumbnail are moved to the private storage (`photo_withheld`), so that their
    public address answers no more."""

    photo_fields = ("photo", "thumbnail")

    photo_status = models.CharField(_("état de la photo"), max_length=10, blank=True,
                                    choices=PhotoStatus.choices, default=PhotoStatus.NONE)
    photo_refusal = models.CharField(_("motif du refus de la photo"), max_length=20,
                                     blank=True)
    photo_original = models.FileField(_("photo reçue, à traiter"), max_length=200,
                                      storage=private_storage, blank=True)
    photo_queued_at = models.DateTimeField(_("photo à traiter depuis"), null=True,
                                           blank=True)
    photo_withheld = models.BooleanField(_("photo retirée du public"), default=False,
                                         editable=False)

    class Meta:
        abstract = True

    def withholds_photo(self) -> bool:
        """Whether the photo must leave the public storage: the contribution is hidden by
        moderation (a contribution that can be moderated has `hidden_at`)."""
        return getattr(self, "hidden_at", None) is not None

    @classmethod
    def misplaced_photos(cls) -> models.Q:
        """The rows whose image and thumbnail are not where `withholds_photo` wants them."""
        can_hide = any(field.name == "hidden_at" for field in cls._meta.fields)
        withhold = models.Q(hidden_at__isnull=False) if can_hide else models.Q(pk__in=[])
        public = models.Q(photo_withheld=False)
        return (withhold & public) | (~withhold & ~public)

    @property
    def shown_photo(self) -> bool:
        """Whether the page may show the image: it is ready and in the public storage."""
        return bool(getattr(self, self.photo_fields[1])) and not self.photo_withheld


def valid_point(name: str) -> models.CheckConstraint:
    """The constraint of an optional point (`latitude`, `longitude`): both or neither, each
    within its range."""
    return models.CheckConstraint(
        condition=Q(latitude__isnull=True, longitude__isnull=True)
        | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
        name=name,
    )


class StatusChangeEntry(models.Model):
    """One step of a contribution's public history: the subclass adds the contribution and
    its `status` and `previous_status` (with their choices); the public message goes with
    it, and `author`, the agent or manager who made the change, stays private."""

    message = models.TextField(_("message public"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
        verbose_name = _("changement de statut")


class Address(models.Model):
    """One address of the national address base (BAN), imported by `import_addresses`:
    what address completion and reverse geocoding answer from, with no third party."""

    ban_id = models.CharField(_("identifiant BAN"), max_length=64, unique=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="addresses",
                                verbose_name=_("commune"))
    number = models.PositiveIntegerField(_("numéro"), null=True, blank=True)
    suffix = models.CharField(_("indice de répétition"), max_length=10, blank=True)
    street = models.CharField(_("voie"), max_length=200)
    # The street lower-cased and without accents, for prefix searches on any database.
    street_key = models.CharField(max_length=200, db_index=True, editable=False)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("adresse")
        verbose_name_plural = _("adresses")
        indexes = [models.Index(fields=["latitude", "longitude"], name="address_point_idx"),
                   models.Index(fields=["street_key", "commune"], name="address_street_idx")]

    def __str__(self):
        return self.label

    @property
    def street_address(self) -> str:
        number = " ".join(str(part) for part in (self.number, self.suffix) if part)
        return f"{number} {self.street}" if number else self.street

    @property
    def label(self) -> str:
        return f"{self.street_address}, {self.commune.name}"
