import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from hypothesis import given, settings
from hypothesis import strategies as st

from parvis.consultations import answers, services
from parvis.consultations.demo import build
from parvis.consultations.models import Audience, Consultation, Response, ResultsVisibility
from parvis.core.models import AuditEntry, Role, VerificationLevel
from parvis.core.services import personal_data
from parvis.core.services.accounts import delete_account
from parvis.processes.models import Phase, Process
from tests.race import race

DAY = timedelta(days=1)
_counter = itertools.count()

EVERY_TYPE = [
    ("Vous", [
        {"type": "single", "label": "Mode", "required": True, "has_other": True,
         "choices": ["Vélo", "Marche"]},
        {"type": "number", "label": "Kilomètres", "settings": {"min": 0, "max": 100},
         "required": True, "show_if": (0, ["Vélo"])},
        {"type": "multiple", "label": "Freins", "choices": ["Pistes", "Voitures", "Côtes"],
         "settings": {"max_choices": 2}},
        {"type": "yes_no", "label": "Garage"},
        {"type": "ranking", "label": "Priorités", "choices": ["Pistes", "Arceaux", "Zones 30"]},
        {"type": "scale", "label": "Sécurité", "settings": {
            "min": 1, "max": 5, "min_label": "pas du tout", "max_label": "tout à fait"}},
    ]),
    ("Suite", [
        {"type": "matrix", "label": "Trajets", "required": True,
         "settings": {"min": 1, "max": 3, "rows": ["Quais", "Pont"]}},
        {"type": "map_point", "label": "Point"},
        {"type": "date", "label": "Balade"},
        {"type": "short_text", "label": "Quartier"},
        {"type": "long_text", "label": "Remarque"},
    ]),
]


@pytest.fixture
def make_consultation(db):
    def make(sections=EVERY_TYPE, process=None, **fields):
        number = next(_counter)
        now = timezone.now()
        fields = {"opens_at": now - DAY, "closes_at": now + DAY, "is_published": True,
                  "audience": Audience.ANYONE, **fields}
        consultation = Consultation.objects.create(
            title=f"Consultation {number}", slug=f"consultation-{number}", process=process,
            **fields)
        build(consultation, sections)
        return consultation

    return make


@pytest.fixture
def consultation(make_consultation):
    return make_consultation()


def qs(consultation):
    return {q.label: q for q in services.questions_of(consultation)}


def choice(question, label):
    return str(question.choices.get(label=label).pk)


def url(consultation, query=""):
    return reverse("consultations:answer", args=[consultation.slug]) + query


def valid_post(consultation):
    q = qs(consultation)
    return {
        f"q{q['Mode'].pk}": choice(q["Mode"], "Vélo"),
        f"q{q['Kilomètres'].pk}": "12,5",
        f"q{q['Freins'].pk}": [choice(q["Freins"], "Pistes"), choice(q["Freins"], "Côtes")],
        f"q{q['Garage'].pk}": "no",
        f"q{q['Priorités'].pk}_{choice(q['Priorités'], 'Arceaux')}": "1",
        f"q{q['Priorités'].pk}_{choice(q['Priorités'], 'Pistes')}": "2",
        f"q{q['Sécurité'].pk}": "4",
        f"q{q['Trajets'].pk}_r0": "1",
        f"q{q['Trajets'].pk}_r1": "3",
        f"q{q['Point'].pk}_lat": "44,85",
        f"q{q['Point'].pk}_lon": "-0.55",
        f"q{q['Balade'].pk}": "2026-06-21",
        f"q{q['Quartier'].pk}": " La Bastide ",
        f"q{q['Remarque'].pk}": "",
    }


def stored(response):
    return {answer.question.label: answer.value for answer in response.answers.all()}


@pytest.mark.django_db
def test_every_question_type_is_stored(client, consultation):
    page = client.post(url(consultation, "?site=nope"), valid_post(consultation), follow=True)
    assert "Merci, votre réponse est enregistrée." in page.content.decode()
    response = Response.objects.get(consultation=consultation)
    q = qs(consultation)
    assert response.is_anonymous_audience and response.submitted_at and not response.is_draft
    assert stored(response) == {
        "Mode": {"choice": int(choice(q["Mode"], "Vélo"))},
        "Kilomètres": 12.5,
        "Freins": {"choices": [int(choice(q["Freins"], "Pistes")),
                               int(choice(q["Freins"], "Côtes"))]},
        "Garage": False,
        "Priorités": [int(choice(q["Priorités"], "Arceaux")),
                      int(choice(q["Priorités"], "Pistes"))],
        "Sécurité": 4,
        "Trajets": [1, 3],
        "Point": {"lat": 44.85, "lon": -0.55},
        "Balade": "2026-06-21",
        "Quartier": "La Bastide",
    }


