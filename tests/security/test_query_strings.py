"""A NUL character in a query string is refused before any view (PostgreSQL stores none in
a text value, so a view filtering on the parameter would fail): 400 in French on the
pages, JSON for the API (422, as it documents invalid requests) and Open311 (400)."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/consultations/", "/idees/", "/signalements/"])
def test_a_nul_in_a_page_query_is_a_clear_400(client, url):
    response = client.get(url, {"site": "place\x00", "page": "1"})
    assert response.status_code == 400
    assert "caractère invalide" in response.content.decode()
    assert client.get(url, {"page": "1"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "status"), [("/api/v1/ideas", 422),
                                             ("/open311/v2/requests.json", 400)])
def test_a_nul_in_an_api_query_is_a_json_error(client, url, status):
    """As each documents an invalid request: 422 for the API, 400 for Open311."""
    response = client.get(url, {"q\x00": "1"})
    assert response.status_code == status
    assert response.json()["code"] == "invalid"
