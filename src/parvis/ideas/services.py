"""Domain rules of idea boxes: proposing, publishing, editing and withdrawing an idea,
supporting it, answering it officially and merging duplicates. Every write goes through here.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core import audit, modules
from parvis.core.errors import DomainError
from parvis.core.models import Commune, VerificationLevel
from parvis.core.services import photos
from parvis.core.services.photos import HeldPhoto
from parvis.core.services.territory import locate
from parvis.ideas import permissions, search
from parvis.ideas.adoptions import ADOPTED_STATUSES
from parvis.ideas.models import (
    LISTED_STATUSES,
    Follower,
    Idea,
    IdeaBox,
    Status,
    StatusChange,
    Support,
)
from parvis.moderation.services import check_contribution
from parvis.notifications.services import notify, notify_all
from parvis.processes.models import Action, Phase, Process, Theme
from parvis.processes.services import Decision, save_phase, save_process


class IdeaError(DomainError):
    """An action on an idea that cannot be done; `field` names the form field concerned."""


@dataclass
class Proposal:
    """What a person writes when proposing (or editing) an idea."""

    title: str
    body: str
    theme: Theme | None = None
    commune: Commune | None = None
    latitude: float | None = None
    longitude: float | None = None
    image: bytes | HeldPhoto | None = None


def require(decision: Decision) -> None:
    if not decision:
        raise IdeaError(decision.reason)


# Proposing, editing, publishing, withdrawing --------------------------------------------


def resolve_commune(box: IdeaBox, proposal: Proposal) -> Commune | None:
    """The idea's commune: the one chosen, else deduced from the point. A point outside the
    territory is refused; a process about some communes takes ideas about those only."""
    commune = proposal.commune
    if proposal.latitude is not None and proposal.longitude is not None:
        located = locate(proposal.latitude, proposal.longitude)
        if located is None:
            raise IdeaError(_("Ce point est en dehors du territoire de la métropole."),
                            field="latitude")
        commune = commune or located
    allowed = list(box.process.communes.all())
    if allowed and commune not in allowed:
        names = ", ".join(str(allowed_commune) for allowed_commune in allowed)
        raise IdeaError(_("Cette démarche concerne seulement : %s. Choisissez l'une de ces"
                          " communes.") % names, field="commune")
    return commune


def _apply(idea: Idea, proposal: Proposal, commune: Commune | None, image) -> None:
    idea.title = proposal.title.strip()
    idea.body = proposal.body.strip()
    idea.theme = proposal.theme
    idea.commune = commune
    idea.latitude, idea.longitude = proposal.latitude, proposal.longitude
    if image is not None:
        photos.attach(idea, image)


def _checked(box: IdeaBox, author, proposal: Proposal):
    """The commune and held image of a proposal this person may publish."""
    check_contribution(author, f"{proposal.title}\n{proposal.body}")
    commune = resolve_commune(box, proposal)
    image = photos.held(proposal.image, IdeaError, "image")
    return commune, image


def create_draft(box: IdeaBox, author, proposal: Proposal) -> Idea:
    """A draft only its author sees, until they publish it (after seeing similar ideas)."""
    require(permissions.submit_decision(author, box))
    commune, image = _checked(box, author, proposal)
    with transaction.atomic():
        idea = Idea(box=box, author=author, status=Status.DRAFT)
        _apply(idea, proposal, commune, image)
        idea.save()
        photos.queue(idea)
        audit.record(author, "idea.drafted", idea, box=box.slug)
    return idea


def edit(idea: Idea, author, proposal: Proposal) -> Idea:
    """The author edits a draft, or a published idea during the box's edit window."""
    if not permissions.can_edit(author, idea):
        raise IdeaError(_("Cette idée ne peut plus être modifiée : le délai de modification"
                          " est passé ou une réponse lui a été donnée."))
    commune, image = _checked(idea.box, author, proposal)
    with transaction.atomic():
        _apply(idea, proposal, commune, image)
        if idea.status != Status.DRAFT:
            idea.edited_at = timezone.now()
            search.index(idea)
        idea.save()
        if image is not None:
            photos.queue(idea)
        audit.record(author, "idea.edited", idea)
    return idea


@transaction.atomic
def publish(idea: Idea, author) -> Idea:
    if author.pk != idea.author_id or idea.status != Status.DRAFT:
        raise IdeaError(_("Seul l'auteur d'un brouillon peut le publier."))
    require(permissions.submit_decision(author, idea.box))
    idea.status = Status.RECEIVED
    idea.published_at = timezone.now()
    idea.save(update_fields=["status", "published_at"])
    StatusChange.objects.create(idea=idea, status=Status.RECEIVED, previous_status=Status.DRAFT,
                                author=author, at=idea.published_at)
    Follower.objects.get_or_create(idea=idea, user=author)
    search.index(idea)
    audit.record(author, "idea.published", idea, box=idea.box.slug)
    return idea


