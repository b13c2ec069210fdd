"""Demo data of the agenda: workshops, a walk, a panel meeting and a results evening,
some with registration, one hybrid."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from parvis.agenda.models import Event, Registration, RegistrationStatus
from parvis.agenda.selectors import next_event_with_registration
from parvis.core.models import Commune
from parvis.processes.models import Process

PENDING_EMAIL = "confirmation@demo.parvis.test"
CITIZEN_EMAIL = "citoyenne@demo.parvis.test"  # registered to the next event, with an account
TRAM_A = "Tram A, arrêt Buttinière ; lianes 7 et 27, arrêt Cenon Gare."
EVENTS = [
    # slug, process slug, commune slug, days from now, hour, hours, fields
    ("rencontre-des-pionniers", "pionniers-de-la-participation", "bordeaux", 7, 18, 2, {
        "title": "Rencontre des pionniers de la participation",
        "purpose": "Faire le point sur les six premiers mois du panel et choisir les services"
                   " à tester ensuite.",
        "summary": "Soirée d'échanges entre les membres du panel, avec les équipes qui"
                   " conçoivent les services de participation. Une aide à la prise en main"
                   " des tablettes est proposée dès 17 h 30.",
        "place_name": "Hôtel de Bordeaux Métropole, salle du conseil",
        "address": "Esplanade Charles-de-Gaulle, 33000 Bordeaux",
        "latitude": 44.8378, "longitude": -0.5850,
        "accessibility": "Salle de plain-pied, boucle magnétique, interprète en langue des"
                         " signes sur demande une semaine avant.",
        "public_transport": "Tram A, arrêt Hôtel de Ville ; tram B, arrêt Gambetta.",
        "bike": "Arceaux et station V³ sur l'esplanade.",
        "parking": "Parking Mériadeck (payant), places réservées aux personnes handicapées"
                   " devant l'entrée.",
        "capacity": 40, "registration_required": True,
        "online_url": "https://visio.example.org/pionniers",
    }),
    ("atelier-plan-velo-cenon", "plan-velo-de-la-rive-droite", "cenon", 20, 18, 2, {
        "title": "Atelier cartographique : où manque-t-il des pistes cyclables ?",
        "purpose": "Repérer ensemble les discontinuités cyclables de la rive droite avant"
                   " les travaux 2027.",
        "summary": "Sur de grandes cartes, chacun indique ses trajets et les points"
                   " dangereux. Les propositions alimentent le plan vélo.",
        "place_name": "Centre social La Colline",
        "address": "Rue Camille Pelletan, 33150 Cenon",
        "accessibility": "Accessible en fauteuil roulant.",
        "public_transport": TRAM_A,
        "bike": "Arceaux devant le centre social.",
        "capacity": 25, "registration_required": True,
    }),
    ("balade-velo-floirac", "plan-velo-de-la-rive-droite", "floirac", 27, 10, 3, {
        "title": "Balade à vélo de Floirac à Lormont",
        "purpose": "Tester à vélo le tracé envisagé le long des coteaux.",
        "summary": "12 km à allure tranquille, vélos à assistance électrique prêtés sur"
                   " réservation.",
        "place_name": "Parvis de la mairie de Floirac",
        "address": "6 avenue Pasteur, 33270 Floirac",
        "public_transport": "Liane 10, arrêt Floirac Mairie.",
        "capacity": 15, "registration_required": True,
    }),
    ("restitution-ilots-de-fraicheur", "ilots-de-fraicheur-a-bordeaux", "bordeaux", 3, 18, 2, {
        "title": "Restitution de l'enquête sur les îlots de fraîcheur",
        "purpose": "Présenter les résultats de l'enquête de l'été dans les 11 lieux.",
        "summary": "Présentation des résultats puis questions-réponses, en salle et en ligne.",
        "place_name": "Maison écocitoyenne",
        "address": "Quai Richelieu, 33000 Bordeaux",
        "public_transport": "Tram A et C, arrêt Porte de Bourgogne.",
        "online_url": "https://visio.example.org/ilots",
    }),
    ("permanence-numerique-merignac", None, "merignac", 1, 14, 3, {
        "title": "Permanence : participer en ligne, on vous aide",
        "summary": "Un médiateur numérique aide à créer un compte et à répondre aux"
                   " consultations en cours. Sans inscription.",
        "place_name": "Médiathèque de Mérignac",
        "address": "19 place Charles-de-Gaulle, 33700 Mérignac",
        "public_transport": "Tram A, arrêt Mérignac Centre.",
    }),
]


def load() -> None:
    today = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    for slug, process, commune, days, hour, hours, fields in EVENTS:
        starts_at = (today + timedelta(days=days)).replace(hour=hour)
        Event.objects.get_or_create(slug=slug, defaults={
            "process": Process.objects.filter(slug=process).first() if process else None,
            "commune": Commune.objects.get(slug=commune),
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=hours),
            "is_published": True,
            **fields,
        })
    event = next_event_with_registration()
    # A registration waiting for its address: the page of its confirmation link.
    Registration.objects.get_or_create(
        event=event, email=PENDING_EMAIL,
        defaults={"name": "Visiteur de démonstration", "status": RegistrationStatus.PENDING})
    # The demo citizen's registration: « Mes inscriptions » and the event's registered state.
    citizen = get_user_model().objects.filter(email=CITIZEN_EMAIL).first()
    if citizen is not None:
        Registration.objects.get_or_create(event=event, email=CITIZEN_EMAIL, defaults={
            "user": citizen, "name": citizen.public_name, "email_confirmed_at": timezone.now(),
            "status": RegistrationStatus.CONFIRMED})
