"""The draws of a panel: the seed is published first, with the pool and quotas frozen; then
the draw runs (a separate step) and makes the members; replacement draws fill the seats of
members who withdraw.

From its publication a draw holds everything needed to re-run it: `seed`, `pool` (pool ids
and category values only) and, in `result`, the quotas (`categories`) and the profiles of
the members who stay (`fixed`, for a replacement). Once run, `result` also holds the
selection, each volunteer's probability and the portfolio (see `sortition`). A draw the
quotas make impossible keeps its reasons in `result["impossible"]`; a new seed may then be
published. Every draw stays public, so that a seed cannot be quietly replaced by another.

The organiser's page runs a draw through a background task (`request_draw`); `parvis draw`
and the demo run it at once (`run_draw`).
"""

import secrets

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from parvis.core import audit, tasks
from parvis.notifications.services import notify
from parvis.panels import sortition
from parvis.panels.models import (
    Draw,
    DrawKind,
    Member,
    Panel,
    PanelStatus,
    Volunteer,
    VolunteerStatus,
)

SEED_MAX_LENGTH = 64


class DrawError(Exception):
    """A draw step refused, with a French explanation (several lines for quotas)."""

    def __init__(self, *reasons: str):
        self.reasons = list(reasons)
        super().__init__(" ".join(self.reasons))


def pending_draw(panel: Panel) -> Draw | None:
    """The published draw not run yet (nor found impossible), if any."""
    for draw in panel.draws.filter(performed_at=None).order_by("-pk"):
        if "impossible" not in draw.result:
            return draw
    return None


def published_draws(panel: Panel) -> QuerySet[Draw]:
    return panel.draws.order_by("seed_published_at", "pk")


def active_members(panel: Panel) -> QuerySet[Member]:
    return panel.members.filter(withdrawn_at=None).select_related("volunteer")


def seats_to_fill(panel: Panel) -> int:
    return panel.size - active_members(panel).count()


def categories_snapshot(panel: Panel) -> list[dict]:
    return [
        {"key": category.key, "name": category.name, "values": [
            {"key": value.key, "label": value.label, "minimum": value.minimum,
             "maximum": value.maximum}
            for value in category.values.all()
        ]}
        for category in panel.categories.prefetch_related("values")
    ]


def entry(volunteer: Volunteer) -> dict:
    """A volunteer as published: pool id and category values, nothing else."""
    return {"pool_id": volunteer.pool_id, "profile": volunteer.profile}


def draw_document(draw: Draw) -> dict:
    """What `parvis draw` takes to re-run the draw."""
    return sortition.document(
        seed=draw.seed, size=draw.size, categories=draw.result["categories"],
        pool=[(item["pool_id"], item["profile"]) for item in draw.pool],
        fixed=[(item["pool_id"], item["profile"]) for item in draw.result.get("fixed", [])],
    )


def draw_outcome(draw: Draw) -> dict:
    """The published result of a draw (anonymised: pool ids only)."""
    outcome = {key: value for key, value in draw.result.items()
               if key not in {"categories", "fixed"}}
    return {
        "panel": draw.panel.slug, "kind": draw.kind, "size": draw.size, "seed": draw.seed,
        "seed_published_at": draw.seed_published_at.isoformat(),
        "performed_at": draw.performed_at.isoformat() if draw.performed_at else None,
        **outcome,
    }


def publish_seed(panel: Panel, actor, seed: str = "") -> Draw:
    """Publish the seed of the next draw, freezing its pool and quotas.

    The first draw needs the call for volunteers to be over; later ones replace members who
    withdrew. `seed`: typed in by the organiser (e.g. a public lottery's result), otherwise
    drawn from the system's secure generator.
    """
    seed = " ".join(seed.split()) or secrets.token_hex(16)
    if len(seed) > SEED_MAX_LENGTH:
        raise DrawError(_("La graine fait au plus %(n)s caractères.") % {"n": SEED_MAX_LENGTH})
    with transaction.atomic():
        panel = Panel.objects.select_for_update().get(pk=panel.pk)
        if pending_draw(panel) is not None:
            raise DrawError(_("Un tirage publié attend d'être effectué."))
        initial = not panel.members.exists()
        if initial:
            if panel.status not in {PanelStatus.RECRUITING, PanelStatus.DRAWING}:
                raise DrawError(_("Le panel n'est pas en phase de recrutement."))
            if timezone.now() < panel.recruitment_closes_at:
                raise DrawError(_("L'appel à volontaires n'est pas encore clos."))
            size = panel.size
            volunteers = panel.volunteers.filter(status=VolunteerStatus.ELIGIBLE)
        else:
            size = seats_to_fill(panel)
            if size < 1:
                raise DrawError(_("Aucun siège n'est à pourvoir : aucun membre ne s'est"
                                  " retiré."))
            volunteers = panel.volunteers.filter(status=VolunteerStatus.NOT_SELECTED)
        draw = Draw(
            panel=panel, kind=DrawKind.INITIAL if initial else DrawKind.REPLACEMENT,
            size=size, algorithm=sortition.ALGORITHM, seed=seed,
            seed_published_at=timezone.now(),
            pool=[entry(volunteer) for volunteer in volunteers.order_by("pool_id")],
            result={"categories": categories_snapshot(panel),
                    "fixed": [entry(member.volunteer) for member in active_members(panel)]},
        )
        try:
            sortition.check_document(draw_document(draw))
        except sortition.DrawImpossible as error:
            raise DrawError(*error.reasons) from error
        draw.save()
        if initial:
            panel.status = PanelStatus.DRAWING
            panel.save(update_fields=["status"])
        audit.record(actor, "panel.seed_published", draw, panel=panel.slug, seed=seed,
                     kind=draw.kind, size=size, pool=len(draw.pool))
    return draw


