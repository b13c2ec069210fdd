"""Open311 GeoReport v2: what a standard client does (list services, post a request, read it
back), in JSON and XML, and the specification's errors."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parvis.core.services.tokens import create_token
from parvis.reports.models import Category, CategoryAttribute, InternalNote, Report, Status
from parvis.reports.services import Submission, change_status, submit_report

pytestmark = pytest.mark.django_db

API = "/open311/v2"
BORDEAUX = ("44.8405", "-0.5750")
CONTACT = {"email": "jeanne.martin@example.org", "first_name": "Jeanne",
           "last_name": "Martinez-Duval", "phone": "0611223344", "device_id": "device-7781",
           "account_id": "compte-5512"}


@pytest.fixture
def api_key(make_user):
    _token, key = create_token(make_user(), "Application mobile", scopes=("open311:write",))
    return key


@pytest.fixture
def size_question(routing):
    pothole = Category.objects.get(slug="voirie-nid-de-poule")
    return CategoryAttribute.objects.create(
        category=pothole, code="taille", description="Quelle taille ?", required=True,
        datatype=CategoryAttribute.Datatype.SINGLE,
        values=[{"key": "petit", "name": "Petit"}, {"key": "grand", "name": "Grand"}],
    )


def post(client, api_key, **fields):
    data = {"api_key": api_key, "service_code": "voirie", "lat": BORDEAUX[0],
            "long": BORDEAUX[1], "description": "Un trou profond\ndevant le numéro 12."}
    data.update(fields)
    return client.post(f"{API}/requests.json", {k: v for k, v in data.items() if v is not None})


def xml(response):
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(response.content)  # noqa: S314 - our own output


def assert_error(response, status, fragment=""):
    assert response.status_code == status, response.content
    [error] = response.json()
    assert error["code"] == status and fragment in error["description"]


def report_at(days_ago, slug="voirie", **fields):
    report = submit_report(Submission(
        category=Category.objects.get(slug=slug), title="Panneau tordu", description="Tordu.",
        latitude=44.8405, longitude=-0.5750, **fields))
    Report.objects.filter(pk=report.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago))
    return report


def test_discovery_lists_the_endpoint_and_its_formats(client, routing):
    body = client.get(f"{API}/discovery.json").json()
    [endpoint] = body["endpoints"]
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert set(endpoint["formats"]) == {"application/json", "text/xml"}
    assert body["changeset"] and body["contact"]
    root = xml(client.get(f"{API}/discovery.xml"))
    assert [f.text for f in root.iter("format")] == ["application/json", "text/xml"]


def test_services_are_the_active_categories_in_json_and_xml(client, size_question):
    Category.objects.filter(slug="eau-avaloir").update(is_active=False)
    services = client.get(f"{API}/services.json").json()
    by_code = {service["service_code"]: service for service in services}
    assert len(services) == Category.objects.filter(is_active=True).count()
    assert "eau-avaloir" not in by_code
    assert by_code["voirie-nid-de-poule"] == {
        "service_code": "voirie-nid-de-poule", "service_name": "Nid-de-poule",
        "description": "", "metadata": True, "type": "realtime", "keywords": "",
        "group": "Voirie",
    }
    assert by_code["voirie"]["metadata"] is False and by_code["voirie"]["group"] == "Voirie"

    root = xml(client.get(f"{API}/services.xml"))
    assert root.tag == "services"
    codes = [service.findtext("service_code") for service in root.findall("service")]
    assert codes == [service["service_code"] for service in services]
    pothole = root.findall("service")[codes.index("voirie-nid-de-poule")]
    assert pothole.findtext("metadata") == "true" and pothole.findtext("group") == "Voirie"


def test_format_is_negotiated_when_the_path_has_no_extension(client, routing):
    assert client.get(f"{API}/services").json()[0]["service_code"] == "voirie"
    assert xml(client.get(f"{API}/services", HTTP_ACCEPT="text/xml")).tag == "services"
    assert_error(client.get(f"{API}/services.csv"), 404)


def test_service_definition_lists_the_questions(client, size_question):
    body = client.get(f"{API}/services/voirie-nid-de-poule.json").json()
    assert body == {"service_code": "voirie-nid-de-poule", "attributes": [{
        "variable": True, "code": "taille", "datatype": "singlevaluelist", "required": True,
        "datatype_description": "choix unique", "order": 1, "description": "Quelle taille ?",
        "values": [{"key": "petit", "name": "Petit"}, {"key": "grand", "name": "Grand"}],
    }]}
    root = xml(client.get(f"{API}/services/voirie-nid-de-poule.xml"))
    [attribute] = root.find("attributes").findall("attribute")
    assert attribute.findtext("required") == "true"
    assert [value.findtext("key") for value in attribute.iter("value")] == ["petit", "grand"]
    assert_error(client.get(f"{API}/services/inconnu.json"), 404, "inconnu")
    missing = client.get(f"{API}/services/inconnu.xml")
    assert missing.status_code == 404
    assert xml(missing).find("error").findtext("code") == "404"


def test_a_client_posts_a_request_and_reads_it_back(client, api_key, size_question, mailoutbox):
    response = post(client, api_key, service_code="voirie-nid-de-poule",
                    **{"attribute[taille]": "grand"}, **CONTACT)
    assert response.status_code == 200, response.content
    [created] = response.json()
    code = created["service_request_id"]
    assert created["account_id"] is None
    assert created["service_notice"] == "Transmis au service : Voirie de Bordeaux."
    report = Report.objects.get(tracking_code=code)
    assert report.source == Report.Source.OPEN311
    assert report.attributes == {"taille": "grand"}
    assert (report.contact_email, report.contact_name) == (CONTACT["email"],
                                                          "Jeanne Martinez-Duval")
    assert report.title == "Un trou profond" and report.commune.name == "Bordeaux"
    assert mailoutbox[0].to == [CONTACT["email"]]  # the reporter's private follow-up link

    [read] = client.get(f"{API}/requests/{code}.json").json()
    assert read["service_request_id"] == code and read["status"] == "open"
    assert read["service_code"] == "voirie-nid-de-poule"
    assert read["agency_responsible"] == "Voirie de Bordeaux"
    assert read["description"] == "Un trou profond\ndevant le numéro 12."
    assert (read["lat"], read["long"]) == (44.84, -0.575)  # the public point, to about 100 m
    assert read["address"] == "Bordeaux" and read["media_url"] is None
    root = xml(client.get(f"{API}/requests/{code}.xml"))
    assert root.find("request").findtext("service_request_id") == code
    assert client.get(f"{API}/tokens/{code}.json").json() == [
        {"service_request_id": code, "token": code}]
    assert_error(client.get(f"{API}/tokens/ZZZZZZZZ.json"), 404)
    assert_error(client.get(f"{API}/requests/ZZZZZZZZ.json"), 404)

    outputs = b"".join(
        client.get(f"{API}/{path}").content
        for path in [f"requests/{code}.json", f"requests/{code}.xml", "requests.json",
                     "requests.xml", f"tokens/{code}.xml", "services.json"]
    ).decode()
    assert code in outputs
    for value in CONTACT.values():
        assert value not in outputs


def test_photo_is_uploaded_and_media_url_kept_for_agents_only(client, api_key, routing,
                                                             photo_bytes):
    media = SimpleUploadedFile("trou.jpg", photo_bytes, content_type="image/jpeg")
    response = post(client, api_key, media=media,
                    media_url="https://photos.example.org/trou-12.jpg")
    code = response.json()[0]["service_request_id"]
    [read] = client.get(f"{API}/requests/{code}.json").json()
    report = Report.objects.get(tracking_code=code)
    assert report.photo and read["media_url"] == f"http://testserver{report.photo.url}"
    note = InternalNote.objects.get(report=report)
    assert "https://photos.example.org/trou-12.jpg" in note.text
    assert "photos.example.org" not in client.get(f"{API}/requests.json").content.decode()
    not_a_photo = SimpleUploadedFile("trou.jpg", b"not an image", content_type="image/jpeg")
    assert_error(post(client, api_key, media=not_a_photo), 400, "image")


def test_without_a_point_the_commune_comes_from_the_address(client, api_key, routing):
    def commune_of(**fields):
        response = post(client, api_key, lat=None, long=None, **fields)
        code = response.json()[0]["service_request_id"]
        return Report.objects.get(tracking_code=code).commune.name

    assert commune_of(address_string="12 avenue de Pessac, Talence") == "Talence"
    assert commune_of(address_string="3 rue X, VILLENAVE D'ORNON") == "Villenave-d'Ornon"
    assert commune_of(address_string="Place de la Victoire", address_id="33063") == "Bordeaux"
    assert_error(post(client, api_key, lat=None, long=None, address_string="Rue inconnue"),
                 400, "address_id")
    assert_error(post(client, api_key, lat=None, long=None), 400, "lat et long")


def test_a_key_without_the_write_scope_cannot_post(client, make_user, routing):
    """Regression: a plain citizen's token posted Open311 requests without limit."""
    _token, citizen_key = create_token(make_user(), "Mon script")  # read scope only
    assert_error(post(client, citizen_key), 403, "open311:write")
    assert not Report.objects.exists()


