"""QR codes of the sites, the anonymised CSV export and the consultations API."""

import csv
import io

import pytest
import segno
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from parvis.consultations.models import Answer, QuestionType, ResultsVisibility
from tests.consultations.results_data import (
    add_question,
    add_responses,
    add_site,
    choice_ids,
    make_consultation,
)


@pytest.fixture
def park(consultation):
    return add_site(consultation, "Parc Bordelais", "parc-bordelais")


# QR codes -----------------------------------------------------------------------------------

def qr_url(consultation, site, kind):
    return reverse(f"consultations:qr_{kind}", args=[consultation.slug, site.slug])


def test_svg_qr_code_encodes_the_answering_url_of_the_site(client, manager, consultation,
                                                             park, settings):
    settings.SITE_URL = "https://participer.example.org"
    client.force_login(manager)
    response = client.get(qr_url(consultation, park, "svg"))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml")
    assert b'<svg xmlns="http://www.w3.org/2000/svg"' in response.content
    expected_url = (f"https://participer.example.org/consultations/{consultation.slug}/"
                    "?site=parc-bordelais")
    expected = io.BytesIO()
    segno.make(expected_url, error="m", micro=False).save(
        expected, kind="svg", scale=4, border=4, title=park.name)
    assert response.content == expected.getvalue()


def test_png_qr_code_holds_the_modules_of_the_answering_url(client, manager, consultation,
                                                           park, settings):
    settings.SITE_URL = "https://participer.example.org"
    client.force_login(manager)
    response = client.get(qr_url(consultation, park, "png"))
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content)).convert("L")
    expected = segno.make(f"https://participer.example.org/consultations/{consultation.slug}/"
                          "?site=parc-bordelais", error="m", micro=False).matrix
    scale, border = 10, 4
    assert image.size == ((len(expected) + 2 * border) * scale,) * 2
    read = [
        [image.getpixel(((border + column) * scale + 5, (border + row) * scale + 5)) < 128
         for column in range(len(expected))]
        for row in range(len(expected))
    ]
    assert read == [[bool(module) for module in line] for line in expected]


def test_the_printable_sheet_lists_every_site_for_managers_only(client, make_user, manager,
                                                                 consultation, park):
    add_site(consultation, "Quais", "quais")
    sheet = reverse("consultations:qr_sheet", args=[consultation.slug])
    assert client.get(sheet).status_code == 302
    client.force_login(make_user())
    assert client.get(sheet).status_code == 403
    assert client.get(qr_url(consultation, park, "svg")).status_code == 403
    client.force_login(manager)
    page = client.get(sheet).content.decode()
    assert "Parc Bordelais" in page and "Quais" in page
    assert f"/consultations/{consultation.slug}/?site=quais" in page


# CSV export ---------------------------------------------------------------------------------

@pytest.fixture
def answered(consultation, park, communes):
    choice = add_question(consultation, QuestionType.MULTIPLE, "Besoins", ["Ombre", "Eau"],
                          has_other=True)
    point = add_question(consultation, QuestionType.MAP_POINT, "Où ?")
    text = add_question(consultation, QuestionType.SHORT_TEXT, "Un mot")
    shade, water = choice_ids(choice)
    add_responses(consultation, [
        {choice: {"choices": [shade, water], "other": "Des bancs"},
         point: {"lat": 44.838, "lon": -0.579}, text: "Publié"},
    ], site=park, anonymous=True)
    add_responses(consultation, [{choice: {"choices": [water]}, text: "06 12 34 56 78"}])
    Answer.objects.filter(value="Publié").update(published_at=timezone.now())
    return consultation


def export(client, consultation):
    response = client.get(reverse("consultations:results_csv", args=[consultation.slug]))
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_export_is_anonymised(client, answered):
    header, *rows = export(client, answered)
    assert header == ["numero", "site", "date", "public_sans_compte", "Besoins", "Où ?",
                      "Un mot"]
    today = timezone.localdate().isoformat()
    assert rows == [
        ["1", "Parc Bordelais", today, "oui", "Ombre ; Eau ; Autre", "Bordeaux", "Publié"],
        ["2", "", today, "non", "Eau", "", ""],
    ]
    content = str(rows)
    assert "jeton-" not in content and "06 12 34 56 78" not in content
    assert "Des bancs" not in content


def test_export_cells_are_never_formulas(client, answered):
    Answer.objects.filter(value="Publié").update(value='=HYPERLINK("https://x.example")')
    _header, first, _second = export(client, answered)
    assert first[-1] == "'=HYPERLINK(\"https://x.example\")"  # read as text


def test_export_numbers_are_not_database_ids(client, answered):
    add_responses(answered, [{}], draft=True)
    _header, *rows = export(client, answered)
    assert [row[0] for row in rows] == ["1", "2"]


def test_export_respects_the_results_visibility(client, manager):
    consultation = make_consultation(visibility=ResultsVisibility.AGENTS_ONLY)
    url = reverse("consultations:results_csv", args=[consultation.slug])
    assert client.get(url).status_code == 403
    client.force_login(manager)
    assert client.get(url).status_code == 200


# API ----------------------------------------------------------------------------------------

def test_api_lists_published_consultations_only(client, consultation):
    hidden = make_consultation(published=False)
    slugs = [item["slug"] for item in client.get("/api/v1/consultations").json()["items"]]
    assert consultation.slug in slugs and hidden.slug not in slugs


def test_api_detail_gives_the_questionnaire_structure(client, answered):
    data = client.get(f"/api/v1/consultations/{answered.slug}").json()
    questions = data["sections"][0]["questions"]
    assert [question["type"] for question in questions] == ["multiple", "map_point",
                                                            "short_text"]
    assert [choice["label"] for choice in questions[0]["choices"]] == ["Ombre", "Eau"]
    assert data["sites"] == [{"slug": "parc-bordelais", "name": "Parc Bordelais"}]
    assert data["results_url"].endswith(f"/consultations/{answered.slug}/resultats/")


def test_api_results_respect_the_visibility(client, manager):
    consultation = make_consultation(visibility=ResultsVisibility.AFTER_CLOSING, closed=False)
    url = f"/api/v1/consultations/{consultation.slug}/results"
    response = client.get(url)
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    client.force_login(manager)
    assert client.get(url).status_code == 200


def test_api_results_unknown_site_or_consultation(client, answered):
    assert client.get(f"/api/v1/consultations/{answered.slug}/results",
                      {"site": "inconnu"}).status_code == 404
    assert client.get("/api/v1/consultations/inconnue/results").status_code == 404


def test_api_results_hold_no_unpublished_text(client, answered):
    data = client.get(f"/api/v1/consultations/{answered.slug}/results").json()
    assert "06 12 34 56 78" not in str(data)
    assert data["questions"][2]["texts"] == ["Publié"]