@transaction.atomic
def withdraw(idea: Idea, author) -> Idea:
    if not permissions.can_withdraw(author, idea):
        raise IdeaError(_("Cette idée ne peut pas être retirée : seul son auteur le peut, tant"
                          " qu'aucune décision n'a été prise."))
    change = _change_status(idea, Status.WITHDRAWN, author)
    audit.record(author, "idea.withdrawn", idea)
    notify_followers(idea, change, author)
    return idea


# Supports ------------------------------------------------------------------------------


def support(idea: Idea, user) -> bool:
    """Count this person's support once (the database refuses a second one, even sent at
    the same moment) and let them follow the idea. False when they already supported it."""
    require(permissions.support_decision(user, idea))
    with transaction.atomic():
        try:
            with transaction.atomic():
                Support.objects.create(idea=idea, user=user)
        except IntegrityError:
            return False
        Idea.objects.filter(pk=idea.pk).update(supports_count=F("supports_count") + 1)
        Follower.objects.get_or_create(idea=idea, user=user)
        idea.refresh_from_db(fields=["supports_count", "status"])
        audit.record(user, "idea.supported", idea)
        check_threshold(idea)
    return True


def check_threshold(idea: Idea) -> None:
    """A received idea with enough supports goes « à l'étude »; its managers are told."""
    threshold = idea.box.support_threshold
    if not threshold or idea.supports_count < threshold:
        return
    if not Idea.objects.filter(pk=idea.pk, status=Status.RECEIVED).update(
        status=Status.STUDYING
    ):
        return  # not received any more, or moved by a concurrent support
    idea.status = Status.STUDYING
    message = _("L'idée a atteint %(count)d soutiens : elle est mise à l'étude.") % {
        "count": threshold
    }
    change = StatusChange.objects.create(idea=idea, status=Status.STUDYING,
                                         previous_status=Status.RECEIVED, message=message)
    audit.record(None, "idea.threshold_reached", idea, supports=idea.supports_count,
                 threshold=threshold)
    for manager in permissions.box_managers(idea.box):
        notify(
            manager, kind="followed_update",
            subject=_("Idée « %(title)s » : seuil de soutiens atteint") % {"title": idea.title},
            message=_("L'idée « %(title)s » (%(box)s) a atteint %(count)d soutiens. Elle est"
                      " passée « à l'étude » : une réponse officielle est attendue.")
            % {"title": idea.title, "box": idea.box.title, "count": idea.supports_count},
            url=idea.get_absolute_url(),
        )
    notify_followers(idea, change, None)


# Official answers and merges -----------------------------------------------------------


def _change_status(idea: Idea, status: Status, actor, message: str = "") -> StatusChange:
    previous = idea.status
    idea.status = status
    idea.save(update_fields=["status", "merged_into", "supports_count"])
    return StatusChange.objects.create(idea=idea, status=status, previous_status=previous,
                                       message=message, author=actor)


@transaction.atomic
def answer(idea: Idea, actor, status: str, message: str = "") -> StatusChange:
    """The official answer of the process' managers: a status and a public message.
    « Non retenue » needs its reason."""
    if not permissions.can_answer(actor, idea):
        raise PermissionDenied(_("Seuls les gestionnaires de la démarche répondent aux idées."))
    status = Status(status)
    message = message.strip()
    if status not in LISTED_STATUSES:
        raise IdeaError(_("Choisissez un statut proposé."), field="status")
    if status == Status.REJECTED and not message:
        raise IdeaError(_("Indiquez pourquoi l'idée n'est pas retenue : cette raison est"
                          " publiée."), field="message")
    if status == idea.status and not message:
        raise IdeaError(_("L'idée a déjà ce statut : écrivez une réponse ou choisissez un autre"
                          " statut."), field="message")
    previous = idea.status
    change = _change_status(idea, status, actor, message)
    audit.record(actor, "idea.answered", idea, status=status, previous=previous)
    if {status, previous} & set(ADOPTED_STATUSES):
        modules.adoptions_changed("ideas")
    notify_followers(idea, change, actor)
    return change