def test_an_expired_key_cannot_post(client, make_user, routing):
    token, key = create_token(make_user(), "Ancienne application", scopes=("open311:write",))
    type(token).objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert_error(post(client, key), 403, "expiré")


def test_a_key_is_held_to_its_hourly_rate(client, make_user, routing):
    _token, key = create_token(make_user(), "Application mobile", scopes=("open311:write",),
                               requests_per_hour=2)
    assert [post(client, key).status_code for _ in range(2)] == [200, 200]
    assert_error(post(client, key), 429, "Trop de demandes")
    assert Report.objects.count() == 2


def test_post_errors_follow_the_specification(client, api_key, size_question):
    assert_error(post(client, None), 403, "api_key")
    assert_error(post(client, "pvs_wrong"), 403, "api_key")
    assert_error(post(client, api_key, service_code=None), 400, "service_code")
    assert_error(post(client, api_key, service_code="inconnu"), 404, "inconnu")
    for latitude in ["abc", "nan", "inf", "91"]:
        assert_error(post(client, api_key, lat=latitude), 400, "lat")
    assert_error(post(client, api_key, long=None), 400, "lat et long")
    assert_error(post(client, api_key, lat="48.8566", long="2.3522"), 400, "territoire")
    pothole = {"service_code": "voirie-nid-de-poule"}
    assert_error(post(client, api_key, **pothole), 400, "attribute[taille]")
    assert_error(post(client, api_key, **pothole, **{"attribute[taille]": "moyen"}), 400,
                 "petit")
    assert_error(post(client, api_key, email="pas-une-adresse"), 400, "email")
    assert_error(post(client, api_key, description="x" * 4001), 400, "description")
    assert_error(post(client, api_key, media_url="javascript:alert(1)"), 400, "media_url")
    refused = client.post(f"{API}/requests.xml", {"service_code": "voirie"})
    assert refused.status_code == 403
    assert xml(refused).find("error").findtext("code") == "403"
    assert not Report.objects.exists()


