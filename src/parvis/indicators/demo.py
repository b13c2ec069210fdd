"""Demo data: the strategy's 8 axes and the indicators with 2026 targets the metropolis
published, with a plausible history (values entered by the digital-strategy team, others
computed by Parvis from its own data at the end of each year)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from parvis.core import modules
from parvis.core.models import Role, User
from parvis.indicators import services
from parvis.indicators.models import Axis, Commitment, Indicator, Measurement

BASELINE_ON = date(2022, 12, 31)
TARGET_ON = date(2026, 12, 31)
HISTORY_DAYS = [date(2023, 12, 31), date(2024, 12, 31), date(2025, 12, 31), date(2026, 6, 30)]
OWNER = "Direction du numérique et des systèmes d'information"
INCLUSION = "Direction de l'inclusion numérique"

# (number, slug, title, description, [(commitment, [indicator fields])])
# An indicator: code, name, unit, direction, baseline (None: computed on the baseline day),
# target (a callable of the baseline for a relative target), source, owner, method,
# frequency, measure, entered history (one value per HISTORY_DAYS, None for no value).
AXES = [
    (1, "inclusion-numerique", "Inclusion numérique",
     "Former, équiper et accompagner les habitants éloignés du numérique.", [
         ("Former les habitants et les professionnels", [
             ("personnes-formees", "Personnes formées au numérique (plan pauvreté)",
              "personnes", "increase", 0, 4000, "Bilans des structures de médiation",
              INCLUSION, "Cumul des personnes ayant suivi au moins un atelier.", "quarterly",
              "", [900, 2100, 3050, 3600]),
             ("professionnels-formes", "Professionnels de l'action sociale formés",
              "professionnels", "increase", 0, 800, "Feuilles d'émargement des formations",
              INCLUSION, "Cumul des professionnels formés depuis 2023.", "quarterly", "",
              [150, 320, 480, 560]),
         ]),
         ("Équiper et connecter", [
             ("wifi-social", "Points d'accès Wi-Fi social", "points d'accès", "increase", 6, 40,
              "Inventaire du réseau", OWNER, "Points d'accès ouverts au public au 31 décembre.",
              "yearly", "", [12, 21, 30, 36]),
             ("ordinateurs-reconditionnes", "Ordinateurs reconditionnés redistribués",
              "ordinateurs", "increase", 0, 1250, "Bilans des partenaires du reconditionnement",
              INCLUSION, "Cumul des ordinateurs reconditionnés remis à des habitants et à des"
              " associations.", "quarterly", "", [180, 420, 760, 980]),
             ("ordinateurs-pretes-panels", "Ordinateurs reconditionnés prêtés aux membres des"
              " panels", "ordinateurs", "increase", 0, 100, "Prêt de matériel de Parvis",
              INCLUSION, "Ordinateurs reconditionnés remis au moins une fois à un membre de"
              " panel (appel à projets « Clic et Déclic » : 100 ordinateurs), calculé par"
              " Parvis.", "monthly", "lending.refurbished_devices_lent", []),
         ]),
         ("Accompagner et observer", [
             ("seances-conseillers", "Séances des conseillers numériques par an",
              "séances par an", "increase", 4200, 10000, "Outil de suivi des conseillers",
              INCLUSION, "Séances individuelles et collectives sur les douze derniers mois.",
              "quarterly", "", [5600, 7300, 8900, 9400]),
             ("personnes-interrogees",
              "Personnes interrogées par l'observatoire des inégalités numériques",
              "personnes", "increase", 0, 5000, "Consultations de Parvis (thème numérique)",
              INCLUSION, "Réponses envoyées aux consultations du thème « Numérique », calculé"
              " par Parvis.", "monthly", "consultations.people_surveyed", []),
         ]),
     ]),
    (2, "sobriete", "Sobriété et impact environnemental",
     "Mesurer et réduire l'empreinte carbone du numérique de la métropole.", [
         ("Réduire l'empreinte carbone des équipements", [
             ("impact-carbone-equipements", "Empreinte carbone annuelle des équipements"
              " informatiques", "t CO2e", "decrease", None, lambda base: base * Decimal("0.9"),
              "Calculateur d'empreinte de Parvis (facteurs ADEME Base Empreinte)", OWNER,
              "Fabrication amortie sur la durée de vie réelle et usage, calculé par Parvis ;"
              " cible : −10 % par rapport à 2022.", "yearly", "footprint.carbon", []),
             ("electricite-infrastructures",
              "Consommation électrique des infrastructures numériques", "MWh", "decrease",
              4850, Decimal("4122.5"), "Relevés des compteurs des salles serveurs", OWNER,
              "Consommation des douze derniers mois ; cible : −15 % par rapport à 2022.",
              "yearly", "", [4790, 4610, 4420, 4330]),
         ]),
         ("Allonger la durée de vie des équipements", [
             ("duree-vie-portables", "Durée de vie des ordinateurs portables", "années",
              "increase", 5, 7, "Calculateur d'empreinte de Parvis", OWNER,
              "Âge moyen au retrait des portables retirés, calculé par Parvis.", "yearly",
              "footprint.lifetime_laptop", []),
             ("duree-vie-fixes", "Durée de vie des ordinateurs fixes", "années", "increase", 6,
              8, "Calculateur d'empreinte de Parvis", OWNER,
              "Âge moyen au retrait des ordinateurs fixes retirés, calculé par Parvis.",
              "yearly", "footprint.lifetime_desktop", []),
             ("duree-vie-ecrans", "Durée de vie des écrans", "années", "increase", 7, 10,
              "Calculateur d'empreinte de Parvis", OWNER,
              "Âge moyen au retrait des écrans retirés, calculé par Parvis.", "yearly",
              "footprint.lifetime_screen", []),
             ("duree-vie-smartphones", "Durée de vie des smartphones", "années", "increase",
              Decimal("2.5"), 4, "Calculateur d'empreinte de Parvis", OWNER,
              "Âge moyen au retrait des smartphones retirés, calculé par Parvis.", "yearly",
              "footprint.lifetime_smartphone", []),
             ("part-reconditionnee", "Part reconditionnée ou réemployée des équipements"
              " retirés en état de marche", "%", "increase", 18, 50,
              "Calculateur d'empreinte de Parvis", OWNER,
              "Équipements retirés dans l'année en état de marche et confiés au réemploi ou"
              " au reconditionnement, calculé par Parvis.", "yearly",
              "footprint.refurbished_share", []),
         ]),
     ]),
    (3, "achats-responsables", "Achats numériques responsables",
     "Faire du numérique responsable un critère de chaque achat.", [
         ("Intégrer le numérique responsable aux marchés", [
             ("marches-critere", "Marchés numériques avec un critère numérique responsable"
              " pesant au moins 10 %", "%", "increase", 15, 80,
              "Registre des marchés publics", "Direction de la commande publique",
              "Part des marchés numériques notifiés dans l'année.", "yearly", "",
              [30, 48, 61, 70]),
             ("acheteurs-formes", "Acheteurs du numérique formés", "%", "increase", 10, 100,
              "Plan de formation", "Direction de la commande publique",
              "Part des acheteurs du numérique ayant suivi la formation.", "yearly", "",
              [35, 60, 85, 100]),
         ]),
     ]),
    (4, "co-construction", "Co-construction avec les habitants",
     "Concevoir les projets publics avec celles et ceux qui les utiliseront.", [
         ("Associer les habitants aux projets", [
             ("projets-co-construits", "Projets publics co-construits avec les habitants",
              "%", "increase", 20, 50, "Démarches publiées sur Parvis",
              "Direction de la participation citoyenne",
              "Part des démarches publiques ayant ouvert une phase de proposition, de"
              " commentaire, de réponse ou de vote, calculé par Parvis.", "quarterly",
              "processes.co_designed_share", []),
         ]),
     ]),
    (5, "accessibilite", "Accessibilité des services numériques",
     "Des services en ligne utilisables par toutes et tous.", [
         ("Rendre accessibles les nouveaux services", [
             ("services-rgaa", "Nouveaux services en ligne conformes à au moins 80 % du"
              " RGAA 4.1", "%", "increase", 40, 100, "Audits d'accessibilité", OWNER,
              "Part des services mis en ligne dans l'année audités à 80 % ou plus.",
              "yearly", "", [55, 68, 80, 86]),
             ("conformite-rgaa-parvis", "Taux de conformité RGAA 4.1 de Parvis", "%",
              "increase", 60, 100, "Déclaration d'accessibilité de Parvis", OWNER,
              "Taux publié dans la déclaration d'accessibilité après chaque audit.",
              "yearly", "core.rgaa_conformity", [None, 72, 81, None]),
         ]),
     ]),
    (6, "competences", "Compétences des agents",
     "Former les agents à concevoir des services sobres et accessibles.", [
         ("Former à l'écoconception", [
             ("agents-ecoconception", "Agents développeurs formés à l'écoconception", "%",
              "increase", 5, 75, "Plan de formation", "Direction des ressources humaines",
              "Part des agents qui développent des services numériques ayant suivi la"
              " formation.", "yearly", "", [20, 38, 55, 66]),
         ]),
     ]),
    (7, "donnees-ouvertes", "Données ouvertes et transparence",
     "Publier les données et expliquer comment elles sont produites.", [
         ("Expliquer les traitements", [
             ("jeux-explication", "Jeux de données publiés avec une explication de leur"
              " traitement", "%", "increase", 10, 80, "Catalogue de données ouvertes", OWNER,
              "Part des jeux de données du catalogue accompagnés d'une explication.",
              "quarterly", "", [25, 41, 58, 74]),
         ]),
     ]),
    (8, "communs-numeriques", "Communs numériques",
     "Contribuer aux logiciels et aux données partagés entre collectivités.", [
         ("Contribuer aux communs", [
             ("communs-contribues", "Communs numériques auxquels la métropole contribue",
              "communs", "increase", 0, 5, "Dépôts de code et conventions", OWNER,
              "Communs ayant reçu au moins une contribution de la métropole.", "yearly", "",
              [1, 2, 3, 4]),
         ]),
     ]),
]


def load() -> None:
    """Idempotent: only when no axis exists yet."""
    if Axis.objects.exists():
        return
    team = (User.objects.filter(role_grants__role=Role.PROCESS_MANAGER).order_by("pk").first()
            or User.objects.filter(is_superuser=True).order_by("pk").first())
    available = modules.measures()
    for number, slug, title, description, commitments in AXES:
        axis = Axis.objects.create(number=number, slug=slug, title=title,
                                   description=description)
        for rank, (commitment_title, indicators) in enumerate(commitments, start=1):
            commitment = Commitment.objects.create(axis=axis, number=rank, title=commitment_title)
            for fields in indicators:
                load_indicator(commitment, fields, team, available)


def load_indicator(commitment, fields, team, available) -> None:
    (code, name, unit, direction, baseline, target, source, owner, method, frequency,
     measure, history) = fields
    if baseline is None:  # a computed indicator whose reference is the baseline day's value
        baseline = Decimal(available[measure].compute(BASELINE_ON) or 0).quantize(
            Decimal("0.01"))
    target = target(baseline) if callable(target) else target
    indicator = Indicator.objects.create(
        commitment=commitment, code=code, name=name, unit=unit, direction=direction,
        baseline=baseline, baseline_on=BASELINE_ON, target=Decimal(target).quantize(
            Decimal("0.01")), target_on=TARGET_ON, source=source, owner_service=owner,
        method=method, frequency=frequency, measure=measure)
    for day, value in zip(HISTORY_DAYS, history, strict=False):
        if value is not None:
            entered(services.record(indicator, day, Decimal(value), team), day)
    if code == "wifi-social":  # a value corrected afterwards: the history keeps both
        entered(services.record(indicator, HISTORY_DAYS[1], Decimal(22), team,
                                note="Correction : un point d'accès oublié"),
                HISTORY_DAYS[1] + timedelta(days=40))
    if measure and measure in available:
        today = timezone.localdate()
        for day in [*HISTORY_DAYS, today]:
            if day > today:
                continue
            value = available[measure].compute(day)
            if value is not None:
                entered(services.record(indicator, day, Decimal(value).quantize(
                    Decimal("0.01")), None, "computed"), day)


def entered(measurement: Measurement, day: date) -> None:
    """Date the demo's measurement a few days after the day it measures, as it was."""
    moment = timezone.make_aware(datetime.combine(day + timedelta(days=9), time(10)))
    Measurement.objects.filter(pk=measurement.pk).update(
        recorded_at=min(moment, timezone.now()))
