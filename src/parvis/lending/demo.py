"""Demo data of equipment lending: a convention template, 30 devices (iPads, Android
tablets, refurbished PCs) and, when the demo panel has been drawn, loans to its members
with their conventions, a returned loan, an overdue one and two incidents.

Runs after the panels demo; without a drawn panel the loans are skipped."""

from datetime import date, timedelta

from django.db.models import F
from django.utils import timezone

from parvis.core.models import User
from parvis.lending import conventions, services
from parvis.lending.models import (
    Acquisition,
    ConventionTemplate,
    Device,
    DeviceKind,
    DeviceState,
    IncidentKind,
    IncidentStatus,
    Loan,
)
from parvis.panels.models import Member, PanelStatus

ORGANISER = "GestionParticipation"
CONVENTION_TITLE = "Convention de prêt de matériel numérique"
CONVENTION_BODY = """Entre Bordeaux Métropole et {member} (pseudonyme {pseudonym}), membre du \
panel « {panel} ».

Article 1 — Objet. La Métropole prête au membre l'appareil suivant : {device}, numéro de \
série {serial}, avec les accessoires suivants : {accessories}.

Article 2 — Durée. Le prêt court du {start} au {end}. L'appareil est rendu à cette date, \
avec ses accessoires, lors d'une permanence du panel.

Article 3 — Usage. L'appareil sert à participer aux activités du panel et peut être utilisé \
librement par le foyer. Le membre en prend soin et ne le cède ni ne le prête à un tiers.

Article 4 — Incidents. Toute casse, panne, perte ou tout vol est déclaré sans délai depuis la \
page « Mes prêts » ; un vol est déclaré à la police. Aucune somme n'est demandée au membre en \
cas de casse accidentelle.

Article 5 — Données. Les données personnelles du prêt sont anonymisées un an après le retour \
de l'appareil ; l'historique de l'appareil, sans donnée personnelle, est conservé pour \
mesurer sa durée de vie."""

# (kind, OS, model, accessories, acquisition, count)
FLEET = [
    (DeviceKind.TABLET, "iPadOS 17", "Apple iPad 10e génération", "chargeur USB-C, housse",
     Acquisition.PURCHASE, 12),
    (DeviceKind.TABLET, "Android 14", "Samsung Galaxy Tab A9+", "chargeur, housse, stylet",
     Acquisition.PURCHASE, 10),
    (DeviceKind.PC, "Linux Mint 21", "Lenovo ThinkPad T480 reconditionné",
     "chargeur, souris", Acquisition.REFURBISHMENT, 8),
]


def load() -> None:
    """Idempotent: each part only when there is none yet."""
    organiser = User.objects.filter(pseudonym=ORGANISER).first()
    if not ConventionTemplate.objects.exists():
        services.save_template(
            ConventionTemplate(title=CONVENTION_TITLE, version="2026-1", body=CONVENTION_BODY),
            organiser, created=True,
        )
    if not Device.objects.exists():
        load_devices(organiser)
    if not Loan.objects.exists():
        load_loans(organiser)


def load_devices(organiser) -> None:
    today = timezone.localdate()
    prefixes = {DeviceKind.TABLET: "TAB", DeviceKind.PC: "PC"}
    number = 0
    for kind, os, model, accessories, acquisition, count in FLEET:
        for rank in range(count):
            number += 1
            services.save_device(Device(
                kind=kind, os=os, model=model, accessories=accessories,
                serial_number=f"BM-{prefixes[kind]}-{number:04d}",
                state=DeviceState.NEW if acquisition == Acquisition.PURCHASE else DeviceState.GOOD,
                acquisition=acquisition,
                acquired_on=today - timedelta(days=60 + 45 * rank),
            ), organiser, created=True)


def load_loans(organiser) -> None:
    members = list(
        Member.objects.filter(panel__status=PanelStatus.ACTIVE, withdrawn_at=None)
        .select_related("panel", "user", "volunteer")
        .order_by("panel", F("user_id").asc(nulls_last=True), "pk")[:14]  # accounts first
    )
    if not members:
        return
    template = services.current_template()
    devices = list(Device.objects.order_by("pk"))
    today = timezone.localdate()
    loans = []
    for member, device in zip(members, devices, strict=False):
        loan = services.prepare_loan(device, member, organiser,
                                     starts_on=today - timedelta(days=20),
                                     planned_end_on=member.panel.ends_on)
        accept(loan, template, organiser)
        loans.append(services.hand_over(loan, organiser))
    demo_events(loans, devices[len(loans):], organiser, today)


def accept(loan: Loan, template, organiser) -> None:
    user = loan.borrower
    if user is None:
        services.record_paper_convention(loan, organiser, signed_on=timezone.localdate())
        return
    text = services.render_convention(loan, template)
    services.accept_convention(loan, user, conventions.fingerprint(text))


def demo_events(loans: list[Loan], spare: list[Device], organiser, today: date) -> None:
    """A loan returned, one overdue, one ending soon, a broken tablet declared by its
    member and a stolen one replaced."""
    if len(loans) < 5 or not spare:
        return
    services.return_loan(loans[0], organiser, returned_on=today, state=DeviceState.WORN,
                         notes="Rendu avec sa housse ; écran rayé.")
    Loan.objects.filter(pk=loans[1].pk).update(planned_end_on=today - timedelta(days=3))
    Loan.objects.filter(pk=loans[2].pk).update(planned_end_on=today + timedelta(days=10))
    services.declare_incident(
        loans[3].device, loans[3].borrower or organiser, kind=IncidentKind.BROKEN,
        description="La tablette ne charge plus, même avec un autre câble.",
        occurred_on=today - timedelta(days=2), by_member=loans[3].borrower is not None,
    )
    stolen = services.declare_incident(
        loans[4].device, organiser, kind=IncidentKind.STOLEN,
        description="Vol dans un transport en commun ; plainte déposée (récépissé reçu).",
        occurred_on=today - timedelta(days=5),
    )
    services.follow_up_incident(
        stolen, organiser, status=IncidentStatus.IN_PROGRESS,
        actions="Déclaration à l'assurance envoyée ; appareil de remplacement préparé.",
        replacement_device=spare[0],
    )