def test_request_list_window_filters_and_status_notes(client, routing, make_user):
    recent = report_at(10)
    old = report_at(100)
    other = report_at(5, slug="eau")
    change_status(other, make_user(), Status.RESOLVED, message="Fuite réparée.")

    def codes(**params):
        response = client.get(f"{API}/requests.json", params)
        assert response.status_code == 200, response.content
        return [item["service_request_id"] for item in response.json()]

    assert codes() == [other.tracking_code, recent.tracking_code]  # last 90 days, newest first
    start = (timezone.now() - timedelta(days=120)).isoformat()
    end = (timezone.now() - timedelta(days=50)).isoformat()
    assert codes(start_date=start, end_date=end) == [old.tracking_code]
    assert codes(start_date=start) == [old.tracking_code]
    assert codes(status="closed") == [other.tracking_code]
    assert codes(status="open,closed", service_code="voirie") == [recent.tracking_code]
    assert codes(service_request_id=f"{old.tracking_code},{recent.tracking_code}") == [
        recent.tracking_code, old.tracking_code]  # ids override the window
    [closed] = client.get(f"{API}/requests.json", {"status": "closed"}).json()
    assert closed["status"] == "closed" and closed["status_notes"] == "Fuite réparée."
    root = xml(client.get(f"{API}/requests.xml", {"status": "closed"}))
    assert root.find("request").findtext("status_notes") == "Fuite réparée."

    assert_error(client.get(f"{API}/requests.json", {"start_date": "hier"}), 400, "start_date")
    assert_error(client.get(f"{API}/requests.json", {"end_date": "2026-02-30T00:00:00Z"}),
                 400, "end_date")
    assert_error(client.get(f"{API}/requests.json", {"start_date": start,
                                                    "end_date": timezone.now().isoformat()}),
                 400, "90")
    assert_error(client.get(f"{API}/requests.json", {"status": "pending"}), 400, "status")



@pytest.mark.parametrize("dates", [
    {"start_date": "0001-01-01"}, {"end_date": "0001-01-01T00:00:00+14:00"},
    {"end_date": "9999-12-31T23:59:59-12:00"}, {"start_date": "9999-12-31"},
])
def test_dates_out_of_range_are_refused(client, dates):
    [name] = dates
    response = client.get(f"{API}/requests.json", dates)
    assert_error(response, 400, name)
    assert "hors limites" in response.json()[0]["description"]


def test_jurisdiction_id_is_checked_when_given(client, routing, settings):
    settings.OPEN311_JURISDICTION_ID = "bordeaux-metropole.fr"
    ok = client.get(f"{API}/services.json", {"jurisdiction_id": "bordeaux-metropole.fr"})
    assert ok.status_code == 200
    assert client.get(f"{API}/services.json", {"jurisdiction_id": ""}).status_code == 200
    assert_error(client.get(f"{API}/services.json", {"jurisdiction_id": "sfgov.org"}), 404,
                 "sfgov.org")


def test_wrong_methods_and_paths_answer_in_the_error_format(client, routing):
    refused = client.delete(f"{API}/requests.json")
    assert_error(refused, 405, "DELETE")
    assert refused["Allow"] == "GET, POST, HEAD"
    assert_error(client.post(f"{API}/services.json"), 405)
    assert_error(client.get(f"{API}/inconnu/chemin.json"), 404)
    assert xml(client.get(f"{API}/inconnu.xml")).find("error").findtext("code") == "404"


text = st.text(max_size=40)


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(fields=st.fixed_dictionaries({}, optional={
    name: text for name in ["service_code", "lat", "long", "address_string", "address_id",
                            "description", "email", "media_url", "attribute[taille]",
                            "jurisdiction_id"]}),
       params=st.fixed_dictionaries({}, optional={
    name: text for name in ["start_date", "end_date", "status", "service_code",
                            "service_request_id", "jurisdiction_id"]}))
def test_no_input_makes_a_server_error(client, api_key, size_question, fields, params):
    assert post(client, api_key, **fields).status_code in {200, 400, 404}
    assert client.get(f"{API}/requests.xml", params).status_code in {200, 400, 404}
