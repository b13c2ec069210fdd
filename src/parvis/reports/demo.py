"""Demo data for issue reports: categories, routing table and reports in every status."""

import io
import random
from datetime import timedelta

from django.utils import timezone
from PIL import Image, ImageDraw

from parvis.core.models import Commune, Service, User
from parvis.core.services import photos
from parvis.reports.models import Category, CategoryAttribute, Report, RoutingRule, Status
from parvis.reports.services import (
    Submission,
    change_status,
    follow,
    load_default_categories,
    submit_report,
)

ROUTES = {
    # category slug -> metropolis service name (demo services from load_demo)
    "voirie": "Direction de la voirie",
    "eau": "Direction de l'eau et de l'assainissement",
    "signalisation": "Signalisation et feux tricolores",
    "espaces-verts": "Direction de la nature",
    "mobilier-urbain": "Mobilier urbain",
    "proprete": "Propreté urbaine",
    "eclairage": "Éclairage public",
}
TRIAGE = "Centre de relation usagers (triage)"
DEMO_CITIZEN = "citoyenne@demo.parvis.test"
EXAMPLES = [
    ("voirie-nid-de-poule", "Nid-de-poule dangereux pour les vélos",
     "Un trou d'une vingtaine de centimètres au milieu de la bande cyclable."),
    ("voirie-trottoir", "Trottoir soulevé par des racines",
     "Les dalles sont soulevées, une poussette ne peut plus passer."),
    ("eau-fuite", "Fuite d'eau sur la chaussée", "L'eau coule en continu depuis ce matin."),
    ("signalisation-feu", "Feu piéton en panne", "Le feu piéton reste au rouge en permanence."),
    ("espaces-verts", "Branche cassée au-dessus de l'aire de jeux",
     "Une grosse branche pend après le coup de vent d'hier."),
    ("mobilier-urbain", "Banc arraché", "Le banc devant l'arrêt de tram est descellé."),
    ("proprete-depot-sauvage", "Matelas abandonné", "Un matelas et des cartons sur le trottoir."),
    ("proprete-tag", "Tag sur l'école", "Un grand tag sur le mur de l'école maternelle."),
    ("eclairage", "Lampadaire éteint", "Le lampadaire au coin de la rue ne s'allume plus."),
]
STEPS = [
    [],
    [(Status.ACKNOWLEDGED, "Merci, l'équipe est prévenue.")],
    [(Status.ACKNOWLEDGED, ""), (Status.PLANNED, "Intervention prévue la semaine prochaine.")],
    [(Status.ACKNOWLEDGED, ""), (Status.IN_PROGRESS, "L'équipe est sur place.")],
    [(Status.ACKNOWLEDGED, ""), (Status.RESOLVED, "C'est réparé. Merci de votre signalement.")],
    [(Status.REJECTED, "Ce lieu est une propriété privée : contactez le syndic.")],
]


def load(count: int = 45) -> None:
    """Idempotent: categories and routing always; reports only when there are none."""
    load_default_categories()
    size = Category.objects.get(slug="proprete-depot-sauvage")
    CategoryAttribute.objects.get_or_create(
        category=size, code="volume",
        defaults={
            "description": "Volume approximatif", "datatype": "singlevaluelist",
            "required": True,
            "values": [{"key": "petit", "name": "Un sac"}, {"key": "moyen", "name": "Un coffre"},
                       {"key": "grand", "name": "Une camionnette"}],
        },
    )
    services = {service.name: service for service in Service.objects.all()}
    RoutingRule.objects.get_or_create(category=None, commune=None,
                                      defaults={"service": services[TRIAGE]})
    for slug, name in ROUTES.items():
        RoutingRule.objects.get_or_create(category=Category.objects.get(slug=slug), commune=None,
                                          defaults={"service": services[name]})
    bordeaux = Commune.objects.get(slug="bordeaux")
    RoutingRule.objects.get_or_create(
        category=Category.objects.get(slug="voirie"), commune=bordeaux,
        defaults={"service": services["Services techniques de Bordeaux"]},
    )
    if not Report.objects.exists():
        load_reports(count)


def demo_photo(seed: int) -> bytes:
    """A small generated picture (a sky, a road and a dark patch) for demo reports."""
    image = Image.new("RGB", (640, 480), (150, 190, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 260, 640, 480], fill=(90, 90, 95))
    draw.ellipse([220 + seed * 10, 330, 420 + seed * 10, 400], fill=(40, 35, 30))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def load_reports(count: int) -> None:
    rng = random.Random(2026)  # noqa: S311 - reproducible demo data
    communes = list(Commune.objects.all())
    citizen = User.objects.filter(email=DEMO_CITIZEN).first()
    now = timezone.now()
    for number in range(count):
        slug, title, description = EXAMPLES[number % len(EXAMPLES)]
        commune = communes[number % len(communes)]
        category = Category.objects.get(slug=slug)
        report = submit_report(Submission(
            category=category, title=title, description=description,
            address=f"{rng.randint(1, 120)} rue de la République",
            latitude=commune.latitude + rng.uniform(-0.004, 0.004),
            longitude=commune.longitude + rng.uniform(-0.004, 0.004),
            attributes={"volume": "moyen"} if category.attributes.exists() else {},
            photo=demo_photo(number % 5) if number % 4 == 0 else None,
            contact_email="riveraine@demo.parvis.test" if number == 1 else "",
        ), reporter=citizen if number % 10 == 0 else None)
        photos.process_now(report)  # no worker runs while the demo is loaded
        if number == 3 and citizen is not None:
            follow(report, user=citizen)
        created = now - timedelta(days=rng.uniform(1, 60))
        Report.objects.filter(pk=report.pk).update(created_at=created, updated_at=created)
        report.history.update(at=created)
        for step, (status, message) in enumerate(STEPS[number % len(STEPS)], start=1):
            change = change_status(report, None, status, message=message)
            at = min(created + timedelta(hours=6 * step * rng.uniform(1, 4)), now)
            type(change).objects.filter(pk=change.pk).update(at=at)
            fields = {"updated_at": at}
            if step == 1:
                fields["first_response_at"] = at
            if status in (Status.RESOLVED, Status.REJECTED):
                fields["closed_at"] = at
            Report.objects.filter(pk=report.pk).update(**fields)
