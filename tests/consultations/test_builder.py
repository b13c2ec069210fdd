"""The consultation builder in the back office, and the preview of a consultation."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.consultations import demo
from parvis.consultations.demo import build
from parvis.consultations.models import Consultation, Question, QuestionType
from parvis.core.models import AuditEntry, Role

DAY = timedelta(days=1)
SECTIONS = [("Première partie", [
    {"type": "single", "label": "Mode", "choices": ["Vélo", "Marche"]},
    {"type": "short_text", "label": "Quartier"},
])]


def make_consultation(process, slug, **fields):
    now = timezone.now()
    consultation = Consultation.objects.create(
        process=process, title=f"Consultation {slug}", slug=slug, opens_at=now - DAY,
        closes_at=now + DAY, **fields)
    build(consultation, SECTIONS)
    return consultation


@pytest.fixture
def cenon_manager(make_staff, communes):
    manager = make_staff(Role.PROCESS_MANAGER, commune=communes["cenon"])
    return manager


@pytest.fixture
def cenon_consultation(communes, make_process):
    return make_consultation(make_process(slug="cenon", communes=[communes["cenon"]]),
                             "velo-cenon")


def question_data(consultation, **fields):
    data = {
        "section": consultation.sections.get().pk, "label": "Nouvelle question",
        "type": "scale", "help_text": "", "order": 5, "settings": json.dumps({"min": 1, "max": 5}),
        "show_if_question": "", "show_if_values": "[]",
        "choices-TOTAL_FORMS": 0, "choices-INITIAL_FORMS": 0,
        "choices-MIN_NUM_FORMS": 0, "choices-MAX_NUM_FORMS": 1000,
    }
    data.update(fields)
    return data


def add_question(client, consultation, **fields):
    return client.post(reverse("admin:consultations_question_add"),
                       question_data(consultation, **fields))


@pytest.mark.django_db
def test_managers_build_only_the_consultations_of_their_processes(client, cenon_manager,
                                                                  cenon_consultation,
                                                                  make_process):
    other = make_consultation(make_process(slug="metropole"), "metropole")
    client.force_login(cenon_manager)
    listing = client.get(reverse("admin:consultations_consultation_changelist")).content.decode()
    assert cenon_consultation.title in listing and other.title not in listing
    assert client.get(reverse("admin:consultations_consultation_change",
                              args=[other.pk])).status_code == 302
    page = client.get(reverse("admin:consultations_consultation_change",
                              args=[cenon_consultation.pk])).content.decode()
    assert "Voir le formulaire comme le public" in page and "Première partie" in page


@pytest.mark.django_db
def test_a_valid_question_is_saved_with_an_audit_entry(client, cenon_manager,
                                                       cenon_consultation):
    client.force_login(cenon_manager)
    page = add_question(client, cenon_consultation)
    assert page.status_code == 302
    question = Question.objects.get(label="Nouvelle question")
    assert question.settings == {"min": 1, "max": 5}
    assert AuditEntry.objects.filter(action="consultation.question_created",
                                     actor=cenon_manager).exists()


@pytest.mark.parametrize("fields, error", [
    ({"settings": json.dumps({"min": 5, "max": 1})},
     "Le minimum doit être inférieur ou égal au maximum."),
    ({"settings": "{}"}, "Indiquez le minimum et le maximum"),
    ({"type": "matrix", "settings": json.dumps({"min": 1, "max": 3, "rows": []})},
     "Une grille demande une liste de lignes non vides"),
    ({"type": "number", "settings": json.dumps({"min": 10, "max": 0})},
     "Le minimum doit être inférieur ou égal au maximum."),
    ({"type": "multiple", "settings": json.dumps({"min_choices": 3, "max_choices": 1})},
     "Le nombre minimal de choix doit être inférieur"),
    ({"type": "single", "settings": "{}"}, "au moins deux choix de réponse"),
])
@pytest.mark.django_db
def test_question_settings_are_checked(client, cenon_manager, cenon_consultation, fields,
                                       error):
    client.force_login(cenon_manager)
    page = add_question(client, cenon_consultation, **fields)
    assert page.status_code == 200 and error in page.content.decode()
    assert not Question.objects.filter(label="Nouvelle question").exists()


@pytest.mark.django_db
def test_choices_make_a_choice_question_valid(client, cenon_manager, cenon_consultation):
    client.force_login(cenon_manager)
    page = add_question(client, cenon_consultation, type="ranking", settings="{}", **{
        "choices-TOTAL_FORMS": 2, "choices-0-label": "Arceaux", "choices-0-order": 0,
        "choices-1-label": "Pistes", "choices-1-order": 1})
    assert page.status_code == 302
    question = Question.objects.get(label="Nouvelle question")
    assert [choice.label for choice in question.choices.all()] == ["Arceaux", "Pistes"]


@pytest.mark.django_db
def test_a_condition_refers_to_an_earlier_question(client, cenon_manager,
                                                   cenon_consultation):
    client.force_login(cenon_manager)
    mode, quartier = cenon_consultation.sections.get().questions.order_by("order")
    page = client.post(reverse("admin:consultations_question_change", args=[mode.pk]),
                       question_data(cenon_consultation, label="Mode", type="single",
                                     settings="{}", order=0, show_if_question=quartier.pk,
                                     show_if_values='["Cenon"]'))
    assert "placée avant celle-ci" in page.content.decode()
    page = add_question(client, cenon_consultation, show_if_question=mode.pk,
                        show_if_values='["Vélo"]')
    assert page.status_code == 302
    assert Question.objects.get(label="Nouvelle question").show_if_question == mode


@pytest.mark.django_db
def test_preview_for_managers_only(client, cenon_manager, cenon_consultation, make_user):
    preview = reverse("consultations:answer", args=[cenon_consultation.slug]) + "?apercu=1"
    assert client.get(preview).status_code == 404  # unpublished
    client.force_login(cenon_manager)
    page = client.get(preview).content.decode()
    assert "Aperçu réservé aux gestionnaires" in page and "Quartier" in page
    assert "Envoyer mes réponses" not in page


@pytest.mark.django_db
def test_citizens_have_no_builder(client, make_user):
    client.force_login(make_user(is_staff=True))
    assert client.get(reverse("admin:consultations_question_changelist")).status_code == 403


@pytest.mark.django_db
def test_demo_consultations_are_valid(communes):
    demo.load()
    demo.load()  # idempotent
    bike = Consultation.objects.get(slug="questionnaire-plan-velo")
    questions = Question.objects.filter(section__consultation=bike)
    assert {question.type for question in questions} == set(QuestionType.values)
    for question in Question.objects.all():
        question.full_clean()
    heat = Consultation.objects.get(slug="ilots-de-fraicheur")
    assert heat.is_closed() and heat.sites.count() == 11 and heat.responses.count() == 200
