"""Every write on realisations: their creation from what the modules adopted, their
follow-up (status, progress, budget, service, place), milestones and CSV imports."""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core import audit, bounds, csv_import, modules
from parvis.core.errors import DomainError, ImportRefused
from parvis.core.models import Service, User
from parvis.core.services import photos
from parvis.core.services.territory import locate
from parvis.notifications.services import notify_all
from parvis.realisations.models import Milestone, Realisation, Status

MAX_AMOUNT = 10**12  # euros: far above any budget, well inside the column


class RealisationRefused(DomainError):
    pass


# Creation from the adopted items --------------------------------------------------------


@dataclass(frozen=True)
class Synchronised:
    created: int
    updated: int


@transaction.atomic
def synchronise(actor=None, app: str | None = None) -> Synchronised:
    """Create the realisation of every adopted item (of the module `app`, if given) that has
    none; refresh the title, description and page of those whose source changed. Run again,
    it changes nothing. The follow-up (status, progress, amounts, service, place) is the
    realisation's own and only taken from the source at creation. A realisation whose item
    is no longer adopted stays. Two runs at once (a tool's change and the daily command, say)
    create each realisation once: the one that comes second finds it created."""
    realisations = Realisation.objects.all() if app is None else Realisation.objects.filter(
        source=app)
    existing = {realisation.source_key: realisation for realisation in realisations}
    created = updated = 0
    for item in modules.adopted(app):
        realisation = existing.get(item.key)
        if realisation is None:
            try:
                with transaction.atomic():
                    Realisation.objects.create(
                        source_key=item.key, source=item.app, source_url=item.url,
                        title=item.title[:250], description=item.description,
                        process_id=item.process_id, commune_id=item.commune_id,
                        latitude=item.latitude, longitude=item.longitude,
                        planned_amount=item.planned_amount)
            except IntegrityError:  # created meanwhile by another run (its key is unique)
                continue
            created += 1
            continue
        fresh = {"title": item.title[:250], "description": item.description,
                 "source_url": item.url}
        if any(getattr(realisation, name) != value for name, value in fresh.items()):
            Realisation.objects.filter(pk=realisation.pk).update(**fresh)
            updated += 1
    if created or updated:
        audit.record(actor, "realisations_synchronised", created=created, updated=updated)
    return Synchronised(created, updated)


# Follow-up ------------------------------------------------------------------------------


def check(status: str, progress: int, planned_amount: int | None, spent_amount: int | None,
          latitude: float | None = None, longitude: float | None = None) -> None:
    """Refuse a follow-up that does not hold together (a DomainError naming the field)."""
    if status not in Status.values:
        raise RealisationRefused(_("Statut inconnu : choisissez à lancer, en cours, terminé ou"
                                   " abandonné."), "status")
    if not 0 <= progress <= 100:
        raise RealisationRefused(_("L'avancement est un pourcentage entre 0 et 100."),
                                 "progress")
    if status == Status.DONE and progress != 100:
        raise RealisationRefused(_("Une réalisation terminée est avancée à 100 %."), "progress")
    if status == Status.PLANNED and progress != 0:
        raise RealisationRefused(_("Une réalisation à lancer est avancée à 0 %."), "progress")
    for name, amount in (("planned_amount", planned_amount), ("spent_amount", spent_amount)):
        if amount is not None and not 0 <= amount < MAX_AMOUNT:
            raise RealisationRefused(_("Un montant est un nombre d'euros positif, sous mille"
                                       " milliards."), name)
    if (latitude is None) != (longitude is None):
        raise RealisationRefused(_("Indiquez la latitude et la longitude du lieu, ou aucune"
                                   " des deux."), "latitude")
    if latitude is not None and locate(latitude, longitude) is None:
        raise RealisationRefused(_("Ce lieu est hors de la métropole."), "latitude")


FOLLOW_UP = ["status", "progress", "service", "planned_amount", "spent_amount", "commune",
             "latitude", "longitude"]


