"""Domain rules of moderation: the charter, anti-abuse checks, flags, decisions and appeals."""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parvis.core import audit, throttle
from parvis.core.errors import DomainError
from parvis.core.services import photos
from parvis.moderation import permissions, registry
from parvis.moderation.models import (
    Appeal,
    CharterAcceptance,
    Decision,
    Flag,
    FlagReason,
    ModeratedItem,
)
from parvis.notifications.services import notify
from parvis.processes.models import Process

LINK = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)


class ContributionRefused(DomainError):
    """A contribution the platform does not accept; `message` explains why, in French.

    `url`, when set, is the page that lets the person fix it (the charter to accept).
    """

    def __init__(self, message: str, url: str = ""):
        super().__init__(message)
        self.url = url


class ModerationError(DomainError):
    """A moderation action that cannot be done; the message is for the person."""


# The charter ---------------------------------------------------------------------------

def charter_version() -> str:
    return settings.MODERATION_CHARTER_VERSION


def has_accepted_charter(user) -> bool:
    return user.is_authenticated and CharterAcceptance.objects.filter(
        user=user, version=charter_version()
    ).exists()


def accept_charter(user) -> CharterAcceptance:
    acceptance, created = CharterAcceptance.objects.get_or_create(
        user=user, version=charter_version()
    )
    if created:
        audit.record(user, "moderation.charter_accepted", user, version=acceptance.version)
    return acceptance


# Anti-abuse checks before a contribution ----------------------------------------------

def check_contribution(user, text: str) -> None:
    """Raise ContributionRefused if this person may not publish this text now."""
    if not user.is_authenticated:
        raise ContributionRefused(_("Connectez-vous pour contribuer."), reverse("accounts:login"))
    if not user.is_active:
        raise ContributionRefused(_("Votre compte est désactivé : vous ne pouvez pas contribuer."))
    if not has_accepted_charter(user):
        url = reverse("moderation:charter")
        raise ContributionRefused(
            _("Avant de contribuer, lisez et acceptez la charte de participation : %(url)s")
            % {"url": url},
            url,
        )
    _check_links(user, text)
    _check_rate(user)  # last: a refused text does not count


def _check_rate(user) -> None:
    limit = settings.MODERATION_CONTRIBUTIONS_PER_HOUR
    try:
        throttle.take(throttle.Hit(throttle.Rate("contributions", limit, 3600), str(user.pk)))
    except throttle.Throttled:
        raise ContributionRefused(
            ngettext(
                "Vous avez atteint la limite de %(limit)d contribution par heure. "
                "Réessayez un peu plus tard : votre texte n'est pas perdu.",
                "Vous avez atteint la limite de %(limit)d contributions par heure. "
                "Réessayez un peu plus tard : votre texte n'est pas perdu.",
                limit,
            ) % {"limit": limit}
        ) from None


def _check_links(user, text: str) -> None:
    count = len(LINK.findall(text or ""))
    new_account_days = settings.MODERATION_NEW_ACCOUNT_DAYS
    is_new = user.date_joined > timezone.now() - timedelta(days=new_account_days)
    limit = settings.MODERATION_NEW_ACCOUNT_LINKS if is_new else settings.MODERATION_LINKS
    if count <= limit:
        return
    if is_new:
        reason = ngettext(
            "les comptes créés depuis moins de %(days)d jour peuvent en mettre %(limit)d au plus",
            "les comptes créés depuis moins de %(days)d jours peuvent en mettre %(limit)d au plus",
            new_account_days,
        ) % {"days": new_account_days, "limit": limit}
    else:
        reason = _("une contribution peut en contenir %(limit)d au plus") % {"limit": limit}
    raise ContributionRefused(
        ngettext(
            "Votre texte contient %(count)d lien : %(reason)s. Retirez des liens pour publier.",
            "Votre texte contient %(count)d liens : %(reason)s. Retirez des liens pour publier.",
            count,
        ) % {"count": count, "reason": reason}
    )


# Flags ---------------------------------------------------------------------------------

def item_for(obj) -> ModeratedItem:
    """The moderation record of a contribution, its author, commune and process refreshed."""
    registration = registry.lookup(obj)
    item, _created = ModeratedItem.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        defaults={
            "author": registration.author(obj),
            "commune": registration.commune(obj),
            "process": registration.process(obj),
        },
    )
    return item


@transaction.atomic
def flag(user, obj, reason: str, details: str = "") -> Flag:
    if not permissions.can_flag(user):
        raise ModerationError(_("Connectez-vous pour signaler une contribution."))
    if obj.is_hidden:
        raise ModerationError(_("Cette contribution est déjà masquée par la modération."))
    if registry.lookup(obj).author(obj) == user:
        raise ModerationError(_("Vous ne pouvez pas signaler votre propre contribution."))
    item = item_for(obj)
    try:
        with transaction.atomic():
            new_flag = Flag.objects.create(
                item=item, reporter=user, reason=FlagReason(reason), details=details.strip()
            )
    except IntegrityError:
        raise ModerationError(
            _("Vous avez déjà signalé cette contribution : la modération va l'examiner.")
        ) from None
    item.queued_at = new_flag.created_at
    item.save(update_fields=["queued_at"])
    audit.record(user, "moderation.flagged", obj, reason=reason)
    return new_flag