@transaction.atomic
def merge(duplicate: Idea, kept: Idea, actor, message: str = "") -> Idea:
    """Fold a duplicate into the idea kept: its supports and followers move over, a person
    who supported both counting once; the duplicate then points to the idea kept."""
    if not permissions.can_merge(actor, duplicate):
        raise PermissionDenied(_("Seuls les modérateurs et les gestionnaires de la démarche"
                                 " fusionnent des idées."))
    if (kept.pk == duplicate.pk or kept.box_id != duplicate.box_id
            or kept.status not in LISTED_STATUSES or kept.is_hidden):
        raise IdeaError(_("Choisissez une autre idée publiée de la même boîte à idées."),
                        field="kept")
    followers = list(duplicate.followers.select_related("user"))
    supporters = kept.supports.filter(user__isnull=False).values("user")
    duplicate.supports.filter(user__in=supporters).delete()
    moved = duplicate.supports.update(idea=kept)
    duplicate.followers.filter(user__in=kept.followers.values("user")).delete()
    duplicate.followers.update(idea=kept)
    Follower.objects.get_or_create(idea=kept, user=duplicate.author)
    Idea.objects.filter(merged_into=duplicate).update(merged_into=kept)
    kept.supports_count = kept.supports.count()
    kept.save(update_fields=["supports_count"])
    duplicate.merged_into, duplicate.supports_count = kept, 0
    text = message.strip() or _("Cette idée rejoint l'idée « %(title)s », qui en est proche.") % {
        "title": kept.title
    }
    change = _change_status(duplicate, Status.MERGED, actor, text)
    audit.record(actor, "idea.merged", duplicate, kept=kept.pk, supports_moved=moved)
    notify_people(duplicate, change, actor, [follower.user for follower in followers])
    check_threshold(kept)
    return kept


# Notifications -------------------------------------------------------------------------


def notify_followers(idea: Idea, change: StatusChange, actor) -> None:
    notify_people(idea, change, actor, [f.user for f in idea.followers.select_related("user")])


def notify_people(idea: Idea, change: StatusChange, actor, followers) -> None:
    """The author hears of an answer on their idea; followers, of news on what they follow."""
    status = change.get_status_display()
    message = change.message or _("Nouveau statut : %(status)s.") % {"status": status}
    url = idea.get_absolute_url()
    notify(idea.author, kind="idea_answer", actor=actor, url=url, message=message,
           subject=_("Votre idée « %(title)s » : %(status)s") % {"title": idea.title,
                                                                 "status": status})
    notify_all([user for user in followers if user.pk != idea.author_id],
               kind="followed_update", actor=actor, url=url, message=message,
               subject=_("Idée suivie « %(title)s » : %(status)s") % {"title": idea.title,
                                                                      "status": status})


# Boxes --------------------------------------------------------------------------------


@transaction.atomic
def save_box(box: IdeaBox, actor, created: bool) -> IdeaBox:
    box.save()
    audit.record(actor, "idea_box.created" if created else "idea_box.updated", box,
                 support_level=box.support_level, support_threshold=box.support_threshold,
                 edit_window_hours=box.edit_window_hours, comments_open=box.comments_open)
    return box


# The permanent box about the platform ---------------------------------------------------

PLATFORM_BOX_SLUG = "ameliorer-parvis"
PLATFORM_BOX_YEARS = 50
PLATFORM_BOX_ACTIONS = [Action.SUBMIT, Action.SUPPORT, Action.COMMENT]


@transaction.atomic
def ensure_platform_box() -> IdeaBox:
    """The permanent idea box about the platform itself (idempotent): a published process
    « Améliorer Parvis » with one long phase open to proposals, supports and comments."""
    box = IdeaBox.objects.filter(slug=PLATFORM_BOX_SLUG).first()
    if box is not None:
        return box
    process = Process.objects.filter(slug=PLATFORM_BOX_SLUG).first()
    if process is None:
        process = save_process(Process(
            slug=PLATFORM_BOX_SLUG,
            title=_("Améliorer %(site)s") % {"site": settings.SITE_NAME},
            summary=_("Vos idées pour améliorer ce site et les services numériques de la"
                      " métropole."),
            description=_("Une boîte à idées permanente : proposez une amélioration, soutenez"
                          " celles des autres, suivez les réponses de l'équipe."),
            is_published=True,
        ), None, created=True)
        now = timezone.now()
        save_phase(Phase(process=process, title=_("Boîte à idées permanente"), starts_at=now,
                         ends_at=now + timedelta(days=365 * PLATFORM_BOX_YEARS),
                         actions=[str(action) for action in PLATFORM_BOX_ACTIONS]),
                   None, created=True)
    return save_box(IdeaBox(
        process=process, slug=PLATFORM_BOX_SLUG,
        title=_("Idées pour améliorer %(site)s") % {"site": settings.SITE_NAME},
        description=_("Une fonction manque, une page est difficile à comprendre, un service"
                      " numérique pourrait mieux marcher ? Dites-le ici."),
        support_level=VerificationLevel.EMAIL,
    ), None, created=True)