@pytest.mark.django_db
def test_the_form_is_accessible_markup(client, consultation):
    page = client.get(url(consultation)).content.decode()
    assert "<legend>Sécurité" in page and "pas du tout" in page
    assert '<th scope="row" id="q' in page and 'class="visually-hidden">Quais : 1</label>' in page
    assert "Précisez votre réponse « autre »" in page
    assert 'type="date"' in page and 'max="100"' in page
    assert "Répondez seulement si vous avez répondu « Vélo » à la question « Mode »." in page


@pytest.mark.parametrize("field, raw, error", [
    ("Kilomètres", "beaucoup", "Saisissez un nombre"),
    ("Kilomètres", "101", "inférieur ou égal à 100"),
    ("Sécurité", "9", "Choisissez une valeur de 1 à 5."),
    ("Balade", "21/06/2026", "Saisissez une date valide"),
    ("Point", "95", "Indiquez une latitude"),
    ("Garage", "peut-être", "Répondez par oui ou par non."),
    ("Quartier", "x" * 301, "dépasse 300 caractères"),
])
@pytest.mark.django_db
def test_invalid_answers_get_a_french_error_and_nothing_typed_is_lost(
        client, consultation, field, raw, error):
    data = valid_post(consultation)
    name = f"q{qs(consultation)[field].pk}" + ("_lat" if field == "Point" else "")
    data[name] = raw
    page = client.post(url(consultation), data)
    html = page.content.decode()
    assert page.status_code == 200 and error in html
    assert "Vos autres réponses sont conservées" in html
    assert 'value="2" selected' in html and 'value="3" checked' in html
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_choice_errors(client, consultation):
    q = qs(consultation)
    data = valid_post(consultation)
    data[f"q{q['Freins'].pk}"] = [choice(q["Freins"], label) for label in ("Pistes", "Voitures",
                                                                          "Côtes")]
    data[f"q{q['Mode'].pk}"] = "other"
    data[f"q{q['Priorités'].pk}_{choice(q['Priorités'], 'Pistes')}"] = "1"
    html = client.post(url(consultation), data).content.decode()
    assert "Choisissez au plus 2 réponses." in html
    assert "Précisez votre réponse « autre »." in html
    assert "Donnez un rang différent à chaque réponse classée." in html


@pytest.mark.django_db
def test_required_answers_and_incomplete_matrix(client, consultation):
    q = qs(consultation)
    data = valid_post(consultation)
    del data[f"q{q['Mode'].pk}"], data[f"q{q['Trajets'].pk}_r1"]
    html = client.post(url(consultation), data).content.decode()
    assert html.count("Cette question est obligatoire.") == 2
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_a_question_whose_condition_is_not_met_is_ignored(client, consultation):
    q = qs(consultation)
    data = valid_post(consultation)
    data[f"q{q['Mode'].pk}"] = choice(q["Mode"], "Marche")
    data[f"q{q['Kilomètres'].pk}"] = "pas un nombre"  # hidden: neither checked nor stored
    client.post(url(consultation), data)
    assert "Kilomètres" not in stored(Response.objects.get())
    data[f"q{q['Mode'].pk}"] = choice(q["Mode"], "Vélo")
    del data[f"q{q['Kilomètres'].pk}"]
    client.cookies.clear()
    html = client.post(url(consultation), data).content.decode()
    assert "Cette question est obligatoire." in html  # shown now: required again


@pytest.mark.django_db
def test_a_closed_consultation_says_so_and_takes_nothing(client, make_consultation):
    closed = make_consultation(opens_at=timezone.now() - 3 * DAY,
                               closes_at=timezone.now() - DAY)
    page = client.get(url(closed)).content.decode()
    assert "La consultation a fermé le" in page
    assert "<form method=\"post\" class" not in page
    client.post(url(closed), valid_post(closed))
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_an_unpublished_consultation_is_not_found(client, make_consultation):
    assert client.get(url(make_consultation(is_published=False))).status_code == 404