# The queue -----------------------------------------------------------------------------

def open_flags():
    return Flag.objects.filter(closed_at=None)


def queue(user, *, hidden: bool = False):
    """The items this moderator handles: awaiting a decision (open flags or a pending
    appeal), or, with `hidden`, those currently hidden. Newest first."""
    items = ModeratedItem.objects.filter(permissions.queue_filter(user))
    if hidden:
        items = items.filter(hidden_at__isnull=False)
    else:
        items = items.filter(
            Exists(open_flags().filter(item=OuterRef("pk")))
            | Q(appeal__isnull=False, appeal__decided_at=None)
        )
    return _with_details(items)


def _with_details(items):
    """What `entry()` reads: the content, its open flags, the appeal, commune and process."""
    return items.select_related("content_type", "commune", "process", "appeal").prefetch_related(
        Prefetch("flags", queryset=open_flags(), to_attr="open_flags"), "content_object"
    )


@dataclass(frozen=True)
class Entry:
    """What a moderator reads about one item."""

    item: ModeratedItem
    content: object
    label: str
    text: str
    url: str
    reasons: list[tuple[str, int]]

    @property
    def pending_appeal(self) -> Appeal | None:
        appeal = getattr(self.item, "appeal", None)
        return appeal if appeal is not None and appeal.decided_at is None else None


def entry(item: ModeratedItem) -> Entry:
    """`item` comes from `queue()` or `get_item()` (open flags and content prefetched)."""
    content = item.content_object
    counts = Counter(flag.reason for flag in item.open_flags)
    reasons = [(FlagReason(reason).label, count) for reason, count in counts.most_common()]
    if content is None:
        return Entry(item, None, _("contribution supprimée"), "", "", reasons)
    registration = registry.lookup(content)
    return Entry(
        item, content, registration.label, registration.text(content), registration.url(content),
        reasons,
    )


def get_item(pk) -> ModeratedItem:
    return _with_details(ModeratedItem.objects).get(pk=pk)


def decisions(item: ModeratedItem):
    return item.decisions.select_related("moderator")


# Decisions -----------------------------------------------------------------------------

def _content(item: ModeratedItem):
    """The contribution as it is now in the database (not as prefetched for the page)."""
    model = item.content_type.model_class()
    content = model._default_manager.filter(pk=item.object_id).first()
    if content is None:
        raise ModerationError(_("Cette contribution a été supprimée."))
    return content


def _start_decision(moderator, item: ModeratedItem) -> None:
    """Check the moderator's scope, then lock the item: decisions on it are taken one at a
    time, each seeing the state the previous one left."""
    if not permissions.can_decide(moderator, item):
        raise ModerationError(_("Vous ne modérez pas cette contribution."))
    ModeratedItem.objects.select_for_update().get(pk=item.pk)


def _required_reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(message)
    return reason


def _decide(moderator, item, content, action, reason: str) -> Decision:
    now = timezone.now()
    item.flags.filter(closed_at=None).update(closed_at=now)
    decision = Decision.objects.create(
        item=item, moderator=moderator, action=action, reason=reason, created_at=now
    )
    audit.record(moderator, f"moderation.{action}", content, reason=reason, item=item.pk)
    return decision


def _set_hidden(item, content, *, hidden_at, hidden_by, reason: str) -> None:
    content.hidden_at, content.hidden_reason, content.hidden_by = hidden_at, reason, hidden_by
    content.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    item.hidden_at = hidden_at
    item.save(update_fields=["hidden_at"])
    photos.visibility_changed(content)


def appeal_url(item: ModeratedItem) -> str:
    return reverse("moderation:appeal", args=[item.pk])


def _tell_author(item, moderator, subject: str, message: str, url: str) -> None:
    notify(item.author, kind="moderation", subject=subject, message=message, url=url,
           actor=moderator)


@transaction.atomic
def hide(moderator, item: ModeratedItem, reason: str) -> Decision:
    _start_decision(moderator, item)
    reason = _required_reason(
        reason, _("Indiquez le motif du masquage : il est affiché à la place de la contribution.")
    )
    content = _content(item)
    if content.is_hidden:
        raise ModerationError(_("Cette contribution est déjà masquée."))
    _set_hidden(item, content, hidden_at=timezone.now(), hidden_by=moderator, reason=reason)
    decision = _decide(moderator, item, content, Decision.Action.HIDE, reason)
    label = registry.lookup(content).label
    if Appeal.objects.filter(item=item).exists():
        appeal_sentence = _("Vous avez déjà utilisé votre recours pour cette contribution.")
    else:
        appeal_sentence = _(
            "Si vous pensez que c'est une erreur, vous pouvez faire un recours, une seule fois,"
            " depuis la page liée à ce message."
        )
    _tell_author(
        item, moderator,
        _("Votre contribution a été masquée par la modération"),
        _("Votre contribution (%(label)s) a été masquée. Motif : %(reason)s") % {
            "label": label, "reason": reason,
        } + "\n" + appeal_sentence,
        appeal_url(item),
    )
    return decision