def request_draw(draw: Draw, actor) -> Draw:
    """Ask for a published draw to be run by a background task (`perform_draw`): the solver
    may take a minute, longer than a request should. Asking again while it runs changes
    nothing."""
    with transaction.atomic():
        draw = Draw.objects.select_for_update().get(pk=draw.pk)
        if draw.performed_at is not None or "impossible" in draw.result:
            raise DrawError(_("Ce tirage a déjà été effectué."))
        if draw.requested_at is None:
            draw.requested_at = timezone.now()
            draw.performed_by = actor
            draw.save(update_fields=["requested_at", "performed_by"])
            audit.record(actor, "panel.draw_requested", draw)
            tasks.enqueue(perform_draw, draw.pk)
    return draw


@task()
def perform_draw(draw_id: int) -> str:
    """The task of `request_draw`; run again (after a worker died), it finds the draw
    performed and does nothing."""
    draw = Draw.objects.filter(pk=draw_id).select_related("performed_by").first()
    if draw is None or draw.performed_at is not None or "impossible" in draw.result:
        return "done"
    try:
        run_draw(draw, draw.performed_by)
    except DrawError:
        return "impossible"  # the reasons are kept in the draw's result
    return "performed"


def recover_draws(now) -> int:
    """Enqueue again the draws asked for longer than a lease ago and still not run: their
    task was lost (a task the worker died on is put back in the queue by the sweep)."""
    lost = Draw.objects.filter(requested_at__lt=now - tasks.lease(), performed_at=None)
    count = 0
    for draw in lost.only("pk", "result"):
        if "impossible" not in draw.result:
            perform_draw.enqueue(draw.pk)
            count += 1
    return count


def run_draw(draw: Draw, actor) -> Draw:
    """Run a published draw: the selection, the members, the volunteers told."""
    if draw.performed_at is not None or "impossible" in draw.result:
        raise DrawError(_("Ce tirage a déjà été effectué."))
    try:
        selection = sortition.draw_document(draw_document(draw))
    except sortition.DrawImpossible as error:
        with transaction.atomic():
            draw = Draw.objects.select_for_update().get(pk=draw.pk)
            if draw.performed_at is None:
                draw.result = {**draw.result, "impossible": error.reasons}
                draw.save(update_fields=["result"])
                audit.record(actor, "panel.draw_impossible", draw, reasons=error.reasons)
        raise DrawError(*error.reasons) from error
    with transaction.atomic():
        draw = Draw.objects.select_for_update().select_related("panel").get(pk=draw.pk)
        if draw.performed_at is not None:
            raise DrawError(_("Ce tirage a déjà été effectué."))
        draw.result = {**draw.result, **selection.as_dict()}
        draw.performed_at = timezone.now()
        draw.performed_by = actor if actor is not None and actor.is_authenticated else None
        draw.save(update_fields=["result", "performed_at", "performed_by"])
        _make_members(draw, selection.selected)
        audit.record(actor, "panel.draw_performed", draw, selected=len(selection.selected),
                     min_probability=selection.min_probability,
                     max_probability=selection.max_probability)
    return draw


def _make_members(draw: Draw, selected: list[str]) -> None:
    panel = draw.panel
    chosen = list(panel.volunteers.filter(pool_id__in=selected).select_related("user")
                  .order_by("pool_id"))
    vacated = list(panel.members.filter(withdrawn_at__isnull=False, replaced_by=None)
                   .order_by("withdrawn_at", "pk"))
    Member.objects.bulk_create([
        Member(panel=panel, volunteer=volunteer, user=volunteer.user, draw=draw,
               replaces=vacated[index] if index < len(vacated) else None,
               joined_at=draw.performed_at)
        for index, volunteer in enumerate(chosen)
    ])
    Volunteer.objects.filter(pk__in=[v.pk for v in chosen]).update(
        status=VolunteerStatus.SELECTED)
    url = panel.get_absolute_url()
    for volunteer in chosen:
        notify(volunteer.user, kind="followed_update",
               subject=_("Vous avez été tiré·e au sort : %(panel)s") % {"panel": panel.title},
               message=_("Bienvenue dans le panel « %(panel)s ». Les organisateurs vous"
                         " contacteront pour la suite.") % {"panel": panel.title}, url=url)
    if draw.kind == DrawKind.INITIAL:
        others = panel.volunteers.filter(status=VolunteerStatus.ELIGIBLE).select_related("user")
        for volunteer in others:
            notify(volunteer.user, kind="followed_update",
                   subject=_("Résultat du tirage au sort : %(panel)s") % {"panel": panel.title},
                   message=_("Vous n'avez pas été tiré·e au sort cette fois-ci. Vous restez"
                             " sur la liste complémentaire : un tirage de remplacement peut"
                             " avoir lieu si un membre se retire."), url=url)
        others.update(status=VolunteerStatus.NOT_SELECTED)
        panel.status = PanelStatus.ACTIVE
        panel.save(update_fields=["status"])


@transaction.atomic
def withdraw_member(member: Member, reason: str, actor) -> Member:
    """A member leaves the panel (they asked, or an organiser records it); their seat can be
    filled by a replacement draw."""
    member = Member.objects.select_for_update().select_related("panel", "volunteer").get(
        pk=member.pk)
    if member.withdrawn_at is not None:
        return member
    member.withdrawn_at = timezone.now()
    member.withdrawal_reason = reason[:250]
    member.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    member.volunteer.status = VolunteerStatus.WITHDRAWN
    member.volunteer.save(update_fields=["status"])
    audit.record(actor, "panel.member_withdrawn", member, panel=member.panel.slug,
                 reason=member.withdrawal_reason)
    return member