@pytest.mark.django_db
def test_phase_gating_of_the_process(client, make_consultation):
    process = Process.objects.create(title="Démarche", slug="demarche", summary="R",
                                     description="D", is_published=True)
    phase = Phase.objects.create(process=process, title="Phase", starts_at=timezone.now() - DAY,
                                 ends_at=timezone.now() + DAY, actions=["comment"])
    gated = make_consultation(process=process)
    page = client.get(url(gated)).content.decode()
    assert "Les réponses ne sont pas ouvertes dans cette démarche." in page
    phase.actions = ["answer"]
    phase.save()
    client.post(url(gated), valid_post(gated))
    assert Response.objects.filter(consultation=gated).count() == 1


@pytest.mark.django_db
def test_audiences(client, make_consultation, make_user):
    signed_in = make_consultation(audience=Audience.SIGNED_IN)
    verified = make_consultation(audience=Audience.VERIFIED,
                                 required_level=VerificationLevel.IN_PERSON)
    panel = make_consultation(audience=Audience.PANEL)
    assert "Connectez-vous pour répondre" in client.get(url(signed_in)).content.decode()
    client.post(url(signed_in), valid_post(signed_in))
    assert not Response.objects.exists()
    client.force_login(make_user(verification_level=VerificationLevel.EMAIL))
    assert "Envoyer mes réponses" in client.get(url(signed_in)).content.decode()
    assert "demande le niveau de vérification" in client.get(url(verified)).content.decode()
    assert "réservée à un panel qui n&#x27;est pas encore choisi" in client.get(
        url(panel)).content.decode()
    client.force_login(make_user(verification_level=VerificationLevel.IDENTITY))
    client.post(url(verified), valid_post(verified))
    response = Response.objects.get(consultation=verified)
    assert response.respondent is not None and not response.is_anonymous_audience


@pytest.mark.django_db
def test_a_panel_consultation_without_its_panel_is_answered_by_nobody(
        client, make_consultation, make_staff, make_service):
    panel = make_consultation(audience=Audience.PANEL)
    agent = make_staff(Role.AGENT, service=make_service())
    client.force_login(agent)
    client.post(url(panel), valid_post(panel))
    assert not Response.objects.filter(consultation=panel).exists()


@pytest.mark.django_db
def test_one_response_per_person_and_changes(client, make_consultation, make_user):
    once = make_consultation(audience=Audience.SIGNED_IN)
    changeable = make_consultation(audience=Audience.SIGNED_IN, allow_changes=True)
    person = make_user()
    client.force_login(person)
    client.post(url(once), valid_post(once))
    page = client.post(url(once), valid_post(once), follow=True).content.decode()
    assert "Vous avez déjà répondu à cette consultation" in page
    assert Response.objects.filter(consultation=once).count() == 1

    data = valid_post(changeable)
    client.post(url(changeable), data)
    first = Response.objects.get(consultation=changeable)
    data[f"q{qs(changeable)['Sécurité'].pk}"] = "2"
    page = client.get(url(changeable, "?modifier=1")).content.decode()
    assert "Vous pouvez modifier vos réponses" in page
    assert 'value="4" data-token="4" checked' in page
    client.post(url(changeable), data)
    changed = Response.objects.get(consultation=changeable)
    assert changed.pk == first.pk and stored(changed)["Sécurité"] == 2
    assert AuditEntry.objects.filter(action="consultation.response_changed", actor=person,
                                     target_id=str(changeable.pk)).exists()


@pytest.mark.django_db
def test_drafts_are_saved_and_resumed(client, make_consultation, make_user):
    consultation = make_consultation(audience=Audience.SIGNED_IN)
    client.force_login(make_user())
    q = qs(consultation)
    client.post(url(consultation), {f"q{q['Quartier'].pk}": "Cenon", "draft": ""})
    draft = Response.objects.get()
    assert draft.is_draft and draft.submitted_at is None
    page = client.get(url(consultation)).content.decode()
    assert "Votre brouillon est repris" in page and 'value="Cenon"' in page
    client.post(url(consultation), valid_post(consultation))
    sent = Response.objects.get()
    assert sent.pk == draft.pk and not sent.is_draft and sent.submitted_at