@transaction.atomic
def dismiss(moderator, item: ModeratedItem, reason: str = "") -> Decision:
    """The flags were not founded: they are closed, the contribution stays as it is."""
    _start_decision(moderator, item)
    if not item.flags.filter(closed_at=None).exists():
        raise ModerationError(_("Aucun signalement n'attend de décision pour cette contribution."))
    return _decide(moderator, item, item.content_object, Decision.Action.DISMISS,
                   (reason or "").strip())


def _close_appeal(item: ModeratedItem) -> None:
    Appeal.objects.filter(item=item, decided_at=None).update(decided_at=timezone.now())


@transaction.atomic
def restore(moderator, item: ModeratedItem, reason: str = "") -> Decision:
    _start_decision(moderator, item)
    content = _content(item)
    if not content.is_hidden:
        raise ModerationError(_("Cette contribution n'est pas masquée."))
    reason = (reason or "").strip()
    _set_hidden(item, content, hidden_at=None, hidden_by=None, reason="")
    _close_appeal(item)
    decision = _decide(moderator, item, content, Decision.Action.RESTORE, reason)
    message = _("Votre contribution est de nouveau visible de tous.")
    if reason:
        message += "\n" + _("Motif : %(reason)s") % {"reason": reason}
    _tell_author(item, moderator, _("Votre contribution a été rétablie"), message,
                 registry.lookup(content).url(content))
    return decision


@transaction.atomic
def uphold(moderator, item: ModeratedItem, reason: str) -> Decision:
    """The appeal is rejected: the contribution stays hidden."""
    _start_decision(moderator, item)
    if not Appeal.objects.filter(item=item, decided_at=None).exists():
        raise ModerationError(_("Aucun recours n'attend de décision pour cette contribution."))
    reason = _required_reason(
        reason, _("Indiquez le motif de la décision : il est transmis à l'auteur du recours.")
    )
    _close_appeal(item)
    decision = _decide(moderator, item, _content(item), Decision.Action.UPHOLD, reason)
    _tell_author(
        item, moderator,
        _("Votre recours a été examiné"),
        _("Après examen de votre recours, la contribution reste masquée. Motif : %(reason)s")
        % {"reason": reason},
        appeal_url(item),
    )
    return decision


ACTIONS = {"hide": hide, "dismiss": dismiss, "uphold": uphold, "restore": restore}


def available_actions(entry: Entry) -> list[str]:
    """The decisions that make sense for this item now, in the order they are offered."""
    hidden = entry.content is not None and entry.content.is_hidden
    offered = {
        "hide": entry.content is not None and not hidden,
        "dismiss": bool(entry.item.open_flags),
        "uphold": entry.pending_appeal is not None,
        "restore": hidden,
    }
    return [action for action in ACTIONS if offered[action]]


def decide(moderator, item: ModeratedItem, action: str, reason: str) -> Decision:
    return ACTIONS[action](moderator, item, reason)


# Appeals -------------------------------------------------------------------------------

@transaction.atomic
def appeal(user, item: ModeratedItem, text: str) -> Appeal:
    if not permissions.can_appeal(user, item):
        raise ModerationError(_("Seul l'auteur d'une contribution peut contester son masquage."))
    if item.hidden_at is None:
        raise ModerationError(
            _("Cette contribution n'est pas masquée : il n'y a rien à contester.")
        )
    text = _required_reason(text, _("Expliquez pourquoi la contribution devrait être rétablie."))
    try:
        with transaction.atomic():
            new_appeal = Appeal.objects.create(item=item, author=user, text=text)
    except IntegrityError:
        raise ModerationError(
            _("Vous avez déjà fait un recours pour cette contribution : un seul est possible.")
        ) from None
    item.queued_at = new_appeal.created_at
    item.save(update_fields=["queued_at"])
    audit.record(user, "moderation.appealed", item.content_object, item=item.pk)
    return new_appeal


# Public transparency -------------------------------------------------------------------

def hidden_items():
    return ModeratedItem.objects.filter(hidden_at__isnull=False)


def hidden_count(process: Process) -> int:
    return hidden_items().filter(process=process).count()


def hidden_counts_by_process() -> dict[int | None, int]:
    """Hidden contributions per published process id (None: outside any process)."""
    rows = (
        hidden_items()
        .filter(Q(process=None) | Q(process__is_published=True))
        .values_list("process")
        .annotate(count=Count("id"))
        .order_by()
    )
    return dict(rows)
