"""One public location policy for reports: every public output gives the same point, to about
100 m, and never the reporter, so that no output joins the open-data rows to a person; the
reporter's follow-up page and the agents keep the exact point."""

import pytest
from django.urls import reverse

from parvis.reports.models import Category
from parvis.reports.services import Submission, submit_report

pytestmark = pytest.mark.django_db

EXACT = (44.84567, -0.57891)
PUBLIC = (44.846, -0.579)


@pytest.fixture
def report(routing, make_user):
    reporter = make_user(pseudonym="VoisineDuQuai", first_name="Jeanne", last_name="Quai",
                         show_real_name=True)
    return submit_report(Submission(category=Category.objects.get(slug="voirie"), title="Trou",
                                    description="Profond", latitude=EXACT[0],
                                    longitude=EXACT[1]), reporter=reporter)


def public_outputs(client, report) -> dict[str, str]:
    code = report.tracking_code
    urls = {
        "page": report.get_absolute_url(),
        "list": reverse("reports:list"),
        "map": reverse("reports:map_data"),
        "api list": "/api/v1/reports",
        "api detail": f"/api/v1/reports/{code}",
        "open311 list": "/open311/v2/requests.json",
        "open311 detail": f"/open311/v2/requests/{code}.json",
        "open data csv": reverse("reports:export_csv"),
        "open data geojson": reverse("reports:export_geojson"),
    }
    outputs = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        content = response.getvalue() if response.streaming else response.content
        outputs[name] = content.decode()
    return outputs


def test_every_public_output_gives_the_point_to_100_m_and_no_author(client, report):
    outputs = public_outputs(client, report)
    for name, text in outputs.items():
        for private in ("VoisineDuQuai", "Jeanne", "44.84567", "-0.57891", "44.8457"):
            assert private not in text, (name, private)
    for name in ("api detail", "open311 detail", "map", "open data geojson", "open data csv"):
        assert "44.846" in outputs[name] and "-0.579" in outputs[name], name
    api = client.get(f"/api/v1/reports/{report.tracking_code}").json()
    assert (api["latitude"], api["longitude"]) == PUBLIC and "author" not in api


def test_the_reporter_and_the_agents_keep_the_exact_point(report):
    report.refresh_from_db()
    assert (report.latitude, report.longitude) == EXACT
    assert (report.public_latitude, report.public_longitude) == PUBLIC
