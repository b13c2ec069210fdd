"""Demo consultations: the "Plan vélo" questionnaire (every question type), an open
questionnaire of the "Pionniers" panel, and the closed "Îlots de fraîcheur" survey run on
11 sites with about 200 responses."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from parvis.consultations.models import (
    Answer,
    Audience,
    Choice,
    Consultation,
    Question,
    Response,
    ResultsVisibility,
    Section,
    Site,
)
from parvis.processes.models import Process

DAY = timedelta(days=1)

BIKE_SECTIONS = [
    ("Vos déplacements", [
        {"type": "single", "label": "Comment vous déplacez-vous le plus souvent ?",
         "required": True, "has_other": True,
         "choices": ["Vélo", "Marche", "Transports en commun", "Voiture"]},
        {"type": "number", "label": "Combien de kilomètres faites-vous à vélo par semaine ?",
         "settings": {"min": 0, "max": 1000}, "show_if": (0, ["Vélo"])},
        {"type": "multiple", "label": "Qu'est-ce qui vous freine pour circuler à vélo ?",
         "choices": ["Le manque de pistes", "La circulation automobile",
                     "Le manque de stationnement", "Les côtes"],
         "settings": {"max_choices": 3}, "has_other": True},
        {"type": "yes_no", "label": "Avez-vous un endroit sûr pour garer un vélo chez vous ?"},
    ]),
    ("Les aménagements", [
        {"type": "ranking", "label": "Classez ces aménagements par priorité",
         "choices": ["Pistes séparées", "Arceaux", "Zones 30", "Consignes sécurisées"]},
        {"type": "scale", "label": "Vous sentez-vous en sécurité à vélo sur la rive droite ?",
         "settings": {"min": 1, "max": 5, "min_label": "pas du tout",
                      "max_label": "tout à fait"}},
        {"type": "matrix", "label": "Comment jugez-vous ces trajets ?",
         "settings": {"min": 1, "max": 4, "min_label": "dangereux", "max_label": "agréable",
                      "rows": ["Quais de la Garonne", "Avenue Thiers", "Pont de pierre"]}},
        {"type": "map_point", "label": "Où manque-t-il le plus une piste cyclable ?",
         "help_text": "Un point sur la rive droite."},
    ]),
    ("Pour finir", [
        {"type": "date", "label": "Quand aimeriez-vous participer à une balade à vélo ?"},
        {"type": "short_text", "label": "Votre quartier"},
        {"type": "long_text", "label": "Une idée, une remarque ?"},
    ]),
]

PANEL_SECTIONS = [
    ("Votre avis", [
        {"type": "scale", "label": "Les outils de participation sont-ils faciles à utiliser ?",
         "required": True, "settings": {"min": 1, "max": 5, "min_label": "très difficiles",
                                         "max_label": "très faciles"}},
        {"type": "single", "label": "Quel service utilisez-vous le plus ?", "has_other": True,
         "choices": ["L'agenda", "La boîte à idées", "Les signalements"]},
        {"type": "long_text", "label": "Que faudrait-il améliorer ?"},
    ]),
]

HEAT_SITES = [
    ("Place de la Victoire", 44.8309, -0.5728), ("Jardin public", 44.8487, -0.5771),
    ("Parc des Angéliques", 44.8452, -0.5617), ("Place Pey-Berland", 44.8378, -0.5779),
    ("Miroir d'eau", 44.8414, -0.5695), ("Parc Bordelais", 44.8524, -0.6022),
    ("Place Gambetta", 44.8412, -0.5806), ("Jardin botanique de la Bastide", 44.8418, -0.5593),
    ("Cours de l'Intendance", 44.8418, -0.5760), ("Parc Rivière", 44.8572, -0.5852),
    ("Place Saint-Michel", 44.8347, -0.5652),
]
HEAT_SECTIONS = [
    ("Votre ressenti", [
        {"type": "scale", "label": "Quelle chaleur ressentez-vous ici ?", "required": True,
         "settings": {"min": 1, "max": 5, "min_label": "fraîcheur agréable",
                      "max_label": "chaleur insupportable"}},
        {"type": "yes_no", "label": "Trouvez-vous facilement de l'ombre ?", "required": True},
        {"type": "multiple", "label": "Qu'est-ce qui vous rafraîchirait ici ?",
         "choices": ["Des arbres", "Des fontaines", "Des bancs à l'ombre", "Des brumisateurs"],
         "has_other": True},
        {"type": "single", "label": "À quel moment venez-vous ?",
         "choices": ["Le matin", "L'après-midi", "Le soir"]},
        {"type": "short_text", "label": "Un mot sur ce lieu ?"},
    ]),
]
HEAT_REMARKS = [
    "Trop minéral, aucun arbre.", "Agréable près de l'eau.", "Il manque des bancs.",
    "Les fontaines sont souvent en panne.", "Très bien le matin.",
]


def _question(section, order, data, questions):
    question = Question.objects.create(
        section=section, order=order, type=data["type"], label=data["label"],
        help_text=data.get("help_text", ""), required=data.get("required", False),
        settings=data.get("settings", {}), has_other=data.get("has_other", False),
    )
    for index, label in enumerate(data.get("choices", [])):
        Choice.objects.create(question=question, label=label, order=index)
    if "show_if" in data:
        source, values = data["show_if"]
        question.show_if_question = questions[source]
        question.show_if_values = values
        question.save()
    return question


def build(consultation, sections) -> list[Question]:
    questions = []
    for section_order, (title, items) in enumerate(sections):
        section = Section.objects.create(consultation=consultation, title=title,
                                         order=section_order)
        for data in items:
            questions.append(_question(section, len(questions), data, questions))
    return questions


def _consultation(process_slug, sections, **fields):
    if Consultation.objects.filter(slug=fields["slug"]).exists():
        return None, []
    process = Process.objects.filter(slug=process_slug).first()
    consultation = Consultation.objects.create(process=process, is_published=True, **fields)
    return consultation, build(consultation, sections)


def _heat_value(question, rng):
    choices = [choice.pk for choice in question.choices.all()]
    match question.type:
        case "scale":
            return rng.choice([2, 3, 3, 4, 4, 4, 5, 5])
        case "yes_no":
            return rng.random() < 0.4
        case "multiple":
            return {"choices": sorted(rng.sample(choices, rng.randint(1, 2)))}
        case "single":
            return {"choice": rng.choice(choices)}
        case _:
            return rng.choice(HEAT_REMARKS) if rng.random() < 0.3 else None


def _heat_responses(consultation, questions, count=200):
    rng = random.Random(2026)
    sites = list(consultation.sites.all())
    start = consultation.opens_at
    responses = Response.objects.bulk_create(
        Response(consultation=consultation, site=rng.choice(sites),
                 device_token=f"demo-{index}", is_anonymous_audience=True,
                 created_at=start + index * DAY / 4, updated_at=start + index * DAY / 4,
                 submitted_at=start + index * DAY / 4)
        for index in range(count)
    )
    answers = [
        Answer(response=response, question=question, value=value)
        for response in responses
        for question in questions
        if (value := _heat_value(question, rng)) is not None
    ]
    Answer.objects.bulk_create(answers)


@transaction.atomic
def load():
    now = timezone.now()
    bike = Process.objects.filter(slug="plan-velo-de-la-rive-droite").first()
    bike_phase = bike.phases.order_by("starts_at").first() if bike else None
    _consultation(
        "plan-velo-de-la-rive-droite", BIKE_SECTIONS, slug="questionnaire-plan-velo",
        title="Questionnaire du plan vélo de la rive droite",
        description="Dix questions pour préparer les aménagements cyclables de 2027.",
        opens_at=bike_phase.starts_at if bike_phase else now + 15 * DAY,
        closes_at=bike_phase.ends_at if bike_phase else now + 60 * DAY,
        audience=Audience.SIGNED_IN, allow_changes=True,
    )
    _consultation(
        "pionniers-de-la-participation", PANEL_SECTIONS, slug="avis-des-pionniers",
        title="Les outils de participation : votre avis",
        description="Trois questions sur les services que vous testez.",
        opens_at=now - 10 * DAY, closes_at=now + 60 * DAY, audience=Audience.ANYONE,
        results_visibility=ResultsVisibility.LIVE,
    )
    heat, questions = _consultation(
        "ilots-de-fraicheur-a-bordeaux", HEAT_SECTIONS, slug="ilots-de-fraicheur",
        title="Îlots de fraîcheur à Bordeaux",
        description="Comment ressentez-vous la chaleur dans ces 11 lieux de Bordeaux ?",
        opens_at=now - 150 * DAY, closes_at=now - 90 * DAY, audience=Audience.ANYONE,
    )
    if heat is not None:
        for name, latitude, longitude in HEAT_SITES:
            Site.objects.create(consultation=heat, name=name, slug=slugify(name),
                                latitude=latitude, longitude=longitude)
        _heat_responses(heat, questions)