@pytest.mark.django_db
def test_anonymous_device_token_and_rate_limit(client, consultation, settings):
    settings.CONSULTATIONS_ANONYMOUS_PER_HOUR = 2
    page = client.post(url(consultation), valid_post(consultation))
    cookie = page.cookies["parvis_consultation_device"]
    assert cookie["httponly"] and Response.objects.get().device_token
    again = client.post(url(consultation), valid_post(consultation), follow=True)
    assert "Vous avez déjà répondu" in again.content.decode()
    client.cookies.clear()
    client.post(url(consultation), valid_post(consultation))
    client.cookies.clear()
    limited = client.post(url(consultation), valid_post(consultation))
    assert limited.status_code == 429 and "réessayez dans une heure" in limited.content.decode()
    assert Response.objects.count() == 2


@pytest.mark.django_db
def test_a_site_tags_the_response(client, consultation):
    site = consultation.sites.create(name="Place de la Victoire", slug="victoire")
    page = client.get(url(consultation, "?site=victoire")).content.decode()
    assert "Vous répondez depuis le site « Place de la Victoire »." in page
    client.post(url(consultation, "?site=victoire"), valid_post(consultation))
    assert Response.objects.get().site == site


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_by_one_person_store_one(concurrent_database,  # noqa: F811
                                                        make_consultation, make_user):
    consultation = make_consultation(audience=Audience.SIGNED_IN)
    person = make_user()
    values = {qs(consultation)["Quartier"].pk: "Lormont"}
    results = race(lambda _number: services.save_response(consultation, person, values), 4)
    outcomes = ["refused" if isinstance(result, services.AlreadyAnswered) else
                "failed" if isinstance(result, Exception) else "stored" for result in results]
    assert sorted(outcomes) == ["refused"] * 3 + ["stored"]
    assert Response.objects.filter(consultation=consultation).count() == 1


@pytest.mark.django_db
def test_personal_data_and_account_deletion(client, make_consultation, make_user):
    consultation = make_consultation(audience=Audience.SIGNED_IN)
    person = make_user()
    client.force_login(person)
    client.post(url(consultation), valid_post(consultation))
    section = personal_data.export(person)["sections"]["consultations"]
    assert section[0]["consultation"] == consultation.title
    delete_account(person)
    response = Response.objects.get()
    assert response.respondent is None and stored(response)["Quartier"] == "La Bastide"


@pytest.mark.django_db
def test_the_list_shows_open_upcoming_and_closed_consultations(client, make_consultation):
    now = timezone.now()
    shown = make_consultation()
    coming = make_consultation(opens_at=now + DAY, closes_at=now + 3 * DAY)
    closed = make_consultation(opens_at=now - 3 * DAY, closes_at=now - DAY)
    secret = make_consultation(opens_at=now - 3 * DAY, closes_at=now - DAY,
                               results_visibility=ResultsVisibility.AGENTS_ONLY)
    draft = make_consultation(is_published=False)
    page = client.get(reverse("consultations:list")).content.decode()
    opened, _sep, rest = page.partition("À venir</h2>")
    upcoming, _sep, before = rest.partition("Closes</h2>")
    assert shown.title in opened and coming.title not in opened
    assert coming.title in upcoming and closed.title not in upcoming
    assert closed.title in before and secret.title in before and draft.title not in page
    assert reverse("consultations:results", args=[closed.slug]) in before
    assert reverse("consultations:results", args=[secret.slug]) not in page
    alone = client.get(reverse("consultations:list"), {"etat": "closes"}).content.decode()
    assert closed.title in alone and shown.title not in alone and "À venir</h2>" not in alone


@pytest.mark.django_db
def test_after_answering_i_read_my_answers_change_them_and_reach_the_results(
        client, make_consultation, make_user):
    consultation = make_consultation(audience=Audience.SIGNED_IN, allow_changes=True,
                                     results_visibility=ResultsVisibility.LIVE)
    client.force_login(make_user())
    client.post(url(consultation), valid_post(consultation))
    page = client.get(url(consultation)).content.decode()
    mine = page.split("Vos réponses</h2>", 1)[1]
    for label, text in [("Mode", "Vélo"), ("Kilomètres", "12.5"), ("Freins", "Pistes, Côtes"),
                        ("Garage", "Non"), ("Priorités", "1. Arceaux, 2. Pistes"),
                        ("Sécurité", "4 sur 5"), ("Trajets", "Quais : 1 ; Pont : 3"),
                        ("Point", "44.85000, -0.55000"), ("Quartier", "La Bastide")]:
        assert f"<dt>{label}</dt><dd>{text}</dd>" in mine
    assert 'class="consultation-form"' not in page  # the summary, not the form
    assert "?modifier=1" in page
    assert reverse("consultations:results", args=[consultation.slug]) in page  # live results
    form = client.get(url(consultation, "?modifier=1")).content.decode()
    assert 'class="consultation-form"' in form
    once = make_consultation(audience=Audience.SIGNED_IN,
                             results_visibility=ResultsVisibility.AFTER_CLOSING)
    client.post(url(once), valid_post(once))
    page = client.get(url(once)).content.decode()
    assert "Vos réponses</h2>" in page and "?modifier=1" not in page
    assert 'class="consultation-form"' not in client.get(url(once, "?modifier=1")).content.decode()
    assert reverse("consultations:results", args=[once.slug]) not in page