def update(realisation: Realisation, actor, **changes) -> Realisation:
    """Change the follow-up of a realisation (fields of FOLLOW_UP), checked and audited."""
    unknown = set(changes) - set(FOLLOW_UP)
    if unknown:
        raise ValueError(f"Not follow-up fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(realisation, name, value)
    check(realisation.status, realisation.progress, realisation.planned_amount,
          realisation.spent_amount, realisation.latitude, realisation.longitude)
    if realisation.has_point and realisation.commune_id is None:
        realisation.commune = locate(realisation.latitude, realisation.longitude)
    realisation.updated_at = timezone.now()
    realisation.save()
    audit.record(actor, "realisation_updated", realisation, fields=sorted(changes),
                 status=realisation.status, progress=realisation.progress)
    return realisation


# Milestones -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    on: date
    title: str
    text: str = ""
    photo: bytes | None = None
    photo_alt: str = ""


def add_milestone(realisation: Realisation, step: Step, actor) -> Milestone:
    """Publish a milestone (its photo checked, then re-encoded without metadata by a task)
    and tell the people who supported or voted for the adopted item, in a background task."""
    if not bounds.day_in_range(step.on):
        raise RealisationRefused(_("La date doit être comprise entre 1900 et 2999."), "on")
    if not step.title.strip():
        raise RealisationRefused(_("Donnez un titre à l'étape."), "title")
    if step.photo:
        photos.check(step.photo, RealisationRefused)
        if not step.photo_alt.strip():
            raise RealisationRefused(_("Décrivez la photo pour les personnes qui ne la voient"
                                       " pas."), "photo_alt")
    photo = photos.keep(step.photo, "photo.jpg") if step.photo else None
    with transaction.atomic():
        milestone = Milestone(realisation=realisation, on=step.on, title=step.title.strip(),
                              text=step.text.strip(), photo_alt=step.photo_alt.strip(),
                              created_by=actor if actor.is_authenticated else None)
        if photo:
            photos.attach(milestone, photo)
        milestone.save()
        photos.queue(milestone)
        Realisation.objects.filter(pk=realisation.pk).update(updated_at=timezone.now())
        audit.record(actor, "realisation_milestone", realisation, milestone=milestone.pk)
        try:
            adoptions = modules.adoptions_of(realisation.source_key)
        except LookupError:  # the tool that adopted it is no longer installed: nobody to tell
            supporters = []
        else:
            supporters = adoptions.supporters(realisation.source_key)
        notify_all(User.objects.filter(pk__in=supporters).only("pk"),
                   kind="realisation_milestone",
                   subject=_("Réalisation « %(title)s » : %(step)s") % {
                       "title": realisation.title, "step": milestone.title},
                   message=milestone.text or milestone.title,
                   url=realisation.get_absolute_url(), actor=actor)
    return milestone


# CSV import -----------------------------------------------------------------------------

COLUMNS = ["origine", "statut", "avancement"]
OPTIONAL = ("budget_prevu", "depenses", "service")
STATUS_BY_LABEL = {str(label): value for value, label in Status.choices}


def _amount(text: str) -> int | None:
    if not text:
        return None
    number = csv_import.parse_number(text)
    if number != number.to_integral_value():
        raise csv_import.CsvError(f"« {text} » n'est pas un nombre entier d'euros")
    return int(number)


@transaction.atomic
def import_progress(data: bytes, actor) -> int:
    """Update the follow-up of the realisations a CSV file lists (columns
    origine;statut;avancement[;budget_prevu;depenses;service]), or none when a line is
    invalid: the refusal lists each invalid line. Returns the realisations updated."""
    try:
        rows = csv_import.read(data, COLUMNS, optional=OPTIONAL)
    except csv_import.CsvError as error:
        raise ImportRefused([error.message]) from None
    realisations = Realisation.objects.in_bulk([row["origine"] for row in rows],
                                               field_name="source_key")
    services = {service.slug: service for service in Service.objects.filter(is_active=True)}
    errors, valid = [], []
    for line, row in enumerate(rows, start=2):
        try:
            realisation = realisations.get(row["origine"])
            if realisation is None:
                raise csv_import.CsvError(f"réalisation « {row['origine']} » inconnue")
            status = STATUS_BY_LABEL.get(row["statut"].lower(), row["statut"])
            progress = csv_import.parse_number(row["avancement"].rstrip("% "))
            if progress != progress.to_integral_value():
                raise csv_import.CsvError(f"avancement « {row['avancement']} » : un nombre"
                                          " entier de 0 à 100")
            changes = {"status": status, "progress": int(progress)}
            for column, name in (("budget_prevu", "planned_amount"), ("depenses", "spent_amount")):
                if row.get(column):
                    changes[name] = _amount(row[column])
            if row.get("service"):
                if row["service"] not in services:
                    raise csv_import.CsvError(f"service « {row['service']} » inconnu")
                changes["service"] = services[row["service"]]
            merged = {name: getattr(realisation, name) for name in FOLLOW_UP} | changes
            check(merged["status"], merged["progress"], merged["planned_amount"],
                  merged["spent_amount"])
        except (csv_import.CsvError, RealisationRefused) as error:
            errors.append(_("Ligne %(line)d : %(problem)s") % {
                "line": line, "problem": error.message.rstrip(".") + "."})
            continue
        valid.append((realisation, changes))
    if errors:
        raise ImportRefused(errors)
    for realisation, changes in valid:
        update(realisation, actor, **changes)
    return len(valid)