# The answer parsers, on arbitrary data and on valid values.

SPECS = [
    answers.QuestionSpec(1, "single", choices={10: "A", 11: "B"}, has_other=True),
    answers.QuestionSpec(2, "multiple", {"min_choices": 1, "max_choices": 2},
                         {10: "A", 11: "B", 12: "C"}, has_other=True),
    answers.QuestionSpec(3, "ranking", choices={10: "A", 11: "B", 12: "C"}),
    answers.QuestionSpec(4, "scale", {"min": -2, "max": 2}),
    answers.QuestionSpec(5, "yes_no"),
    answers.QuestionSpec(6, "short_text"),
    answers.QuestionSpec(7, "long_text"),
    answers.QuestionSpec(8, "number", {"min": -1000, "max": 1000}),
    answers.QuestionSpec(9, "date"),
    answers.QuestionSpec(10, "matrix", {"min": 1, "max": 3, "rows": ["x", "y"]}),
    answers.QuestionSpec(11, "map_point"),
]
NAMES = ["q{}", "q{}_other", "q{}_10", "q{}_11", "q{}_12", "q{}_r0", "q{}_r1", "q{}_lat",
         "q{}_lon"]


@settings(max_examples=300)
@given(spec=st.sampled_from(SPECS), raw=st.lists(st.tuples(
    st.sampled_from(NAMES), st.lists(st.one_of(st.text(max_size=20), st.sampled_from(
        ["1", "2", "10", "11", "other", "yes", "2026-02-30", "nan", "1e400", "-0.5"])),
        max_size=3)), max_size=6))
def test_arbitrary_data_never_crashes(spec, raw):
    data = MultiValueDict({name.format(spec.pk): values for name, values in raw})
    parsed = answers.parse(spec, data)
    assert parsed.error or parsed.value is None or answers.parse(
        spec, MultiValueDict(answers.to_data(spec, parsed.value))).value == parsed.value


def values_for(spec):
    text = st.text(st.characters(blacklist_categories=["Cs", "Cc", "Zs"]), min_size=1,
                   max_size=30)
    ids = list(spec.choices)
    return {
        "single": st.one_of(st.sampled_from(ids).map(lambda pk: {"choice": pk}),
                            text.map(lambda other: {"other": other})),
        "multiple": st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True).map(
            lambda chosen: {"choices": sorted(chosen)}),
        "ranking": st.permutations(ids).flatmap(
            lambda order: st.integers(1, len(order)).map(lambda n: list(order[:n]))),
        "scale": st.integers(-2, 2),
        "yes_no": st.booleans(),
        "short_text": text,
        "long_text": text,
        "number": st.one_of(st.integers(-1000, 1000),
                            st.floats(-1000, 1000).filter(lambda x: not x.is_integer())),
        "date": st.dates().map(lambda day: day.isoformat()).filter(lambda d: len(d) == 10),
        "matrix": st.lists(st.one_of(st.none(), st.integers(1, 3)), min_size=2,
                           max_size=2).filter(lambda rows: any(r is not None for r in rows)),
        "map_point": st.builds(lambda lat, lon: {"lat": lat, "lon": lon},
                               st.floats(-90, 90), st.floats(-180, 180)),
    }[spec.type]


@settings(max_examples=300)
@given(data=st.data())
def test_valid_values_round_trip(data):
    spec = data.draw(st.sampled_from(SPECS))
    value = data.draw(values_for(spec))
    assert answers.parse(spec, MultiValueDict(answers.to_data(spec, value))) == answers.Parsed(
        value)
